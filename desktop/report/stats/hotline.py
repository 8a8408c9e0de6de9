"""热线工单 statistics (spec statistics.md §3.2): received by 来电时间, concluded by 办结时间, on-time over the
tickets due in the period (应结案 by 办理时限), satisfaction over the callbacks made in the period (回访时间)."""

from __future__ import annotations

from typing import Any

import peewee as pw

from desktop.db.models import HotlineTicket, HotlineTopic
from desktop.domain import vocab
from desktop.registers.base import Actor
from desktop.registers.hotline import SHIFT_HOURS
from desktop.report.stats.common import plain, satisfied_levels, unit_names
from desktop.report.stats.engine import Count, Dimension, Rate, RegisterStats
from desktop.report.stats.period import day_of, hour_of

H = HotlineTicket
_DIRECT = H.handling == "直办"
_DISPATCHED = H.handling == "转办"


def _scope(actor: Actor) -> pw.Expression | None:
    """A 窗口人员 sees the tickets their unit handles (承办单位)."""
    if actor.role != vocab.ROLE_WINDOW:
        return None
    return H.handler_unit == actor.unit_id if actor.unit_id is not None else H.id.is_null()


def _shift() -> pw.Node:
    """白班 or 夜班 from the hour of the call (the duty log's shift hours)."""
    start, end, _ = SHIFT_HOURS["白班"]
    hour = hour_of(H.called_at)
    return pw.Case(None, [((hour >= start.hour) & (hour < end.hour), "白班")], "夜班")


def _handler_names(keys: list[Any]) -> dict[Any, str]:
    names = unit_names(keys)
    return {k: "（热线直办）" if k is None else v for k, v in names.items()}


def _topic_names(keys: list[Any]) -> dict[Any, str]:
    ids = [k for k in keys if k is not None]
    names = dict(HotlineTopic.select(HotlineTopic.id, HotlineTopic.name).where(HotlineTopic.id.in_(ids)).tuples())
    return {k: names.get(k, "（未分类）") for k in keys}


def _filled(column: pw.Field) -> pw.Expression:
    return column.is_null(False) & (column != "")


HOTLINE_STATS = RegisterStats(
    title="热线工单",
    model=lambda: H,
    register="hotline",
    scope=_scope,
    unit=Dimension("按单位", "单位", lambda: H.handler_unit, _handler_names),
    dimensions=(
        Dimension("按类型", "诉求类型", lambda: H.appeal_type, plain),
        Dimension("按分类", "诉求分类", lambda: H.topic, _topic_names),
        Dimension("按渠道", "来源渠道", lambda: H.source, plain),
        Dimension("按班次", "班次", _shift, plain),
    ),
    items=(
        Count("受理量", "called_at", note="来电时间在期间内的工单"),
        Count("直办量", "called_at", lambda c: _DIRECT, hidden=True),
        Rate("直办率", "直办量", "受理量", note="直办（当场解答办结）÷ 受理量"),
        Count("转办量", "called_at", lambda c: _DISPATCHED, note="来电时间在期间内、处理方式为转办"),
        Count(
            "退单量",
            "called_at",
            lambda c: _DISPATCHED & ((H.status == "退单") | _filled(H.return_reason)),
            hidden=True,
        ),
        Rate("退单率", "退单量", "转办量", note="被承办单位退回（有退单原因）÷ 转办量"),
        Count("办结量", "concluded_at", note="办结时间在期间内的工单"),
        Count("应结案数", "due_date", note="办理时限在期间内的工单（按时办结率的分母）"),
        Count(
            "按时办结数",
            "due_date",
            lambda c: H.concluded_at.is_null(False) & (day_of(H.concluded_at) <= H.due_date),
            hidden=True,
        ),
        Rate("按时办结率", "按时办结数", "应结案数", note="在办理时限内办结 ÷ 应结案数"),
        Count("应回访数", "concluded_at", lambda c: H.anonymous == False, hidden=True),  # noqa: E712
        Count(
            "已回访数",
            "concluded_at",
            lambda c: (H.anonymous == False) & H.callback_at.is_null(False),  # noqa: E712
            hidden=True,
        ),
        Rate("回访率", "已回访数", "应回访数", note="已回访 ÷ 期间内办结的非匿名工单"),
        # The annual report's 热线回访数: tickets of the year's calls that were called back (whenever).
        Count("回访工单数", "called_at", lambda c: H.callback_at.is_null(False), hidden=True),
        Count("回访数", "callback_at", lambda c: _filled(H.callback_rating), note="回访时间在期间内、有回访满意度"),
        Count("满意数", "callback_at", lambda c: H.callback_rating.in_(satisfied_levels(c)), hidden=True),
        Rate("满意率", "满意数", "回访数", note="满意 ÷ 回访数（口径见设置）"),
        Count("不满意数", "callback_at", lambda c: H.callback_rating.in_(vocab.DISSATISFIED), hidden=True),
        Rate("不满意率", "不满意数", "回访数", note="不满意、非常不满意 ÷ 回访数"),
        Count("重复来电量", "called_at", lambda c: _filled(H.related_number), hidden=True),
        Rate("重复来电率", "重复来电量", "受理量", note="登记了关联工单（30天内同一号码再次来电）÷ 受理量"),
        Count("延期量", "concluded_at", lambda c: H.extension_days > 0, hidden=True),
        Rate("延期率", "延期量", "办结量", note="经批准延期的办结工单 ÷ 办结量"),
    ),
)
