"""Default narratives: the 旧版格式 one reproduces the 2015 reference; the figure-driven sentences."""

from decimal import Decimal
from pathlib import Path

import pytest

from desktop.report.narrative import UnknownPlaceholderError, placeholders, substitute
from desktop.report.samples import busy_figures, reference_2015_figures
from desktop.report.templates import default_narrative, text_values

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "2015-changde-jingkai-report.txt"
if not REFERENCE.exists():  # CI lays shared/ beside the clone
    REFERENCE = Path("/work/shared/reference/2015-changde-jingkai-report.txt")


def rendered_lines(fmt, figures):
    n = default_narrative(fmt)
    values = text_values(figures, n.body_name, n.short_name)
    lines = [substitute(n.title, values), *(substitute(b, values) for b in n.preface)]
    for s in n.sections:
        lines.append(s.heading)
        lines += [substitute(b, values) for b in s.blocks]
    return lines


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared/reference not available")
def test_legacy_template_reproduces_the_2015_reference():
    reference = [
        ln.replace("[bookmark: _GoBack]", "") for ln in REFERENCE.read_text("utf-8").splitlines() if ln.strip()
    ]
    ours = rendered_lines("旧版格式", reference_2015_figures())
    # The one deliberate change: the hotline's vague “上百个” is the computed monthly average.
    ours = [ln.replace("问题约103个", "问题上百个") for ln in ours]
    assert ours == reference


def test_legacy_template_uses_register_figures_for_every_number():
    n = default_narrative("旧版格式")
    used = {p for _where, text in n.texts() for p in placeholders(text)}
    assert {"窗口办件数", "窗口收费万元", "咨询人次", "电话咨询人次", "热线月均工单数", "主动公开条数"} <= used
    assert {"依申请公开情况", "复议诉讼情况", "网站访问量", "机关简称", "机关名称", "年度"} <= used
    text = "\n".join(
        rendered_lines(
            "旧版格式",
            {
                **reference_2015_figures(),
                "窗口办件数": 12645,
                "窗口咨询人次": 5069,
                "窗口收费万元": Decimal("1009.061"),
            },
        )
    )
    # The reference's 约 and 余 read true: rounded to the nearest thousand, rounded down for 余.
    assert "事项约13000件" in text and "5000余人次" in text and "约1000万元" in text


def test_rounding_words_in_placeholders():
    values = {"n": 12645, "m": Decimal("1009.061")}
    assert substitute("{n|约千} {n|余千} {n|约百} {m|约十} {m|整数} {n}", values) == "13000 12000 12600 1010 1009 12645"
    with pytest.raises(UnknownPlaceholderError) as err:
        substitute("{n|大约}", values)
    assert "约千" in err.value.message


def test_body_names_are_parameters():
    n = default_narrative("旧版格式", body_name="某某经济开发区", short_name="某某开发区", phone="010-1234")
    values = text_values(reference_2015_figures(), n.body_name, n.short_name)
    assert substitute(n.title, values) == "2015年度某某开发区信息公开工作报告"
    assert "由某某经济开发区编制" in substitute(n.preface[0], values)
    assert "电话：010-1234。" in substitute(n.preface[0], values)


@pytest.mark.parametrize(
    ("notices", "notified", "paid", "collected", "sentence"),
    [
        (0, "0", 0, "0", "本年度未发出信息处理费收费通知，未收取信息处理费。"),
        (2, "300.00", 0, "0", "本年度发出信息处理费收费通知2件、金额300元，未收取信息处理费。"),
        (2, "300.00", 1, "12.50", "本年度发出信息处理费收费通知2件、金额300元，实际收取1件、12.50元。"),
    ],
)
def test_fee_sentence_follows_the_figures(notices, notified, paid, collected, sentence):
    f = busy_figures()
    f.update(收费通知件数=notices, 收费通知金额元=Decimal(notified), 实收信息处理费件数=paid)
    f["实收信息处理费元"] = Decimal(collected)
    assert text_values(f)["信息处理费情况"] == sentence
    lines = rendered_lines("2021年版格式", f)
    assert any(ln.endswith(sentence) and "《政府信息公开信息处理费管理办法》" in ln for ln in lines)


def test_request_and_appeal_phrases():
    v = text_values(busy_figures())
    assert v["依申请公开情况"] == "共收到依申请公开申请57件，办结55件"
    assert v["复议诉讼情况"] == "发生行政复议案3件、行政诉讼案2件"
    v = text_values(reference_2015_figures())
    assert v["依申请公开情况"] == "未发生依申请公开事件"
    assert v["复议诉讼情况"] == "没有发生行政复议和行政诉讼案"


def test_official_template_has_six_sections_and_the_tables():
    n = default_narrative("2021年版格式")
    assert [s.heading[:2] for s in n.sections] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    assert [s.blocks for s in n.sections[1:4]] == [["[[表二]]"], ["[[表三]]"], ["[[表四]]"]]
    text = "\n".join(rendered_lines("2021年版格式", busy_figures()))
    assert "常德经济技术开发区2025年政府信息公开工作年度报告" in text
    assert "国办公开办函〔2021〕30号" in text
    assert "{" not in text
