"""Register layer: one module per register with its rules; `REGISTERS` maps the command-line key to each."""

from desktop.registers.base import SYSTEM, Actor, FieldErrors, NotAllowed, Register, StaleRecord
from desktop.registers.catalogues import (
    HOTLINE_LIMIT_REGISTER,
    HOTLINE_TOPIC_REGISTER,
    SERVICE_ITEM_REGISTER,
    UNIT_REGISTER,
    WEB_COLUMN_REGISTER,
)
from desktop.registers.contacts import CONTACT_REGISTER
from desktop.registers.disclosure import DISCLOSURE_REGISTER, reply_deadline
from desktop.registers.hotline import DUTY_REGISTER, HOTLINE_REGISTER, due_deadline
from desktop.registers.publication import APPEALS_REGISTER, ENFORCEMENT_REGISTER, NORMATIVE_REGISTER, PROACTIVE_REGISTER
from desktop.registers.users import USER_REGISTER
from desktop.registers.window import WINDOW_REGISTER, promise_deadline

#: The registers of the command line (`zwgk import window …`), in the spec's order.
REGISTERS: dict[str, Register] = {
    r.decl.key: r
    for r in (
        WINDOW_REGISTER,
        CONTACT_REGISTER,
        HOTLINE_REGISTER,
        DUTY_REGISTER,
        DISCLOSURE_REGISTER,
        PROACTIVE_REGISTER,
        NORMATIVE_REGISTER,
        ENFORCEMENT_REGISTER,
        APPEALS_REGISTER,
    )
}
CATALOGUES: dict[str, Register] = {
    r.decl.key: r
    for r in (
        UNIT_REGISTER,
        SERVICE_ITEM_REGISTER,
        HOTLINE_TOPIC_REGISTER,
        HOTLINE_LIMIT_REGISTER,
        WEB_COLUMN_REGISTER,
        USER_REGISTER,
    )
}
ALL: dict[str, Register] = {**CATALOGUES, **REGISTERS}

#: The computed deadline of a register: (field, function of the form's values -> Deadline or None), so that a
#: form can explain how it was reached (days counted, holidays and make-up days crossed, pauses, extension).
DEADLINES = {
    "window": ("promised_date", promise_deadline),
    "hotline": ("due_date", due_deadline),
    "disclosure": ("due_date", reply_deadline),
}

__all__ = [
    "REGISTERS",
    "CATALOGUES",
    "ALL",
    "DEADLINES",
    "Actor",
    "SYSTEM",
    "FieldErrors",
    "NotAllowed",
    "Register",
    "StaleRecord",
]
