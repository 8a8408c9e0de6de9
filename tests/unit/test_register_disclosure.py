"""依申请公开 rules: receipt date, the 20-day clock with 补正 restart, consultation and extension, fees, outcomes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop.registers import REGISTERS, SYSTEM, FieldErrors

R = REGISTERS["disclosure"]


def request(**extra):
    values = {
        "channel": "当面",
        "arrived_date": "2015-09-25",
        "applicant_type": "自然人",
        "applicant": "陈明",
        "id_number": "11010519491231002X",
        "phone": "0736-7312025",
        "content": "2015年德山街道征地补偿标准",
    }
    values.update(extra)
    return values


def test_in_person_receipt_is_the_arrival_day_and_numbers_run_per_year(db):
    record, _ = R.save(request(), SYSTEM)
    assert record.received_date == date(2015, 9, 25)
    assert record.number == "2015-001"
    second, _ = R.save(request(), SYSTEM)
    assert second.number == "2015-002"


def test_mailed_request_needs_its_confirmation_day(db):
    with pytest.raises(FieldErrors) as err:
        R.save(request(channel="信函（平信）"), SYSTEM)
    assert err.value.errors["received_date"] == "必填"
    with pytest.raises(FieldErrors) as err:
        R.save(request(received_date="2015-09-28"), SYSTEM)
    assert "说明" in err.value.errors["received_note"]


def test_reply_due_in_20_working_days_across_national_day(db):
    # Received Fri 09-25: 09-28, 29, 30 (3), 10-08, 09 (5), 10-10 make-up (6), 10-12..16 (11), 10-19..23 (16),
    # 10-26..29 (20) -> Thu 2015-10-29.
    record, _ = R.save(request(), SYSTEM)
    assert record.due_date == date(2015, 10, 29)


def test_correction_restarts_the_clock(db):
    record, _ = R.save(
        request(
            correction_notice_date="2015-09-28", correction_deadline="2015-10-16", correction_received="2015-10-12"
        ),
        SYSTEM,
    )
    # 20 working days after Mon 10-12: 10-13..16 (4), 10-19..23 (9), 10-26..30 (14), 11-02..06 (19), 11-09 (20).
    assert record.due_date == date(2015, 11, 9)


def test_consultation_span_is_not_counted_and_extension_is_added(db):
    record, _ = R.save(
        request(consult_party="德山街道办事处", consult_sent="2015-10-08", consult_reply="2015-10-14", status="登记"),
        SYSTEM,
    )
    # The consultation 10-08 -> 10-14 stops the clock for 10-09, 10-10 (make-up), 10-12, 10-13, 10-14: 5 days.
    assert record.due_date == date(2015, 11, 5)
    record, _ = R.save(
        {
            "ext_days": 10,
            "ext_approver": "王主任",
            "ext_approved": "2015-10-20",
            "ext_notice": "2015-10-20",
            "status": "已延期",
        },
        SYSTEM,
        record_id=record.id,
    )
    assert record.due_date == date(2015, 11, 19)


def test_open_consultation_stops_the_clock(db):
    record, _ = R.save(request(consult_party="某公司", consult_sent="2015-10-08", status="征求意见中"), SYSTEM)
    assert record.due_date is None


def test_extension_is_limited_to_20_days_and_needs_approval(db):
    with pytest.raises(FieldErrors) as err:
        R.save(request(ext_days=25), SYSTEM)
    assert "1至20" in err.value.errors["ext_days"]
    assert "ext_approver" in err.value.errors


def test_a_concluded_request_has_exactly_one_outcome_and_a_reply_date(db):
    with pytest.raises(FieldErrors) as err:
        R.save(request(status="已办结"), SYSTEM)
    assert set(err.value.errors) >= {"outcome", "reply_date"}
    with pytest.raises(FieldErrors) as err:
        R.save(request(outcome="予以公开"), SYSTEM)
    assert "已办结" in err.value.errors["outcome"]
    record, _ = R.save(request(status="已办结", outcome="3.补正后申请内容仍不明确", reply_date="2015-10-20"), SYSTEM)
    assert record.outcome == "（四）3.补正后申请内容仍不明确"
    assert "第三十条" in record.outcome_basis
    with pytest.raises(FieldErrors) as err:
        R.save(request(status="已办结", outcome="不予公开", reply_date="2015-10-20"), SYSTEM)
    assert "不是可选值" in err.value.errors["outcome"]


def test_late_correction_notice_warns(db):
    # 7 working days after Fri 09-25: 09-28..30 (3), 10-08, 09 (5), 10-10 make-up (6), 10-12 (7).
    _, warnings = R.save(request(correction_notice_date="2015-10-12"), SYSTEM)
    assert warnings == []
    _, warnings = R.save(request(correction_notice_date="2015-10-13"), SYSTEM)
    assert warnings and "7个工作日" in warnings[0]


def test_fee_by_piece_counts_the_applicants_requests_of_the_month(db):
    for _ in range(10):
        R.save(request(), SYSTEM)
    free, _ = R.save(request(fee_method="按件"), SYSTEM)  # the 11th this month: 100 元
    assert free.fee_amount == Decimal("100.00")
    paged, _ = R.save(request(applicant="另一人", fee_method="按量", fee_pages=40), SYSTEM)
    assert paged.fee_amount == Decimal("100.00")  # pages 31-40 at 10 元
    with pytest.raises(FieldErrors) as err:
        R.save(request(fee_method="按量"), SYSTEM)
    assert "页数" in err.value.errors["fee_pages"]


def test_unpaid_fee_outcome_needs_a_fee_notice(db):
    with pytest.raises(FieldErrors) as err:
        R.save(
            request(
                status="已办结",
                outcome="（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                reply_date="2015-11-30",
            ),
            SYSTEM,
        )
    assert "收费通知" in err.value.errors["fee_notice_date"]


def test_art_35_later_date_replaces_the_computed_due_date(db):
    record, _ = R.save(request(later_due="2015-12-31"), SYSTEM)
    assert record.due_date == date(2015, 12, 31)
