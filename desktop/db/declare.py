"""The one declaration of a register: fields with their Chinese labels, from which the model, form, list,
Excel columns and audit labels are all derived."""

from __future__ import annotations

import uuid as uuid_mod
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import peewee as pw

from desktop.db.connection import database_proxy


class Kind(StrEnum):
    """What a field holds; decides its column type, its editor and how a file cell is read."""

    TEXT = "text"  # one line
    LONGTEXT = "longtext"  # several lines
    INT = "int"
    MONEY = "money"  # Decimal 元, stored as integer 分 so that sums are exact
    DATE = "date"
    DATETIME = "datetime"
    BOOL = "bool"  # 是/否
    CHOICE = "choice"  # one of `choices`
    MULTI = "multi"  # several of `choices`, joined with 、
    REF = "ref"  # a catalogue record (`ref` names the catalogue's declaration key)


DEFAULT_TEXT_LENGTH = 255  # a one-line text column without a declared max_length


@dataclass(frozen=True)
class Field:
    """One field of a register as the user knows it."""

    name: str
    label: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    ref: str | None = None
    default: Any = None
    section: str = "基本信息"
    in_list: bool = False
    searchable: bool = False
    mask: str | None = None  # "phone" | "id": masked in lists and exports
    check: str | None = None  # "phone" | "id_number" | "email" | "credit_code": validated by domain.identifiers
    computed: bool = False  # read-only; derived by the register's rules
    help: str = ""
    index: bool = False
    unique: bool = False
    max_length: int | None = None
    id_kind_field: str | None = None  # for check="id_number": the field holding the 证件类型
    secret: bool = False  # never shown, exported or logged (the audit log notes only that it changed)

    @property
    def length_limit(self) -> int | None:
        """The most characters the column holds: the declared maximum, or the 255 of a plain text column. Checked
        when a value is typed or imported, because SQLite would store more and PostgreSQL refuse it later (a
        package, migrate-db). Long texts have none."""
        if self.kind in (Kind.TEXT, Kind.CHOICE, Kind.MULTI):
            return self.max_length or DEFAULT_TEXT_LENGTH
        return None


#: Columns every register record has besides its declared fields. Labels are used by the audit log and exports.
COMMON_LABELS = {
    "uuid": "记录标识",
    "created_at": "创建时间",
    "created_by": "创建人",
    "updated_at": "修改时间",
    "updated_by": "修改人",
    "voided": "已作废",
    "void_reason": "作废原因",
    "version": "版本",
}


@dataclass
class Declaration:
    """A register or catalogue: its key (used on the command line), title, table and fields."""

    key: str
    title: str
    table: str
    fields: tuple[Field, ...]
    number_field: str | None = None  # auto-numbered field, if any
    year_field: str | None = None  # the date that places a record in a year (export --year, lists)
    indexes: tuple[tuple[tuple[str, ...], bool], ...] = ()
    sheet: str | None = None  # Excel sheet name; defaults to the title
    model: type[pw.Model] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.key}: duplicate field names")
        self._by_name = {f.name: f for f in self.fields}  # field() is called per value of every imported row
        self.model = make_model(self)

    def field(self, name: str) -> Field:
        return self._by_name[name]

    def by_label(self) -> dict[str, Field]:
        return {f.label: f for f in self.fields}

    def label(self, name: str) -> str:
        """The Chinese label of a field or common column (for messages and the audit log)."""
        if name in COMMON_LABELS:
            return COMMON_LABELS[name]
        return self.field(name).label

    @property
    def sheet_name(self) -> str:
        return self.sheet or self.title


class MoneyField(pw.BigIntegerField):
    """Decimal 元 in Python, integer 分 in the database: exact sums in SQL on SQLite and PostgreSQL alike."""

    def db_value(self, value: Any) -> int | None:
        if value is None:
            return None
        return int((Decimal(value) * 100).to_integral_value())

    def python_value(self, value: Any) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(Decimal("0.01"))


class BaseModel(pw.Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


def _record_columns() -> dict[str, pw.Field]:
    """Columns shared by every register and catalogue record (spec: rules common to every register). New
    fields for each model rather than inherited ones: peewee deep-copies inherited fields into every
    subclass, which made importing the twenty models a tenth of the app's start-up."""
    return {
        "uuid": pw.CharField(max_length=36, unique=True, default=lambda: str(uuid_mod.uuid4())),
        "created_at": pw.DateTimeField(default=lambda: datetime.now().replace(microsecond=0)),
        "created_by": pw.CharField(max_length=64, default=""),
        "updated_at": pw.DateTimeField(default=lambda: datetime.now().replace(microsecond=0), index=True),
        "updated_by": pw.CharField(max_length=64, default=""),
        # Not indexed: nearly every row has the same value, and an index on it leads SQLite's planner astray.
        "voided": pw.BooleanField(default=False),
        "void_reason": pw.TextField(default=""),
        # Optimistic concurrency: a save states the version it started from; a stale one is refused.
        "version": pw.IntegerField(default=1),
    }


class RecordModel(BaseModel):
    """The base of every register and catalogue model; its columns come from `_record_columns()`."""


# Catalogue models are registered here by key so that REF fields can point at them.
_MODELS: dict[str, type[pw.Model]] = {}


def model_for(key: str) -> type[pw.Model]:
    return _MODELS[key]


def _column(f: Field) -> pw.Field:
    """The peewee column for a declared field. Everything but the required keys is nullable: a record
    may be saved in an early status, and the register's validate decides what a status requires."""
    opts: dict[str, Any] = {"null": True, "index": f.index, "unique": f.unique, "verbose_name": f.label}
    if f.kind is Kind.TEXT or f.kind is Kind.CHOICE or f.kind is Kind.MULTI:
        return pw.CharField(max_length=f.length_limit, **opts)
    if f.kind is Kind.LONGTEXT:
        return pw.TextField(**opts)
    if f.kind is Kind.INT:
        return pw.IntegerField(**opts)
    if f.kind is Kind.MONEY:
        return MoneyField(**opts)
    if f.kind is Kind.DATE:
        return pw.DateField(**opts)
    if f.kind is Kind.DATETIME:
        return pw.DateTimeField(**opts)
    if f.kind is Kind.BOOL:
        opts["null"] = False
        return pw.BooleanField(default=bool(f.default), **opts)
    if f.kind is Kind.REF:
        target = _MODELS[f.ref] if f.ref else None
        if target is None:
            raise ValueError(f"{f.name}: unknown catalogue {f.ref}")
        opts["index"] = True
        opts.pop("unique")
        return pw.ForeignKeyField(target, column_name=f.name + "_id", on_delete="RESTRICT", **opts)
    raise ValueError(f"unknown kind {f.kind}")


def make_model(decl: Declaration) -> type[pw.Model]:
    """Build the peewee model of a declaration (table name, columns, composite indexes)."""
    attrs: dict[str, Any] = {"__module__": __name__, **_record_columns()}
    for f in decl.fields:
        attrs[f.name] = _column(f)
    attrs["Meta"] = type("Meta", (), {"table_name": decl.table, "indexes": decl.indexes})
    class_name = "".join(p.capitalize() for p in decl.key.split("_")) + "Record"
    model = type(class_name, (RecordModel,), attrs)
    _MODELS[decl.key] = model
    return model
