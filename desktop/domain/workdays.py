"""The official working-day calendar: statutory holidays, make-up working days, and counting working days."""

from __future__ import annotations

import csv
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from desktop.domain.errors import DomainError
from desktop.resources import resources_dir

WORKDAY_KIND = "班"
DAY_OFF_KIND = "休"
# Words accepted for 类型 in calendar files and forms; the canonical ones are 休 and 班.
KIND_WORDS: dict[str, bool] = {
    "休": False,
    "假": False,
    "休息": False,
    "放假": False,
    "班": True,
    "上班": True,
    "补班": True,
}
WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


class CalendarMissing(DomainError):
    """A date falls in a year for which no holiday arrangement has been loaded: we refuse to guess."""

    def __init__(self, year: int):
        super().__init__(f"缺少{year}年的节假日安排，请先在“基础数据 → 节假日安排”中导入该年日历")
        self.year = year


class CalendarDay(NamedTuple):
    """One listed exceptional day: a day off (`is_workday` False) or a make-up working day (True)."""

    date: date
    is_workday: bool
    name: str

    @property
    def kind(self) -> str:
        return WORKDAY_KIND if self.is_workday else DAY_OFF_KIND


def bundled_calendar_path() -> Path:
    """The calendar shipped with the app (2004 to the latest year chinese-calendar knows)."""
    return resources_dir() / "calendar" / "holidays.csv"


def as_date(value: date) -> date:
    """Accept a date or a datetime (收件时间, 派单时间 are date-times) and return the calendar date."""
    return value.date() if isinstance(value, datetime) else value


def format_date(d: date, weekday: bool = False) -> str:
    """`2015年10月10日`, optionally followed by `（星期六）`."""
    text = f"{d.year}年{d.month}月{d.day}日"
    return f"{text}（{WEEKDAY_NAMES[d.weekday()]}）" if weekday else text


class WorkCalendar:
    """Working days from listed exceptional days plus Mon–Fri, for a known set of years.

    A day is a working day if it is a listed make-up day (班), else not if it is a listed day off (休),
    else if it falls Mon–Fri. Asking about a year outside `years` raises `CalendarMissing`.
    Instances are immutable; per-year working-day lists are built lazily and memoised, so counting
    is a couple of binary searches per year crossed.
    """

    def __init__(self, rows: Iterable[tuple[date, bool, str]], years: Iterable[int] | None = None):
        listed: dict[int, CalendarDay] = {}
        for row_date, is_workday, name in rows:
            day = as_date(row_date)
            listed[day.toordinal()] = CalendarDay(day, bool(is_workday), name or "")
        self._listed = listed
        self._listed_ordinals = sorted(listed)
        self._years = frozenset(years) if years is not None else frozenset(d.date.year for d in listed.values())
        self._workdays_by_year: dict[int, list[int]] = {}

    @classmethod
    def bundled(cls) -> WorkCalendar:
        """The calendar shipped in resources/calendar/holidays.csv (cached: it never changes at run time)."""
        return _bundled_calendar()

    @classmethod
    def from_csv(cls, path: Path) -> WorkCalendar:
        """A calendar from a trusted CSV in the bundled format; user files go through exchange.calendar_file."""
        rows = read_calendar_csv(path)
        return cls(rows, {row.date.year for row in rows})

    # -- what is known -------------------------------------------------------------------------

    @property
    def years(self) -> frozenset[int]:
        """The years whose holiday arrangement is loaded."""
        return self._years

    def covers(self, year: int) -> bool:
        return year in self._years

    def require(self, year: int) -> None:
        """Raise `CalendarMissing` unless `year` is loaded."""
        if year not in self._years:
            raise CalendarMissing(year)

    def entries(self) -> list[CalendarDay]:
        """All listed exceptional days in date order (for the 节假日安排 table and exports)."""
        return [self._listed[o] for o in self._listed_ordinals]

    def listed_day(self, d: date) -> CalendarDay | None:
        """The listed entry for `d`, or None for an ordinary weekday or weekend."""
        return self._listed.get(as_date(d).toordinal())

    def special_days(self, after: date, through: date) -> list[CalendarDay]:
        """Listed days off and make-up days d with after < d <= through, in date order."""
        lo = bisect_right(self._listed_ordinals, as_date(after).toordinal())
        hi = bisect_right(self._listed_ordinals, as_date(through).toordinal())
        return [self._listed[o] for o in self._listed_ordinals[lo:hi]]

    # -- questions about days ------------------------------------------------------------------

    def is_workday(self, d: date) -> bool:
        d = as_date(d)
        self.require(d.year)
        entry = self._listed.get(d.toordinal())
        if entry is not None:
            return entry.is_workday
        return d.weekday() < 5

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after `start` (counting starts the next day); n=0 returns `start`."""
        start = as_date(start)
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        self.require(start.year)
        if n == 0:
            return start
        ordinal = start.toordinal()
        year = start.year
        while True:
            workdays = self._workdays_of(year)
            i = bisect_right(workdays, ordinal)
            available = len(workdays) - i
            if n <= available:
                return date.fromordinal(workdays[i + n - 1])
            n -= available
            year += 1

    def workdays_in(self, after: date, through: date) -> int:
        """Number of working days d with after < d <= through (0 when through <= after)."""
        after, through = as_date(after), as_date(through)
        if through <= after:
            return 0
        lo_ord, hi_ord = after.toordinal(), through.toordinal()
        first_year = (after + timedelta(days=1)).year
        count = 0
        for year in range(first_year, through.year + 1):
            workdays = self._workdays_of(year)
            count += bisect_right(workdays, hi_ord) - bisect_right(workdays, lo_ord)
        return count

    def next_workday(self, d: date) -> date:
        """The first working day after `d`."""
        return self.add_workdays(d, 1)

    # -- internals -----------------------------------------------------------------------------

    def _workdays_of(self, year: int) -> list[int]:
        """Sorted ordinals of the working days of `year`, built once per year."""
        cached = self._workdays_by_year.get(year)
        if cached is not None:
            return cached
        self.require(year)
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        workdays = []
        for ordinal in range(first, last + 1):
            entry = self._listed.get(ordinal)
            # date.fromordinal(o).weekday() == (o + 6) % 7: avoid building 366 date objects per year
            working = entry.is_workday if entry is not None else (ordinal + 6) % 7 < 5
            if working:
                workdays.append(ordinal)
        self._workdays_by_year[year] = workdays
        return workdays

    def __repr__(self) -> str:
        span = f"{min(self._years)}–{max(self._years)}" if self._years else "none"
        return f"<WorkCalendar years={span} listed={len(self._listed)}>"


def read_calendar_csv(path: Path) -> list[CalendarDay]:
    """Read a calendar CSV in the bundled format (UTF-8, header 日期,类型,名称, ISO dates).

    Strict: the bundled file is generated, so any irregularity is a packaging bug and raises ValueError.
    """
    rows: list[CalendarDay] = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or [h.strip() for h in header[:3]] != ["日期", "类型", "名称"]:
            raise ValueError(f"{path}: expected header 日期,类型,名称, got {header!r}")
        for line_no, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            try:
                day = date.fromisoformat(record[0].strip())
                is_workday = KIND_WORDS[record[1].strip()]
            except (IndexError, KeyError, ValueError) as exc:
                raise ValueError(f"{path}:{line_no}: bad calendar row {record!r}") from exc
            rows.append(CalendarDay(day, is_workday, record[2].strip() if len(record) > 2 else ""))
    return rows


@lru_cache(maxsize=1)
def _bundled_calendar() -> WorkCalendar:
    return WorkCalendar.from_csv(bundled_calendar_path())
