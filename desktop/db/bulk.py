"""Fast bulk writes of plain rows (synthetic data, copying a database between backends): the driver's own
batch insert with values already in storage form, without building a model object per row."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

import peewee as pw

from desktop.db.declare import MoneyField
from desktop.db.portable import is_sqlite

BATCH = 2000


def storage_converters(database: pw.Database, fields: Sequence[pw.Field]) -> list[Callable[[Any], Any] | None]:
    """Per column, how a Python value becomes what the driver stores (None: as it is)."""
    sqlite = is_sqlite(database)
    out: list[Callable[[Any], Any] | None] = []
    for f in fields:
        if isinstance(f, MoneyField):
            out.append(f.db_value)  # Decimal 元 -> integer 分
        elif isinstance(f, pw.BooleanField):
            out.append(_bool_int if sqlite else None)
        elif isinstance(f, (pw.DateTimeField, pw.DateField)):
            # peewee keeps SQLite dates as ISO text (datetimes with a space and whole seconds).
            out.append(_iso if sqlite else None)
        else:
            out.append(None)
    return out


def _bool_int(value: Any) -> Any:
    return None if value is None else int(bool(value))


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return str(value.replace(microsecond=0))
    if isinstance(value, date):
        return value.isoformat()
    return value


def insert_rows(
    database: pw.Database, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], batch: int = BATCH
) -> int:
    """Insert rows (values in storage form, in `columns` order) in batches through the raw cursor; returns
    the count. Runs in the caller's transaction."""
    with pw.__exception_wrapper__:  # driver errors as peewee's (IntegrityError …), as for execute_sql
        return _insert_rows(database, table, columns, rows, batch)


def _insert_rows(
    database: pw.Database, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], batch: int
) -> int:
    names = ", ".join(f'"{c}"' for c in columns)
    count = 0
    if is_sqlite(database):
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
        cursor = database.cursor()
        chunk: list[Sequence[Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
        return count
    from psycopg2.extras import execute_values

    sql = f'INSERT INTO "{table}" ({names}) VALUES %s'
    cursor = database.cursor()
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            execute_values(cursor, sql, chunk, page_size=batch)
            count += len(chunk)
            chunk = []
    if chunk:
        execute_values(cursor, sql, chunk, page_size=batch)
        count += len(chunk)
    return count


def reset_sequence(database: pw.Database, table: str, column: str = "id") -> None:
    """After inserting explicit ids on PostgreSQL, let the next generated id follow the largest one."""
    if is_sqlite(database):
        return
    database.execute_sql(
        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "
        f'COALESCE((SELECT MAX("{column}") FROM "{table}"), 0) + 1, false)'
    )


@contextlib.contextmanager
def big_cache(database: pw.Database, rows: int, mebibytes: int = 256) -> Iterator[None]:
    """A larger SQLite page cache while thousands of rows go in: every row touches a dozen indexes of a big table,
    and pages evicted mid-transaction are read again. Back to the normal size afterwards."""
    if rows < 1000 or not is_sqlite(database):
        yield
        return
    before = database.execute_sql("PRAGMA cache_size").fetchone()[0]
    database.execute_sql(f"PRAGMA cache_size = {-mebibytes * 1024}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {int(before)}")
