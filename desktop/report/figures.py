"""Every named figure of a year and the three official tables, computed from the registers by SQL aggregates —
one computation for the command line, the GUI and the PDF. The window, rating, hotline and fee figures are the
year's totals of the periodic statistics (`report.stats`): one definition of each count for both."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import peewee as pw

from desktop.db.models import (
    AppealCase,
    Contact,
    DisclosureRequest,
    EnforcementFigure,
    NormativeDocument,
    ProactiveItem,
    ServiceItem,
    Unit,
    WebColumn,
    WindowCase,
)
from desktop.domain import vocab
from desktop.domain.money import from_fen, yuan_to_wanyuan_text
from desktop.domain.outcomes import OUTCOMES
from desktop.registers.calendar import current_calendar
from desktop.report.stats.disclosure import DISCLOSURE_STATS
from desktop.report.stats.engine import Ctx, raw_counts
from desktop.report.stats.hotline import HOTLINE_STATS
from desktop.report.stats.period import Span
from desktop.report.stats.settings import load_settings
from desktop.report.stats.window import RATING_STATS, WINDOW_STATS

T3_KEYS = ("new", "carried_in", *(o.key for o in OUTCOMES), "r7_total", "carried_out")
_OUTCOME_ROW = {o.choice: o.key for o in OUTCOMES}
_MINSHENG = ("保障性住房", "食品药品安全", "征地拆迁")


class Period(Span):
    """A calendar year: the annual report's period."""

    def __init__(self, year: int):
        super().__init__(date(year, 1, 1), date(year, 12, 31))

    @property
    def year(self) -> int:
        return self.first.year


def _ctx() -> Ctx:
    return Ctx(load_settings(), current_calendar())


def _live(model: type[pw.Model]) -> pw.Expression:
    return model.voided == False  # noqa: E712


def _count(model: type[pw.Model], *conditions: pw.Expression) -> int:
    query = model.select(pw.fn.COUNT(model.id)).where(_live(model))
    for c in conditions:
        query = query.where(c)
    return int(query.scalar() or 0)


def _sum(column: pw.Field, *conditions: pw.Expression) -> int:
    """SUM of an integer column (money columns hold 分) over non-voided records."""
    model = column.model
    query = model.select(pw.fn.COALESCE(pw.fn.SUM(column), 0)).where(_live(model))
    for c in conditions:
        query = query.where(c)
    return int(query.scalar() or 0)


def percent(part: int, whole: int) -> str:
    if whole == 0:
        return "无"
    value = Decimal(part * 100) / Decimal(whole)
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def wanyuan(yuan: Decimal) -> Decimal:
    """元 → 万元 as an exact Decimal without trailing zeros (printed `4068.208`, `2.02`, `0`)."""
    return Decimal(yuan_to_wanyuan_text(yuan))


# The window counts the figures and table 二 take, per 办件类别 (the covering indexes of migration 2 hold every
# column they read: a year of 100,000 cases is counted from the index alone).
_WINDOW_COUNTS = ("受理数", "办结数", "收费", "网办件数")
_RATING_COUNTS = ("评价数", "满意数", "差评数")
ByCategory = dict[Any, dict[str, int]]


def concluded_in(p: Period) -> ByCategory:
    """The statistics' window counts of the year by 办件类别: 受理数, 办结数, 收费 (分), 网办件数."""
    return raw_counts(WINDOW_STATS, _ctx(), p, _WINDOW_COUNTS, key=WindowCase.category)


def window_figures(p: Period, concluded: ByCategory | None = None) -> dict[str, Any]:
    per_category = concluded_in(p) if concluded is None else concluded

    def total(name: str) -> int:
        return sum(c[name] for c in per_category.values())

    ratings = raw_counts(RATING_STATS, _ctx(), p, _RATING_COUNTS).get(None, dict.fromkeys(_RATING_COUNTS, 0))
    fee_yuan = from_fen(total("收费"))
    window_units = (Unit.kind == "进驻窗口单位") & (Unit.active == True)  # noqa: E712
    entrusted = (Unit.kind == "委托窗口") & (Unit.active == True)  # noqa: E712
    online_items = (ServiceItem.active == True) & (ServiceItem.online == True)  # noqa: E712
    online_units = (
        ServiceItem.select(pw.fn.COUNT(ServiceItem.unit.distinct())).where(_live(ServiceItem) & online_items).scalar()
    )
    return {
        "窗口单位数": _count(Unit, window_units),
        "委托窗口数": _count(Unit, entrusted),
        "窗口工作人员数": _sum(Unit.staff_count, window_units | entrusted),
        "窗口办件数": total("受理数"),
        "审批类办件数": per_category.get("审批类", {}).get("受理数", 0),
        "服务类办件数": per_category.get("服务类", {}).get("受理数", 0),
        "收费类办件数": per_category.get("收费类", {}).get("受理数", 0),
        "窗口办结数": total("办结数"),
        "窗口收费元": fee_yuan,
        "窗口收费万元": wanyuan(fee_yuan),
        "网上办结数": total("网办件数"),
        "评价数": ratings["评价数"],
        "满意率": percent(ratings["满意数"], ratings["评价数"]),
        "差评数": ratings["差评数"],
        "省网上系统部门数": int(online_units or 0),
        "省网上系统事项数": _count(ServiceItem, online_items),
    }


def contact_figures(p: Period) -> dict[str, Any]:
    in_year = p.dates(Contact.date)
    ask = Contact.type == "咨询"
    by_channel = dict(
        Contact.select(Contact.channel, pw.fn.SUM(Contact.count))
        .where(_live(Contact) & in_year & ask)
        .group_by(Contact.channel)
        .tuples()
    )
    return {
        "窗口咨询人次": _sum(Contact.count, in_year, ask, Contact.point == "政务中心窗口"),
        "表扬留言数": _sum(Contact.count, in_year, Contact.type == "表扬"),
        "投诉人次": _sum(Contact.count, in_year, Contact.type == "投诉"),
        "建议人次": _sum(Contact.count, in_year, Contact.type == "建议"),
        "咨询人次": sum(int(v or 0) for v in by_channel.values()),
        "电话咨询人次": int(by_channel.get("电话") or 0),
        "当面咨询人次": int(by_channel.get("当面") or 0),
        "网上咨询人次": int(by_channel.get("网上") or 0),
    }


def hotline_figures(p: Period) -> dict[str, Any]:
    names = ("受理量", "办结量", "转办量", "回访工单数")
    counts = raw_counts(HOTLINE_STATS, _ctx(), p, names).get(None, dict.fromkeys(names, 0))
    return {
        "热线工单数": counts["受理量"],
        "热线月均工单数": round(counts["受理量"] / 12),
        "热线办结数": counts["办结量"],
        "热线转办数": counts["转办量"],
        "热线回访数": counts["回访工单数"],
    }


def proactive_figures(p: Period) -> dict[str, Any]:
    published = p.dates(ProactiveItem.publish_date)
    total = _count(ProactiveItem, published)
    electronic = _count(ProactiveItem, published, ProactiveItem.electronic == True)  # noqa: E712
    active = WebColumn.active == True  # noqa: E712
    return {
        "主动公开条数": total,
        "主动公开电子化率": percent(electronic, total),
        "财政资金公开条数": _count(ProactiveItem, published, ProactiveItem.key_area == "财政资金"),
        "民生领域公开条数": _count(ProactiveItem, published, ProactiveItem.key_area.in_(_MINSHENG)),
        "网站栏目数": _count(WebColumn, active, (WebColumn.parent.is_null()) | (WebColumn.parent == "")),
        "网站子栏目数": _count(WebColumn, active, WebColumn.parent.is_null(False), WebColumn.parent != ""),
    }


def table3(p: Period) -> tuple[list[list[int]], list[str]]:
    """Table 三: 25 rows × 7 columns, and the numbers of concluded requests that have no outcome."""
    rows = {key: [0] * 7 for key in T3_KEYS}
    column = {kind: i for i, kind in enumerate(vocab.REQUESTER_KINDS)}
    before, end = p.first, p.last
    done = DisclosureRequest.status == "已办结"
    fields = (
        DisclosureRequest.number,
        DisclosureRequest.applicant_type,
        DisclosureRequest.received_date,
        DisclosureRequest.reply_date,
        DisclosureRequest.outcome,
        DisclosureRequest.status,
    )
    relevant = (DisclosureRequest.received_date <= end) & (
        ~done | DisclosureRequest.reply_date.is_null() | (DisclosureRequest.reply_date >= before)
    )
    missing: list[str] = []
    for number, kind, received, replied, outcome, status in (
        DisclosureRequest.select(*fields).where(_live(DisclosureRequest) & relevant).tuples().iterator()
    ):
        c = column.get(kind)
        if c is None:
            continue
        concluded = status == "已办结" and replied is not None
        if received >= before:
            rows["new"][c] += 1
        elif not concluded or replied >= before:
            rows["carried_in"][c] += 1
        if concluded and before <= replied <= end:
            key = _OUTCOME_ROW.get(outcome or "")
            if key is None:
                missing.append(number or "")
            else:
                rows[key][c] += 1
        elif not concluded or replied > end:
            rows["carried_out"][c] += 1
    for c in range(6):
        rows["r7_total"][c] = sum(rows[o.key][c] for o in OUTCOMES)
    for values in rows.values():
        values[6] = sum(values[:6])
    return [rows[k] for k in T3_KEYS], missing


def table4(p: Period) -> list[int]:
    """Table 四: per group 结果维持, 结果纠正, 其他结果, 尚未审结, 总计 as of 31 December."""
    cells = [0] * 15
    counted = (AppealCase.filed_date <= p.last) & (
        (AppealCase.filed_date >= p.first) | AppealCase.closed_date.is_null() | (AppealCase.closed_date >= p.first)
    )
    for kind, result, closed in (
        AppealCase.select(AppealCase.case_type, AppealCase.result, AppealCase.closed_date)
        .where(_live(AppealCase) & counted)
        .tuples()
    ):
        group = vocab.APPEAL_KINDS.index(kind)
        if closed is None or closed > p.last or result not in vocab.APPEAL_RESULTS:
            result = "尚未审结"
        cells[group * 5 + vocab.APPEAL_RESULTS.index(result)] += 1
        cells[group * 5 + 4] += 1
    return cells


def table2(
    p: Period, window: dict[str, Any], concluded: ByCategory | None = None
) -> tuple[dict[str, list[Any]], list[str]]:
    """Table 二 and the categories whose figures were entered by hand (they replace the computed default)."""
    out: dict[str, list[Any]] = {}
    for kind in vocab.NORMATIVE_KINDS:
        mine = NormativeDocument.category == kind
        issued = _count(NormativeDocument, mine, p.dates(NormativeDocument.issued_date))
        repealed = _count(NormativeDocument, mine, p.dates(NormativeDocument.repealed_date))
        in_force = _count(
            NormativeDocument,
            mine,
            NormativeDocument.issued_date <= p.last,
            NormativeDocument.repealed_date.is_null() | (NormativeDocument.repealed_date > p.last),
        )
        out[kind] = [issued, repealed, in_force]
    # int(): PostgreSQL sums a bigint column as numeric (Decimal); the column holds whole 分 either way.
    entered = {
        category: int(total)
        for category, total in EnforcementFigure.select(
            EnforcementFigure.category, pw.fn.SUM(EnforcementFigure.quantity)
        )
        .where(_live(EnforcementFigure) & (EnforcementFigure.year == p.year))
        .group_by(EnforcementFigure.category)
        .tuples()
    }
    manual = [k for k in vocab.ENFORCEMENT_KINDS if k in entered]
    licences = from_fen(entered["行政许可"]) if "行政许可" in entered else None
    concluded_approvals = (concluded_in(p) if concluded is None else concluded).get("审批类", {}).get("办结数", 0)
    out["行政许可"] = [int(licences) if licences is not None else concluded_approvals]
    for kind in ("行政处罚", "行政强制"):
        out[kind] = [int(from_fen(entered[kind])) if kind in entered else 0]
    fees = from_fen(entered["行政事业性收费"]) if "行政事业性收费" in entered else window["窗口收费元"]
    out["行政事业性收费"] = [wanyuan(fees)]
    return out, manual


def disclosure_fee_figures(p: Period) -> dict[str, Any]:
    names = ("收费通知件数", "收费通知金额", "实收信息处理费件数", "收费")
    counts = raw_counts(DISCLOSURE_STATS, _ctx(), p, names).get(None, dict.fromkeys(names, 0))
    return {
        "收费通知件数": counts["收费通知件数"],
        "收费通知金额元": from_fen(counts["收费通知金额"]),
        "实收信息处理费件数": counts["实收信息处理费件数"],
        "实收信息处理费元": from_fen(counts["收费"]),
    }


def compute_figures(year: int) -> dict[str, Any]:
    """All figures of a year: named figures plus `table2`, `table3`, `table4` and `手工录入`."""
    p = Period(year)
    figures: dict[str, Any] = {"年度": year}
    concluded = concluded_in(p)  # read once for the window figures and table 二
    window = window_figures(p, concluded)
    figures.update(window)
    figures.update(contact_figures(p))
    figures.update(hotline_figures(p))
    figures.update(proactive_figures(p))
    t3, missing = table3(p)
    t4 = table4(p)
    figures.update(
        {
            "依申请公开申请数": t3[0][6],
            "上年结转申请数": t3[1][6],
            "依申请公开办结数": t3[T3_KEYS.index("r7_total")][6],
            "结转下年度申请数": t3[-1][6],
            "行政复议数": t4[4],
            "行政诉讼数": t4[9] + t4[14],
        }
    )
    figures.update(disclosure_fee_figures(p))
    t2, manual = table2(p, window, concluded)
    figures["table2"], figures["table3"], figures["table4"] = t2, t3, t4
    figures["手工录入"] = manual
    figures["无办理结果的已办结申请"] = missing
    return figures
