"""热线工单 rules: numbering per day, the dispatch → sign → reply → callback → close workflow, time limits, repeat
callers; and the 值班记录 duty log with its computed counts."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

import peewee as pw

from desktop.db.models import DUTY, HOTLINE, HotlineLimit, HotlineTicket
from desktop.domain import vocab
from desktop.domain.deadlines import Deadline, hotline_due
from desktop.domain.deadlines import is_overdue as past_due
from desktop.domain.errors import DomainError
from desktop.registers.base import Register, lookup, pending
from desktop.registers.calendar import current_calendar

# What each status requires to have been recorded (field, message).
_REQUIRES: dict[str, tuple[tuple[str, str], ...]] = {
    "已派单": (("dispatched_at", "派单时间"), ("handler_unit", "承办单位")),
    "已签收": (("dispatched_at", "派单时间"), ("signed_at", "签收时间")),
    "已回复": (("replied_at", "回复时间"), ("reply", "回复内容")),
    "已回访": (("replied_at", "回复时间"), ("callback_at", "回访时间"), ("callback_rating", "回访满意度")),
    "已办结": (("replied_at", "回复时间"), ("concluded_at", "办结时间")),
    "退单": (("dispatched_at", "派单时间"), ("return_reason", "退单原因")),
    "延期": (("dispatched_at", "派单时间"), ("extension_days", "延期工作日数")),
}
# The workflow steps in order; a later timestamp may not be earlier than the one before it.
_ORDER = (
    ("called_at", "来电时间"),
    ("dispatched_at", "派单时间"),
    ("signed_at", "签收时间"),
    ("replied_at", "回复时间"),
    ("callback_at", "回访时间"),
    ("concluded_at", "办结时间"),
)
REPEAT_WINDOW_DAYS = 30


def limit_days(appeal_type: str) -> int:
    row = lookup(
        ("hotline_limit", appeal_type), lambda: HotlineLimit.get_or_none(HotlineLimit.appeal_type == appeal_type)
    )
    if row is None:
        raise DomainError(f"“{appeal_type}”没有设置办理时限，请在基础数据“热线办理时限”中设置")
    return row.days


def due_deadline(values: dict[str, Any]) -> Deadline | None:
    """办理时限 of a ticket: from 派单 for a dispatched one, from the call for one answered directly."""
    start = values.get("dispatched_at") or (values.get("called_at") if values.get("handling") == "直办" else None)
    if start is None or not values.get("appeal_type"):
        return None
    return hotline_due(current_calendar(), start, limit_days(values["appeal_type"]), values.get("extension_days") or 0)


class HotlineTickets(Register):
    write_roles = (vocab.ROLE_HOTLINE,)

    def derive(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        try:
            deadline = due_deadline(values)
        except DomainError as exc:
            return {"due_date": exc.message}
        values["due_date"] = deadline.due if deadline else None
        return {}

    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        errors: dict[str, str] = {}
        status = values.get("status")
        if not values.get("anonymous") and not values.get("caller") and not values.get("phone"):
            errors["caller"] = "非匿名来电请填写来电人或联系电话"
        if values.get("handling") == "转办" and status not in ("待派单",) and not values.get("handler_unit"):
            errors["handler_unit"] = "转办的工单必须填写承办单位"
        if values.get("handling") == "直办" and (values.get("dispatched_at") or values.get("handler_unit")):
            errors["handling"] = "直办的工单不派单，请将处理方式改为“转办”"
        if values.get("handling") == "直办" and status in ("已派单", "已签收", "退单"):
            errors["status"] = f"直办的工单不能处于“{status}”状态"
        for name, label in _REQUIRES.get(status, ()):
            if name == "dispatched_at" and values.get("handling") == "直办":
                continue
            if not values.get(name):
                errors.setdefault(name, f"状态为“{status}”时必须填写{label}")
        previous = None
        for name, label in _ORDER:
            if values.get(name) is None:
                continue
            if previous and values[name] < values[previous[0]]:
                errors.setdefault(name, f"{label}不能早于{previous[1]}")
            previous = (name, label)
        rating = values.get("callback_rating")
        if rating in vocab.DISSATISFIED and status in ("已回访", "已办结"):
            errors["status"] = f"回访“{rating}”的工单应转为“重办”，不能办结"
        ext = values.get("extension_days")
        if ext is not None and not 1 <= ext <= 30:
            errors["extension_days"] = "延期工作日数应在1至30之间"
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


def is_overdue(record: pw.Model, today: date) -> bool:
    """Past its 办理时限: concluded after it, or still open after it."""
    return past_due(record.due_date, record.concluded_at or today)


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
