"""The 旧版格式 report of the demo year reads like the 2015 reference, with every figure computed; the 2021
format passes its checks."""

from __future__ import annotations

import re
import subprocess

import pytest

from desktop.db import close_db, init_db
from desktop.report import store


@pytest.fixture
def demo(demo_database):
    init_db(demo_database[0])
    yield
    close_db()


def _text(path) -> str:
    """The running text, without line breaks, spaces or the page numbers between pages."""
    raw = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    return re.sub(r"—\d+—\x0c", "", raw.replace(" ", "").replace("\n", ""))


def test_legacy_report_reproduces_the_reference_figures(demo, tmp_path):
    report = store.load(2015, "legacy")
    errors = [c.message for c in store.run_checks(report) if c.level == "error"]
    assert errors == []
    out = tmp_path / "legacy.pdf"
    store.build_pdf(2015, "legacy", out)
    text = _text(out)
    for sentence in (
        "2015年度常德经开区信息公开工作报告",
        "累计主动公开政府信息1400条，电子化率达100%",
        "收费等13家单位，1个委托窗口",
        "共有工作人员39名",
        "服务类、收费类事项约13000件，收取各种规费约1000万元，接受群众咨询5000余人次，收到表扬留言200条",
        "已累计办结各类审批业务450件",
        "服务对象满意率一直保持100%",
        "部门20家全覆盖、事项106项全覆盖",
        "今年公开财务信息53条",
        "征地拆迁的信息共30条",
        "共接受市民咨询约8000人次，其中咨询电话接听约2000人次，当面咨询约5000次，网上咨询约1000人次",
        "政府信息公开专栏访问量约为15000次",
        "未发生依申请公开",
        "没有发生行政复议和行政诉讼",
    ):
        assert sentence in text, sentence


def test_official_report_of_the_demo_year_has_no_errors(demo, tmp_path):
    report = store.load(2015, "2021")
    assert [c.message for c in store.run_checks(report) if c.level == "error"] == []
    out = tmp_path / "2021.pdf"
    store.build_pdf(2015, "2021", out)
    text = _text(out)
    assert "1009.061" in text  # 行政事业性收费 in 万元, trailing zeros trimmed
    assert "本年度未收取信息处理费" in text or "未收取" in text
