"""窗口办件 and 好差评 statistics (spec statistics.md §4.2, §2.3): received figures by 收件/受理时间, everything
measured on concluded work by 办结时间; 好差评 from the rating of each concluded case."""

from __future__ import annotations

from datetime import date
from typing import Any

import peewee as pw

from desktop.db.models import ServiceItem, Unit, WindowCase
from desktop.domain import vocab
from desktop.domain.workdays import CalendarMissing
from desktop.registers.base import Actor
from desktop.registers.window import _OPEN as RUNNING  # the statuses that keep the clock running
from desktop.report.stats.common import (
    item_names,
    maximum,
    mean,
    plain,
    satisfied_levels,
    to_date,
    unit_names,
    workdays_spent,
)
from desktop.report.stats.engine import (
    Count,
    Ctx,
    Dimension,
    Picked,
    Rate,
    RegisterStats,
    Result,
    Stock,
    Sum,
    Summary,
    Values,
)
from desktop.report.stats.period import Span, day_of

W = WindowCase
_DONE = W.status == "办结"
_WINDOW_UNIT_KINDS = ("进驻窗口单位", "委托窗口")


def _scope(actor: Actor) -> pw.Expression | None:
    """A 窗口人员 counts only the cases of their own unit (the same rule as their writes)."""
    if actor.role != vocab.ROLE_WINDOW:
        return None
    return W.unit == actor.unit_id if actor.unit_id is not None else W.id.is_null()


def _window_units(ctx: Ctx) -> list[Any]:
    """Units listed even without business in the period (本期无业务单位): the active window units."""
    query = Unit.select(Unit.id).where((Unit.kind.in_(_WINDOW_UNIT_KINDS)) & (Unit.active == True))  # noqa: E712
    if ctx.actor is not None and ctx.actor.role == vocab.ROLE_WINDOW:
        query = query.where(Unit.id == ctx.actor.unit_id)
    return [i for (i,) in query.tuples()]


def _legal_days(ctx: Ctx, item: Any) -> int | None:
    table = ctx.cache.get("legal_days")
    if table is None:
        table = ctx.cache["legal_days"] = dict(ServiceItem.select(ServiceItem.id, ServiceItem.legal_days).tuples())
    return table.get(item)


def _spent(ctx: Ctx, row: tuple[Any, ...]) -> tuple[int, int | None, str] | None:
    """(working days from 受理 to 办结 without the paused spans, 法定时限, 办件类型) of a group of cases."""
    accepted, concluded, c_start, c_end, s_start, s_end, item, case_type = row
    days = workdays_spent(ctx, accepted, concluded, ((c_start, c_end), (s_start, s_end)))
    return None if days is None else (days, _legal_days(ctx, item), case_type)


def _speed_cases(values: list[tuple[Any, int]]) -> list[tuple[tuple[int, int], int]]:
    """(actual, legal) of the 承诺件 with a 法定时限: 提速率 is measured against the legal limit."""
    return [((d, legal), n) for (d, legal, kind), n in values if kind == "承诺件" and legal]


def _speed_mean(values: list[tuple[Any, int]]) -> float | None:
    return mean([((legal - d) / legal, n) for (d, legal), n in _speed_cases(values)])


def _speed_sums(values: list[tuple[Any, int]]) -> float | None:
    cases = _speed_cases(values)
    legal = sum(lg * n for (_, lg), n in cases)
    return None if not legal else (legal - sum(d * n for (d, _), n in cases)) / legal


def _mean_days(values: list[tuple[Any, int]]) -> float | None:
    return mean([(d, n) for (d, _, _), n in values])


def _late_open(ctx: Ctx, end: date) -> pw.Expression:
    """Running at the end of `end` (accepted, not yet concluded, not refused or returned) and past its date."""
    after = (W.concluded_at.is_null()) | (day_of(W.concluded_at) > end)
    return (
        (W.status.in_((*RUNNING, "办结")))
        & (day_of(W.accepted_at) <= end)
        & after
        & (W.promised_date < end)
        & W.promised_date.is_null(False)
    )


def _no_business(ctx: Ctx, span: Span, result: Result) -> None:
    rows = result.breakdowns["按单位"]
    idle = [r["单位"] for r in rows if not (r["收件数"] or r["受理数"] or r["办结数"])]
    result.total["本期无业务单位"] = idle
    ranked = sorted((r for r in rows if r["受理数"]), key=lambda r: -r["受理数"])
    for i, r in enumerate(ranked, 1):
        r["受理数排名"] = i
    for r in rows:
        r.setdefault("受理数排名", None)


def _channel() -> pw.Node:
    """网上办理 (the 网上办理 flag) or 窗口办理."""
    return pw.Case(None, [(W.online == True, "网上办理")], "窗口办理")  # noqa: E712


_UNIT = Dimension("按单位", "单位", lambda: W.unit, unit_names, _window_units)

WINDOW_STATS = RegisterStats(
    title="窗口办件",
    model=lambda: W,
    register="window",
    scope=_scope,
    unit=_UNIT,
    dimensions=(
        Dimension("按事项", "事项", lambda: W.item, item_names),
        Dimension("按类型", "办件类型", lambda: W.case_type, plain),
        Dimension("按类别", "办件类别", lambda: W.category, plain),
        Dimension("按渠道", "办理渠道", lambda: _channel(), plain),
    ),
    extras=_no_business,
    items=(
        Count("收件数", "received_at", note="收件时间在期间内的办件"),
        Count("受理数", "accepted_at", note="受理时间在期间内的办件"),
        Count("办结数", "concluded_at", lambda c: _DONE, note="办结时间在期间内、状态为办结的办件"),
        Rate("办结率", "办结数", "受理数", note="办结数 ÷ 受理数"),
        Count("即办件受理数", "accepted_at", lambda c: W.case_type == "即办件", hidden=True),
        Rate("即办件比例", "即办件受理数", "受理数", note="受理的即办件 ÷ 受理数"),
        Count(
            "按时办结数",
            "concluded_at",
            lambda c: _DONE & (day_of(W.concluded_at) <= W.promised_date),
            hidden=True,
        ),
        Rate("按时办结率", "按时办结数", "办结数", note="在承诺办结日期当日或之前办结 ÷ 办结数"),
        Count("提前办结数", "concluded_at", lambda c: _DONE & (day_of(W.concluded_at) < W.promised_date), hidden=True),
        Rate("提前办结率", "提前办结数", "办结数", note="早于承诺办结日期办结 ÷ 办结数"),
        Count(
            "超期办结件",
            "concluded_at",
            lambda c: _DONE & (day_of(W.concluded_at) > W.promised_date),
            note="期间内办结、办结日期晚于承诺办结日期",
        ),
        Stock("超期未办结件", _late_open, note="期末仍在办理（含补齐补正、挂起）且已过承诺办结日期"),
        Sum("超期件", ("超期办结件", "超期未办结件"), note="超期办结件 + 期末超期未办结件"),
        Values(
            "办结工作日",
            "办结数",
            lambda: (
                day_of(W.accepted_at),
                day_of(W.concluded_at),
                W.correction_start,
                W.correction_end,
                W.suspend_start,
                W.suspend_end,
                W.item,
                W.case_type,
            ),
            _spent,
        ),
        Summary(
            "平均办结工作日", "办结工作日", _mean_days, note="受理至办结的工作日（不含补齐补正、挂起），按办结件平均"
        ),
        Summary("最长办结工作日", "办结工作日", lambda v: maximum([(d, n) for (d, _, _), n in v])),
        Summary(
            "提速率（单件平均）",
            "办结工作日",
            _speed_mean,
            note="承诺件逐件计算（法定时限 − 实际工作日）÷ 法定时限，再取平均",
        ),
        Summary(
            "提速率（总量比）",
            "办结工作日",
            _speed_sums,
            note="承诺件（Σ法定时限 − Σ实际工作日）÷ Σ法定时限",
        ),
        Count("网办件数", "concluded_at", lambda c: _DONE & (W.online == True), hidden=True),  # noqa: E712
        Rate("网办率", "网办件数", "办结数", note="网上办理的办结件 ÷ 办结数"),
        Count("不予受理", "concluded_at", lambda c: W.status == "不予受理", note="办结时间在期间内的不予受理件"),
        Count("退件", "concluded_at", lambda c: W.status == "退件", note="办结时间在期间内的退件"),
        Count("收费", "concluded_at", lambda c: _DONE, total="fee", note="期间内办结件的收费金额（元）"),
    ),
)


# --- 好差评: the rating of each concluded case -----------------------------------------------------------------

_BAD = W.rating.in_(vocab.DISSATISFIED)
_RATED = _DONE & W.rating.is_null(False) & (W.rating != "") & (W.rating != "未评价")
_BAD_REACH = 150  # calendar days before the period in which a 差评 can still have its 整改 deadline inside it


def fix_deadlines(ctx: Ctx, rated: Any) -> dict[str, date | None]:
    """A 差评's due dates from the day it was given (the case's 办结 day) and the local deadlines (settings)."""
    day = to_date(rated)
    s = ctx.settings
    try:
        return {
            "核实期限": ctx.calendar.add_workdays(day, s.差评核实工作日),
            "整改期限": ctx.calendar.add_workdays(day, s.差评整改工作日),
        }
    except CalendarMissing:
        return {"核实期限": None, "整改期限": None}


def _fix_due(ctx: Ctx, row: tuple[Any, ...]) -> date | None:
    return fix_deadlines(ctx, row[0])["整改期限"]


def _fixed_on_time(ctx: Ctx, row: tuple[Any, ...]) -> date | None:
    due, done = _fix_due(ctx, row), to_date(row[1])
    return due if due is not None and done is not None and done <= due else None


def _bad_list(ctx: Ctx, span: Span, result: Result) -> None:
    """每条差评的处理期限 (核实, 整改, 反馈) and whether it was met: the 差评 rated in the period."""
    rows = []
    query = (
        W.select(W.id, W.number, W.unit, W.rating, W.concluded_at, W.fix_callback_date, W.fix_done_date)
        .where((W.voided == False) & _RATED & _BAD & span.times(W.concluded_at))  # noqa: E712
        .order_by(W.concluded_at)
    )
    if ctx.actor is not None and (scope := _scope(ctx.actor)) is not None:
        query = query.where(scope)
    records = list(query.tuples())
    names = unit_names([r[2] for r in records])
    for _, number, unit, rating, concluded, callback, done in records:
        due = fix_deadlines(ctx, concluded)
        feedback = None
        if done is not None:
            try:
                feedback = ctx.calendar.add_workdays(to_date(done), ctx.settings.差评反馈工作日)
            except CalendarMissing:
                feedback = None
        late = []
        if due["核实期限"] and (callback is None or to_date(callback) > due["核实期限"]):
            late.append("核实")
        if due["整改期限"] and (done is None or to_date(done) > due["整改期限"]):
            late.append("整改")
        rows.append(
            {
                "办件编号": number,
                "单位": names[unit],
                "评价": rating,
                "评价日期": to_date(concluded),
                "核实期限": due["核实期限"],
                "回访日期": to_date(callback),
                "整改期限": due["整改期限"],
                "整改完成日期": to_date(done),
                "反馈期限": feedback,
                "超出时限": "、".join(late),
            }
        )
    result.breakdowns["差评清单"] = rows


RATING_STATS = RegisterStats(
    title="好差评",
    model=lambda: W,
    register="window",
    scope=_scope,
    unit=_UNIT,
    dimensions=(
        Dimension("按事项", "事项", lambda: W.item, item_names),
        Dimension("按评价", "评价", lambda: W.rating, plain),
    ),
    extras=_bad_list,
    items=(
        Count("办结数", "concluded_at", lambda c: _DONE, hidden=True),
        Count("评价数", "concluded_at", lambda c: _RATED, note="期间内办结、已评价的办件"),
        Rate("评价率", "评价数", "办结数", note="评价数 ÷ 办结数"),
        Count("满意数", "concluded_at", lambda c: _DONE & W.rating.in_(satisfied_levels(c)), hidden=True),
        Rate("满意率", "满意数", "评价数", note="满意 ÷ 评价数（口径见设置）"),
        Count("差评数", "concluded_at", lambda c: _DONE & _BAD, note="评价为不满意、非常不满意"),
        Rate("差评率", "差评数", "评价数", note="差评数 ÷ 评价数"),
        Count("已整改差评数", "concluded_at", lambda c: _DONE & _BAD & W.fix_done_date.is_null(False), hidden=True),
        Rate("差评整改率", "已整改差评数", "差评数", note="已填整改完成日期的差评 ÷ 差评数"),
        Picked(
            "应整改差评数",
            "concluded_at",
            lambda c: _DONE & _BAD,
            lambda: (W.concluded_at, W.fix_done_date),
            _fix_due,
            reach=_BAD_REACH,
            note="整改期限（评价后若干工作日，见设置）在期间内的差评",
        ),
        Picked(
            "按时整改差评数",
            "concluded_at",
            lambda c: _DONE & _BAD,
            lambda: (W.concluded_at, W.fix_done_date),
            _fixed_on_time,
            reach=_BAD_REACH,
            hidden=True,
        ),
        Rate("差评按时整改率", "按时整改差评数", "应整改差评数", note="整改期限内完成整改 ÷ 整改期限在期间内的差评"),
    ),
)
