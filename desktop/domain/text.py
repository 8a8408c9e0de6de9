"""Plain-text hygiene shared by every layer: what a stored text, a search word and a filter may hold."""

from __future__ import annotations

import re
from typing import Any

# Control characters (but tab and line breaks) come only from pasted or generated text and mean nothing to a
# reader: they are dropped, as an .xlsx cell drops them, so that a record reads the same everywhere and a NUL,
# which PostgreSQL refuses in a text or a query parameter, never reaches the database.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def drop_control(text: str) -> str:
    """`text` without control characters other than tab, line feed and carriage return."""
    return _CONTROL.sub("", text)


# The most characters an Excel or WPS cell holds; both cut a longer text when they open the file, without a word.
EXCEL_CELL_LIMIT = 32_767
LONG_TEXT_SHEET = "长文本"
LONG_TEXT_HEADERS = ("工作表", "行", "列", "字数")
# What a cut cell ends with; an import recognises it and puts the whole text back together from LONG_TEXT_SHEET.
_MARKER = "〔全文共{total}字，其余见“" + LONG_TEXT_SHEET + "”工作表第{row}行〕"
_MARKER_RE = re.compile("〔全文共(\\d+)字，其余见“" + LONG_TEXT_SHEET + "”工作表第(\\d+)行〕$")


class LongTexts:
    """Texts too long for one spreadsheet cell, collected while a sheet is written: the cell keeps the beginning
    and says where the rest is; the whole text goes, in pieces of a cell each, to a row of LONG_TEXT_SHEET."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, int, str, str]] = []  # (sheet, row, column label, whole text)

    def cell(self, sheet: str, row: int, column: str, text: str) -> str:
        """The value to write in the cell: `text` itself when it fits, else its beginning and the marker."""
        if len(text) <= EXCEL_CELL_LIMIT:
            return text
        self.entries.append((sheet, row, column, text))
        marker = _MARKER.format(total=len(text), row=len(self.entries) + 1)
        return text[: EXCEL_CELL_LIMIT - len(marker)] + marker

    def add_sheet(self, workbook: Any) -> None:
        """Append LONG_TEXT_SHEET to an openpyxl workbook (write-only or not) when any text was cut."""
        if self.entries:
            sheet = workbook.create_sheet(LONG_TEXT_SHEET)
            for row in self.rows():
                sheet.append(row)

    def rows(self) -> list[list[object]]:
        """The rows of LONG_TEXT_SHEET, header first: where the text belongs, its length, then its pieces."""
        width = max(len(_pieces(t)) for *_, t in self.entries)
        header = [*LONG_TEXT_HEADERS, *(f"第{i}段" for i in range(1, width + 1))]
        return [header] + [[s, r, c, len(t), *_pieces(t)] for s, r, c, t in self.entries]


def _pieces(text: str) -> list[str]:
    return [text[i : i + EXCEL_CELL_LIMIT] for i in range(0, len(text), EXCEL_CELL_LIMIT)]


def cut_long_text(cell: str) -> tuple[int, int] | None:
    """(whole length, row of LONG_TEXT_SHEET) when a cell read from a file is a text cut by LongTexts, else None."""
    found = _MARKER_RE.search(cell)
    return (int(found.group(1)), int(found.group(2))) if found else None
