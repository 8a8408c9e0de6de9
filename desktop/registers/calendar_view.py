"""What the 节假日安排 page shows, without Qt: month grids, how each day is marked, loaded years, neighbour names."""

from __future__ import annotations

import calendar as pycal
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from desktop.domain.workdays import DAY_OFF_KIND, WEEKDAY_NAMES, WORKDAY_KIND, WorkCalendar, format_date

WEEKS_SHOWN = 6  # every month grid has six rows, so that the twelve grids of a year line up
WEEKDAY_HEADERS = ("一", "二", "三", "四", "五", "六", "日")
WEEKEND = "周末"
ORDINARY = ""
# How far a new day off looks for a listed neighbour to borrow its festival name (a holiday spans at most ~8 days).
NEIGHBOUR_REACH = 7


class DayMark(NamedTuple):
    """How one day is shown: `kind` is 休, 班, 周末 or "" (an ordinary working day); `name` the festival."""

    kind: str
    name: str


def month_matrix(year: int, month: int) -> list[list[date | None]]:
    """Six weeks of seven days, Monday first; days outside the month are None."""
    weeks = pycal.Calendar(firstweekday=0).monthdatescalendar(year, month)
    rows = [[d if d.month == month else None for d in week] for week in weeks]
    while len(rows) < WEEKS_SHOWN:
        rows.append([None] * 7)
    return rows


def day_mark(cal: WorkCalendar, d: date) -> DayMark:
    """The listed arrangement of `d` if any, else weekend or ordinary (works for years not loaded too)."""
    entry = cal.listed_day(d)
    if entry is not None:
        return DayMark(entry.kind, entry.name)
    return DayMark(WEEKEND if d.weekday() >= 5 else ORDINARY, "")


def day_tooltip(cal: WorkCalendar, d: date) -> str:
    """`2015年10月1日（星期四）` and a second line saying what the day is."""
    mark = day_mark(cal, d)
    what = {
        DAY_OFF_KIND: f"{mark.name or '节假日'} 放假（休）",
        WORKDAY_KIND: f"{mark.name + ' ' if mark.name else ''}调休上班（班）",
        WEEKEND: "周末休息",
        ORDINARY: "工作日",
    }[mark.kind]
    return f"{format_date(d, weekday=True)}\n{what}"


def menu_title(cal: WorkCalendar, d: date) -> str:
    """One line naming the day, for the head of the day's menu."""
    return day_tooltip(cal, d).replace("\n", "　")


def neighbour_name(cal: WorkCalendar, d: date, reach: int = NEIGHBOUR_REACH) -> str:
    """The festival name of the nearest listed day (the day before first), to prefill a new day off; else ""."""
    own = cal.listed_day(d)
    if own is not None and own.name:
        return own.name
    for step in range(1, reach + 1):
        for candidate in (d - timedelta(days=step), d + timedelta(days=step)):
            entry = cal.listed_day(candidate)
            if entry is not None and entry.name:
                return entry.name
    return ""


def year_spans(years: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive runs of years: {2004, 2005, 2006, 2009} -> [(2004, 2006), (2009, 2009)]."""
    spans: list[tuple[int, int]] = []
    for y in sorted(set(years)):
        if spans and y == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], y)
        else:
            spans.append((y, y))
    return spans


def loaded_years_text(years: Iterable[int]) -> str:
    """`已载入2004–2026年`, with gaps as `已载入2004–2010、2012年`."""
    spans = year_spans(years)
    if not spans:
        return "尚未载入任何年份的节假日安排"
    return "已载入" + "、".join(f"{a}–{b}" if a != b else f"{a}" for a, b in spans) + "年"


def missing_years_warning(years: Iterable[int], today: date, can_import: bool = True) -> str:
    """A warning when this year or next year has no arrangement loaded (deadlines there will be refused); else ""."""
    loaded = set(years)
    missing = [y for y in (today.year, today.year + 1) if y not in loaded]
    if not missing:
        return ""
    listed = "、".join(f"{y}年" for y in missing)
    action = "请用“导入日历文件…”载入整年安排" if can_import else "请联系管理员导入"
    return (
        f"尚未载入{listed}的节假日安排：期限落在{listed}的办件将无法计算。"
        f"国务院办公厅通常在每年11–12月公布下一年的安排，公布后{action}。"
    )


def selectable_years(years: Iterable[int], today: date) -> list[int]:
    """The years offered by the year selector: those loaded, plus this year and next (to be filled in)."""
    return sorted(set(years) | {today.year, today.year + 1})


def default_year(years: Iterable[int], today: date) -> int:
    """This year when loaded, else the latest loaded year, else this year."""
    loaded = set(years)
    if today.year in loaded or not loaded:
        return today.year
    return max(loaded)


def year_summary(cal: WorkCalendar, year: int) -> list[str]:
    """One line per festival of `year`, e.g. `国庆节：休 10月1日–7日（7天）；班 10月10日（星期六）`."""
    groups: dict[str, dict[bool, list[date]]] = {}
    for entry in cal.entries():
        if entry.date.year == year:
            groups.setdefault(entry.name or "（未命名）", {}).setdefault(entry.is_workday, []).append(entry.date)
    lines = []
    # In the order of the notice: by the first day off (a make-up day may come weeks before its holiday).
    for name, kinds in sorted(groups.items(), key=lambda item: min(item[1].get(False) or item[1][True])):
        parts = []
        if False in kinds:
            runs = _day_runs(cal, kinds[False])
            total = sum((b - a).days + 1 for a, b in runs)
            parts.append(f"休 {_runs_text(runs)}（{total}天）")
        if True in kinds:
            parts.append(
                "班 " + "、".join(f"{d.month}月{d.day}日（{WEEKDAY_NAMES[d.weekday()]}）" for d in kinds[True])
            )
        lines.append(f"{name}：" + "；".join(parts))
    return lines


def _day_runs(cal: WorkCalendar, days: list[date]) -> list[tuple[date, date]]:
    """Consecutive days off as (first, last); an unlisted weekend inside a holiday joins it, as in the notices."""
    runs: list[tuple[date, date]] = []
    for d in sorted(days):
        if runs and _only_plain_weekends_between(cal, runs[-1][1], d):
            runs[-1] = (runs[-1][0], d)
        else:
            runs.append((d, d))
    return runs


def _only_plain_weekends_between(cal: WorkCalendar, first: date, last: date) -> bool:
    gap = [first + timedelta(days=i) for i in range(1, (last - first).days)]
    return all(g.weekday() >= 5 and cal.listed_day(g) is None for g in gap)


def _runs_text(runs: list[tuple[date, date]]) -> str:
    """`10月1日–7日`, `12月31日–1月2日`, `2月7日、2月9日`."""
    texts = []
    for a, b in runs:
        if a == b:
            texts.append(f"{a.month}月{a.day}日")
        elif a.month == b.month:
            texts.append(f"{a.month}月{a.day}日–{b.day}日")
        else:
            texts.append(f"{a.month}月{a.day}日–{b.month}月{b.day}日")
    return "、".join(texts)
