"""Periods of the statistics: any from–to span of days, the presets 本月 / 上月 / 本季度 / 本年, its calendar months,
and the SQL that puts a date into its month on SQLite and PostgreSQL alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import peewee as pw

from desktop.db.portable import is_postgres
from desktop.domain.errors import DomainError

PRESETS = ("本月", "上月", "本季度", "本年")


@dataclass(frozen=True)
class Span:
    """The days first … last, both included (local dates: the registers store Asia/Shanghai wall-clock times)."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise DomainError(f"统计期间的结束日期（{self.last:%Y-%m-%d}）不能早于开始日期（{self.first:%Y-%m-%d}）")

    @classmethod
    def of_year(cls, year: int) -> Span:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def of_month(cls, year: int, month: int) -> Span:
        return cls(date(year, month, 1), _month_end(year, month))

    @property
    def label(self) -> str:
        if self.first.day == 1 and self.last == _month_end(self.last.year, self.last.month):
            if (self.first.year, self.first.month) == (self.last.year, self.last.month):
                return f"{self.first.year}年{self.first.month}月"
            if self.first.month == 1 and self.last.month == 12 and self.first.year == self.last.year:
                return f"{self.first.year}年"
        return f"{self.first:%Y-%m-%d}至{self.last:%Y-%m-%d}"

    def dates(self, column: pw.Field) -> pw.Expression:
        """A DATE column inside the span."""
        return (column >= self.first) & (column <= self.last)

    def times(self, column: pw.Field) -> pw.Expression:
        """A DATETIME column inside the span: from midnight of the first day to midnight after the last."""
        start = datetime.combine(self.first, datetime.min.time())
        end = datetime.combine(self.last + timedelta(days=1), datetime.min.time())
        return (column >= start) & (column < end)

    def where(self, column: pw.Field) -> pw.Expression:
        return self.times(column) if isinstance(column, pw.DateTimeField) else self.dates(column)

    def months(self) -> list[tuple[str, Span]]:
        """The calendar months the span touches, each clipped to the span: ("2015-03", Span)."""
        out: list[tuple[str, Span]] = []
        year, month = self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            whole = Span.of_month(year, month)
            out.append((f"{year}-{month:02d}", Span(max(whole.first, self.first), min(whole.last, self.last))))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def preset(name: str, today: date) -> Span:
    """本月, 上月, 本季度 or 本年 as of `today` (whole calendar periods, so that a month's figures are final)."""
    if name == "本月":
        return Span.of_month(today.year, today.month)
    if name == "上月":
        year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
        return Span.of_month(year, month)
    if name == "本季度":
        first_month = (today.month - 1) // 3 * 3 + 1
        return Span(date(today.year, first_month, 1), _month_end(today.year, first_month + 2))
    if name == "本年":
        return Span.of_year(today.year)
    raise DomainError(f"未知的统计期间“{name}”，可选：{'、'.join(PRESETS)}")


def month_key(column: pw.Field) -> pw.Node:
    """`YYYY-MM` of a date or date-time column, computed by the database (so grouping by month stays in SQL)."""
    if is_postgres():
        return pw.fn.to_char(column, "YYYY-MM")
    return pw.fn.strftime("%Y-%m", column)


def hour_of(column: pw.Field) -> pw.Node:
    """The hour (0–23) of a date-time column."""
    if is_postgres():
        return pw.fn.date_part("hour", column).cast("integer")
    return pw.fn.strftime("%H", column).cast("INTEGER")


def day_of(column: pw.Field) -> pw.Node:
    """The calendar date of a date-time column (for comparing a 办结时间 with a due date)."""
    if is_postgres():
        return column.cast("date")
    return pw.fn.date(column)
