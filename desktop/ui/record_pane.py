"""The record half of a register page: the title, the workflow buttons, the generated form and the record's
history, and the buttons that save, void and restore it through the register (messages next to the fields)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import peewee as pw
from PySide6 import QtWidgets  # dialogs: see desktop/ui/errors.py
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import DomainError
from desktop.registers import Actor, FieldErrors, NotAllowed, Register, StaleRecord
from desktop.registers.history import record_history
from desktop.registers.workflow import allowed, proposed_values, step_names
from desktop.ui.errors import error_dialog
from desktop.ui.form import RecordForm

STEPS_PER_ROW = 5  # so that nine hotline steps do not widen the window


class RecordPane(QWidget):
    """One record (or a new one) of a register: shows it and writes it; the page keeps the list in step."""

    def __init__(self, register: Register, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.register = register
        self.actor = actor
        self.can_write = register.may_write(actor.role)
        self.form = RecordForm(register, self)
        self.form.set_read_only(not self.can_write)
        self.history = QTextBrowser(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.form, "表单")
        self.tabs.addTab(self.history, "历史")
        self.step_buttons: dict[str, QPushButton] = {}
        steps = QGridLayout()
        for i, name in enumerate(step_names(register)):
            button = QPushButton(name, self)
            steps.addWidget(button, i // STEPS_PER_ROW, i % STEPS_PER_ROW)
            self.step_buttons[name] = button
        self.save_button = QPushButton("保存 (Ctrl+S)", self)
        self.save_new_button = QPushButton("保存并新建 (Ctrl+Enter)", self)
        self.void_button = QPushButton("作废…", self)
        self.restore_button = QPushButton("恢复", self)
        actions = QHBoxLayout()
        for b in (self.save_button, self.save_new_button, self.void_button, self.restore_button):
            actions.addWidget(b)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        layout.addWidget(self.title)
        if self.step_buttons:
            layout.addLayout(steps)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(actions)

    @property
    def record_id(self) -> int | None:
        return self.form.record_id

    # -- showing -------------------------------------------------------------------------------------------

    def show_record(self, record_id: int) -> None:
        record = self.register.get(record_id)
        self.form.load(record)
        self.title.setText(
            f"{self.register.decl.title}　{self.register.record_label(self.form.values)}"
            + ("（已作废）" if record.voided else "")
        )
        self._show_history(record.uuid)

    def show_new(self, defaults: dict[str, Any] | None = None) -> None:
        self.form.load(None, defaults)
        self.title.setText(f"新建{self.register.decl.title}")
        self.history.setHtml("<p>新记录尚无历史。</p>")

    def carried_over(self, record: pw.Model) -> dict[str, Any]:
        """What 保存并新建 keeps of the record just saved: the fields declared `carry_over`."""
        values = self.register.values_of(record)
        return {name: values[name] for name in self.register.decl.carried_over}

    def confirm_discard(self) -> bool:
        if not self.form.dirty:
            return True
        button = QtWidgets.QMessageBox.StandardButton
        answer = QtWidgets.QMessageBox.question(
            self, "放弃修改", "表单有未保存的修改，确定放弃吗？", button.Discard | button.Cancel, button.Cancel
        )
        return answer == button.Discard

    def update_buttons(self) -> None:
        exists = self.form.record_id is not None
        voided = exists and bool(self.register.get(self.form.record_id).voided)
        self.save_button.setEnabled(self.can_write and not voided)
        self.save_new_button.setEnabled(self.can_write and not voided)
        self.void_button.setEnabled(self.can_write and exists and not voided)
        self.restore_button.setVisible(self.actor.is_admin)
        self.restore_button.setEnabled(voided)
        for name, button in self.step_buttons.items():
            ok = exists and not voided and self.can_write and allowed(self.register, name, self.form.values) is not None
            button.setEnabled(bool(ok) and not self.form.dirty)

    def _show_history(self, record_uuid: str) -> None:
        parts = []
        for e in record_history(record_uuid):
            rows = "".join(
                f"<li>{label}：{'' if b is None else b} → {'' if a is None else a}</li>" for label, b, a in e.changes
            )
            parts.append(f"<p><b>{e.ts:%Y-%m-%d %H:%M}</b> {e.username} {e.action}</p><ul>{rows}</ul>")
        self.history.setHtml("".join(parts) or "<p>无历史记录。</p>")

    # -- writing -------------------------------------------------------------------------------------------

    def write(self) -> tuple[pw.Model, list[str]] | None:
        """Save the form through the register: (record, warnings), or None with the messages shown."""
        if not self.can_write:
            return None
        raw = self.form.raw_values()
        try:
            return self.register.save(raw, self.actor, self.form.record_id, self.form.version)
        except FieldErrors as exc:
            self.form.show_errors(exc)
        except StaleRecord as exc:
            self.form.show_banner(exc.message, error=True)
            error_dialog(self, exc.message)
        except (NotAllowed, DomainError) as exc:
            self.form.show_banner(exc.message, error=True)
        return None

    def apply_step(self, name: str) -> bool:
        """Put a workflow step's values into the form; True when the step needs no more input and is to be saved
        at once, False when it waits for the user (its hint shown) or is not allowed."""
        step = allowed(self.register, name, self.form.values)
        if step is None:
            return False
        self.form.set_values(proposed_values(self.register, step, datetime.now()))
        if step.hint:
            self.form.show_banner(f"“{name}”：{step.hint}，然后保存（Ctrl+S）。")
            return False
        return True

    def void(self) -> bool:
        """作废 the record shown, after asking for the reason; False when not done (the message shown)."""
        if self.form.record_id is None:
            return False
        reason, ok = QtWidgets.QInputDialog.getText(self, "作废", "请填写作废原因：")
        if not ok:
            return False
        try:
            self.register.void(self.form.record_id, reason, self.actor)
        except DomainError as exc:
            error_dialog(self, exc.message)
            return False
        return True

    def restore(self) -> bool:
        if self.form.record_id is None:
            return False
        try:
            self.register.restore(self.form.record_id, self.actor)
        except DomainError as exc:
            error_dialog(self, exc.message)
            return False
        return True
