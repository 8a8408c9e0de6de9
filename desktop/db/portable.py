"""What differs between SQLite and PostgreSQL, in one place: which backend is bound, and upserts."""

from __future__ import annotations

import weakref
from typing import Any

import peewee as pw

_tables: weakref.WeakKeyDictionary[pw.Database, frozenset[str]] = weakref.WeakKeyDictionary()


def is_sqlite(database: pw.Database | None = None) -> bool:
    from desktop.db.connection import database_proxy

    return isinstance(database if database is not None else database_proxy.obj, pw.SqliteDatabase)


def is_postgres(database: pw.Database | None = None) -> bool:
    from desktop.db.connection import database_proxy

    return isinstance(database if database is not None else database_proxy.obj, pw.PostgresqlDatabase)


def upsert(model: type[pw.Model], conflict: pw.Field | tuple[pw.Field, ...], **values: Any) -> None:
    """INSERT, or UPDATE the other columns when a row with the same `conflict` key exists. Unlike SQLite's
    `INSERT OR REPLACE` this is also PostgreSQL's `ON CONFLICT … DO UPDATE`, and it keeps the row's id."""
    target = list(conflict) if isinstance(conflict, tuple) else [conflict]
    keys = {f.name for f in target}
    update = {getattr(model, k): v for k, v in values.items() if k not in keys}
    query = model.insert(**values)
    if update:
        query = query.on_conflict(conflict_target=target, update=update)
    else:
        query = query.on_conflict_ignore()
    query.execute()


def has_table(name: str, database: pw.Database | None = None) -> bool:
    """Whether the database has a table (or virtual table), asked once per database object: the schema only
    changes in migrations, which run before anything asks."""
    from desktop.db.connection import database_proxy

    database = database if database is not None else database_proxy.obj
    names = _tables.get(database)
    if names is None:
        if is_sqlite(database):
            rows = database.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            names = frozenset(r[0] for r in rows)
        else:
            names = frozenset(database.get_tables())
        _tables[database] = names
    return name in names


def forget_tables(database: pw.Database) -> None:
    """After a migration changed the schema of an open database."""
    _tables.pop(database, None)
