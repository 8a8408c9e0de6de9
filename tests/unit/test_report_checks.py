"""Each §9 check fires on inconsistent figures, names the cells involved, and stays quiet on consistent ones."""

import copy

import pytest

from desktop.report import checks
from desktop.report.labels import T3_ROW_INDEX
from desktop.report.samples import busy_figures, reference_2015_figures
from desktop.report.templates import default_narrative


@pytest.fixture
def figures():
    return busy_figures()


def codes(found):
    return [c.code for c in found]


@pytest.mark.parametrize("make", [busy_figures, reference_2015_figures])
@pytest.mark.parametrize("fmt", ["2021年版格式", "旧版格式"])
def test_consistent_figures_pass(make, fmt):
    found = checks.check_report(make(), default_narrative(fmt))
    assert found == []
    assert not checks.has_errors(found)


def test_balance_per_column(figures):
    figures["table3"][T3_ROW_INDEX["new"]][2] += 1  # 科研机构
    figures["table3"][T3_ROW_INDEX["new"]][6] += 1  # keep the row total right
    found = checks.check_table3(figures["table3"])
    assert codes(found) == ["table3_balance", "table3_balance"]
    assert ("table3", "new", "科研机构") in found[0].cells
    assert ("table3", "carried_out", "科研机构") in found[0].cells
    assert "一（2）加二（0）之和为2" in found[0].message


def test_outcome_total(figures):
    figures["table3"][T3_ROW_INDEX["r3_4"]][0] += 1
    figures["table3"][T3_ROW_INDEX["r3_4"]][6] += 1
    found = checks.check_table3(figures["table3"])
    assert sorted(set(codes(found))) == ["table3_outcome_total"]
    assert {c.cells[0][2] for c in found} == {"自然人", "总计"}
    assert ("table3", "r3_4", "自然人") in found[0].cells


def test_row_total_column(figures):
    # Only the 总计 column is raised, consistently down the column, so the row sums are all that break.
    for key in ("r5_2", "r7_total", "new"):
        figures["table3"][T3_ROW_INDEX[key]][6] += 1
    found = checks.check_table3(figures["table3"])
    assert set(codes(found)) == {"table3_row_total"}
    assert sorted(c.cells[0][1] for c in found) == ["new", "r5_2", "r7_total"]
    assert any("“2.重复申请”行：总计为6，但自然人至其他各列之和为5" in c.message for c in found)


def test_table3_types_and_shape(figures):
    figures["table3"][0][0] = -1
    figures["table3"][1][1] = 1.5
    found = checks.check_table3(figures["table3"])
    assert codes(found) == ["table3_type", "table3_type"]
    assert found[0].cells == (("table3", "new", "自然人"),)
    assert codes(checks.check_table3(figures["table3"][:24])) == ["table3_shape"]
    assert codes(checks.check_table3(None)) == ["table3_shape"]


def test_table4_group_totals(figures):
    figures["table4"][9] = 5  # 未经复议直接起诉 总计
    found = checks.check_table4(figures["table4"])
    assert codes(found) == ["table4_group_total"]
    assert ("table4", "未经复议直接起诉", "总计") in found[0].cells
    figures["table4"][0] = True
    assert codes(checks.check_table4(figures["table4"]))[0] == "table4_type"
    assert codes(checks.check_table4([0] * 14)) == ["table4_shape"]


def test_table2_types(figures):
    figures["table2"]["行政许可"] = [-3]
    figures["table2"]["行政事业性收费"] = ["abc"]
    figures["table2"]["规章"] = [0, 0]
    found = checks.check_table2(figures["table2"])
    assert sorted(codes(found)) == ["table2_shape", "table2_type", "table2_type"]
    assert codes(checks.check_table2(None)) == ["table2_missing"]


def test_unknown_placeholder_is_an_error_naming_the_closest(figures):
    n = default_narrative()
    n.sections[0].blocks.append("全年办件{窗口办件量}件。")
    found = checks.check_report(figures, n)
    assert codes(found) == ["unknown_placeholder"]
    assert found[0].level == "error"
    assert "{窗口办件数}" in found[0].message
    assert checks.has_errors(found)


def test_derived_sentence_names_missing_inputs(figures):
    del figures["收费通知件数"]
    found = checks.check_report(figures, default_narrative())
    assert codes(found) == ["unknown_placeholder"]
    assert "收费通知件数" in found[0].message


def test_official_heading_changed_is_a_warning(figures):
    n = default_narrative()
    n.sections[4].heading = "五、存在的主要问题及整改措施"
    found = checks.check_report(figures, n)
    assert [(c.level, c.code) for c in found] == [("warning", "heading")]


def test_carry_over_warning(figures):
    carried_in = figures["table3"][T3_ROW_INDEX["carried_in"]]
    assert checks.check_report(figures, previous_carried_out=list(carried_in)) == []
    previous = list(carried_in)
    previous[0] += 1
    found = checks.check_report(figures, previous_carried_out=previous)
    assert [(c.level, c.code, c.cells) for c in found] == [
        ("warning", "carry_over", (("table3", "carried_in", "自然人"),))
    ]


def test_fee_notice_warning(figures):
    figures["收费通知件数"] = 0
    found = checks.check_fee_mentions(figures)
    assert codes(found) == ["fee_notices"]


def test_caller_hooks_sorted_errors_first(figures):
    extra = [
        checks.overdue_requests_warning([f"2025-YSQ-{i:03d}" for i in range(12)]),
        checks.manual_figures_warning(["网站访问量"]),
        checks.missing_outcome_error(["2025-YSQ-007"]),
    ]
    found = checks.check_report(figures, extra=extra)
    assert codes(found) == ["missing_outcome", "overdue", "manual_figures"]
    assert "等12件" in found[1].message
    assert found[2].cells == (("figure", "网站访问量"),)
    assert found[0].to_dict()["level"] == "error"


def test_inconsistent_copy_does_not_touch_the_original(figures):
    before = copy.deepcopy(figures)
    checks.check_report(figures, default_narrative())
    assert figures == before


def test_missing_supplementary_figure_asks_for_it(figures):
    del figures["网站访问量"]
    found = checks.check_report(figures, default_narrative("旧版格式"))
    assert codes(found) == ["unknown_placeholder"]
    assert "补充数字" in found[0].message and "{网站访问量}" in found[0].message


def test_lists_from_the_figures_code_become_checks(figures):
    figures["无办理结果的已办结申请"] = ["2025-YSQ-003"]
    figures["手工录入"] = ["行政处罚"]
    found = checks.check_report(figures)
    assert [(c.level, c.code) for c in found] == [("error", "missing_outcome"), ("warning", "manual_figures")]
    assert found[1].cells == (("table2", "行政处罚"),)
