"""The three tables of the 2021 format as reportlab Tables, drawn from their layout (`report/layout.py`, the spans
of spec §3, §4.1–§4.2 and §5) in the table font."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from desktop.report.fonts import FontSet
from desktop.report.layout import FEE, Layout, figure_value, table2_layout, table3_layout, table4_layout
from desktop.report.narrative import format_figure
from desktop.report.textflow import GridParagraph

TABLE_SIZE = 10.5  # 五号
TABLE_LEADING = 13.5
PAD_V, PAD_H = 3.0, 1.5
# Narrow columns wrap at word boundaries, as published reports print them (the label itself is unchanged).
_WRAPPED = {
    "商业企业": "商业\n企业",
    "科研机构": "科研\n机构",
    "社会公益组织": "社会\n公益\n组织",
    "法律服务机构": "法律\n服务\n机构",
}


def _style(fonts: FontSet, extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    return TableStyle(
        [
            # Empty cells are still drawn with the cell font; the default Helvetica would not be embedded.
            ("FONTNAME", (0, 0), (-1, -1), fonts.name("body")),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), PAD_V),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_V),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD_H),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD_H),
            *extra,
        ]
    )


class _Cells:
    """Makes cell paragraphs in the table font (the body 仿宋, smaller)."""

    def __init__(self, fonts: FontSet):
        self.font = fonts.name("body")
        self.resolve = fonts.resolve

    def __call__(self, text: str, align: str = "center") -> GridParagraph:
        return GridParagraph([(text, self.font)], TABLE_SIZE, TABLE_LEADING, align=align, resolve=self.resolve)

    def vertical(self, text: str, lead: str = "") -> GridParagraph:
        """One character a line; `lead` (such as `（三）`) stays on the first line."""
        return self("\n".join(([lead] if lead else []) + list(text[len(lead) :])))


def _count(value: Any) -> str:
    return "" if value is None else format_figure(value)


def fee_text(value: Any) -> str:
    """The 万元 fee with trailing zeros trimmed (`4068.208`, `2.02`, `0`); text that is no number prints as is."""
    if value is None:
        return ""
    try:
        return format_figure(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


def _widths(total: float, mms: Sequence[float]) -> list[float]:
    scale = total / (sum(mms) * mm)
    return [w * mm * scale for w in mms]


def _draw(
    layout: Layout,
    figures: Mapping[str, Any],
    fonts: FontSet,
    widths: Sequence[float],
    extra: Sequence[tuple[Any, ...]] = (),
    table_class: type[Table] = Table,
) -> Table:
    """The layout's cells as paragraphs, its merged ranges as spans, its blocks kept on one page."""
    cell = _Cells(fonts)
    data: list[list[Any]] = [[""] * layout.n_cols for _ in range(layout.n_rows)]
    cmds: list[tuple[Any, ...]] = []
    for c in layout.cells:
        if c.figure is not None:
            value = figure_value(figures, c.figure)
            data[c.row][c.col] = cell(fee_text(value) if c.kind == FEE else _count(value))
        elif c.vertical:
            # Every row of a tall cell carries its text so that a page break inside it repeats the label;
            # the group number (`（三）`) stays on the first line.
            lead = c.text[:3] if c.text.startswith("（") else ""
            for r in range(c.row, c.last_row + 1):
                data[r][c.col] = cell.vertical(c.text, lead)
        else:
            data[c.row][c.col] = cell(_WRAPPED.get(c.text, c.text), c.align)
        if c.rows > 1 or c.cols > 1:
            cmds.append(("SPAN", (c.col, c.row), (c.last_col, c.last_row)))
    cmds += [("NOSPLIT", (0, first), (-1, last)) for first, last in layout.blocks]
    return table_class(
        data,
        colWidths=widths,
        style=_style(fonts, [*cmds, *extra]),
        repeatRows=layout.header_rows,
        hAlign="CENTER",
    )


def table2(t2: Mapping[str, Sequence[Any]] | None, fonts: FontSet, width: float) -> Table:
    """Four blocks: a caption row over all columns, a header row, data rows; one value spans three columns."""
    return _draw(table2_layout(), {"table2": t2 or {}}, fonts, _widths(width, [48, 36, 36, 36]))


class _Table3(Table):
    """Table 三 may break inside the tall `三、本年度办理结果` cell, which is then printed again on the next page,
    but only where both parts are tall enough for its vertical text; never inside a group cell （三）…（六）."""

    def _getFirstPossibleSplitRowPosition(self, availHeight, ignoreSpans=0):
        impossible: dict[int, None] = {}
        if self._spanCmds and not ignoreSpans:
            hard = []
            for xy in self._rowSpanCells:
                span = self._spanRanges.get(xy)
                if span is None:
                    continue
                sc, sr, _ec, er = span
                if sc == 0 and sr >= self.repeatRows and er > sr:
                    label = self._cellvalues[sr][0]
                    label = label[0] if isinstance(label, (list, tuple)) else label  # reportlab wraps it in a tuple
                    need = label.wrap(self._colWidths[0] - 2 * PAD_H, 1e6)[1] + 2 * PAD_V
                    for y in range(sr + 1, er + 1):
                        if sum(self._rowHeights[sr:y]) < need or sum(self._rowHeights[y : er + 1]) < need:
                            impossible[y] = None
                else:
                    hard.append(xy)
            self._getRowImpossible(impossible, hard, self._spanRanges)
        if self._nosplitCmds:
            self._getRowImpossible(impossible, self._rowNoSplitCells, self._nosplitRanges)
        h, n, split_at = 0.0, 1, 0
        for rh in self._rowHeights:
            if h + rh > availHeight:
                break
            if n not in impossible:
                split_at = n
            h += rh
            n += 1
        return split_at


def table3(t3: Sequence[Sequence[Any]] | None, fonts: FontSet, width: float) -> Table:
    """The merged three-row header with the 勾稽 note, 25 rows, the vertical 三、本年度办理结果 and group cells."""
    layout = table3_layout()
    (outer,) = [c for c in layout.cells if c.vertical and c.col == 0]
    # Left-aligned labels get a little more room from the rule than the centred cells.
    pads: list[tuple[Any, ...]] = [
        ("LEFTPADDING", (0, 0), (2, -1), 2 * PAD_H),
        ("LEFTPADDING", (0, layout.header_rows), (1, -1), PAD_H),
    ]
    pads += [
        ("LEFTPADDING", (0, r), (0, r), 2 * PAD_H)
        for r in range(layout.header_rows, layout.n_rows)
        if not outer.row <= r <= outer.last_row
    ]
    widths = _widths(width, [6, 12.5, 50] + [12.5] * (layout.n_cols - 3))
    return _draw(layout, {"table3": t3 or []}, fonts, widths, pads, _Table3)


def table4(t4: Sequence[Any] | None, fonts: FontSet, width: float) -> Table:
    """行政复议 (5 columns) and 行政诉讼 (未经复议直接起诉, 复议后起诉: 5 each) over one row of 15 counts."""
    layout = table4_layout()
    return _draw(layout, {"table4": list(t4 or [])}, fonts, _widths(width, [1] * layout.n_cols))
