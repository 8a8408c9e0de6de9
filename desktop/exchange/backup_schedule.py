"""When the app backs up by itself, without Qt: at start and whenever the newest backup is AUTO_BACKUP_HOURS old;
only the writer backs up (a read-only copy on another PC must not rotate the folder); one backup at a time; a
failure is told in a dialog once per session and in the status bar every time."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop.db.readonly import is_read_only
from desktop.domain.errors import DomainError
from desktop.exchange import backup
from desktop.exchange.sqlite_file import current_db_path

log = logging.getLogger("zwgk.safety")

AUTO_BACKUP_HOURS = 4


class BackupSchedule:
    """The automatic backups of the database the app is bound to. `begin()` says whether to start one now (and
    marks it running); the caller runs `backup.make_backup(None, "自动", db_path)` off the GUI thread and reports
    back with `done()` or `failed()`."""

    def __init__(self, hours: float = AUTO_BACKUP_HOURS, read_only: bool = False):
        self.hours = hours
        self.read_only = read_only  # this copy opened the file read-only: another copy writes and backs up
        self.running = False
        self._warned = False
        self.db_path: Path | None = None
        try:
            self.db_path = current_db_path()
        except DomainError as exc:  # PostgreSQL: the server's job
            log.info("不做自动备份：%s", exc.message)

    @property
    def enabled(self) -> bool:
        return self.db_path is not None and not is_read_only() and not self.read_only

    def due(self) -> bool:
        assert self.db_path is not None
        return backup.due_for_backup(backup.backups_dir(self.db_path), self.hours, self.db_path.stem)

    def begin(self, force: bool = False) -> bool:
        """True when a backup should start now (forced at start, or due); it then counts as running."""
        if not self.enabled or self.running or not (force or self.due()):
            return False
        self.running = True
        return True

    def done(self) -> None:
        self.running = False

    def failed(self, exc: BaseException, details: str = "") -> tuple[str, bool]:
        """The message for the status bar, and whether to show it in a dialog too (the first failure only)."""
        self.running = False
        message = exc.message if isinstance(exc, DomainError) else f"自动备份失败：{exc}"
        log.error("自动备份失败：%s\n%s", message, details)
        first, self._warned = not self._warned, True
        return message, first


__all__ = ["AUTO_BACKUP_HOURS", "BackupSchedule"]
