"""依申请公开 and 复议诉讼 statistics (spec statistics.md §5): 新收 by 收到日期, 办结 by 答复日期 and outcome group,
在办 / 即将到期 / 超期未办 at the period's end; for a calendar year they reconcile with table 三 (`reconcile`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import peewee as pw

from desktop.db.models import AppealCase, DisclosureRequest
from desktop.domain import vocab
from desktop.domain.outcomes import OUTCOMES
from desktop.domain.workdays import CalendarMissing
from desktop.registers.base import Actor
from desktop.registers.disclosure import CORRECTION_NOTICE_DAYS
from desktop.report.stats.common import maximum, mean, median, plain, to_date, workdays_spent
from desktop.report.stats.engine import Count, Ctx, Dimension, Picked, Rate, RegisterStats, Stock, Summary, Values

D = DisclosureRequest
_DONE = (D.status == "已办结") & D.reply_date.is_null(False)
# The six outcome groups of table 三 (（二） without its long note) and the stored choices of each.
GROUPS: dict[str, tuple[str, ...]] = {}
for _o in OUTCOMES:
    _g = _o.group.split("（区分处理")[0]
    GROUPS[_g] = (*GROUPS.get(_g, ()), _o.choice)
_OTHER = next(g for g in GROUPS if g.startswith("（六）"))


def _none_for_window_staff(actor: Actor) -> pw.Expression | None:
    """Requests have no unit: a 窗口人员's statistics hold none of them."""
    return D.id.is_null() if actor.role == vocab.ROLE_WINDOW else None


def _open_at(end: date) -> pw.Expression:
    """Received by `end` and not yet answered at its end (table 三's 结转下年度 at 31 December)."""
    return (D.received_date <= end) & ((D.status != "已办结") | D.reply_date.is_null() | (D.reply_date > end))


def _soon(ctx: Ctx, end: date) -> pw.Expression:
    """Open at the end and due within the home page's 3 working days after it (0 … 3 working days left)."""
    try:
        bound = ctx.calendar.add_workdays(end, ctx.settings.即将到期工作日 + 1)
    except CalendarMissing:
        bound = end + timedelta(days=ctx.settings.即将到期工作日 * 2 + 1)
    return _open_at(end) & (D.due_date >= end) & (D.due_date < bound) & _running(end)


def _running(end: date) -> pw.Expression:
    """The clock runs (the register's rule: it stands still while waiting for the applicant's 补正)."""
    return ~((D.status == "补正中") & ((D.correction_received.is_null()) | (D.correction_received > end)))


def _overdue(ctx: Ctx, end: date) -> pw.Expression:
    return _open_at(end) & (D.due_date < end) & _running(end)


def _reply_days(ctx: Ctx, row: tuple[Any, ...]) -> int | None:
    """Working days from the clock's start (receipt, or the 补正 receipt) to the reply, consultation excluded."""
    received, corrected, sent, answered, replied = row
    return workdays_spent(ctx, corrected or received, replied, ((sent, answered),))


def _consult_days(ctx: Ctx, row: tuple[Any, ...]) -> int | None:
    sent, answered = row
    return workdays_spent(ctx, sent, answered) if answered else None


def _late_notice(ctx: Ctx, row: tuple[Any, ...]) -> date | None:
    """A 补正告知 later than 7 working days after receipt is counted on its receipt date."""
    received, notice = to_date(row[0]), to_date(row[1])
    try:
        return received if notice > ctx.calendar.add_workdays(received, CORRECTION_NOTICE_DAYS) else None
    except CalendarMissing:
        return None


def _outcome_counts() -> tuple[Count, ...]:
    return tuple(
        Count(f"办结{group}", "reply_date", lambda c, ch=choices: _DONE & D.outcome.in_(ch))
        for group, choices in GROUPS.items()
    )


_REPLIED = _DONE & ~D.outcome.in_(GROUPS[_OTHER])

DISCLOSURE_STATS = RegisterStats(
    title="依申请公开",
    model=lambda: D,
    register="disclosure",
    scope=_none_for_window_staff,
    unit=None,
    dimensions=(
        Dimension("按申请方式", "申请方式", lambda: D.channel, plain),
        Dimension("按申请人类型", "申请人类型", lambda: D.applicant_type, plain),
        Dimension("按办理结果", "办理结果", lambda: D.outcome, plain),
    ),
    items=(
        Count("新收", "received_date", note="收到日期在期间内的申请（表三第一行）"),
        Count("办结", "reply_date", lambda c: _DONE, note="答复日期在期间内的已办结申请"),
        *_outcome_counts(),
        Stock("在办", lambda c, end: _open_at(end), note="期末已收到、尚未答复"),
        Stock("即将到期", _soon, note="期末在办、答复期限在其后3个工作日内（补正中不计时）"),
        Stock("超期未办", _overdue, note="期末在办、已过答复期限（补正中不计时）"),
        Count("应答复办结数", "reply_date", lambda c: _REPLIED, hidden=True),
        Count("按期答复数", "reply_date", lambda c: _REPLIED & (D.reply_date <= D.due_date), hidden=True),
        Rate("按期答复率", "按期答复数", "应答复办结数", note="答复日期不晚于答复期限 ÷ 办结（不含（六）其他处理）"),
        Values(
            "答复工作日",
            "应答复办结数",
            lambda: (D.received_date, D.correction_received, D.consult_sent, D.consult_reply, D.reply_date),
            _reply_days,
        ),
        Summary("平均答复工作日", "答复工作日", mean, note="收到（或补正收到）至答复的工作日，不含征求意见期间"),
        Summary("中位答复工作日", "答复工作日", median),
        Summary("最长答复工作日", "答复工作日", maximum),
        Count("延期办结数", "reply_date", lambda c: _DONE & (D.ext_days > 0), hidden=True),
        Rate("延期率", "延期办结数", "办结", note="延期答复的办结申请 ÷ 办结"),
        Count("补正数", "received_date", lambda c: D.correction_notice_date.is_null(False), hidden=True),
        Rate("补正率", "补正数", "新收", note="发出补正告知的 ÷ 新收"),
        Picked(
            "补正告知超7个工作日",
            "received_date",
            lambda c: D.correction_notice_date.is_null(False),
            lambda: (D.received_date, D.correction_notice_date),
            _late_notice,
        ),
        Count("征求意见", "consult_sent", note="征求意见发出日期在期间内"),
        Values("征求意见工作日", "征求意见", lambda: (D.consult_sent, D.consult_reply), _consult_days),
        Summary("征求意见平均工作日", "征求意见工作日", mean),
        Count("收费通知件数", "fee_notice_date"),
        Count("收费通知金额", "fee_notice_date", total="fee_amount", note="收费通知日期在期间内的通知金额（元）"),
        Count("实收信息处理费件数", "fee_paid_date", lambda c: D.fee_paid > 0, hidden=True),
        Count(
            "收费",
            "fee_paid_date",
            lambda c: D.fee_paid > 0,
            total="fee_paid",
            note="缴费日期在期间内的实收信息处理费（元）",
        ),
    ),
)

A = AppealCase


APPEAL_STATS = RegisterStats(
    title="复议诉讼",
    model=lambda: A,
    register="appeals",
    scope=lambda actor: A.id.is_null() if actor.role == vocab.ROLE_WINDOW else None,
    unit=None,
    dimensions=(Dimension("按类型", "类型", lambda: A.case_type, plain),),
    items=(
        Count("复议诉讼", "filed_date", note="立案日期在期间内的行政复议、行政诉讼"),
        Count("复议诉讼审结", "closed_date", note="结案日期在期间内"),
        Count("复议诉讼纠错", "closed_date", lambda c: A.result == "结果纠正", note="审结结果为纠正"),
    ),
)
