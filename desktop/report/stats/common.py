"""What the registers' statistics share: names of units and items, working days spent with paused spans taken
out, the summaries of per-record values (mean, median, maximum), and the satisfied levels of the chosen form."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from desktop.db.models import ServiceItem, Unit
from desktop.domain import vocab
from desktop.domain.workdays import CalendarMissing, as_date
from desktop.report.stats.engine import Ctx
from desktop.report.stats.settings import SATISFIED_NARROW

NO_UNIT = "（未指定单位）"


def unit_names(keys: list[Any]) -> dict[Any, str]:
    ids = [k for k in keys if k is not None]
    names = dict(Unit.select(Unit.id, Unit.name).where(Unit.id.in_(ids)).tuples()) if ids else {}
    return {k: names.get(k, NO_UNIT) if k is not None else NO_UNIT for k in keys}


def item_names(keys: list[Any]) -> dict[Any, str]:
    ids = [k for k in keys if k is not None]
    names = dict(ServiceItem.select(ServiceItem.id, ServiceItem.name).where(ServiceItem.id.in_(ids)).tuples())
    return {k: names.get(k, "（未指定事项）") for k in keys}


def plain(keys: list[Any]) -> dict[Any, str]:
    return {k: "（未填）" if k in (None, "") else str(k) for k in keys}


def satisfied_levels(ctx: Ctx) -> tuple[str, ...]:
    """The levels 满意率 counts: 非常满意 + 满意 (+ 基本满意 in the wide form, the default)."""
    return vocab.SATISFIED[:2] if ctx.settings.满意率口径 == SATISFIED_NARROW else vocab.SATISFIED


def to_date(value: Any) -> date | None:
    """A date from the database: a date, a date-time, or (SQLite's DATE() of a date-time) an ISO string."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return as_date(value) if isinstance(value, datetime | date) else None


def workdays_spent(ctx: Ctx, start: Any, end: Any, pauses: tuple[tuple[Any, Any], ...] = ()) -> int | None:
    """Working days after `start` up to `end` (a case concluded on its 受理 day took 0), less the working days of
    the closed paused spans inside them (a span counted once where two overlap). None without a calendar."""
    first, last = to_date(start), to_date(end)
    if first is None or last is None:
        return None
    try:
        spent = ctx.calendar.workdays_in(first, last)
        covered = first
        for s, e in sorted((to_date(s), to_date(e)) for s, e in pauses if s and e):
            s = max(s, covered)
            e = min(e, last)
            if e > s:
                spent -= ctx.calendar.workdays_in(s, e)
                covered = e
        return max(spent, 0)
    except CalendarMissing:
        return None


def mean(values: list[tuple[Any, int]]) -> float | None:
    n = sum(w for _, w in values)
    return None if n == 0 else sum(v * w for v, w in values) / n


def median(values: list[tuple[Any, int]]) -> float | None:
    n = sum(w for _, w in values)
    if n == 0:
        return None
    ordered = sorted(values)

    def nth(i: int) -> float:
        for v, w in ordered:
            if i < w:
                return v
            i -= w
        raise IndexError(i)

    return nth(n // 2) if n % 2 else (nth(n // 2 - 1) + nth(n // 2)) / 2


def maximum(values: list[tuple[Any, int]]) -> float | None:
    return max((v for v, _ in values), default=None)
