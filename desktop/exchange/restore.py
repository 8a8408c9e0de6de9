"""Restoring a backup over the database, step by step, each failure undone so the current database stays as it was.
The file checks and copies come from `sqlite_file`; this module never imports `backup` (nor it this one)."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from desktop.db import audit
from desktop.db.connection import database_path, database_proxy, is_url
from desktop.db.lock import DatabaseInUse, held_by_other
from desktop.db.migrations import SYSTEM_USER
from desktop.domain.errors import DomainError
from desktop.exchange.sqlite_file import (
    FileCheck,
    check_database_file,
    copy_database,
    current_db_path,
    db_file,
    fsync_dir,
    fsync_file,
)

log = logging.getLogger("zwgk.backup")

_SIDECARS = ("-wal", "-journal")  # files that hold part of a database's content
_INDEX_FILES = ("-wal", "-shm", "-journal")  # everything SQLite keeps beside a database


class Restored(NamedTuple):
    db_path: Path
    backup: Path
    kept: Path | None  # the database as it was before, None when there was none
    check: FileCheck


def restore_database(backup_file: str | Path, db_path: str | Path | None = None, by: str = SYSTEM_USER) -> Restored:
    """Replace the database with a backup. The backup is checked first; the app's connection is closed; the
    current database (with its -wal) is copied to `<stem>.before-restore-<stamp>.sqlite3`; the checked copy is
    swapped in with os.replace; the database is reopened with init_db and the restore written to its audit log.
    A failure at any step leaves the current database as it was (and reopened if it was open)."""
    from desktop.db import close_db, init_db

    if db_path is None:
        target = current_db_path()
    elif is_url(db_path):
        target = db_file(db_path)
    else:
        target = Path(db_path)
    source = Path(backup_file)
    if source.exists() and target.exists() and source.resolve() == target.resolve():
        raise DomainError("不能用数据库文件自身恢复")
    holder = held_by_other(target)
    if holder is not None:
        raise DatabaseInUse(holder)
    check = check_database_file(source, full=True)
    if not check.ok:
        raise DomainError(f"不能从 {source.name} 恢复：{check.message}")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    staging = target.with_name(f"{target.name}.restore-{stamp}.part")
    kept = target.with_name(f"{target.stem}.before-restore-{stamp}.sqlite3") if target.exists() else None
    bound = database_proxy.obj
    was_open = bound is not None and database_path(bound) is not None and _same(database_path(bound), target)
    swapped = False
    try:
        _stage(source, staging)
        if was_open:
            close_db()
        if kept is not None:
            _keep_copy(target, kept)
        _swap(staging, target)
        swapped = True
        _remove_index_files(target)
        init_db(target)
        _log_restore(source, kept, check, by)
    except BaseException as exc:
        staging.unlink(missing_ok=True)
        if swapped:
            bound = database_proxy.obj
            if bound is not None and database_path(bound) is not None and _same(database_path(bound), target):
                close_db()
            _put_back(kept, target)
        elif kept is not None:  # the current database was never touched: the copy of it is not needed
            for path in (kept, *(Path(f"{kept}{s}") for s in _SIDECARS)):
                path.unlink(missing_ok=True)
        if was_open:
            try:
                init_db(target)
            except DomainError:
                log.exception("恢复失败后无法重新打开数据库")
        if isinstance(exc, DomainError):
            raise DomainError(f"恢复失败：{exc.message}；当前数据库未改变") from exc
        if isinstance(exc, (OSError, sqlite3.Error)):
            raise DomainError(f"恢复失败（{exc}），当前数据库未改变") from exc
        raise
    log.info("从备份 %s 恢复 %s；原数据库另存为 %s", source, target, kept)
    return Restored(target, source, kept, check)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a.absolute() == b.absolute()


def _stage(source: Path, staging: Path) -> None:
    """The backup copied next to the database (same disk, so the swap is a rename) and checked there."""
    copy_database(source, staging)
    check = check_database_file(staging)
    if not check.ok:
        raise DomainError(f"备份复制后校验未通过：{check.message}")
    fsync_file(staging)


def _keep_copy(target: Path, kept: Path) -> None:
    """The current database byte for byte, with the -wal that may hold its latest commits (a corrupt file could
    not go through the backup API, and this copy must keep whatever is there)."""
    shutil.copyfile(target, kept)
    fsync_file(kept)
    for suffix in _SIDECARS:
        side = Path(f"{target}{suffix}")
        if side.exists():
            shutil.copyfile(side, f"{kept}{suffix}")
            fsync_file(Path(f"{kept}{suffix}"))


def _swap(staging: Path, target: Path) -> None:
    os.replace(staging, target)
    fsync_dir(target.parent)


def _remove_index_files(target: Path) -> None:
    # The old file's -wal would be replayed onto the new one: it must go, and only after the swap succeeded
    # (before it, it is part of the current database).
    for suffix in _INDEX_FILES:
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def _put_back(kept: Path | None, target: Path) -> None:
    """Undo a swap from the byte copy taken before it (no copy: there was no database, so remove the new one)."""
    try:
        if kept is None:
            target.unlink(missing_ok=True)
        else:
            tmp = target.with_name(f"{target.name}.putback.part")
            shutil.copyfile(kept, tmp)
            fsync_file(tmp)
            os.replace(tmp, target)
        for suffix in _SIDECARS:
            side = Path(f"{kept}{suffix}") if kept is not None else None
            if side is not None and side.exists():
                shutil.copyfile(side, f"{target}{suffix}")
            else:
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        Path(f"{target}-shm").unlink(missing_ok=True)  # an index of whichever file was open last; rebuilt on open
    except OSError as exc:
        log.critical("恢复失败且无法还原原数据库：%s；原数据库完整保存在 %s", exc, kept)
        raise DomainError(f"恢复失败，且无法自动还原原数据库；原数据库完整保存在 {kept}，请联系管理员") from exc


def _log_restore(source: Path, kept: Path | None, check: FileCheck, by: str) -> None:
    from desktop.db import write_transaction
    from desktop.exchange.anchors import RESTORED_HEAD, head_of_file

    label = f"从备份 {source.name} 恢复" + (f"，原数据库另存为 {kept.name}" if kept else "")
    changes = {"backup": ("备份文件", None, str(source)), "check": ("校验", None, check.message)}
    before = head_of_file(kept) if kept is not None else None
    if before is not None:  # the history this restore sets aside: anchors taken after the backup name it
        changes[RESTORED_HEAD] = ("恢复前的审计链头", None, f"{before.id}:{before.hash}")
    with write_transaction():
        audit.append("恢复备份", "system", by, record_label=label[:128], changes=changes)
