"""The list half of a register page: search as you type, the year and the declared filters (`Field.list_filter`),
the lazy table and its count; it says when its query changed, the page decides what to do about it."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.registers import Actor, Register
from desktop.registers import query as rq
from desktop.ui.list_model import RecordTableModel

# What QStyledItemDelegate adds to a line of text: PM_FocusFrameHMargin + 1 on either side (2 px in the Windows
# and Fusion styles). Asking the style would cost 4.7 ms of start-up (PySide6 builds QStyle with all its enums);
# tests/ui/test_register_pages.py holds the fitted widths to Qt's own resizeColumnsToContents.
_CELL_MARGIN = 2 * (2 + 1)


class ListPane(QWidget):
    """Search box, filters, table and count of one register's records."""

    query_changed = Signal()  # the search text (after a pause), a filter, the year or 显示已作废 changed

    def __init__(self, register: Register, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.register = register
        self.actor = actor
        self.model = RecordTableModel(register, self)
        self._build_filters()
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self._show_default_sort()
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.filter_bar)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel(self)
        layout.addWidget(self.count_label)
        self._fitted = False
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.query_changed)

    def _build_filters(self) -> None:
        self.filter_bar = QVBoxLayout()
        self.search = QLineEdit(self)
        searchable = "、".join(f.label for f in self.register.decl.fields if f.searchable)
        self.search.setPlaceholderText(f"搜索{searchable}（Ctrl+F；单个字按回车）")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self.query_changed)
        self.filter_bar.addWidget(self.search)
        combos = QHBoxLayout()
        self.filter_bar.addLayout(combos)
        self.year_combo = QComboBox(self)
        self.year_combo.addItem("全部年度", None)
        for year in range(date.today().year, 2003, -1):
            self.year_combo.addItem(f"{year}年", year)
        self.year_combo.currentIndexChanged.connect(self.query_changed)
        if self.register.decl.year_field:
            combos.addWidget(self.year_combo)
        else:
            self.year_combo.hide()
        self.filters: dict[str, QComboBox] = {}
        for f in self.register.decl.list_filters:
            combo = QComboBox(self)
            combo.addItem(f"全部{f.label}", None)
            for value, text in rq.choices_for(f):
                combo.addItem(text, value)
            combo.currentIndexChanged.connect(self.query_changed)
            self.filters[f.name] = combo
            combos.addWidget(combo)
        # "Show these records" from the 统计 page: a condition from the statistics layer, shown with a way back.
        self.drill_where: Any = None
        self.drill_label = QLabel(self)
        self.drill_clear = QPushButton("显示全部", self)
        for w in (self.drill_label, self.drill_clear):
            w.hide()
            combos.addWidget(w)
        self.voided_box = QCheckBox("显示已作废", self)
        self.voided_box.toggled.connect(self.query_changed)
        self.voided_box.setVisible(self.actor.is_admin)
        combos.addWidget(self.voided_box)
        combos.addStretch(1)

    def _on_search_text_changed(self, text: str) -> None:
        # A one-character word matches much of a big register, or needs a long look for a rare one: such a search
        # runs on Enter, not at every keystroke (README: ten years, a million cases).
        words = text.split()
        if not words or all(len(w) >= 2 for w in words):
            self._search_timer.start()

    # -- the list ------------------------------------------------------------------------------------------

    def current_query(self) -> rq.ListQuery:
        q = rq.ListQuery(search=self.search.text(), include_voided=self.voided_box.isChecked())
        year = self.year_combo.currentData()
        if year:
            q.date_from, q.date_to = date(year, 1, 1), date(year, 12, 31)
        q.filters = {name: combo.currentData() for name, combo in self.filters.items()}
        q.sort_field, q.descending = self.model.query.sort_field, self.model.query.descending
        q.where = self.drill_where
        return q

    def show_records(self, title: str, condition: Any) -> None:
        """List exactly the records of `condition` (None: back to the whole register), other filters cleared."""
        self.drill_where = condition
        if condition is not None:
            for w in (self.search, self.year_combo, *self.filters.values()):
                w.blockSignals(True)
            self.search.clear()
            self.year_combo.setCurrentIndex(0)
            for combo in self.filters.values():
                combo.setCurrentIndex(0)
            for w in (self.search, self.year_combo, *self.filters.values()):
                w.blockSignals(False)
        self.drill_label.setText(f"统计：{title}")
        self.drill_label.setVisible(condition is not None)
        self.drill_clear.setVisible(condition is not None)

    def refresh(self, selected_id: int | None = None) -> None:
        """Query again; the record `selected_id` (the one in the form) stays selected if the list shows it."""
        self.model.set_query(self.current_query())
        voided = "（含已作废）" if self.voided_box.isChecked() else ""
        more = "" if self.model.total_exact else "+"  # a big filtered list is counted up to a cap
        self.count_label.setText(f"共 {self.model.total:,}{more} 条{voided}")
        self._fit_columns_once()
        if selected_id is not None:
            row = self.model.row_of(selected_id)
            if row >= 0:
                self.table.selectRow(row)

    def select_row(self, row: int) -> None:
        """Select a row without telling the page (a refused change of record goes back to the one shown)."""
        self.table.selectionModel().blockSignals(True)
        self.table.selectRow(row)
        self.table.selectionModel().blockSignals(False)

    def _show_default_sort(self) -> None:
        """The header shows the order the list really has: newest first by the register's date, else by name."""
        names = [f.name for f in self.model.fields]
        year_field = self.register.decl.year_field
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        if year_field in names:
            header.setSortIndicator(names.index(year_field), Qt.SortOrder.DescendingOrder)
        elif year_field is None and names:
            header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        else:
            header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        header.blockSignals(False)
        self.model.query.sort_field = None

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._fit_columns_once()

    def _fit_columns_once(self) -> None:
        """Widths from the first rows the user sees, not from a hidden page: when the page is first shown, or,
        shown empty, when its first records are saved or found."""
        if not self._fitted and self.model.rows and self.isVisible():
            self._fitted = True
            self._fit_columns()

    def _fit_columns(self) -> None:
        """Columns as wide as the first screen needs, within reason (long texts get a tooltip).

        The widths Qt's resizeColumnsToContents gives a plain-text cell (text, the style's margins, the grid
        line; at least the header's own hint), measured here from the texts: Qt's way asks the model for eight
        roles of every cell, 2,600 calls into Python for the first screen, three times as long."""
        header = self.table.horizontalHeader()
        # The rows on screen, not the whole first page: each measured row is formatted (lazily).
        rows = min(len(self.model.rows), max(20, self.table.height() // max(1, self.table.rowHeight(0) or 20)))
        metrics = QFontMetricsF(self.table.fontMetrics())  # fractional widths, rounded up as Qt's layout does
        margin = _CELL_MARGIN + (1 if self.table.showGrid() else 0)
        for column in range(self.model.columnCount()):
            texts = {self.model.rows[row][column + 2] for row in range(rows)}  # units, statuses … repeat
            content = math.ceil(max(map(metrics.horizontalAdvance, texts), default=0)) + margin
            width = max(content, header.sectionSizeHint(column))
            header.resizeSection(column, min(max(width, 60), 260))
