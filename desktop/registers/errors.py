"""Who acts on a register, and what a register refuses: bad fields, a stale form, a role without the right."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from desktop.domain import vocab
from desktop.domain.errors import DomainError


class Actor(NamedTuple):
    """Who is acting: the signed-in user (GUI) or the operator of the command line."""

    username: str
    role: str
    unit_id: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == vocab.ROLE_ADMIN


SYSTEM = Actor("系统", vocab.ROLE_ADMIN)


class FieldErrors(DomainError):
    """Every problem of one record at once, keyed by field name, so that a form shows each next to its field."""

    def __init__(self, errors: Mapping[str, str], labels: Mapping[str, str]):
        self.errors = dict(errors)
        self.labels = dict(labels)
        text = "；".join(f"【{self.labels.get(k, k)}】{v}" for k, v in self.errors.items())
        super().__init__(text, next(iter(self.errors), None))


class StaleRecord(DomainError):
    """Someone else saved the record after this form loaded it; the save is refused, the typed values kept."""


class NotAllowed(DomainError):
    """The user's role may not do this (enforced here, not only by hidden buttons)."""
