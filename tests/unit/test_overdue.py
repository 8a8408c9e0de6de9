"""One definition of overdue, due-soon and clock-running per register: the form's and letters' method on a record's
values, the SQL condition, the home page, the Excel export's 是否超期 and the annual report's check all agree on a
table of cases — every status × before / on / after the due date × paused, 补正中, 征求意见中."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook

from desktop.domain import vocab
from desktop.exchange.excel import OVERDUE_LABEL, export_register
from desktop.registers import REGISTERS, Actor, CaseRegister
from desktop.registers import worklist as wl
from desktop.report import store

TODAY = date(2015, 11, 10)  # a Tuesday
BEFORE, ON, AFTER = TODAY + timedelta(days=7), TODAY, TODAY - timedelta(days=7)  # due dates relative to TODAY
SOON = date(2015, 11, 12)  # within 3 working days
ADMIN = Actor("admin", vocab.ROLE_ADMIN)
W, H, R = REGISTERS["window"], REGISTERS["hotline"], REGISTERS["disclosure"]


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, datetime.min.time()).replace(hour=hour)


def window_cases() -> list[dict[str, Any]]:
    """Every status with each due date; the pauses open (no date: the clock stopped) or begun after the date had
    passed (the date stands); concluded on the due day, late, or early."""
    cases = []
    for status in vocab.CASE_STATUSES:
        for due in (BEFORE, ON, AFTER, SOON, None):
            values = {"status": status, "promised_date": due, "accepted_at": _at(date(2015, 10, 8))}
            if status == "补齐补正":
                values["correction_start"] = due or date(2015, 10, 20)
            if status == "挂起":
                values["suspend_start"] = due or date(2015, 10, 20)
            if status in ("办结", "不予受理", "退件"):
                for done in (AFTER, (due or AFTER), (due or AFTER) + timedelta(days=1)):
                    cases.append({**values, "concluded_at": _at(done, 23)})
                continue
            cases.append(values)
    return cases


def hotline_cases() -> list[dict[str, Any]]:
    cases = []
    for status in vocab.HOTLINE_STATUSES:
        for due in (BEFORE, ON, AFTER, SOON, None):
            values = {"status": status, "due_date": due, "dispatched_at": _at(date(2015, 10, 8))}
            if status == "已办结":
                for done in (AFTER, (due or AFTER), (due or AFTER) + timedelta(days=1)):
                    cases.append({**values, "concluded_at": _at(done, 23)})
                continue
            cases.append(values)
    return cases


def disclosure_cases() -> list[dict[str, Any]]:
    """Each status; 补正中 with its notice, an open consultation (no date) or one begun after the date had passed,
    and requests with a correction notice and no correction received in other statuses (concluded as （六）1)."""
    cases = []
    for status in vocab.REQUEST_STATUSES:
        for due in (BEFORE, ON, AFTER, SOON, None):
            values: dict[str, Any] = {"status": status, "due_date": due, "received_date": date(2015, 9, 1)}
            if status == "补正中":
                values["correction_notice_date"] = date(2015, 9, 8)
            if status == "征求意见中":
                values.update(consult_party="第三方", consult_sent=due or date(2015, 10, 20))
            if status == "待缴费":
                values["fee_notice_date"] = date(2015, 9, 8)
            if status == "已办结":
                for done in (AFTER, (due or AFTER), (due or AFTER) + timedelta(days=1)):
                    cases.append({**values, "reply_date": done})
                    cases.append({**values, "reply_date": done, "correction_notice_date": date(2015, 9, 8)})
                    cases.append(
                        {
                            **values,
                            "reply_date": done,
                            "correction_notice_date": date(2015, 9, 8),
                            "correction_received": date(2015, 9, 10),
                        }
                    )
                continue
            cases.append(values)
            if status == "登记":
                cases.append({**values, "correction_notice_date": date(2015, 9, 8)})
                cases.append(
                    {**values, "correction_notice_date": date(2015, 9, 8), "correction_received": date(2015, 9, 10)}
                )
    return cases


CASES = {"window": window_cases, "hotline": hotline_cases, "disclosure": disclosure_cases}
OVERDUE_CATEGORY = {"window": wl.WINDOW_OVERDUE, "hotline": wl.HOTLINE_OVERDUE, "disclosure": wl.DISCLOSURE_OVERDUE}


def _store(register: CaseRegister, cases: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The cases as stored rows (straight into the table: states the rules would refuse are read the same way),
    by their number."""
    model, number = register.model, register.decl.number_field
    for i, values in enumerate(cases):
        model.create(**values, **{number: f"{register.decl.key}-{i:03d}"})
    return {row[number]: row for row in register.select().dicts()}


def _exported(key: str, path) -> dict[str, bool]:
    export_register(key, path, today=TODAY)
    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    header = list(rows[0])
    number, overdue = (
        header.index(REGISTERS[key].decl.label(REGISTERS[key].decl.number_field)),
        header.index(OVERDUE_LABEL),
    )
    return {row[number]: row[overdue] == "是" for row in rows[1:]}


def _matching(register: CaseRegister, condition) -> set[str]:
    number = getattr(register.model, register.decl.number_field)
    return {n for (n,) in register.select().select(number).where(condition).tuples()}


@pytest.mark.parametrize("key", ["window", "hotline", "disclosure"])
def test_every_definition_of_overdue_agrees(db, tmp_path, key):
    register = REGISTERS[key]
    rows = _store(register, CASES[key]())
    overdue = {n for n, values in rows.items() if register.is_overdue(values, TODAY)}
    still_open = {n for n in overdue if rows[n]["status"] != register.done_status}

    assert overdue and still_open and overdue != set(rows)  # the table holds both answers
    assert _matching(register, register.overdue_sql(TODAY)) == overdue
    assert _matching(register, register.open_overdue_sql(TODAY)) == still_open
    assert {n for n, late in _exported(key, tmp_path / f"{key}.xlsx").items() if late} == overdue
    groups = {g.category: g for g in wl.worklist_groups(ADMIN, TODAY, limit=1000)}
    assert {i.number for i in groups[OVERDUE_CATEGORY[key]].items} == still_open
    if key == "disclosure":
        assert set(store.overdue_open_requests(TODAY)) == still_open


@pytest.mark.parametrize("key", ["window", "hotline", "disclosure"])
def test_clock_running_and_due_soon_agree(db, key):
    register = REGISTERS[key]
    rows = _store(register, CASES[key]())
    running = {n for n, values in rows.items() if register.clock_running(values)}
    soon = {n for n, values in rows.items() if register.is_due_soon(values, TODAY)}
    assert running and soon
    assert _matching(register, register.running_sql()) == running
    assert _matching(register, register.due_soon_sql(TODAY)) == soon
    assert {rows[n][register.deadline_field] for n in soon} == {ON, SOON}
    if key == "disclosure":
        groups = {g.category: g for g in wl.worklist_groups(ADMIN, TODAY, limit=1000)}
        assert {i.number for i in groups[wl.DISCLOSURE_SOON].items} == soon


def test_which_definition_won():
    """补正中 (and any request with a correction notice and no correction received) is not overdue: the 20 days
    restart when the correction arrives (条例 Art. 30). An open consultation (Art. 32/33) or window pause leaves no
    due date; one begun after the date had passed does not save it. Late concluding counts; 不予受理/退件 never."""
    r, w, h = R.is_overdue, W.is_overdue, H.is_overdue
    waiting = {"status": "补正中", "due_date": AFTER, "correction_notice_date": date(2015, 9, 8)}
    assert not r(waiting, TODAY)
    assert not r({**waiting, "status": "登记"}, TODAY)
    assert r({**waiting, "status": "登记", "correction_received": date(2015, 9, 10)}, TODAY)
    assert not r({**waiting, "status": "已办结", "reply_date": TODAY}, TODAY)  # closed as （六）1
    assert r({"status": "已办结", "due_date": AFTER, "reply_date": TODAY}, TODAY)
    assert not r({"status": "征求意见中", "due_date": None, "consult_sent": AFTER}, TODAY)
    assert r({"status": "征求意见中", "due_date": AFTER, "consult_sent": AFTER}, TODAY)
    assert r({"status": "待缴费", "due_date": AFTER}, TODAY)
    assert not w({"status": "补齐补正", "promised_date": None}, TODAY)
    assert w({"status": "挂起", "promised_date": AFTER}, TODAY)
    assert not w({"status": "退件", "promised_date": AFTER, "concluded_at": _at(TODAY)}, TODAY)
    assert w({"status": "办结", "promised_date": AFTER, "concluded_at": _at(AFTER + timedelta(days=1), 8)}, TODAY)
    assert not w({"status": "办结", "promised_date": AFTER, "concluded_at": _at(AFTER, 23)}, TODAY)
    assert not w({"status": "收件", "promised_date": None}, TODAY)
    assert h({"status": "已回复", "due_date": AFTER}, TODAY)  # the limit is for concluding the ticket
    assert not h({"status": "已办结", "due_date": AFTER, "concluded_at": _at(AFTER, 23)}, TODAY)


def test_the_report_check_names_the_same_requests(db):
    rows = _store(R, disclosure_cases())
    still_open = sorted(n for n, v in rows.items() if R.is_overdue(v, TODAY) and v["status"] != "已办结")
    checks = store.run_checks(store.load(2015, "2021"), today=TODAY)
    (warning,) = [c for c in checks if c.code == "overdue"]
    assert warning.message.startswith(f"有{len(still_open)}件未办结的依申请公开申请已超过法定期限")
    waiting = [n for n, v in rows.items() if v["status"] == "补正中" and v["due_date"] == AFTER]
    assert waiting and not any(n in warning.message for n in waiting)
