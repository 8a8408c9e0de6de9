"""The entry form of a register, generated from its declaration: sections, editors, messages next to the
fields, read-only computed fields that explain themselves."""

from __future__ import annotations

from typing import Any

import peewee as pw
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.db.declare import Field, Kind
from desktop.domain.errors import DomainError
from desktop.registers import CaseRegister, FieldErrors, Register
from desktop.registers.values import blank
from desktop.ui.editors import ChoiceEditor, Editor, make_editor, shown

ERROR_STYLE = "color: #b00020;"


class RecordForm(QScrollArea):
    """Shows one record (or a new one) for editing; the page saves it through the register."""

    dirty_changed = Signal(bool)

    def __init__(self, register: Register, parent: QWidget | None = None):
        super().__init__(parent)
        self.register = register
        self.record_id: int | None = None
        self.version: int | None = None
        self.values: dict[str, Any] = {}
        self.editors: dict[str, Editor] = {}
        self.computed: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self._dirty = False
        self._loading = False
        body = QWidget(self)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(6, 6, 6, 6)
        self.banner = QLabel(body)
        self.banner.setWordWrap(True)
        self.banner.hide()
        outer.addWidget(self.banner)
        sections: dict[str, QFormLayout] = {}
        for f in register.decl.fields:
            if f.secret:
                continue
            if f.section not in sections:
                box = QGroupBox(f.section, body)
                layout = QFormLayout(box)
                layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
                layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                sections[f.section] = layout
                outer.addWidget(box)
            sections[f.section].addRow(self._label(f), self._cell(f, body))
        outer.addStretch(1)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)

    def _label(self, f: Field) -> QLabel:
        label = QLabel(("* " if f.required and not f.computed else "") + f.label)
        if f.help:
            label.setToolTip(f.help)
        return label

    def _cell(self, f: Field, parent: QWidget) -> QWidget:
        cell = QWidget(parent)
        layout = QVBoxLayout(cell)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        if f.computed:
            edit = QLineEdit(cell)
            edit.setReadOnly(True)
            edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            edit.setStyleSheet("background: palette(window);")
            edit.setToolTip(f.help or "自动计算")
            self.computed[f.name] = edit
            layout.addWidget(edit)
        else:
            editor = make_editor(f, cell)
            if f.help:
                editor.setToolTip(f.help)
            editor.changed.connect(self._on_editor_changed)
            self.editors[f.name] = editor
            layout.addWidget(editor)
        error = QLabel(cell)
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        self.errors[f.name] = error
        layout.addWidget(error)
        return cell

    # -- state ----------------------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _on_editor_changed(self) -> None:
        if not self._loading:
            self._set_dirty(True)

    def reload_choices(self) -> None:
        for editor in self.editors.values():
            if isinstance(editor, ChoiceEditor):
                editor.reload()

    def load(self, record: pw.Model | None, defaults: dict[str, Any] | None = None) -> None:
        """Show a stored record, or a blank new one with the given defaults (carried over from the last one)."""
        self._loading = True
        if record is None:
            self.record_id, self.version = None, None
            self.values = {**self.register.defaults(), **(defaults or {})}
        else:
            self.record_id, self.version = record.id, record.version
            self.values = self.register.values_of(record)
        for name, editor in self.editors.items():
            editor.set_value(self.values.get(name))
        self._show_computed(self.values)
        self.clear_messages()
        self._loading = False
        self._set_dirty(False)

    def set_values(self, changes: dict[str, Any]) -> None:
        """Put values into the form as if typed (a workflow step); the user saves them."""
        for name, value in changes.items():
            if name in self.editors:
                self.editors[name].set_value(value)
        self._set_dirty(True)

    def _show_computed(self, values: dict[str, Any]) -> None:
        for name, edit in self.computed.items():
            f = self.register.decl.field(name)
            value = values.get(name)
            edit.setText(self.register.ref_name(name, value) if f.kind is Kind.REF else shown(f, value))
            edit.setToolTip(f.help or "自动计算")
        register = self.register
        if not isinstance(register, CaseRegister) or self.record_id is None:
            return
        name = register.deadline_field
        try:
            result = register.deadline(values)
        except DomainError as exc:
            self.computed[name].setToolTip(exc.message)
            return
        if result is not None:
            self.computed[name].setToolTip(result.explain())
        else:
            self.computed[name].setToolTip("计时暂停中，或尚未开始计时")

    def raw_values(self) -> dict[str, Any]:
        return {name: editor.raw() for name, editor in self.editors.items()}

    def changed_values(self) -> dict[str, Any]:
        """Only what differs from the loaded record (so a save does not rewrite untouched fields)."""
        raw = self.raw_values()
        if self.record_id is None:
            return {k: v for k, v in raw.items() if not blank(v) or k in self.values}
        return raw

    # -- messages ----------------------------------------------------------------------------------------------

    def clear_messages(self) -> None:
        for label in self.errors.values():
            label.hide()
        self.banner.hide()

    def show_errors(self, exc: FieldErrors) -> None:
        self.clear_messages()
        first = None
        for name, message in exc.errors.items():
            label = self.errors.get(name)
            if label is None:
                continue
            label.setText(message)
            label.show()
            first = first or name
        unplaced = [f"【{exc.labels.get(n, n)}】{m}" for n, m in exc.errors.items() if n not in self.errors]
        self.show_banner("请更正标红的内容后再保存。" + "".join(unplaced), error=True)
        if first in self.editors:
            self.ensureWidgetVisible(self.editors[first])
            self.editors[first].setFocus()

    def show_banner(self, text: str, error: bool = False) -> None:
        colour = "#fdecea" if error else "#fff8e1"
        self.banner.setStyleSheet(f"background: {colour}; padding: 6px; border-radius: 3px;")
        self.banner.setText(text)
        self.banner.show()

    def set_read_only(self, read_only: bool) -> None:
        for editor in self.editors.values():
            editor.set_read_only(read_only)

    def focus_first(self) -> None:
        for editor in self.editors.values():
            if editor.isEnabled():
                editor.setFocus()
                return
