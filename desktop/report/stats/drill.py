"""The drill-down: the exact condition of the records behind any number of the statistics — the counting date
and condition of a count, a stock at the period's end, a rate's numerator or denominator, a breakdown row — so a
list filtered by it shows exactly what was counted."""

from __future__ import annotations

from typing import Any

import peewee as pw

from desktop.report.stats.engine import (
    Ctx,
    Picked,
    Rate,
    RegisterStats,
    Stock,
    Sum,
    Summary,
    Values,
    all_of,
    picked_rows,
    scoped,
)
from desktop.report.stats.period import Span

ANY = object()


def records(
    defn: RegisterStats,
    name: str,
    ctx: Ctx,
    span: Span,
    dimension: str | None = None,
    key: Any = ANY,
    part: str = "num",
) -> pw.Expression:
    """The condition of exactly the records behind one number: indicator `name` in `span` (a month of the 按月
    table is its own span), restricted to one row of a breakdown; for a rate the numerator ("num") or the
    denominator ("den"); for a summary the records it summarises."""
    model = defn.model()
    it = defn.item(name)
    if isinstance(it, Rate):
        return records(defn, it.num if part == "num" else it.den, ctx, span, dimension, key)
    if isinstance(it, Summary):
        return records(defn, defn.item(it.values).base, ctx, span, dimension, key)
    if isinstance(it, Values):
        return records(defn, it.base, ctx, span, dimension, key)
    if isinstance(it, Sum):
        parts = [records(defn, p, ctx, span, dimension, key) for p in it.parts]
        out = parts[0]
        for p in parts[1:]:
            out = out | p
        return out
    dims = ((defn.unit,) if defn.unit else ()) + defn.dimensions
    dim = next(d for d in dims if d.title == dimension) if dimension else None
    key_node = dim.key() if dim is not None else None
    if isinstance(it, Picked):
        ids = [i for k, _, i in picked_rows(defn, it, ctx, span, key_node, False) if key is ANY or k == key]
        return scoped(defn, ctx) & model.id.in_(ids or [-1])
    if isinstance(it, Stock):
        condition = scoped(defn, ctx) & it.where(ctx, span.last)
    else:
        column = getattr(model, it.date)
        condition = all_of(scoped(defn, ctx), span.where(column), it.where(ctx) if it.where else None)
        if it.total:
            condition = condition & (getattr(model, it.total) != 0)
    if key_node is not None and key is not ANY:
        condition = condition & (key_node.is_null() if key is None else key_node == key)
    return condition
