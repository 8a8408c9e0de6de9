"""The holiday calendar kept in the database (节假日安排): the WorkCalendar of the registers, and its edits."""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date

import peewee as pw

from desktop.db import audit, database_proxy, write_transaction
from desktop.db.models import CalendarYear, Holiday
from desktop.db.portable import upsert
from desktop.domain.workdays import WorkCalendar
from desktop.registers.base import Actor, NotAllowed

# The calendar is read on every deadline computation (thousands per import): it is cached, and the tables'
# fingerprint is looked at again only after a few seconds, so that an edit on another PC is seen soon.
_RECHECK_SECONDS = 5.0
_cache: tuple[tuple, WorkCalendar] | None = None
_checked_at = 0.0
_rev = 0


def _stamp() -> tuple:
    """A cheap fingerprint of the calendar tables."""
    h = Holiday.select(pw.fn.COUNT(Holiday.id), pw.fn.MAX(Holiday.id)).tuples().first()
    y = CalendarYear.select(pw.fn.COUNT(CalendarYear.year), pw.fn.MAX(CalendarYear.year)).tuples().first()
    return (h, y, database_proxy.obj)


def current_calendar() -> WorkCalendar:
    """The WorkCalendar from the database, rebuilt only when the tables changed."""
    global _cache, _checked_at
    now = time.monotonic()
    if _cache is not None and _cache[0][-1] == (_rev, database_proxy.obj) and now - _checked_at < _RECHECK_SECONDS:
        return _cache[1]
    stamp = (*_stamp(), (_rev, database_proxy.obj))
    _checked_at = now
    if _cache is None or _cache[0] != stamp:
        rows = [(h.day, h.is_workday, h.name) for h in Holiday.select()]
        years = [y.year for y in CalendarYear.select()]
        _cache = (stamp, WorkCalendar(rows, years))
    return _cache[1]


def _changed() -> None:
    global _rev
    _rev += 1


def import_year_rows(
    rows: Iterable[tuple[date, bool, str]], years: Iterable[int], actor: Actor, source: str = "导入"
) -> int:
    """Replace the arrangement of whole years with the given rows (a new year's official notice)."""
    if not actor.is_admin:
        raise NotAllowed("只有管理员可以修改节假日安排")
    years = sorted(set(years))
    rows = list(rows)
    with write_transaction():
        removed = Holiday.delete().where(Holiday.day.year.in_(years)).execute()  # noqa: F841
        Holiday.insert_many([{"day": d, "is_workday": w, "name": n} for d, w, n in rows]).execute()
        for y in years:
            upsert(CalendarYear, CalendarYear.year, year=y, source=source)
        audit.append(
            "导入",
            "calendar",
            actor.username,
            record_label="、".join(f"{y}年" for y in years),
            changes={"rows": ("节假日安排", None, f"{len(rows)}天")},
        )
    _changed()
    return len(rows)


def set_day(day: date, kind: str | None, name: str, actor: Actor) -> None:
    """Mark one day: kind `休` (day off), `班` (make-up working day) or None (an ordinary day again)."""
    if not actor.is_admin:
        raise NotAllowed("只有管理员可以修改节假日安排")
    with write_transaction():
        before = Holiday.get_or_none(Holiday.day == day)
        old = None if before is None else ("班" if before.is_workday else "休")
        Holiday.delete().where(Holiday.day == day).execute()
        if kind is not None:
            Holiday.create(day=day, is_workday=(kind == "班"), name=name)
        # A hand edit does not make a year "loaded": deadlines in a year without its official notice are refused.
        audit.append(
            "修改", "calendar", actor.username, record_label=day.isoformat(), changes={"kind": ("类型", old, kind)}
        )
    _changed()
