"""Register layer: one module per register with its rules; `REGISTERS` maps the command-line key to each."""

from desktop.registers.base import SYSTEM, Actor, FieldErrors, NotAllowed, Register, StaleRecord
from desktop.registers.cases import CaseRegister
from desktop.registers.catalogues import (
    HOTLINE_LIMIT_REGISTER,
    HOTLINE_TOPIC_REGISTER,
    SERVICE_ITEM_REGISTER,
    UNIT_REGISTER,
    WEB_COLUMN_REGISTER,
)
from desktop.registers.contacts import CONTACT_REGISTER
from desktop.registers.disclosure import DISCLOSURE_REGISTER
from desktop.registers.hotline import DUTY_REGISTER, HOTLINE_REGISTER
from desktop.registers.publication import APPEALS_REGISTER, ENFORCEMENT_REGISTER, NORMATIVE_REGISTER, PROACTIVE_REGISTER
from desktop.registers.users import USER_REGISTER
from desktop.registers.window import WINDOW_REGISTER

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

__all__ = [
    "REGISTERS",
    "CATALOGUES",
    "ALL",
    "CaseRegister",
    "Actor",
    "SYSTEM",
    "FieldErrors",
    "NotAllowed",
    "Register",
    "StaleRecord",
]
