"""Frozen table definitions: a table as one release created it, written down as data so that later edits of the
declarations never change what an old migration step builds. `model()` turns one into a throwaway peewee model
(same field classes and options as the declaration had, hence the same DDL on SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

import peewee as pw

# Defaults that are computed per row rather than a constant.
UUID = "<uuid4>"
NOW = "<now>"


class Column(NamedTuple):
    """One column: `type` is auto, char, text, int, bigint, date, datetime, bool or fk (`ref` the table)."""

    name: str
    type: str
    length: int | None = None
    null: bool = False
    unique: bool = False
    index: bool = False
    primary_key: bool = False
    default: Any = None
    ref: str | None = None  # fk: the referenced table
    column: str | None = None  # fk: the column name (the attribute is `name`, as in the declaration)
    on_delete: str | None = None


class Table(NamedTuple):
    name: str
    columns: tuple[Column, ...]
    indexes: tuple[tuple[tuple[str, ...], bool], ...] = ()  # composite indexes: (attribute names, unique)


def _default(value: Any) -> Any:
    if value == UUID:
        import uuid as uuid_mod

        return lambda: str(uuid_mod.uuid4())
    if value == NOW:
        return lambda: datetime.now().replace(microsecond=0)
    return value


_CLASSES: dict[str, type[pw.Field]] = {
    "auto": pw.AutoField,
    "char": pw.CharField,
    "text": pw.TextField,
    "int": pw.IntegerField,
    "bigint": pw.BigIntegerField,
    "date": pw.DateField,
    "datetime": pw.DateTimeField,
    "bool": pw.BooleanField,
}


def field(col: Column, models: dict[str, type[pw.Model]] | None = None) -> pw.Field:
    """The peewee field of a frozen column (an fk needs the model of its table in `models`)."""
    opts: dict[str, Any] = {}
    if col.type != "auto":
        opts = {"null": col.null, "unique": col.unique, "index": col.index, "primary_key": col.primary_key}
        if col.default is not None:
            opts["default"] = _default(col.default)
    if col.type == "fk":
        if models is None or col.ref not in models:
            raise ValueError(f"{col.name}: the referenced table {col.ref} is not defined")
        return pw.ForeignKeyField(models[col.ref], column_name=col.column, on_delete=col.on_delete, **opts)
    if col.type == "char":
        opts["max_length"] = col.length or 255
    return _CLASSES[col.type](**opts)


def model(table: Table, database: pw.Database, models: dict[str, type[pw.Model]] | None = None) -> type[pw.Model]:
    """A peewee model of the frozen table bound to `database` (fk targets looked up in `models`)."""
    attrs: dict[str, Any] = {c.name: field(c, models) for c in table.columns}
    attrs["Meta"] = type(
        "Meta",
        (),
        {"database": database, "table_name": table.name, "indexes": table.indexes, "legacy_table_names": False},
    )
    attrs["__module__"] = __name__
    return type("Frozen_" + table.name, (pw.Model,), attrs)


def models(tables: Iterable[Table], database: pw.Database) -> dict[str, type[pw.Model]]:
    """Models of frozen tables in order (a table after the tables it references), keyed by table name."""
    out: dict[str, type[pw.Model]] = {}
    for table in tables:
        out[table.name] = model(table, database, out)
    return out


def describe_model(m: type[pw.Model]) -> Table:
    """The frozen definition of a peewee model as it is declared now: what a new migration step that adds a table
    copies into the migrations (scripts/freeze_schema.py prints them)."""
    columns = []
    for f in m._meta.sorted_fields:
        default = f.default
        if callable(default):
            sample = default()
            default = NOW if isinstance(sample, datetime) else UUID
        kind = _kind(f)
        if isinstance(f, pw.AutoField):
            columns.append(Column(f.name, "auto"))
            continue
        columns.append(
            Column(
                f.name,
                kind,
                length=f.max_length if isinstance(f, pw.CharField) else None,
                null=f.null,
                unique=f.unique,
                index=f.index,
                primary_key=f.primary_key,
                default=default,
                ref=f.rel_model._meta.table_name if isinstance(f, pw.ForeignKeyField) else None,
                column=f.column_name if isinstance(f, pw.ForeignKeyField) else None,
                on_delete=f.on_delete if isinstance(f, pw.ForeignKeyField) else None,
            )
        )
    return Table(m._meta.table_name, tuple(columns), tuple(m._meta.indexes))


def _kind(f: pw.Field) -> str:
    if isinstance(f, pw.ForeignKeyField):
        return "fk"
    if isinstance(f, pw.BigIntegerField):  # MoneyField too: the column is a bigint either way
        return "bigint"
    return next(k for k, cls in _CLASSES.items() if type(f) is cls)
