"""窗口办件 rules: the item fills unit, category, type and promise; statuses, pauses, fees, ratings, 整改."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import peewee as pw

from desktop.db.models import WINDOW, ServiceItem, Unit
from desktop.domain import vocab
from desktop.domain.deadlines import Deadline, window_promise_date
from desktop.domain.errors import DomainError
from desktop.registers.base import Actor, NotAllowed, lookup
from desktop.registers.calendar import current_calendar
from desktop.registers.cases import CaseRegister
from desktop.registers.workflow import Step

# The cases being worked on: the promise can still be missed. In 补齐补正 and 挂起 an open span leaves the
# 承诺办结日期 empty (the clock is stopped); a span that began after the date had passed leaves it standing.
_OPEN = ("受理", "补齐补正", "挂起")
# Statuses after 受理 need a 受理时间; 办结 needs a 办结时间.
_ACCEPTED = (*_OPEN, "办结")
_ENDED = ("办结", "不予受理", "退件")
# The pauses of a case: (start field, end field, the name of the pause in messages and explanations).
_PAUSES = (("correction_start", "correction_end", "补齐补正"), ("suspend_start", "suspend_end", "挂起"))
_FIX_REQUIRED = ("fix_callback_date", "fix_finding", "fix_measure", "fix_due_date")


def label(name: str) -> str:
    """A field's declared label, for messages: renaming the field renames it in every message."""
    return WINDOW.label(name)


def _bad_rating_open(v: Mapping[str, Any]) -> bool:
    return v.get("rating") in vocab.DISSATISFIED and not v.get("fix_done_date")


class WindowCases(CaseRegister):
    write_roles = (vocab.ROLE_WINDOW,)
    deadline_field = "promised_date"
    open_statuses = _OPEN
    done_status, done_field = "办结", "concluded_at"
    steps = (
        Step("受理", ("收件",), "受理", ("accepted_at",)),
        Step("补齐补正", ("受理",), "补齐补正", ("correction_start",), hint="告知申请人补齐补正材料，计时暂停"),
        Step("补正完成", ("补齐补正",), "受理", ("correction_end",)),
        Step("挂起", ("受理",), "挂起", ("suspend_start",)),
        Step("解除挂起", ("挂起",), "受理", ("suspend_end",)),
        Step("办结", ("受理",), "办结", ("concluded_at",), hint="收费事项请填写收费金额"),
        Step("不予受理", ("收件",), "不予受理", ("concluded_at",)),
        Step("退件", ("收件", "受理"), "退件", ("concluded_at",)),
        Step("差评整改", ("办结",), None, ("fix_done_date",), when=_bad_rating_open, hint="整改完成后记录完成日期"),
    )

    def deadline(self, values: Mapping[str, Any]) -> Deadline | None:
        """承诺办结日期 with its explanation, or None before 受理."""
        accepted = values.get("accepted_at")
        if accepted is None or values.get("promise_days") is None:
            return None
        pauses = [(values[start], values.get(end), name) for start, end, name in _PAUSES if values.get(start)]
        return window_promise_date(current_calendar(), accepted, values["promise_days"], pauses)

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
            deadline = self.deadline(values)
        except DomainError as exc:
            return {"promised_date": exc.message}
        values["promised_date"] = deadline.due if deadline else None
        return {}

    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        errors: dict[str, str] = {}
        status = values.get("status")
        received, accepted, concluded = values.get("received_at"), values.get("accepted_at"), values.get("concluded_at")
        if accepted and received and accepted < received:
            errors["accepted_at"] = f"{label('accepted_at')}不能早于{label('received_at')}"
        if status in _ACCEPTED and not accepted:
            errors["accepted_at"] = f"状态为“{status}”时必须填写{label('accepted_at')}"
        if status == "办结" and not concluded:
            errors["concluded_at"] = f"办结时必须填写{label('concluded_at')}"
        if concluded and status not in _ENDED:
            errors["concluded_at"] = f"未办结的办件不能填写{label('concluded_at')}"
        if concluded and accepted and concluded < accepted:
            errors["concluded_at"] = f"{label('concluded_at')}不能早于{label('accepted_at')}"
        if concluded and received and concluded < received:
            errors.setdefault("concluded_at", f"{label('concluded_at')}不能早于{label('received_at')}")
        for start, end, _name in _PAUSES:
            if values.get(end) and not values.get(start):
                errors[start] = f"填写了{label(end)}，必须填写开始日期"
            elif values.get(end) and values[end] < values[start]:
                errors[end] = f"{label(end)}不能早于开始日期"
            if values.get(start) and accepted and values[start] < _day(accepted):
                errors[start] = f"{label(start)}不能早于受理日期"
        for start, end, name in _PAUSES:
            if status == name and (not values.get(start) or values.get(end)):
                errors.setdefault(start, f"状态为“{name}”时应填写开始日期，且尚未结束")
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
            return {"fee": f"“{item.name}”是收费事项，办结时{label('fee')}必须大于0"}
        if not item.charges and fee:
            return {"fee": f"“{item.name}”不是收费事项，不能填写{label('fee')}"}
        return {}

    @staticmethod
    def _rating_rules(values: dict[str, Any]) -> dict[str, str]:
        rating = values.get("rating") or "未评价"
        errors: dict[str, str] = {}
        if rating != "未评价" and values.get("status") != "办结":
            errors["rating"] = "办结后才能评价"
        if rating in vocab.DISSATISFIED:
            for name in _FIX_REQUIRED:
                if not values.get(name):
                    errors[name] = f"差评（{rating}）必须填写{label(name)}"
        elif any(values.get(n) for n in (*_FIX_REQUIRED, "fix_done_date")):
            errors["rating"] = "只有“不满意”“非常不满意”的评价需要填写差评整改"
        if (
            values.get("fix_done_date")
            and values.get("fix_callback_date")
            and values["fix_done_date"] < values["fix_callback_date"]
        ):
            errors["fix_done_date"] = f"{label('fix_done_date')}不能早于{label('fix_callback_date')}"
        return errors

    def next_number(self, values: dict[str, Any]) -> tuple[str, str] | None:
        unit = lookup(("unit", "row", values["unit"]), lambda: Unit.get_by_id(values["unit"]))
        year = values["received_at"].year
        return f"window:{year}:{unit.code}", f"{year}-{unit.code}-{{n:05d}}"


def _item(item_id: Any) -> pw.Model | None:
    return lookup(("service_item", "row", item_id), lambda: ServiceItem.get_or_none(ServiceItem.id == item_id))


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


WINDOW_REGISTER = WindowCases(WINDOW)
