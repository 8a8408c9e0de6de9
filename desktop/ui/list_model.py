"""The Qt table model of a register list: plain rows fetched page by page from the register's queries,
never the whole table (Vorta's DB-free models, Anki's lazy browser)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.registers import Register
from desktop.registers import query as rq

PAGE = 200
_Index = QModelIndex | QPersistentModelIndex
# Roles as plain ints (PySide6 passes an int): Qt asks data() for half a dozen roles per cell, and comparing with
# the enum members is slow.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value


class FormattedRows(Sequence):
    """The list's rows as (id, voided, display texts …), formatted when first looked at: Qt asks only for the
    rows on screen, so a page of 200 costs the query, not 200 × columns conversions."""

    def __init__(self) -> None:
        self.stored: list[tuple[Any, ...]] = []  # (id, voided, stored values …) as the driver returned them
        self.formatter: rq.RowFormatter | None = None
        self._texts: dict[int, tuple[Any, ...]] = {}

    def reset(self, stored: list[tuple[Any, ...]], formatter: rq.RowFormatter) -> None:
        self.stored, self.formatter, self._texts = stored, formatter, {}

    def __len__(self) -> int:
        return len(self.stored)

    def __getitem__(self, index: int) -> tuple[Any, ...]:  # type: ignore[override]
        if index < 0:
            index += len(self.stored)
        texts = self._texts.get(index)
        if texts is None:
            row = self.stored[index]
            texts = self._texts[index] = (row[0], row[1], *self.formatter.texts(row))
        return texts


class RecordTableModel(QAbstractTableModel):
    def __init__(self, register: Register, parent: Any = None):
        super().__init__(parent)
        self.register = register
        self.fields = rq.list_fields(register)
        self.query = rq.ListQuery()
        self.rows = FormattedRows()
        self.total = 0
        self.total_exact = True  # False: `total` is a cap and the list holds more ("10,000+")
        self._next: rq.PageKey | None = None  # where the next page starts (keyset paging: no OFFSET scans)
        self._loaded = False  # sorting before the first query only sets the order (the page sets it up so)

    # -- loading -------------------------------------------------------------------------------------------

    def set_query(self, query: rq.ListQuery) -> None:
        self.query = query
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        stored, self._next = rq.page_rows(self.register, self.query, None, PAGE)
        self.rows.reset(stored, rq.RowFormatter(self.register))
        self.total, self.total_exact = rq.list_count(self.register, self.query)
        self.endResetModel()
        self._loaded = True

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._next is not None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._next is None:
            return
        page, self._next = rq.page_rows(self.register, self.query, self._next, PAGE)
        if not page:
            return
        if self.total_exact and len(self.rows) + len(page) > self.total:
            self.total = len(self.rows) + len(page)  # records added since the count
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
        self.rows.stored.extend(page)
        self.endInsertRows()

    def record_id(self, row: int) -> int | None:
        return self.rows.stored[row][0] if 0 <= row < len(self.rows) else None

    def row_of(self, record_id: int) -> int:
        for i, r in enumerate(self.rows.stored):
            if r[0] == record_id:
                return i
        return -1

    # -- Qt model ------------------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fields)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        # The role first: most calls ask for roles the list does not set (font, alignment, decoration …), and
        # they should cost no more than the comparison.
        if role == _DISPLAY or role == _TOOLTIP:
            if not index.isValid():
                return None
            text = self.rows[index.row()][index.column() + 2]
            return None if role == _TOOLTIP and len(text) < 20 else text
        if role == _FOREGROUND and index.isValid() and self.rows.stored[index.row()][1]:
            return QBrush(QColor("#999999"))  # voided records, shown to administrators on request
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.fields[section].label
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.query.sort_field = self.fields[column].name
        self.query.descending = order == Qt.SortOrder.DescendingOrder
        if self._loaded:
            self.refresh()
