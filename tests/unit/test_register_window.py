"""窗口办件 rules: item fills the case, numbering, 承诺办结日期 across holidays and pauses, fees, ratings, roles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop.domain import vocab
from desktop.registers import REGISTERS, SYSTEM, Actor, FieldErrors, NotAllowed, StaleRecord
from desktop.registers.catalogues import UNIT_REGISTER

W = REGISTERS["window"]


def case(**extra):
    values = {
        "item": "GS-001",
        "applicant": "张三",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "received_at": "2015-09-30 09:00",
        "accepted_at": "2015-09-30 09:30",
        "status": "受理",
    }
    values.update(extra)
    return values


def test_item_fills_unit_category_type_and_promise(catalogue):
    record, _ = W.save(case(), SYSTEM)
    assert record.unit.name == "工商"
    assert (record.category, record.case_type, record.promise_days) == ("审批类", "承诺件", 5)
    assert record.id_kind == "居民身份证"


def test_numbers_run_per_unit_and_year(catalogue):
    a, _ = W.save(case(), SYSTEM)
    b, _ = W.save(case(), SYSTEM)
    c, _ = W.save(case(item="SF-001", received_at="2015-10-08 09:00", accepted_at="2015-10-08 09:00"), SYSTEM)
    d, _ = W.save(case(received_at="2016-01-04 09:00", accepted_at="2016-01-04 09:10"), SYSTEM)
    assert [a.number, b.number, c.number, d.number] == [
        "2015-GS-00001",
        "2015-GS-00002",
        "2015-SF-00001",
        "2016-GS-00001",
    ]


def test_promise_date_crosses_national_day_and_counts_the_make_up_saturday(catalogue):
    # Accepted Wed 2015-09-30; 10-01..07 off; Thu 10-08 (1), Fri 10-09 (2), Sat 10-10 make-up day (3),
    # Mon 10-12 (4), Tue 10-13 (5).
    record, _ = W.save(case(), SYSTEM)
    assert record.promised_date == date(2015, 10, 13)


def test_correction_pause_adds_its_working_days(catalogue):
    # Paused from Thu 10-08 to Mon 10-12: working days 10-09, 10-10 (make-up), 10-12 are added -> 3 more.
    record, _ = W.save(case(status="受理", correction_start="2015-10-08", correction_end="2015-10-12"), SYSTEM)
    assert record.promised_date == date(2015, 10, 16)


def test_open_pause_has_no_promise_date_yet(catalogue):
    record, _ = W.save(case(status="挂起", suspend_start="2015-10-08"), SYSTEM)
    assert record.promised_date is None


def test_every_problem_is_reported_at_once_with_the_field(catalogue):
    with pytest.raises(FieldErrors) as err:
        W.save(
            case(
                applicant="",
                id_number="110105194912310021",
                phone="1381234",
                accepted_at="2015-09-29 08:00",
                status="办结",
            ),
            SYSTEM,
        )
    errors = err.value.errors
    assert errors["applicant"] == "必填"
    assert "校验码" in errors["id_number"]
    assert "phone" in errors
    assert errors["accepted_at"] == "受理时间不能早于收件时间"
    assert errors["concluded_at"] == "办结时必须填写办结时间"
    assert "【申请人】必填" in err.value.message


def test_fee_rules(catalogue):
    with pytest.raises(FieldErrors) as err:
        W.save(case(item="SF-001", status="办结", concluded_at="2015-09-30 10:00"), SYSTEM)
    assert "收费事项" in err.value.errors["fee"]
    with pytest.raises(FieldErrors) as err:
        W.save(case(fee="100"), SYSTEM)
    assert "不是收费事项" in err.value.errors["fee"]
    with pytest.raises(FieldErrors) as err:
        W.save(case(item="SF-001", fee="-5"), SYSTEM)
    assert "负数" in err.value.errors["fee"]
    record, _ = W.save(case(item="SF-001", status="办结", concluded_at="2015-09-30 10:00", fee="¥1,234.50"), SYSTEM)
    assert record.fee == Decimal("1234.50")


def test_bad_rating_needs_rectification(catalogue):
    done = case(status="办结", concluded_at="2015-10-12 10:00")
    with pytest.raises(FieldErrors) as err:
        W.save({**done, "rating": "不满意"}, SYSTEM)
    assert set(err.value.errors) == {"fix_callback_date", "fix_finding", "fix_measure", "fix_due_date"}
    record, _ = W.save(
        {
            **done,
            "rating": "不满意",
            "fix_callback_date": "20151013",
            "fix_finding": "等候时间长",
            "fix_measure": "增设窗口",
            "fix_due_date": "20151030",
        },
        SYSTEM,
    )
    assert record.rating == "不满意"
    with pytest.raises(FieldErrors) as err:
        W.save(case(rating="满意"), SYSTEM)
    assert err.value.errors["rating"] == "办结后才能评价"


def test_window_staff_work_only_on_their_own_unit(catalogue):
    gs = UNIT_REGISTER.select().where(UNIT_REGISTER.model.code == "GS").get()
    staff = Actor("李四", vocab.ROLE_WINDOW, gs.id)
    record, _ = W.save(case(), staff)
    with pytest.raises(NotAllowed):
        W.save(case(item="SF-001"), staff)
    with pytest.raises(NotAllowed):
        W.save(case(), Actor("王五", vocab.ROLE_LEADER))
    with pytest.raises(NotAllowed):
        W.save(case(), Actor("赵六", vocab.ROLE_HOTLINE))
    with pytest.raises(NotAllowed):
        W.restore(record.id, staff)


def test_second_save_from_a_stale_form_is_refused(catalogue):
    record, _ = W.save(case(), SYSTEM)
    W.save({"remark": "第一个窗口"}, SYSTEM, record_id=record.id, expected_version=1)
    with pytest.raises(StaleRecord):
        W.save({"remark": "第二个窗口"}, SYSTEM, record_id=record.id, expected_version=1)
    assert W.get(record.id).remark == "第一个窗口"


def test_void_needs_a_reason_and_hides_the_record(catalogue):
    record, _ = W.save(case(), SYSTEM)
    with pytest.raises(FieldErrors):
        W.void(record.id, " ", SYSTEM)
    W.void(record.id, "重复录入", SYSTEM)
    assert W.select().count() == 0
    assert W.select(include_voided=True).count() == 1
    W.restore(record.id, SYSTEM)
    assert W.select().count() == 1


def test_missing_calendar_year_is_named_not_guessed(catalogue):
    with pytest.raises(FieldErrors) as err:
        W.save(case(received_at="2031-03-03 09:00", accepted_at="2031-03-03 09:00"), SYSTEM)
    assert "2031年" in err.value.errors["promised_date"]
