"""Storage layer: `init_db(target)` is the only way in for the app, the command line and the tests."""

from __future__ import annotations

from pathlib import Path

from desktop.db import drivers

drivers.import_peewee()  # first, so that peewee comes without the PostgreSQL driver (see drivers.py)

import peewee as pw  # noqa: E402

from desktop.db.connection import (  # noqa: E402 - after the driver-less peewee import above
    database_path,
    database_proxy,
    default_db_path,
    open_database,
    write_transaction,
)

__all__ = ["init_db", "close_db", "write_transaction", "default_db_path", "database_proxy"]


def init_db(target: str | Path | None = None, *, migrate: bool = True) -> pw.Database:
    """Open (creating when missing) the SQLite file or PostgreSQL URL, bind the models and bring the schema
    up to date. Without a target the app's data folder is used."""
    from desktop.db import migrations  # imports every model; kept here so `desktop.db.connection` stays light

    database = open_database(target)
    path = database_path(database)
    if path is not None:
        migrations.precheck_file(path)
    if database_proxy.obj is not None and database_proxy.obj is not database:
        close_db()
    database_proxy.initialize(database)
    database.connect(reuse_if_open=True)
    try:
        if migrate:
            migrations.migrate(database)
        else:
            migrations.check_is_ours(database)
    except Exception:
        database.close()
        raise
    return database


def close_db() -> None:
    database = database_proxy.obj
    if database is not None and not database.is_closed():
        if isinstance(database, pw.SqliteDatabase) and not database.in_transaction():
            try:
                # SQLite's advice for long-lived connections: refresh the planner's statistics of the tables
                # this session used, when they are missing or the table has grown much since.
                database.execute_sql("PRAGMA optimize")
            except pw.DatabaseError:  # a read-only file (a backup being looked at) cannot store statistics
                pass
        database.close()
