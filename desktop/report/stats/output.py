"""What the command line needs around the statistics: the period from its options, a unit's scope, the text
printout, and writing the Excel workbook or the PDF 月度通报 by the file's suffix."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.db.models import Unit
from desktop.domain import vocab
from desktop.domain.errors import DomainError
from desktop.registers.base import Actor
from desktop.report.stats.period import Span, preset
from desktop.report.stats.present import format_value
from desktop.report.stats.service import Statistics


def parse_period(date_from: str | None, date_to: str | None, period: str | None, today: date | None = None) -> Span:
    if period:
        return preset(period, today or date.today())
    if not date_from or not date_to:
        raise DomainError("请用 --from 和 --to 指定统计期间（YYYY-MM-DD），或用 --period 选择本月、上月、本季度、本年")
    try:
        return Span(date.fromisoformat(date_from), date.fromisoformat(date_to))
    except ValueError as exc:
        raise DomainError(f"日期格式应为 YYYY-MM-DD：{exc}") from exc


def apply_settings(pairs: list[str]) -> None:
    """`--set 满意率口径=窄口径 --set 差评整改工作日=10`: store the settings before computing."""
    from desktop.report.stats.settings import save_settings

    changes: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise DomainError(f"设置应写成 名称=值：{pair}")
        changes[key.strip()] = int(value) if value.strip().isdigit() else value.strip()
    save_settings(**changes)


def scope_of_unit(name: str) -> Actor:
    """`--unit`: the statistics a 窗口人员 of that unit sees (the same scoping, below the UI)."""
    unit = Unit.get_or_none(Unit.name == name)
    if unit is None:
        raise DomainError(f"没有名为“{name}”的单位")
    return Actor(f"单位:{name}", vocab.ROLE_WINDOW, unit.id)


def text_lines(stats: Statistics) -> list[str]:
    lines = [f"统计期间：{stats.span.label}（{stats.span.first:%Y-%m-%d}至{stats.span.last:%Y-%m-%d}）"]
    for section, result in stats.results.items():
        lines.append(f"【{section}】")
        lines += [f"  {name}：{format_value(name, value)}" for name, value in result.total.items()]
    if stats.checks:
        bad = [c for c in stats.checks if not c["一致"]]
        lines.append("与表三核对：" + ("全部一致" if not bad else "不一致：" + "；".join(c["项目"] for c in bad)))
    return lines


def write_output(stats: Statistics, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from desktop.report.stats_excel import write_workbook

        write_workbook(stats, path)
    elif suffix == ".pdf":
        from desktop.report.bulletin_pdf import write_bulletin

        write_bulletin(stats, path)
    else:
        raise DomainError("输出文件应以 .xlsx 或 .pdf 结尾")
