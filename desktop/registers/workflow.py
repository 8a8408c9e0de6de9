"""Workflow steps: when a step is allowed and what it records. Each register declares its own steps
(`CaseRegister.steps`); a step only proposes values, and the save runs the register's rules as for any edit."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, NamedTuple

from desktop.registers.base import Register
from desktop.registers.cases import CaseRegister


class Step(NamedTuple):
    name: str  # the button text
    allowed_from: tuple[str, ...]  # statuses in which the step may be taken
    status: str | None  # the status after the step (None: unchanged)
    stamps: tuple[str, ...] = ()  # date/date-time fields set to now
    clears: tuple[str, ...] = ()  # fields emptied (e.g. a re-dispatch clears the old 签收)
    when: Callable[[Mapping[str, Any]], bool] | None = None  # a further condition on the record
    hint: str = ""  # what the user still has to fill in


def steps_of(register: Register) -> tuple[Step, ...]:
    """The register's steps; registers that are not worked in steps have none."""
    return register.steps if isinstance(register, CaseRegister) else ()


def step_names(register: Register) -> list[str]:
    return list(dict.fromkeys(s.name for s in steps_of(register)))


def allowed(register: Register, name: str, values: Mapping[str, Any]) -> Step | None:
    """The step of that name allowed for a record in its present state, if any."""
    for step in steps_of(register):
        if step.name != name or values.get("status") not in step.allowed_from:
            continue
        if step.when is None or step.when(values):
            return step
    return None


def proposed_values(register: Register, step: Step, now: datetime) -> dict[str, Any]:
    """What the step writes into the form: the new status, time stamps (date-times or dates), cleared fields."""
    changes: dict[str, Any] = {}
    kinds = {f.name: f.kind for f in register.decl.fields}
    for name in step.stamps:
        changes[name] = now.replace(second=0, microsecond=0) if kinds[name] == "datetime" else now.date()
    for name in step.clears:
        changes[name] = None
    if step.status is not None:
        changes["status"] = step.status
    return changes
