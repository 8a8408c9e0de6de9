"""The Qt table model of a register list: plain rows fetched page by page from the register's queries,
never the whole table (Vorta's DB-free models, Anki's lazy browser)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.registers import Register
from desktop.registers import query as rq

PAGE = 200
_Index = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel):
    def __init__(self, register: Register, parent: Any = None):
        super().__init__(parent)
        self.register = register
        self.fields = rq.list_fields(register)
        self.query = rq.ListQuery()
        self.rows: list[tuple[Any, ...]] = []
        self.total = 0

    # -- loading -------------------------------------------------------------------------------------------

    def set_query(self, query: rq.ListQuery) -> None:
        self.query = query
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self.total = rq.count(self.register, self.query)
        self.rows = rq.fetch(self.register, self.query, 0, PAGE)
        self.endResetModel()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid():
            return
        page = rq.fetch(self.register, self.query, len(self.rows), PAGE)
        if not page:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()

    def record_id(self, row: int) -> int | None:
        return self.rows[row][0] if 0 <= row < len(self.rows) else None

    def row_of(self, record_id: int) -> int:
        for i, r in enumerate(self.rows):
            if r[0] == record_id:
                return i
        return -1

    # -- Qt model ------------------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.fields)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = row[index.column() + 2]
            if role == Qt.ItemDataRole.ToolTipRole and len(text) < 20:
                return None
            return text
        if role == Qt.ItemDataRole.ForegroundRole and row[1]:
            return QBrush(QColor("#999999"))  # voided records, shown to administrators on request
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.fields[section].label
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.query.sort_field = self.fields[column].name
        self.query.descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()
