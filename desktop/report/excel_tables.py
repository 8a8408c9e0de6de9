"""Tables 二, 三 and 四 of the annual report to an .xlsx workbook, drawn from the same layout as the PDF
(`report/layout.py`): the same labels, merged ranges and figures, one sheet each.

It lives in `report`, not `exchange`: it writes the report's tables, which only the report layer describes, and
`exchange` may not import upward."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.report.labels import SECTION_TITLES
from desktop.report.layout import FEE, LEFT, Layout, figure_value, table2_layout, table3_layout, table4_layout

SHEET_T2, SHEET_T3, SHEET_T4 = "表二", "表三", "表四"
# Every table starts under a title row naming the report and the section it belongs to.
FIRST_ROW = 3

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
# Column widths in Excel character units, per table.
_WIDTHS = {"table2": [24, 18, 18, 18], "table3": [6, 12, 40] + [9] * 7, "table4": [10] * 15}


def export_report_tables(figures: Mapping[str, Any], target: str | Path | IO[bytes], title: str = "") -> None:
    """Write the three tables, one sheet each, to `target`; `title` (e.g. `2015年度报告`) heads every sheet.

    Counts are written as numbers and the 万元 fee as an exact decimal, so that Excel sums them; empty cells
    stay empty where a figure is missing.
    """
    book = Workbook()
    sheets = ((SHEET_T2, table2_layout(), 1), (SHEET_T3, table3_layout(), 2), (SHEET_T4, table4_layout(), 3))
    for i, (name, layout, section) in enumerate(sheets):
        ws = book.active if i == 0 else book.create_sheet(name)
        ws.title = name
        _draw(ws, layout, figures, f"{title}　{SECTION_TITLES[section]}" if title else SECTION_TITLES[section])
    book.save(target if not isinstance(target, Path) else str(target))


def _draw(ws: Worksheet, layout: Layout, figures: Mapping[str, Any], heading: str) -> None:
    """The heading row, then the layout's cells from FIRST_ROW: labels, typed figures, merges and borders.
    A merged cell keeps its label in its first cell only: that is the value Excel keeps for a merge."""
    ws["A1"] = heading
    ws["A1"].font = Font(bold=True, size=12)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=layout.n_cols)
    top = FIRST_ROW
    for c in layout.cells:
        if c.figure is not None:
            value = figure_value(figures, c.figure)
            value = _fee(value) if c.kind == FEE else _count(value)
        else:
            value = c.text
        cell = ws.cell(row=top + c.row, column=1 + c.col, value=value)
        cell.alignment = _LEFT if c.align == LEFT else _CENTER
        if c.rows > 1 or c.cols > 1:
            ws.merge_cells(
                start_row=top + c.row, start_column=1 + c.col, end_row=top + c.last_row, end_column=1 + c.last_col
            )
    # Borders on every cell of the table (merged cells need them on each covered cell to print whole).
    for row in ws.iter_rows(min_row=top, max_row=top + layout.n_rows - 1, min_col=1, max_col=layout.n_cols):
        for cell in row:
            cell.border = _BORDER
    for i, w in enumerate(_WIDTHS[layout.table], 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _count(value: Any) -> Any:
    return value if isinstance(value, int) and not isinstance(value, bool) else (None if value is None else str(value))


def _fee(value: Any) -> Any:
    """The 万元 fee as an exact Decimal (Excel stores it as a number); text that is no number is kept as text."""
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return str(value)


__all__ = ["export_report_tables", "SHEET_T2", "SHEET_T3", "SHEET_T4", "FIRST_ROW"]
