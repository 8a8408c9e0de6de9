"""A register page: the lazy list with search and filters on the left, the generated form with its workflow
buttons and history on the right; keyboard first (Ctrl+N, Ctrl+S, Ctrl+Enter, Esc, Ctrl+F, F5)."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from PySide6 import QtWidgets  # dialogs: see desktop/ui/errors.py
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontMetricsF, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.db.declare import Kind
from desktop.domain.errors import DomainError
from desktop.registers import Actor, FieldErrors, NotAllowed, Register, StaleRecord
from desktop.registers import query as rq
from desktop.registers.history import record_history
from desktop.registers.workflow import allowed, proposed_values, step_names
from desktop.ui.errors import error_dialog
from desktop.ui.follow import FollowChanges
from desktop.ui.form import RecordForm
from desktop.ui.list_model import RecordTableModel
from desktop.ui.signals import signals

FILTER_FIELDS = (
    "status",
    "unit",
    "handler_unit",
    "category",
    "appeal_type",
    "type",
    "point",
    "key_area",
    "case_type",
    "result",
    "role",
    "kind",
)
# What QStyledItemDelegate adds to a line of text: PM_FocusFrameHMargin + 1 on either side (2 px in the Windows
# and Fusion styles). Asking the style would cost 4.7 ms of start-up (PySide6 builds QStyle with all its enums);
# tests/ui/test_register_pages.py holds the fitted widths to Qt's own resizeColumnsToContents.
_CELL_MARGIN = 2 * (2 + 1)
# Values carried over into the next blank form by Ctrl+Enter (a clerk enters a pile of similar records).
CARRY_OVER = (
    "item",
    "unit",
    "applicant_type",
    "point",
    "channel",
    "type",
    "date",
    "received_at",
    "called_at",
    "source",
    "receiver",
    "handler",
    "web_column",
    "key_area",
    "carriers",
    "publish_date",
    "year",
    "category",
    "shift",
)


class RegisterPage(QWidget):
    record_opened = Signal(int)

    def __init__(self, register: Register, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.register = register
        self.actor = actor
        key = register.decl.key
        self.can_write = actor.is_admin or actor.role in register.write_roles
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
        self.table.selectionModel().currentRowChanged.connect(self._on_table_row_changed)
        self.form = RecordForm(register, self)
        self.form.set_read_only(not self.can_write)
        self.form.dirty_changed.connect(self._update_buttons)
        self.history = QTextBrowser(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.form, "表单")
        self.tabs.addTab(self.history, "历史")
        self.step_buttons: dict[str, QPushButton] = {}
        steps = QGridLayout()  # up to five a row, so that nine hotline steps do not widen the window
        for i, name in enumerate(step_names(key)):
            button = QPushButton(name, self)
            button.clicked.connect(lambda _=False, n=name: self._on_step_clicked(n))
            steps.addWidget(button, i // 5, i % 5)
            self.step_buttons[name] = button
        self.save_button = QPushButton("保存 (Ctrl+S)", self)
        self.save_new_button = QPushButton("保存并新建 (Ctrl+Enter)", self)
        self.void_button = QPushButton("作废…", self)
        self.restore_button = QPushButton("恢复", self)
        self.save_button.clicked.connect(self.save)
        self.save_new_button.clicked.connect(lambda: self.save(open_new=True))
        self.void_button.clicked.connect(self._on_void_clicked)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        actions = QHBoxLayout()
        for b in (self.save_button, self.save_new_button, self.void_button, self.restore_button):
            actions.addWidget(b)
        actions.addStretch(1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(right)
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        right_layout.addWidget(self.title)
        if self.step_buttons:
            right_layout.addLayout(steps)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addLayout(actions)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(self.filter_bar)
        left_layout.addWidget(self.table, 1)
        self.count_label = QLabel(left)
        left_layout.addWidget(self.count_label)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._fitted = False
        self._choices_stale = False
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.refresh)
        self._shortcuts()
        self.follow = FollowChanges(self, self._on_follow_refresh, wants=self._wants_change)
        self.refresh()
        self.new_record()

    # -- building ------------------------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.filter_bar = QVBoxLayout()
        self.search = QLineEdit(self)
        searchable = "、".join(f.label for f in self.register.decl.fields if f.searchable)
        self.search.setPlaceholderText(f"搜索{searchable}（Ctrl+F；单个字按回车）")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self.refresh)
        self.filter_bar.addWidget(self.search)
        combos = QHBoxLayout()
        self.filter_bar.addLayout(combos)
        self.year_combo = QComboBox(self)
        self.year_combo.addItem("全部年度", None)
        for year in range(date.today().year, 2003, -1):
            self.year_combo.addItem(f"{year}年", year)
        self.year_combo.currentIndexChanged.connect(self.refresh)
        if self.register.decl.year_field:
            combos.addWidget(self.year_combo)
        else:
            self.year_combo.hide()
        self.filters: dict[str, QComboBox] = {}
        fields = [f for f in self.register.decl.fields if f.name in FILTER_FIELDS and f.kind in (Kind.CHOICE, Kind.REF)]
        for f in fields[:3]:
            combo = QComboBox(self)
            combo.addItem(f"全部{f.label}", None)
            for value, text in rq.choices_for(f):
                combo.addItem(text, value)
            combo.currentIndexChanged.connect(self.refresh)
            self.filters[f.name] = combo
            combos.addWidget(combo)
        # "Show these records" from the 统计 page: a condition from the statistics layer, shown with a way back.
        self.drill_where: Any = None
        self.drill_label = QLabel(self)
        self.drill_clear = QPushButton("显示全部", self)
        self.drill_clear.clicked.connect(lambda: self.show_records("", None))
        for w in (self.drill_label, self.drill_clear):
            w.hide()
            combos.addWidget(w)
        self.voided_box = QCheckBox("显示已作废", self)
        self.voided_box.toggled.connect(self.refresh)
        self.voided_box.setVisible(self.actor.is_admin)
        combos.addWidget(self.voided_box)
        combos.addStretch(1)

    def _on_search_text_changed(self, text: str) -> None:
        # A one-character word matches much of a big register, or needs a long look for a rare one: such a search
        # runs on Enter, not at every keystroke (README: ten years, a million cases).
        words = text.split()
        if not words or all(len(w) >= 2 for w in words):
            self._search_timer.start()

    def _shortcuts(self) -> None:
        def bind(keys: QKeySequence | str, slot: Any) -> None:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        bind(QKeySequence.StandardKey.New, self._on_new_requested)
        bind(QKeySequence.StandardKey.Save, self.save)
        bind("Ctrl+Return", lambda: self.save(open_new=True))
        bind("Ctrl+Enter", lambda: self.save(open_new=True))
        bind(QKeySequence.StandardKey.Find, self.search.setFocus)
        bind("F5", self.refresh)
        bind("Escape", self._on_escape)

    # -- list ----------------------------------------------------------------------------------------------

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
            self.search.clear()
            self.year_combo.setCurrentIndex(0)
            for combo in self.filters.values():
                combo.setCurrentIndex(0)
        self.drill_label.setText(f"统计：{title}")
        self.drill_label.setVisible(condition is not None)
        self.drill_clear.setVisible(condition is not None)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_query(self.current_query())
        voided = "（含已作废）" if self.voided_box.isChecked() else ""
        more = "" if self.model.total_exact else "+"  # a big filtered list is counted up to a cap
        self.count_label.setText(f"共 {self.model.total:,}{more} 条{voided}")
        self._fit_columns_once()
        if self.form.record_id is not None:
            row = self.model.row_of(self.form.record_id)
            if row >= 0:
                self.table.selectRow(row)

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

    def _wants_change(self, key: str) -> bool:
        self._choices_stale = self._choices_stale or key != self.register.decl.key
        return True

    def _on_follow_refresh(self) -> None:
        """Another page's save may add a catalogue entry (choices) or records this list shows."""
        if self._choices_stale and not self.form.dirty:
            self._choices_stale = False
            self.form.reload_choices()
        self.refresh()

    def _on_table_row_changed(self, current: Any, previous: Any) -> None:
        record_id = self.model.record_id(current.row())
        if record_id is None or record_id == self.form.record_id:
            return
        if not self._confirm_discard():
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(previous.row())
            self.table.selectionModel().blockSignals(False)
            return
        self.open_record(record_id)

    # -- form ----------------------------------------------------------------------------------------------

    def open_record(self, record_id: int) -> None:
        record = self.register.get(record_id)
        self.form.load(record)
        self.title.setText(
            f"{self.register.decl.title}　{self.register.record_label(self.form.values)}"
            + ("（已作废）" if record.voided else "")
        )
        self._show_history(record.uuid)
        self._update_buttons()
        self.record_opened.emit(record_id)

    def new_record(self, defaults: dict[str, Any] | None = None) -> None:
        self.form.load(None, defaults)
        self.title.setText(f"新建{self.register.decl.title}")
        self.history.setHtml("<p>新记录尚无历史。</p>")
        self.table.clearSelection()
        self._update_buttons()

    def _on_new_requested(self) -> None:
        if self._confirm_discard():
            self.new_record()
            self.form.focus_first()

    def _confirm_discard(self) -> bool:
        if not self.form.dirty:
            return True
        button = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(
            self, "放弃修改", "表单有未保存的修改，确定放弃吗？", button.Discard | button.Cancel, button.Cancel
        )
        return answer == button.Discard

    def _on_escape(self) -> None:
        if self.form.dirty and self._confirm_discard():
            if self.form.record_id is not None:
                self.open_record(self.form.record_id)
            else:
                self.new_record()

    def save(self, open_new: bool = False) -> bool:
        if not self.can_write:
            return False
        raw = self.form.raw_values()
        try:
            record, warnings = self.register.save(raw, self.actor, self.form.record_id, self.form.version)
        except FieldErrors as exc:
            self.form.show_errors(exc)
            return False
        except StaleRecord as exc:
            self.form.show_banner(exc.message, error=True)
            error_dialog(self, exc.message)
            return False
        except (NotAllowed, DomainError) as exc:
            self.form.show_banner(exc.message, error=True)
            return False
        signals.records_changed.emit(self.register.decl.key)
        self.refresh()  # this page at once; the others follow after a pause or when shown
        if open_new:
            carried = {k: v for k, v in self.register.values_of(record).items() if k in CARRY_OVER}
            self.new_record(carried)
            self.form.focus_first()
        else:
            self.open_record(record.id)
        if warnings:
            self.form.show_banner("已保存。提醒：" + "；".join(warnings))
        return True

    def _on_step_clicked(self, name: str) -> None:
        step = allowed(self.register.decl.key, name, self.form.values)
        if step is None:
            return
        self.form.set_values(proposed_values(self.register.decl.key, step, datetime.now()))
        if step.hint:
            self.form.show_banner(f"“{name}”：{step.hint}，然后保存（Ctrl+S）。")
        else:
            self.save()

    def _on_void_clicked(self) -> None:
        if self.form.record_id is None:
            return
        reason, ok = QtWidgets.QInputDialog.getText(self, "作废", "请填写作废原因：")
        if not ok:
            return
        try:
            self.register.void(self.form.record_id, reason, self.actor)
        except DomainError as exc:
            error_dialog(self, exc.message)
            return
        signals.records_changed.emit(self.register.decl.key)
        self.refresh()  # this page at once; the others follow after a pause or when shown
        self.new_record()

    def _on_restore_clicked(self) -> None:
        if self.form.record_id is None:
            return
        try:
            self.register.restore(self.form.record_id, self.actor)
        except DomainError as exc:
            error_dialog(self, exc.message)
            return
        signals.records_changed.emit(self.register.decl.key)
        self.refresh()  # this page at once; the others follow after a pause or when shown
        self.open_record(self.form.record_id)

    def _update_buttons(self, *_: Any) -> None:
        exists = self.form.record_id is not None
        voided = exists and bool(self.register.get(self.form.record_id).voided)
        self.save_button.setEnabled(self.can_write and not voided)
        self.save_new_button.setEnabled(self.can_write and not voided)
        self.void_button.setEnabled(self.can_write and exists and not voided)
        self.restore_button.setVisible(self.actor.is_admin)
        self.restore_button.setEnabled(voided)
        for name, button in self.step_buttons.items():
            ok = (
                exists
                and not voided
                and self.can_write
                and allowed(self.register.decl.key, name, self.form.values) is not None
            )
            button.setEnabled(bool(ok) and not self.form.dirty)

    def _show_history(self, record_uuid: str) -> None:
        parts = []
        for e in record_history(record_uuid):
            rows = "".join(
                f"<li>{label}：{'' if b is None else b} → {'' if a is None else a}</li>" for label, b, a in e.changes
            )
            parts.append(f"<p><b>{e.ts:%Y-%m-%d %H:%M}</b> {e.username} {e.action}</p><ul>{rows}</ul>")
        self.history.setHtml("".join(parts) or "<p>无历史记录。</p>")
