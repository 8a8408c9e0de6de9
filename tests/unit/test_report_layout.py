"""Tables 二/三/四 have one layout (report/layout.py): the PDF's reportlab tables and the Excel sheets are drawn from
it, so their cell maps — every merged range, label and figure — are the same. And no layer imports upward."""

from __future__ import annotations

import ast
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.report import tables
from desktop.report.excel_tables import FIRST_ROW, SHEET_T2, SHEET_T3, SHEET_T4, export_report_tables
from desktop.report.fonts import get_fonts
from desktop.report.layout import LAYOUTS

FIGURES = {
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
SHEETS = {"table2": SHEET_T2, "table3": SHEET_T3, "table4": SHEET_T4}
Map = dict[tuple[int, int], tuple[str | None, tuple[int, int]]]  # (row, col) -> (text, (last row, last col))


def _pdf_text(value) -> str | None:
    if isinstance(value, (list, tuple)):  # reportlab may wrap a flowable in a list
        value = value[0] if value else ""
    if value in ("", None):
        return None
    # Line breaks are print only: narrow headers wrap (`商业\n企业`), tall cells run one character a line.
    return "".join(g.ch for g in value.glyphs).replace("\n", "")


def _cell_map(values: dict[tuple[int, int], str | None], spans: dict[tuple[int, int], tuple[int, int]]) -> Map:
    """Each cell not covered by a merge, with its text and the far corner of its range."""
    covered = {
        (r, c) for (r0, c0), (r1, c1) in spans.items() for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
    } - set(spans)
    return {k: (v, spans.get(k, k)) for k, v in values.items() if k not in covered}


def pdf_map(key: str) -> Map:
    draw = {"table2": tables.table2, "table3": tables.table3, "table4": tables.table4}[key]
    table = draw(FIGURES[key], get_fonts(False), 440)
    spans = {(r0, c0): (r1, c1) for _cmd, (c0, r0), (c1, r1) in table._spanCmds}
    values = {(r, c): _pdf_text(v) for r, row in enumerate(table._cellvalues) for c, v in enumerate(row)}
    return _cell_map(values, spans)


@pytest.fixture(scope="module")
def book():
    buffer = io.BytesIO()
    export_report_tables(FIGURES, buffer, "2015年度报告")
    buffer.seek(0)
    return load_workbook(buffer)


def excel_map(book, key: str) -> Map:
    ws = book[SHEETS[key]]
    spans = {
        (m.min_row - FIRST_ROW, m.min_col - 1): (m.max_row - FIRST_ROW, m.max_col - 1)
        for m in ws.merged_cells.ranges
        if m.min_row >= FIRST_ROW  # the title row above the table
    }
    values = {
        (c.row - FIRST_ROW, c.column - 1): None if c.value is None else str(c.value)
        for row in ws.iter_rows(min_row=FIRST_ROW)
        for c in row
    }
    return _cell_map(values, spans)


@pytest.mark.parametrize("key", ["table2", "table3", "table4"])
def test_pdf_and_excel_tables_have_the_same_cell_map(book, key):
    pdf, excel = pdf_map(key), excel_map(book, key)
    assert pdf == excel
    merged = {k: v for k, v in pdf.items() if v[1] != k}
    assert merged and all(text for text, _end in merged.values() if text is not None)


@pytest.mark.parametrize("key", ["table2", "table3", "table4"])
def test_the_cell_map_is_the_layout(key):
    layout = LAYOUTS[key]()
    expected = {(c.row, c.col): (c.text, (c.last_row, c.last_col)) for c in layout.cells if c.text is not None}
    labels = {k: v for k, v in pdf_map(key).items() if k in expected}
    assert labels == expected
    assert len(pdf_map(key)) == len(layout.cells)  # every cell drawn is in the layout, no other


def test_the_tables_key_cells():
    t3 = {(c.row, c.col): c for c in LAYOUTS["table3"]().cells}
    assert (t3[(5, 0)].text, t3[(5, 0)].rows, t3[(5, 0)].vertical) == ("三、本年度办理结果", 22, True)
    assert (t3[(7, 1)].text, t3[(7, 1)].rows) == ("（三）不予公开", 8)
    assert (t3[(1, 4)].text, t3[(1, 4)].cols) == ("法人或其他组织", 5)
    t2 = {(c.row, c.col): c for c in LAYOUTS["table2"]().cells}
    assert [r for r, c in t2 if t2[(r, c)].kind == "fee"] == [13]  # 行政事业性收费


LAYERS = ("domain", "db", "registers", "demo", "exchange", "report", "ui")  # each may import only those before it


def test_no_module_imports_a_layer_above_its_own():
    root = Path(__file__).resolve().parents[2] / "desktop"
    upward = []
    for path in root.rglob("*.py"):
        layer = path.relative_to(root).parts[0]
        if layer not in LAYERS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "desktop" and len(parts) > 1 and parts[1] in LAYERS:
                    if LAYERS.index(parts[1]) > LAYERS.index(layer):
                        upward.append(f"{path.relative_to(root)}:{node.lineno} imports {name}")
    assert upward == []
