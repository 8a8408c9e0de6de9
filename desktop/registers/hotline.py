"""热线工单 rules: numbering per day, the dispatch → sign → reply → callback → close workflow, time limits, repeat
callers; and the 值班记录 duty log with its computed counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

import peewee as pw

from desktop.db.models import DUTY, HOTLINE, HotlineLimit, HotlineTicket
from desktop.domain import vocab
from desktop.domain.deadlines import Deadline, hotline_due
from desktop.domain.errors import DomainError
from desktop.registers.base import Register, lookup, pending
from desktop.registers.calendar import current_calendar
from desktop.registers.cases import CaseRegister
from desktop.registers.workflow import Step

# What each status requires to have been recorded.
_REQUIRES: dict[str, tuple[str, ...]] = {
    "已派单": ("dispatched_at", "handler_unit"),
    "已签收": ("dispatched_at", "signed_at"),
    "已回复": ("replied_at", "reply"),
    "已回访": ("replied_at", "callback_at", "callback_rating"),
    "已办结": ("replied_at", "concluded_at"),
    "退单": ("dispatched_at", "return_reason"),
    "延期": ("dispatched_at", "extension_days"),
}
# The workflow steps in order; a later timestamp may not be earlier than the one before it.
_ORDER = ("called_at", "dispatched_at", "signed_at", "replied_at", "callback_at", "concluded_at")
REPEAT_WINDOW_DAYS = 30


def label(name: str) -> str:
    """A field's declared label, for messages: renaming the field renames it in every message."""
    return HOTLINE.label(name)


def limit_days(appeal_type: str) -> int:
    row = lookup(
        ("hotline_limit", appeal_type), lambda: HotlineLimit.get_or_none(HotlineLimit.appeal_type == appeal_type)
    )
    if row is None:
        raise DomainError(f"“{appeal_type}”没有设置办理时限，请在基础数据“热线办理时限”中设置")
    return row.days


def _direct(v: Mapping[str, Any]) -> bool:
    return v.get("handling") == "直办"


def _dispatched(v: Mapping[str, Any]) -> bool:
    return v.get("handling") != "直办"


class HotlineTickets(CaseRegister):
    write_roles = (vocab.ROLE_HOTLINE,)
    deadline_field = "due_date"
    # Every ticket not yet 已办结 runs against its 办理时限, a returned (退单) or replied one included: the limit
    # is for concluding it (statistics.md: 超期 = past due and not concluded, or concluded late).
    open_statuses = tuple(s for s in vocab.HOTLINE_STATUSES if s != "已办结")
    done_status, done_field = "已办结", "concluded_at"
    steps = (
        Step(
            "派单",
            ("待派单", "退单", "重办"),
            "已派单",
            ("dispatched_at",),
            ("signed_at", "return_reason"),
            when=_dispatched,
            hint="请选择承办单位",
        ),
        Step("签收", ("已派单",), "已签收", ("signed_at",)),
        Step("回复", ("已签收", "延期", "重办"), "已回复", ("replied_at",), when=_dispatched, hint="请填写回复内容"),
        Step("回复", ("待派单",), "已回复", ("replied_at",), when=_direct, hint="请填写答复内容"),
        Step("回访", ("已回复",), "已回访", ("callback_at",), hint="请选择回访满意度；不满意的工单转为重办"),
        Step("办结", ("已回复", "已回访"), "已办结", ("concluded_at",)),
        Step("退单", ("已派单", "已签收"), "退单", (), hint="请填写退单原因"),
        Step("延期", ("已派单", "已签收"), "延期", (), hint="请填写经批准的延期工作日数"),
        Step("重办", ("已回访",), "重办", (), ("replied_at", "reply", "callback_at", "callback_rating")),
    )

    def deadline(self, values: Mapping[str, Any]) -> Deadline | None:
        """办理时限 of a ticket: from 派单 for a dispatched one, from the call for one answered directly."""
        start = values.get("dispatched_at") or (values.get("called_at") if _direct(values) else None)
        if start is None or not values.get("appeal_type"):
            return None
        days = limit_days(values["appeal_type"])
        return hotline_due(current_calendar(), start, days, values.get("extension_days") or 0)

    def derive(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        try:
            deadline = self.deadline(values)
        except DomainError as exc:
            return {"due_date": exc.message}
        values["due_date"] = deadline.due if deadline else None
        return {}

    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        errors: dict[str, str] = {}
        status = values.get("status")
        if not values.get("anonymous") and not values.get("caller") and not values.get("phone"):
            errors["caller"] = f"非匿名来电请填写{label('caller')}或{label('phone')}"
        if values.get("handling") == "转办" and status not in ("待派单",) and not values.get("handler_unit"):
            errors["handler_unit"] = f"转办的工单必须填写{label('handler_unit')}"
        if values.get("handling") == "直办" and (values.get("dispatched_at") or values.get("handler_unit")):
            errors["handling"] = f"直办的工单不派单，请将{label('handling')}改为“转办”"
        if values.get("handling") == "直办" and status in ("已派单", "已签收", "退单"):
            errors["status"] = f"直办的工单不能处于“{status}”状态"
        for name in _REQUIRES.get(status, ()):
            if name == "dispatched_at" and values.get("handling") == "直办":
                continue
            if not values.get(name):
                errors.setdefault(name, f"状态为“{status}”时必须填写{label(name)}")
        previous = None
        for name in _ORDER:
            if values.get(name) is None:
                continue
            if previous and values[name] < values[previous]:
                errors.setdefault(name, f"{label(name)}不能早于{label(previous)}")
            previous = name
        rating = values.get("callback_rating")
        if rating in vocab.DISSATISFIED and status in ("已回访", "已办结"):
            errors["status"] = f"回访“{rating}”的工单应转为“重办”，不能办结"
        ext = values.get("extension_days")
        if ext is not None and not 1 <= ext <= 30:
            errors["extension_days"] = f"{label('extension_days')}应在1至30之间"
        return errors

    def warnings(self, values: dict[str, Any], old: pw.Model | None) -> list[str]:
        phone, called_at = values.get("phone"), values.get("called_at")
        earlier = repeat_calls(phone, called_at, exclude_id=old.id if old else None)
        in_file = _calls_in_file()
        from_file = 0
        if in_file is not None and phone and called_at is not None:
            since = called_at - timedelta(days=REPEAT_WINDOW_DAYS)
            from_file = sum(1 for t in in_file.get(phone, ()) if since <= t <= called_at)
        if not earlier and not from_file:
            return []
        named = [t.number for t in earlier[:3]] + ([f"本文件中{from_file}次"] if from_file else [])
        total = len(earlier) + from_file
        return [f"该号码在{REPEAT_WINDOW_DAYS}天内曾来电{total}次（{'、'.join(named)}），可填写关联工单"]

    def accepted(self, values: dict[str, Any]) -> None:
        in_file, phone, called_at = _calls_in_file(), values.get("phone"), values.get("called_at")
        if in_file is not None and phone and called_at is not None:
            in_file[phone].append(called_at)

    def next_number(self, values: dict[str, Any]) -> tuple[str, str] | None:
        day = values["called_at"]
        return f"hotline:{day:%Y%m%d}", f"{day:%Y%m%d}-{{n:04d}}"


def _calls_in_file() -> dict[str, list[datetime]] | None:
    """Call times of the tickets accepted so far in an import, by phone (`batch_rows`)."""
    return pending("hotline:calls", lambda: defaultdict(list))


def repeat_calls(phone: str | None, called_at: datetime | None, exclude_id: int | None = None) -> list[pw.Model]:
    """Tickets from the same phone in the 30 days before this call, newest first."""
    if not phone or called_at is None:
        return []
    query = HotlineTicket.select().where(
        (HotlineTicket.phone == phone)
        & (HotlineTicket.voided == False)  # noqa: E712
        & (HotlineTicket.called_at >= called_at - timedelta(days=REPEAT_WINDOW_DAYS))
        & (HotlineTicket.called_at <= called_at)
    )
    if exclude_id is not None:
        query = query.where(HotlineTicket.id != exclude_id)
    return list(query.order_by(HotlineTicket.called_at.desc()))


# 白班 08:00–18:00, 夜班 18:00 to 08:00 the next morning: the hotline keeps 24-hour duty.
SHIFT_HOURS = {"白班": (time(8), time(18), 0), "夜班": (time(18), time(8), 1)}


def shift_span(day: date, shift: str) -> tuple[datetime, datetime]:
    start, end, next_day = SHIFT_HOURS[shift]
    return datetime.combine(day, start), datetime.combine(day + timedelta(days=next_day), end)


class DutyLog(Register):
    write_roles = (vocab.ROLE_HOTLINE,)
    page = "hotline"  # the duty log is kept beside the tickets

    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        model = self.model
        same = model.select().where((model.date == values.get("date")) & (model.shift == values.get("shift")))
        if old is not None:
            same = same.where(model.id != old.id)
        if values.get("date") and same.exists():
            return {"shift": f"{values['date']:%Y-%m-%d}{values.get('shift')}已有值班记录"}
        return {}

    def derive(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        if not values.get("date") or values.get("shift") not in SHIFT_HOURS:
            return {}
        start, end = shift_span(values["date"], values["shift"])
        live = HotlineTicket.voided == False  # noqa: E712
        values["calls"] = (
            HotlineTicket.select()
            .where(live & (HotlineTicket.called_at >= start) & (HotlineTicket.called_at < end))
            .count()
        )
        values["open_tickets"] = (
            HotlineTicket.select()
            .where(
                live
                & (HotlineTicket.called_at < end)
                & (HotlineTicket.concluded_at.is_null() | (HotlineTicket.concluded_at >= end))
            )
            .count()
        )
        return {}


HOTLINE_REGISTER = HotlineTickets(HOTLINE)
DUTY_REGISTER = DutyLog(DUTY)
