"""Opening a SQLite database read-only (another copy of the app writes it): no migrations, every write refused."""

from __future__ import annotations

from pathlib import Path

import peewee as pw

from desktop.db.connection import SQLITE_PRAGMAS, database_proxy
from desktop.domain.errors import DomainError

READ_ONLY_MESSAGE = "数据库以只读方式打开（另一处正在使用），不能保存修改"

# No journal_mode: switching it is a write. query_only makes SQLite itself refuse any change on every connection.
READ_ONLY_PRAGMAS = {k: v for k, v in SQLITE_PRAGMAS.items() if k != "journal_mode"} | {"query_only": 1}


class ReadOnlyError(DomainError):
    """A write was attempted on a database opened read-only."""

    def __init__(self, message: str = READ_ONLY_MESSAGE):
        super().__init__(message)


class ReadOnlySqliteDatabase(pw.SqliteDatabase):
    """A SQLite database on which every write fails with a clear Chinese message instead of a SQLite error."""

    def begin(self, lock_type: str | None = None) -> None:
        # write_transaction() begins IMMEDIATE: refuse there, before anything of the save has run.
        if (lock_type or "").upper() in ("IMMEDIATE", "EXCLUSIVE"):
            raise ReadOnlyError()
        super().begin(lock_type)

    def execute_sql(self, sql, params=None):
        try:
            return super().execute_sql(sql, params)
        except pw.OperationalError as exc:
            if "readonly" in str(exc) or "read-only" in str(exc):
                raise ReadOnlyError() from exc
            raise


def open_read_only(path: str | Path) -> pw.Database:
    """Bind the app to an existing SQLite file read-only: the same checks as init_db, but no migration (that
    would write) — a file that needs one is refused."""
    from desktop.db import close_db, migrations

    path = Path(path)
    if not path.is_file():
        raise DomainError(f"数据库文件不存在：{path}")
    migrations.precheck_file(path)
    database = ReadOnlySqliteDatabase(str(path), pragmas=READ_ONLY_PRAGMAS, timeout=10, check_same_thread=False)
    if database_proxy.obj is not None:
        close_db()
    database_proxy.initialize(database)
    database.connect(reuse_if_open=True)
    try:
        migrations.check_is_ours(database)
        version = migrations.schema_version(database)
        if version < migrations.LATEST:
            raise DomainError(
                f"该数据库需要先升级数据结构（版本 {version} → {migrations.LATEST}），只读打开时不能升级；"
                "请在正在使用它的电脑上打开一次后再试"
            )
    except Exception:
        database.close()
        raise
    return database


def is_read_only() -> bool:
    """Whether the app is bound to a database opened by `open_read_only`."""
    return isinstance(database_proxy.obj, ReadOnlySqliteDatabase)
