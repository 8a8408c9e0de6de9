"""Keeping the data safe from the GUI: the file checked on open, one writer per file, automatic backups,
备份到… and 从备份恢复…."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6 import QtWidgets  # dialogs: see desktop/ui/errors.py
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from desktop.db import lock as db_lock
from desktop.db.connection import is_url
from desktop.db.readonly import is_read_only
from desktop.domain.errors import DomainError
from desktop.exchange import backup
from desktop.exchange.restore import Restored, restore_database
from desktop.ui.background import run_in_background
from desktop.ui.errors import error_dialog
from desktop.ui.signals import signals

log = logging.getLogger("zwgk.safety")

OPEN_BACKUP = "打开最新的正常备份"
NEW_DATABASE = "新建空数据库"
READ_ONLY = "只读打开"
QUIT = "退出"
RESTORE_NOW = "从备份恢复…"
LATER = "稍后处理"
CHECK_BEFORE_OPENING_BYTES = 256 * 1024 * 1024  # six years of an office like the demo's (43 MB a year)
AUTO_BACKUP_HOURS = 4
_TICK_MS = 15 * 60 * 1000  # how often AutoBackup asks whether a backup is due
_HEARTBEAT_MS = int(db_lock.HEARTBEAT_EVERY.total_seconds() * 1000)


@dataclass
class Access:
    """How this copy of the app holds the database: as its one writer (with the lock) or read-only."""

    path: str | Path
    lock: db_lock.Lock | None
    read_only: bool
    user: str = ""

    @property
    def note(self) -> str:
        return self.lock.note if self.lock is not None else ""


_access: Access | None = None
_heartbeat: QTimer | None = None


def current_access() -> Access | None:
    return _access


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


def _busy(fn, *args, **kwargs):
    QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        return fn(*args, **kwargs)
    finally:
        QGuiApplication.restoreOverrideCursor()


# -- opening ----------------------------------------------------------------------------------------------------


def check_on_open(path: str | Path, parent: QWidget | None = None) -> Path | str | None:
    """The file to open, after a read-only check. A corrupt file, one not ours or written by a newer version gets
    a message and the offer to open the newest good backup; nothing is changed before the user chooses. Returns
    the database path (unchanged, or restored from the backup), the backup itself when this copy is read-only
    (someone else holds the file: it is not replaced under them), or None to quit."""
    if is_url(path):
        return path  # a PostgreSQL server looks after its own data
    path = Path(path)
    check = _busy(backup.check_database_file, path, pages=_check_pages_before_opening(path))
    if check.ok:
        return path
    newest = backup.list_backups(backup.backups_dir(path), path.stem)
    if check.state is backup.FileState.NEW and (path.exists() or not newest):
        return path  # first start, or an empty file: init_db creates the tables
    read_only = _access is not None and _access.read_only
    # A locked or forbidden file may well be fine: only a read-only copy may turn to a backup instead.
    offer = newest and (read_only or check.state is not backup.FileState.UNREADABLE)
    good = _busy(backup.newest_good_backup, path) if offer else None
    if check.state is backup.FileState.NEW:
        text = (
            f"找不到数据库文件 {path}，但它旁边有备份。\n\n"
            "如果数据库被移动或删除，请用最新的正常备份；只有确实要从头开始时才新建空数据库。"
        )
    else:
        text = check.message + "\n\n为防止损坏，该文件没有被改动。"
    if good is not None:
        text += f"\n\n最新的正常备份：{good.taken:%Y-%m-%d %H:%M}（{good.size_text}）。"
        if not read_only and path.exists():
            text += "\n打开备份时，当前文件会先另存为副本；备份之后录入的内容不在备份中，需要核对补录。"
    elif offer:
        text += "\n\n备份文件夹中没有通过检查的备份。"
    elif not newest:
        text += "\n\n没有找到备份。"
    options = (
        ([OPEN_BACKUP] if good is not None else [])
        + ([NEW_DATABASE] if check.state is backup.FileState.NEW else [])
        + [QUIT]
    )
    answer = choose(parent, "数据库无法打开", text, options, details=_details(path, check))
    if answer == NEW_DATABASE:
        return path
    if answer != OPEN_BACKUP or good is None:
        return None
    if read_only:
        return good.path
    try:
        result = _busy(restore_database, good.path, path, by=_access.user if _access and _access.user else "系统")
    except DomainError as exc:
        error_dialog(parent, exc.message)
        return None
    kept = f"原文件已另存为 {result.kept.name}。" if result.kept is not None else ""
    QtWidgets.QMessageBox.information(
        parent,
        "已打开备份",
        f"已用 {good.taken:%Y-%m-%d %H:%M} 的备份替换数据库。{kept}\n请核对并补录备份之后录入的内容。",
    )
    return path


def _details(path: str | Path, check: backup.FileCheck) -> str:
    return f"{path}\n\n{check.report}" if check.report else str(path)


def _check_pages_before_opening(path: Path) -> bool:
    """Whether opening waits for the check of every page (quick_check: about 1 s per GB from the disk cache and
    10 s cold): for a file up to CHECK_BEFORE_OPENING_BYTES, and for any file whose last session ended without
    closing (a crash or a power cut is when pages get damaged). A larger file that was closed properly opens
    after the header and schema check, and check_pages_later reads its pages once the window is up."""
    crashed = _access is not None and _access.lock is not None and _access.lock.previous is not None
    try:
        small = path.stat().st_size <= CHECK_BEFORE_OPENING_BYTES
    except OSError:
        small = True  # missing or unreadable: the check itself says what is wrong
    return small or crashed


def check_pages_later(path: str | Path, parent: QWidget | None = None) -> None:
    """quick_check, which reads every page of the file, on a worker thread once the window is up, for a large
    file that check_on_open opened after its header and schema only. A damaged page found now gets a warning
    with the way out — restoring the newest good backup — instead of errors at some later save."""
    if is_url(path) or _check_pages_before_opening(Path(path)):
        return  # read page by page before opening already

    def done(check: backup.FileCheck) -> None:
        if check.ok:
            log.info("数据库页面检查通过：%s", path)
            return
        log.error("数据库页面检查未通过：%s", check.message)
        text = (
            check.message + "\n\n请尽快用“文件→从备份恢复…”换回最新的正常备份，再核对补录备份之后的内容；"
            "在此之前，读取或保存受损部分的记录可能出错。"
        )
        if (
            choose(parent, "数据库文件检查未通过", text, [RESTORE_NOW, LATER], details=_details(path, check))
            == RESTORE_NOW
        ):
            restore_dialog(parent)

    def failed(exc: BaseException, details: str) -> None:
        log.error("数据库页面检查无法完成：%s\n%s", exc, details)

    run_in_background(partial(backup.check_database_file, path), done, failed, None, None)


def acquire_or_read_only(path: str | Path, user: str, parent: QWidget | None = None) -> Access | None:
    """Take the file as its one writer; when another copy of the app holds it, say who and since when and offer
    to open it read-only. None: the user chose to quit. The lock's heartbeat runs until the app quits."""
    global _access
    if is_url(path):  # PostgreSQL serialises writers itself
        _access = Access(path, None, False, user)
        return _access
    try:
        lock = db_lock.acquire(Path(path), user)
    except db_lock.DatabaseInUse as exc:
        text = (
            f"{exc.message}。\n\n同一时间只能有一处修改数据。可以只读打开：查看、查询、导出和生成报告，但不能保存修改。"
        )
    except DomainError as exc:
        text = f"{exc.message}。\n\n可以只读打开：查看、查询、导出和生成报告，但不能保存修改。"
    else:
        if lock.note:
            log.warning("%s", lock.note)
        _access = Access(path, lock, False, user)
        _start_heartbeat(lock)
        return _access
    if choose(parent, "数据库正在使用", text, [READ_ONLY, QUIT]) != READ_ONLY:
        return None
    _access = Access(path, None, True, user)
    return _access


def set_user(user: str) -> None:
    """After login: the lock names the signed-in user instead of the OS login."""
    if _access is not None:
        _access.user = user
        if _access.lock is not None:
            _access.lock.touch(user)


def release() -> None:
    """Give the file up (the app quits, or a test ends)."""
    global _access, _heartbeat
    if _heartbeat is not None:
        _heartbeat.stop()
        _heartbeat.deleteLater()
        _heartbeat = None
    if _access is not None and _access.lock is not None:
        _access.lock.release()
    _access = None


def _start_heartbeat(lock: db_lock.Lock) -> None:
    global _heartbeat
    app = QApplication.instance()
    _heartbeat = QTimer(app)
    _heartbeat.setInterval(_HEARTBEAT_MS)
    warned = []

    def beat() -> None:
        if lock.touch() or warned:
            return
        warned.append(True)  # once: a dialog every five minutes would help nobody
        holder = db_lock.read_holder(lock.db_path)
        who = f"已被 {holder.describe()} 接管" if holder else "已被删除"
        error_dialog(None, f"数据库的使用锁{who}。为避免两处同时修改，请保存手头的工作后关闭本软件。")

    _heartbeat.timeout.connect(beat)
    _heartbeat.start()
    app.aboutToQuit.connect(release)


# -- backups ----------------------------------------------------------------------------------------------------


def backup_to_dialog(parent: QWidget | None = None) -> None:
    """备份到…: a verified copy into a folder the user picks (a USB stick); the result is shown when done."""
    try:
        source = backup.current_db_path()
    except DomainError as exc:
        error_dialog(parent, exc.message)
        return
    folder = QtWidgets.QFileDialog.getExistingDirectory(parent, "备份到（例如U盘）", str(Path.home()))
    if not folder:
        return

    def done(result: tuple[Path, backup.FileCheck]) -> None:
        path, check = result
        QtWidgets.QMessageBox.information(parent, "备份完成", f"已备份到 {path}\n校验：{check.message}")

    def failed(exc: BaseException, details: str) -> None:
        error_dialog(parent, exc.message if isinstance(exc, DomainError) else f"备份失败：{exc}", details)

    run_in_background(
        partial(backup.backup_with_check, folder, "备份到", source), done, failed, parent, "正在备份并校验…"
    )


def restore_dialog(parent: QWidget | None = None) -> Restored | None:
    """从备份恢复…: pick a file, check it, confirm, restore (the current database is kept as a copy first)."""
    if is_read_only() or (_access is not None and _access.read_only):
        error_dialog(parent, "只读打开时不能恢复备份：数据库正由另一处使用")
        return None
    try:
        target = backup.current_db_path()
    except DomainError as exc:
        error_dialog(parent, exc.message)
        return None
    start = backup.backups_dir(target)
    name, _ = QtWidgets.QFileDialog.getOpenFileName(
        parent,
        "选择要恢复的备份",
        str(start if start.is_dir() else target.parent),
        "数据库备份 (*.sqlite3 *.db *.bak);;所有文件 (*)",
    )
    if not name:
        return None
    source = Path(name)
    check = _busy(backup.check_database_file, source, full=True)
    if not check.ok:
        error_dialog(parent, f"该文件不能用于恢复，当前数据库未改变。\n{check.message}")
        return None
    button = QtWidgets.QMessageBox.StandardButton
    answer = QtWidgets.QMessageBox.question(
        parent,
        "从备份恢复",
        f"用备份 {source.name} 替换当前数据库？\n\n校验：{check.message}\n\n当前数据库会先另存为副本；"
        "备份之后录入的内容不在恢复后的数据库中。",
        button.Yes | button.No,
        button.No,
    )
    if answer != button.Yes:
        return None
    user = _access.user if _access is not None and _access.user else "系统"
    try:
        result = _busy(restore_database, source, target, by=user)
    except DomainError as exc:
        error_dialog(parent, exc.message)
        return None
    signals.records_changed.emit("")
    kept = f"原数据库已另存为 {result.kept.name}。" if result.kept is not None else ""
    QtWidgets.QMessageBox.information(
        parent, "恢复完成", f"已从 {source.name} 恢复。{kept}\n请关闭并重新打开软件，以确保所有窗口显示恢复后的数据。"
    )
    return result


class AutoBackup(QObject):
    """A backup when the app starts and whenever the newest is AUTO_BACKUP_HOURS old while it runs, on a worker
    thread; only the writer backs up (a read-only copy on another PC must not rotate the folder)."""

    backed_up = Signal(object)  # Path
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, hours: float = AUTO_BACKUP_HOURS, start_delay_ms: int = 3000):
        super().__init__(parent)
        self.hours = hours
        self.running = False
        self._warned = False
        self.db_path: Path | None = None
        try:
            self.db_path = backup.current_db_path()
        except DomainError as exc:
            log.info("不做自动备份：%s", exc.message)
        self.timer = QTimer(self)
        self.timer.setInterval(_TICK_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        if self.enabled:
            self.timer.start()
            QTimer.singleShot(start_delay_ms, self, lambda: self.run(force=True))

    @property
    def enabled(self) -> bool:
        return self.db_path is not None and not is_read_only() and not (_access is not None and _access.read_only)

    def _on_timer_timeout(self) -> None:
        self.run()

    def run(self, force: bool = False) -> None:
        """Back up now if forced or due; the work runs off the GUI thread."""
        if not self.enabled or self.running:
            return
        if not force and not backup.due_for_backup(backup.backups_dir(self.db_path), self.hours, self.db_path.stem):
            return
        self.running = True
        run_in_background(
            partial(backup.make_backup, None, "自动", self.db_path),
            self._on_backup_done,
            self._on_backup_failed,
            None,
            None,
        )

    def _on_backup_done(self, path: Path) -> None:
        self.running = False
        self.backed_up.emit(path)

    def _on_backup_failed(self, exc: BaseException, details: str) -> None:
        self.running = False
        message = exc.message if isinstance(exc, DomainError) else f"自动备份失败：{exc}"
        log.error("自动备份失败：%s\n%s", message, details)
        self.failed.emit(message)
        if not self._warned:  # once per session; the status bar shows later failures
            self._warned = True
            error_dialog(None, f"自动备份失败：{message}", details)
