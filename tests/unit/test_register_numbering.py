"""desktop/registers/numbering.py: the next free number of a counter, skipping numbers imported records hold,
one query per NUMBERS_AHEAD numbers in a batch, and the counters written back."""

from __future__ import annotations

from desktop.db import write_transaction
from desktop.db.models import Counter, DutyLog, HotlineTicket
from desktop.registers import SYSTEM
from desktop.registers.hotline import HOTLINE_REGISTER
from desktop.registers.numbering import NUMBERS_AHEAD, assign_number, save_counters

SPEC = ("hotline:20151012", "20151012-{n:04d}")
TICKET = {"called_at": "2015-10-12 10:00", "caller": "李四", "appeal_type": "投诉", "content": "噪音扰民"}


def _taken(*numbers: str) -> None:
    for number in numbers:  # records that came with their numbers (an import), the counter untouched
        HOTLINE_REGISTER.save({**TICKET, "number": number}, SYSTEM)


def test_the_next_number_skips_numbers_already_held(catalogue):
    _taken("20151012-0001", "20151012-0002", "20151012-0004")
    counters: dict[str, int] = {}
    values: dict = {}
    assign_number(HotlineTicket, "number", SPEC, values, counters)
    assert values["number"] == "20151012-0003" and counters == {SPEC[0]: 3}
    values = {}
    assign_number(HotlineTicket, "number", SPEC, values, counters)
    assert values["number"] == "20151012-0005"


def test_a_record_with_a_number_or_without_a_counter_is_left_alone(db):
    values = {"number": "typed"}
    assign_number(HotlineTicket, "number", SPEC, values, {})
    assert values == {"number": "typed"}
    values = {}
    assign_number(DutyLog, None, None, values, {})
    assert values == {}


def test_a_batch_asks_ahead_and_still_skips_held_numbers(catalogue, monkeypatch):
    _taken(f"20151012-{NUMBERS_AHEAD:04d}", f"20151012-{NUMBERS_AHEAD + 1:04d}")
    counters: dict[str, int] = {}
    taken: dict = {}
    numbers = []
    for _ in range(NUMBERS_AHEAD + 1):
        values: dict = {}
        assign_number(HotlineTicket, "number", SPEC, values, counters, taken)
        numbers.append(values["number"])
    assert len(set(numbers)) == len(numbers)
    assert f"20151012-{NUMBERS_AHEAD:04d}" not in numbers and numbers[-1] == f"20151012-{NUMBERS_AHEAD + 3:04d}"
    assert taken[SPEC[0]][0] == 2 * NUMBERS_AHEAD  # a second window of numbers was asked for, once


def test_counters_are_saved_and_continue_from_the_saved_value(db):
    with write_transaction():
        save_counters({"x": 7})
        save_counters({"x": 9, "y": 1})
    assert dict(Counter.select(Counter.name, Counter.value).tuples()) == {"x": 9, "y": 1}
    values: dict = {}
    assign_number(HotlineTicket, "number", ("x", "X-{n}"), values, {})
    assert values["number"] == "X-10"
