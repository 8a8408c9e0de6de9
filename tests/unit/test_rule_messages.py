"""Rule messages name fields through the declaration's labels: rename a label and every message that names the
field says the new name, and nothing else of the message changes."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from desktop.db.declare import Declaration, Kind, model_for
from desktop.registers import REGISTERS

ROWS = 400  # random value sets per register: enough to reach every message of the rules (checked below)
MARK = re.compile(r"«(\w+)»")


def _values(decl: Declaration, rnd: random.Random, refs: dict[str, list[int]]) -> dict[str, Any]:
    """A random mix of empty and filled fields, dates close together so that their order varies."""
    values: dict[str, Any] = {}
    for f in decl.fields:
        if rnd.random() < 0.45:
            values[f.name] = None
        elif f.kind is Kind.DATE:
            values[f.name] = date(2015, 10, 1) + timedelta(days=rnd.randint(0, 60))
        elif f.kind is Kind.DATETIME:
            values[f.name] = datetime(2015, 10, 1, 9) + timedelta(days=rnd.randint(0, 60), hours=rnd.randint(0, 8))
        elif f.kind is Kind.CHOICE:
            values[f.name] = rnd.choice(f.choices)
        elif f.kind is Kind.MULTI:
            values[f.name] = rnd.choice([(), f.choices[:1]])
        elif f.kind is Kind.INT:
            values[f.name] = rnd.choice([0, 1, 5, 25, 40, 2015, 1999])
        elif f.kind is Kind.MONEY:
            values[f.name] = rnd.choice([Decimal(0), Decimal("10.00"), Decimal("5.5")])
        elif f.kind is Kind.BOOL:
            values[f.name] = rnd.choice([True, False])
        elif f.kind is Kind.REF:
            values[f.name] = rnd.choice(refs.get(f.ref or "") or [None])
        else:
            values[f.name] = rnd.choice(["张三", ""])
    return values


def _messages(key: str, refs: dict[str, list[int]]) -> list[str]:
    register = REGISTERS[key]
    rnd = random.Random(key)
    found = []
    for _ in range(ROWS):
        values = _values(register.decl, rnd, refs)
        found += register.rules(dict(values), None).values()
        found += register.warnings(dict(values), None)
    return found


@pytest.mark.parametrize(
    "key", ["window", "hotline", "disclosure", "contacts", "proactive", "normative", "enforcement", "appeals"]
)
def test_messages_follow_the_declared_labels(catalogue, monkeypatch, key):
    refs = {ref: [r.id for r in model_for(ref).select()] for ref in ("unit", "service_item", "hotline_topic")}
    decl = REGISTERS[key].decl
    plain = _messages(key, refs)
    monkeypatch.setattr(decl, "label", lambda name: f"«{name}»")
    renamed = _messages(key, refs)
    monkeypatch.undo()

    assert len(plain) == len(renamed) and any(MARK.search(m) for m in renamed)
    labels = [f.label for f in decl.fields if len(f.label) >= 3]  # 状态, 评价 … are words of the prose too
    for before, after in zip(plain, renamed, strict=True):
        # Every field the message names went through the label: none is left typed in, and putting the labels
        # back gives the same text.
        assert not [label for label in labels if label in after], after
        assert MARK.sub(lambda m: decl.label(m.group(1)), after) == before


def test_a_renamed_label_is_in_the_message(catalogue, monkeypatch):
    register = REGISTERS["disclosure"]
    values = {"received_date": date(2015, 10, 9), "reply_date": date(2015, 10, 8), "status": "已办结"}
    assert register.rules(dict(values), None)["reply_date"] == "答复日期不能早于收到日期"
    original = register.decl.label
    monkeypatch.setattr(register.decl, "label", lambda name: "答复书日期" if name == "reply_date" else original(name))
    assert register.rules(dict(values), None)["reply_date"] == "答复书日期不能早于收到日期"
