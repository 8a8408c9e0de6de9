"""备份到… (a verified copy into a folder the user picks, a USB stick) and 从备份恢复… (pick a file, check it,
confirm, restore with the current database kept as a copy first), from the 文件 menu."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6 import QtWidgets  # dialogs: see desktop/ui/errors.py
from PySide6.QtWidgets import QWidget

from desktop.db.lock import Access
from desktop.db.readonly import is_read_only
from desktop.domain.errors import DomainError
from desktop.exchange import backup
from desktop.exchange.restore import Restored, restore_database
from desktop.exchange.sqlite_file import FileCheck, check_database_file, current_db_path
from desktop.ui.background import run_in_background
from desktop.ui.errors import error_dialog
from desktop.ui.safety.choice import busy
from desktop.ui.signals import signals


def backup_to_dialog(parent: QWidget | None = None) -> None:
    """备份到…: the copy is made and verified on a worker thread; the result is shown when done."""
    try:
        source = current_db_path()
    except DomainError as exc:
        error_dialog(parent, exc.message)
        return
    folder = QtWidgets.QFileDialog.getExistingDirectory(parent, "备份到（例如U盘）", str(Path.home()))
    if not folder:
        return

    def done(result: tuple[Path, FileCheck]) -> None:
        path, check = result
        QtWidgets.QMessageBox.information(parent, "备份完成", f"已备份到 {path}\n校验：{check.message}")

    def failed(exc: BaseException, details: str) -> None:
        error_dialog(parent, exc.message if isinstance(exc, DomainError) else f"备份失败：{exc}", details)

    run_in_background(
        partial(backup.backup_with_check, folder, "备份到", source), done, failed, parent, "正在备份并校验…"
    )


def restore_dialog(parent: QWidget | None = None, access: Access | None = None) -> Restored | None:
    """从备份恢复…: refused read-only (another copy writes the file); the restore is logged as `access.user`."""
    if is_read_only() or (access is not None and access.read_only):
        error_dialog(parent, "只读打开时不能恢复备份：数据库正由另一处使用")
        return None
    try:
        target = current_db_path()
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
    check = busy(check_database_file, source, full=True)
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
    by = access.acting_user if access is not None else "系统"
    try:
        result = busy(restore_database, source, target, by=by)
    except DomainError as exc:
        error_dialog(parent, exc.message)
        return None
    signals.records_changed.emit("")
    kept = f"原数据库已另存为 {result.kept.name}。" if result.kept is not None else ""
    QtWidgets.QMessageBox.information(
        parent, "恢复完成", f"已从 {source.name} 恢复。{kept}\n请关闭并重新打开软件，以确保所有窗口显示恢复后的数据。"
    )
    return result
