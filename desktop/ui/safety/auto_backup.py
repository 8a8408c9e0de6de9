"""The automatic backups while the app runs: a timer asks `exchange.backup_schedule` whether one is due and runs
it on a worker thread; a failure shows in the status bar every time and in a dialog the first time."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.db.lock import Access
from desktop.exchange import backup
from desktop.exchange.backup_schedule import AUTO_BACKUP_HOURS, BackupSchedule
from desktop.ui.background import run_in_background
from desktop.ui.errors import error_dialog

TICK_MS = 15 * 60 * 1000  # how often AutoBackup asks whether a backup is due


class AutoBackup(QObject):
    """A backup when the app starts (after `start_delay_ms`) and whenever the newest is `hours` old."""

    backed_up = Signal(object)  # Path
    failed = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        hours: float = AUTO_BACKUP_HOURS,
        start_delay_ms: int = 3000,
        access: Access | None = None,
    ):
        super().__init__(parent)
        self.schedule = BackupSchedule(hours, read_only=access is not None and access.read_only)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        if self.enabled:
            self.timer.start()
            QTimer.singleShot(start_delay_ms, self, lambda: self.run(force=True))

    @property
    def enabled(self) -> bool:
        return self.schedule.enabled

    @property
    def running(self) -> bool:
        return self.schedule.running

    @property
    def db_path(self) -> Path | None:
        return self.schedule.db_path

    def _on_timer_timeout(self) -> None:
        self.run()

    def run(self, force: bool = False) -> None:
        """Back up now if forced or due; the work runs off the GUI thread."""
        if not self.schedule.begin(force):
            return
        run_in_background(
            partial(backup.make_backup, None, "自动", self.schedule.db_path),
            self._on_backup_done,
            self._on_backup_failed,
            None,
            None,
        )

    def _on_backup_done(self, path: Path) -> None:
        self.schedule.done()
        self.backed_up.emit(path)

    def _on_backup_failed(self, exc: BaseException, details: str) -> None:
        message, first = self.schedule.failed(exc, details)
        self.failed.emit(message)
        if first:  # once per session; the status bar shows later failures
            error_dialog(None, f"自动备份失败：{message}", details)
