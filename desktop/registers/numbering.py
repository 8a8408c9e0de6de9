"""Numbers of new records (办件编号, 工单编号 …): the next free number of a named counter, skipping numbers that
imported records already hold, and the counters written back with the records."""

from __future__ import annotations

from typing import Any

import peewee as pw

from desktop.db.models import Counter
from desktop.registers.values import blank

NUMBERS_AHEAD = 500  # a batch asks which of this many next numbers are taken in one query (well under SQLite's limit)

#: Numbers known to be taken in a batch, per counter: (the highest number checked, the taken ones up to it).
Taken = dict[str, tuple[int, set[str]]]


def assign_number(
    model: type[pw.Model],
    field_name: str | None,
    spec: tuple[str, str] | None,
    values: dict[str, Any],
    counters: dict[str, int],
    taken: Taken | None = None,
) -> None:
    """Put the next free number of the counter `spec` = (counter name, format with {n}) into `values[field_name]`,
    unless the record is not numbered or already has a number. `counters` holds the counters read so far (saved
    by `save_counters`). With `taken` (a batch), which of the next numbers are used is asked for NUMBERS_AHEAD
    numbers at a time instead of number by number."""
    if spec is None or field_name is None or not blank(values.get(field_name)):
        return
    counter, pattern = spec
    if counter not in counters:
        row = Counter.get_or_none(Counter.name == counter)
        counters[counter] = row.value if row else 0
    column = getattr(model, field_name)
    while True:  # skip numbers taken by imported records
        counters[counter] += 1
        n = counters[counter]
        number = pattern.format(n=n)
        if taken is None:
            if model.select().where(column == number).exists():
                continue
        else:
            checked_to, used = taken.get(counter, (0, set()))
            if n > checked_to:
                ahead = [pattern.format(n=k) for k in range(n, n + NUMBERS_AHEAD)]
                used = {v for (v,) in model.select(column).where(column.in_(ahead)).tuples()}
                taken[counter] = (n + NUMBERS_AHEAD - 1, used)
            if number in used:
                continue
        values[field_name] = number
        return


def save_counters(counters: dict[str, int]) -> None:
    """Write the counters a save advanced (in its transaction)."""
    for name, value in counters.items():
        Counter.insert(name=name, value=value).on_conflict(
            conflict_target=[Counter.name], update={Counter.value: value}
        ).execute()
