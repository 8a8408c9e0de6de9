"""依申请公开 rules (条例 2019): receipt date by channel, 补正 restart, consultation not counted, extension,
信息处理费, exactly one outcome per concluded request, and the statuses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import peewee as pw

from desktop.db.models import DISCLOSURE, DisclosureRequest
from desktop.domain import vocab
from desktop.domain.deadlines import Deadline, disclosure_due
from desktop.domain.errors import DomainError
from desktop.domain.fees import compute_fee
from desktop.domain.outcomes import BY_CHOICE, find_outcome
from desktop.registers.base import pending
from desktop.registers.calendar import current_calendar
from desktop.registers.cases import CaseRegister
from desktop.registers.workflow import Step

CORRECTION_NOTICE_DAYS = 7  # 条例 Art. 30: notify what to correct within 7 working days of receipt
# Channels whose legal receipt date is the day the request physically arrived (条例 Art. 31).
_SAME_DAY_CHANNELS = ("当面", "口头代填")
# Dates that may not precede another: (later, earlier, how the message names the earlier one when the later
# label already says what it belongs to: 征求意见回复日期不能早于发出日期).
_DATE_ORDER: tuple[tuple[str, str, str | None], ...] = (
    ("correction_notice_date", "received_date", None),
    ("correction_deadline", "correction_notice_date", None),
    ("correction_received", "correction_notice_date", None),
    ("consult_sent", "received_date", None),
    ("consult_reply", "consult_sent", "发出日期"),
    ("ext_approved", "received_date", None),
    ("fee_notice_date", "received_date", None),
    ("fee_paid_date", "fee_notice_date", None),
    ("reply_date", "received_date", None),
    ("served_date", "reply_date", None),
)
# What a status requires to have been recorded.
_STATUS_NEEDS = {
    "补正中": "correction_notice_date",
    "征求意见中": "consult_sent",
    "已延期": "ext_days",
    "待缴费": "fee_notice_date",
}


def label(name: str) -> str:
    """A field's declared label, for messages: renaming the field renames it in every message."""
    return DISCLOSURE.label(name)


def nth_request_in_month(applicant: str, received: date, exclude_id: int | None = None) -> int:
    """This request's place among the same applicant's requests of its calendar month (按件计收), counting those
    of an import file above it too (`batch_rows`)."""
    first = received.replace(day=1)
    query = DisclosureRequest.select().where(
        (DisclosureRequest.applicant == applicant)
        & (DisclosureRequest.voided == False)  # noqa: E712
        & (DisclosureRequest.received_date >= first)
        & (DisclosureRequest.received_date <= received)
    )
    if exclude_id is not None:
        query = query.where(DisclosureRequest.id != exclude_id)
    in_file = _requests_in_file()
    earlier_in_file = 0 if in_file is None else sum(1 for d in in_file.get((applicant, first), ()) if d <= received)
    return query.count() + earlier_in_file + 1


def _requests_in_file() -> dict[tuple[str, date], list[date]] | None:
    """Receipt dates of the requests accepted so far in an import, by applicant and month."""
    return pending("disclosure:months", lambda: defaultdict(list))


class DisclosureRequests(CaseRegister):
    write_roles = (vocab.ROLE_OFFICE,)
    deadline_field = "due_date"
    # 补正中 is open too, but its clock stands still (`clock_stopped`). In 征求意见中 an unanswered consultation
    # leaves the 答复期限 empty (Art. 32/33: that time is not counted). 待缴费 runs: whether the fee-notice time
    # is excluded is not settled (annual-report-format.md §7.3), so it is counted.
    open_statuses = tuple(s for s in vocab.REQUEST_STATUSES if s != "已办结")
    done_status, done_field = "已办结", "reply_date"
    steps = (
        Step("补正", ("登记",), "补正中", ("correction_notice_date",), hint="填写补正期限；收到补正材料后点“补正收到”"),
        Step("补正收到", ("补正中",), "登记", ("correction_received",)),
        Step("征求意见", ("登记", "已延期"), "征求意见中", ("consult_sent",), hint="请填写征求意见对象"),
        Step("意见回复", ("征求意见中",), "登记", ("consult_reply",)),
        Step(
            "延期", ("登记", "征求意见中"), "已延期", ("ext_approved", "ext_notice"), hint="请填写批准人和延期工作日数"
        ),
        Step("收费", ("登记", "已延期"), "待缴费", ("fee_notice_date",), hint="请选择收费方式（按件或按量）"),
        Step("缴费", ("待缴费",), "登记", ("fee_paid_date",), hint="请填写实收金额"),
        Step(
            "办结",
            ("登记", "补正中", "征求意见中", "已延期", "待缴费"),
            "已办结",
            ("reply_date",),
            hint="请选择办理结果",
        ),
    )

    def deadline(self, values: Mapping[str, Any]) -> Deadline | None:
        """答复期限: 20 working days from 收到日期, or from 补正收到日期 (Art. 30), consultation not counted
        (Art. 32, 33), plus the extension (Art. 33). An Art. 35 later date replaces it in `derive`."""
        if not values.get("received_date"):
            return None
        consultations = []
        if values.get("consult_sent"):
            consultations.append((values["consult_sent"], values.get("consult_reply"), "征求意见"))
        return disclosure_due(
            current_calendar(),
            values["received_date"],
            correction_received=values.get("correction_received"),
            consultations=consultations,
            extension_days=values.get("ext_days") or 0,
        )

    def clock_stopped(self, values: Mapping[str, Any]) -> bool:
        """Waiting for the applicant's 补正: the 20 days restart when the correction arrives (条例 Art. 30), so
        the stored date counted from receipt is no deadline the office can miss. That is the state 补正中, and
        any request with a correction notice and no correction received — also one closed that way (（六）1)."""
        return values.get("status") == "补正中" or bool(
            values.get("correction_notice_date") and not values.get("correction_received")
        )

    def clock_stopped_sql(self) -> pw.Expression:
        model = self.model
        return (model.status == "补正中") | (
            model.correction_notice_date.is_null(False) & model.correction_received.is_null()
        )

    def parse(self, raw: Any) -> tuple[dict[str, Any], dict[str, str]]:
        # Files name the outcome as printed in table 三, with or without its number (`予以公开`, `3.其他`).
        raw = dict(raw)
        if isinstance(raw.get("outcome"), str) and raw["outcome"].strip():
            found = find_outcome(raw["outcome"])
            if found is not None:
                raw["outcome"] = found.choice
        return super().parse(raw)

    def accepted(self, values: dict[str, Any]) -> None:
        in_file, received = _requests_in_file(), values.get("received_date")
        if in_file is not None and received is not None:
            in_file[(values.get("applicant") or "", received.replace(day=1))].append(received)

    def fill(self, values: dict[str, Any], old: pw.Model | None) -> None:
        # 条例 Art. 31: in person the receipt date is the day it arrived; other channels need a confirmation day.
        if (
            values.get("received_date") is None
            and values.get("arrived_date")
            and values.get("channel") in _SAME_DAY_CHANNELS
        ):
            values["received_date"] = values["arrived_date"]

    def derive(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        outcome = BY_CHOICE.get(values.get("outcome") or "")
        if outcome is not None and not values.get("outcome_basis"):
            values["outcome_basis"] = outcome.basis
        method = values.get("fee_method") or "不收费"
        if method != "不收费" and values.get("fee_amount") is None and values.get("received_date"):
            try:
                nth = nth_request_in_month(
                    values.get("applicant") or "", values["received_date"], old.id if old else None
                )
                values["fee_amount"] = compute_fee(method, nth_in_month=nth, pages=values.get("fee_pages"))
            except DomainError as exc:
                return {"fee_pages" if method == "按量" else "fee_amount": exc.message}
        if values.get("later_due"):
            values["due_date"] = values["later_due"]
            return {}
        try:
            deadline = self.deadline(values)
        except DomainError as exc:
            return {exc.field and _field_of(exc.field) or "due_date": exc.message}
        values["due_date"] = deadline.due if deadline else None
        return {}

    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        errors: dict[str, str] = {}
        received, arrived = values.get("received_date"), values.get("arrived_date")
        if received and arrived and received < arrived:
            errors["received_date"] = f"{label('received_date')}不能早于{label('arrived_date')}"
        if (
            received
            and arrived
            and received != arrived
            and values.get("channel") in _SAME_DAY_CHANNELS
            and not values.get("received_note")
        ):
            errors["received_note"] = (
                f"当面提交的申请，{label('received_date')}与{label('arrived_date')}不同时须说明原因"
            )
        for later, earlier, short in _DATE_ORDER:
            if values.get(later) and values.get(earlier) and values[later] < values[earlier]:
                errors.setdefault(later, f"{label(later)}不能早于{short or label(earlier)}")
        if values.get("correction_received") and not values.get("correction_notice_date"):
            errors["correction_notice_date"] = (
                f"有{label('correction_received')}时必须填写{label('correction_notice_date')}"
            )
        if values.get("consult_reply") and not values.get("consult_sent"):
            errors["consult_sent"] = f"有回复日期时必须填写{label('consult_sent')}"
        if values.get("consult_sent") and not values.get("consult_party"):
            errors["consult_party"] = f"请填写{label('consult_party')}"
        ext = values.get("ext_days")
        if ext is not None and not 1 <= ext <= 20:
            errors["ext_days"] = f"{label('ext_days')}应在1至20之间（《条例》第三十三条）"
        if ext and not values.get("ext_approver"):
            errors["ext_approver"] = "延期须经政府信息公开工作机构负责人同意，请填写批准人"
        if ext and not values.get("ext_approved"):
            errors["ext_approved"] = f"请填写{label('ext_approved')}"
        errors.update(self._fee_rules(values))
        errors.update(self._status_rules(values))
        return errors

    @staticmethod
    def _fee_rules(values: dict[str, Any]) -> dict[str, str]:
        method = values.get("fee_method") or "不收费"
        errors: dict[str, str] = {}
        if method == "按量" and not values.get("fee_pages"):
            errors["fee_pages"] = "按量收费必须填写页数"
        if method == "不收费" and (values.get("fee_amount") or values.get("fee_notice_date")):
            errors["fee_method"] = f"填写了{label('fee_amount')}或收费通知，请选择{label('fee_method')}"
        if values.get("fee_amount") and not values.get("fee_notice_date") and values.get("status") == "待缴费":
            errors["fee_notice_date"] = f"待缴费的申请必须填写{label('fee_notice_date')}"
        if values.get("fee_paid") and not values.get("fee_paid_date"):
            errors["fee_paid_date"] = f"有{label('fee_paid')}时必须填写{label('fee_paid_date')}"
        if (
            values.get("fee_paid")
            and values.get("fee_amount") is not None
            and values["fee_paid"] > (values["fee_amount"] or Decimal(0))
        ):
            errors["fee_paid"] = f"{label('fee_paid')}不能大于{label('fee_amount')}"
        return errors

    @staticmethod
    def _status_rules(values: dict[str, Any]) -> dict[str, str]:
        status, outcome = values.get("status"), values.get("outcome")
        errors: dict[str, str] = {}
        if status == "已办结":
            if not outcome:
                errors["outcome"] = f"已办结的申请必须选择一个{label('outcome')}"
            if not values.get("reply_date"):
                errors["reply_date"] = f"已办结的申请必须填写{label('reply_date')}"
        elif outcome:
            errors["outcome"] = f"只有已办结的申请才能填写{label('outcome')}"
        elif values.get("reply_date"):
            errors["reply_date"] = f"填写{label('reply_date')}时，{label('status')}应为“已办结”"
        key = BY_CHOICE[outcome].key if outcome in BY_CHOICE else None
        if key == "r6_1" and not values.get("correction_notice_date"):
            errors["correction_notice_date"] = f"逾期不补正的申请必须有{label('correction_notice_date')}"
        if key == "r6_2" and not values.get("fee_notice_date"):
            errors["fee_notice_date"] = f"逾期未缴费的申请必须有{label('fee_notice_date')}"
        needed = _STATUS_NEEDS.get(status or "")
        if needed and not values.get(needed):
            errors.setdefault(needed, f"状态为“{status}”时必须填写{label(needed)}")
        if status == "补正中" and values.get("correction_received"):
            errors["status"] = f"已收到补正材料，{label('status')}不应再是“补正中”"
        if status == "征求意见中" and values.get("consult_reply"):
            errors["status"] = f"已收到征求意见回复，{label('status')}不应再是“征求意见中”"
        return errors

    def warnings(self, values: dict[str, Any], old: pw.Model | None) -> list[str]:
        notice, received = values.get("correction_notice_date"), values.get("received_date")
        if notice and received:
            limit = current_calendar().add_workdays(received, CORRECTION_NOTICE_DAYS)
            if notice > limit:
                return [f"补正告知晚于收到申请后{CORRECTION_NOTICE_DAYS}个工作日（应不晚于{limit:%Y-%m-%d}）"]
        return []

    def next_number(self, values: dict[str, Any]) -> tuple[str, str] | None:
        year = values["received_date"].year
        return f"disclosure:{year}", f"{year}-{{n:03d}}"


def _field_of(label: str) -> str:
    return {f.label: f.name for f in DISCLOSURE.fields}.get(label, "due_date")


DISCLOSURE_REGISTER = DisclosureRequests(DISCLOSURE)
