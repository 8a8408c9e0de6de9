"""Values people typed before, most frequent first, for the completers of free-text fields (frequent callers,
their phones and addresses)."""

from __future__ import annotations

import peewee as pw

from desktop.registers.base import Register


def frequent_values(register: Register, field_name: str, limit: int = 300) -> list[str]:
    column = getattr(register.model, field_name)
    rows = (
        register.select()
        .select(column, pw.fn.COUNT(register.model.id).alias("n"))
        .where(column.is_null(False) & (column != ""))
        .group_by(column)
        .order_by(pw.SQL("n").desc(), column)
        .limit(limit)
        .tuples()
    )
    return [r[0] for r in rows]
