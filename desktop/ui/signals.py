"""The app-wide signals: after a save the UI emits `records_changed(register_key)` and pages refresh themselves."""

from PySide6.QtCore import QObject, Signal


class AppSignals(QObject):
    records_changed = Signal(str)  # register key, or "" for everything (e.g. after loading the demo)
    # (register key, title, condition): list exactly these records (a number of the 统计 page or of table 三)
    show_records_requested = Signal(str, str, object)


signals = AppSignals()
