"""The file checked on open: a damaged file, one not ours or from a newer version gets a message and the offer of
the newest good backup, nothing changed before the user chooses; a large file's pages are read once the window
is up. What to offer is decided by `exchange.open_check`; this module asks and acts."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from PySide6 import QtWidgets  # dialogs: see desktop/ui/errors.py
from PySide6.QtWidgets import QWidget

from desktop.db.connection import is_url
from desktop.db.lock import Access
from desktop.domain.errors import DomainError
from desktop.exchange import open_check
from desktop.exchange.open_check import LATER, NEW_DATABASE, OPEN_BACKUP, RESTORE_NOW
from desktop.exchange.restore import restore_database
from desktop.exchange.sqlite_file import FileCheck, check_database_file
from desktop.ui.background import run_in_background
from desktop.ui.errors import error_dialog
from desktop.ui.safety import backup_dialogs, choice

log = logging.getLogger("zwgk.safety")


def check_on_open(path: str | Path, access: Access | None = None, parent: QWidget | None = None) -> Path | str | None:
    """The file to open, after a read-only check. Returns the database path (unchanged, or restored from the
    newest good backup), the backup itself when this copy is read-only (someone else holds the file: it is not
    replaced under them), or None to quit."""
    if is_url(path):
        return path  # a PostgreSQL server looks after its own data
    path = Path(path)
    read_only = access is not None and access.read_only
    crashed = access is not None and access.crashed
    advice = choice.busy(open_check.advise, path, read_only=read_only, crashed=crashed)
    if advice is None:
        return path
    answer = choice.choose(parent, "数据库无法打开", advice.text, advice.options, details=advice.details)
    if answer == NEW_DATABASE:
        return path
    good = advice.good
    if answer != OPEN_BACKUP or good is None:
        return None
    if read_only:
        return good.path
    by = access.acting_user if access is not None else "系统"
    try:
        result = choice.busy(restore_database, good.path, path, by=by)
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


def check_pages_later(path: str | Path, parent: QWidget | None = None, access: Access | None = None) -> None:
    """quick_check, which reads every page of the file, on a worker thread once the window is up, for a large
    file that check_on_open opened after its header and schema only. A damaged page found now gets a warning
    with the way out — restoring the newest good backup — instead of errors at some later save."""
    crashed = access is not None and access.crashed
    if is_url(path) or open_check.pages_before_opening(Path(path), crashed):
        return  # read page by page before opening already

    def done(check: FileCheck) -> None:
        if check.ok:
            log.info("数据库页面检查通过：%s", path)
            return
        log.error("数据库页面检查未通过：%s", check.message)
        text = open_check.damaged_pages_text(check)
        details = open_check.details(Path(path), check)
        if choice.choose(parent, "数据库文件检查未通过", text, [RESTORE_NOW, LATER], details=details) == RESTORE_NOW:
            backup_dialogs.restore_dialog(parent, access)

    def failed(exc: BaseException, details: str) -> None:
        log.error("数据库页面检查无法完成：%s\n%s", exc, details)

    run_in_background(partial(check_database_file, path), done, failed, None, None)
