"""值班记录 of the demo year: the 24-hour duty roster of the hotline and one day and one night shift a day."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from desktop.demo.catalogue import Catalogue
from desktop.demo.people import staff_names
from desktop.registers.hotline import shift_span

OPERATORS = 6


def build_roster(rng: random.Random, year: int, cat: Catalogue) -> dict[tuple[date, str], list[str]]:
    """Who is on duty: two operators by day, one by night, in rotation (the night of 31 December before the year
    covers its first morning)."""
    ops = staff_names(rng, OPERATORS, set(cat.taken_names))  # a copy: building twice gives the same roster
    roster = {}
    day = date(year - 1, 12, 31)
    for i in range((date(year + 1, 1, 1) - day).days):
        d = day + timedelta(days=i)
        roster[(d, "白班")] = [ops[i % OPERATORS], ops[(i + 2) % OPERATORS]]
        roster[(d, "夜班")] = [ops[(i + 4) % OPERATORS]]
    return roster


def shift_of(moment: datetime) -> tuple[date, str]:
    """The shift (its date and name) whose span holds `moment`, as the duty register defines the spans."""
    day = moment.date()
    for d, shift in ((day, "白班"), (day, "夜班"), (day - timedelta(days=1), "夜班")):
        start, end = shift_span(d, shift)
        if start <= moment < end:
            return d, shift
    raise ValueError(f"no shift holds {moment}")


def build_duty(rng: random.Random, year: int, roster: dict, tickets: list[dict]) -> list[dict[str, Any]]:
    """One day and one night shift for every day of the year, with a handover note."""
    by_shift: dict[tuple[date, str], list[dict]] = {}
    for t in tickets:
        by_shift.setdefault(shift_of(t["called_at"]), []).append(t)
    rows = []
    day = date(year, 1, 1)
    while day.year == year:
        for shift in ("白班", "夜班"):
            _, end = shift_span(day, shift)
            pending = [
                t
                for t in by_shift.get((day, shift), [])
                if t.get("handling") == "转办" and (t.get("concluded_at") is None or t["concluded_at"] >= end)
            ]
            if pending:
                t = rng.choice(pending)
                note = f"{t['_number']}号工单（{t['_topic']}）已转办，请接班人员跟踪办理进度"
            else:
                note = rng.choice(("交接正常，无遗留事项", "设备运行正常，无特殊情况", "交接正常"))
            rows.append({"date": day, "shift": shift, "operators": "、".join(roster[(day, shift)]), "handover": note})
        day += timedelta(days=1)
    return rows
