"""Tables 二, 三 and 四 of the annual report to an .xlsx workbook, laid out and labelled as the report prints them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.report.labels import (
    SECTION_TITLES,
    T2_BLOCKS,
    T2_FEE_ROW,
    T3_COLUMNS,
    T3_NOTE,
    T3_ORG_GROUP,
    T3_ROWS,
    T3_TOP,
    T4_COLUMNS,
    T4_GROUPS,
)

SHEET_T2, SHEET_T3, SHEET_T4 = "表二", "表三", "表四"
# Every table starts under a title row naming the report and the section it belongs to.
FIRST_ROW = 3

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def export_report_tables(figures: Mapping[str, Any], target: str | Path | IO[bytes], title: str = "") -> None:
    """Write the three tables, one sheet each, to `target`; `title` (e.g. `2015年度报告`) heads every sheet.

    Counts are written as numbers and the 万元 fee as an exact decimal, so that Excel sums them; empty cells
    stay empty where a figure is missing.
    """
    book = Workbook()
    _table2(book.active, figures.get("table2") or {}, title)
    _table3(book.create_sheet(SHEET_T3), figures.get("table3") or [], title)
    _table4(book.create_sheet(SHEET_T4), figures.get("table4") or [], title)
    book.save(target if not isinstance(target, Path) else str(target))


def _heading(ws: Worksheet, title: str, section: str, width: int) -> None:
    ws["A1"] = f"{title}　{section}" if title else section
    ws["A1"].font = Font(bold=True, size=12)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)


def _put(ws: Worksheet, row: int, col: int, value: Any, align: Alignment = _CENTER) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.alignment = align


def _merge(ws: Worksheet, r1: int, c1: int, r2: int, c2: int) -> None:
    if (r1, c1) != (r2, c2):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def _frame(ws: Worksheet, r1: int, c1: int, r2: int, c2: int) -> None:
    """Borders on every cell of the table (merged cells need them on each covered cell to print whole)."""
    for row in ws.iter_rows(min_row=r1, max_row=r2, min_col=c1, max_col=c2):
        for cell in row:
            cell.border = _BORDER


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


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _table2(ws: Worksheet, t2: Mapping[str, Sequence[Any]], title: str) -> None:
    ws.title = SHEET_T2
    _heading(ws, title, SECTION_TITLES[1], 4)
    r = FIRST_ROW
    for caption, header, rows in T2_BLOCKS:
        _put(ws, r, 1, caption)
        _merge(ws, r, 1, r, 4)
        r += 1
        wide = len(header) == 2
        for j, label in enumerate(header, 1):
            _put(ws, r, j, label)
        if wide:
            _merge(ws, r, 2, r, 4)
        r += 1
        for label in rows:
            values = list(t2.get(label) or [])
            _put(ws, r, 1, label)
            if wide:
                value = values[0] if values else None
                _put(ws, r, 2, _fee(value) if label == T2_FEE_ROW else _count(value))
                _merge(ws, r, 2, r, 4)
            else:
                for j in range(3):
                    _put(ws, r, 2 + j, _count(values[j]) if j < len(values) else None)
            r += 1
    _frame(ws, FIRST_ROW, 1, r - 1, 4)
    _widths(ws, [24, 18, 18, 18])


def _table3(ws: Worksheet, t3: Sequence[Sequence[Any]], title: str) -> None:
    _heading(ws, title, SECTION_TITLES[2], 10)
    top = FIRST_ROW
    _put(ws, top, 1, T3_NOTE, _LEFT)
    _merge(ws, top, 1, top + 2, 3)
    _put(ws, top, 4, T3_TOP)
    _merge(ws, top, 4, top, 10)
    _put(ws, top + 1, 4, T3_COLUMNS[0])
    _merge(ws, top + 1, 4, top + 2, 4)
    _put(ws, top + 1, 5, T3_ORG_GROUP)
    _merge(ws, top + 1, 5, top + 1, 9)
    for j, label in enumerate(T3_COLUMNS[1:-1]):
        _put(ws, top + 2, 5 + j, label)
    _put(ws, top + 1, 10, T3_COLUMNS[-1])
    _merge(ws, top + 1, 10, top + 2, 10)
    first = top + 3
    outer: list[int] = []
    groups: dict[str, list[int]] = {}
    for i, (_key, l1, l2, l3) in enumerate(T3_ROWS):
        r = first + i
        values = list(t3[i]) if i < len(t3) else []
        for j in range(len(T3_COLUMNS)):
            _put(ws, r, 4 + j, _count(values[j]) if j < len(values) else None)
        if l2 is None:  # 一、二、四 span the three label columns
            _put(ws, r, 1, l1, _LEFT)
            _merge(ws, r, 1, r, 3)
            continue
        outer.append(r)
        if l3 is None:
            _put(ws, r, 2, l2, _LEFT)
            _merge(ws, r, 2, r, 3)
        else:
            groups.setdefault(l2, []).append(r)
            _put(ws, r, 3, l3, _LEFT)
    # The tall cells carry their label in their first row only: that is the value Excel keeps for a merge.
    _put(ws, outer[0], 1, T3_ROWS[outer[0] - first][1])
    _merge(ws, outer[0], 1, outer[-1], 1)
    for label, rows in groups.items():
        _put(ws, rows[0], 2, label)
        _merge(ws, rows[0], 2, rows[-1], 2)
    last = first + len(T3_ROWS) - 1
    _frame(ws, top, 1, last, 10)
    _widths(ws, [6, 12, 40] + [9] * len(T3_COLUMNS))


def _table4(ws: Worksheet, t4: Sequence[Any], title: str) -> None:
    n = len(T4_COLUMNS)
    _heading(ws, title, SECTION_TITLES[3], 3 * n)
    top = FIRST_ROW
    _put(ws, top, 1, T4_GROUPS[0][0])
    _merge(ws, top, 1, top, n)
    _put(ws, top, n + 1, T4_GROUPS[1][0])
    _merge(ws, top, n + 1, top, 3 * n)
    for j, label in enumerate(T4_COLUMNS):
        _put(ws, top + 1, 1 + j, label)
        _merge(ws, top + 1, 1 + j, top + 2, 1 + j)
    for g in (1, 2):
        _put(ws, top + 1, g * n + 1, T4_GROUPS[g][1])
        _merge(ws, top + 1, g * n + 1, top + 1, g * n + n)
        for j, label in enumerate(T4_COLUMNS):
            _put(ws, top + 2, g * n + 1 + j, label)
    values = list(t4)
    for k in range(3 * n):
        _put(ws, top + 3, 1 + k, _count(values[k]) if k < len(values) else None)
    _frame(ws, top, 1, top + 3, 3 * n)
    _widths(ws, [10] * (3 * n))


__all__ = ["export_report_tables", "SHEET_T2", "SHEET_T3", "SHEET_T4", "FIRST_ROW"]
