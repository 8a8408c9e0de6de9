"""The indicator engine: a register's statistics are declared as counted sets (a counting date + a condition),
end-of-period stocks, rates of two counts and summaries of per-record values; this module turns the declaration
into grouped SQL aggregates for a period — overall, per unit, per month, per any other dimension — and into the
exact condition of the records behind any number (the drill-down), so a count and its list cannot disagree."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import peewee as pw

from desktop.domain.money import from_fen
from desktop.domain.workdays import WorkCalendar
from desktop.registers.base import Actor
from desktop.report.stats.period import Span, month_key
from desktop.report.stats.settings import StatsSettings


@dataclass(frozen=True)
class Ctx:
    settings: StatsSettings
    calendar: WorkCalendar
    actor: Actor | None = None
    cache: dict[str, Any] = field(default_factory=dict, compare=False)  # catalogue lookups of one computation


Cond = Callable[[Ctx], pw.Expression | None]


@dataclass(frozen=True)
class Count:
    """Records whose counting date (`date`, a column name) falls in the period and that meet `where`."""

    name: str
    date: str
    where: Cond | None = None
    total: str | None = None  # SUM of this money column (分, printed in 元) instead of a count
    note: str = ""
    hidden: bool = False  # a numerator or denominator that is not printed on its own


@dataclass(frozen=True)
class Stock:
    """Records in a state at the end of the period (在办, 超期未办): a month's figure is its last day's."""

    name: str
    where: Callable[[Ctx, date], pw.Expression]
    note: str = ""


@dataclass(frozen=True)
class Rate:
    """`num` ÷ `den`, both names of counts; None (printed —) when the denominator is 0."""

    name: str
    num: str
    den: str
    note: str = ""


@dataclass(frozen=True)
class Sum:
    """The sum of other counts or stocks (超期件 = concluded late + still open past the date)."""

    name: str
    parts: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Values:
    """Per-record values computed from grouped columns (working days need the calendar): not printed itself,
    summarised by `Summary` items, and its records are those of the count `base`."""

    name: str
    base: str
    columns: Callable[[], tuple[pw.Node, ...]]
    value: Callable[[Ctx, tuple[Any, ...]], Any]


@dataclass(frozen=True)
class Summary:
    name: str
    values: str
    fn: Callable[[list[tuple[Any, int]]], float | None]
    note: str = ""


@dataclass(frozen=True)
class Picked:
    """A count decided record by record (a 差评 whose 整改 deadline falls in the period): rows with `date` up to
    `reach` days before the period are read, `bucket` gives each its counting date (None: not counted)."""

    name: str
    date: str
    where: Cond
    columns: Callable[[], tuple[pw.Node, ...]]
    bucket: Callable[[Ctx, tuple[Any, ...]], date | None]
    reach: int = 0
    note: str = ""
    hidden: bool = False


Item = Count | Stock | Rate | Sum | Values | Summary | Picked


@dataclass(frozen=True)
class Dimension:
    """A breakdown: `key` groups the records, `label` names a key value, `keys` lists values shown even at 0."""

    title: str  # 按单位, 按事项, …
    column: str  # the row's label column: 单位, 事项, …
    key: Callable[[], pw.Node]
    label: Callable[[list[Any]], dict[Any, str]] = lambda keys: {k: "" if k is None else str(k) for k in keys}
    keys: Callable[[Ctx], list[Any]] | None = None


@dataclass(frozen=True)
class RegisterStats:
    title: str
    model: Callable[[], type[pw.Model]]
    items: tuple[Item, ...]
    unit: Dimension | None  # 按单位, also grouped by month; None for a register without units (依申请公开)
    dimensions: tuple[Dimension, ...] = ()
    scope: Callable[[Actor], pw.Expression | None] = lambda actor: None
    extras: Callable[[Ctx, Span, Result], None] | None = None
    register: str = ""  # the register key whose list page shows the records

    def item(self, name: str) -> Item:
        for it in self.items:
            if it.name == name:
                return it
        raise KeyError(name)

    @property
    def shown(self) -> list[Item]:
        return [it for it in self.items if not isinstance(it, Values) and not getattr(it, "hidden", False)]


@dataclass
class Bucket:
    counts: dict[str, int] = field(default_factory=dict)
    values: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    stocks: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (month, value at its end)

    def merge(self, other: Bucket) -> None:
        for k, v in other.counts.items():
            self.counts[k] = self.counts.get(k, 0) + v
        for k, v in other.values.items():
            self.values.setdefault(k, []).extend(v)
        for k, (m, v) in other.stocks.items():
            mine = self.stocks.get(k)
            if mine is None or mine[0] < m:
                self.stocks[k] = (m, v)
            elif mine[0] == m:
                self.stocks[k] = (m, mine[1] + v)


def _live(model: type[pw.Model]) -> pw.Expression:
    return model.voided == False  # noqa: E712


def scoped(defn: RegisterStats, ctx: Ctx) -> pw.Expression:
    """The live records of the register that the actor may count (a 窗口人员: their unit)."""
    model = defn.model()
    condition = _live(model)
    scope = defn.scope(ctx.actor) if ctx.actor is not None else None
    return condition if scope is None else condition & scope


def all_of(*parts: pw.Expression | None) -> pw.Expression | None:
    out = None
    for p in parts:
        if p is not None:
            out = p if out is None else out & p
    return out


def _flag(condition: pw.Expression | None, value: pw.Node | int = 1) -> pw.Node:
    if condition is None:
        return pw.fn.SUM(value) if not isinstance(value, int) else pw.fn.COUNT(pw.SQL("*"))
    return pw.fn.SUM(pw.Case(None, [(condition, value)], 0))


def collect(
    defn: RegisterStats,
    ctx: Ctx,
    span: Span,
    key: pw.Node | None,
    by_month: bool,
    only: Iterable[str] | None = None,
) -> dict[tuple, Bucket]:
    """Every count, stock and value of the register in the span (or only those named), grouped by (key, month):
    SQL aggregates, one query per counting date."""
    model = defn.model()
    base = scoped(defn, ctx)
    key_node = key if key is not None else pw.Value(None)
    out: dict[tuple, Bucket] = {}
    wanted = None if only is None else set(only)
    items = [it for it in defn.items if wanted is None or it.name in wanted]

    def bucket(k: Any, m: str | None) -> Bucket:
        return out.setdefault((k, m), Bucket())

    counts = [it for it in items if isinstance(it, Count)]
    for column_name in dict.fromkeys(c.date for c in counts):
        column = getattr(model, column_name)
        mine = [c for c in counts if c.date == column_name]
        month = month_key(column) if by_month else pw.Value(None)
        aggregates = [_flag(c.where(ctx) if c.where else None, getattr(model, c.total) if c.total else 1) for c in mine]
        query = model.select(key_node, month, *aggregates).where(base & span.where(column))
        group = [g for g, on in ((key_node, key is not None), (month, by_month)) if on]
        if group:
            query = query.group_by(*group)
        for k, m, *sums in query.tuples():
            b = bucket(k, m)
            for c, s in zip(mine, sums, strict=True):
                b.counts[c.name] = b.counts.get(c.name, 0) + int(s or 0)

    stocks = [it for it in items if isinstance(it, Stock)]
    if stocks:
        ends = span.months() if by_month else [(None, span)]
        for m, part in ends:
            conditions = [s.where(ctx, part.last) for s in stocks]
            any_of = conditions[0]
            for c in conditions[1:]:
                any_of = any_of | c
            query = model.select(key_node, *[_flag(c) for c in conditions]).where(base & any_of)
            if key is not None:
                query = query.group_by(key_node)
            for k, *sums in query.tuples():
                b = bucket(k, m)
                for s, n in zip(stocks, sums, strict=True):
                    b.stocks[s.name] = (m or "", int(n or 0))

    for values in (it for it in items if isinstance(it, Values)):
        count = defn.item(values.base)
        column = getattr(model, count.date)
        month = month_key(column) if by_month else pw.Value(None)
        columns = values.columns()
        query = (
            model.select(key_node, month, *columns, pw.fn.COUNT(pw.SQL("*")))
            .where(all_of(base, span.where(column), count.where(ctx) if count.where else None))
            .group_by(*[g for g, on in ((key_node, key is not None), (month, by_month)) if on], *columns)
        )
        for k, m, *row in query.tuples():
            value = values.value(ctx, tuple(row[:-1]))
            if value is not None:
                bucket(k, m).values.setdefault(values.name, []).append((value, int(row[-1])))

    for picked in (it for it in items if isinstance(it, Picked)):
        for k, m, _ in picked_rows(defn, picked, ctx, span, key, by_month):
            b = bucket(k, m)
            b.counts[picked.name] = b.counts.get(picked.name, 0) + 1
    return out


def raw_counts(
    defn: RegisterStats, ctx: Ctx, span: Span, names: Iterable[str], key: pw.Node | None = None
) -> dict[Any, dict[str, int]]:
    """The named counts in the span by `key` (money in 分, exact), no months: what the annual figures take."""
    names = tuple(names)
    out: dict[Any, dict[str, int]] = {}
    for (k, _), b in collect(defn, ctx, span, key, by_month=False, only=names).items():
        mine = out.setdefault(k, dict.fromkeys(names, 0))
        for name, n in b.counts.items():
            mine[name] += n
    return out


def picked_rows(
    defn: RegisterStats, picked: Picked, ctx: Ctx, span: Span, key: pw.Node | None, by_month: bool
) -> Iterable[tuple[Any, str | None, int]]:
    """(key, month, record id) of each record a `Picked` count counts in the span."""
    model = defn.model()
    column = getattr(model, picked.date)
    wide = Span(date.fromordinal(span.first.toordinal() - picked.reach), span.last)
    key_node = key if key is not None else pw.Value(None)
    query = model.select(model.id, key_node, *picked.columns()).where(
        all_of(scoped(defn, ctx), wide.where(column), picked.where(ctx))
    )
    for record_id, k, *row in query.tuples():
        day = picked.bucket(ctx, tuple(row))
        if day is not None and span.first <= day <= span.last:
            yield k, (f"{day:%Y-%m}" if by_month else None), record_id


def render(defn: RegisterStats, b: Bucket) -> dict[str, Any]:
    """The printed indicators of one bucket: counts as int, money in 元, rates in [0, 1] or None."""
    row: dict[str, Any] = {}
    for it in defn.shown:
        if isinstance(it, Sum):
            row[it.name] = sum(_number(defn, b, p) for p in it.parts)
            continue
        if isinstance(it, Count | Picked):
            n = b.counts.get(it.name, 0)
            row[it.name] = float(from_fen(n)) if isinstance(it, Count) and it.total else n
        elif isinstance(it, Stock):
            row[it.name] = b.stocks.get(it.name, ("", 0))[1]
        elif isinstance(it, Rate):
            num, den = _number(defn, b, it.num), _number(defn, b, it.den)
            row[it.name] = None if not den else num / den
        elif isinstance(it, Summary):
            row[it.name] = it.fn(b.values.get(it.values, []))
    return row


def _number(defn: RegisterStats, b: Bucket, name: str) -> int:
    it = defn.item(name)
    return b.stocks.get(name, ("", 0))[1] if isinstance(it, Stock) else b.counts.get(name, 0)


@dataclass
class Result:
    """The statistics of one register for a period."""

    title: str
    total: dict[str, Any]
    by_month: list[dict[str, Any]]
    breakdowns: dict[str, list[dict[str, Any]]]  # 按单位 first
    keys: dict[str, list[Any]]  # the key value of each breakdown row (for the drill-down)
    notes: list[str]


def compute(defn: RegisterStats, ctx: Ctx, span: Span) -> Result:
    first = defn.unit
    grouped = collect(defn, ctx, span, first.key() if first else None, by_month=True)
    total, per_key, per_month = Bucket(), {}, {}
    for (k, m), b in grouped.items():
        total.merge(b)
        per_key.setdefault(k, Bucket()).merge(b)
        per_month.setdefault(m, Bucket()).merge(b)
    result = Result(defn.title, render(defn, total), [], {}, {}, [])
    for m, _ in span.months():
        result.by_month.append({"月份": m, **render(defn, per_month.get(m, Bucket()))})
    result.breakdowns["按单位"], result.keys["按单位"] = _rows(defn, first, ctx, per_key) if first else ([], [])
    for dim in defn.dimensions:
        buckets: dict[Any, Bucket] = {}
        for (k, _), b in collect(defn, ctx, span, dim.key(), by_month=False).items():
            buckets.setdefault(k, Bucket()).merge(b)
        result.breakdowns[dim.title], result.keys[dim.title] = _rows(defn, dim, ctx, buckets)
    result.notes = [f"{it.name}：{it.note}" for it in defn.shown if it.note]
    if defn.extras is not None:
        defn.extras(ctx, span, result)
    return result


def _rows(
    defn: RegisterStats, dim: Dimension, ctx: Ctx, buckets: dict[Any, Bucket]
) -> tuple[list[dict[str, Any]], list[Any]]:
    keys = list(buckets)
    if dim.keys is not None:
        keys += [k for k in dim.keys(ctx) if k not in buckets]
    labels = dim.label(keys)
    rows = sorted(((labels.get(k, str(k)), k) for k in keys), key=lambda lk: (lk[1] is None, lk[0]))
    return [{dim.column: label, **render(defn, buckets.get(k, Bucket()))} for label, k in rows], [k for _, k in rows]
