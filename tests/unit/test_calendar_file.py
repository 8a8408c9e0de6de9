"""Tests for reading holiday-arrangement files (CSV in UTF-8/GBK, XLSX) for `zwgk calendar import`."""

from datetime import date, datetime

import pytest
from openpyxl import Workbook

from desktop.domain.errors import DomainError
from desktop.domain.workdays import CalendarDay, WorkCalendar
from desktop.exchange.calendar_file import CalendarFileError, read_calendar_file

GOOD_2027 = "日期,类型,名称\n2027-01-01,休,元旦\n20270102,休,元旦\n2027/1/3,假,元旦\n2027-02-06,补班,春节\n"


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_utf8_csv(tmp_path):
    result = read_calendar_file(write(tmp_path, "2027.csv", GOOD_2027))
    assert result.years == frozenset({2027})
    assert result.rows == [
        CalendarDay(date(2027, 1, 1), False, "元旦"),
        CalendarDay(date(2027, 1, 2), False, "元旦"),
        CalendarDay(date(2027, 1, 3), False, "元旦"),
        CalendarDay(date(2027, 2, 6), True, "春节"),
    ]


def test_utf8_bom_csv(tmp_path):
    result = read_calendar_file(write(tmp_path, "2027.csv", GOOD_2027, "utf-8-sig"))
    assert len(result.rows) == 4


def test_gbk_csv(tmp_path):
    # Excel on Chinese Windows saves CSV in GBK.
    text = GOOD_2027.replace("\n", "\r\n") + "2027-10-01,休息,国庆节\r\n2027-09-26,上班,国庆节\r\n"
    result = read_calendar_file(write(tmp_path, "2027.csv", text, "gbk"))
    assert CalendarDay(date(2027, 10, 1), False, "国庆节") in result.rows
    assert CalendarDay(date(2027, 9, 26), True, "国庆节") in result.rows


def test_columns_in_any_order_and_name_optional(tmp_path):
    result = read_calendar_file(write(tmp_path, "c.csv", "类型,日期,备注\n休,2028-01-01,x\n"))
    assert result.rows == [CalendarDay(date(2028, 1, 1), False, "")]


def test_xlsx_with_excel_dates(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["日期", "类型", "名称"])
    ws.append([datetime(2027, 1, 1), "休", "元旦"])
    ws.append(["2027-02-06", "班", "春节"])
    ws.append([20270207, "班", "春节"])  # typed as a number
    ws.append([None, None, None])  # blank rows are skipped
    ws.append([date(2028, 1, 1), "休", "元旦"])
    path = tmp_path / "calendar.xlsx"
    wb.save(path)
    result = read_calendar_file(path)
    assert [r.date for r in result.rows] == [date(2027, 1, 1), date(2027, 2, 6), date(2027, 2, 7), date(2028, 1, 1)]
    assert result.years == frozenset({2027, 2028})


def test_all_problems_reported_with_row_numbers(tmp_path):
    text = (
        "日期,类型,名称\n"  # row 1
        "2027-01-01,休,元旦\n"  # row 2 ok
        "2027-13-01,休,元旦\n"  # row 3 bad month
        "2027-01-04,调休,元旦\n"  # row 4 bad kind
        "明天,,春节\n"  # row 5 bad date and empty kind
        "2027-01-01,休,元旦\n"  # row 6 duplicate of row 2
        "2027-02-03,班,春节\n"  # row 7 make-up day on a Wednesday
        ",,\n"  # row 8 blank: skipped, but still counted
        "2027-02-06,班," + "春节" * 11 + "\n"  # row 9 name too long
    )
    with pytest.raises(CalendarFileError) as info:
        read_calendar_file(write(tmp_path, "bad.csv", text))
    problems = info.value.problems
    assert problems[0].startswith("第3行 【日期】")
    assert problems[1].startswith("第4行 【类型】") and "调休" in problems[1]
    assert any(p.startswith("第5行 【日期】") for p in problems)
    assert any(p.startswith("第5行 【类型】") and "不能为空" in p for p in problems)
    assert any(p.startswith("第6行 【日期】") and "第2行" in p for p in problems)
    assert any(p.startswith("第7行 【日期】") and "星期三" in p for p in problems)
    assert any(p.startswith("第9行 【名称】") for p in problems)
    assert len(problems) == 7
    assert isinstance(info.value, DomainError)
    assert "7处问题" in info.value.message


def test_xlsx_problem_row_numbers_match_the_sheet(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["日期", "类型", "名称"])
    ws.append([date(2027, 1, 1), "休", "元旦"])
    ws.append([date(2027, 1, 2), "周末", "元旦"])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    with pytest.raises(CalendarFileError) as info:
        read_calendar_file(path)
    assert info.value.problems == [
        "第3行 【类型】 “周末”无法识别，应为“休”（放假）或“班”（调休上班）",
    ]


def test_missing_header_column(tmp_path):
    with pytest.raises(CalendarFileError) as info:
        read_calendar_file(write(tmp_path, "c.csv", "date,kind\n2027-01-01,休\n"))
    assert [p[:9] for p in info.value.problems] == ["第1行 【日期】 ", "第1行 【类型】 "]


def test_empty_file_and_no_rows(tmp_path):
    with pytest.raises(CalendarFileError):
        read_calendar_file(write(tmp_path, "empty.csv", ""))
    with pytest.raises(CalendarFileError) as info:
        read_calendar_file(write(tmp_path, "header.csv", "日期,类型,名称\n"))
    assert "没有任何日期行" in info.value.problems[0]


def test_unsupported_and_unreadable_files(tmp_path):
    with pytest.raises(CalendarFileError) as info:
        read_calendar_file(write(tmp_path, "c.xls", "x"))
    assert ".xlsx" in info.value.problems[0]
    with pytest.raises(CalendarFileError):
        read_calendar_file(write(tmp_path, "c.txt", GOOD_2027))
    with pytest.raises(CalendarFileError):
        read_calendar_file(tmp_path / "missing.csv")
    with pytest.raises(CalendarFileError):
        read_calendar_file(write(tmp_path, "fake.xlsx", "not a zip"))


def test_bundled_csv_reads_as_an_import_and_builds_the_same_calendar():
    from desktop.domain.workdays import bundled_calendar_path

    imported = read_calendar_file(bundled_calendar_path())
    bundled = WorkCalendar.bundled()
    assert imported.rows == bundled.entries()
    assert imported.years == bundled.years


def test_imported_year_feeds_the_calendar(tmp_path):
    result = read_calendar_file(write(tmp_path, "2027.csv", GOOD_2027))
    bundled = WorkCalendar.bundled()
    cal = WorkCalendar([*bundled.entries(), *result.rows], bundled.years | result.years)
    assert cal.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert cal.is_workday(date(2027, 2, 6))  # a Saturday listed as 补班


def test_xlsx_title_row_and_offset_table_keep_sheet_row_numbers(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "2027年节假日安排"
    ws["B3"], ws["C3"], ws["D3"] = "日期", "类型", "名称"
    ws["B4"], ws["C4"], ws["D4"] = date(2027, 1, 1), "休", "元旦"
    ws["B7"], ws["C7"], ws["D7"] = "2027-1-32", "休", "元旦"
    path = tmp_path / "titled.xlsx"
    wb.save(path)
    with pytest.raises(CalendarFileError) as info:
        read_calendar_file(path)
    assert info.value.problems == ["第7行 【日期】 “2027-1-32”不是有效的日期"]
