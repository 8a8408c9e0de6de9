"""The layout of tables 二, 三 and 四 as the 2021 format prints them (spec §3, §4.1–§4.2, §5): every cell's place,
span, label or figure. Pure data, drawn by both the PDF (`report/tables.py`) and the Excel copy
(`report/excel_tables.py`), so that the two cannot drift apart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from desktop.report.labels import (
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

CENTER, LEFT = "center", "left"
COUNT, FEE = "count", "fee"  # how a figure cell is written: a count, or the 万元 fee of table 二


class Cell(NamedTuple):
    """One cell (the top-left one of a merged range): a label, or a figure read from the report's figures."""

    row: int  # from 0, within the table
    col: int
    text: str | None = None  # the label; None for a figure cell
    rows: int = 1  # the span
    cols: int = 1
    align: str = CENTER
    vertical: bool = False  # a tall cell whose label runs top to bottom in print
    figure: tuple[Any, ...] | None = None  # ('table3', row, column) … see `figure_value`
    kind: str = COUNT

    @property
    def last_row(self) -> int:
        return self.row + self.rows - 1

    @property
    def last_col(self) -> int:
        return self.col + self.cols - 1


class Layout(NamedTuple):
    table: str  # 'table2' | 'table3' | 'table4', the key of its figures
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]
    header_rows: int = 0  # rows repeated at the top of each page
    blocks: tuple[tuple[int, int], ...] = ()  # (first, last) row ranges kept on one page


def figure_value(figures: Mapping[str, Any], ref: tuple[Any, ...]) -> Any:
    """The raw figure a cell shows (None when missing): table 二 by row label and column, 三 by row and column,
    四 by position."""
    table, *where = ref
    data = figures.get(table)
    if not data:
        return None
    if table == "table2":
        label, j = where
        values = list(data.get(label) or [])
        return values[j] if j < len(values) else None
    if table == "table3":
        i, j = where
        row = list(data[i]) if i < len(data) else []
        return row[j] if j < len(row) else None
    (k,) = where
    return data[k] if k < len(data) else None


def table2_layout() -> Layout:
    """Four blocks: a caption over all four columns, a header row, the data rows; a single figure spans three."""
    cells: list[Cell] = []
    blocks: list[tuple[int, int]] = []
    r = 0
    for caption, header, rows in T2_BLOCKS:
        start = r
        cells.append(Cell(r, 0, caption, cols=4))
        r += 1
        wide = len(header) == 2
        if wide:
            cells += [Cell(r, 0, header[0]), Cell(r, 1, header[1], cols=3)]
        else:
            cells += [Cell(r, j, label) for j, label in enumerate(header)]
        r += 1
        for label in rows:
            cells.append(Cell(r, 0, label))
            if wide:
                kind = FEE if label == T2_FEE_ROW else COUNT
                cells.append(Cell(r, 1, cols=3, figure=("table2", label, 0), kind=kind))
            else:
                cells += [Cell(r, 1 + j, figure=("table2", label, j)) for j in range(3)]
            r += 1
        blocks.append((start, r - 1))
    return Layout("table2", r, 4, tuple(cells), blocks=tuple(blocks))


T3_HEADER_ROWS = 3


def table3_layout() -> Layout:
    """The three-row header under the 勾稽 note, then 25 rows: 一、二、四 across the three label columns, the tall
    三、本年度办理结果 beside （一）…（七）, and the tall group cells （三）…（六） beside their numbered rows."""
    n = len(T3_COLUMNS)
    cells = [
        Cell(0, 0, T3_NOTE, rows=3, cols=3, align=LEFT),
        Cell(0, 3, T3_TOP, cols=n),
        Cell(1, 3, T3_COLUMNS[0], rows=2),
        Cell(1, 4, T3_ORG_GROUP, cols=n - 2),
        *(Cell(2, 4 + j, label) for j, label in enumerate(T3_COLUMNS[1:-1])),
        Cell(1, 3 + n - 1, T3_COLUMNS[-1], rows=2),
    ]
    outer: list[int] = []
    groups: dict[str, list[int]] = {}
    for i, (_key, l1, l2, l3) in enumerate(T3_ROWS):
        r = T3_HEADER_ROWS + i
        cells += [Cell(r, 3 + j, figure=("table3", i, j)) for j in range(n)]
        if l2 is None:  # 一、二、四 span the three label columns
            cells.append(Cell(r, 0, l1, cols=3, align=LEFT))
            continue
        outer.append(r)
        if l3 is None:
            cells.append(Cell(r, 1, l2, cols=2, align=LEFT))
        else:
            groups.setdefault(l2, []).append(r)
            cells.append(Cell(r, 2, l3, align=LEFT))
    outer_label = T3_ROWS[outer[0] - T3_HEADER_ROWS][1]
    cells.append(Cell(outer[0], 0, outer_label, rows=len(outer), vertical=True))
    cells += [Cell(rows[0], 1, label, rows=len(rows), vertical=True) for label, rows in groups.items()]
    cells.sort(key=lambda c: (c.row, c.col))
    return Layout("table3", T3_HEADER_ROWS + len(T3_ROWS), 3 + n, tuple(cells), header_rows=T3_HEADER_ROWS)


def table4_layout() -> Layout:
    """行政复议 (five columns) and 行政诉讼 (未经复议直接起诉, 复议后起诉: five each) over one row of 15 figures."""
    n = len(T4_COLUMNS)
    cells = [Cell(0, 0, T4_GROUPS[0][0], cols=n), Cell(0, n, T4_GROUPS[1][0], cols=2 * n)]
    cells += [Cell(1, j, label, rows=2) for j, label in enumerate(T4_COLUMNS)]
    for g in (1, 2):
        cells.append(Cell(1, g * n, T4_GROUPS[g][1], cols=n))
        cells += [Cell(2, g * n + j, label) for j, label in enumerate(T4_COLUMNS)]
    cells += [Cell(3, k, figure=("table4", k)) for k in range(3 * n)]
    cells.sort(key=lambda c: (c.row, c.col))
    return Layout("table4", 4, 3 * n, tuple(cells), blocks=((0, 3),))


LAYOUTS = {"table2": table2_layout, "table3": table3_layout, "table4": table4_layout}
