"""Narrative model: block kinds, placeholders, substitution, closest names, JSON round trip."""

from decimal import Decimal

import pytest

from desktop.domain.errors import DomainError
from desktop.report import narrative as nv
from desktop.report.templates import default_narrative


@pytest.mark.parametrize(
    ("text", "kind", "head"),
    [
        ("一、总体情况", nv.HEADING1, "一、总体情况"),
        ("（一）主动公开", nv.HEADING2, "（一）主动公开"),
        ("（一）收取信息处理费情况。依据……", nv.HEADING2, "（一）收取信息处理费情况。"),
        ("1、加强和规范政务中心建设。目前进驻", nv.HEADING3, "1、加强和规范政务中心建设。"),
        ("2.重复申请", nv.HEADING3, "2.重复申请"),
        ("2.5万元的收入", nv.PARAGRAPH, ""),
        ("{年度}年我区", nv.PARAGRAPH, ""),
        ("一是突出重点", nv.PARAGRAPH, ""),
    ],
)
def test_classify(text, kind, head):
    block = nv.classify(text)
    assert block.kind == kind
    assert block.head == head


def test_table_markers():
    assert nv.classify("[[表三]]").table == "table3"
    assert nv.classify(" [[表二]] ").kind == nv.TABLE
    assert nv.classify("见[[表二]]").kind == nv.PARAGRAPH


def test_placeholders_listed_once_in_order_and_braces_escaped():
    assert nv.placeholders("{年度}年{窗口办件数}件，{年度}") == ["年度", "窗口办件数"]
    assert nv.placeholders("{{字面}}") == []
    assert nv.substitute("{{字面}}{年度}", {"年度": 2015}) == "{字面}2015"


def test_substitute_formats_figures():
    values = {"a": 13000, "b": Decimal("1000.50"), "c": "100%", "d": Decimal("0.00")}
    assert nv.substitute("{a}|{b}|{c}|{d}", values) == "13000|1000.5|100%|0"


def test_unknown_placeholder_names_the_closest():
    with pytest.raises(nv.UnknownPlaceholderError) as err:
        nv.substitute("约{窗口办件量}件", {"窗口办件数": 1, "窗口收费万元": "1", "年度": 2015})
    assert err.value.name == "窗口办件量"
    assert err.value.suggestions[0] == "窗口办件数"
    assert "{窗口办件数}" in err.value.message
    assert nv.substitute("约{窗口办件量}件", {}, strict=False) == "约{窗口办件量}件"


def test_unknown_placeholders_over_a_narrative_say_where():
    n = nv.Narrative(title="{年度}年", sections=[nv.Section("一、概述", ["共{咨讯人次}人次"])])
    found = nv.unknown_placeholders(n, {"年度": 2015, "咨询人次": 8000})
    assert [(e.name, e.suggestions[0]) for e in found] == [("咨讯人次", "咨询人次")]
    assert "第1段" in found[0].where


def test_json_round_trip_and_editor_text():
    n = default_narrative("旧版格式")
    back = nv.Narrative.from_json(n.to_json())
    assert back == n
    s = nv.Section.from_text("一、概述", "第一段\n\n  第二段  \n")
    assert s.blocks == ["第一段", "第二段"]
    assert s.text == "第一段\n第二段"


def test_unknown_format_rejected():
    with pytest.raises(DomainError):
        nv.Narrative.from_dict({"fmt": "2019年试行格式"})


def test_tables_and_lists_are_not_text_figures():
    values = {"年度": 2015, "table3": [[0]], "手工录入": ["网站访问量"]}
    assert nv.substitute("{年度}{手工录入}", values, strict=False) == "2015{手工录入}"
    with pytest.raises(nv.UnknownPlaceholderError) as err:
        nv.substitute("{table3}", values)
    assert "table3" not in err.value.suggestions
