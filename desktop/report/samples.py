"""Sample figures for previews, tests and benchmarks: the 2015 reference report's, and a consistent busy year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from desktop.report.labels import T3_COLUMNS, T3_ROW_KEYS


def reference_2015_figures() -> dict[str, Any]:
    """The figures printed in the 2015 reference report (the demo year); splits it does not give are invented."""
    return {
        "年度": 2015,
        "窗口单位数": 13,
        "委托窗口数": 1,
        "窗口工作人员数": 39,
        "窗口办件数": 13000,
        "审批类办件数": 6200,
        "服务类办件数": 4800,
        "收费类办件数": 2000,
        "窗口收费万元": "1000",
        "窗口咨询人次": 5000,
        "表扬留言数": 200,
        "网上办结数": 450,
        "满意率": "100%",
        "省网上系统部门数": 20,
        "省网上系统事项数": 106,
        "主动公开条数": 1400,
        "主动公开电子化率": "100%",
        "财政资金公开条数": 53,
        "民生领域公开条数": 30,
        "网站栏目数": 8,
        "网站子栏目数": 37,
        "热线工单数": 1236,
        "热线月均工单数": 103,
        "依申请公开申请数": 0,
        "依申请公开办结数": 0,
        "咨询人次": 8000,
        "电话咨询人次": 1000,
        "当面咨询人次": 5000,
        "网上咨询人次": 1000,
        "行政复议数": 0,
        "行政诉讼数": 0,
        "收费通知件数": 0,
        "收费通知金额元": Decimal("0.00"),
        "实收信息处理费件数": 0,
        "实收信息处理费元": Decimal("0.00"),
        "网站访问量": 15000,  # supplementary: no register holds it
        "table2": {
            "规章": [0, 0, 0],
            "行政规范性文件": [3, 1, 12],
            "行政许可": [1860],
            "行政处罚": [14],
            "行政强制": [0],
            "行政事业性收费": ["1000"],
        },
        "table3": [[0] * len(T3_COLUMNS) for _ in T3_ROW_KEYS],
        "table4": [0] * 15,
    }


def busy_figures() -> dict[str, Any]:
    """A consistent year with requests in every column and outcome (all §9 rules hold)."""
    f = reference_2015_figures()
    f.update({"年度": 2025, "依申请公开申请数": 57, "依申请公开办结数": 55, "行政复议数": 3, "行政诉讼数": 2})
    f.update({"收费通知件数": 2, "收费通知金额元": Decimal("300.00"), "实收信息处理费件数": 1})
    f["实收信息处理费元"] = Decimal("100.00")
    f["table2"]["行政事业性收费"] = ["4068.208"]
    rows = {k: [0] * 6 for k in T3_ROW_KEYS}
    rows["r1_open"] = [10, 3, 1, 0, 1, 2]
    rows["r2_partial"] = [4, 1, 0, 0, 0, 0]
    rows["r3_4"] = [2, 1, 0, 0, 0, 0]
    rows["r4_1"] = [9, 2, 0, 1, 0, 0]
    rows["r4_3"] = [3, 0, 0, 0, 0, 0]
    rows["r5_2"] = [5, 0, 0, 0, 0, 0]
    rows["r6_1"] = [4, 0, 0, 0, 0, 1]
    rows["r6_2"] = [1, 0, 0, 0, 0, 0]
    rows["r6_3"] = [2, 0, 0, 0, 0, 0]
    outcome_keys = T3_ROW_KEYS[T3_ROW_KEYS.index("r1_open") : T3_ROW_KEYS.index("r7_total")]
    rows["r7_total"] = [sum(rows[k][j] for k in outcome_keys) for j in range(6)]
    rows["carried_in"] = [2, 0, 0, 0, 0, 0]
    rows["carried_out"] = [3, 0, 0, 0, 0, 1]
    rows["new"] = [rows["r7_total"][j] + rows["carried_out"][j] - rows["carried_in"][j] for j in range(6)]
    f["table3"] = [r + [sum(r)] for r in (rows[k] for k in T3_ROW_KEYS)]
    f["table4"] = [1, 1, 0, 1, 3, 0, 1, 0, 1, 2, 0, 0, 0, 0, 0]
    return f
