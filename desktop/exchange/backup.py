"""Backups of the SQLite database: verified online copies beside it or in a folder the user picks, listed and
rotated. Checking a file is `sqlite_file`'s job and restoring one `restore`'s; this module imports neither of them
back (backup -> sqlite_file <- restore)."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from desktop.domain.errors import DomainError

# Re-exported: callers that check a file before a backup (the command line, the first-start wizard, the crash
# test) have always found these here.
from desktop.exchange.sqlite_file import (
    SERVER_MESSAGE,
    FileCheck,
    FileState,
    check_database_file,
    copy_database,
    current_db_path,
    db_file,
    fsync_dir,
    fsync_file,
)

log = logging.getLogger("zwgk.backup")

BACKUP_FOLDER = "backups"
# `<database stem>-YYYYmmdd-HHMMSS[-n].sqlite3`: the stem keeps two databases in one folder from rotating each
# other's backups; nothing else in a backups folder is ever deleted.
_NAME = re.compile(r"^(?P<stem>.+)-(?P<day>\d{8})-(?P<time>\d{6})(?:-(?P<n>\d{1,3}))?\.sqlite3$")


class BackupInfo(NamedTuple):
    path: Path
    taken: datetime
    size: int

    @property
    def size_text(self) -> str:
        return f"{self.size / 1_048_576:.1f} MB" if self.size >= 1_048_576 else f"{max(1, self.size // 1024)} KB"


def backups_dir(db_path: str | Path) -> Path:
    """The folder of the automatic backups: `backups` beside the database."""
    return Path(db_path).parent / BACKUP_FOLDER


# -- making -----------------------------------------------------------------------------------------------------


def backup_with_check(
    target_dir: str | Path | None = None, reason: str = "auto", db_path: str | Path | None = None
) -> tuple[Path, FileCheck]:
    """`make_backup`, also returning the verification of the copy (for the command line and the menu)."""
    source = Path(db_path) if db_path is not None else current_db_path()
    if not source.is_file() or source.stat().st_size == 0:
        raise DomainError(f"数据库文件不存在：{source}")
    folder = Path(target_dir) if target_dir is not None else backups_dir(source)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DomainError(f"无法建立备份文件夹 {folder}（{exc}）") from exc
    final = _free_name(folder, source.stem, datetime.now())
    part = final.with_name(final.name + ".part")
    try:
        copy_database(source, part)
        check = check_database_file(part, full=True)
        if not check.ok:
            raise DomainError(f"备份未通过校验，未保存：{check.message}")
        fsync_file(part)
        os.replace(part, final)
        fsync_dir(folder)
        check = check._replace(path=final)
    except (OSError, sqlite3.Error) as exc:
        raise DomainError(f"备份失败（{exc}）：请检查目标磁盘的空间和写入权限") from exc
    finally:
        part.unlink(missing_ok=True)
    log.info("备份（%s）：%s → %s；%s", reason, source, final, check.message)
    if target_dir is None:
        rotate(folder)
    return final, check


def make_backup(target_dir: str | Path | None = None, reason: str = "auto", db_path: str | Path | None = None) -> Path:
    """A consistent copy of the open database (SQLite backup API, while others go on writing) into
    `<db folder>/backups` (rotated) or `target_dir` (not rotated: a USB stick is the user's), written under a
    `.part` name and renamed only after the copy passed integrity_check, is ours, and its audit chain verifies."""
    return backup_with_check(target_dir, reason, db_path)[0]


def _free_name(folder: Path, stem: str, when: datetime) -> Path:
    base = f"{stem}-{when:%Y%m%d-%H%M%S}"
    candidate = folder / f"{base}.sqlite3"
    n = 0
    while candidate.exists() or candidate.with_name(candidate.name + ".part").exists():
        n += 1
        candidate = folder / f"{base}-{n}.sqlite3"
    return candidate


# -- listing and rotating ---------------------------------------------------------------------------------------


def _parse(path: Path) -> tuple[str, datetime, int] | None:
    m = _NAME.match(path.name)
    if m is None:
        return None
    try:
        taken = datetime.strptime(m["day"] + m["time"], "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return m["stem"], taken, int(m["n"] or 0)


def list_backups(folder: str | Path, stem: str | None = None) -> list[BackupInfo]:
    """Our backup files in a folder (of the database named `stem`, or all), newest first by the time in the name
    (file times change when files are copied)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found: list[tuple[datetime, int, BackupInfo]] = []
    for path in folder.iterdir():
        parsed = _parse(path)
        if parsed is None or not path.is_file() or (stem is not None and parsed[0] != stem):
            continue
        found.append((parsed[1], parsed[2], BackupInfo(path, parsed[1], path.stat().st_size)))
    found.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [info for _, _, info in found]


def rotate(folder: str | Path, daily: int = 7, weekly: int = 4, monthly: int = 12) -> list[Path]:
    """Keep the newest backup of each of the last `daily` days, `weekly` ISO weeks and `monthly` months that have
    backups (days the PC was off do not use up the count); delete the rest. The newest is never deleted, nor any
    file not named like ours. Returns the deleted files."""
    folder = Path(folder)
    stems = {_parse(info.path)[0] for info in list_backups(folder)}
    deleted: list[Path] = []
    for stem in sorted(stems):
        infos = list_backups(folder, stem)
        keep = {infos[0].path}
        rules = (
            (daily, lambda t: t.date()),
            (weekly, lambda t: t.isocalendar()[:2]),
            (monthly, lambda t: (t.year, t.month)),
        )
        for count, period in rules:
            seen: set[object] = set()
            for info in infos:  # newest first: the first of each period is its newest
                key = period(info.taken)
                if key in seen:
                    continue
                if len(seen) >= count:
                    break
                seen.add(key)
                keep.add(info.path)
        for info in infos:
            if info.path in keep:
                continue
            try:
                info.path.unlink()
                deleted.append(info.path)
            except OSError as exc:
                log.warning("无法删除旧备份 %s：%s", info.path, exc)
    _remove_old_parts(folder)
    return deleted


def _remove_old_parts(folder: Path) -> None:
    # A `.part` is left only when the app was killed mid-backup; one a day old belongs to no running backup.
    limit = datetime.now().timestamp() - 86_400
    for path in folder.glob("*.sqlite3.part"):
        if _parse(path.with_suffix("")) is not None and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def due_for_backup(folder: str | Path, hours: float = 4, stem: str | None = None) -> bool:
    """True when the newest backup is `hours` old or more, or there is none. A backup dated in the future (the
    clock was turned back) does not count, or it would stop backups until that date."""
    now = datetime.now()
    past = [b for b in list_backups(folder, stem) if b.taken <= now]
    return not past or now - past[0].taken >= timedelta(hours=hours)


def newest_good_backup(db_path: str | Path) -> BackupInfo | None:
    """The newest backup of this database that passes the full check (integrity, ours, this version, audit chain)."""
    db_path = Path(db_path)
    for info in list_backups(backups_dir(db_path), db_path.stem):
        if check_database_file(info.path, full=True).ok:
            return info
        log.warning("备份 %s 未通过检查，跳过", info.path.name)
    return None


__all__ = [
    "SERVER_MESSAGE",
    "BackupInfo",
    "FileCheck",
    "FileState",
    "backup_with_check",
    "backups_dir",
    "check_database_file",
    "copy_database",
    "current_db_path",
    "db_file",
    "due_for_backup",
    "fsync_dir",
    "fsync_file",
    "list_backups",
    "make_backup",
    "newest_good_backup",
    "rotate",
]
