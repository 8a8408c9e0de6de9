"""Periodic statistics (issue 17) on constructed data, every value worked out by hand below: October 2015, with
the National Day holiday (10-01…10-07 off, Saturday 10-10 a make-up working day), pauses, late and early cases,
差评 inside and outside their deadlines, tickets due in and out of the period."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop.domain import vocab
from desktop.registers import REGISTERS, SYSTEM, Actor
from desktop.registers.catalogues import SERVICE_ITEM_REGISTER, UNIT_REGISTER
from desktop.registers.query import ListQuery, build
from desktop.report.figures import compute_figures
from desktop.report.stats import compute_statistics
from desktop.report.stats.engine import Count, Picked
from desktop.report.stats.period import Span, preset
from desktop.report.stats.service import SECTIONS
from desktop.report.stats.settings import SATISFIED_NARROW, StatsSettings, load_settings, save_settings

W, H, D = REGISTERS["window"], REGISTERS["hotline"], REGISTERS["disclosure"]
OCT = Span.of_month(2015, 10)
FIX = {"fix_finding": "属实", "fix_measure": "已约谈窗口人员"}


def _case(item, received, accepted=None, status="受理", **extra):
    values = {"item": item, "applicant": "张三", "received_at": received, "status": status}
    if accepted:
        values["accepted_at"] = accepted
    values.update(extra)
    return W.save(values, SYSTEM)[0]


@pytest.fixture
def window(catalogue):
    UNIT_REGISTER.save({"name": "税务", "code": "SW", "kind": "进驻窗口单位"}, SYSTEM)  # no business at all
    SERVICE_ITEM_REGISTER.save(
        {
            "code": "GS-002",
            "name": "营业执照变更登记",
            "unit": "工商",
            "category": "审批类",
            "case_type": "承诺件",
            "legal_days": 10,
            "promise_days": 3,
        },
        SYSTEM,
    )
    c = {}
    # A: accepted Wed 09-30, promise 3 -> 10-08, 10-09, 10-10 (make-up Saturday) = 10-10; concluded Fri 10-09: early.
    # Working days after 09-30 through 10-09: 10-08, 10-09 = 2; 提速 (10 - 2) / 10.
    c["A"] = _case(
        "GS-002", "2015-09-30 09:00", "2015-09-30 09:30", "办结", concluded_at="2015-10-09 10:00", online=True,
        rating="非常满意",
    )  # fmt: skip
    # B: accepted Thu 10-08, promise 5 -> 10-14, paused 10-09..10-12 (10-10, 10-12 = 2 working days) -> 10-16;
    # concluded Tue 10-20: late. Working days 10-09 … 10-20 = 9, less the pause's 2 = 7; 提速 (15 - 7) / 15.
    # Rated 不满意 on 10-20: 核实 by 10-21 (met), 整改 by 11-10 (done 11-05: met, but due in November).
    c["B"] = _case(
        "GS-001", "2015-10-08 08:50", "2015-10-08 09:00", "办结", concluded_at="2015-10-20 10:00",
        correction_start="2015-10-09", correction_end="2015-10-12", rating="不满意", fix_callback_date="2015-10-21",
        fix_due_date="2015-11-10", fix_done_date="2015-11-05", **FIX,
    )  # fmt: skip
    # C: 即办件 accepted and concluded on Thu 10-15, fee 100 元, rated 基本满意: on time, not early, 0 working days.
    c["C"] = _case(
        "SF-001", "2015-10-15 09:00", "2015-10-15 09:00", "办结", concluded_at="2015-10-15 10:00", fee="100",
        rating="基本满意",
    )  # fmt: skip
    c["D"] = _case("GS-001", "2015-10-26 09:00", "2015-10-26 09:00")  # promised 11-02: not late on 10-31
    c["E"] = _case("GS-001", "2015-10-08 09:00", "2015-10-08 09:00")  # promised 10-14, still running: 超期未办结
    c["F"] = _case("GS-001", "2015-10-29 09:00", status="收件")
    c["G"] = _case("GS-001", "2015-10-20 09:00", status="不予受理", concluded_at="2015-10-20 09:30")
    c["H"] = _case("GS-001", "2015-09-10 09:00", "2015-09-10 09:00", "办结", concluded_at="2015-09-15 10:00")
    # J: 差评 given Fri 09-18: 整改 due 15 working days later = Thu 10-15, done 10-20: late, due in October.
    c["J"] = _case(
        "GS-001", "2015-09-10 09:00", "2015-09-10 09:00", "办结", concluded_at="2015-09-18 10:00",
        rating="非常不满意", fix_callback_date="2015-09-21", fix_due_date="2015-10-15", fix_done_date="2015-10-20",
        **FIX,
    )  # fmt: skip
    voided = _case("GS-001", "2015-10-12 09:00", "2015-10-12 09:00")
    W.void(voided.id, "误录", SYSTEM)
    return c


def _ticket(called, appeal="投诉", handling="转办", status="待派单", **extra):
    values = {"called_at": called, "caller": "刘女士", "phone": "13907361234", "appeal_type": appeal}
    values.update(content="噪音扰民", handling=handling, status=status, **extra)
    return H.save(values, SYSTEM)[0]


@pytest.fixture
def hotline(catalogue):
    t = {}
    unit = {"handler_unit": "城管局"}
    # T1: called in September, due 10-23 (13 working days from 09-30), concluded 10-22: on time.
    t[1] = _ticket(
        "2015-09-30 20:15", status="已办结", dispatched_at="2015-09-30 21:00", replied_at="2015-10-21 10:00",
        concluded_at="2015-10-22 10:00", **unit,
    )  # fmt: skip
    # T2: 咨询 answered on the call; due 3 working days later (10-12); called back 10-09 满意.
    t[2] = _ticket(
        "2015-10-08 09:00", "咨询", "直办", "已办结", replied_at="2015-10-08 09:10", callback_at="2015-10-09 10:00",
        callback_rating="满意", concluded_at="2015-10-09 10:05",
    )  # fmt: skip
    # T3: night call 10-12, due 10-29, concluded 10-30: late; called back 基本满意.
    t[3] = _ticket(
        "2015-10-12 22:00", status="已办结", dispatched_at="2015-10-12 22:30", replied_at="2015-10-30 09:00",
        callback_at="2015-10-30 10:00", callback_rating="基本满意", concluded_at="2015-10-30 11:00", **unit,
    )  # fmt: skip
    # T4: returned by the unit; due 11-06 (not in October).
    t[4] = _ticket(
        "2015-10-20 10:00", status="退单", dispatched_at="2015-10-20 10:30", return_reason="不属于本单位职责", **unit
    )
    # T5: anonymous repeat call answered directly, concluded early; due 11-09 (not in October).
    t[5] = _ticket(
        "2015-10-21 11:00", "建议", "直办", "已办结", anonymous=True, caller="", phone="",
        related_number=t[2].number, replied_at="2015-10-21 11:20", concluded_at="2015-10-21 11:30",
    )  # fmt: skip
    # T6: 咨询 dispatched 10-22, due 10-27, not concluded.
    t[6] = _ticket("2015-10-22 14:00", "咨询", status="已派单", dispatched_at="2015-10-22 14:10", **unit)
    # T7: called back 不满意 on 10-16 and sent back (重办); due 10-28, not concluded.
    t[7] = _ticket(
        "2015-10-10 09:00", status="重办", dispatched_at="2015-10-10 09:30", replied_at="2015-10-15 10:00",
        callback_at="2015-10-16 10:00", callback_rating="不满意", **unit,
    )  # fmt: skip
    return t


def _request(received, reply=None, outcome=None, **extra):
    values = {
        "channel": "网络平台",
        "received_date": received,
        "applicant_type": "自然人",
        "applicant": f"申请人{received}",
        "content": "某项政府信息",
    }
    if reply:
        values.update(status="已办结", reply_date=reply, outcome=outcome)
    values.update(extra)
    return D.save(values, SYSTEM)[0]


@pytest.fixture
def disclosure(catalogue):
    r = {}
    # R1: received Mon 09-28, due 10-30; replied 10-20 after 12 working days (09-29, 09-30, 10-08…10-20).
    r[1] = _request("2015-09-28", "2015-10-20", "予以公开")
    # R2: 补正告知 10-19, later than 7 working days after 10-08 (10-16); corrected 10-22; replied in November.
    r[2] = _request(
        "2015-10-08", "2015-11-05", "部分公开", correction_notice_date="2015-10-19", correction_deadline="2015-11-02",
        correction_received="2015-10-22",
    )  # fmt: skip
    # R3: consultation 10-14 … 10-21 (5 working days not counted): 9 working days to 10-23 less 5 = 4.
    r[3] = _request(
        "2015-10-12", "2015-10-23", "（三）4.保护第三方合法权益", consult_party="某公司", consult_sent="2015-10-14",
        consult_reply="2015-10-21",
    )  # fmt: skip
    r[4] = _request("2015-10-13", "2015-10-15", "其他")  # （六）: no reply, not in the on-time denominator
    r[5] = _request("2015-09-01")  # open and past its limit on 10-31
    r[6] = _request("2015-10-26")  # open, due 11-23
    r[7] = _request("2015-09-30")  # open, due Tue 11-03: within 3 working days of 10-31
    # R8: received Mon 09-07, due 10-10 + 5 extension days = 10-16; replied 10-28 (late) after 33 working days.
    r[8] = _request(
        "2015-09-07", "2015-10-28", "本机关不掌握相关政府信息", ext_days=5, ext_approver="主任",
        ext_approved="2015-09-25",
    )  # fmt: skip
    return r


def _drill(stats, section, name, **where):
    register, condition = stats.records(section, name, **where)
    return {r.id for r in build(REGISTERS[register], ListQuery(where=condition))}


def test_window_indicators_of_october(window):
    assert window["B"].promised_date == date(2015, 10, 16) and window["A"].promised_date == date(2015, 10, 10)
    stats = compute_statistics(OCT)
    t = stats.results["窗口办件"].total
    assert (t["收件数"], t["受理数"], t["办结数"]) == (6, 4, 3)
    assert t["办结率"] == pytest.approx(3 / 4) and t["即办件比例"] == pytest.approx(1 / 4)
    assert t["按时办结率"] == pytest.approx(2 / 3) and t["提前办结率"] == pytest.approx(1 / 3)
    assert (t["超期办结件"], t["超期未办结件"], t["超期件"]) == (1, 1, 2)
    assert t["平均办结工作日"] == pytest.approx((2 + 7 + 0) / 3) and t["最长办结工作日"] == 7
    assert t["提速率（单件平均）"] == pytest.approx((8 / 10 + 8 / 15) / 2)
    assert t["提速率（总量比）"] == pytest.approx((25 - 9) / 25)
    assert t["网办率"] == pytest.approx(1 / 3)
    assert (t["不予受理"], t["退件"], t["收费"]) == (1, 0, 100.0)
    assert t["本期无业务单位"] == ["税务"]
    units = {r["单位"]: r for r in stats.results["窗口办件"].breakdowns["按单位"]}
    assert set(units) == {"工商", "收费", "税务"}
    assert (units["工商"]["收件数"], units["工商"]["受理数"], units["工商"]["办结数"]) == (5, 3, 2)
    assert units["工商"]["受理数排名"] == 1 and units["收费"]["受理数排名"] == 2 and units["税务"]["受理数排名"] is None
    items = {r["事项"]: r["办结数"] for r in stats.results["窗口办件"].breakdowns["按事项"]}
    assert items == {"个体工商户设立登记": 1, "营业执照变更登记": 1, "城市基础设施配套费收缴": 1}


def test_window_drill_down_lists_exactly_the_counted_records(window):
    stats = compute_statistics(OCT)
    ids = {k: v.id for k, v in window.items()}
    assert _drill(stats, "窗口办件", "超期件") == {ids["B"], ids["E"]}
    assert _drill(stats, "窗口办件", "按时办结率") == {ids["A"], ids["C"]}
    assert _drill(stats, "窗口办件", "按时办结率", part="den") == {ids["A"], ids["B"], ids["C"]}
    assert _drill(stats, "窗口办件", "平均办结工作日") == {ids["A"], ids["B"], ids["C"]}
    assert _drill(stats, "窗口办件", "收费") == {ids["C"]}
    gs = stats.key_of("窗口办件", "按单位", 0)
    assert _drill(stats, "窗口办件", "收件数", dimension="按单位", key=gs) == {ids[k] for k in "BDEFG"}
    assert _drill(stats, "好差评", "差评按时整改率", part="den") == {ids["J"]}
    assert _drill(stats, "窗口办件", "办结数", month="2015-10") == {ids["A"], ids["B"], ids["C"]}
    # Every count of every row equals the length of its list.
    for section in ("窗口办件", "好差评"):
        result = stats.results[section]
        for defn in SECTIONS[section]:
            for it in defn.items:
                if isinstance(it, Count | Picked) and not getattr(it, "total", None) and it.name in result.total:
                    assert len(_drill(stats, section, it.name)) == result.total[it.name], it.name


def test_ratings_and_bad_ratings_inside_and_outside_their_deadlines(window):
    october = compute_statistics(OCT).results["好差评"]
    t = october.total
    assert (t["评价数"], t["差评数"]) == (3, 1)
    assert t["评价率"] == 1 and t["满意率"] == pytest.approx(2 / 3) and t["差评率"] == pytest.approx(1 / 3)
    assert t["差评整改率"] == 1
    assert (t["应整改差评数"], t["差评按时整改率"]) == (1, 0)  # J was due 10-15 and put right on 10-20
    november = compute_statistics(Span.of_month(2015, 11)).results["好差评"].total
    assert (november["应整改差评数"], november["差评按时整改率"]) == (1, 1)  # B: due 11-10, done 11-05
    [bad] = october.breakdowns["差评清单"]
    assert bad["核实期限"] == date(2015, 10, 21) and bad["整改期限"] == date(2015, 11, 10)
    assert bad["反馈期限"] == date(2015, 11, 12) and bad["超出时限"] == ""
    narrow = compute_statistics(OCT, settings=StatsSettings(满意率口径=SATISFIED_NARROW))
    assert narrow.results["好差评"].total["满意率"] == pytest.approx(1 / 3)  # C's 基本满意 no longer counts


def test_hotline_indicators_of_october(hotline):
    assert hotline[1].due_date == date(2015, 10, 23) and hotline[3].due_date == date(2015, 10, 29)
    assert hotline[4].due_date == date(2015, 11, 6) and hotline[7].due_date == date(2015, 10, 28)
    stats = compute_statistics(OCT)
    t = stats.results["热线工单"].total
    assert (t["受理量"], t["转办量"], t["办结量"], t["应结案数"], t["回访数"]) == (6, 4, 4, 5, 3)
    assert t["直办率"] == pytest.approx(2 / 6) and t["退单率"] == pytest.approx(1 / 4)
    assert t["按时办结率"] == pytest.approx(2 / 5)
    assert t["回访率"] == pytest.approx(2 / 3)
    assert t["满意率"] == pytest.approx(2 / 3) and t["不满意率"] == pytest.approx(1 / 3)
    assert t["重复来电率"] == pytest.approx(1 / 6) and t["延期率"] == 0
    shifts = {r["班次"]: r["受理量"] for r in stats.results["热线工单"].breakdowns["按班次"]}
    assert shifts == {"白班": 5, "夜班": 1}
    units = {r["单位"]: r["受理量"] for r in stats.results["热线工单"].breakdowns["按单位"]}
    assert units == {"城管局": 4, "（热线直办）": 2}
    assert _drill(stats, "热线工单", "按时办结率", part="den") == {hotline[k].id for k in (1, 2, 3, 6, 7)}


def test_disclosure_indicators_of_october(disclosure):
    r = disclosure
    assert r[1].due_date == date(2015, 10, 30) and r[8].due_date == date(2015, 10, 16)
    assert r[7].due_date == date(2015, 11, 3)
    stats = compute_statistics(OCT)
    t = stats.results["依申请公开"].total
    assert (t["新收"], t["办结"], t["在办"], t["即将到期"], t["超期未办"]) == (4, 4, 4, 1, 1)
    assert [t[f"办结{g}"] for g in ("（一）予以公开", "（三）不予公开", "（四）无法提供", "（六）其他处理")] == [
        1,
        1,
        1,
        1,
    ]
    assert t["按期答复率"] == pytest.approx(2 / 3)
    assert t["平均答复工作日"] == pytest.approx((12 + 4 + 33) / 3)
    assert (t["中位答复工作日"], t["最长答复工作日"]) == (12, 33)
    assert t["延期率"] == pytest.approx(1 / 4) and t["补正率"] == pytest.approx(1 / 4)
    assert (t["补正告知超7个工作日"], t["征求意见"], t["征求意见平均工作日"]) == (1, 1, 5)
    assert _drill(stats, "依申请公开", "在办") == {r[k].id for k in (2, 5, 6, 7)}
    assert _drill(stats, "依申请公开", "超期未办") == {r[5].id}
    assert _drill(stats, "依申请公开", "即将到期") == {r[7].id}


def test_twelve_months_add_up_to_the_year_and_reconcile_with_table_3(window, hotline, disclosure):
    year = compute_statistics(Span.of_year(2015))
    for section, result in year.results.items():
        for defn in SECTIONS[section]:
            for it in defn.shown:
                if isinstance(it, Count | Picked):
                    monthly = sum(m[it.name] for m in result.by_month)
                    assert monthly == pytest.approx(result.total[it.name]), (section, it.name)
                    units = result.breakdowns["按单位"]
                    if units:
                        assert sum(u[it.name] for u in units) == pytest.approx(result.total[it.name])
        # Each month computed on its own gives the year's 按月 row.
        for month in (9, 10):
            alone = compute_statistics(Span.of_month(2015, month)).results[section].total
            row = result.by_month[month - 1]
            assert {k: v for k, v in row.items() if k != "月份"} == {
                k: v for k, v in alone.items() if k != "本期无业务单位"
            }
    assert year.checks and all(c["一致"] for c in year.checks), [c for c in year.checks if not c["一致"]]
    figures = compute_figures(2015)
    t = year.results["依申请公开"].total
    assert t["新收"] == figures["依申请公开申请数"] and t["办结"] == figures["依申请公开办结数"]
    assert year.results["依申请公开"].by_month[-1]["在办"] == figures["结转下年度申请数"]
    assert year.results["窗口办件"].total["办结数"] == figures["窗口办结数"]
    assert year.results["好差评"].total["评价数"] == figures["评价数"]
    assert year.results["好差评"].total["差评数"] == figures["差评数"]
    assert year.results["热线工单"].total["受理量"] == figures["热线工单数"]
    assert year.results["热线工单"].total["转办量"] == figures["热线转办数"]


def test_a_window_clerk_counts_only_their_unit(window, hotline, disclosure):
    from desktop.db.models import Unit

    clerk = Actor("李四", vocab.ROLE_WINDOW, Unit.get(Unit.name == "收费").id)
    stats = compute_statistics(OCT, clerk)
    assert stats.results["窗口办件"].total["受理数"] == 1
    assert [u["单位"] for u in stats.results["窗口办件"].breakdowns["按单位"]] == ["收费"]
    assert stats.results["热线工单"].total["受理量"] == 0 and stats.results["依申请公开"].total["新收"] == 0
    register, condition = stats.records("窗口办件", "受理数")
    assert {r.id for r in build(REGISTERS[register], ListQuery(where=condition))} == {window["C"].id}


def test_settings_are_stored_and_checked(db):
    assert load_settings() == StatsSettings()
    save_settings(满意率口径=SATISFIED_NARROW, 差评整改工作日=10)
    assert load_settings().满意率口径 == SATISFIED_NARROW and load_settings().差评整改工作日 == 10
    from desktop.domain.errors import DomainError

    with pytest.raises(DomainError):
        save_settings(满意率口径="随便")


def test_periods():
    assert preset("本季度", date(2015, 11, 20)) == Span(date(2015, 10, 1), date(2015, 12, 31))
    assert preset("上月", date(2015, 1, 5)) == Span.of_month(2014, 12)
    assert [m for m, _ in Span(date(2015, 11, 20), date(2016, 1, 10)).months()] == ["2015-11", "2015-12", "2016-01"]
    assert Span.of_month(2015, 2).label == "2015年2月" and Span.of_year(2015).label == "2015年"


def test_command_line_json(window, hotline, disclosure, db_target, capsys):
    from desktop.cli import main
    from desktop.db import close_db

    close_db()
    assert main(["--db", str(db_target), "stats", "--from", "2015-10-01", "--to", "2015-10-31", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["窗口办件", "好差评", "热线工单", "依申请公开"]
    for section in ("窗口办件", "好差评", "热线工单", "依申请公开"):
        assert {"合计", "按单位", "按月"} <= set(out[section])
        assert [m["月份"] for m in out[section]["按月"]] == ["2015-10"]
        for name, value in out[section]["合计"].items():
            if "率" in name and value is not None:
                assert 0 <= value <= 1, name
    assert out["窗口办件"]["合计"]["受理数"] == 4 and out["窗口办件"]["按单位"][0]["单位"] == "工商"
    assert out["热线工单"]["合计"]["按时办结率"] == pytest.approx(0.4)
    assert (
        main(
            ["--db", str(db_target), "stats", "--from", "2015-10-01", "--to", "2015-10-31", "--unit", "收费", "--json"]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["窗口办件"]["合计"]["受理数"] == 1
    args = ["--db", str(db_target), "stats", "--from", "2015-10-01", "--to", "2015-10-31", "--json"]
    assert main([*args, "--set", "满意率口径=窄口径"]) == 0
    assert json.loads(capsys.readouterr().out)["好差评"]["合计"]["满意率"] == pytest.approx(1 / 3)
    assert main([*args, "--set", "满意率口径=随便"]) == 2
    assert "满意率口径只能是" in capsys.readouterr().err
    assert main(["--db", str(db_target), "stats", "--from", "2015-10-31", "--to", "2015-10-01"]) == 2


def test_excel_has_one_sheet_per_table_and_native_charts(window, hotline, disclosure, tmp_path):
    import openpyxl

    from desktop.report.stats_excel import write_workbook

    path = tmp_path / "stats.xlsx"
    write_workbook(compute_statistics(OCT), path)
    wb = openpyxl.load_workbook(path)
    assert {"窗口-合计", "窗口-按单位", "窗口-按月", "热线-按班次", "公开-按申请方式", "评价-差评清单"} <= set(
        wb.sheetnames
    )
    ws = wb["窗口-合计"]
    values = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(3, ws.max_row + 1)}
    assert values["受理数"] == 4 and values["按时办结率"] == pytest.approx(2 / 3) and values["收费"] == 100
    assert ws.cell(row=3 + list(values).index("按时办结率"), column=2).number_format == "0.00%"
    kinds = {name: [type(c).__name__ for c in wb[name]._charts] for name in wb.sheetnames if wb[name]._charts}
    assert kinds["窗口-按单位"] == ["BarChart"] and kinds["窗口-近12个月"] == ["LineChart"]
    trend = wb["窗口-近12个月"]
    assert [trend.cell(row=r, column=1).value for r in (3, 14)] == ["2014-11", "2015-10"]
    assert trend.cell(row=13, column=2).value == 3 and trend.cell(row=14, column=2).value == 4  # 受理数: A, H, J; Oct
    assert kinds["热线-按类型"] == ["PieChart"] and kinds["公开-按申请人类型"] == ["PieChart"]
    units = wb["窗口-按单位"]
    assert [units.cell(row=r, column=1).value for r in range(3, units.max_row + 1)] == ["工商", "收费", "税务"]


def test_bulletin_pdf_prints_the_figures_and_the_commentary(window, hotline, disclosure, tmp_path):
    import pdfplumber

    from desktop.report.bulletin_pdf import commentary, write_bulletin

    stats = compute_statistics(OCT)
    text = commentary(stats)
    assert "受理办件4件，办结3件，按时办结率66.67%" in text and "按时办结率40.00%" in text
    path = tmp_path / "bulletin.pdf"
    write_bulletin(stats, path, text + "请各单位对照整改。", invariant=True)
    with pdfplumber.open(path) as pdf:
        pages = "".join(p.extract_text() or "" for p in pdf.pages).replace("\n", "")
    assert "政务服务月度通报" in pages and "2015年10月" in pages and "请各单位对照整改。" in pages
    assert "一、总体概况" in pages and "五、依申请公开" in pages
    assert "66.67%" in pages and "工商" in pages and "税务" in pages


def test_every_cell_of_tables_2_3_4_lists_exactly_its_records(window, disclosure):
    from desktop.report.figures import T3_KEYS
    from desktop.report.table_records import table2_records, table3_records, table4_records

    appeals, normative = REGISTERS["appeals"], REGISTERS["normative"]
    for kind, filed, result, closed in (
        (vocab.APPEAL_KINDS[0], "2015-03-02", "结果维持", "2015-05-01"),
        (vocab.APPEAL_KINDS[0], "2014-11-02", "结果纠正", "2015-02-01"),
        (vocab.APPEAL_KINDS[1], "2015-10-02", "尚未审结", None),
        (vocab.APPEAL_KINDS[2], "2015-06-02", "其他结果", "2016-01-05"),  # decided after the year: 尚未审结 in 2015
    ):
        appeals.save(
            {"case_type": kind, "appellant": "王五", "filed_date": filed, "result": result, "closed_date": closed},
            SYSTEM,
        )
    normative.save({"name": "管理办法", "category": "行政规范性文件", "issued_date": "2015-04-01"}, SYSTEM)
    normative.save(
        {"name": "旧办法", "category": "行政规范性文件", "issued_date": "2010-04-01", "repealed_date": "2015-06-01"},
        SYSTEM,
    )
    figures = compute_figures(2015)

    def listed(target):
        register, condition = target
        return len(list(build(REGISTERS[register], ListQuery(where=condition))))

    t3 = figures["table3"]
    assert t3[T3_KEYS.index("new")][6] == 8
    for r in range(len(T3_KEYS)):
        for c in range(7):
            assert listed(table3_records(2015, r, c)) == t3[r][c], (T3_KEYS[r], c)
    t4 = figures["table4"]
    assert t4[:5] == [1, 1, 0, 0, 2] and t4[5:10] == [0, 0, 0, 1, 1] and t4[10:] == [0, 0, 0, 1, 1]
    for cell in range(15):
        assert listed(table4_records(2015, cell)) == t4[cell], cell
    t2 = figures["table2"]
    assert t2["行政规范性文件"] == [1, 1, 1]
    for c in range(3):
        assert listed(table2_records(2015, "行政规范性文件", c)) == t2["行政规范性文件"][c]
    assert listed(table2_records(2015, "行政许可")) == t2["行政许可"][0] == 4  # A, B, H, J


def test_disclosure_fees_and_appeals_of_the_period(catalogue):
    _request(
        "2015-10-14", fee_method="按件", fee_notice_date="2015-10-16", fee_amount="100", fee_paid_date="2015-11-02",
        fee_paid="100",
    )  # fmt: skip
    appeals = REGISTERS["appeals"]
    for filed, result, closed in (("2015-09-10", "结果纠正", "2015-10-20"), ("2015-10-08", "尚未审结", None)):
        appeals.save(
            {"case_type": vocab.APPEAL_KINDS[0], "appellant": "王五", "filed_date": filed, "result": result,
             "closed_date": closed},
            SYSTEM,
        )  # fmt: skip
    october = compute_statistics(OCT).results["依申请公开"].total
    assert (october["收费通知件数"], october["收费通知金额"], october["收费"]) == (1, 100.0, 0.0)
    assert (october["复议诉讼"], october["复议诉讼审结"], october["复议诉讼纠错"]) == (1, 1, 1)
    november = compute_statistics(Span.of_month(2015, 11))
    assert november.results["依申请公开"].total["收费"] == 100.0
    register, condition = november.records("依申请公开", "收费")
    assert register == "disclosure" and len(list(build(D, ListQuery(where=condition)))) == 1
    register, condition = compute_statistics(OCT).records("依申请公开", "复议诉讼纠错")
    assert register == "appeals" and len(list(build(REGISTERS["appeals"], ListQuery(where=condition)))) == 1
    figures = compute_figures(2015)
    assert (
        figures["收费通知金额元"] == 100 and figures["实收信息处理费元"] == 100 and figures["实收信息处理费件数"] == 1
    )


def test_breakdowns_by_channel_and_topic(window, hotline):
    stats = compute_statistics(OCT)
    channels = {r["办理渠道"]: r["办结数"] for r in stats.results["窗口办件"].breakdowns["按渠道"]}
    assert channels == {"网上办理": 1, "窗口办理": 2}
    topics = {r["诉求分类"]: r["受理量"] for r in stats.results["热线工单"].breakdowns["按分类"]}
    assert topics == {"（未分类）": 6}
    assert _drill(stats, "窗口办件", "办结数", dimension="按渠道", key="网上办理") == {window["A"].id}
