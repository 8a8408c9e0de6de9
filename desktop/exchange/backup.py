"""Backups of the SQLite database: verified online copies beside it, rotated; checking a file; restoring one."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

import peewee as pw

from desktop.db import audit, migrations
from desktop.db.connection import database_path, database_proxy, default_db_path, is_url
from desktop.domain.errors import DomainError

log = logging.getLogger("zwgk.backup")

BACKUP_FOLDER = "backups"
SERVER_MESSAGE = (
    "PostgreSQL 数据库的备份由数据库服务器负责（请管理员用 pg_dump 定期备份），本软件只备份和恢复 SQLite 数据库文件"
)
# `<database stem>-YYYYmmdd-HHMMSS[-n].sqlite3`: the stem keeps two databases in one folder from rotating each
# other's backups; nothing else in a backups folder is ever deleted.
_NAME = re.compile(r"^(?P<stem>.+)-(?P<day>\d{8})-(?P<time>\d{6})(?:-(?P<n>\d{1,3}))?\.sqlite3$")


class FileState(StrEnum):
    OK = "ok"
    NEW = "new"  # missing, empty, or an empty SQLite file: init_db creates the tables
    CORRUPT = "corrupt"
    FOREIGN = "foreign"
    NEWER = "newer"
    UNREADABLE = "unreadable"  # locked or no permission: says nothing about the content


class FileCheck(NamedTuple):
    path: Path
    state: FileState
    message: str
    version: int = 0
    report: str = ""  # SQLite's own words on a damaged file (often hundreds of lines): for 详细信息, not the message

    @property
    def ok(self) -> bool:
        return self.state is FileState.OK


class BackupInfo(NamedTuple):
    path: Path
    taken: datetime
    size: int

    @property
    def size_text(self) -> str:
        return f"{self.size / 1_048_576:.1f} MB" if self.size >= 1_048_576 else f"{max(1, self.size // 1024)} KB"


class Restored(NamedTuple):
    db_path: Path
    backup: Path
    kept: Path | None  # the database as it was before, None when there was none
    check: FileCheck


# -- where ------------------------------------------------------------------------------------------------------


def db_file(target: str | Path | None = None) -> Path:
    """The SQLite file of a --db argument (default: the data folder); PostgreSQL is refused."""
    if target is None:
        return default_db_path()
    if is_url(target):
        url = str(target)
        if url.startswith("sqlite:///"):
            return Path(url[len("sqlite:///") :]).expanduser()
        raise DomainError(SERVER_MESSAGE)
    return Path(target).expanduser()


def current_db_path() -> Path:
    """The file of the database the app is bound to; PostgreSQL is refused."""
    database = database_proxy.obj
    if database is None:
        raise DomainError("尚未打开数据库")
    path = database_path(database)
    if path is None:
        raise DomainError(SERVER_MESSAGE)
    return path


def backups_dir(db_path: str | Path) -> Path:
    return Path(db_path).parent / BACKUP_FOLDER


def _ro_uri(path: Path) -> str:
    # Quoted, so that '#', '?' or '%' in a folder name are not read as parts of the URI.
    return "file:" + quote(path.absolute().as_posix(), safe="/:") + "?mode=ro"


# -- checking ---------------------------------------------------------------------------------------------------


def check_database_file(path: str | Path, *, full: bool = False, pages: bool = True) -> FileCheck:
    """Whether a file can be opened as this app's database, read-only (nothing is written, not even the WAL
    pragma). quick_check by default; `full` runs integrity_check and verifies the audit chain (backups);
    `pages=False` reads only the header and the schema — what opening the app waits for: quick_check reads
    every page, 1 s warm and 12 s cold for ten years of a busy office (1.2 GB), so the app runs it after
    the window is up (ui.safety.check_pages_later)."""
    path = Path(path)
    if path.is_dir():
        return FileCheck(path, FileState.FOREIGN, f"{path} 是一个文件夹，不是数据库文件")
    if not path.exists() or path.stat().st_size == 0:
        return FileCheck(path, FileState.NEW, f"数据库文件 {path.name} 不存在或为空")
    try:
        con = sqlite3.connect(_ro_uri(path), uri=True)
        try:
            pragma = "integrity_check" if full else "quick_check"
            problems = [r[0] for r in con.execute(f"PRAGMA {pragma}").fetchmany(10)] if pages or full else ["ok"]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            refusal = None  # why the file is not ours (or too new), from the same connection
            if problems == ["ok"]:
                try:
                    migrations.precheck_connection(con)
                except DomainError as exc:
                    refusal = exc.message
        finally:
            con.close()
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "locked" in text or "unable to open" in text or "readonly" in text:
            return FileCheck(
                path, FileState.UNREADABLE, f"无法读取数据库文件 {path.name}（{text}）：文件被占用或没有权限"
            )
        return FileCheck(path, FileState.CORRUPT, f"数据库文件 {path.name} 已损坏或不是数据库文件（{text}）")
    except sqlite3.DatabaseError as exc:
        return FileCheck(path, FileState.CORRUPT, f"数据库文件 {path.name} 已损坏或不是数据库文件（{exc}）")
    if problems != ["ok"]:
        lines = [
            line for p in problems for line in p.replace("*** in database main ***", "").splitlines() if line.strip()
        ]
        more = f"等{len(lines)}处问题" if len(lines) > 1 else ""
        return FileCheck(
            path,
            FileState.CORRUPT,
            f"数据库文件 {path.name} 已损坏：{lines[0] if lines else ''}{more}",
            version,
            "\n".join(lines),
        )
    if refusal is not None:
        state = FileState.NEWER if version > migrations.LATEST else FileState.FOREIGN
        return FileCheck(path, state, refusal, version)
    if version == 0:
        return FileCheck(path, FileState.NEW if not tables else FileState.FOREIGN, f"数据库文件 {path.name} 是空数据库")
    if not full:
        return FileCheck(path, FileState.OK, "快速检查通过" if pages else "文件头与表结构正常", version)
    chain = _verify_chain_of(path)
    if not chain.ok:
        return FileCheck(path, FileState.CORRUPT, f"数据库文件 {path.name} 的{chain.message}", version)
    anchor = f"；{chain.head.printed()}" if chain.head is not None else ""
    return FileCheck(path, FileState.OK, f"完整性检查通过；{chain.message}{anchor}", version)


def _verify_chain_of(path: Path) -> audit.ChainResult:
    # A database object of its own: the models stay bound to the app's database, so this may run on a worker
    # thread while the GUI goes on using the real one.
    database = pw.SqliteDatabase(_ro_uri(path), uri=True)
    try:
        database.connect()
        return audit.verify_chain(database=database)
    except pw.DatabaseError as exc:
        return audit.ChainResult(False, 0, None, f"审计日志无法读取（{exc}）")
    finally:
        database.close()


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


def copy_database(source: Path, target: Path) -> None:
    src = sqlite3.connect(_ro_uri(source), uri=True)
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)  # all pages in one step: one read transaction, a consistent snapshot
            # A backup is one self-contained file (no -wal beside it to lose when copied to a USB stick).
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder for fsync; NTFS journals the rename itself
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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


# -- restoring --------------------------------------------------------------------------------------------------


def restore(backup_file: str | Path, db_path: str | Path | None = None, by: str = migrations.SYSTEM_USER) -> Restored:
    """Replace the database with a backup, keeping the current one as `<stem>.before-restore-<stamp>.sqlite3`; a
    failure at any step leaves the current database as it was. The steps are in `desktop.exchange.restore`."""
    from desktop.exchange.restore import restore_database

    return restore_database(backup_file, db_path, by)
