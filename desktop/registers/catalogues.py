"""基础数据: units, service items, hotline topics and time limits, website columns — written by administrators."""

from __future__ import annotations

import re
from typing import Any

import peewee as pw

from desktop.db.models import HOTLINE_LIMITS, HOTLINE_TOPICS, SERVICE_ITEMS, UNITS, WEB_COLUMNS
from desktop.registers.base import Register, pending


class Catalogue(Register):
    """基础数据: written and seen by administrators only (the registers' forms offer its records as choices)."""

    read_roles = ()


class Units(Catalogue):
    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        errors: dict[str, str] = {}
        code = values.get("code") or ""
        values["code"] = code.upper()
        if not re.fullmatch(r"[A-Z0-9]{1,8}", values["code"]):
            errors["code"] = f"{self.decl.label('code')}应为1至8位大写字母或数字，如 GS"
        return errors


class ServiceItems(Catalogue):
    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        errors: dict[str, str] = {}
        legal, promise = values.get("legal_days"), values.get("promise_days")
        promise_label, legal_label = self.decl.label("promise_days"), self.decl.label("legal_days")
        if legal is not None and promise is not None and promise > legal:
            errors["promise_days"] = f"{promise_label}（{promise}个工作日）不能超过{legal_label}（{legal}个工作日）"
        if values.get("case_type") == "即办件" and promise:
            errors["promise_days"] = f"即办件的{promise_label}应为0"
        return errors


class TreeCatalogue(Catalogue):
    """Topics and website columns: a parent must exist and differ from the item itself. An imported file may
    hold a parent with its children, written above them (which also keeps a file from making a cycle)."""

    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        parent = values.get("parent")
        if not parent:
            return {}
        if parent == values.get("name"):
            return {"parent": "上级不能是自身"}
        in_file = self._names_in_file()
        if in_file is not None and parent in in_file:
            return {}
        if not self.select().where(self.model.name == parent).exists():
            where = "（同一文件中的上级应写在其下级之前）" if in_file is not None else ""
            return {"parent": f"上级“{parent}”不存在{where}"}
        return {}

    def accepted(self, values: dict[str, Any]) -> None:
        names = self._names_in_file()
        if names is not None and values.get("name"):
            names.add(values["name"])

    def _names_in_file(self) -> set[str] | None:
        return pending(f"{self.decl.key}:names", set)


class HotlineLimits(Catalogue):
    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        days = values.get("days")
        if days is not None and not 1 <= days <= 60:
            return {"days": "办理时限应在1至60个工作日之间"}
        return {}


UNIT_REGISTER = Units(UNITS)
SERVICE_ITEM_REGISTER = ServiceItems(SERVICE_ITEMS)
HOTLINE_TOPIC_REGISTER = TreeCatalogue(HOTLINE_TOPICS)
HOTLINE_LIMIT_REGISTER = HotlineLimits(HOTLINE_LIMITS)
WEB_COLUMN_REGISTER = TreeCatalogue(WEB_COLUMNS)
