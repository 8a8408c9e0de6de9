"""A register page: the list pane (search, filters, the lazy list) on the left, the record pane (the generated
form, its workflow buttons and history) on the right, kept in step; keyboard first (Ctrl+N, Ctrl+S, Ctrl+Enter,
Esc, Ctrl+F, F5)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from desktop.registers import Actor, Register
from desktop.registers import query as rq
from desktop.ui.follow import FollowChanges
from desktop.ui.list_pane import ListPane
from desktop.ui.record_pane import RecordPane
from desktop.ui.signals import signals


class RegisterPage(QWidget):
    record_opened = Signal(int)

    def __init__(self, register: Register, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.register = register
        self.actor = actor
        self.list_pane = ListPane(register, actor, self)
        self.record_pane = RecordPane(register, actor, self)
        self.can_write = self.record_pane.can_write
        # The panes' parts under the names the page's subclasses and tests use.
        self.model, self.table, self.search = self.list_pane.model, self.list_pane.table, self.list_pane.search
        self.filters, self.year_combo, self.voided_box = (
            self.list_pane.filters,
            self.list_pane.year_combo,
            self.list_pane.voided_box,
        )
        self.count_label = self.list_pane.count_label
        self.form, self.history, self.tabs, self.title = (
            self.record_pane.form,
            self.record_pane.history,
            self.record_pane.tabs,
            self.record_pane.title,
        )
        self.step_buttons = self.record_pane.step_buttons
        self.save_button, self.save_new_button = self.record_pane.save_button, self.record_pane.save_new_button
        self.void_button, self.restore_button = self.record_pane.void_button, self.record_pane.restore_button
        self.list_pane.query_changed.connect(self.refresh)
        self.drill_label = self.list_pane.drill_label
        self.list_pane.drill_clear.clicked.connect(lambda: self.show_records("", None))
        self.table.selectionModel().currentRowChanged.connect(self._on_table_row_changed)
        self.form.dirty_changed.connect(self._update_buttons)
        for name, button in self.step_buttons.items():
            button.clicked.connect(lambda _=False, n=name: self._on_step_clicked(n))
        self.save_button.clicked.connect(self.save)
        self.save_new_button.clicked.connect(lambda: self.save(open_new=True))
        self.void_button.clicked.connect(self._on_void_clicked)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list_pane)
        splitter.addWidget(self.record_pane)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._choices_stale = False
        self._shortcuts()
        self.follow = FollowChanges(self, self._on_follow_refresh, wants=self._wants_change)
        self.refresh()
        self.new_record()

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
        return self.list_pane.current_query()

    def show_records(self, title: str, condition: Any) -> None:
        """List exactly the records of `condition` (None: back to the whole register), other filters cleared."""
        self.list_pane.show_records(title, condition)
        self.refresh()

    def refresh(self) -> None:
        self.list_pane.refresh(selected_id=self.form.record_id)

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
            self.list_pane.select_row(previous.row())
            return
        self.open_record(record_id)

    # -- record --------------------------------------------------------------------------------------------

    def open_record(self, record_id: int) -> None:
        self.record_pane.show_record(record_id)
        self._update_buttons()
        self.record_opened.emit(record_id)

    def new_record(self, defaults: dict[str, Any] | None = None) -> None:
        self.record_pane.show_new(defaults)
        self.table.clearSelection()
        self._update_buttons()

    def _on_new_requested(self) -> None:
        if self._confirm_discard():
            self.new_record()
            self.form.focus_first()

    def _confirm_discard(self) -> bool:
        return self.record_pane.confirm_discard()

    def _on_escape(self) -> None:
        if self.form.dirty and self._confirm_discard():
            if self.form.record_id is not None:
                self.open_record(self.form.record_id)
            else:
                self.new_record()

    def _changed(self) -> None:
        signals.records_changed.emit(self.register.decl.key)
        self.refresh()  # this page at once; the others follow after a pause or when shown

    def save(self, open_new: bool = False) -> bool:
        saved = self.record_pane.write()
        if saved is None:
            return False
        record, warnings = saved
        self._changed()
        if open_new:
            self.new_record(self.record_pane.carried_over(record))
            self.form.focus_first()
        else:
            self.open_record(record.id)
        if warnings:
            self.form.show_banner("已保存。提醒：" + "；".join(warnings))
        return True

    def _on_step_clicked(self, name: str) -> None:
        if self.record_pane.apply_step(name):
            self.save()

    def _on_void_clicked(self) -> None:
        if self.record_pane.void():
            self._changed()
            self.new_record()

    def _on_restore_clicked(self) -> None:
        if self.record_pane.restore():
            self._changed()
            self.open_record(self.form.record_id)

    def _update_buttons(self, *_: Any) -> None:
        self.record_pane.update_buttons()
