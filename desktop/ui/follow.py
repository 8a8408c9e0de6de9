"""Pages that follow `records_changed`: a visible page refreshes once after a burst of saves, a hidden one only
when it is next shown (so a save stays quick however many pages are open)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from desktop.ui.signals import signals


class FollowChanges(QObject):
    def __init__(
        self,
        page: QWidget,
        refresh: Callable[[], None],
        delay_ms: int = 200,
        wants: Callable[[str], bool] | None = None,
    ):
        super().__init__(page)
        self.page = page
        self.refresh = refresh
        self.wants = wants or (lambda _key: True)
        self.stale = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self._on_timer_timeout)
        signals.records_changed.connect(self._on_records_changed)

    def soon(self) -> None:
        """Refresh after the pause (typing in a filter, a burst of saves)."""
        self.timer.start()

    def _on_records_changed(self, key: str) -> None:
        if not self.wants(key):
            return
        if self.page.isVisible():
            self.timer.start()
        elif not self.stale:
            # Watched only while stale: a filter sees every event of the page, each one wrapped for Python.
            self.stale = True
            self.page.installEventFilter(self)

    def _on_timer_timeout(self) -> None:
        self.stale = False
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: Qt may still deliver events while the Python side of a closing page is torn down.
        if (
            event.type() == QEvent.Type.Show
            and getattr(self, "stale", False)
            and watched is getattr(self, "page", None)
        ):
            self.stale = False
            watched.removeEventFilter(self)
            self.refresh()
        return False
