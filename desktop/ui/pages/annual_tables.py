"""Tables 二, 三 and 四 of a year as grids whose every cell opens the records it counts (double-click): shown on the
统计 page for a calendar year and, from the 年度报告 page, in a dialog. The counts are those of the registers now
(a 定稿 report keeps its frozen numbers; a difference shows which records changed since)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget

from desktop.domain import vocab
from desktop.report.figures import T3_KEYS, compute_figures
from desktop.report.labels import T3_COLUMNS, T3_ROWS, T4_COLUMNS, t4_group_label
from desktop.report.table_records import table2_records, table3_records, table4_records
from desktop.ui.signals import signals

_T2_COLUMNS = ("本年制发件数 / 处理决定数 / 收费万元", "本年废止件数", "现行有效件数")


class AnnualTables(QTabWidget):
    def __init__(self, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.year = year
        figures = compute_figures(year)
        self.targets: dict[tuple[str, int, int], Any] = {}
        t2 = figures["table2"]
        rows2 = [(k, [*t2[k]]) for k in (*vocab.NORMATIVE_KINDS, *vocab.ENFORCEMENT_KINDS)]
        # 规章 and 规范性文件 have three counts; the enforcement rows one (decisions, or the fee in 万元).
        self.table2 = self._grid(
            "表二", [k for k, _ in rows2], list(_T2_COLUMNS), [values + [""] * (3 - len(values)) for _, values in rows2]
        )
        for r, (kind, values) in enumerate(rows2):
            for c in range(len(values)):
                self.targets[("表二", r, c)] = lambda k=kind, c=c: table2_records(year, k, c)
        t3 = figures["table3"]
        # A leaf row names its group: （三）1.属于国家秘密.
        labels = [f"{l2[:3]}{l3}" if l3 else (l2 or l1).split("（区分处理")[0] for _, l1, l2, l3 in T3_ROWS]
        self.table3 = self._grid("表三", labels, T3_COLUMNS, t3)
        for r in range(len(T3_KEYS)):
            for c in range(7):
                self.targets[("表三", r, c)] = lambda r=r, c=c: table3_records(year, r, c)
        t4 = figures["table4"]
        self.table4 = self._grid(
            "表四", [t4_group_label(g) for g in range(3)], T4_COLUMNS, [t4[g * 5 : g * 5 + 5] for g in range(3)]
        )
        for g in range(3):
            for c in range(5):
                self.targets[("表四", g, c)] = lambda cell=g * 5 + c: table4_records(year, cell)

    def _grid(self, title: str, rows: list[str], columns: list[str], values: list[list[Any]]) -> QTableWidget:
        grid = QTableWidget(len(rows), len(columns))
        grid.setHorizontalHeaderLabels(columns)
        grid.setVerticalHeaderLabels(rows)
        grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(values):
            for c, value in enumerate(row):
                item = QTableWidgetItem("" if value == "" else str(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                grid.setItem(r, c, item)
        grid.resizeColumnsToContents()
        grid.cellDoubleClicked.connect(lambda r, c, t=title: self.open_cell(t, r, c))
        self.addTab(grid, title)
        return grid

    def cell_target(self, table: str, row: int, column: int) -> tuple[str, str, Any] | None:
        make = self.targets.get((table, row, column))
        if make is None:
            return None
        register, condition = make()
        grid = {"表二": self.table2, "表三": self.table3, "表四": self.table4}[table]
        label = f"{self.year}年{table}·{grid.verticalHeaderItem(row).text()}·{grid.horizontalHeaderItem(column).text()}"
        return register, label, condition

    def open_cell(self, table: str, row: int, column: int) -> None:
        target = self.cell_target(table, row, column)
        if target is not None:
            signals.show_records_requested.emit(*target)


def show_annual_tables(parent: QWidget, year: int) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"{year}年度报告表格：双击数字查看对应记录")
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel("按当前台账计算；双击任一数字，在登记页面列出它统计的记录。", dialog))
    layout.addWidget(AnnualTables(year, dialog), 1)
    dialog.resize(1100, 700)
    dialog.show()
    return dialog
