"""工作台 worklist: each category with due-soon, overdue and not-yet-due records, roles, and the calendar warning."""

from __future__ import annotations

from datetime import date

from desktop.db.models import Unit
from desktop.domain import vocab
from desktop.registers import REGISTERS, SYSTEM, Actor
from desktop.registers import worklist as wl

W, H, R = REGISTERS["window"], REGISTERS["hotline"], REGISTERS["disclosure"]
ADMIN = Actor("admin", vocab.ROLE_ADMIN)
LEADER = Actor("leader", vocab.ROLE_LEADER)
OFFICE = Actor("office", vocab.ROLE_OFFICE)
HOTLINE = Actor("duty", vocab.ROLE_HOTLINE)


def window_actor(unit_name: str) -> Actor:
    return Actor("clerk", vocab.ROLE_WINDOW, Unit.get(Unit.name == unit_name).id)


def request(**extra):
    values = {
        "channel": "当面",
        "arrived_date": "2015-09-25",
        "applicant_type": "自然人",
        "applicant": "陈明",
        "content": "2015年德山街道征地补偿标准",
    }
    values.update(extra)
    return R.save(values, SYSTEM)[0]


def ticket(**extra):
    values = {
        "called_at": "2015-09-30 20:15",
        "caller": "刘女士",
        "phone": "13907361234",
        "appeal_type": "投诉",
        "content": "德山大道夜间施工噪音扰民",
        "handling": "转办",
        "status": "已派单",
        "handler_unit": "城管局",
        "dispatched_at": "2015-09-30 21:00",
    }
    values.update(extra)
    return H.save(values, SYSTEM)[0]


def case(**extra):
    values = {
        "item": "GS-001",
        "applicant": "张三",
        "received_at": "2015-09-30 09:00",
        "accepted_at": "2015-09-30 09:30",
        "status": "受理",
    }
    values.update(extra)
    return W.save(values, SYSTEM)[0]


def by_category(items, category):
    return [i for i in items if i.category == category]


# -- 依申请公开 -------------------------------------------------------------------------------------------------------


def test_disclosure_due_within_three_working_days_is_listed_as_soon(db):
    record = request()  # received Fri 2015-09-25, due Thu 2015-10-29
    assert record.due_date == date(2015, 10, 29)
    # Mon 10-26: 10-27, 28, 29 are 3 working days left.
    items = by_category(wl.worklist(OFFICE, date(2015, 10, 26)), wl.DISCLOSURE_SOON)
    assert [(i.record_id, i.number, i.due, i.days_left, i.severity) for i in items] == [
        (record.id, "2015-001", date(2015, 10, 29), 3, wl.SOON)
    ]
    assert "陈明" in items[0].summary and items[0].register == "disclosure"
    # On the due day itself it is still due soon, with 0 days left.
    [today] = by_category(wl.worklist(OFFICE, date(2015, 10, 29)), wl.DISCLOSURE_SOON)
    assert today.days_left == 0


def test_disclosure_not_yet_due_is_not_listed(db):
    request()
    # Fri 10-23: 10-26 .. 10-29 are 4 working days left.
    assert wl.worklist(OFFICE, date(2015, 10, 23)) == []


def test_the_soon_bound_counts_working_days_across_holidays(db):
    # Received Thu 2015-09-03, due Thu 2015-10-08, the first working day after the National Day break.
    record = request(arrived_date="2015-09-03")
    assert record.due_date == date(2015, 10, 8)
    assert wl.worklist(OFFICE, date(2015, 9, 25)) == []  # 09-28, 29, 30, 10-08: 4 working days
    [item] = wl.worklist(OFFICE, date(2015, 9, 30))  # eight calendar days, but one working day
    assert (item.days_left, item.severity) == (1, wl.SOON)


def test_a_make_up_saturday_counts_as_a_working_day(db):
    record = request(arrived_date="2015-09-10")
    assert record.due_date == date(2015, 10, 14)
    assert wl.worklist(OFFICE, date(2015, 10, 9)) == []  # Fri: 10-10 (make-up Sat), 12, 13, 14 are 4
    [item] = wl.worklist(OFFICE, date(2015, 10, 10))
    assert item.days_left == 3


def test_overdue_disclosure_counts_negative_working_days(db):
    record = request()
    [item] = wl.worklist(OFFICE, date(2015, 11, 2))  # Mon after the due Thursday: 10-30, 11-02 passed
    assert (item.category, item.record_id, item.days_left, item.severity) == (
        wl.DISCLOSURE_OVERDUE,
        record.id,
        -2,
        wl.OVERDUE,
    )
    # The Saturday right after the due date is already overdue.
    [item] = wl.worklist(OFFICE, date(2015, 10, 31))
    assert item.days_left == -1 and item.severity == wl.OVERDUE


def test_concluded_and_voided_requests_are_not_listed(db):
    done = request()
    R.save({"status": "已办结", "outcome": "（一）予以公开", "reply_date": "2015-10-20"}, SYSTEM, record_id=done.id)
    voided = request()
    R.void(voided.id, "重复登记", SYSTEM)
    assert wl.worklist(OFFICE, date(2015, 11, 2)) == []


def test_request_waiting_for_correction_is_not_overdue(db):
    request(status="补正中", correction_notice_date="2015-09-28", correction_deadline="2015-10-30")
    assert wl.worklist(OFFICE, date(2015, 11, 2)) == []


# -- 热线工单 ---------------------------------------------------------------------------------------------------------


def test_hotline_overdue_ticket_and_ticket_awaiting_signature(catalogue):
    record = ticket()  # 投诉 dispatched Wed 09-30: due Fri 2015-10-23
    assert record.due_date == date(2015, 10, 23)
    items = wl.worklist(HOTLINE, date(2015, 10, 22))
    assert [(i.category, i.record_id, i.days_left, i.severity) for i in items] == [
        (wl.HOTLINE_TO_SIGN, record.id, 1, wl.SOON)
    ]
    assert "城管局" in items[0].summary and "夜间施工" in items[0].summary
    items = wl.worklist(HOTLINE, date(2015, 10, 26))
    assert [(i.category, i.days_left, i.severity) for i in items] == [
        (wl.HOTLINE_OVERDUE, -1, wl.OVERDUE),
        (wl.HOTLINE_TO_SIGN, -1, wl.OVERDUE),
    ]


def test_hotline_signed_ticket_is_only_listed_once_overdue(catalogue):
    ticket(status="已签收", signed_at="2015-10-08 09:00")
    assert wl.worklist(HOTLINE, date(2015, 10, 23)) == []
    assert [i.category for i in wl.worklist(HOTLINE, date(2015, 10, 24))] == [wl.HOTLINE_OVERDUE]


def test_hotline_replied_ticket_awaits_call_back_and_concluded_is_gone(catalogue):
    replied = ticket(
        status="已回复", signed_at="2015-10-08 09:00", replied_at="2015-10-09 10:00", reply="已责令施工单位夜间停工"
    )
    items = wl.worklist(HOTLINE, date(2015, 10, 12))
    assert [(i.category, i.record_id, i.due, i.severity) for i in items] == [
        (wl.HOTLINE_TO_CALL_BACK, replied.id, None, wl.TODO)
    ]
    assert "10-09 10:00回复" in items[0].summary
    H.save({"status": "已办结", "concluded_at": "2015-10-12 11:00"}, SYSTEM, record_id=replied.id)
    assert wl.worklist(HOTLINE, date(2015, 12, 1)) == []


# -- 窗口办件 ---------------------------------------------------------------------------------------------------------


def test_window_case_past_its_promise_date(catalogue):
    record = case()  # promised Tue 2015-10-13
    assert wl.worklist(ADMIN, date(2015, 10, 13)) == []
    [item] = wl.worklist(ADMIN, date(2015, 10, 14))
    assert (item.category, item.record_id, item.number, item.due, item.days_left, item.severity) == (
        wl.WINDOW_OVERDUE,
        record.id,
        "2015-GS-00001",
        date(2015, 10, 13),
        -1,
        wl.OVERDUE,
    )
    assert "张三" in item.summary and "个体工商户设立登记" in item.summary


def test_window_case_ended_or_paused_is_not_overdue(catalogue):
    case(status="办结", concluded_at="2015-10-20 10:00")
    case(status="退件", concluded_at="2015-10-20 10:00")
    case(status="挂起", suspend_start="2015-10-08")  # an open pause: no promise date until it ends
    assert wl.worklist(ADMIN, date(2015, 11, 2)) == []


def test_bad_rating_awaits_rectification_until_done(catalogue):
    fix = {
        "status": "办结",
        "concluded_at": "2015-10-09 10:00",
        "rating": "不满意",
        "fix_callback_date": "2015-10-12",
        "fix_finding": "窗口人员解释不清",
        "fix_measure": "加强业务培训",
        "fix_due_date": "2015-10-20",
    }
    record = case(**fix)
    case(status="办结", concluded_at="2015-10-09 10:00", rating="满意")
    [item] = wl.worklist(ADMIN, date(2015, 10, 14))
    assert (item.category, item.record_id, item.due, item.days_left, item.severity) == (
        wl.WINDOW_TO_FIX,
        record.id,
        date(2015, 10, 20),
        4,
        wl.TODO,
    )
    assert "不满意" in item.summary
    W.save({"fix_done_date": "2015-10-16"}, SYSTEM, record_id=record.id)
    assert wl.worklist(ADMIN, date(2015, 10, 14)) == []


# -- roles ------------------------------------------------------------------------------------------------------------


def _one_of_each(catalogue):
    request()
    ticket()
    case()
    case(item="SF-001", received_at="2015-09-30 10:00", accepted_at="2015-09-30 10:00")


def test_roles_see_their_own_registers(catalogue):
    _one_of_each(catalogue)
    today = date(2015, 11, 2)
    registers = {a.role: {i.register for i in wl.worklist(a, today)} for a in (ADMIN, LEADER, OFFICE, HOTLINE)}
    assert registers[vocab.ROLE_ADMIN] == registers[vocab.ROLE_LEADER] == {"disclosure", "hotline", "window"}
    assert registers[vocab.ROLE_OFFICE] == {"disclosure"}
    assert registers[vocab.ROLE_HOTLINE] == {"hotline"}


def test_window_staff_see_only_their_own_unit(catalogue):
    _one_of_each(catalogue)
    today = date(2015, 11, 2)
    mine = wl.worklist(window_actor("工商"), today)
    assert [(i.register, i.number) for i in mine] == [("window", "2015-GS-00001")]
    assert [i.number for i in wl.worklist(window_actor("收费"), today)] == ["2015-SF-00001"]
    assert wl.worklist(Actor("nobody", vocab.ROLE_WINDOW), today) == []


def test_groups_count_all_rows_but_fetch_at_most_the_limit(db):
    for _ in range(5):
        request()
    [group] = wl.worklist_groups(OFFICE, date(2015, 11, 2), limit=3)
    assert (group.category, group.total, len(group.items), group.truncated) == (wl.DISCLOSURE_OVERDUE, 5, 3, True)
    assert [i.number for i in group.items] == ["2015-001", "2015-002", "2015-003"]


# -- the calendar -------------------------------------------------------------------------------------------------


def test_missing_calendar_for_next_year_is_listed_from_november_only(db):
    # The shipped calendar ends with 2026.
    assert wl.worklist(ADMIN, date(2026, 10, 31)) == []
    [item] = wl.worklist(ADMIN, date(2026, 11, 1))
    assert (item.category, item.register, item.record_id) == (wl.CALENDAR_MISSING, "calendar", None)
    assert "2027年" in item.summary
    assert [i.category for i in wl.worklist(OFFICE, date(2026, 11, 1))] == [wl.CALENDAR_MISSING]
    assert wl.worklist(LEADER, date(2026, 11, 1)) == []
    assert wl.worklist(HOTLINE, date(2026, 11, 1)) == []
    # 2026 is loaded, so nothing is missing in November 2025.
    assert wl.worklist(ADMIN, date(2025, 11, 3)) == []


def test_missing_calendar_for_this_year_is_listed_at_once(db):
    [item] = wl.worklist(ADMIN, date(2027, 3, 1))
    assert "2027年" in item.summary and item.severity == wl.OVERDUE


def test_overdue_without_this_years_calendar_is_shown_without_days_left(db):
    record = request(arrived_date="2026-11-20")  # due Fri 2026-12-18
    items = [i for i in wl.worklist(OFFICE, date(2027, 1, 5)) if i.register == "disclosure"]
    assert [(i.record_id, i.category, i.due, i.days_left, i.severity) for i in items] == [
        (record.id, wl.DISCLOSURE_OVERDUE, date(2026, 12, 18), None, wl.OVERDUE)
    ]
    assert "2027年" in items[0].note


def test_due_soon_at_the_end_of_a_year_without_next_years_calendar(db):
    # On Wed 12-30 the exact 3-working-day bound lies in 2027, which is not loaded: a calendar-day bound is used,
    # and the days left are still counted where they fall within 2026.
    record = request(arrived_date="2026-12-03")  # due Thu 2026-12-31
    items = [i for i in wl.worklist(OFFICE, date(2026, 12, 30)) if i.register == "disclosure"]
    assert [(i.record_id, i.category, i.days_left, i.severity) for i in items] == [
        (record.id, wl.DISCLOSURE_SOON, 1, wl.SOON)
    ]
