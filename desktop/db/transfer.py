"""Moving a database between backends (`zwgk migrate-db --to URL`): SQLite file -> PostgreSQL server, or back.

Every table is copied row by row with its ids into a freshly migrated, empty target, in one transaction; the
search index and the record counts are rebuilt by the target's own triggers. Afterwards the counts of every
table are compared and the audit chain is recomputed on the target, so a copy that lost or changed anything is
reported, never silently used. The source is only read (except that, like any database the app opens, a source
of an older schema is first copied and upgraded; one of a newer release is refused): both ends are at the latest
schema, checked against the declarations, before a row is copied."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from desktop.db import audit, bulk, counts, search
from desktop.db.connection import database_path, open_database, write_transaction
from desktop.db.models import ALL_MODELS, CATALOGUES, REGISTERS, AuditEntry
from desktop.db.portable import is_sqlite
from desktop.domain.errors import DomainError

READ_BATCH = 5000
Progress = Callable[[str, int], None]


@dataclass
class TableCheck:
    table: str
    title: str
    source: int
    target: int

    @property
    def ok(self) -> bool:
        return self.source == self.target


@dataclass
class TransferResult:
    source: str
    target: str
    tables: list[TableCheck] = field(default_factory=list)
    chain: audit.ChainResult | None = None

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables) and self.chain is not None and self.chain.ok

    def __str__(self) -> str:
        lines = [f"已将 {self.source} 复制到 {self.target}"]
        for t in self.tables:
            if t.title:
                mark = "一致" if t.ok else f"不一致（目标 {t.target:,} 条）"
                lines.append(f"  {t.title}：{t.source:,} 条，{mark}")
        others = [t for t in self.tables if not t.title]
        bad = [t for t in others if not t.ok]
        lines.append(
            f"  其他 {len(others)} 张表："
            + ("条数一致" if not bad else "、".join(f"{t.table} {t.source}→{t.target}" for t in bad))
        )
        if self.chain is not None:
            lines.append(f"  {self.chain.message}")
        return "\n".join(lines)


def describe(database: pw.Database) -> str:
    path = database_path(database)
    if path is not None:
        return str(path)
    params = getattr(database, "connect_params", {})
    host = params.get("host", "localhost")
    return f"postgresql://{params.get('user', '') + '@' if params.get('user') else ''}{host}/{database.database}"


_TITLES = {d.table: d.title for d in (*CATALOGUES, *REGISTERS)}


def _tables() -> list[type[pw.Model]]:
    """Every table of the schema, referenced tables before those that refer to them."""
    return list(ALL_MODELS)


def _count(database: pw.Database, table: str) -> int:
    return int(database.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])


def _check_empty(target: pw.Database) -> None:
    """The target may hold only what a new database holds (calendar, default vocabularies, one audit entry)."""
    filled = [
        d.title
        for d in (*CATALOGUES, *REGISTERS)
        if d.key not in ("hotline_topic", "hotline_limit", "web_column") and _count(target, d.table)
    ]
    if _count(target, AuditEntry._meta.table_name) > 1:
        filled.append("审计日志")
    if filled:
        raise DomainError(f"目标数据库已有数据（{'、'.join(filled)}），只能迁移到新建的空数据库")


def copy_database(
    source_target: str | Path, target_url: str | Path, progress: Progress | None = None, actor: str = "系统"
) -> TransferResult:
    """Copy the database at `source_target` into the empty database at `target_url` and verify the copy.
    The target is created and migrated as needed; on success it is left bound as the app's database."""
    from desktop.db import close_db, init_db

    say = progress or (lambda _table, _n: None)
    source = init_db(source_target)  # brought up to the current schema, so that both have the same tables
    source_label = describe(source)
    close_db()
    target = init_db(target_url)
    target_label = describe(target)
    if source_label == target_label:
        raise DomainError("源数据库和目标数据库是同一个")
    _check_empty(target)
    source = open_database(source_target)
    source.connect()
    try:
        result = TransferResult(source_label, target_label)
        with source.atomic():  # one snapshot of the source (a reader never blocks the office's writers)
            if not is_sqlite(source):
                source.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            with write_transaction():
                for model in reversed(_tables()):
                    target.execute_sql(f'DELETE FROM "{model._meta.table_name}"')
                for model in _tables():
                    table = model._meta.table_name
                    copied = _copy_table(source, target, model, lambda n, t=table: say(t, n))
                    if isinstance(model._meta.primary_key, pw.AutoField):
                        bulk.reset_sequence(target, table)
                    result.tables.append(TableCheck(table, _TITLES.get(table, ""), copied, 0))
                counts.create_counts(target, REGISTERS)
            for check in result.tables:
                check.source = _count(source, check.table)
                check.target = _count(target, check.table)
    finally:
        source.close()
    result.chain = audit.verify_chain()
    if result.ok:
        with write_transaction():
            audit.append(
                "迁移",
                "system",
                actor,
                record_label=f"从 {source_label} 迁移至此",
                changes={"tables": ("数据表", None, len(result.tables))},
            )
    return result


def _copy_table(
    source: pw.Database, target: pw.Database, model: type[pw.Model], progress: Callable[[int], None]
) -> int:
    fields = list(model._meta.sorted_fields)
    columns = [f.column_name for f in fields]
    to_target = bulk.storage_converters(target, fields)
    readers = [f.python_value for f in fields]
    names = ", ".join(f'"{c}"' for c in columns)
    order = ", ".join(f'"{f.column_name}"' for f in _key_fields(model))
    cursor = source.execute_sql(f'SELECT {names} FROM "{model._meta.table_name}" ORDER BY {order}')
    copied = 0

    def rows():
        nonlocal copied
        while True:
            chunk = cursor.fetchmany(READ_BATCH)
            if not chunk:
                return
            for raw in chunk:
                out = []
                for value, read, convert in zip(raw, readers, to_target, strict=True):
                    value = read(value) if value is not None else None
                    out.append(convert(value) if convert is not None and value is not None else value)
                yield tuple(out)
            copied += len(chunk)
            progress(copied)

    decl = next((d for d in REGISTERS if d.model is model), None)
    if decl is None:
        bulk.insert_rows(target, model._meta.table_name, columns, rows())
    else:
        with search.deferred_index(target, decl):
            bulk.insert_rows(target, model._meta.table_name, columns, rows())
    return copied


def _key_fields(model: type[pw.Model]) -> list[pw.Field]:
    pk = model._meta.primary_key
    if isinstance(pk, pw.CompositeKey):
        return [model._meta.fields[n] for n in pk.field_names]
    return [pk]
