"""The SQLite database file itself: where it is, whether it can be opened as this app's database (read-only, nothing
written), and copying it consistently and durably. Shared by backing up and restoring, which do not import each
other."""

from __future__ import annotations

import os
import sqlite3
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

import peewee as pw

from desktop.db import audit, migrations
from desktop.db.connection import database_path, database_proxy, default_db_path, is_url
from desktop.domain.errors import DomainError

SERVER_MESSAGE = (
    "PostgreSQL 数据库的备份由数据库服务器负责（请管理员用 pg_dump 定期备份），本软件只备份和恢复 SQLite 数据库文件"
)


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


def _ro_uri(path: Path) -> str:
    # Quoted, so that '#', '?' or '%' in a folder name are not read as parts of the URI.
    return "file:" + quote(path.absolute().as_posix(), safe="/:") + "?mode=ro"


# -- checking ---------------------------------------------------------------------------------------------------


def check_database_file(path: str | Path, *, full: bool = False, pages: bool = True) -> FileCheck:
    """Whether a file can be opened as this app's database, read-only (nothing is written, not even the WAL
    pragma). quick_check by default; `full` runs integrity_check and verifies the audit chain (backups);
    `pages=False` reads only the header and the schema — what opening the app waits for: quick_check reads
    every page, 1 s warm and 12 s cold for ten years of a busy office (1.2 GB), so the app runs it after
    the window is up (ui.safety.opening.check_pages_later)."""
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


# -- copying ----------------------------------------------------------------------------------------------------


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
