"""Rules of 主动公开, 规章与行政规范性文件, 行政执法决定 and 复议诉讼 (the disclosure office's books)."""

from __future__ import annotations

from typing import Any

import peewee as pw

from desktop.db.models import APPEALS, ENFORCEMENT, NORMATIVE, PROACTIVE
from desktop.domain import vocab
from desktop.registers.base import Register

_OFFICE = (vocab.ROLE_OFFICE,)


class Proactive(Register):
    write_roles = _OFFICE

    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        if not values.get("carriers"):
            return {"carriers": f"至少选择一种{self.decl.label('carriers')}"}
        return {}


class Normative(Register):
    write_roles = _OFFICE

    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        issued, repealed = values.get("issued_date"), values.get("repealed_date")
        if issued and repealed and repealed < issued:
            return {"repealed_date": f"{self.decl.label('repealed_date')}不能早于{self.decl.label('issued_date')}"}
        return {}


class Enforcement(Register):
    write_roles = _OFFICE

    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        errors: dict[str, str] = {}
        year, quantity = values.get("year"), values.get("quantity")
        if year is not None and not 2000 <= year <= 2100:
            errors["year"] = f"{self.decl.label('year')}应为四位年份，如 2015"
        if quantity is not None and values.get("category") != "行政事业性收费" and quantity != int(quantity):
            errors["quantity"] = f"决定{self.decl.label('quantity')}应为整数（只有行政事业性收费填金额）"
        return errors


class Appeals(Register):
    write_roles = _OFFICE

    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        result, closed, filed = values.get("result"), values.get("closed_date"), values.get("filed_date")
        label = self.decl.label
        if result != "尚未审结" and not closed:
            return {"closed_date": f"已审结的案件必须填写{label('closed_date')}"}
        if result == "尚未审结" and closed:
            return {"result": f"填写了{label('closed_date')}，请选择{label('result')}"}
        if closed and filed and closed < filed:
            return {"closed_date": f"{label('closed_date')}不能早于{label('filed_date')}"}
        return {}


PROACTIVE_REGISTER = Proactive(PROACTIVE)
NORMATIVE_REGISTER = Normative(NORMATIVE)
ENFORCEMENT_REGISTER = Enforcement(ENFORCEMENT)
APPEALS_REGISTER = Appeals(APPEALS)
