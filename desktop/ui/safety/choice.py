"""The message box the safety dialogs ask with (buttons labelled by what they do), and the wait cursor around
a check that reads the whole file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6 import QtWidgets  # dialogs: see desktop/ui/errors.py
from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QWidget

T = TypeVar("T")


def choose(parent: QWidget | None, title: str, text: str, options: Sequence[str], details: str = "") -> str | None:
    """A message box with buttons labelled `options` (the last one is Esc); the label clicked, or None.
    Tests replace this function rather than click."""
    message_box = QtWidgets.QMessageBox
    box = message_box(message_box.Icon.Warning, title, text, message_box.StandardButton.NoButton, parent)
    if details:
        box.setDetailedText(details)
    buttons = {}
    for i, option in enumerate(options):
        last = i == len(options) - 1
        role = message_box.ButtonRole.RejectRole if last and len(options) > 1 else message_box.ButtonRole.AcceptRole
        buttons[box.addButton(option, role)] = option
    box.exec()
    return buttons.get(box.clickedButton())


def busy(fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """`fn(*args, **kwargs)` under the wait cursor (a check of a large file takes seconds)."""
    QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        return fn(*args, **kwargs)
    finally:
        QGuiApplication.restoreOverrideCursor()
