"""窗口办件 rules: the item fills unit, category, type and promise; statuses, pauses, fees, ratings, 整改."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import peewee as pw

from desktop.db.models import WINDOW, ServiceItem, Unit
from desktop.domain import vocab
from desktop.domain.deadlines import Deadline, window_promise_date
from desktop.domain.errors import DomainError
from desktop.registers.base import Actor, NotAllowed, Register, lookup
from desktop.registers.calendar import current_calendar

# Statuses after 受理 need a 受理时间; 办结 needs a 办结时间.
_ACCEPTED = ("受理", "补齐补正", "挂起", "办结")
_ENDED = ("办结", "不予受理", "退件")


def promise_deadline(values: dict[str, Any]) -> Deadline | None:
    """承诺办结日期 with its explanation, or None before 受理."""
    accepted = values.get("accepted_at")
    if accepted is None or values.get("promise_days") is None:
        return None
    pauses = []
    if values.get("correction_start"):
        pauses.append((values["correction_start"], values.get("correction_end"), "补齐补正"))
    if values.get("suspend_start"):
        pauses.append((values["suspend_start"], values.get("suspend_end"), "挂起"))
    return window_promise_date(current_calendar(), accepted, values["promise_days"], pauses)


class WindowCases(Register):
    write_roles = (vocab.ROLE_WINDOW,)

    def check_scope(self, actor: Actor, values: dict[str, Any]) -> None:
        super().check_scope(actor, values)
        if actor.role == vocab.ROLE_WINDOW and values.get("unit") != actor.unit_id:
            raise NotAllowed("窗口人员只能登记和修改本单位的办件")

    def fill(self, values: dict[str, Any], old: pw.Model | None) -> None:
        if values.get("id_number") and not values.get("id_kind"):
            values["id_kind"] = "居民身份证" if values.get("applicant_type") == "个人" else "统一社会信用代码"

    def derive(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        item = _item(values.get("item"))
        if item is None:
            return {"item": "必填"}
        values.update(
            unit=item.__data__["unit"], category=item.category, case_type=item.case_type, promise_days=item.promise_days
        )
        try:
            deadline = promise_deadline(values)
        except DomainError as exc:
            return {"promised_date": exc.message}
        values["promised_date"] = deadline.due if deadline else None
        return {}

    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        errors: dict[str, str] = {}
        status = values.get("status")
        received, accepted, concluded = values.get("received_at"), values.get("accepted_at"), values.get("concluded_at")
        if accepted and received and accepted < received:
            errors["accepted_at"] = "受理时间不能早于收件时间"
        if status in _ACCEPTED and not accepted:
            errors["accepted_at"] = f"状态为“{status}”时必须填写受理时间"
        if status == "办结" and not concluded:
            errors["concluded_at"] = "办结时必须填写办结时间"
        if concluded and status not in _ENDED:
            errors["concluded_at"] = "未办结的办件不能填写办结时间"
        if concluded and accepted and concluded < accepted:
            errors["concluded_at"] = "办结时间不能早于受理时间"
        if concluded and received and concluded < received:
            errors.setdefault("concluded_at", "办结时间不能早于收件时间")
        for start, end, label in (
            ("correction_start", "correction_end", "补齐补正"),
            ("suspend_start", "suspend_end", "挂起"),
        ):
            if values.get(end) and not values.get(start):
                errors[start] = f"填写了{label}结束日期，必须填写开始日期"
            elif values.get(end) and values[end] < values[start]:
                errors[end] = f"{label}结束日期不能早于开始日期"
            if values.get(start) and accepted and values[start] < _day(accepted):
                errors[start] = f"{label}开始日期不能早于受理日期"
        if status == "补齐补正" and (not values.get("correction_start") or values.get("correction_end")):
            errors.setdefault("correction_start", "状态为“补齐补正”时应填写开始日期，且尚未结束")
        if status == "挂起" and (not values.get("suspend_start") or values.get("suspend_end")):
            errors.setdefault("suspend_start", "状态为“挂起”时应填写开始日期，且尚未结束")
        errors.update(self._fee_rules(values))
        errors.update(self._rating_rules(values))
        return errors

    @staticmethod
    def _fee_rules(values: dict[str, Any]) -> dict[str, str]:
        item = _item(values.get("item"))
        fee = values.get("fee")
        if item is None:
            return {}
        if item.charges and values.get("status") == "办结" and not fee:
            return {"fee": f"“{item.name}”是收费事项，办结时收费金额必须大于0"}
        if not item.charges and fee:
            return {"fee": f"“{item.name}”不是收费事项，不能填写收费金额"}
        return {}

    @staticmethod
    def _rating_rules(values: dict[str, Any]) -> dict[str, str]:
        rating = values.get("rating") or "未评价"
        errors: dict[str, str] = {}
        if rating != "未评价" and values.get("status") != "办结":
            errors["rating"] = "办结后才能评价"
        if rating in vocab.DISSATISFIED:
            for name, label in (
                ("fix_callback_date", "回访日期"),
                ("fix_finding", "核实情况"),
                ("fix_measure", "整改措施"),
                ("fix_due_date", "整改期限"),
            ):
                if not values.get(name):
                    errors[name] = f"差评（{rating}）必须填写{label}"
        elif any(
            values.get(n) for n in ("fix_callback_date", "fix_finding", "fix_measure", "fix_due_date", "fix_done_date")
        ):
            errors["rating"] = "只有“不满意”“非常不满意”的评价需要填写差评整改"
        if (
            values.get("fix_done_date")
            and values.get("fix_callback_date")
            and values["fix_done_date"] < values["fix_callback_date"]
        ):
            errors["fix_done_date"] = "整改完成日期不能早于回访日期"
        return errors

    def next_number(self, values: dict[str, Any]) -> tuple[str, str] | None:
        unit = lookup(("unit", "row", values["unit"]), lambda: Unit.get_by_id(values["unit"]))
        year = values["received_at"].year
        return f"window:{year}:{unit.code}", f"{year}-{unit.code}-{{n:05d}}"


def _item(item_id: Any) -> pw.Model | None:
    return lookup(("service_item", "row", item_id), lambda: ServiceItem.get_or_none(ServiceItem.id == item_id))


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


RUNNING = ("受理", "补齐补正", "挂起")


def is_overdue(record: pw.Model, today: date) -> bool:
    """Past its 承诺办结日期: concluded late, or still running after it (a refused or returned case is not)."""
    if record.promised_date is None:
        return False
    if record.status == "办结" and record.concluded_at:
        return _day(record.concluded_at) > record.promised_date
    return record.status in RUNNING and today > record.promised_date


WINDOW_REGISTER = WindowCases(WINDOW)
