"""Declarative migration steps: what a later release changes in the schema, each transforming an existing database
on SQLite and PostgreSQL alike. A migration (`migrations.MIGRATIONS`) applies one or more of them, or any
function of the database (a code step), in one transaction after the copy of the file.

    Migration(4, "依申请公开：答复文号", AddColumn(DISCLOSURE.model, "reply_no"))
    Migration(5, "信函登记", AddRegister(LETTERS))
    Migration(6, "…", Steps(AddIndex(WINDOW.model, ("fee",)), DropIndex("window_case_rating")))

A step names the declared model and field (one definition: the declaration); a step whose field or table is
later removed from the declarations is given a frozen copy instead (`frozen.Column` / `frozen.Table`, printed
by scripts/freeze_schema.py), so that it still builds what it built."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import peewee as pw

from desktop.db import frozen
from desktop.db.declare import Declaration
from desktop.db.portable import is_sqlite

Apply = Callable[[pw.Database], None]


def _literal(database: pw.Database, field: pw.Field, value: Any) -> str:
    """A constant default as SQL text (DDL takes no parameters)."""
    value = field.db_value(value)
    if isinstance(value, bool):
        return ("1" if value else "0") if is_sqlite(database) else ("TRUE" if value else "FALSE")
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def add_column(database: pw.Database, table: str, field: pw.Field) -> None:
    """ALTER TABLE … ADD COLUMN with the type, NOT NULL (and then a default, which existing rows take) and
    reference of the field, then its index. Never a table rebuild: that would drop the search triggers."""
    ctx = database.get_sql_context()
    ddl = ctx.sql(field.ddl(ctx)).query()[0]
    if not field.null:
        default = field.default() if callable(field.default) else field.default
        if default is None:
            raise ValueError(f"{table}.{field.column_name}: a NOT NULL column added to existing rows needs a default")
        ddl += f" DEFAULT {_literal(database, field, default)}"
    if isinstance(field, pw.ForeignKeyField):
        target = field.rel_model._meta
        ddl += f' REFERENCES "{target.table_name}" ("{field.rel_field.column_name}")'
        if field.on_delete:
            ddl += f" ON DELETE {field.on_delete}"
    database.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN {ddl}')
    if field.index or field.unique:
        _create_index(database, field.model, (field,), field.unique)


def _create_index(database: pw.Database, model: type[pw.Model], fields: tuple[pw.Field, ...], unique: bool) -> None:
    """CREATE INDEX as peewee writes it for a declared index (same name), so that the live schema matches."""
    index = pw.ModelIndex(model, fields, unique=unique)
    sql, params = model._schema._create_index(index, safe=True).query()
    database.execute_sql(sql, params)


class AddColumn(NamedTuple):
    """A column for a declared field: `AddColumn(DISCLOSURE.model, "reply_no")` (a REF field's column is
    `<name>_id`). With `column`, a frozen definition instead of the declaration (`table` a table name then)."""

    model: type[pw.Model] | str
    name: str
    column: frozen.Column | None = None

    def __call__(self, database: pw.Database) -> None:
        if self.column is None:
            model = self.model
            assert not isinstance(model, str), "a table name needs a frozen column"
            add_column(database, model._meta.table_name, model._meta.fields[self.name])
            return
        table = self.model if isinstance(self.model, str) else self.model._meta.table_name
        models = {}
        if self.column.ref:
            ref = frozen.Table(self.column.ref, (frozen.Column("id", "auto"),))
            models[ref.name] = frozen.model(ref, database)
        holder = frozen.model(frozen.Table(table, (self.column,)), database, models)
        add_column(database, table, holder._meta.fields[self.name])


class AddTable(NamedTuple):
    """A table with its indexes, from a model as declared now or from a frozen definition."""

    table: type[pw.Model] | frozen.Table
    references: tuple[frozen.Table, ...] = ()  # frozen: the tables its foreign keys point at (their ids suffice)

    def __call__(self, database: pw.Database) -> None:
        if isinstance(self.table, frozen.Table):
            models = frozen.models(self.references, database)
            frozen.model(self.table, database, models).create_table(safe=False)
            return
        with self.table.bind_ctx(database, bind_refs=False, bind_backrefs=False):
            self.table.create_table(safe=False)


class AddRegister(NamedTuple):
    """A new register or catalogue: its table, its live-record count and (with searchable fields) its search."""

    decl: Declaration

    def __call__(self, database: pw.Database) -> None:
        from desktop.db import counts, search

        AddTable(self.decl.model)(database)
        counts.create_counts(database, (self.decl,))
        search.create_search(database, (self.decl,))
        if not is_sqlite(database):
            search.create_bigram_indexes(database, (self.decl,))


class RebuildSearch(NamedTuple):
    """After a field of a register became searchable (or stopped being): its search index built again."""

    decl: Declaration

    def __call__(self, database: pw.Database) -> None:
        from desktop.db import search

        table, fts = self.decl.table, search.fts_table(self.decl)
        if is_sqlite(database):
            for suffix in ("ai", "ad", "au"):
                database.execute_sql(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            database.execute_sql(f"DROP TABLE IF EXISTS {search.vocab_table(self.decl)}")
            database.execute_sql(f"DROP TABLE IF EXISTS {fts}")
        else:
            database.execute_sql(f"DROP INDEX IF EXISTS {table}_search")
            database.execute_sql(f"DROP INDEX IF EXISTS {table}_bigrams")
        search.create_search(database, (self.decl,))
        if not is_sqlite(database):
            search.create_bigram_indexes(database, (self.decl,))


class AddIndex(NamedTuple):
    """An index over declared columns (attribute names), named as peewee names the declared ones."""

    model: type[pw.Model]
    fields: tuple[str, ...]
    unique: bool = False

    def __call__(self, database: pw.Database) -> None:
        fields = tuple(self.model._meta.fields[n] for n in self.fields)
        _create_index(database, self.model, fields, self.unique)


class DropIndex(NamedTuple):
    name: str

    def __call__(self, database: pw.Database) -> None:
        database.execute_sql(f'DROP INDEX IF EXISTS "{self.name}"')


class Steps:
    """Several steps in one migration (one transaction, one version number)."""

    def __init__(self, *steps: Apply):
        self.steps = steps

    def __call__(self, database: pw.Database) -> None:
        for step in self.steps:
            step(database)


__all__ = ["AddColumn", "AddIndex", "AddRegister", "AddTable", "DropIndex", "RebuildSearch", "Steps", "add_column"]
