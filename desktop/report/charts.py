"""One chart definition for the screen, the PDF and Excel (issue 17 item 3): a `Chart` names its kind, categories
and series; `section_charts` picks the charts bulletins show (spec §6) for each section of the statistics — a bar
per unit, the monthly trend line, the share by type — and `reportlab_drawing` renders one for the PDF. Excel
charts are built from the same definition in `stats_excel`, the screen's in `ui/pages/stats_chart.py` (QPainter).

Library choice (measured here on 2026-12-02): PySide6-Essentials has no QtCharts (only its .pyi stub;
`from PySide6 import QtCharts` fails), which would need PySide6-Addons. matplotlib would need its wheel (9.9 MB
compressed) and numpy's (16.9 MB). reportlab (installed 9.3 MB, already a dependency for the report; its chart
modules import in 0.12 s) draws the PDF's charts; openpyxl (3.0 MB, already a dependency; `openpyxl.chart` imports
in 0.10 s) writes native Excel charts that stay editable in Excel and WPS; a small QPainter widget draws the same
definition on screen. So: no new dependency, nothing on start-up (all three are imported only when a chart is drawn)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BAR, LINE, PIE = "bar", "line", "pie"
PALETTE = ("#1f5fa8", "#d9822b", "#3c9a5f", "#b8403a", "#7b5aa6", "#8c6d3f", "#c05c9b", "#5f6b73")


@dataclass(frozen=True)
class Chart:
    kind: str  # BAR, LINE or PIE
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]  # (name, one value per category)
    table: str = ""  # the table the data comes from (按单位, 按月, …): Excel points the chart at it
    columns: tuple[str, ...] = ()  # the table's columns of the series (Excel), and the category column first


# What each section charts: (kind, title, table, category column, indicator names).
_PLAN: dict[str, tuple[tuple[str, str, str, str, tuple[str, ...]], ...]] = {
    "窗口办件": (
        (BAR, "各单位受理、办结件数", "按单位", "单位", ("受理数", "办结数")),
        (LINE, "受理、办结件数月度走势", "按月", "月份", ("受理数", "办结数")),
        (PIE, "受理件按办件类型", "按类型", "办件类型", ("受理数",)),
    ),
    "好差评": (
        (BAR, "各单位评价数、差评数", "按单位", "单位", ("评价数", "差评数")),
        (LINE, "评价数月度走势", "按月", "月份", ("评价数", "差评数")),
        (PIE, "用户评价分布", "按评价", "评价", ("评价数",)),
    ),
    "热线工单": (
        (BAR, "各承办单位受理量", "按单位", "单位", ("受理量", "办结量")),
        (LINE, "诉求量月度走势", "按月", "月份", ("受理量", "办结量")),
        (PIE, "诉求类型分布", "按类型", "诉求类型", ("受理量",)),
    ),
    "依申请公开": (
        (BAR, "新收申请按申请方式", "按申请方式", "申请方式", ("新收",)),
        (LINE, "新收、办结月度走势", "按月", "月份", ("新收", "办结")),
        (PIE, "新收申请按申请人类型", "按申请人类型", "申请人类型", ("新收",)),
    ),
}


TREND = "近12个月"  # the table of the trend line when the period is shorter than a quarter


def trend_names(section: str) -> tuple[str, ...]:
    """The indicators the trend line of a section draws."""
    return next((names for kind, _, _, _, names in _PLAN.get(section, ()) if kind == LINE), ())


def section_charts(section: str, tables: dict[str, list[dict[str, Any]]]) -> list[Chart]:
    """The charts of one section from its tables (按月 included, or the 近12个月 trend for a short period); a pie
    leaves out the zero slices."""
    charts = []
    for kind, title, table, category, names in _PLAN.get(section, ()):
        if kind == LINE and tables.get(TREND):
            table, title = TREND, f"{title}（近12个月）"
        rows = tables.get(table) or []
        if kind == PIE:
            rows = [r for r in rows if r.get(names[0])]
        if not rows:
            continue
        series = tuple((n, tuple(float(r.get(n) or 0) for r in rows)) for n in names)
        charts.append(Chart(kind, title, tuple(str(r[category]) for r in rows), series, table, (category, *names)))
    return charts


def reportlab_drawing(chart: Chart, width: float, height: float, font: str = "Helvetica") -> Any:
    """The chart as a reportlab Drawing (a flowable) of width × height points."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    d = Drawing(width, height)
    d.add(String(width / 2, height - 12, chart.title, fontName=font, fontSize=10, textAnchor="middle"))
    fill = [colors.HexColor(c) for c in PALETTE]
    if chart.kind == PIE:
        pie = Pie()
        pie.x, pie.y, pie.width, pie.height = 20, 10, height - 40, height - 40
        values = chart.series[0][1]
        pie.data = list(values)
        total = sum(values) or 1
        pie.labels = None
        for i in range(len(values)):
            pie.slices[i].fillColor = fill[i % len(fill)]
            pie.slices[i].strokeColor = colors.white
        d.add(pie)
        legend = Legend()
        legend.x, legend.y = height, height - 30
        legend.fontName, legend.fontSize, legend.alignment = font, 8, "right"
        legend.columnMaximum = 12  # one column of slices beside the pie
        legend.colorNamePairs = [
            (fill[i % len(fill)], f"{c} {v:g}（{v / total:.1%}）")
            for i, (c, v) in enumerate(zip(chart.categories, values, strict=True))
        ]
        d.add(legend)
        return d
    plot = VerticalBarChart() if chart.kind == BAR else HorizontalLineChart()
    plot.x, plot.y, plot.width, plot.height = 40, 45, width - 60, height - 80
    plot.data = [list(v) for _, v in chart.series]
    plot.categoryAxis.categoryNames = [_short(c) for c in chart.categories]
    plot.categoryAxis.labels.fontName = font
    plot.categoryAxis.labels.fontSize = 7
    if len(chart.categories) > 6:
        plot.categoryAxis.labels.angle = 30
        plot.categoryAxis.labels.boxAnchor = "ne"
    plot.valueAxis.valueMin = 0
    plot.valueAxis.labels.fontSize = 7
    for i in range(len(chart.series)):
        if chart.kind == BAR:
            plot.bars[i].fillColor = fill[i]
            plot.bars[i].strokeColor = None
        else:
            plot.lines[i].strokeColor = fill[i]
            plot.lines[i].strokeWidth = 1.5
    d.add(plot)
    legend = Legend()
    legend.x, legend.y = width - 10, height - 22
    legend.alignment, legend.fontName, legend.fontSize = "right", font, 8
    legend.columnMaximum, legend.deltax = 1, 60
    legend.colorNamePairs = [(fill[i], name) for i, (name, _) in enumerate(chart.series)]
    legend.boxAnchor = "ne"
    d.add(legend)
    return d


def _short(text: str, limit: int = 7) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
