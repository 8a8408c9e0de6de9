"""List queries of a register: search as you type, filters, sorting and pages of plain rows (never the whole
table in Python), shared by the GUI's lists and the exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import peewee as pw

from desktop.db.declare import Field, Kind, model_for
from desktop.registers.base import Register
from desktop.registers.values import display


@dataclass
class ListQuery:
    search: str = ""
    filters: dict[str, Any] = field(default_factory=dict)  # field name -> value (REF as id)
    date_from: date | None = None
    date_to: date | None = None
    include_voided: bool = False
    sort_field: str | None = None
    descending: bool = True


def list_fields(register: Register) -> list[Field]:
    return [f for f in register.decl.fields if f.in_list]


def _date_column(register: Register) -> pw.Field | None:
    name = register.decl.year_field
    return getattr(register.model, name) if name else None


def build(register: Register, q: ListQuery) -> pw.ModelSelect:
    """The filtered query (without ordering or paging)."""
    model = register.model
    query = register.select(include_voided=q.include_voided)
    text = q.search.strip()
    if text:
        condition = None
        for f in register.decl.fields:
            if not f.searchable:
                continue
            term = getattr(model, f.name).contains(text)
            condition = term if condition is None else condition | term
        if condition is not None:
            query = query.where(condition)
    for name, value in q.filters.items():
        if value not in (None, ""):
            query = query.where(getattr(model, name) == value)
    column = _date_column(register)
    if column is not None and (q.date_from or q.date_to):
        kind = register.decl.field(register.decl.year_field).kind
        if kind is Kind.INT:  # 行政执法决定 is kept per year
            if q.date_from:
                query = query.where(column >= q.date_from.year)
            if q.date_to:
                query = query.where(column <= q.date_to.year)
        elif kind is Kind.DATETIME:
            if q.date_from:
                query = query.where(column >= datetime.combine(q.date_from, datetime.min.time()))
            if q.date_to:
                query = query.where(column < datetime.combine(q.date_to + timedelta(days=1), datetime.min.time()))
        else:
            if q.date_from:
                query = query.where(column >= q.date_from)
            if q.date_to:
                query = query.where(column <= q.date_to)
    return query


def count(register: Register, q: ListQuery) -> int:
    return build(register, q).count()


def _order(register: Register, q: ListQuery) -> list[pw.Ordering]:
    model = register.model
    descending = q.descending
    name = q.sort_field or register.decl.year_field
    if name is None:  # catalogues read best in the order of their first column (unit names, item codes)
        name, descending = (list_fields(register) or register.decl.fields)[0].name, False
    column = getattr(model, name)
    order = [column.desc() if descending else column.asc()]
    order.append(model.id.desc() if descending else model.id.asc())
    return order


def fetch(register: Register, q: ListQuery, offset: int, limit: int, masked: bool = True) -> list[tuple[Any, ...]]:
    """One page: tuples of (id, voided, display text of each list column)."""
    fields = list_fields(register)
    model = register.model
    columns = [model.id, model.voided] + [getattr(model, f.name) for f in fields]
    rows = build(register, q).select(*columns).order_by(*_order(register, q)).offset(offset).limit(limit).tuples()
    refs = {f.name: _ref_names(f, rows, i + 2) for i, f in enumerate(fields) if f.kind is Kind.REF}
    out = []
    for row in rows:
        texts = []
        for i, f in enumerate(fields):
            value = row[i + 2]
            if f.kind is Kind.REF:
                value = refs[f.name].get(value, "")
            texts.append(display(f, value, masked=masked))
        out.append((row[0], row[1], *texts))
    return out


def _ref_names(f: Field, rows: Any, index: int) -> dict[int, str]:
    """Names of the catalogue records a page refers to, in one query per column."""
    ids = {r[index] for r in rows if r[index] is not None}
    if not ids:
        return {}
    target = model_for(f.ref or "")
    label = getattr(target, "name", None) or target.username
    return dict(target.select(target.id, label).where(target.id.in_(ids)).tuples())


def choices_for(f: Field) -> list[tuple[Any, str]]:
    """(value, text) pairs for a choice or catalogue field, for combo boxes and filters."""
    if f.kind is Kind.REF:
        target = model_for(f.ref or "")
        label = getattr(target, "name", None) or target.username
        query = target.select(target.id, label).where(target.voided == False)  # noqa: E712
        if hasattr(target, "active"):
            query = query.where(target.active == True)  # noqa: E712
        if f.ref == "service_item":  # names repeat across units: show the code too, and complete on either
            rows = query.select(target.id, target.name, target.code).order_by(target.name).tuples()
            return [(i, f"{name}（{code}）") for i, name, code in rows]
        return list(query.order_by(label).tuples())
    return [(c, c) for c in f.choices]
