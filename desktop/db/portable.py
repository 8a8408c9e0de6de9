"""What differs between SQLite and PostgreSQL, in one place: which backend is bound, and upserts."""

from __future__ import annotations

from typing import Any

import peewee as pw


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
