"""One editor widget per field kind: typed text is kept as typed, and the register layer reads it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6 import QtWidgets  # the calendar's classes: see desktop/ui/errors.py
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from desktop.db.declare import Field, Kind
from desktop.domain.errors import DomainError
from desktop.registers.query import choices_for
from desktop.registers.values import display, parse_date


class Editor(QWidget):
    """Common interface: `raw()` gives what the register parses, `set_value()` shows a stored value."""

    changed = Signal()

    def raw(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def focus_widget(self) -> QWidget:
        return self


class TextEditor(Editor):
    def __init__(self, f: Field, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText({Kind.INT: "整数", Kind.MONEY: "金额（元）"}.get(f.kind, ""))
        if f.max_length:
            self.edit.setMaxLength(f.max_length)
        self.edit.textChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.field = f

    def raw(self) -> Any:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        if value is None:
            self.edit.setText("")
        elif isinstance(value, Decimal):
            self.edit.setText(f"{value:.2f}")
        else:
            self.edit.setText(str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class LongTextEditor(Editor):
    def __init__(self, f: Field, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)  # keyboard users tab through the form
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 3 + 14)
        self.edit.textChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def raw(self) -> Any:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        self.edit.blockSignals(True)
        self.edit.setPlainText("" if value is None else str(value))
        self.edit.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class DateEditor(TextEditor):
    """A date typed as `20151012` (or `2015-10-12`), or picked from a calendar; date-times add `0930`."""

    def __init__(self, f: Field, parent: QWidget | None = None):
        super().__init__(f, parent)
        with_time = f.kind is Kind.DATETIME
        self.edit.setPlaceholderText("如 20151012 0930" if with_time else "如 20151012")
        self.button = QToolButton(self)
        self.button.setText("…")
        self.button.setToolTip("从日历选择")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # The calendar is built when the menu first opens: a form has ten date fields, and ten calendar widgets
        # (with their month menus and spin boxes) were a third of the time it took to open the window.
        menu = QMenu(self.button)
        menu.aboutToShow.connect(self._before_calendar_shows)
        self.button.setMenu(menu)
        self.calendar: QtWidgets.QCalendarWidget | None = None
        self.layout().addWidget(self.button)
        self.with_time = with_time

    def _before_calendar_shows(self) -> None:
        if self.calendar is None:
            menu = self.button.menu()
            self.calendar = QtWidgets.QCalendarWidget(menu)
            self.calendar.setGridVisible(True)
            action = QtWidgets.QWidgetAction(menu)
            action.setDefaultWidget(self.calendar)
            menu.addAction(action)
            self.calendar.clicked.connect(self._on_calendar_clicked)
        try:  # open on the date typed so far, in any form the register accepts
            typed = parse_date(self.edit.text().split(" ")[0])
        except DomainError:
            return
        self.calendar.setSelectedDate(QDate(typed.year, typed.month, typed.day))

    def _on_calendar_clicked(self, day: QDate) -> None:
        text = day.toString("yyyy-MM-dd")
        if self.with_time:
            old = self.edit.text().split()
            text += " " + (old[1] if len(old) == 2 else datetime.now().strftime("%H:%M"))
        self.edit.setText(text)
        self.button.menu().hide()
        self.changed.emit()

    def set_value(self, value: Any) -> None:
        if isinstance(value, datetime):
            self.edit.setText(value.strftime("%Y-%m-%d %H:%M"))
        elif isinstance(value, date):
            self.edit.setText(value.isoformat())
        else:
            super().set_value(value)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.button.setEnabled(not read_only)


class BoolEditor(Editor):
    def __init__(self, f: Field, parent: QWidget | None = None):
        super().__init__(parent)
        self.box = QCheckBox(self)
        self.box.toggled.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        self.setFocusProxy(self.box)

    def raw(self) -> Any:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class ChoiceEditor(Editor):
    """A combo box of the choices, or of the catalogue records (typed text completes by any part of the name)."""

    def __init__(self, f: Field, parent: QWidget | None = None):
        super().__init__(parent)
        self.field = f
        self.combo = QComboBox(self)
        self.combo.setEditable(f.kind is Kind.REF)
        self.combo.setMinimumContentsLength(12)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        if self.combo.isEditable():
            self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = self.combo.completer()
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.currentIndexChanged.connect(self.changed)
        self.combo.editTextChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        self.setFocusProxy(self.combo)
        self.reload()

    def reload(self) -> None:
        current = self.raw()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem("", None)
        for value, text in choices_for(self.field):
            self.combo.addItem(text, value)
        self.combo.blockSignals(False)
        self.set_value(current)

    def raw(self) -> Any:
        if self.combo.count() == 0:
            return None
        text = self.combo.currentText().strip()
        index = self.combo.findText(text, Qt.MatchFlag.MatchExactly)
        if index >= 0:
            return self.combo.itemData(index)
        return text or None  # typed text the register resolves or reports

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not None else 0
        if index < 0 and value is not None:
            self.combo.addItem(str(value), value)  # a value no longer offered (inactive item) stays visible
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(max(index, 0))


class MultiEditor(Editor):
    def __init__(self, f: Field, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes = []
        for choice in f.choices:
            box = QCheckBox(choice, self)
            box.toggled.connect(self.changed)
            layout.addWidget(box)
            self.boxes.append(box)
        layout.addStretch(1)
        self.setFocusProxy(self.boxes[0])

    def raw(self) -> Any:
        return "、".join(b.text() for b in self.boxes if b.isChecked())

    def set_value(self, value: Any) -> None:
        chosen = set(str(value or "").split("、"))
        for b in self.boxes:
            b.setChecked(b.text() in chosen)


def make_editor(f: Field, parent: QWidget | None = None) -> Editor:
    if f.kind in (Kind.DATE, Kind.DATETIME):
        return DateEditor(f, parent)
    if f.kind is Kind.LONGTEXT:
        return LongTextEditor(f, parent)
    if f.kind is Kind.BOOL:
        return BoolEditor(f, parent)
    if f.kind in (Kind.CHOICE, Kind.REF):
        return ChoiceEditor(f, parent)
    if f.kind is Kind.MULTI:
        return MultiEditor(f, parent)
    return TextEditor(f, parent)


def shown(f: Field, value: Any) -> str:
    """Read-only text of a computed value."""
    return display(f, value, masked=False)
