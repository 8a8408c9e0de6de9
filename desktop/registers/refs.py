"""Catalogue records as people name them, all from the catalogue's declaration (`display`, `lookup`,
`choice_text`): the text a reference shows in a list, a form or an export, the record that a typed name or a file
cell stands for, and the choices of a combo box."""

from __future__ import annotations

import string
from collections.abc import Iterable
from typing import Any

import peewee as pw

from desktop.db.declare import Declaration, Field, declaration_for
from desktop.domain.errors import DomainError


def _catalogue(ref: str | None) -> Declaration:
    decl = declaration_for(ref or "")
    if decl.display is None:
        raise ValueError(f"{decl.key}: a catalogue that fields refer to must declare `display`")
    return decl


def display_column(ref: str | None) -> pw.Field:
    """The column whose value names a record of the catalogue `ref`."""
    decl = _catalogue(ref)
    return getattr(decl.model, decl.display or "")


def names(ref: str | None, ids: Iterable[int] | None = None) -> dict[int, str]:
    """The display text of the catalogue's records by id — all of them (catalogues are small), or those of `ids` —
    in one query."""
    model = _catalogue(ref).model
    query = model.select(model.id, display_column(ref))
    if ids is not None:
        wanted = set(ids)
        if not wanted:
            return {}
        query = query.where(model.id.in_(wanted))
    return dict(query.tuples())


def name_of(ref: str | None, record_id: int | None) -> str:
    """The display text of one catalogue record ("" for none or one that no longer exists)."""
    if record_id is None:
        return ""
    return names(ref, (record_id,)).get(record_id) or ""


def find(f: Field, text: str) -> int:
    """The id of the record of `f`'s catalogue that `text` names, by the catalogue's lookup fields in their order;
    a message naming the field when none or several match."""
    decl = _catalogue(f.ref)
    model = decl.model
    for name in decl.lookup:
        found = list(model.select(model.id).where(getattr(model, name) == text).limit(2).tuples())
        if len(found) > 1:
            raise DomainError(f"有多个{f.label}名为“{text}”，{_ambiguity_hint(decl, name)}", f.label)
        if found:
            return found[0][0]
    raise DomainError(f"找不到{f.label}“{text}”，请先在基础数据中添加", f.label)


def _ambiguity_hint(decl: Declaration, name: str) -> str:
    """Several records share the value of lookup field `name`: the first lookup field names one alone if unique."""
    first = decl.field(decl.lookup[0])
    return f"请改用{first.label}" if first.name != name and first.unique else "请写明全称"


def choices(f: Field) -> list[tuple[Any, str]]:
    """(id, text) of the live records of `f`'s catalogue (active ones, if it has 启用), in the order of their
    display text; the text is `choice_text` (e.g. name and code) or the display text."""
    decl = _catalogue(f.ref)
    model, shown = decl.model, display_column(f.ref)
    query = model.select().where(model.voided == False)  # noqa: E712
    if "active" in decl._by_name:
        query = query.where(model.active == True)  # noqa: E712
    if decl.choice_text is None:
        return list(query.select(model.id, shown).order_by(shown).tuples())
    parts = list(dict.fromkeys(n for _, n, _, _ in string.Formatter().parse(decl.choice_text) if n))
    rows = query.select(model.id, *(getattr(model, n) for n in parts)).order_by(shown).tuples()
    return [(row[0], decl.choice_text.format(**dict(zip(parts, row[1:], strict=True)))) for row in rows]
