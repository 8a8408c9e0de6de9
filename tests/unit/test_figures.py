"""Figures and the official tables computed from the registers, including carry-over across years."""

from __future__ import annotations

from decimal import Decimal

from desktop.domain import vocab
from desktop.registers import REGISTERS, SYSTEM
from desktop.report.figures import T3_KEYS, compute_figures

R = REGISTERS["disclosure"]
ROW = {k: i for i, k in enumerate(T3_KEYS)}
COL = {k: i for i, k in enumerate(vocab.REQUESTER_KINDS)}


def _request(kind, received, reply=None, outcome=None, number=None):
    values = {
        "channel": "网络平台",
        "arrived_date": received,
        "received_date": received,
        "applicant_type": kind,
        "applicant": f"申请人{received}",
        "content": "某项政府信息",
    }
    if reply:
        values.update(status="已办结", reply_date=reply, outcome=outcome)
    if number:
        values["number"] = number
    record, _ = R.save(values, SYSTEM)
    return record


def test_table3_counts_new_carried_in_outcomes_and_carried_out(db):
    # Received 2014, concluded 2014: not in 2015 at all.
    _request("自然人", "2014-03-03", "2014-03-20", "予以公开")
    # Received 2014, still open on 1 January 2015, concluded 2015: 上年结转 and an outcome of 2015.
    _request("自然人", "2014-12-22", "2015-01-12", "部分公开")
    _request("商业企业", "2014-12-29", "2015-01-20", "本机关不掌握相关政府信息")
    # Received 2014 and still open at the end of 2015: carried in and carried out.
    _request("科研机构", "2014-12-30")
    # New in 2015, concluded in 2015.
    _request("自然人", "2015-03-02", "2015-03-18", "予以公开")
    _request("自然人", "2015-04-01", "2015-04-20", "予以公开")
    _request("法律服务机构", "2015-05-05", "2015-05-25", "属于国家秘密")
    _request("社会公益组织", "2015-06-01", "2015-06-20", "其他")
    # New in 2015, concluded in 2016: carried out of 2015.
    _request("其他", "2015-12-24", "2016-01-08", "予以公开")
    # New in 2015, open today.
    _request("自然人", "2015-12-28")
    # Received 2016: not in 2015.
    _request("自然人", "2016-01-04")

    t3 = compute_figures(2015)["table3"]
    assert len(t3) == 25 and all(len(r) == 7 for r in t3)
    cell = lambda row, col: t3[ROW[row]][COL[col] if col != "总计" else 6]  # noqa: E731
    assert cell("new", "自然人") == 3 and cell("new", "其他") == 1 and cell("new", "总计") == 6
    assert cell("carried_in", "自然人") == 1 and cell("carried_in", "商业企业") == 1
    assert cell("carried_in", "科研机构") == 1 and cell("carried_in", "总计") == 3
    assert cell("r1_open", "自然人") == 2
    assert cell("r2_partial", "自然人") == 1
    assert cell("r4_1", "商业企业") == 1
    assert cell("r3_1", "法律服务机构") == 1
    assert cell("r6_3", "社会公益组织") == 1
    assert cell("r7_total", "总计") == 6
    assert cell("carried_out", "科研机构") == 1 and cell("carried_out", "其他") == 1
    assert cell("carried_out", "自然人") == 1 and cell("carried_out", "总计") == 3
    for c in range(7):  # the template's own rule: 一 + 二 = 三(七) + 四
        assert t3[ROW["new"]][c] + t3[ROW["carried_in"]][c] == t3[ROW["r7_total"]][c] + t3[ROW["carried_out"]][c]
    # Next year starts where this one ended.
    t3_2016 = compute_figures(2016)["table3"]
    assert t3_2016[ROW["carried_in"]] == t3[ROW["carried_out"]]


def test_voided_requests_do_not_count(db):
    record = _request("自然人", "2015-03-02", "2015-03-18", "予以公开")
    R.void(record.id, "误录", SYSTEM)
    figures = compute_figures(2015)
    assert figures["依申请公开申请数"] == 0 and figures["table3"][ROW["r1_open"]][6] == 0


def test_table4_result_as_of_31_december(db):
    a = REGISTERS["appeals"]
    a.save(
        {
            "case_type": "行政复议",
            "appellant": "甲",
            "filed_date": "2015-03-01",
            "result": "结果维持",
            "closed_date": "2015-05-01",
        },
        SYSTEM,
    )
    a.save(
        {
            "case_type": "行政复议",
            "appellant": "乙",
            "filed_date": "2015-11-01",
            "result": "结果纠正",
            "closed_date": "2016-02-01",
        },
        SYSTEM,
    )  # concluded later: 尚未审结 in 2015
    a.save({"case_type": "行政诉讼（复议后起诉）", "appellant": "丙", "filed_date": "2014-10-01"}, SYSTEM)
    a.save(
        {
            "case_type": "行政诉讼（未经复议直接起诉）",
            "appellant": "丁",
            "filed_date": "2014-02-01",
            "result": "其他结果",
            "closed_date": "2014-09-01",
        },
        SYSTEM,
    )  # over before 2015
    t4 = compute_figures(2015)["table4"]
    assert t4 == [1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
    assert compute_figures(2016)["table4"][:5] == [0, 1, 0, 0, 1]


def test_table2_defaults_from_window_cases_and_hand_entered_figures_replace_them(catalogue):
    w = REGISTERS["window"]
    base = {
        "applicant": "张三",
        "received_at": "2015-03-02 09:00",
        "accepted_at": "2015-03-02 09:00",
        "status": "办结",
        "concluded_at": "2015-03-02 11:00",
    }
    w.save({**base, "item": "GS-001"}, SYSTEM)
    w.save({**base, "item": "GS-001"}, SYSTEM)
    w.save({**base, "item": "SF-001", "fee": "20200"}, SYSTEM)
    w.save({**base, "item": "SF-001", "fee": "0.08"}, SYSTEM)
    n = REGISTERS["normative"]
    n.save({"name": "甲办法", "category": "行政规范性文件", "issued_date": "2013-01-05"}, SYSTEM)
    n.save({"name": "乙办法", "category": "行政规范性文件", "issued_date": "2015-02-05"}, SYSTEM)
    n.save(
        {"name": "丙办法", "category": "行政规范性文件", "issued_date": "2012-02-05", "repealed_date": "2015-06-30"},
        SYSTEM,
    )
    figures = compute_figures(2015)
    t2 = figures["table2"]
    assert t2["规章"] == [0, 0, 0]
    assert t2["行政规范性文件"] == [1, 1, 2]
    assert t2["行政许可"] == [2]
    assert t2["行政处罚"] == [0] and t2["行政强制"] == [0]
    assert t2["行政事业性收费"] == [Decimal("2.020008")]
    assert figures["手工录入"] == []
    e = REGISTERS["enforcement"]
    e.save({"year": 2015, "category": "行政许可", "quantity": 40}, SYSTEM)
    e.save({"year": 2015, "category": "行政许可", "quantity": 2}, SYSTEM)
    e.save({"year": 2015, "category": "行政处罚", "quantity": 7}, SYSTEM)
    e.save({"year": 2014, "category": "行政强制", "quantity": 9}, SYSTEM)
    figures = compute_figures(2015)
    assert figures["table2"]["行政许可"] == [42] and figures["table2"]["行政处罚"] == [7]
    assert figures["table2"]["行政强制"] == [0]
    assert figures["手工录入"] == ["行政许可", "行政处罚"]


def test_window_and_contact_figures(catalogue):
    w = REGISTERS["window"]
    base = {
        "applicant": "张三",
        "received_at": "2015-03-02 09:00",
        "accepted_at": "2015-03-02 09:00",
        "status": "办结",
        "concluded_at": "2015-03-03 11:00",
        "item": "GS-001",
    }
    w.save({**base, "online": True, "rating": "满意"}, SYSTEM)
    w.save({**base, "rating": "基本满意"}, SYSTEM)
    w.save(
        {
            **base,
            "rating": "不满意",
            "fix_callback_date": "2015-03-04",
            "fix_finding": "f",
            "fix_measure": "m",
            "fix_due_date": "2015-03-10",
        },
        SYSTEM,
    )
    w.save({**base, "status": "受理", "concluded_at": None}, SYSTEM)
    c = REGISTERS["contacts"]
    c.save({"date": "2015-03-02", "count": 20}, SYSTEM)
    c.save({"date": "2015-03-02", "count": 5, "channel": "电话", "point": "热线"}, SYSTEM)
    c.save({"date": "2015-03-02", "count": 3, "channel": "网上", "point": "网站"}, SYSTEM)
    c.save({"date": "2015-03-02", "type": "表扬", "praise_form": "锦旗"}, SYSTEM)
    f = compute_figures(2015)
    assert (f["窗口办件数"], f["窗口办结数"], f["网上办结数"], f["审批类办件数"]) == (4, 3, 1, 4)
    assert f["满意率"] == "66.7%" and f["差评数"] == 1
    assert (f["咨询人次"], f["当面咨询人次"], f["电话咨询人次"], f["网上咨询人次"]) == (28, 20, 5, 3)
    assert f["窗口咨询人次"] == 20 and f["表扬留言数"] == 1
    assert f["窗口单位数"] == 2 and f["窗口工作人员数"] == 5
