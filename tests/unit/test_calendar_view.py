"""Tests for what the 节假日安排 page shows: month grids, day marks, loaded years, neighbour names, the summary."""

from datetime import date

import pytest

from desktop.domain.workdays import WorkCalendar
from desktop.registers import calendar_view as cv


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.bundled()


def test_month_matrix_is_six_weeks_monday_first():
    weeks = cv.month_matrix(2015, 10)  # 2015-10-01 was a Thursday
    assert len(weeks) == 6 and all(len(w) == 7 for w in weeks)
    assert weeks[0] == [None, None, None, date(2015, 10, 1), date(2015, 10, 2), date(2015, 10, 3), date(2015, 10, 4)]
    assert weeks[4][5] == date(2015, 10, 31) and weeks[4][6] is None
    assert weeks[5] == [None] * 7
    days = [d for w in weeks for d in w if d is not None]
    assert days == [date(2015, 10, n) for n in range(1, 32)]
    assert all(d.weekday() == i for w in weeks for i, d in enumerate(w) if d is not None)


def test_month_matrix_pads_short_and_sunday_starting_months():
    feb_2021 = cv.month_matrix(2021, 2)  # starts on a Monday, exactly four weeks
    assert feb_2021[0][0] == date(2021, 2, 1) and feb_2021[3][6] == date(2021, 2, 28)
    assert feb_2021[4] == feb_2021[5] == [None] * 7
    feb_2015 = cv.month_matrix(2015, 2)  # starts on a Sunday
    assert feb_2015[0] == [None] * 6 + [date(2015, 2, 1)]
    assert len(feb_2015) == 6


def test_day_marks_of_2015_national_day(cal):
    assert cv.day_mark(cal, date(2015, 10, 1)) == cv.DayMark("休", "国庆节")
    assert cv.day_mark(cal, date(2015, 10, 3)) == cv.DayMark("休", "国庆节")  # a Saturday inside the holiday
    assert cv.day_mark(cal, date(2015, 10, 10)) == cv.DayMark("班", "国庆节")
    assert cv.day_mark(cal, date(2015, 10, 11)) == cv.DayMark(cv.WEEKEND, "")
    assert cv.day_mark(cal, date(2015, 10, 12)) == cv.DayMark(cv.ORDINARY, "")
    # A year that is not loaded still shows its weekends.
    assert cv.day_mark(WorkCalendar([], [2015]), date(2099, 1, 3)).kind == cv.WEEKEND


def test_tooltips_say_date_weekday_and_kind(cal):
    assert cv.day_tooltip(cal, date(2015, 10, 10)) == "2015年10月10日（星期六）\n国庆节 调休上班（班）"
    assert cv.day_tooltip(cal, date(2015, 10, 1)) == "2015年10月1日（星期四）\n国庆节 放假（休）"
    assert cv.day_tooltip(cal, date(2015, 10, 12)).endswith("工作日")
    assert "\n" not in cv.menu_title(cal, date(2015, 10, 10))


def test_neighbour_name_prefers_the_day_before():
    cal = WorkCalendar([(date(2027, 2, 5), False, "甲"), (date(2027, 2, 7), False, "乙")], [2027])
    assert cv.neighbour_name(cal, date(2027, 2, 6)) == "甲"
    assert cv.neighbour_name(cal, date(2027, 2, 8)) == "乙"
    assert cv.neighbour_name(cal, date(2027, 2, 7)) == "乙"  # a listed day keeps its own name
    assert cv.neighbour_name(cal, date(2027, 6, 1)) == ""


def test_neighbour_name_from_the_bundled_calendar(cal):
    assert cv.neighbour_name(cal, date(2015, 10, 8)) == "国庆节"
    assert cv.neighbour_name(cal, date(2015, 9, 30)) == "国庆节"
    assert cv.neighbour_name(cal, date(2015, 7, 15)) == ""


@pytest.mark.parametrize(
    ("years", "text"),
    [
        (range(2004, 2027), "已载入2004–2026年"),
        ([2015], "已载入2015年"),
        ([2004, 2005, 2006, 2009, 2011, 2012], "已载入2004–2006、2009、2011–2012年"),
        ([], "尚未载入任何年份的节假日安排"),
    ],
)
def test_loaded_years_text(years, text):
    assert cv.loaded_years_text(years) == text


def test_missing_years_warning_names_next_year():
    today = date(2026, 11, 26)
    warning = cv.missing_years_warning(range(2004, 2027), today)
    assert "2027年" in warning and "2026年" not in warning and "导入日历文件" in warning
    assert cv.missing_years_warning(range(2004, 2028), today) == ""
    assert "2026年、2027年" in cv.missing_years_warning(range(2004, 2026), today)
    assert "联系管理员" in cv.missing_years_warning(range(2004, 2027), today, can_import=False)


def test_selectable_and_default_years():
    today = date(2026, 11, 26)
    assert cv.selectable_years([2015, 2016], today) == [2015, 2016, 2026, 2027]
    assert cv.selectable_years(range(2004, 2028), today)[-1] == 2027
    assert cv.default_year(range(2004, 2027), today) == 2026
    assert cv.default_year(range(2004, 2020), today) == 2019
    assert cv.default_year([], today) == 2026


def test_year_summary_groups_by_festival(cal):
    lines = cv.year_summary(cal, 2015)
    assert lines[0].startswith("元旦：休 1月1日–3日（3天）")
    assert "国庆节：休 10月1日–7日（7天）；班 10月10日（星期六）" in lines
    # 6月21日 is an unlisted Sunday inside the holiday: the notice says 6月20日至22日, 3 days.
    assert "端午节：休 6月20日–22日（3天）" in lines
    assert cv.year_summary(cal, 2099) == []


def test_year_summary_runs_across_months_and_keeps_separate_days_apart():
    rows = [(date(2027, 1, 29), False, "甲"), (date(2027, 2, 1), False, "甲"), (date(2027, 2, 3), False, "甲")]
    # 1月30日–31日 is an unlisted weekend between two days off; 2月2日 is a Tuesday, a working day.
    assert cv.year_summary(WorkCalendar(rows, [2027]), 2027) == ["甲：休 1月29日–2月1日、2月3日（5天）"]
