"""The annual report of a year as the office keeps it: narrative drafts, supplementary figures, checks,
定稿 (a frozen snapshot of every figure) and audited reopening — shared by the command line and the GUI."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from desktop.db import audit, write_transaction
from desktop.db.models import AnnualReport, ReportSupplement
from desktop.domain import vocab
from desktop.domain.errors import DomainError
from desktop.registers import Actor, NotAllowed
from desktop.registers.disclosure import DISCLOSURE_REGISTER
from desktop.report import checks as report_checks
from desktop.report import pdf
from desktop.report.figures import T3_KEYS, compute_figures
from desktop.report.labels import FORMAT_2021, FORMAT_LEGACY, FORMATS
from desktop.report.narrative import Narrative
from desktop.report.templates import SUPPLEMENTARY, default_narrative

DRAFT, FINAL = "草稿", "定稿"
FORMAT_ALIASES = {"2021": FORMAT_2021, "legacy": FORMAT_LEGACY, FORMAT_2021: FORMAT_2021, FORMAT_LEGACY: FORMAT_LEGACY}


def fmt_of(name: str) -> str:
    try:
        return FORMAT_ALIASES[name]
    except KeyError:
        raise DomainError(f"未知的报告格式“{name}”（可选：2021、legacy）") from None


# -- JSON with exact decimals (a snapshot must print exactly what was frozen) ---------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    raise TypeError(type(value))


def _decode(obj: dict[str, Any]) -> Any:
    return Decimal(obj["$decimal"]) if set(obj) == {"$decimal"} else obj


def dumps(figures: dict[str, Any]) -> str:
    return json.dumps(figures, ensure_ascii=False, default=_encode)


def loads(text: str) -> dict[str, Any]:
    return json.loads(text, object_hook=_decode)


# -- the record ----------------------------------------------------------------------------------------------


@dataclass
class YearReport:
    year: int
    fmt: str
    narrative: Narrative
    status: str = DRAFT
    frozen_at: datetime | None = None
    frozen_by: str = ""
    version: int = 0  # 0: never saved
    supplements: dict[str, str] = field(default_factory=dict)

    @property
    def final(self) -> bool:
        return self.status == FINAL


def load(year: int, fmt: str = FORMAT_2021) -> YearReport:
    """The stored report of a year and format, or a new draft with the default narrative."""
    fmt = fmt_of(fmt)
    row = AnnualReport.get_or_none((AnnualReport.year == year) & (AnnualReport.fmt == fmt))
    supplements = supplements_of(year)
    if row is None or not row.narrative:
        return YearReport(year, fmt, default_narrative(fmt), supplements=supplements, version=row.version if row else 0)
    return YearReport(
        year,
        fmt,
        Narrative.from_json(row.narrative),
        row.status,
        row.frozen_at,
        row.frozen_by,
        row.version,
        supplements,
    )


def supplements_of(year: int) -> dict[str, str]:
    return {s.name: s.value for s in ReportSupplement.select().where(ReportSupplement.year == year)}


def may_edit(actor: Actor) -> bool:
    """Who writes, saves and freezes (定稿) annual reports: the 公开办 and administrators."""
    return actor.is_admin or actor.role == vocab.ROLE_OFFICE


def may_reopen(actor: Actor) -> bool:
    """Who takes a 定稿 report back to 草稿: administrators."""
    return actor.is_admin


def _may_edit(actor: Actor) -> None:
    if not may_edit(actor):
        raise NotAllowed("只有公开办或管理员可以编辑年度报告")


def _row(year: int, fmt: str) -> AnnualReport:
    row, _ = AnnualReport.get_or_create(year=year, fmt=fmt)
    return row


def save_draft(year: int, fmt: str, narrative: Narrative, actor: Actor, expected_version: int | None = None) -> int:
    """Store the narrative; refused once the report is 定稿. Returns the new version."""
    _may_edit(actor)
    fmt = fmt_of(fmt)
    with write_transaction():
        row = _row(year, fmt)
        if row.status == FINAL:
            raise DomainError(f"{year}年度报告（{fmt}）已定稿，修改前需由管理员重新打开")
        if expected_version is not None and row.narrative and row.version != expected_version:
            raise DomainError(f"该报告已被{row.updated_by}修改，请重新打开后再编辑")
        text = narrative.to_json()
        if text == row.narrative:
            return row.version
        row.narrative, row.updated_at, row.updated_by = text, datetime.now().replace(microsecond=0), actor.username
        row.version += 1
        row.save()
        audit.append(
            "修改",
            "report",
            actor.username,
            record_label=f"{year}年度报告（{fmt}）",
            changes={"narrative": ("报告正文", None, f"第{row.version}版")},
        )
        return row.version


def set_supplement(year: int, name: str, value: str | int | None, actor: Actor) -> None:
    """A figure no register holds (e.g. 网站访问量); None removes it. Frozen reports keep their snapshot."""
    _may_edit(actor)
    if name not in SUPPLEMENTARY:
        raise DomainError(f"“{name}”不是可手工填写的补充数据（可填：{'、'.join(SUPPLEMENTARY)}）")
    text = "" if value is None else str(value).strip()
    if text and not text.replace(".", "", 1).isdigit():
        raise DomainError(f"补充数据“{name}”应为数字", name)
    with write_transaction():
        old = ReportSupplement.get_or_none((ReportSupplement.year == year) & (ReportSupplement.name == name))
        ReportSupplement.delete().where((ReportSupplement.year == year) & (ReportSupplement.name == name)).execute()
        if text:
            ReportSupplement.create(year=year, name=name, value=text)
        audit.append(
            "修改",
            "report",
            actor.username,
            record_label=f"{year}年度补充数据",
            changes={name: (name, old.value if old else None, text or None)},
        )


def live_figures(year: int) -> dict[str, Any]:
    """Figures computed now from the registers, with the year's supplementary figures."""
    figures = compute_figures(year)
    for name, value in supplements_of(year).items():
        figures[name] = int(value) if value.isdigit() else Decimal(value)
    return figures


def figures_for(report: YearReport) -> dict[str, Any]:
    """The frozen snapshot of a 定稿 report, the live figures of a draft."""
    if report.final:
        row = AnnualReport.get((AnnualReport.year == report.year) & (AnnualReport.fmt == report.fmt))
        return loads(row.snapshot)
    return live_figures(report.year)


def previous_carried_out(year: int) -> list[int] | None:
    """结转下年度 of last year's frozen report (either format), to compare with this year's 上年结转."""
    row = (
        AnnualReport.select()
        .where((AnnualReport.year == year - 1) & (AnnualReport.status == FINAL))
        .order_by(AnnualReport.frozen_at.desc())
        .first()
    )
    if row is None:
        return None
    return loads(row.snapshot)["table3"][T3_KEYS.index("carried_out")]


def overdue_open_requests(today: date, year: int | None = None) -> list[str]:
    """Open requests past their 答复期限 today (the register's definition, as on the home page and in the export);
    with `year`, only those received by the end of that year."""
    register = DISCLOSURE_REGISTER
    model = register.model
    query = register.select().select(model.number).where(register.open_overdue_sql(today))
    if year is not None:
        query = query.where(model.received_date <= date(year, 12, 31))
    return [r[0] for r in query.order_by(model.due_date, model.id).tuples()]


def run_checks(
    report: YearReport, figures: dict[str, Any] | None = None, today: date | None = None
) -> list[report_checks.Check]:
    figures = figures if figures is not None else figures_for(report)
    extra = []
    overdue = overdue_open_requests(today or date.today(), report.year)
    if overdue:
        extra.append(report_checks.overdue_requests_warning(overdue))
    return report_checks.check_report(
        figures, report.narrative, previous_carried_out=previous_carried_out(report.year), extra=extra
    )


def freeze(year: int, fmt: str, actor: Actor) -> list[report_checks.Check]:
    """定稿: refused while any hard error stands; stores every figure so later edits cannot change the report."""
    _may_edit(actor)
    report = load(year, fmt)
    if report.final:
        raise DomainError(f"{year}年度报告（{report.fmt}）已经定稿")
    figures = live_figures(year)
    found = run_checks(report, figures)
    if report_checks.has_errors(found):
        errors = [c.message for c in found if c.level == "error"]
        raise DomainError("报告有错误，不能定稿：" + "；".join(errors[:5]) + ("……" if len(errors) > 5 else ""))
    now = datetime.now().replace(microsecond=0)
    with write_transaction():
        audit.append(
            "定稿",
            "report",
            actor.username,
            record_label=f"{year}年度报告（{report.fmt}）",
            changes={"status": ("状态", DRAFT, FINAL)},
        )
        # The chain head at 定稿 (this very entry) is frozen with the figures and printed on every page: a paper
        # copy anchors the history up to it (`zwgk verify --against N:hash`).
        head = audit.current_head()
        if head is not None:
            figures[pdf.ANCHOR_KEY] = {"id": head.id, "hash": head.hash}
        row = _row(year, report.fmt)
        row.narrative = report.narrative.to_json()
        row.status, row.snapshot, row.frozen_at, row.frozen_by = FINAL, dumps(figures), now, actor.username
        row.updated_at, row.updated_by, row.version = now, actor.username, row.version + 1
        row.save()
    return found


def frozen_anchor(report: YearReport) -> audit.Anchor | None:
    """The chain head stored with a 定稿 report's snapshot (None for a draft or one frozen before anchors)."""
    if not report.final:
        return None
    head = figures_for(report).get(pdf.ANCHOR_KEY)
    return audit.Anchor(head["id"], head["hash"]) if head else None


def reopen(year: int, fmt: str, actor: Actor, reason: str) -> None:
    """Back to 草稿: administrators only, with a reason, audited."""
    if not may_reopen(actor):
        raise NotAllowed("只有管理员可以重新打开已定稿的报告")
    if not reason.strip():
        raise DomainError("重新打开已定稿的报告必须填写原因")
    fmt = fmt_of(fmt)
    with write_transaction():
        row = AnnualReport.get_or_none((AnnualReport.year == year) & (AnnualReport.fmt == fmt))
        if row is None or row.status != FINAL:
            raise DomainError(f"{year}年度报告（{fmt}）尚未定稿")
        row.status, row.version = DRAFT, row.version + 1
        row.updated_at, row.updated_by = datetime.now().replace(microsecond=0), actor.username
        row.save()
        audit.append(
            "重新打开",
            "report",
            actor.username,
            record_label=f"{year}年度报告（{fmt}）",
            changes={"status": ("状态", FINAL, DRAFT), "reason": ("原因", None, reason.strip())},
        )


def build_pdf(year: int, fmt: str, target: str | Path | IO[bytes], invariant: bool = False) -> int:
    """The PDF of the stored (or default) report with its figures; returns the page count."""
    report = load(year, fmt)
    return pdf.build(figures_for(report), report.narrative, target, fmt=report.fmt, invariant=invariant)


__all__ = [
    "FORMATS",
    "YearReport",
    "load",
    "save_draft",
    "set_supplement",
    "live_figures",
    "figures_for",
    "run_checks",
    "freeze",
    "frozen_anchor",
    "reopen",
    "build_pdf",
    "fmt_of",
]
