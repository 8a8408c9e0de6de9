"""Opening the database: SQLite file (default) or PostgreSQL URL, pragmas, and write transactions."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import peewee as pw
import platformdirs

from desktop import APP_ID
from desktop.db import drivers
from desktop.domain.errors import DomainError

database_proxy = pw.DatabaseProxy()

# WAL lets readers (a second window, the report) go on while one writer saves; NORMAL sync is safe with WAL
# (a power cut may lose the last commits but never corrupts); the busy timeout rides out a short lock.
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "busy_timeout": 10_000,
    "cache_size": -32_000,
}

# One number for the advisory lock that serialises writers on PostgreSQL (the audit chain needs one order).
_PG_WRITE_LOCK = 731_2345


def data_dir() -> Path:
    """The app's data folder: %APPDATA%\\zwgk on Windows, $XDG_DATA_HOME/zwgk on Linux."""
    return platformdirs.user_data_path(APP_ID, appauthor=False, roaming=True)


def default_db_path() -> Path:
    return data_dir() / "zwgk.sqlite3"


def is_url(target: str | Path) -> bool:
    return isinstance(target, str) and "://" in target


def open_database(target: str | Path | None) -> pw.Database:
    """Create the peewee database object for a path or URL, without migrating."""
    if target is None:
        target = default_db_path()
    if is_url(target):
        url = str(target)
        if url.startswith(("postgresql://", "postgres://")):
            try:
                drivers.load_psycopg2()
            except ImportError as exc:
                raise DomainError("连接 PostgreSQL 需要安装 psycopg2（pip install psycopg2-binary）") from exc
            from playhouse.db_url import connect

            return connect(url)
        if url.startswith("sqlite:///"):
            target = url[len("sqlite:///") :]
        else:
            raise DomainError(f"不支持的数据库地址：{url}（应为文件路径或 postgresql://…）")
    path = Path(target).expanduser()
    if path.exists() and path.is_dir():
        raise DomainError(f"数据库路径是一个文件夹：{path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    return pw.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, timeout=10, check_same_thread=False)


def database_path(db: pw.Database) -> Path | None:
    """The file of a SQLite database, None for a server database."""
    if isinstance(db, pw.SqliteDatabase):
        return Path(db.database)
    return None


def db() -> pw.Database:
    """The database the app is bound to (after init_db)."""
    return database_proxy.obj


@contextlib.contextmanager
def write_transaction() -> Iterator[None]:
    """A transaction that holds the write lock from its first statement: counters and the audit chain read
    their last value and write the next one, which must not interleave with another writer."""
    database = database_proxy.obj
    if database.in_transaction():
        with database.atomic():
            yield
        return
    if isinstance(database, pw.SqliteDatabase):
        with database.atomic("IMMEDIATE"):
            yield
    else:
        with database.atomic():
            database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_WRITE_LOCK,))
            yield
