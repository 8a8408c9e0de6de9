"""The Excel copy of tables 二/三/四: the exact labels of the report, every figure in its cell, merges as printed."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook

from desktop.report.excel_tables import FIRST_ROW, SHEET_T2, SHEET_T3, SHEET_T4, export_report_tables
from desktop.report.labels import T2_BLOCKS, T3_COLUMNS, T3_NOTE, T3_ORG_GROUP, T3_ROWS, T3_TOP, T4_COLUMNS


def distinct_figures():
    """Every cell a different number, so each one can be found by position."""
    return {
        "table2": {
            "规章": [201, 202, 203],
            "行政规范性文件": [204, 205, 206],
            "行政许可": [207],
            "行政处罚": [208],
            "行政强制": [209],
            "行政事业性收费": [Decimal("1009.061")],
        },
        "table3": [[1000 + 100 * i + j for j in range(7)] for i in range(25)],
        "table4": [500 + k for k in range(15)],
    }


def workbook(figures, title="2015年度报告"):
    buffer = io.BytesIO()
    export_report_tables(figures, buffer, title)
    buffer.seek(0)
    return load_workbook(buffer)


def texts(ws):
    return {str(c.value) for row in ws.iter_rows() for c in row if c.value is not None}


def find(ws, text):
    for row in ws.iter_rows():
        for c in row:
            if c.value == text:
                return c.row, c.column
    raise AssertionError(f"{text} not on {ws.title}")


def test_three_sheets_titled_with_the_report_and_section():
    book = workbook(distinct_figures())
    assert book.sheetnames == [SHEET_T2, SHEET_T3, SHEET_T4]
    assert book[SHEET_T2]["A1"].value == "2015年度报告　二、主动公开政府信息情况"
    assert book[SHEET_T3]["A1"].value.endswith("三、收到和处理政府信息公开申请情况")
    assert book[SHEET_T4]["A1"].value.endswith("四、政府信息公开行政复议、行政诉讼情况")


def test_table2_labels_and_numbers():
    ws = workbook(distinct_figures())[SHEET_T2]
    for caption, header, rows in T2_BLOCKS:
        assert {caption, *header, *rows} <= texts(ws)
    r, c = find(ws, "规章")
    assert [ws.cell(r, c + j).value for j in range(1, 4)] == [201, 202, 203]
    r, c = find(ws, "行政规范性文件")
    assert [ws.cell(r, c + j).value for j in range(1, 4)] == [204, 205, 206]
    for label, value in (("行政许可", 207), ("行政处罚", 208), ("行政强制", 209)):
        r, c = find(ws, label)
        assert ws.cell(r, c + 1).value == value
        assert f"B{r}:D{r}" in {str(m) for m in ws.merged_cells.ranges}
    r, c = find(ws, "行政事业性收费")
    assert Decimal(str(ws.cell(r, c + 1).value)) == Decimal("1009.061")
    assert find(ws, "第二十条第（一）项") == (FIRST_ROW, 1)


def test_table3_labels_header_and_every_cell():
    ws = workbook(distinct_figures())[SHEET_T3]
    assert {T3_NOTE, T3_TOP, T3_ORG_GROUP, *T3_COLUMNS} <= texts(ws)
    for _key, l1, l2, l3 in T3_ROWS:
        assert {label for label in (l1, l2, l3) if label} <= texts(ws)
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert f"A{FIRST_ROW}:C{FIRST_ROW + 2}" in merged  # the 勾稽 note
    assert f"E{FIRST_ROW + 1}:I{FIRST_ROW + 1}" in merged  # 法人或其他组织 over five columns
    header_row = FIRST_ROW + 2
    assert [ws.cell(header_row, 5 + j).value for j in range(5)] == T3_COLUMNS[1:-1]
    first = FIRST_ROW + 3
    for i in range(25):
        assert [ws.cell(first + i, 4 + j).value for j in range(7)] == [1000 + 100 * i + j for j in range(7)]
    assert ws.cell(first, 1).value == "一、本年新收政府信息公开申请数量"
    assert ws.cell(first + 24, 1).value == "四、结转下年度继续办理"
    assert f"A{first + 2}:A{first + 23}" in merged  # 三、本年度办理结果 over （一）…（七）
    assert ws.cell(first + 4, 3).value == "1.属于国家秘密"
    assert ws.cell(first + 4, 2).value == "（三）不予公开"


def test_table4_groups_and_fifteen_numbers():
    ws = workbook(distinct_figures())[SHEET_T4]
    assert {"行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", *T4_COLUMNS} <= texts(ws)
    assert [ws.cell(FIRST_ROW + 3, 1 + k).value for k in range(15)] == [500 + k for k in range(15)]
    assert ws.cell(FIRST_ROW + 1, 6).value == "未经复议直接起诉"
    assert ws.cell(FIRST_ROW + 1, 11).value == "复议后起诉"


def test_missing_figures_leave_cells_empty(tmp_path):
    target = tmp_path / "t.xlsx"
    export_report_tables({}, target)
    book = load_workbook(target)
    ws = book[SHEET_T3]
    assert ws.cell(FIRST_ROW + 3, 4).value is None
    assert book[SHEET_T2]["A1"].value == "二、主动公开政府信息情况"
