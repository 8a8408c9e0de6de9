"""热线工单 and 值班记录 of the demo year: 100–160 calls a month around the clock, dispatched, answered, called back."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from desktop.db.models import HotlineLimit
from desktop.demo import hotline_text as text
from desktop.demo.catalogue import Catalogue
from desktop.demo.duty import build_duty, build_roster, shift_of
from desktop.demo.people import (
    COMMUNITIES,
    ESTATES,
    ROADS,
    STREETS,
    company_pool,
    landline,
    mobile,
    person_name,
)
from desktop.domain.deadlines import hotline_due
from desktop.domain.workdays import WorkCalendar
from desktop.registers import SYSTEM
from desktop.registers.hotline import DUTY_REGISTER, HOTLINE_REGISTER

# Calls per hour of the day: the 24-hour duty takes a few calls at night, most in office hours.
HOUR_WEIGHTS = (0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.6, 1.5, 6, 9, 9, 8, 5, 4, 7, 8, 8, 7, 4, 3, 3, 2, 1.2, 0.6)
MONTH_BASE = (110, 104, 122, 128, 135, 140, 146, 142, 130, 125, 120, 118)  # more in summer (noise, smells, rain)
SOURCES = (("电话", 88), ("短信", 4), ("网络", 5), ("信件", 1), ("现场", 2))
CALLBACK_RATINGS = (("非常满意", 33), ("满意", 45), ("基本满意", 18), ("不满意", 4))
VILLAGES = tuple(v for v in COMMUNITIES["石门桥镇"] if v.endswith("村"))


def _pick(rng: random.Random, pairs: tuple[tuple[str, float], ...] | dict[str, float]) -> str:
    items = list(pairs.items()) if isinstance(pairs, dict) else list(pairs)
    return rng.choices([k for k, _ in items], [w for _, w in items])[0]


def _office_moment(rng: random.Random, cal: WorkCalendar, moment: datetime) -> datetime:
    """`moment` if it falls in office hours of a working day, else early on the next working day."""
    if cal.is_workday(moment) and time(8, 30) <= moment.time() <= time(17, 30):
        return moment
    day = moment.date() if cal.is_workday(moment) and moment.time() < time(8, 30) else cal.next_workday(moment)
    return datetime.combine(day, time(8, 30)) + timedelta(minutes=rng.randint(0, 60))


def _call_times(rng: random.Random, year: int) -> list[datetime]:
    """When the calls came: 101–159 a month (the report: "每月接到群众反映的问题上百个"), in time order."""
    out = []
    for month in range(1, 13):
        first = date(year, month, 1)
        days = ((date(year + (month == 12), month % 12 + 1, 1)) - first).days
        for _ in range(min(159, max(101, MONTH_BASE[month - 1] + rng.randint(-6, 8)))):
            hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
            out.append(datetime.combine(first + timedelta(days=rng.randrange(days)), time(hour, rng.randrange(60))))
    return sorted(out)


def _content(rng: random.Random, year: int, companies: list) -> dict[str, Any]:
    """诉求类型, 诉求分类, 诉求内容 and 诉求地址 with the placeholders filled, and the reply the unit will give."""
    appeal = _pick(rng, text.TYPE_WEIGHTS)
    options = [c for c in text.CONTENTS if c[1] == appeal]
    topic, _, template, reply = rng.choices(options, [text.TOPIC_WEIGHTS[c[0]] for c in options])[0]
    street = rng.choice(STREETS)
    fill = {
        "street": street,
        "community": rng.choice(COMMUNITIES[street]),
        "road": rng.choice(ROADS),
        "road2": rng.choice(ROADS),
        "estate": rng.choice(ESTATES),
        "village": rng.choice(VILLAGES),
        "group": rng.randint(1, 12),
        "n": rng.randint(1, 480),
        "company": rng.choice(companies).name,
        "workers": rng.randint(3, 40),
        "year": year,
    }
    while fill["road2"] == fill["road"]:
        fill["road2"] = rng.choice(ROADS)
    if "{village}" in template:
        where = f"石门桥镇{fill['village']}" + (f"{fill['group']}组" if "{group}" in template else "")
    elif "{estate}" in template:
        where = f"{street}{fill['estate']}"
    elif "{road}" in template:
        where = f"{street}{fill['road']}" + (f"{fill['n']}号" if "{n}" in template else "")
    elif "{community}" in template:
        where = f"{street}{fill['community']}"
    elif "{company}" in template:
        where = fill["company"]
    else:
        where = None
    return {
        "appeal_type": appeal,
        "_topic": topic,
        "content": template.format(**fill),
        "address": where,
        "_reply": reply,
    }


def _caller(rng: random.Random, source: str) -> dict[str, Any]:
    if rng.random() < 0.08:
        return {"anonymous": True}
    name = person_name(rng)
    caller = name[0] + rng.choice(("先生", "女士")) if rng.random() < 0.6 else name
    phone = None if source == "信件" else landline(rng) if rng.random() < 0.15 else mobile(rng)
    return {"caller": caller, "phone": phone}


def build_tickets(
    rng: random.Random, cal: WorkCalendar, year: int, cat: Catalogue, roster: dict[tuple[date, str], list[str]]
) -> list[dict[str, Any]]:
    """The raw values of every ticket of the year in call order, as the operators would have entered them."""
    limits = {row.appeal_type: row.days for row in HotlineLimit.select()}
    companies = company_pool(rng, 80)
    cutoff = datetime(year + 1, 1, 1)
    tickets: list[dict[str, Any]] = []
    per_day: dict[date, int] = {}
    for called in _call_times(rng, year):
        source = _pick(rng, SOURCES)
        ticket: dict[str, Any] = {
            "called_at": called,
            "source": source,
            "receiver": rng.choice(roster[shift_of(called)]),
        }
        earlier = _repeat_of(rng, tickets, called)
        if earlier is not None:  # the same caller about the same matter, to the same unit
            ticket.update(
                caller=earlier["caller"],
                phone=earlier["phone"],
                appeal_type="投诉",
                address=earlier.get("address"),
                related_number=earlier["_number"],
                content=f"再次来电催办：{earlier['content']}",
                _topic=earlier["_topic"],
                _reply=earlier["_reply"],
                _unit=earlier["_unit"],
            )
        else:
            ticket.update(_caller(rng, source), **_content(rng, year, companies))
        ticket["topic"] = cat.topics[ticket["_topic"]]
        _flow(rng, cal, ticket, limits[ticket["appeal_type"]], cat, cutoff)
        per_day[called.date()] = per_day.get(called.date(), 0) + 1
        # The register numbers tickets per day in the order they are written, which is this order.
        ticket["_number"] = f"{called:%Y%m%d}-{per_day[called.date()]:04d}"
        tickets.append(ticket)
    return tickets


def _repeat_of(rng: random.Random, tickets: list[dict], called: datetime) -> dict | None:
    """Now and then a caller rings again about the same matter within 30 days (关联工单)."""
    if rng.random() >= 0.06:
        return None
    recent = [
        t
        for t in tickets[-200:]
        if t.get("phone")
        and t.get("_unit")
        and t["handling"] == "转办"
        and called - timedelta(days=30) <= t["called_at"] <= called - timedelta(days=2)
    ]
    return rng.choice(recent) if recent else None


def _note(t: dict[str, Any], note: str) -> None:
    t["remark"] = f"{t['remark']}；{note}" if t.get("remark") else note


def _handler(rng: random.Random, content: str) -> str | None:
    for keyword, codes in text.HANDLER_KEYWORDS:
        if keyword in content:
            return rng.choice(codes)
    return None


def _flow(
    rng: random.Random, cal: WorkCalendar, t: dict[str, Any], limit: int, cat: Catalogue, cutoff: datetime
) -> None:
    """Handling of a ticket as it stood at the end of the year."""
    topic, appeal, called = t["_topic"], t["appeal_type"], t["called_at"]
    if not t.get("related_number") and rng.random() < text.DIRECT_SHARE[appeal]:
        replied = min(called + timedelta(minutes=rng.randint(2, 12)), cutoff - timedelta(minutes=1))
        reply = (
            "已记录并转达被表扬单位。"
            if appeal == "表扬"
            else "值班员当即答复并作解释。"
            if appeal == "其他"
            else "值班员当即解答，" + text.DIRECT_REPLIES[topic]
        )
        t.update(
            handling="直办",
            status="已办结",
            replied_at=max(replied, called),
            reply=reply,
            concluded_at=max(replied, called),
        )
        return
    codes, weights = zip(*text.HANDLERS[topic], strict=True)
    unit = t.get("_unit") or _handler(rng, t["content"]) or rng.choices(codes, weights)[0]
    t["_unit"] = unit
    t.update(handling="转办", status="待派单")
    dispatched = _office_moment(rng, cal, called + timedelta(minutes=rng.randint(10, 60)))
    if dispatched >= cutoff:
        return
    t.update(status="已派单", handler_unit=cat.units[unit], dispatched_at=dispatched)
    if len(codes) > 1 and rng.random() < 0.02:  # the unit sends it back; the center re-dispatches it
        other = rng.choice([c for c in codes if c != unit])
        returned = _office_moment(rng, cal, dispatched + timedelta(hours=rng.randint(2, 20)))
        again = _office_moment(rng, cal, returned + timedelta(minutes=rng.randint(20, 120)))
        t["return_reason"] = rng.choice(text.RETURN_REASONS)
        if again >= cutoff:
            t["status"] = "退单"
            return
        t["handler_unit"], t["dispatched_at"] = cat.units[other], again
        _note(t, f"原派{cat.units[unit].name}，{returned:%m月%d日}退单，改派{cat.units[other].name}")
        dispatched, unit, t["_unit"] = again, other, other
    extension = rng.randint(5, 10) if appeal in ("投诉", "举报", "建议") and rng.random() < 0.03 else 0
    signed = _office_moment(rng, cal, dispatched + timedelta(minutes=rng.randint(10, 180)))
    due = hotline_due(cal, dispatched, limit, extension).due
    if rng.random() < 0.03:  # answered late
        reply_day = cal.add_workdays(due, rng.randint(1, 3))
    else:
        room = max(1, cal.workdays_in(dispatched, due))
        reply_day = cal.add_workdays(dispatched, 1 + int(rng.random() ** 1.5 * (room - 1)))
    replied = max(
        datetime.combine(reply_day, time(9)) + timedelta(minutes=rng.randint(0, 480)), signed + timedelta(minutes=30)
    )
    reply = t["_reply"].format(unit=cat.units[unit].name)
    steps: list[tuple[str, datetime, dict]] = [
        ("已签收", signed, {"signed_at": signed}),
        ("已回复", replied, {"replied_at": replied, "reply": reply}),
    ]
    if extension:
        t["extension_days"] = extension
        _note(t, f"情况复杂，经批准延期{extension}个工作日")
    if t.get("phone"):
        callback = datetime.combine(replied.date() + timedelta(days=rng.randint(1, 2)), time(9)) + timedelta(
            minutes=rng.randint(0, 480)
        )
        rating = _pick(rng, CALLBACK_RATINGS)
        if rating == "不满意":  # 重办: the unit answers again, the second callback is satisfied
            redo = datetime.combine(cal.add_workdays(callback, rng.randint(2, 5)), time(10))
            if redo + timedelta(days=1) >= cutoff:
                steps.append(("重办", callback, {"callback_at": callback, "callback_rating": rating}))
            else:
                callback, rating = redo + timedelta(days=1), _pick(rng, CALLBACK_RATINGS[:3])
                steps[1] = ("已回复", redo, {"replied_at": redo, "reply": reply})
                _note(t, "首次回访不满意，已重办，二次回访" + rating)
        if rating != "不满意":
            steps.append(("已回访", callback, {"callback_at": callback, "callback_rating": rating}))
            done = callback + timedelta(minutes=rng.randint(5, 30))
            steps.append(("已办结", done, {"concluded_at": done}))
    else:  # anonymous: nobody to call back; closed once the unit has answered
        done = replied + timedelta(minutes=rng.randint(10, 60))
        steps.append(("已办结", done, {"concluded_at": done}))
    for status, moment, values in steps:
        if moment >= cutoff:
            if extension and status in ("已签收", "已回复"):
                t["status"] = "延期"
            break
        t.update(values, status=status)


def load_hotline(rng: random.Random, cal: WorkCalendar, year: int, cat: Catalogue) -> tuple[int, int]:
    """Write the tickets, then the duty log (its call counts are computed from the tickets); returns both counts."""
    roster = build_roster(rng, year, cat)
    tickets = build_tickets(rng, cal, year, cat, roster)
    prepared = [
        HOTLINE_REGISTER.prepare({k: v for k, v in t.items() if not k.startswith("_") and v is not None})
        for t in tickets
    ]
    records = HOTLINE_REGISTER.create_many(prepared, SYSTEM)
    if [r.number for r in records] != [t["_number"] for t in tickets]:
        raise RuntimeError("热线工单编号与预期不符，关联工单将指向错误的工单")
    duty = [DUTY_REGISTER.prepare(row) for row in build_duty(rng, year, roster, tickets)]
    DUTY_REGISTER.create_many(duty, SYSTEM)
    return len(prepared), len(duty)
