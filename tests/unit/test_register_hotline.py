"""热线工单 and 值班记录 rules: numbering per day, time limits from the editable table, workflow, repeat callers."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.db.models import HotlineLimit
from desktop.registers import REGISTERS, SYSTEM, FieldErrors

H = REGISTERS["hotline"]
D = REGISTERS["duty"]


def ticket(**extra):
    values = {
        "called_at": "2015-09-30 20:15",
        "caller": "刘女士",
        "phone": "13907361234",
        "appeal_type": "投诉",
        "topic": "城市管理",
        "content": "德山大道夜间施工噪音扰民",
        "handling": "转办",
        "status": "待派单",
    }
    values.update(extra)
    return values


def test_numbers_run_per_call_day(catalogue):
    a, _ = H.save(ticket(), SYSTEM)
    b, _ = H.save(ticket(called_at="2015-09-30 21:00", phone="13907369999"), SYSTEM)
    c, _ = H.save(ticket(called_at="2015-10-01 08:00", phone="13907368888"), SYSTEM)
    assert [a.number, b.number, c.number] == ["20150930-0001", "20150930-0002", "20151001-0001"]


def test_time_limit_from_the_type_table_counts_from_dispatch(catalogue):
    # 投诉: 13 working days from dispatch on Wed 09-30: 10-08 (1), 10-09 (2), 10-10 make-up (3), 10-12..16 (4-8),
    # 10-19..23 (9-13) -> Fri 2015-10-23.
    record, _ = H.save(ticket(status="已派单", handler_unit="城管局", dispatched_at="2015-09-30 21:00"), SYSTEM)
    assert record.due_date == date(2015, 10, 23)
    HotlineLimit.update(days=3).where(HotlineLimit.appeal_type == "投诉").execute()
    record, _ = H.save({"remark": "限时调整后重算"}, SYSTEM, record_id=record.id)
    assert record.due_date == date(2015, 10, 10)


def test_extension_adds_working_days(catalogue):
    record, _ = H.save(
        ticket(status="延期", handler_unit="城管局", dispatched_at="2015-09-30 21:00", extension_days=5), SYSTEM
    )
    assert record.due_date == date(2015, 10, 30)


def test_workflow_steps_require_their_fields_in_order(catalogue):
    with pytest.raises(FieldErrors) as err:
        H.save(ticket(status="已派单"), SYSTEM)
    assert set(err.value.errors) == {"dispatched_at", "handler_unit"}
    with pytest.raises(FieldErrors) as err:
        H.save(
            ticket(
                status="已签收", handler_unit="城管局", dispatched_at="2015-09-30 21:00", signed_at="2015-09-30 20:00"
            ),
            SYSTEM,
        )
    assert err.value.errors["signed_at"] == "签收时间不能早于派单时间"
    with pytest.raises(FieldErrors) as err:
        H.save(ticket(status="退单", handler_unit="城管局", dispatched_at="2015-09-30 21:00"), SYSTEM)
    assert "退单原因" in err.value.errors["return_reason"]


def test_dissatisfied_callback_must_be_redone(catalogue):
    done = ticket(
        status="已回访",
        handler_unit="城管局",
        dispatched_at="2015-09-30 21:00",
        signed_at="2015-10-08 09:00",
        replied_at="2015-10-09 10:00",
        reply="已责令施工单位夜间停工",
        callback_at="2015-10-12 10:00",
        callback_rating="不满意",
    )
    with pytest.raises(FieldErrors) as err:
        H.save(done, SYSTEM)
    assert "重办" in err.value.errors["status"]
    record, _ = H.save({**done, "status": "重办"}, SYSTEM)
    assert record.status == "重办"


def test_direct_answers_are_not_dispatched(catalogue):
    record, _ = H.save(
        ticket(
            appeal_type="咨询",
            handling="直办",
            status="已办结",
            replied_at="2015-09-30 20:20",
            reply="已解答",
            concluded_at="2015-09-30 20:20",
        ),
        SYSTEM,
    )
    assert record.due_date == date(2015, 10, 10)  # 咨询 3 working days from the call
    with pytest.raises(FieldErrors) as err:
        H.save(ticket(handling="直办", handler_unit="城管局", status="待派单"), SYSTEM)
    assert "handling" in err.value.errors


def test_anonymous_callers_need_no_name(catalogue):
    with pytest.raises(FieldErrors) as err:
        H.save(ticket(caller="", phone=""), SYSTEM)
    assert "caller" in err.value.errors
    record, _ = H.save(ticket(caller="", phone="", anonymous=True), SYSTEM)
    assert record.anonymous


def test_same_phone_within_30_days_warns(catalogue):
    first, warnings = H.save(ticket(), SYSTEM)
    assert warnings == []
    _, warnings = H.save(ticket(called_at="2015-10-20 09:00"), SYSTEM)
    assert warnings and first.number in warnings[0]
    _, warnings = H.save(ticket(called_at="2015-12-20 09:00"), SYSTEM)
    assert warnings == []


def test_duty_log_counts_calls_of_its_shift_and_open_tickets(catalogue):
    H.save(ticket(called_at="2015-09-30 20:15"), SYSTEM)
    H.save(ticket(called_at="2015-10-01 02:00", phone="13907360000"), SYSTEM)
    H.save(
        ticket(
            called_at="2015-09-30 10:00",
            phone="13907360001",
            appeal_type="咨询",
            handling="直办",
            status="已办结",
            replied_at="2015-09-30 10:05",
            reply="已解答",
            concluded_at="2015-09-30 10:05",
        ),
        SYSTEM,
    )
    night, _ = D.save({"date": "2015-09-30", "shift": "夜班", "operators": "周强、吴敏"}, SYSTEM)
    day, _ = D.save({"date": "2015-09-30", "shift": "白班", "operators": "郑丽"}, SYSTEM)
    assert (night.calls, night.open_tickets) == (2, 2)
    assert (day.calls, day.open_tickets) == (1, 0)
    with pytest.raises(FieldErrors):
        D.save({"date": "2015-09-30", "shift": "白班", "operators": "郑丽"}, SYSTEM)


def test_workflow_steps_enable_by_status_and_their_values_pass_the_rules(catalogue):
    from datetime import datetime

    from desktop.registers.workflow import allowed, proposed_values

    record, _ = H.save(ticket(handler_unit="城管局"), SYSTEM)
    values = H.values_of(record)
    assert allowed(H, "签收", values) is None
    step = allowed(H, "派单", values)
    assert step is not None
    changes = proposed_values(H, step, datetime(2015, 9, 30, 21, 5, 33))
    assert changes == {
        "dispatched_at": datetime(2015, 9, 30, 21, 5),
        "signed_at": None,
        "return_reason": None,
        "status": "已派单",
    }
    record, _ = H.save(changes, SYSTEM, record_id=record.id)
    values = H.values_of(record)
    assert allowed(H, "派单", values) is None and allowed(H, "签收", values) is not None
    assert allowed(H, "回复", {**values, "handling": "直办", "status": "待派单"}) is not None
