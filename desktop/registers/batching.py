"""Batches (an import, the demo): catalogue lookups made once per batch, and the rows of a file checked so far
and not yet written, which the rules of the later rows see."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

# Catalogue lookups remembered during a batch (an import, the demo); per thread and batch, never across them.
_LOOKUPS: ContextVar[dict[Any, Any] | None] = ContextVar("zwgk_lookups", default=None)


@contextlib.contextmanager
def batch_lookups() -> Iterator[None]:
    """Within the block, catalogue lookups (an item by its code, a unit by its id) are made once: a file of
    100,000 rows names the same few hundred items again and again, and an import checks the whole file before
    it writes anything, so a catalogue edited meanwhile is no worse than one edited just after."""
    token = _LOOKUPS.set({}) if _LOOKUPS.get() is None else None
    # A batch keeps hundreds of thousands of objects (rows, values, records) alive until it ends: the cycle
    # collector would walk them again and again (15% of a 100,000-row import). They hold no cycles.
    pause = token is not None and gc.isenabled()
    if pause:
        gc.disable()
    try:
        yield
    finally:
        if pause:
            gc.enable()
        if token is not None:
            _LOOKUPS.reset(token)


def lookup(key: Any, compute: Callable[[], Any]) -> Any:
    """`compute()`, remembered under `key` inside `batch_lookups()` (exceptions are not remembered)."""
    cache = _LOOKUPS.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


# Rows of one import checked so far and not yet written (see `batch_rows`); per thread and import.
_PENDING: ContextVar[dict[str, Any] | None] = ContextVar("zwgk_pending", default=None)


@contextlib.contextmanager
def batch_rows() -> Iterator[None]:
    """An import checks every row of a file before it writes any. Within the block, the rules that count or look
    up other records — a fee by the applicant's requests of the month, a parent topic, earlier calls from the
    same phone — also see the rows of the file accepted before them, as if the rows were entered one by one in
    the file's order: `Register.accepted` notes each row in the register's own `pending` store, which the rules
    read."""
    token = _PENDING.set({})
    try:
        yield
    finally:
        _PENDING.reset(token)


def pending(key: str, factory: Callable[[], Any]) -> Any:
    """The store named `key` of the current `batch_rows()` block, made by `factory()` on first use; None outside
    a block (a single save has no rows pending)."""
    stores = _PENDING.get()
    if stores is None:
        return None
    if key not in stores:
        stores[key] = factory()
    return stores[key]
