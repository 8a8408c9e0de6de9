"""The live tables compared with the declarations. On opening (after the migrations) every declared table and
column must exist with its type: a declaration that gained a field without a migration step is refused with
the field named, before the first save fails on it. `describe` is the full comparison the tests use: columns,
types, NOT NULL, indexes and references of every table, triggers included, normalised across backends."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import peewee as pw

from desktop.db.portable import is_sqlite
from desktop.domain.errors import DomainError

# Column types as the two backends spell them, in one vocabulary (VARCHAR keeps its length: PostgreSQL enforces it).
_TYPES = {
    "VARCHAR": "varchar",
    "CHARACTER VARYING": "varchar",
    "TEXT": "text",
    "INTEGER": "int",
    "INT": "int",
    "SERIAL": "int",
    "BIGINT": "bigint",
    "BIGSERIAL": "bigint",
    "DATE": "date",
    "DATETIME": "datetime",
    "TIMESTAMP": "datetime",
    "TIMESTAMP WITHOUT TIME ZONE": "datetime",
    "BOOLEAN": "bool",
    "REAL": "real",
    "DOUBLE PRECISION": "real",
}
_SPELLING = re.compile(r"\s*([A-Za-z ]+?)\s*(?:\((\d+)\))?\s*$")


class SchemaMismatch(DomainError):
    """The live schema lacks what the declarations need: a migration step is missing (a developer's error)."""


def normal_type(spelled: str) -> str:
    """`VARCHAR(255)` / `character varying(255)` -> `varchar(255)`, `timestamp without time zone` -> `datetime`."""
    match = _SPELLING.match(spelled or "")
    if not match:
        return (spelled or "").lower()
    base = _TYPES.get(match.group(1).upper(), match.group(1).lower())
    return f"{base}({match.group(2)})" if base == "varchar" and match.group(2) else base


def declared_columns(database: pw.Database, models: Iterable[type[pw.Model]]) -> dict[str, dict[str, str]]:
    """Table -> column -> type, as the models would create them on this backend."""
    out: dict[str, dict[str, str]] = {}
    for model in models:
        columns = out.setdefault(model._meta.table_name, {})
        for f in model._meta.sorted_fields:
            ctx = database.get_sql_context()
            columns[f.column_name] = normal_type(ctx.sql(f.ddl_datatype(ctx)).query()[0])
    return out


def live_columns(database: pw.Database, tables: Iterable[str]) -> dict[str, dict[str, str]]:
    """Table -> column -> type of the live tables named (one catalogue query, a millisecond)."""
    names = sorted(set(tables))
    marks = ", ".join(["%s" if not is_sqlite(database) else "?"] * len(names))
    if is_sqlite(database):
        sql = (
            "SELECT m.name, p.name, p.type FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p "
            f"WHERE m.type = 'table' AND m.name IN ({marks})"
        )
    else:
        sql = (
            "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute AS a "
            "JOIN pg_class AS c ON a.attrelid = c.oid JOIN pg_namespace AS n ON c.relnamespace = n.oid "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 "
            f"AND NOT a.attisdropped AND c.relname IN ({marks})"
        )
    out: dict[str, dict[str, str]] = {}
    for table, column, spelled in database.execute_sql(sql, names).fetchall():
        out.setdefault(table, {})[column] = normal_type(spelled)
    return out


def differences(live: dict[str, dict[str, str]], declared: dict[str, dict[str, str]], labels: Any = None) -> list[str]:
    """What the live schema lacks or has differently, one Chinese line each; extra live columns are not listed
    (a column left by an older release harms nothing)."""
    labels = labels or {}
    lines = []
    for table, columns in declared.items():
        if table not in live:
            lines.append(f"缺少数据表 {table}{_named(labels, table, None)}")
            continue
        for column, kind in columns.items():
            have = live[table].get(column)
            if have is None:
                lines.append(f"数据表 {table} 缺少列 {column}{_named(labels, table, column)}")
            elif have != kind:
                lines.append(f"数据表 {table} 的列 {column}{_named(labels, table, column)}类型为 {have}，应为 {kind}")
    return lines


def _named(labels: dict[tuple[str, str | None], str], table: str, column: str | None) -> str:
    label = labels.get((table, column))
    return f"（{label}）" if label else ""


def _labels() -> dict[tuple[str, str | None], str]:
    """The Chinese names of the declared tables and columns (a declared field's column carries its label)."""
    from desktop.db.models import ALL_MODELS, CATALOGUES, REGISTERS

    out: dict[tuple[str, str | None], str] = {(d.table, None): d.title for d in (*CATALOGUES, *REGISTERS)}
    for model in ALL_MODELS:
        for f in model._meta.sorted_fields:
            if f.verbose_name:
                out[(model._meta.table_name, f.column_name)] = f.verbose_name
    return out


_DECLARED: dict[type[pw.Database], dict[str, dict[str, str]]] = {}


def check(database: pw.Database, version: int) -> None:
    """Refuse a database whose tables lack a declared column or table, or hold it with another type."""
    from desktop.db.models import ALL_MODELS

    # What the declarations need, worked out once per backend (a few ms); a test that declares a field anew
    # calls forget_declared().
    declared = _DECLARED.get(type(database))
    if declared is None:
        declared = _DECLARED[type(database)] = declared_columns(database, ALL_MODELS)
    problems = differences(live_columns(database, declared), declared, _labels())
    if problems:
        shown = "；".join(problems[:8]) + (f"；等{len(problems)}处" if len(problems) > 8 else "")
        raise SchemaMismatch(
            f"数据库的数据结构（版本 {version}）与本软件的登记项目不符：{shown}。"
            "这说明软件新增或修改了字段而缺少对应的数据库升级步骤，数据库未作任何修改，请联系软件维护人员。"
        )


def forget_declared() -> None:
    _DECLARED.clear()


# -- the full description (tests, the committed snapshots) -------------------------------------------------------


def describe(database: pw.Database) -> dict[str, Any]:
    """Every table of the live schema with its columns (`varchar(36) NOT NULL`), indexes (`UNIQUE (a, b)`),
    references and triggers, in one backend-neutral JSON shape (an expression index has no columns listed)."""
    tables: dict[str, Any] = {}
    for table in sorted(_all_tables(database)):
        columns = {
            c.name: normal_type(c.data_type)
            + ("" if c.null else " NOT NULL")
            + (" PRIMARY KEY" if c.primary_key else "")
            for c in database.get_columns(table)
        }
        indexes = {
            i.name: ("UNIQUE " if i.unique else "") + "(" + ", ".join(i.columns) + ")"
            for i in database.get_indexes(table)
            if not i.name.startswith("sqlite_autoindex")
        }
        refs = sorted(f"{fk.column}->{fk.dest_table}.{fk.dest_column}" for fk in database.get_foreign_keys(table))
        tables[table] = {"columns": columns, "indexes": indexes, "references": refs}
    return {"tables": tables, "triggers": sorted(_triggers(database))}


def _all_tables(database: pw.Database) -> list[str]:
    if is_sqlite(database):
        return [r[0] for r in database.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return list(database.get_tables())


def _triggers(database: pw.Database) -> list[str]:
    if is_sqlite(database):
        return [r[0] for r in database.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    sql = "SELECT DISTINCT trigger_name FROM information_schema.triggers WHERE trigger_schema = current_schema()"
    return [r[0] for r in database.execute_sql(sql)]
