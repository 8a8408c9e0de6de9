"""咨询与留言 rules: a tally of 人次 ≥ 1; 形式 only for praise."""

from __future__ import annotations

from typing import Any

import peewee as pw

from desktop.db.models import CONTACTS
from desktop.domain import vocab
from desktop.registers.base import Register


class Contacts(Register):
    write_roles = (vocab.ROLE_WINDOW, vocab.ROLE_HOTLINE, vocab.ROLE_OFFICE)

    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        errors: dict[str, str] = {}
        if values.get("count") is not None and values["count"] < 1:
            errors["count"] = f"{self.decl.label('count')}至少为1"
        if values.get("praise_form") and values.get("type") != "表扬":
            errors["praise_form"] = f"只有“表扬”需要填写{self.decl.label('praise_form')}"
        return errors


CONTACT_REGISTER = Contacts(CONTACTS)
