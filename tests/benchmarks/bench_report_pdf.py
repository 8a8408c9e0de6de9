"""Benchmark: the annual report PDF against a bare reportlab document of the same size, built in the same run.

Run with: .venv/bin/pytest tests/benchmarks/bench_report_pdf.py --benchmark-enable
(the file name keeps it out of the default test run).
"""

import io
import time

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from desktop.report import pdf
from desktop.report.fonts import get_fonts
from desktop.report.samples import busy_figures
from desktop.report.templates import default_narrative

# A year with 13,000 window cases: the figures are computed upstream, so the PDF's cost is the report itself.
FIGURES = {**busy_figures(), "窗口办件数": 13000}


def _report() -> int:
    return pdf.build(FIGURES, default_narrative("2021年版格式"), io.BytesIO(), fonts=get_fonts(False))


def _bare(pages: int) -> None:
    """The same number of pages of plain paragraphs in the same embedded font."""
    style = ParagraphStyle("b", fontName=get_fonts(False).name("body"), fontSize=16, leading=29, wordWrap="CJK")
    text = "本报告根据中华人民共和国政府信息公开条例要求编制。" * 12
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=A4)
    story = [Paragraph(text, style) for _ in range(pages * 4)]
    doc.build(story)


def _best(fn, *args, rounds: int = 5) -> float:
    best = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t)
    return best


def test_report_pdf_speed(benchmark):
    pages = _report()  # warm up: fonts registered once per process
    bare = _best(_bare, pages)
    benchmark.pedantic(_report, rounds=10, iterations=1)
    ours = benchmark.stats.stats.min if benchmark.stats else _best(_report)
    benchmark.extra_info.update(pages=pages, bare_seconds=bare, ratio=ours / bare)
    assert ours < 0.5, f"report PDF took {ours:.3f} s"
    assert ours / bare < 10, f"{ours / bare:.1f}× a bare reportlab document of {pages} pages"
