"""Exact labels of the annual report (spec annual-report-format.md §10), printed character for character."""

from desktop.domain.outcomes import OUTCOMES

FORMAT_2021 = "2021年版格式"
FORMAT_LEGACY = "旧版格式"
FORMATS = (FORMAT_2021, FORMAT_LEGACY)

SECTION_TITLES = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

# The 2015 reference report's sections (a local variant of the pre-2019 layout), see reference/2015-*.txt.
LEGACY_SECTION_TITLES = [
    "一、概述",
    "二、主动公开政府信息情况",
    "三、依申请公开政府信息情况",
    "四、政府信息公开咨询处理情况",
    "五、政府信息公开复议、诉讼情况",
    "六、政府信息公开支出与收费",
    "七、存在的主要问题和改进措施",
]

T2_BLOCKS = [
    ("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "行政规范性文件"]),
    ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], ["行政许可"]),
    ("第二十条第（六）项", ["信息内容", "本年处理决定数量"], ["行政处罚", "行政强制"]),
    ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费"]),
]
T2_FEE_ROW = "行政事业性收费"

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_TOP = "申请人情况"
T3_ORG_GROUP = "法人或其他组织"
T3_COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

_R3 = "三、本年度办理结果"
# The 21 outcome rows are the register's outcomes (domain/outcomes.py, their one source), in table order.
T3_ROWS = [  # (key, level1, level2, level3)
    ("new", "一、本年新收政府信息公开申请数量", None, None),
    ("carried_in", "二、上年结转政府信息公开申请数量", None, None),
    *((o.key, _R3, o.group, o.leaf) for o in OUTCOMES),
    ("r7_total", _R3, "（七）总计", None),
    ("carried_out", "四、结转下年度继续办理", None, None),
]
T3_ROW_KEYS = [row[0] for row in T3_ROWS]
T3_ROW_INDEX = {key: i for i, key in enumerate(T3_ROW_KEYS)}
# Rows summed into （七）总计: everything between （一） and （六）3 (spec §9 rule 2).
T3_OUTCOME_KEYS = T3_ROW_KEYS[T3_ROW_INDEX["r1_open"] : T3_ROW_INDEX["r7_total"]]

T4_GROUPS = [("行政复议", None), ("行政诉讼", "未经复议直接起诉"), ("行政诉讼", "复议后起诉")]
T4_COLUMNS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

TABLE_MARKERS = {"表二": "table2", "表三": "table3", "表四": "table4"}


def t3_row_label(key: str) -> str:
    """The most specific printed label of a table-三 row, e.g. `4.保护第三方合法权益` or `（七）总计`."""
    _key, l1, l2, l3 = T3_ROWS[T3_ROW_INDEX[key]]
    return l3 or l2 or l1


def t4_group_label(index: int) -> str:
    """The label naming a table-四 group: 行政复议, 未经复议直接起诉 or 复议后起诉."""
    top, sub = T4_GROUPS[index]
    return sub or top
