"""The PDF 月度通报 (issue 17 item 3) in the order bulletins use (spec §6): 总体概况 with a generated commentary
(editable before printing), then per section the charts of `charts.section_charts`, the table by unit with its
ranking, and the definitions as footnotes. Pure: statistics and text in, PDF out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop import APP_NAME
from desktop.report.charts import reportlab_drawing, section_charts
from desktop.report.fonts import get_fonts
from desktop.report.stats.present import format_value
from desktop.report.stats.service import Statistics

_NUMERALS = "一二三四五六七八九十"
# The columns of each section's table by unit (the ranking table of bulletins).
_UNIT_COLUMNS = {
    "窗口办件": ("受理数", "办结数", "按时办结率", "平均办结工作日", "提速率（总量比）", "超期件", "受理数排名"),
    "好差评": ("评价数", "评价率", "满意率", "差评数", "差评整改率"),
    "热线工单": ("受理量", "办结量", "按时办结率", "回访率", "满意率"),
}


def _printable(text: str) -> str:
    # The bundled 仿宋 has no ÷ or Σ: the footnotes spell them out.
    return text.replace("÷", "／").replace("Σ", "合计")


def commentary(stats: Statistics) -> str:
    """The 总体概况 paragraph with the named figures (the user may edit it before printing)."""
    w = stats.results["窗口办件"].total
    r = stats.results["好差评"].total
    h = stats.results["热线工单"].total
    d = stats.results["依申请公开"].total

    def v(name: str, value: Any) -> str:
        return format_value(name, value)

    parts = [
        f"{stats.span.label}，各进驻单位共受理办件{w['受理数']}件，办结{w['办结数']}件，"
        f"按时办结率{v('按时办结率', w['按时办结率'])}，"
        f"平均办结用时{v('平均办结工作日', w['平均办结工作日'])}个工作日，"
        f"较法定时限提速{v('提速率（总量比）', w['提速率（总量比）'])}；超期件{w['超期件']}件。",
        f"收到评价{r['评价数']}次，满意率{v('满意率', r['满意率'])}，差评{r['差评数']}件，"
        f"差评整改率{v('差评整改率', r['差评整改率'])}。",
        f"热线受理群众诉求{h['受理量']}件，直办率{v('直办率', h['直办率'])}，"
        f"按时办结率{v('按时办结率', h['按时办结率'])}，回访满意率{v('满意率', h['满意率'])}。",
        f"新收政府信息公开申请{d['新收']}件，办结{d['办结']}件，按期答复率{v('按期答复率', d['按期答复率'])}，"
        f"期末在办{d['在办']}件，其中超期未办{d['超期未办']}件。",
    ]
    idle = w.get("本期无业务单位") or []
    if idle:
        parts.append(f"本期无业务单位：{'、'.join(idle)}。")
    return "".join(parts)


def write_bulletin(
    stats: Statistics,
    target: str | Path,
    text: str | None = None,
    title: str = "政务服务月度通报",
    invariant: bool = False,
) -> None:
    fonts = get_fonts()
    body, heading, title_font = fonts.name("body"), fonts.name("heading1"), fonts.name("title")
    s_title = ParagraphStyle("t", fontName=title_font, fontSize=20, leading=30, alignment=1)
    s_sub = ParagraphStyle("s", fontName=body, fontSize=12, leading=18, alignment=1)
    s_h = ParagraphStyle("h", fontName=heading, fontSize=14, leading=22, spaceBefore=8)
    s_p = ParagraphStyle("p", fontName=body, fontSize=12, leading=20, firstLineIndent=24)
    s_note = ParagraphStyle("n", fontName=body, fontSize=8, leading=11)
    s_cell = ParagraphStyle("c", fontName=body, fontSize=8, leading=10)
    story: list[Any] = [
        Paragraph(title, s_title),
        Paragraph(f"（{stats.span.label}　{stats.span.first:%Y-%m-%d}至{stats.span.last:%Y-%m-%d}）", s_sub),
        Spacer(1, 6 * mm),
        Paragraph("一、总体概况", s_h),
        Paragraph(text if text is not None else commentary(stats), s_p),
    ]
    width = A4[0] - 40 * mm
    for i, (section, result) in enumerate(stats.results.items(), 2):
        story.append(Paragraph(f"{_NUMERALS[i - 1]}、{section}", s_h))
        tables = {"按月": result.by_month, **result.breakdowns}
        drawings = [reportlab_drawing(c, width / 2 - 4, 150, body) for c in section_charts(section, tables)]
        for k in range(0, len(drawings), 2):
            story.append(KeepTogether(Table([drawings[k : k + 2]], colWidths=[width / 2] * 2)))
        columns = _UNIT_COLUMNS.get(section)
        rows = result.breakdowns.get("按单位") or []
        if columns and rows:
            data = [["单位", *columns]] + [[r["单位"], *(format_value(c, r.get(c)) for c in columns)] for r in rows]
            data = [[Paragraph(str(c), s_cell) for c in row] for row in data]
            table = Table(data, repeatRows=1, colWidths=[width * 0.22] + [width * 0.78 / len(columns)] * len(columns))
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ]
                )
            )
            story += [Spacer(1, 3 * mm), table]
        else:
            figures = [[Paragraph(k, s_cell), Paragraph(format_value(k, v), s_cell)] for k, v in result.total.items()]
            half = (len(figures) + 1) // 2
            data = [a + b for a, b in zip(figures[:half], figures[half:] + [["", ""]], strict=False)]
            table = Table(data, colWidths=[width * 0.3, width * 0.2] * 2)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey)]))
            story += [Spacer(1, 3 * mm), table]
        if section == "依申请公开" and stats.checks:
            bad = [c["项目"] for c in stats.checks if not c["一致"]]
            story.append(Paragraph("与表三核对：" + ("一致" if not bad else "不一致：" + "；".join(bad)), s_note))
        story.append(Spacer(1, 2 * mm))
        story += [Paragraph(f"注：{_printable(n)}", s_note) for n in result.notes]
    story.append(Spacer(1, 3 * mm))
    story += [Paragraph(f"注：{line}", s_note) for line in stats.ctx.settings.describe()]

    def page_number(canvas: Any, doc: Any) -> None:
        canvas.setFont(body, 10)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"— {doc.page} —")

    doc = SimpleDocTemplate(
        str(target),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"{title}（{stats.span.label}）",
        creator=APP_NAME,
        invariant=1 if invariant else 0,
        initialFontName=body,
    )
    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
