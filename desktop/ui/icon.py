"""The application icon, in a module of its own: the about dialog's module (licences, versions through
importlib.metadata) costs 10 ms that a start does not need."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from desktop.resources import resources_dir


def app_icon() -> QIcon:
    """The application icon (window, taskbar, dialogs); the .exe and shortcuts carry zwgk.ico."""
    return QIcon(str(resources_dir() / "icons" / "zwgk.png"))
