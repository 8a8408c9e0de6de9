"""Live (not voided) record counts per register, kept by triggers, so that a list or the status bar can say
"共 1,000,000 条" at once: counting a million rows takes SQLite about 0.2 s every time."""

from __future__ import annotations

import peewee as pw

from desktop.db.declare import Declaration
from desktop.db.portable import has_table, is_sqlite

TABLE = "record_count"


def create_counts(database: pw.Database, declarations: tuple[Declaration, ...]) -> None:
    """The count table, filled from the registers as they are, and the triggers that keep it."""
    database.execute_sql(f"CREATE TABLE IF NOT EXISTS {TABLE} (tbl VARCHAR(64) PRIMARY KEY, live BIGINT NOT NULL)")
    sqlite = is_sqlite(database)
    if not sqlite:
        _create_pg_functions(database)
    for decl in declarations:
        table = decl.table
        database.execute_sql(f"DELETE FROM {TABLE} WHERE tbl = '{table}'")
        live = "voided = 0" if sqlite else "NOT voided"
        database.execute_sql(f"INSERT INTO {TABLE} (tbl, live) SELECT '{table}', COUNT(*) FROM {table} WHERE {live}")
        if sqlite:
            _create_sqlite_triggers(database, table)
        else:
            _create_pg_triggers(database, table)


def _create_sqlite_triggers(database: pw.Database, table: str) -> None:
    change = f"UPDATE {TABLE} SET live = live + {{delta}} WHERE tbl = '{table}'"
    database.execute_sql(
        f"CREATE TRIGGER IF NOT EXISTS {table}_count_ai AFTER INSERT ON {table} WHEN NOT new.voided "
        f"BEGIN {change.format(delta=1)}; END"
    )
    database.execute_sql(
        f"CREATE TRIGGER IF NOT EXISTS {table}_count_ad AFTER DELETE ON {table} WHEN NOT old.voided "
        f"BEGIN {change.format(delta=-1)}; END"
    )
    database.execute_sql(
        f"CREATE TRIGGER IF NOT EXISTS {table}_count_au AFTER UPDATE OF voided ON {table} "
        f"WHEN new.voided IS NOT old.voided BEGIN "
        f"{change.format(delta='(CASE WHEN new.voided THEN -1 ELSE 1 END)')}; END"
    )


def _create_pg_functions(database: pw.Database) -> None:
    # Statement-level triggers with transition tables: a bulk insert of many rows updates the count once.
    body = {
        "ins": "SELECT COUNT(*) FROM new_rows WHERE NOT voided",
        "del": "SELECT -COUNT(*) FROM old_rows WHERE NOT voided",
        "upd": "SELECT (SELECT COUNT(*) FROM new_rows WHERE NOT voided)"
        " - (SELECT COUNT(*) FROM old_rows WHERE NOT voided)",
    }
    for op, select in body.items():
        database.execute_sql(
            f"CREATE OR REPLACE FUNCTION zwgk_count_{op}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN UPDATE {TABLE} SET live = live + ({select}) WHERE tbl = TG_TABLE_NAME; RETURN NULL; END $$"
        )


def _create_pg_triggers(database: pw.Database, table: str) -> None:
    for op, event, tables in (
        ("ins", "INSERT", "NEW TABLE AS new_rows"),
        ("del", "DELETE", "OLD TABLE AS old_rows"),
        ("upd", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ):
        database.execute_sql(f"DROP TRIGGER IF EXISTS {table}_count_{op} ON {table}")
        database.execute_sql(
            f"CREATE TRIGGER {table}_count_{op} AFTER {event} ON {table} REFERENCING {tables} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION zwgk_count_{op}()"
        )


def live_count(database: pw.Database, decl: Declaration) -> int | None:
    """The register's count of live records; None when the database has no count table (version 1)."""
    if not has_table(TABLE, database):
        return None
    param = "?" if is_sqlite(database) else "%s"
    row = database.execute_sql(f"SELECT live FROM {TABLE} WHERE tbl = {param}", (decl.table,)).fetchone()
    return int(row[0]) if row else None
