"""The statistics as an Excel workbook: one sheet per table (each section's 合计, 按单位, 按月 and other
breakdowns, the 差评清单 and the check against table 三), with native Excel charts (openpyxl) that point at the
cells of their table, so they stay editable in Excel and WPS. The charts are those of `charts.section_charts`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from desktop.report.charts import LINE, PIE, section_charts
from desktop.report.stats.present import MONEY, is_rate
from desktop.report.stats.service import Statistics

_RATE_FORMAT = "0.00%"
_SHORT = {"依申请公开": "公开", "窗口办件": "窗口", "好差评": "评价", "热线工单": "热线"}


def _sheet_name(section: str, table: str) -> str:
    # Excel allows 31 characters and no []:*?/\ in a sheet name.
    return f"{_SHORT.get(section, section)}-{table}"[:31]


def _cell(value: Any) -> Any:
    if value is None:
        return "—"
    if isinstance(value, list):
        return "、".join(map(str, value)) or "无"
    return value


def _write_table(ws: Any, rows: list[dict[str, Any]], title: str) -> None:
    from openpyxl.styles import Alignment, Font

    ws.append([title])
    ws["A1"].font = Font(bold=True, size=12)
    if not rows:
        ws.append(["（无数据）"])
        return
    header = list(rows[0])
    ws.append(header)
    for c in ws[2]:
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, horizontal="center")
    for row in rows:
        ws.append([_cell(row.get(h)) for h in header])
    for col, name in enumerate(header, 1):
        letter = ws.cell(row=2, column=col).column_letter
        ws.column_dimensions[letter].width = max(10, min(30, len(name) * 2 + 2))
        for r in range(3, len(rows) + 3):
            cell = ws.cell(row=r, column=col)
            if is_rate(name) and isinstance(cell.value, float):
                cell.number_format = _RATE_FORMAT
            elif name in MONEY and isinstance(cell.value, float):
                cell.number_format = "#,##0.00"
            elif isinstance(cell.value, float):
                cell.number_format = "0.00"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"


def _add_chart(ws: Any, chart: Any, n_rows: int, anchor: str) -> None:
    from openpyxl.chart import BarChart, LineChart, PieChart, Reference

    header = [c.value for c in ws[2]]
    category = header.index(chart.columns[0]) + 1
    if chart.kind == PIE:
        xl = PieChart()
    elif chart.kind == LINE:
        xl = LineChart()
        xl.y_axis.title = "件数"
    else:
        xl = BarChart()
        xl.type = "col"
    xl.title = chart.title
    for name in chart.columns[1:]:
        col = header.index(name) + 1
        xl.add_data(Reference(ws, min_col=col, min_row=2, max_row=n_rows + 2), titles_from_data=True)
    xl.set_categories(Reference(ws, min_col=category, min_row=3, max_row=n_rows + 2))
    xl.width, xl.height = 18, 9
    ws.add_chart(xl, anchor)


def write_workbook(stats: Statistics, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    overview = wb.create_sheet("说明")
    overview.append([f"统计期间：{stats.span.label}（{stats.span.first:%Y-%m-%d}至{stats.span.last:%Y-%m-%d}）"])
    for line in stats.ctx.settings.describe():
        overview.append([line])
    for section, result in stats.results.items():
        overview.append([])
        overview.append([f"【{section}】指标定义"])
        for note in result.notes:
            overview.append([note])
    overview.column_dimensions["A"].width = 100
    for section, result in stats.results.items():
        totals = [{"指标": k, "数值": v} for k, v in result.total.items()]
        ws = wb.create_sheet(_sheet_name(section, "合计"))
        _write_table(ws, totals, f"{section}　{stats.span.label}")
        for r, row in enumerate(totals, 3):
            if is_rate(row["指标"]) and isinstance(row["数值"], float):
                ws.cell(row=r, column=2).number_format = _RATE_FORMAT
        tables = {"按月": result.by_month, **result.breakdowns}
        charts = {c.table: c for c in section_charts(section, tables)}
        for table, rows in tables.items():
            if not rows and table != "按月":
                continue
            ws = wb.create_sheet(_sheet_name(section, table))
            chart = charts.get(table)
            _write_table(ws, rows, f"{section}　{table}　{stats.span.label}")
            if chart is not None and rows:
                width = len(rows[0])
                anchor = ws.cell(row=2, column=width + 2).coordinate
                _add_chart(ws, chart, len(rows), anchor)
    if stats.checks:
        ws = wb.create_sheet("与表三核对")
        _write_table(ws, [{**c, "一致": "是" if c["一致"] else "否"} for c in stats.checks], "依申请公开与表三核对")
    wb.save(path)
