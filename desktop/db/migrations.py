"""Schema versions and ordered migration steps; each step runs in a transaction after a copy of the file."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import peewee as pw

from desktop import __version__
from desktop.db import audit, schema_check
from desktop.db.connection import database_path, write_transaction
from desktop.db.models import REGISTERS, Setting
from desktop.db.portable import forget_tables, upsert
from desktop.domain import vocab
from desktop.domain.errors import DomainError
from desktop.domain.workdays import WorkCalendar

SYSTEM_USER = "系统"


APP_VERSION_KEY = "schema_app_version"  # Setting: the release that last migrated the database


class Migration(NamedTuple):
    """One schema version: a step of desktop/db/steps.py (or several in `Steps`), or any function of the
    database. Released versions are never edited; a change is a new version at the end of MIGRATIONS."""

    version: int
    title: str
    apply: Callable[[pw.Database], None]
    changes_sqlite: bool = True  # False: a PostgreSQL-only step; a SQLite file is not copied before it


def _v1_initial(db: pw.Database) -> None:
    """The tables of release 0.1.0 from their frozen definitions (never from today's declarations, which later
    steps extend), the shipped holiday calendar and the editable default vocabularies."""
    from desktop.db import frozen, schema_v1  # only a new database needs them (start-up: 9 ms)

    tables = frozen.models(schema_v1.TABLES, db)
    db.create_tables(list(tables.values()))
    calendar = WorkCalendar.bundled()
    tables["holiday"].insert_many(
        [{"day": d.date, "is_workday": d.is_workday, "name": d.name} for d in calendar.entries()]
    ).execute()
    tables["calendar_year"].insert_many([{"year": y, "source": "随软件发布"} for y in sorted(calendar.years)]).execute()
    seeds = default_catalogue_rows()
    for name in ("hotline_limit", "hotline_topic", "web_column"):
        tables[name].insert_many(seeds[name]).execute()
    audit.append("建库", "system", SYSTEM_USER, record_label="建立数据库并载入节假日安排和默认分类")


def default_catalogue_rows() -> dict[str, list[dict[str, object]]]:
    """The catalogue records step 1 writes under its one 建库 entry (no entry each), by table name = declaration
    key: replaying the log (`registers.replay`) takes them as created by that entry."""
    return {
        "hotline_limit": [{"appeal_type": t, "days": n} for t, n in vocab.DEFAULT_HOTLINE_LIMITS.items()],
        "hotline_topic": [{"name": n, "sort": i} for i, n in enumerate(vocab.DEFAULT_HOTLINE_TOPICS)],
        "web_column": [{"name": n, "sort": i} for i, n in enumerate(vocab.DEFAULT_WEB_COLUMNS)],
    }


def _v2_search(db: pw.Database) -> None:
    """Search as you type at any size: trigram FTS5 tables with their triggers (SQLite) or pg_trgm indexes
    (PostgreSQL) over every register's searchable fields, and the indexes the big registers' lists and
    figures need."""
    from desktop.db import counts, search

    search.create_search(db, REGISTERS)
    counts.create_counts(db, REGISTERS)
    for table, name, columns in V2_INDEXES:
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")
    for name in V2_DROPPED_INDEXES:
        db.execute_sql(f"DROP INDEX IF EXISTS {name}")


def _v3_two_character_search(db: pw.Database) -> None:
    """PostgreSQL: the bigram index that makes two-character searches an index lookup (see search.py). SQLite
    needs nothing: its FTS5 vocabulary already serves them."""
    from desktop.db import search

    if not isinstance(db, pw.SqliteDatabase):
        search.create_bigram_indexes(db, REGISTERS)


# (table, index name, columns) added by version 2: covering indexes, so that a year's figures are counted from the
# index alone (100,000 cases of a year out of a million in a few milliseconds instead of a row lookup each).
V2_INDEXES: tuple[tuple[str, str, str], ...] = (
    ("window_case", "window_case_accepted_cover", "accepted_at, voided, category"),
    ("window_case", "window_case_concluded_cover", "concluded_at, voided, status, category, rating, online, fee"),
    ("hotline_ticket", "hotline_ticket_concluded_at", "concluded_at, voided"),
)
# Made redundant by a covering index that starts with the same column (declared in the register, built by step 1).
V2_DROPPED_INDEXES = ("window_case_concluded_at",)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "建立数据表", _v1_initial),
    Migration(2, "全文检索与大数据量索引", _v2_search),
    Migration(3, "PostgreSQL 两字检索索引", _v3_two_character_search, changes_sqlite=False),
)
LATEST = MIGRATIONS[-1].version
APP_MARKER = "zwgk"  # Setting 'app' holds this, so that a foreign SQLite file is recognised as not ours


def schema_version(db: pw.Database) -> int:
    if isinstance(db, pw.SqliteDatabase):
        return db.execute_sql("PRAGMA user_version").fetchone()[0]
    if not db.table_exists("schema_version"):
        return 0
    row = db.execute_sql("SELECT version FROM schema_version").fetchone()
    return row[0] if row else 0


def _set_version(db: pw.Database, version: int) -> None:
    if isinstance(db, pw.SqliteDatabase):
        db.execute_sql(f"PRAGMA user_version = {int(version)}")
        return
    db.execute_sql("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    db.execute_sql("DELETE FROM schema_version")
    db.execute_sql("INSERT INTO schema_version (version) VALUES (%s)", (version,))


def copy_before_migration(path: Path, version: int) -> Path:
    """A consistent copy of the file through SQLite's backup API, next to it, before its schema changes."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.v{version}-{stamp}.bak")
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def newer_message(version: int, app_version: str | None) -> str:
    """The refusal of a database from a newer release, naming both schema versions and that release."""
    release = f"（{app_version}版）" if app_version else ""
    upgrade = f"请将本软件升级到{app_version}版或更高版本后再打开" if app_version else "请升级软件后再打开"
    return (
        f"该数据库由更新版本的软件{release}建立或升级，数据结构版本为 {version}；"
        f"本软件（{__version__}版）只支持到数据结构版本 {LATEST}。{upgrade}，数据库未作任何修改"
    )


def check_is_ours(db: pw.Database) -> None:
    """Refuse a database that holds tables but not ours, or that a newer version of the app has written."""
    version = schema_version(db)
    if version > LATEST:
        row = Setting.get_or_none(Setting.key == APP_VERSION_KEY) if db.table_exists("setting") else None
        raise DomainError(newer_message(version, row.value if row else None))
    if version == 0 and db.get_tables():
        raise DomainError("该文件不是本软件的数据库（含有其他数据表），为防止损坏不会打开")
    if version > 0:
        row = Setting.get_or_none(Setting.key == "app")
        if row is None or row.value != APP_MARKER:
            raise DomainError("该文件不是本软件的数据库，为防止损坏不会打开")


def precheck_file(path: Path) -> None:
    """Look at an existing SQLite file read-only before anything (even the WAL pragma) touches it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            precheck_connection(con)
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DomainError(f"无法读取数据库文件 {path.name}：文件已损坏或不是数据库（{exc}）") from exc


def precheck_connection(con: sqlite3.Connection) -> None:
    """precheck_file on a read-only connection the caller has open already (each new connection reads the whole
    schema again: a millisecond on a big file)."""
    version = con.execute("PRAGMA user_version").fetchone()[0]
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    marker = release = None
    if "setting" in tables:
        row = con.execute("SELECT value FROM setting WHERE key='app'").fetchone()
        marker = row[0] if row else None
        row = con.execute("SELECT value FROM setting WHERE key=?", (APP_VERSION_KEY,)).fetchone()
        release = row[0] if row else None
    if version > LATEST:
        raise DomainError(newer_message(version, release))
    if (version == 0 and tables) or (version > 0 and marker != APP_MARKER):
        raise DomainError("该文件不是本软件的数据库，为防止损坏不会打开")


def migrate(db: pw.Database) -> list[str]:
    """Bring the schema to LATEST, then compare the live tables with the declarations (SchemaMismatch when a
    declared column or table is missing); returns the titles of the steps applied."""
    check_is_ours(db)
    version = schema_version(db)
    applied: list[str] = []
    if version == LATEST:
        schema_check.check(db, version)
        return applied
    path = database_path(db)
    if version > 0 and path is not None and any(s.changes_sqlite for s in MIGRATIONS if s.version > version):
        copy_before_migration(path, version)
    for step in MIGRATIONS:
        if step.version <= version:
            continue
        # PRAGMA user_version is transactional in SQLite: a failed step leaves both schema and version untouched.
        with write_transaction():
            step.apply(db)
            if step.version == 1:
                upsert(Setting, Setting.key, key="app", value=APP_MARKER)
            upsert(Setting, Setting.key, key=APP_VERSION_KEY, value=__version__)
            _set_version(db, step.version)
        applied.append(step.title)
    forget_tables(db)
    schema_check.check(db, LATEST)
    return applied
