"""Tests for the working-day calendar: bundled data, the 2015 arrangements, counting, missing years."""

import importlib.util
from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.errors import DomainError
from desktop.domain.workdays import CalendarDay, CalendarMissing, WorkCalendar, bundled_calendar_path

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.bundled()


def naive_is_workday(cal: WorkCalendar, d: date) -> bool:
    # Reference written from the rule, using only the listed entries.
    entry = cal.listed_day(d)
    return entry.is_workday if entry else d.weekday() < 5


def naive_add(cal: WorkCalendar, start: date, n: int) -> date:
    d, left = start, n
    while left:
        d += timedelta(days=1)
        if naive_is_workday(cal, d):
            left -= 1
    return d


# --- bundled data ----------------------------------------------------------------------------------------------------


def test_bundled_covers_2004_through_2026(cal):
    assert cal.years == frozenset(range(2004, 2027))


def test_bundled_csv_matches_installed_chinese_calendar():
    # The generator is the single way the CSV is made; a stale or hand-edited file fails here.
    spec = importlib.util.spec_from_file_location("make_calendar_csv", ROOT / "scripts" / "make_calendar_csv.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert bundled_calendar_path().read_text(encoding="utf-8") == module.render_csv(module.build_rows())


def test_bundled_header_and_names():
    lines = bundled_calendar_path().read_text(encoding="utf-8").splitlines()
    assert lines[0] == "日期,类型,名称"
    names = {line.split(",")[2] for line in lines[1:]}
    assert names == {"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节", "抗战胜利纪念日"}


@settings(max_examples=300)
@given(st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31)))
def test_agrees_with_chinese_calendar_every_day(d):
    # chinese-calendar is an independent oracle for the bundled data and the rule.
    assert WorkCalendar.bundled().is_workday(d) == chinese_calendar.is_workday(d)


def test_every_day_of_2015_agrees_with_chinese_calendar(cal):
    d = date(2015, 1, 1)
    while d.year == 2015:
        assert cal.is_workday(d) == chinese_calendar.is_workday(d), d
        d += timedelta(days=1)


# --- the 2015 arrangements --------------------------------------------------------------------------------------------


def test_2015_spring_festival(cal):
    for day in range(18, 25):
        assert not cal.is_workday(date(2015, 2, day)), day
    assert cal.is_workday(date(2015, 2, 15))  # Sunday, 调休上班
    assert cal.is_workday(date(2015, 2, 28))  # Saturday, 调休上班
    assert cal.is_workday(date(2015, 2, 25))
    # Friday 13 Feb → next working day is the make-up Sunday, not Monday 16 Feb.
    assert cal.add_workdays(date(2015, 2, 13), 1) == date(2015, 2, 15)
    assert cal.add_workdays(date(2015, 2, 13), 2) == date(2015, 2, 16)
    # 15, 16, 17 Feb, then the holiday to the 24th, then 25 Feb.
    assert cal.add_workdays(date(2015, 2, 13), 4) == date(2015, 2, 25)
    # After Fri 13 Feb through Sat 28 Feb: 15 (Sun, 调休), 16, 17 | 18–24 off | 25, 26, 27, 28 (Sat, 调休) = 7.
    assert cal.workdays_in(date(2015, 2, 13), date(2015, 2, 28)) == 7


def test_2015_national_day(cal):
    for day in range(1, 8):
        assert not cal.is_workday(date(2015, 10, day)), day
    assert cal.is_workday(date(2015, 10, 10))  # Saturday, 调休上班
    assert not cal.is_workday(date(2015, 10, 11))
    assert cal.add_workdays(date(2015, 9, 30), 1) == date(2015, 10, 8)
    assert cal.add_workdays(date(2015, 10, 9), 1) == date(2015, 10, 10)
    assert cal.listed_day(date(2015, 10, 10)) == CalendarDay(date(2015, 10, 10), True, "国庆节")


def test_2015_victory_day(cal):
    assert not cal.is_workday(date(2015, 9, 3))
    assert not cal.is_workday(date(2015, 9, 4))
    assert not cal.is_workday(date(2015, 9, 5))  # an ordinary Saturday: chinese-calendar does not list it
    assert cal.is_workday(date(2015, 9, 6))  # Sunday, 调休上班
    assert cal.listed_day(date(2015, 9, 3)).name == "抗战胜利纪念日"
    assert cal.add_workdays(date(2015, 9, 2), 1) == date(2015, 9, 6)


# --- counting --------------------------------------------------------------------------------------------------------


def test_add_zero_returns_start_even_on_a_holiday(cal):
    assert cal.add_workdays(date(2015, 10, 1), 0) == date(2015, 10, 1)


def test_add_negative_is_rejected(cal):
    with pytest.raises(ValueError):
        cal.add_workdays(date(2015, 10, 1), -1)


def test_workdays_in_is_half_open(cal):
    assert cal.workdays_in(date(2015, 10, 8), date(2015, 10, 8)) == 0
    assert cal.workdays_in(date(2015, 10, 8), date(2015, 10, 9)) == 1
    assert cal.workdays_in(date(2015, 10, 9), date(2015, 10, 8)) == 0
    # 24 Sep (Thu) → 12 Oct (Mon): 25, 28, 29, 30 Sep, 8, 9, 10, 12 Oct.
    assert cal.workdays_in(date(2015, 9, 24), date(2015, 10, 12)) == 8


def test_counting_across_the_year_end(cal):
    # 2015-12-31 (Thu) → 1 Jan 2016 is 元旦 (Fri), then the weekend, then Mon 4 Jan.
    assert cal.add_workdays(date(2015, 12, 31), 1) == date(2016, 1, 4)
    assert cal.workdays_in(date(2015, 12, 30), date(2016, 1, 4)) == 2


def test_datetimes_are_accepted(cal):
    assert cal.add_workdays(datetime(2015, 2, 13, 16, 30), 1) == date(2015, 2, 15)


@settings(max_examples=200)
@given(st.dates(min_value=date(2004, 1, 1), max_value=date(2025, 6, 30)), st.integers(min_value=0, max_value=120))
def test_add_and_count_agree_with_a_day_by_day_walk(start, n):
    cal = WorkCalendar.bundled()
    due = cal.add_workdays(start, n)
    assert due == naive_add(cal, start, n)
    assert cal.workdays_in(start, due) == n
    if n:
        assert cal.is_workday(due)


def test_special_days_lists_holidays_and_makeup_days(cal):
    got = cal.special_days(date(2015, 9, 30), date(2015, 10, 10))
    assert [d.date.day for d in got] == [1, 2, 3, 4, 5, 6, 7, 10]
    assert got[-1].is_workday and got[-1].kind == "班"
    assert got[0].kind == "休" and got[0].name == "国庆节"


# --- missing years ---------------------------------------------------------------------------------------------------


def test_uncovered_year_names_the_year(cal):
    with pytest.raises(CalendarMissing) as info:
        cal.is_workday(date(2030, 5, 6))
    assert info.value.year == 2030
    assert "2030年" in info.value.message
    assert "节假日安排" in str(info.value)
    assert isinstance(info.value, DomainError)


def test_counting_into_an_uncovered_year_names_that_year(cal):
    with pytest.raises(CalendarMissing) as info:
        cal.add_workdays(date(2026, 12, 20), 20)
    assert info.value.year == 2027
    with pytest.raises(CalendarMissing):
        cal.workdays_in(date(2026, 12, 31), date(2027, 1, 4))
    # A count that stays inside 2026 is fine.
    assert cal.add_workdays(date(2026, 12, 28), 3) == date(2026, 12, 31)


def test_before_2004_is_missing(cal):
    with pytest.raises(CalendarMissing) as info:
        cal.is_workday(date(2003, 12, 31))
    assert info.value.year == 2003


def test_an_imported_year_extends_the_calendar():
    bundled = WorkCalendar.bundled()
    extra = [(date(2027, 1, 1), False, "元旦"), (date(2027, 1, 9), True, "元旦")]
    cal = WorkCalendar([*bundled.entries(), *extra], bundled.years | {2027})
    assert 2027 in cal.years
    assert not cal.is_workday(date(2027, 1, 1))
    assert cal.is_workday(date(2027, 1, 9))  # a Saturday made a working day
    assert cal.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_years_default_to_those_in_rows():
    cal = WorkCalendar([(date(2027, 1, 1), False, "元旦")])
    assert cal.years == frozenset({2027})
    assert cal.is_workday(date(2027, 3, 1))
