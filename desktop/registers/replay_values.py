"""How `verify` compares a record with its log: what is compared of each declaration (`Plan`), one canonical
text per value whether it comes from the log's JSON or from a stored row, and what a difference reads like."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from desktop.db import audit
from desktop.db.declare import COMMON_LABELS, Declaration, Kind
from desktop.db.models import CATALOGUES, REGISTERS

CREATING = frozenset({"新建", "数据包新建"})
CHANGING = frozenset({"修改", "作废", "恢复", "冲突处理", "数据包修改", "数据包作废", "数据包恢复"})
SEEDING = "建库"
NATURAL_KEY = {"hotline_limit": "appeal_type", "hotline_topic": "name", "web_column": "name"}
DECLARATIONS = CATALOGUES + REGISTERS


class Finding(NamedTuple):
    """One record that differs from its log: a field (label) with the logged and stored values, or the whole
    record (label empty) added or deleted behind the log."""

    title: str  # the register's title
    record: str  # its number or label
    field: str
    logged: str
    stored: str

    def __str__(self) -> str:
        if not self.field:
            return f"{self.title}“{self.record}”：{self.logged}"
        return f"{self.title}“{self.record}”的【{self.field}】：审计日志为“{self.logged}”，数据库中为“{self.stored}”"


# -- one canonical text per value, from the log's JSON and from the stored row alike ---------------------------


# Flat functions, one per kind and side: `verify` calls one for every value of every record and entry.


def _blank(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, str) and not value.strip())


def text_of(value: Any) -> str | None:
    if value.__class__ is str:
        return value if value and not value.isspace() else None
    return None if value is None or value is False else str(value)


def _number(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if value.__class__ is int:
        return str(value)
    return str(int(value)) if not isinstance(value, str) or value.lstrip("-").isdigit() else f"?{value}"


def _money_logged(value: Any) -> str | None:
    if value is None or value == "":
        return None
    try:
        return str(int((Decimal(str(value)) * 100).to_integral_value()))
    except InvalidOperation:
        return f"?{value}"


def _date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value[:10] if value.__class__ is str else value.isoformat()


def _datetime(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if value.__class__ is str:
        return value[:19]
    return value.replace(microsecond=0).isoformat(sep=" ") if isinstance(value, datetime) else str(value)[:19]


def _bool(value: Any) -> str | None:
    # Stored booleans are 0/1 on SQLite, true/false on PostgreSQL and in the log.
    return "1" if value and value != "0" else None


_LOGGED: dict[Kind, Callable[[Any], str | None]] = {
    Kind.MONEY: _money_logged,
    Kind.DATE: _date,
    Kind.DATETIME: _datetime,
    Kind.BOOL: _bool,
    Kind.INT: _number,
    Kind.REF: _number,
}
# Stored money is integer 分 (the log has the decimal text of 元).
_STORED: dict[Kind, Callable[[Any], str | None]] = {**_LOGGED, Kind.MONEY: _number}


def _converters(kind: Kind) -> tuple[Callable[[Any], str | None], Callable[[Any], str | None]]:
    """(from the log's JSON, from a stored row): each a value's canonical text, None for blank — None, empty and
    false are one value, as a new record's entry lists only what was filled in."""
    return _LOGGED.get(kind, text_of), _STORED.get(kind, text_of)


class Column(NamedTuple):
    name: str
    label: str
    column: str  # in the table
    prefix: str  # salt, register and field: what each value's hash starts with
    logged: Callable[[Any], str | None]
    stored: Callable[[Any], str | None]
    kind: Kind | None
    ref: str | None


class Plan:
    """What is compared of one declaration's records, with the canonical form of each value."""

    def __init__(self, decl: Declaration, salt: str):
        self.decl = decl
        self.columns: dict[str, Column] = {}
        self.secrets: list[Column] = []
        specs = [(f.name, f.label, f.kind, f.ref, f.secret) for f in decl.fields]
        specs += [("voided", None, Kind.BOOL, None, False), ("void_reason", None, Kind.TEXT, None, False)]
        specs += [("created_by", None, Kind.TEXT, None, False)]
        for name, label, kind, ref, secret in specs:
            column = decl.model._meta.fields[name].column_name
            col = Column(
                name,
                label or COMMON_LABELS[name],
                column,
                f"{salt}\x1f{decl.key}\x1f{name}\x1f",
                *_converters(kind),
                kind,
                ref,
            )
            if secret:
                self.secrets.append(col)
            else:
                self.columns[name] = col
        self.compared = list(self.columns.values())

        # The hot path's view: field name -> (hash prefix, canonical text from the log), plain tuples.
        self.fast = {c.name: (c.prefix, c.logged) for c in self.compared}
        self.text_names = frozenset(c.name for c in self.compared if c.logged is text_of)
        self.secret_names = frozenset(c.name for c in self.secrets)


def secret_matches(mark: Any, stored: Any) -> bool:
    """Whether a stored secret is the one the log's mark (`audit.secret_mark`) fingerprints."""
    if _blank(mark) or _blank(stored):
        return _blank(mark) == _blank(stored)
    mark = str(mark)
    if "#" not in mark:  # logged before fingerprints: only that a secret was set can be compared
        return True
    return mark.rsplit("#", 1)[1] == audit.secret_fingerprint(str(stored))
