"""The three tables of the 2021 format as reportlab Tables, with the spans of spec §3, §4.1–§4.2 and §5."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from desktop.report.fonts import FontSet
from desktop.report.labels import (
    T2_BLOCKS,
    T3_COLUMNS,
    T3_NOTE,
    T3_ORG_GROUP,
    T3_ROWS,
    T3_TOP,
    T4_COLUMNS,
    T4_GROUPS,
)
from desktop.report.narrative import format_figure
from desktop.report.textflow import GridParagraph

TABLE_SIZE = 10.5  # 五号
TABLE_LEADING = 13.5
PAD_V, PAD_H = 3.0, 1.5
HEADER_ROWS_T3 = 3
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


def table2(t2: Mapping[str, Sequence[Any]] | None, fonts: FontSet, width: float) -> Table:
    """Four blocks: a caption row over all columns, a header row, data rows; one value spans three columns."""
    cell = _Cells(fonts)
    t2 = t2 or {}
    data: list[list[Any]] = []
    cmds: list[tuple[Any, ...]] = []
    for caption, header, rows in T2_BLOCKS:
        start = len(data)
        data.append([cell(caption), "", "", ""])
        cmds.append(("SPAN", (0, start), (3, start)))
        wide = len(header) == 2
        if wide:
            data.append([cell(header[0]), cell(header[1]), "", ""])
            cmds.append(("SPAN", (1, start + 1), (3, start + 1)))
        else:
            data.append([cell(h) for h in header])
        for label in rows:
            values = list(t2.get(label) or [])
            if wide:
                text = (
                    fee_text(values[0])
                    if label == "行政事业性收费" and values
                    else _count(values[0] if values else None)
                )
                data.append([cell(label), cell(text), "", ""])
                cmds.append(("SPAN", (1, len(data) - 1), (3, len(data) - 1)))
            else:
                values += [None] * (3 - len(values))
                data.append([cell(label)] + [cell(_count(v)) for v in values[:3]])
        cmds.append(("NOSPLIT", (0, start), (-1, len(data) - 1)))
    return Table(data, colWidths=_widths(width, [48, 36, 36, 36]), style=_style(fonts, cmds), hAlign="CENTER")


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
    cell = _Cells(fonts)
    ncols = 3 + len(T3_COLUMNS)
    blank = [""] * ncols
    head0 = [cell(T3_NOTE, "left"), "", "", cell(T3_TOP)] + [""] * 6
    head1 = ["", "", "", cell(T3_COLUMNS[0]), cell(T3_ORG_GROUP), "", "", "", "", cell(T3_COLUMNS[-1])]
    head2 = ["", "", "", ""] + [cell(_WRAPPED.get(c, c)) for c in T3_COLUMNS[1:-1]] + [""]
    cmds: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (2, 2)),
        ("SPAN", (3, 0), (9, 0)),
        ("SPAN", (3, 1), (3, 2)),
        ("SPAN", (4, 1), (8, 1)),
        ("SPAN", (9, 1), (9, 2)),
    ]
    data: list[list[Any]] = [head0, head1, head2]
    groups: dict[str, list[int]] = {}
    outer: list[int] = []
    for i, (_key, l1, l2, l3) in enumerate(T3_ROWS):
        r = HEADER_ROWS_T3 + i
        values = list(t3[i]) if t3 and i < len(t3) else []
        values += [None] * (len(T3_COLUMNS) - len(values))
        row = list(blank)
        row[3:] = [cell(_count(v)) for v in values[: len(T3_COLUMNS)]]
        if l2 is None:  # 一、二、四 span the three label columns
            row[0] = cell(l1, "left")
            cmds.append(("SPAN", (0, r), (2, r)))
        else:
            outer.append(r)
            # Every row of the tall cell carries its text so that a page break inside it repeats the label.
            row[0] = cell.vertical(l1)
            if l3 is None:
                row[1] = cell(l2, "left")
                cmds.append(("SPAN", (1, r), (2, r)))
            else:
                groups.setdefault(l2, []).append(r)
                row[1] = cell.vertical(l2, l2[:3])
                row[2] = cell(l3, "left")
        data.append(row)
    cmds.append(("SPAN", (0, outer[0]), (0, outer[-1])))
    for rows in groups.values():
        cmds.append(("SPAN", (1, rows[0]), (1, rows[-1])))
    # Left-aligned labels get a little more room from the rule than the centred cells.
    cmds += [("LEFTPADDING", (0, 0), (2, -1), 2 * PAD_H), ("LEFTPADDING", (0, 3), (1, -1), PAD_H)]
    cmds += [("LEFTPADDING", (0, r), (0, r)) + (2 * PAD_H,) for r in range(3, 3 + len(T3_ROWS)) if r not in outer]
    widths = _widths(width, [6, 12.5, 50] + [12.5] * len(T3_COLUMNS))
    return _Table3(data, colWidths=widths, style=_style(fonts, cmds), repeatRows=HEADER_ROWS_T3, hAlign="CENTER")


def table4(t4: Sequence[Any] | None, fonts: FontSet, width: float) -> Table:
    """行政复议 (5 columns) and 行政诉讼 (未经复议直接起诉, 复议后起诉: 5 each) over one row of 15 counts."""
    cell = _Cells(fonts)
    n = len(T4_COLUMNS)
    top = [cell(T4_GROUPS[0][0])] + [""] * (n - 1) + [cell(T4_GROUPS[1][0])] + [""] * (2 * n - 1)
    mid = [cell(c) for c in T4_COLUMNS]
    low = [""] * n
    cmds: list[tuple[Any, ...]] = [("SPAN", (0, 0), (n - 1, 0)), ("SPAN", (n, 0), (3 * n - 1, 0))]
    cmds += [("SPAN", (j, 1), (j, 2)) for j in range(n)]
    for g in (1, 2):
        mid += [cell(T4_GROUPS[g][1])] + [""] * (n - 1)
        low += [cell(c) for c in T4_COLUMNS]
        cmds.append(("SPAN", (g * n, 1), (g * n + n - 1, 1)))
    values = list(t4 or []) + [None] * (3 * n)
    row = [cell(_count(v)) for v in values[: 3 * n]]
    cmds.append(("NOSPLIT", (0, 0), (-1, -1)))
    return Table(
        [top, mid, low, row], colWidths=_widths(width, [1] * (3 * n)), style=_style(fonts, cmds), hAlign="CENTER"
    )
