"""The 2015 demo data set: every figure of the reference report, validity, reproducibility and refusal."""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, time

import peewee as pw
import pytest

from desktop.db import close_db, init_db, write_transaction
from desktop.db.audit import verify_chain
from desktop.db.models import (
    AppealCase,
    Contact,
    DisclosureRequest,
    DutyLog,
    EnforcementFigure,
    HotlineTicket,
    NormativeDocument,
    ProactiveItem,
    ServiceItem,
    Unit,
    WebColumn,
    WindowCase,
)
from desktop.domain.errors import DomainError
from desktop.registers.calendar import current_calendar

pytestmark = pytest.mark.slow  # one demo load (about 20 s) shared by the module

YEAR, SEED = 2015, 2015
Y0, Y1 = datetime(YEAR, 1, 1), datetime(YEAR + 1, 1, 1)
D0, D1 = date(YEAR, 1, 1), date(YEAR, 12, 31)


@pytest.fixture
def demo_path(demo_database):
    return demo_database


@pytest.fixture
def demo(demo_path):
    """The loaded demo database, bound again for each test (a test may have opened another one)."""
    path, summary = demo_path
    init_db(path)
    yield summary
    close_db()


def _sum(column: pw.Field, *conditions: pw.Expression) -> int:
    query = column.model.select(pw.fn.COALESCE(pw.fn.SUM(column), 0))
    for c in conditions:
        query = query.where(c)
    return int(query.scalar())


def _concluded() -> pw.Expression:
    return (WindowCase.status == "办结") & (WindowCase.concluded_at >= Y0) & (WindowCase.concluded_at < Y1)


def _contacts(*conditions: pw.Expression) -> int:
    return _sum(Contact.count, (Contact.date >= D0) & (Contact.date <= D1), *conditions)


# -- catalogues -----------------------------------------------------------------------------------------------


def test_summary_counts_what_was_written(demo):
    assert demo.units == Unit.select().count() == 36
    assert demo.window_cases == WindowCase.select().count()
    assert demo.hotline_tickets == HotlineTicket.select().count()
    assert demo.proactive_items == 1_400
    assert "窗口办件" in str(demo) and f"{demo.total:,}" in str(demo)


def test_units(demo):
    kinds = dict(Unit.select(Unit.kind, pw.fn.COUNT(Unit.id)).group_by(Unit.kind).tuples())
    assert kinds["进驻窗口单位"] == 13
    assert kinds["委托窗口"] == 1
    assert Unit.select().where((Unit.kind == "其他") & (Unit.name == "区地产交易中心")).exists()
    assert sum(kinds.values()) == 36  # "组织全区36家单位开会"
    windows = Unit.select(Unit.name).where(Unit.kind == "进驻窗口单位")
    for short in "工商 环保 规划 国土 建设 消防 绿化 劳动保障 供水 供电 房管 住房保障 收费".split():
        assert any(short in u.name for u in windows), short
    assert _sum(Unit.staff_count, Unit.kind.in_(("进驻窗口单位", "委托窗口"))) == 39


def test_service_items(demo):
    online = ServiceItem.select().where((ServiceItem.active == True) & (ServiceItem.online == True))  # noqa: E712
    assert online.count() == 106
    assert len({i.unit_id for i in online}) == 20
    charging = ServiceItem.select().where(ServiceItem.charges == True)  # noqa: E712
    assert charging.count() > 0
    assert all(i.category == "收费类" and i.fee_basis for i in charging)
    assert all(i.charges for i in ServiceItem.select().where(ServiceItem.category == "收费类"))
    assert all(i.promise_days == 0 for i in ServiceItem.select().where(ServiceItem.case_type == "即办件"))


def test_web_columns(demo):
    sub = WebColumn.select().where(WebColumn.parent.is_null(False) & (WebColumn.parent != ""))
    assert sub.count() == 37
    top = {c.name for c in WebColumn.select().where(WebColumn.parent.is_null())}
    assert top == {"园区概况", "园区动态", "政务公开", "招商引资", "专业园区", "企业之窗", "办事大厅", "善德文化"}
    assert {c.parent for c in sub} == top


# -- 窗口办件 ------------------------------------------------------------------------------------------------------


def test_window_case_figures(demo):
    accepted = WindowCase.select().where((WindowCase.accepted_at >= Y0) & (WindowCase.accepted_at < Y1))
    assert 12_800 <= accepted.count() <= 13_300  # "约13000件"
    assert {c.category for c in accepted} == {"审批类", "服务类", "收费类"}
    fees = _sum(WindowCase.fee, _concluded()) / 100  # money is stored in 分
    assert 9_800_000 <= fees <= 10_300_000  # "约1000万元"
    online = WindowCase.select().where(WindowCase.online == True)  # noqa: E712
    assert online.where(_concluded()).count() == online.count() == 450
    assert all(c.item.online for c in online)


def test_window_statuses(demo):
    statuses = dict(
        WindowCase.select(WindowCase.status, pw.fn.COUNT(WindowCase.id)).group_by(WindowCase.status).tuples()
    )
    total = sum(statuses.values())
    assert statuses["办结"] > 0.98 * total
    assert 10 <= statuses.get("受理", 0) + statuses.get("补齐补正", 0) + statuses.get("挂起", 0) <= 150
    assert 1 <= statuses.get("不予受理", 0) + statuses.get("退件", 0) <= 60
    paused = WindowCase.select().where(WindowCase.correction_end.is_null(False))
    assert paused.count() > 50
    assert all(c.correction_start <= c.correction_end for c in paused)


def test_fees_only_on_charging_cases(demo):
    with_fee = WindowCase.select().where(WindowCase.fee.is_null(False))
    assert all(c.category == "收费类" and c.fee > 0 for c in with_fee)
    unpaid = WindowCase.select().where(
        (WindowCase.category == "收费类") & (WindowCase.status == "办结") & WindowCase.fee.is_null()
    )
    assert not unpaid.exists()


def test_all_ratings_satisfied(demo):
    ratings = {r for (r,) in WindowCase.select(WindowCase.rating).distinct().tuples()}
    assert ratings == {"非常满意", "满意", "基本满意", "未评价"}  # 满意率 100%
    rated = WindowCase.select().where(WindowCase.rating != "未评价")
    assert rated.count() > 1_000
    assert not rated.where(WindowCase.status != "办结").exists()


def test_window_applicants(demo):
    kinds = {k for (k,) in WindowCase.select(WindowCase.applicant_type).distinct().tuples()}
    assert kinds == {"个人", "法人或其他组织"}
    sample = WindowCase.select().order_by(WindowCase.id).limit(300)
    for c in sample:
        assert c.id_kind == ("居民身份证" if c.applicant_type == "个人" else "统一社会信用代码")
        assert c.id_number and c.phone and c.handler
    staff = {c.handler for c in WindowCase.select(WindowCase.handler).distinct()}
    assert len(staff) == 42  # 39 window staff and the 3 of the land exchange center


def test_window_dates_on_working_days_in_office_hours(demo):
    cal = current_calendar()
    morning, afternoon = (time(8, 30), time(12, 0)), (time(14, 30), time(17, 30))
    for received, accepted, concluded in WindowCase.select(
        WindowCase.received_at, WindowCase.accepted_at, WindowCase.concluded_at
    ).tuples():
        for moment in (received, accepted, concluded):
            if moment is None:
                continue
            assert cal.is_workday(moment), moment
            assert any(a <= moment.time() <= b for a, b in (morning, afternoon)), moment


# -- 咨询与留言 -------------------------------------------------------------------------------------------------


def test_consultations(demo):
    window = _contacts(Contact.type == "咨询", Contact.point == "政务中心窗口", Contact.channel == "当面")
    assert 5_001 <= window <= 5_300  # "接受群众咨询5000余人次"
    assert window == _contacts(Contact.type == "咨询", Contact.channel == "当面")
    tallies = (
        Contact.select(pw.fn.MIN(Contact.count))
        .where((Contact.point == "政务中心窗口") & (Contact.type == "咨询"))
        .scalar()
    )
    assert tallies > 1
    phone = _contacts(Contact.type == "咨询", Contact.channel == "电话")
    assert 1_900 <= phone <= 2_100
    assert {p for (p,) in Contact.select(Contact.point).where(Contact.channel == "电话").distinct().tuples()} <= {
        "热线",
        "公开办",
    }
    online = _contacts(Contact.type == "咨询", Contact.channel == "网上", Contact.point == "网站")
    assert 950 <= online <= 1_050
    assert 7_900 <= _contacts(Contact.type == "咨询") <= 8_400  # "共接受市民咨询约8000人次"


def test_praise(demo):
    praise = Contact.select().where((Contact.type == "表扬") & (Contact.date >= D0) & (Contact.date <= D1))
    assert praise.count() == 200  # "收到表扬留言200条"
    assert all(p.count == 1 for p in praise)
    forms = {
        f: n
        for f, n in Contact.select(Contact.praise_form, pw.fn.COUNT(Contact.id))
        .where(Contact.type == "表扬")
        .group_by(Contact.praise_form)
        .tuples()
    }
    assert forms["留言"] > 150 and forms.get("表扬信", 0) > 0 and forms.get("锦旗", 0) > 0


# -- 热线 -------------------------------------------------------------------------------------------------------


def test_hotline_every_month(demo):
    for month in range(1, 13):
        start = datetime(YEAR, month, 1)
        end = datetime(YEAR + (month == 12), month % 12 + 1, 1)
        n = HotlineTicket.select().where((HotlineTicket.called_at >= start) & (HotlineTicket.called_at < end)).count()
        assert 100 <= n <= 160, (month, n)
    night = HotlineTicket.select().where((HotlineTicket.called_at.hour < 7) | (HotlineTicket.called_at.hour >= 22))
    assert 0 < night.count() < 0.1 * HotlineTicket.select().count()


def test_hotline_tickets(demo):
    statuses = dict(
        HotlineTicket.select(HotlineTicket.status, pw.fn.COUNT(HotlineTicket.id))
        .group_by(HotlineTicket.status)
        .tuples()
    )
    total = sum(statuses.values())
    assert statuses["已办结"] > 0.95 * total
    still_open = HotlineTicket.select().where(HotlineTicket.status != "已办结")
    assert all(t.called_at >= datetime(YEAR, 12, 1) for t in still_open)
    handling = {h for (h,) in HotlineTicket.select(HotlineTicket.handling).distinct().tuples()}
    assert handling == {"直办", "转办"}
    assert HotlineTicket.select().where(HotlineTicket.anonymous == True).exists()  # noqa: E712
    assert HotlineTicket.select().where(HotlineTicket.extension_days.is_null(False)).exists()
    assert HotlineTicket.select().where(HotlineTicket.return_reason.is_null(False)).exists()
    late = [
        t
        for t in HotlineTicket.select().where(
            HotlineTicket.replied_at.is_null(False) & HotlineTicket.due_date.is_null(False)
        )
        if t.replied_at.date() > t.due_date
    ]
    assert 0 < len(late) < 0.08 * total
    topics = {t.topic.name for t in HotlineTicket.select()}
    assert {"拆迁补偿", "控违拆违", "村（居）财务", "惠农补贴", "人事"} <= topics


def test_hotline_repeat_calls_link_to_earlier_tickets(demo):
    repeats = HotlineTicket.select().where(HotlineTicket.related_number.is_null(False))
    assert repeats.count() > 10
    for t in repeats:
        earlier = HotlineTicket.get(HotlineTicket.number == t.related_number)
        assert earlier.phone == t.phone and earlier.called_at < t.called_at


def test_duty_log(demo):
    assert DutyLog.select().count() == 2 * 365
    shifts = DutyLog.select(DutyLog.date, pw.fn.COUNT(DutyLog.id)).group_by(DutyLog.date).tuples()
    assert all(n == 2 for _, n in shifts)
    # The shifts run from 1 January 08:00 to 1 January 08:00 of the next year; their computed counts add up.
    covered = (
        HotlineTicket.select()
        .where(
            (HotlineTicket.called_at >= datetime(YEAR, 1, 1, 8))
            & (HotlineTicket.called_at < datetime(YEAR + 1, 1, 1, 8))
        )
        .count()
    )
    assert _sum(DutyLog.calls) == covered


# -- 主动公开 and the other books ----------------------------------------------------------------------------------


def test_proactive_items(demo):
    published = ProactiveItem.select().where((ProactiveItem.publish_date >= D0) & (ProactiveItem.publish_date <= D1))
    assert published.count() == 1_400
    assert not published.where(ProactiveItem.electronic == False).exists()  # noqa: E712  电子化率100%
    assert all("政府网站" in p.carriers for p in published)
    assert published.where(ProactiveItem.key_area == "财政资金").count() == 53
    assert published.where(ProactiveItem.key_area.in_(("保障性住房", "食品药品安全", "征地拆迁"))).count() == 30
    assert len({p.title for p in published}) > 1_390


def test_normative_documents(demo):
    docs = NormativeDocument.select()
    assert not docs.where(NormativeDocument.category == "规章").exists()
    issued = docs.where(NormativeDocument.issued_date >= D0).count()
    repealed = docs.where((NormativeDocument.repealed_date >= D0) & (NormativeDocument.repealed_date <= D1)).count()
    assert (issued, repealed) == (3, 1)
    assert docs.where(NormativeDocument.issued_date < D0).count() >= 2


def test_nothing_where_the_report_says_nothing(demo):
    assert not DisclosureRequest.select().exists()  # "未发生依申请公开事件"
    assert not AppealCase.select().exists()  # "没有发生行政复议和行政诉讼案"
    assert not EnforcementFigure.select().exists()


def test_audit_chain_intact(demo):
    result = verify_chain()
    assert result.ok, result.message
    assert result.checked > demo.total


def test_report_figures(demo):
    from desktop.report.figures import compute_figures

    f = compute_figures(YEAR)
    assert (f["窗口单位数"], f["委托窗口数"], f["窗口工作人员数"]) == (13, 1, 39)
    assert (f["网上办结数"], f["满意率"], f["省网上系统部门数"], f["省网上系统事项数"]) == (450, "100%", 20, 106)
    assert (f["表扬留言数"], f["主动公开条数"], f["主动公开电子化率"]) == (200, 1_400, "100%")
    assert (f["财政资金公开条数"], f["民生领域公开条数"], f["网站子栏目数"]) == (53, 30, 37)
    assert f["热线月均工单数"] > 100 and f["依申请公开申请数"] == 0


# -- reproducibility and refusal ---------------------------------------------------------------------------------


def _digest(rows: list[dict]) -> str:
    text = repr([sorted((k, getattr(v, "name", v)) for k, v in r.items() if not k.startswith("_")) for r in rows])
    return hashlib.sha256(text.encode()).hexdigest()


def test_same_seed_same_data(demo_path, tmp_path):
    """The builders, run again on a fresh catalogue, give the records that the demo wrote; another seed does not."""
    from desktop.demo.catalogue import load_catalogue
    from desktop.demo.contacts import build_contacts
    from desktop.demo.duty import build_roster
    from desktop.demo.hotline import build_tickets
    from desktop.demo.publication import build_items
    from desktop.demo.window import build_cases

    path, _ = demo_path
    init_db(path)
    written = [
        (c.applicant, c.id_number, c.phone, c.received_at, c.item.name)
        for c in WindowCase.select().order_by(WindowCase.id).limit(50)
    ]
    close_db()
    init_db(tmp_path / "again.sqlite3")
    try:
        with write_transaction():
            cat, _ = load_catalogue(random.Random(f"{SEED}:catalogue"))
            cal = current_calendar()
            cases = build_cases(random.Random(f"{SEED}:window"), cal, YEAR, cat)
            again = [
                (c["applicant"], c["id_number"], c["phone"], c["received_at"], c["_spec"].name) for c in cases[:50]
            ]
            assert again == written
            other = build_cases(random.Random(f"{SEED + 1}:window"), cal, YEAR, cat)[:50]
            assert [c["id_number"] for c in other] != [c[1] for c in written]
            for build in (build_contacts, build_items):
                first = build(random.Random("x"), cal, YEAR, cat)
                assert _digest(first) == _digest(build(random.Random("x"), cal, YEAR, cat))
            tickets = []
            for _ in range(2):
                rng = random.Random("x")
                tickets.append(_digest(build_tickets(rng, cal, YEAR, cat, build_roster(rng, YEAR, cat))))
            assert tickets[0] == tickets[1]
    finally:
        close_db()


def test_refuses_a_database_that_is_not_empty(demo):
    from desktop.demo import load_demo

    before = WindowCase.select().count(), Unit.select().count()
    with pytest.raises(DomainError, match="只能载入新建的空数据库"):
        load_demo(YEAR, SEED)
    assert (WindowCase.select().count(), Unit.select().count()) == before


def test_refuses_even_one_unit(tmp_path):
    from desktop.demo import load_demo
    from desktop.registers import SYSTEM
    from desktop.registers.catalogues import UNIT_REGISTER

    init_db(tmp_path / "one.sqlite3")
    try:
        UNIT_REGISTER.save({"name": "工商", "code": "GS", "kind": "进驻窗口单位"}, SYSTEM)
        with pytest.raises(DomainError, match="单位"):
            load_demo(YEAR, SEED)
        assert Unit.select().count() == 1 and not ServiceItem.select().exists()
    finally:
        close_db()


def test_a_failure_leaves_the_database_empty(tmp_path, monkeypatch):
    import desktop.demo as demo

    def broken(*args, **kwargs):
        raise DomainError("模拟的中途失败")

    monkeypatch.setattr(demo, "load_window", broken)
    init_db(tmp_path / "broken.sqlite3")
    try:
        with pytest.raises(DomainError, match="模拟的中途失败"):
            demo.load_demo(YEAR, SEED)
        assert not Unit.select().exists() and not ServiceItem.select().exists()
        assert WebColumn.select().count() == 8
        assert verify_chain().ok
    finally:
        close_db()
