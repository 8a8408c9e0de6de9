"""desktop/registers/batching.py: lookups remembered within a batch only (never failures), rows pending per
import, the cycle collector paused for the batch."""

from __future__ import annotations

import gc

import pytest

from desktop.registers.batching import batch_lookups, batch_rows, lookup, pending


def test_lookups_are_made_once_per_batch_and_forgotten_after_it():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert lookup("k", compute) == 1 and lookup("k", compute) == 2  # outside a batch: every time
    with batch_lookups():
        assert lookup("k", compute) == 3 and lookup("k", compute) == 3
        with batch_lookups():  # a nested batch shares the outer one's lookups
            assert lookup("k", compute) == 3
    with batch_lookups():
        assert lookup("k", compute) == 4


def test_a_failed_lookup_is_not_remembered():
    answers = iter([LookupError("none yet"), "found"])

    def compute():
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    with batch_lookups():
        with pytest.raises(LookupError):
            lookup("k", compute)
        assert lookup("k", compute) == "found"


def test_the_cycle_collector_is_paused_for_the_batch_and_restored():
    assert gc.isenabled()
    with batch_lookups():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), batch_lookups():
        raise RuntimeError
    assert gc.isenabled()


def test_pending_stores_exist_only_inside_batch_rows():
    assert pending("names", set) is None
    with batch_rows():
        pending("names", set).add("城管")
        assert pending("names", set) == {"城管"}
    with batch_rows():
        assert pending("names", set) == set()
