"""List queries of a register: search as you type, filters, sorting and pages of plain rows (never the whole
table in Python), shared by the GUI's lists and the exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

import peewee as pw

from desktop.db import counts, search
from desktop.db.connection import database_proxy
from desktop.db.declare import Field, Kind, model_for
from desktop.domain.text import drop_control
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
    # The search plan of `search` (index or ordered scan), made once for all the pages of a list.
    plan: tuple[str, search.SearchPlan] | None = field(default=None, compare=False, repr=False)


def list_fields(register: Register) -> list[Field]:
    return [f for f in register.decl.fields if f.in_list]


def _date_column(register: Register) -> pw.Field | None:
    name = register.decl.year_field
    return getattr(register.model, name) if name else None


def build(register: Register, q: ListQuery) -> pw.ModelSelect:
    """The filtered query (without ordering or paging)."""
    model = register.model
    query = register.select(include_voided=q.include_voided)
    condition = _search(register, q).condition
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


def _search(register: Register, q: ListQuery) -> search.SearchPlan:
    """Registers search through their index (FTS5 trigram / pg_trgm, see db.search); the small catalogues and a
    database without the index (a version-1 backup opened read-only) with LIKE."""
    text = drop_control(q.search).strip()
    if q.plan is not None and q.plan[0] == text:
        return q.plan[1]
    if not text:
        plan = search.SearchPlan(None)
    elif search.has_index(register.decl):
        plan = search.search_plan(register.model, register.decl, text)
    else:
        condition = None
        for f in register.decl.fields:
            if f.searchable:
                term = getattr(register.model, f.name).contains(text)
                condition = term if condition is None else condition | term
        plan = search.SearchPlan(condition)
    q.plan = (text, plan)
    return plan


def count(register: Register, q: ListQuery, cap: int | None = None) -> int:
    """How many records match; with `cap`, counting stops after cap + 1 (the list says "more than cap")."""
    query = build(register, q)
    if cap is None:
        return query.count()
    limited = query.select(pw.SQL("1")).limit(cap + 1)
    return register.model.select(pw.fn.COUNT(pw.SQL("*"))).from_(limited.alias("capped")).scalar() or 0


LIST_COUNT_CAP = 10_000  # a filtered list counts this far (a few milliseconds at most), then says "10,000+"
DENSE_COUNT_CAP = 1_000  # a search that matches very many records counts less far: each row's text is compared


def list_count(register: Register, q: ListQuery) -> tuple[int, bool]:
    """The count a list shows and whether it is exact (else "more than"). The whole register's count comes
    from the count table at once; a filtered or searched list is counted up to a cap."""
    filtered = any(v not in (None, "") for v in q.filters.values()) or q.date_from or q.date_to
    if not q.search.strip() and not filtered and not q.include_voided:
        total = counts.live_count(database_proxy.obj, register.decl)
        if total is not None:
            return total, True
    cap = DENSE_COUNT_CAP if _search(register, q).dense else LIST_COUNT_CAP
    found = count(register, q, cap)
    return (cap, False) if found > cap else (found, True)


def total(register: Register) -> int:
    """Live records of a register (the status bar's figures)."""
    return list_count(register, ListQuery())[0]


def _sort(register: Register, q: ListQuery) -> tuple[pw.Field, bool]:
    """The sort column and direction of the list."""
    descending = q.descending
    name = q.sort_field or register.decl.year_field
    if name is None:  # catalogues read best in the order of their first column (unit names, item codes)
        name, descending = (list_fields(register) or register.decl.fields)[0].name, False
    return getattr(register.model, name), descending


def _order(register: Register, q: ListQuery) -> list[pw.Ordering]:
    """By the sort column with blanks last on both backends (as `fetch_page` pages it), then by id."""
    model = register.model
    column, descending = _sort(register, q)
    order = [column.desc(nulls="LAST") if descending else column.asc(nulls="LAST")]
    order.append(model.id.desc() if descending else model.id.asc())
    return order


def fetch(register: Register, q: ListQuery, offset: int, limit: int, masked: bool = True) -> list[tuple[Any, ...]]:
    """One page by position: tuples of (id, voided, display text of each list column). OFFSET reads and skips
    every earlier row, so lists page with `fetch_page`; this is for small registers and exports."""
    fields = list_fields(register)
    model = register.model
    columns = [model.id, model.voided] + [getattr(model, f.name) for f in fields]
    rows = build(register, q).select(*columns).order_by(*_order(register, q)).offset(offset).limit(limit).tuples()
    return _display(fields, list(rows), masked)


class PageKey(NamedTuple):
    """Where the next page starts: the sort value and id of the last row of the page before (keyset paging)."""

    value: Any
    id: int


def fetch_page(
    register: Register, q: ListQuery, after: PageKey | None, limit: int, masked: bool = True
) -> tuple[list[tuple[Any, ...]], PageKey | None]:
    """The page after `after` (the first page when None) as (id, voided, display text of each list column),
    and the key of the next page (None at the end). See `page_rows`."""
    rows, following = page_rows(register, q, after, limit)
    formatter = RowFormatter(register, masked)
    return [(r[0], r[1], *formatter.texts(r)) for r in rows], following


def page_rows(
    register: Register, q: ListQuery, after: PageKey | None, limit: int
) -> tuple[list[tuple[Any, ...]], PageKey | None]:
    """The page after `after` (the first page when None) in the list's order as (id, voided, stored value of
    each list column), and the key of the next page (None at the end). Each page is an index range scan
    however deep it is (no OFFSET); rows with a sort value come first, those without one (NULL) last, on both
    backends. The values are as the driver returns them: a list formats only the rows it shows
    (`RowFormatter`), which is most of the cost of a page."""
    fields = list_fields(register)
    model = register.model
    column, desc = _sort(register, q)
    columns = [model.id, model.voided] + [getattr(model, f.name) for f in fields] + [column.alias("_sort_value")]
    base = build(register, q).select(*columns)
    by_id = model.id.desc() if desc else model.id.asc()
    rows: list[tuple[Any, ...]] = []
    if column is model.id:
        query = base if after is None else base.where(model.id < after.id if desc else model.id > after.id)
        rows = _fetch(query.order_by(by_id).limit(limit))
    else:
        if after is None or after.value is not None:
            query = base.where(column.is_null(False))
            if after is not None:
                key, last = pw.Tuple(column, model.id), pw.Tuple(after.value, after.id)
                query = query.where(key < last if desc else key > last)
            rows = _fetch(query.order_by(column.desc() if desc else column.asc(), by_id).limit(limit))
        if len(rows) < limit:
            query = base.where(column.is_null())
            if after is not None and after.value is None:
                query = query.where(model.id < after.id if desc else model.id > after.id)
            rows += _fetch(query.order_by(by_id).limit(limit - len(rows)))
    following = None
    if len(rows) == limit:
        last_value = rows[-1][-1]
        following = PageKey(None if last_value is None else column.python_value(last_value), rows[-1][0])
    return [r[:-1] for r in rows], following


def _fetch(query: pw.Select) -> list[tuple[Any, ...]]:
    """The rows of a query straight from the driver (peewee would convert every value of every row)."""
    sql, params = query.sql()
    return database_proxy.obj.execute_sql(sql, params).fetchall()


class RowFormatter:
    """The display texts of stored list rows: values converted and catalogue references named on demand."""

    def __init__(self, register: Register, masked: bool = True):
        self.fields = list_fields(register)
        self.columns = [getattr(register.model, f.name) for f in self.fields]
        self.masked = masked
        self._names: dict[str, dict[int, str]] = {}

    def texts(self, row: tuple[Any, ...]) -> tuple[str, ...]:
        """The texts of the list columns of a row (id, voided, stored values …)."""
        out = []
        for f, column, raw in zip(self.fields, self.columns, row[2:], strict=True):
            if raw is None:
                out.append("")
            elif f.kind is Kind.REF:
                out.append(self._name(f, raw))
            else:
                out.append(display(f, column.python_value(raw), masked=self.masked))
        return tuple(out)

    def _name(self, f: Field, record_id: int) -> str:
        names = self._names.get(f.ref or "")
        if names is None or record_id not in names:
            # Catalogues are small (units, items, topics): all their names in one query, once per list refresh.
            target = model_for(f.ref or "")
            label = getattr(target, "name", None) or target.username
            names = self._names[f.ref or ""] = dict(target.select(target.id, label).tuples())
            names.setdefault(record_id, "")
        return names[record_id]


def _display(fields: list[Field], rows: list[tuple[Any, ...]], masked: bool) -> list[tuple[Any, ...]]:
    """(id, voided, display text of each list column) of fetched rows."""
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
