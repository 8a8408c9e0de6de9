"""The label constants are the spec's §10 strings, character for character."""

from desktop.report import labels


def test_section_titles_use_ideographic_comma():
    assert len(labels.SECTION_TITLES) == 6
    assert all(t[1] == "、" for t in labels.SECTION_TITLES)
    assert labels.SECTION_TITLES[3] == "四、政府信息公开行政复议、行政诉讼情况"
    assert labels.SECTION_TITLES[4] == "五、存在的主要问题及改进情况"


def test_table2_blocks_and_fee_header():
    assert [b[0] for b in labels.T2_BLOCKS] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert labels.T2_BLOCKS[3][1][1] == "本年收费金额（单位：万元）"
    cells = sum(len(rows) * (len(header) - 1) for _c, header, rows in labels.T2_BLOCKS)
    assert cells == 10


def test_table3_rows_columns_and_punctuation():
    assert len(labels.T3_ROWS) == 25
    assert len(labels.T3_COLUMNS) == 7
    assert labels.T3_NOTE == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert "3.危及\u201c三安全一稳定\u201d" in [r[3] for r in labels.T3_ROWS]
    assert '"' not in "".join(str(r) for r in labels.T3_ROWS)
    outer = [r for r in labels.T3_ROWS if r[1] == "三、本年度办理结果"]
    assert len(outer) == 22  # the rowspan of the vertical cell
    groups = {g: sum(1 for r in labels.T3_ROWS if r[2] == g and r[3]) for g in ("（三）不予公开", "（四）无法提供")}
    assert groups == {"（三）不予公开": 8, "（四）无法提供": 3}
    for row in labels.T3_ROWS:
        if row[3]:
            assert row[3][0].isdigit() and row[3][1] == "."


def test_outcome_rows_are_the_21_leaves_of_the_register():
    """One source: table 三's outcome rows are the disclosure register's 21 outcomes, in order."""
    from desktop.domain.outcomes import OUTCOMES

    rows = [r for r in labels.T3_ROWS if r[0] in labels.T3_OUTCOME_KEYS]
    assert len(rows) == 21 and rows[0] == ("r1_open", "三、本年度办理结果", "（一）予以公开", None)
    assert [(k, l2, l3) for k, _l1, l2, l3 in rows] == [(o.key, o.group, o.leaf) for o in OUTCOMES]
    assert rows[7][2:] == ("（三）不予公开", "6.属于四类过程性信息") and rows[-1][0] == "r6_3"
    assert not hasattr(labels, "OUTCOME_ROWS")


def test_table4_and_legacy_titles():
    assert labels.T4_COLUMNS == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [labels.t4_group_label(i) for i in range(3)] == ["行政复议", "未经复议直接起诉", "复议后起诉"]
    assert labels.LEGACY_SECTION_TITLES[0] == "一、概述"
    assert labels.LEGACY_SECTION_TITLES[-1] == "七、存在的主要问题和改进措施"
