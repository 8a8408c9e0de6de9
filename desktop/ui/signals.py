"""The app-wide signals: after a save the UI emits `records_changed(register_key)` and pages refresh themselves."""

from PySide6.QtCore import QObject, Signal


class AppSignals(QObject):
    records_changed = Signal(str)  # register key, or "" for everything (e.g. after loading the demo)


signals = AppSignals()
