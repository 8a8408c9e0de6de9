"""The workflow steps of the window, hotline and disclosure registers: when a step is allowed and what it
records. A step only proposes values; the save runs the register's rules as for any edit."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, NamedTuple

from desktop.db.models import DECLARATIONS
from desktop.domain import vocab


class Step(NamedTuple):
    name: str  # the button text
    allowed_from: tuple[str, ...]  # statuses in which the step may be taken
    status: str | None  # the status after the step (None: unchanged)
    stamps: tuple[str, ...] = ()  # date/date-time fields set to now
    clears: tuple[str, ...] = ()  # fields emptied (e.g. a re-dispatch clears the old 签收)
    when: Callable[[Mapping[str, Any]], bool] | None = None  # a further condition on the record
    hint: str = ""  # what the user still has to fill in


def _direct(v: Mapping[str, Any]) -> bool:
    return v.get("handling") == "直办"


def _dispatched(v: Mapping[str, Any]) -> bool:
    return v.get("handling") != "直办"


def _bad_rating_open(v: Mapping[str, Any]) -> bool:
    return v.get("rating") in vocab.DISSATISFIED and not v.get("fix_done_date")


WINDOW_STEPS = (
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

HOTLINE_STEPS = (
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

DISCLOSURE_STEPS = (
    Step("补正", ("登记",), "补正中", ("correction_notice_date",), hint="填写补正期限；收到补正材料后点“补正收到”"),
    Step("补正收到", ("补正中",), "登记", ("correction_received",)),
    Step("征求意见", ("登记", "已延期"), "征求意见中", ("consult_sent",), hint="请填写征求意见对象"),
    Step("意见回复", ("征求意见中",), "登记", ("consult_reply",)),
    Step("延期", ("登记", "征求意见中"), "已延期", ("ext_approved", "ext_notice"), hint="请填写批准人和延期工作日数"),
    Step("收费", ("登记", "已延期"), "待缴费", ("fee_notice_date",), hint="请选择收费方式（按件或按量）"),
    Step("缴费", ("待缴费",), "登记", ("fee_paid_date",), hint="请填写实收金额"),
    Step(
        "办结", ("登记", "补正中", "征求意见中", "已延期", "待缴费"), "已办结", ("reply_date",), hint="请选择办理结果"
    ),
)

STEPS: dict[str, tuple[Step, ...]] = {"window": WINDOW_STEPS, "hotline": HOTLINE_STEPS, "disclosure": DISCLOSURE_STEPS}


def step_names(register_key: str) -> list[str]:
    return list(dict.fromkeys(s.name for s in STEPS.get(register_key, ())))


def allowed(register_key: str, name: str, values: Mapping[str, Any]) -> Step | None:
    """The step of that name allowed for a record in its present state, if any."""
    for step in STEPS.get(register_key, ()):
        if step.name != name or values.get("status") not in step.allowed_from:
            continue
        if step.when is None or step.when(values):
            return step
    return None


def proposed_values(register_key: str, step: Step, now: datetime) -> dict[str, Any]:
    """What the step writes into the form: the new status, time stamps (date-times or dates), cleared fields."""
    changes: dict[str, Any] = {}
    kinds = {f.name: f.kind for f in DECLARATIONS[register_key].fields}
    for name in step.stamps:
        changes[name] = now.replace(second=0, microsecond=0) if kinds[name] == "datetime" else now.date()
    for name in step.clears:
        changes[name] = None
    if step.status is not None:
        changes["status"] = step.status
    return changes
