"""One writer per file, from the GUI: take the database's writer lock or, when another copy of the app holds it, say
who and since when and offer to open it read-only; keep the lock's heartbeat while the app runs. The lock itself
is `db.lock.WriterLock`; the app object (`ui.app.DesktopApp`) owns it and this heartbeat."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from desktop.db import lock as db_lock
from desktop.db.lock import Access, WriterLock
from desktop.domain.errors import DomainError
from desktop.exchange.open_check import QUIT
from desktop.ui.errors import error_dialog
from desktop.ui.safety import choice

log = logging.getLogger("zwgk.safety")

READ_ONLY = "只读打开"
HEARTBEAT_MS = int(db_lock.HEARTBEAT_EVERY.total_seconds() * 1000)
_READ_ONLY_OFFER = "可以只读打开：查看、查询、导出和生成报告，但不能保存修改。"


def take_database(target: str | Path, user: str, parent: QWidget | None = None) -> Access | None:
    """The database as its one writer (the lock held), or read-only when another copy holds it and the user agrees;
    None: the user chose to quit. The caller releases the access when the app ends."""
    lock = WriterLock(target, user)
    try:
        lock.acquire()
    except db_lock.DatabaseInUse as exc:
        text = f"{exc.message}。\n\n同一时间只能有一处修改数据。{_READ_ONLY_OFFER}"
    except DomainError as exc:
        text = f"{exc.message}。\n\n{_READ_ONLY_OFFER}"
    else:
        if lock.note:
            log.warning("%s", lock.note)
        return Access(target, lock, False, user)
    if choice.choose(parent, "数据库正在使用", text, [READ_ONLY, QUIT]) != READ_ONLY:
        return None
    return Access(target, None, True, user)


class Heartbeat(QObject):
    """Refreshes the writer lock every HEARTBEAT_EVERY; the first time it turns out to be lost (taken over or
    deleted), the user is told to save and close."""

    def __init__(self, lock: WriterLock, parent: QObject | None = None, interval_ms: int = HEARTBEAT_MS):
        super().__init__(parent)
        self.lock = lock
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.timer.start()

    def _on_timer_timeout(self) -> None:
        message = self.lock.heartbeat()
        if message:
            error_dialog(None, message)

    def stop(self) -> None:
        self.timer.stop()
