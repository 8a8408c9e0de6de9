"""The PDF: every table label extractable in its cell, figures in the right cells, fonts embedded, GB/T layout."""

import io
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from desktop.report import labels, pdf
from desktop.report.fonts import get_fonts
from desktop.report.narrative import Narrative, Section
from desktop.report.samples import busy_figures, reference_2015_figures
from desktop.report.templates import default_narrative

MM = 72 / 25.4


def distinct_figures():
    """Every table cell a different number, so each one can be found by position."""
    f = busy_figures()
    f["table3"] = [[1000 + 100 * i + j for j in range(7)] for i in range(25)]
    f["table4"] = [500 + k for k in range(15)]
    f["table2"] = {
        "规章": [201, 202, 203],
        "行政规范性文件": [204, 205, 206],
        "行政许可": [207],
        "行政处罚": [208],
        "行政强制": [209],
        "行政事业性收费": ["12.500"],
    }
    return f


def build(tmp_path, figures, narrative, name="r.pdf", **kw):
    target = tmp_path / name
    pdf.build(figures, narrative, target, invariant=True, fonts=get_fonts(False), **kw)
    return target


@pytest.fixture(scope="module")
def official_pdf(tmp_path_factory):
    return build(tmp_path_factory.mktemp("pdf"), distinct_figures(), default_narrative("2021年版格式"))


@pytest.fixture(scope="module")
def legacy_pdf(tmp_path_factory):
    return build(tmp_path_factory.mktemp("pdf"), reference_2015_figures(), default_narrative("旧版格式"))


@pytest.fixture(scope="module")
def cells(official_pdf):
    """The text of every table cell (line breaks inside a cell removed), as pdfplumber reconstructs the grid."""
    found = set()
    with pdfplumber.open(official_pdf) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                found |= {c.replace("\n", "") for row in table for c in row if c}
    return found


def test_every_table_label_is_a_cell(cells):
    expected = {labels.T3_NOTE, labels.T3_TOP, labels.T3_ORG_GROUP, *labels.T3_COLUMNS}
    for _key, l1, l2, l3 in labels.T3_ROWS:
        expected |= {l1} | ({l2} if l2 else set()) | ({l3} if l3 else set())
    for caption, header, rows in labels.T2_BLOCKS:
        expected |= {caption, *header, *rows}
    expected |= {"行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", *labels.T4_COLUMNS}
    assert expected - cells == set()


def test_fee_is_trimmed_wan_yuan(cells):
    assert "12.5" in cells
    assert "12.500" not in cells


def _words(page):
    return page.extract_words(x_tolerance=1.5, y_tolerance=2)


def _find(words, text, **near):
    hits = [w for w in words if w["text"] == text]
    assert hits, text
    return hits


@pytest.mark.parametrize(
    ("row", "column"),
    [("r3_4", "科研机构"), ("new", "自然人"), ("r6_2", "其他"), ("carried_out", "总计"), ("r1_open", "商业企业")],
)
def test_table3_number_sits_on_its_row_under_its_column(official_pdf, row, column):
    i, j = labels.T3_ROW_INDEX[row], labels.T3_COLUMNS.index(column)
    number = str(1000 + 100 * i + j)
    label = labels.t3_row_label(row)
    with pdfplumber.open(official_pdf) as doc:
        for page in doc.pages:
            words = _words(page)
            numbers = [w for w in words if w["text"] == number]
            if not numbers:
                continue
            (cell,) = numbers
            # the row: the label's first line starts on the same line as the (vertically centred) number, or
            # the label wraps and the number is between its lines
            head = [w for w in words if label.startswith(w["text"]) and len(w["text"]) >= 4]
            assert any(h["top"] - 2 <= cell["top"] <= h["bottom"] + 14 for h in head), (label, number)
            # the column: the header (first line of a wrapped header) is right above, centred on the number
            top_line = {"商业企业": "商业", "科研机构": "科研", "社会公益组织": "社会", "法律服务机构": "法律"}
            header = _find(words, top_line.get(column, column))[0]
            assert abs((header["x0"] + header["x1"]) / 2 - (cell["x0"] + cell["x1"]) / 2) < 3
            assert header["top"] < cell["top"]
            return
    pytest.fail(f"{number} not found")


def test_table4_numbers_in_column_order(official_pdf):
    with pdfplumber.open(official_pdf) as doc:
        for page in doc.pages:
            words = [w for w in _words(page) if w["text"].isdigit() and 500 <= int(w["text"]) < 515]
            if words:
                assert sorted(words, key=lambda w: w["x0"]) == sorted(words, key=lambda w: int(w["text"]))
                assert len({round(w["top"]) for w in words}) == 1
                return
    pytest.fail("table 四 not found")


def test_table3_header_repeats_when_it_breaks(official_pdf):
    with pdfplumber.open(official_pdf) as doc:
        pages = [p for p in doc.pages if any(labels.T3_TOP in c for t in p.extract_tables() for r in t for c in r if c)]
    assert len(pages) == 2  # the busy year's table 三 does not fit one page below its heading
    for page in pages:
        table = next(t for t in page.extract_tables() if len(t[0]) > 3 and t[0][3] == labels.T3_TOP)
        assert table[0][0].replace("\n", "") == labels.T3_NOTE
        first_data_row = table[3]
        assert first_data_row[0].replace("\n", "") in ("一、本年新收政府信息公开申请数量", "三、本年度办理结果")


def test_section_headings_and_fee_paragraph(official_pdf):
    with pdfplumber.open(official_pdf) as doc:
        text = "\n".join(p.extract_text() for p in doc.pages)
    for title in labels.SECTION_TITLES:
        assert title in text
    assert "本年度发出信息处理费收费通知2件、金额300元，实际收取1件、100元。" in text.replace("\n", "")


def test_legacy_pdf_reads_like_the_reference(legacy_pdf):
    with pdfplumber.open(legacy_pdf) as doc:
        text = "".join(p.extract_text() for p in doc.pages).replace("\n", "")
    for sentence in [
        "2015年度常德经开区信息公开工作报告",
        "由常德经济技术开发区编制",
        "我区到2015年底累计主动公开政府信息1400条，电子化率达100%",
        "收费等13家单位，1个委托窗口",
        "2015年共受理审批类、服务类、收费类事项约13000件，收取各种规费约1000万元，接受群众咨询5000余人次",
        "现在我区已实现部门20家全覆盖、事项106项全覆盖的目标",
        "我区2015年度未发生依申请公开事件。",
        "我区2015年度共接受市民咨询约8000人次，其中咨询电话接听约1000人次，当面咨询约5000次",
        "政府信息公开专栏访问量约为15000次",
        "我区2015年度没有发生行政复议和行政诉讼案。",
        *labels.LEGACY_SECTION_TITLES,
    ]:
        assert sentence in text


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("which", ["official_pdf", "legacy_pdf"])
def test_every_font_embedded(request, which):
    out = subprocess.run(["pdffonts", str(request.getfixturevalue(which))], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5] == "yes", row  # the emb column


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdftotext_returns_the_chinese(official_pdf):
    out = subprocess.run(["pdftotext", str(official_pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "常德经济技术开发区" in out
    assert "二、主动公开政府信息情况" in out


def test_grid_22_lines_of_28_characters(tmp_path):
    para = "政" * 28 * 50  # 50 full lines of ideographs, no indent on the lines after the first
    target = build(
        tmp_path, reference_2015_figures(), Narrative(fmt="旧版格式", sections=[Section("一、概述", [para])])
    )
    with pdfplumber.open(target) as doc:
        page = doc.pages[1]  # a page of body text only
        lines: dict[int, list] = {}
        for ch in page.chars:
            if ch["text"] == "政":
                lines.setdefault(round(ch["top"]), []).append(ch)
        assert len(lines) == 22
        assert {len(v) for v in lines.values()} == {28}
        first = min(lines.values(), key=lambda v: v[0]["top"])
        xs = sorted(c["x0"] for c in first)
        assert xs[0] == pytest.approx(28 * MM, abs=0.5)  # left margin 28 mm
        assert xs[-1] + 16 == pytest.approx((28 + 156) * MM, abs=1)  # the 28th glyph ends at the 156 mm block
        assert first[0]["size"] == pytest.approx(16)
        assert page.height == pytest.approx(297 * MM, abs=0.5) and page.width == pytest.approx(210 * MM, abs=0.5)


def test_page_numbers_odd_right_even_left(legacy_pdf):
    with pdfplumber.open(legacy_pdf) as doc:
        for n, page in enumerate(doc.pages[:2], 1):
            words = [w for w in page.extract_words() if w["top"] > page.height - 40 * MM]
            text = "".join(w["text"] for w in words)
            assert text.replace(" ", "") == f"—{n}—"
            size = [c["size"] for c in page.chars if c["text"] == str(n) and c["top"] > page.height - 40 * MM]
            assert size == [pytest.approx(14)]
            if n % 2:
                assert words[-1]["x1"] == pytest.approx((28 + 156) * MM - 14, abs=1)
            else:
                assert words[0]["x0"] == pytest.approx(28 * MM + 14, abs=1)


def test_builds_into_a_binary_file_and_is_deterministic():
    out1, out2 = io.BytesIO(), io.BytesIO()
    for out in (out1, out2):
        pages = pdf.build(busy_figures(), default_narrative(), out, invariant=True, fonts=get_fonts(False))
    assert pages >= 4
    assert out1.getvalue()[:5] == b"%PDF-" and out1.getvalue() == out2.getvalue()


def test_tables_inserted_when_markers_missing_and_title_overridden(tmp_path):
    n = default_narrative()
    for s in n.sections[1:4]:
        s.blocks = []
    n.sections = n.sections[:5]  # 六 missing too: its fixed heading still prints
    target = build(tmp_path, busy_figures(), n, title="测试标题{年度}")
    with pdfplumber.open(target) as doc:
        text = "".join(p.extract_text() for p in doc.pages).replace("\n", "")
        tables = sum(len(p.extract_tables()) for p in doc.pages)
    assert text.startswith("测试标题2025")
    assert "六、其他需要报告的事项" in text
    assert tables >= 3
    assert labels.T3_NOTE in text


def test_unknown_placeholder_prints_as_typed_in_a_draft(tmp_path):
    n = default_narrative()
    n.sections[4].blocks = ["共{窗口办件量}件"]
    target = build(tmp_path, busy_figures(), n)
    with pdfplumber.open(target) as doc:
        assert "共{窗口办件量}件" in "".join(p.extract_text() for p in doc.pages)


def test_rare_character_falls_back_to_a_font_that_has_it(tmp_path):
    # 堃 is outside GB2312: the 楷体 heading font lacks it, the body font has it.
    n = Narrative(fmt="旧版格式", title="堃", sections=[Section("一、概述", ["（一）张堃同志", "喆"])])
    target = build(tmp_path, reference_2015_figures(), n)
    with pdfplumber.open(target) as doc:
        text = doc.pages[0].extract_text()
        fonts = {c["text"]: c["fontname"] for c in doc.pages[0].chars}
    assert "堃" in text and "喆" in text
    assert "ZWGKKai" in fonts["张"] and "ZWGKKai" not in fonts["堃"]


def test_report_layer_imports_no_qt_or_database():
    code = (
        "import sys, desktop.report.pdf, desktop.report.checks, desktop.report.templates;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'peewee')"
        " or m.startswith(('desktop.db', 'desktop.registers', 'desktop.ui'))];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    root = Path(__file__).resolve().parents[2]
    import sys

    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("lines_before", [2, 6, 10, 14])
def test_table3_breaks_only_between_rows_and_repeats_the_tall_cell(tmp_path, lines_before):
    n = Narrative(fmt="旧版格式", sections=[Section("三、依申请", ["政" * 28 * lines_before, "[[表三]]"])])
    target = build(tmp_path, distinct_figures(), n)
    with pdfplumber.open(target) as doc:
        parts = [t for p in doc.pages for t in p.extract_tables() if labels.T3_TOP in t[0]]
    for part in parts[1:]:
        first = next(c for c in part[3] if c).replace("\n", "")
        if not first.startswith(("一、", "二、", "四、")):
            assert first == "三、本年度办理结果"  # a break inside the tall cell prints it again
    # every row appears exactly once: none was split or lost
    for key in labels.T3_ROW_KEYS:
        number = str(1000 + 100 * labels.T3_ROW_INDEX[key])
        assert sum(row.count(number) for part in parts for row in part) == 1, key
