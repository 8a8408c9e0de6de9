"""统计 page (issue 17): a period picker, one tab per section with its sortable tables (合计, 按单位, 按月 and the
other breakdowns) beside its charts, the check against table 三, and Excel / PDF output. Double-clicking a number
opens the register's list filtered to exactly the records it counts. Read-only for everyone; a 窗口人员's figures
count only their unit (the scope is applied in the statistics layer, not here)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import vocab
from desktop.domain.errors import DomainError
from desktop.registers import Actor
from desktop.report.charts import TREND, section_charts
from desktop.report.stats import Statistics, compute_statistics
from desktop.report.stats.drill import ANY
from desktop.report.stats.period import PRESETS, Span, preset
from desktop.report.stats.present import format_value
from desktop.ui.pages.stats_chart import ChartView

CUSTOM = "自定义"
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OpenRecords = Callable[[str, str, Any], None]  # (register key, title, condition)


LISTED = 3  # names shown in a cell that lists units; the rest in its tooltip


class RowsModel(QAbstractTableModel):
    """Plain rows (dicts) of one statistics table; sorting by the raw value, display as the bulletin prints it."""

    def __init__(self, rows: list[dict[str, Any]], parent: QWidget | None = None):
        super().__init__(parent)
        self.rows = rows
        self.columns = list(rows[0]) if rows else []

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        name = self.columns[index.column()]
        row = self.rows[index.row()]
        value = row.get(name)
        if name == "数值":  # the 合计 table: the row names the indicator
            name = str(row.get("指标"))
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, list) and len(value) > LISTED:
                # A long list (本期无业务单位) would widen the column until the numbers beside it, right-aligned,
                # sit off screen: the first few and a count here, the whole list in the tooltip.
                return f"{len(value)}个：{'、'.join(map(str, value[:LISTED]))}……"
            return format_value(name, value)
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, list):
            return format_value(name, value)
        if role == SORT_ROLE:
            return -1e18 if value is None else value if isinstance(value, int | float) else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section]
        return None


class StatsPage(QWidget):
    def __init__(self, actor: Actor, open_records: OpenRecords | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.actor = actor
        self.open_records = open_records
        self.stats: Statistics | None = None
        self.period = QComboBox(self)
        self.period.addItems([*PRESETS, CUSTOM])
        self.date_from, self.date_to = QDateEdit(self), QDateEdit(self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.refresh_button = QPushButton("统计", self)
        self.excel_button = QPushButton("导出 Excel…", self)
        self.pdf_button = QPushButton("月度通报 PDF…", self)
        self.settings_button = QPushButton("设置…", self)
        self.settings_button.setToolTip("满意率口径、差评处理时限等非官方统一口径的设置")
        self.settings_button.setVisible(actor.is_admin or actor.role == vocab.ROLE_OFFICE)
        self.settings_button.clicked.connect(self._on_settings_clicked)
        self.scope_label = QLabel(self)
        bar = QHBoxLayout()
        for w in (QLabel("统计期间：", self), self.period, self.date_from, QLabel("至", self), self.date_to):
            bar.addWidget(w)
        for w in (self.refresh_button, self.excel_button, self.pdf_button, self.settings_button, self.scope_label):
            bar.addWidget(w)
        bar.addStretch(1)
        self.tabs = QTabWidget(self)
        self.check_label = QLabel(self)
        self.check_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.check_label)
        self.period.currentTextChanged.connect(self._on_period_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.excel_button.clicked.connect(lambda: self._export(".xlsx"))
        self.pdf_button.clicked.connect(lambda: self._export(".pdf"))
        self.tables: dict[tuple[str, str], QTableView] = {}
        self._on_period_changed(self.period.currentText())

    def today(self) -> date:
        return date.today()

    def span(self) -> Span:
        name = self.period.currentText()
        if name != CUSTOM:
            return preset(name, self.today())
        return Span(self.date_from.date().toPython(), self.date_to.date().toPython())

    def _on_period_changed(self, name: str) -> None:
        custom = name == CUSTOM
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        if not custom:
            span = preset(name, self.today())
            self.date_from.setDate(QDate(span.first))
            self.date_to.setDate(QDate(span.last))
            self.refresh()

    def set_span(self, span: Span) -> None:
        """Show a from–to period (used by links and tests)."""
        self.period.blockSignals(True)
        self.period.setCurrentText(CUSTOM)
        self.period.blockSignals(False)
        self._on_period_changed(CUSTOM)
        self.date_from.setDate(QDate(span.first))
        self.date_to.setDate(QDate(span.last))
        self.refresh()

    def refresh(self) -> None:
        try:
            self.stats = compute_statistics(self.span(), self.actor)
        except DomainError as exc:
            QMessageBox.warning(self, "统计", exc.message)
            return
        current = self.tabs.currentIndex()
        self.tabs.clear()
        self.tables.clear()
        for section, result in self.stats.results.items():
            self.tabs.addTab(self._section(section, result), section)
        span = self.stats.span
        self.annual_tables = None
        if span == Span.of_year(span.first.year):
            from desktop.ui.pages.annual_tables import AnnualTables

            self.annual_tables = AnnualTables(span.first.year)
            self.tabs.addTab(self.annual_tables, "表二、表三、表四")
        self.tabs.setCurrentIndex(max(current, 0))
        scope = "（仅本单位）" if self.actor.role == vocab.ROLE_WINDOW else ""
        self.scope_label.setText(f"{self.stats.span.label}{scope}　双击数字查看对应记录")
        if self.stats.checks:
            bad = [c["项目"] for c in self.stats.checks if not c["一致"]]
            self.check_label.setText(
                "与表三核对："
                + ("各月新收、办结（按结果分类）、年末在办均与表三一致" if not bad else "不一致：" + "；".join(bad))
            )
        else:
            self.check_label.setText("与表三核对：选择整个自然年度时显示")

    def _section(self, section: str, result: Any) -> QWidget:
        inner = QTabWidget()
        tables = {"合计": [{"指标": k, "数值": v} for k, v in result.total.items()], "按月": result.by_month}
        tables.update({k: v for k, v in result.breakdowns.items() if v})
        for title, rows in tables.items():
            view = QTableView()
            proxy = QSortFilterProxyModel(view)
            proxy.setSourceModel(RowsModel(rows, view))
            proxy.setSortRole(SORT_ROLE)
            view.setModel(proxy)
            view.setSortingEnabled(title != "合计")
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
            view.doubleClicked.connect(
                lambda index, s=section, t=title, v=view: self._on_cell_double_clicked(s, t, v, index)
            )
            self.tables[(section, title)] = view
            inner.addTab(view, title)
        charts = QWidget()
        column = QVBoxLayout(charts)
        column.setContentsMargins(0, 0, 0, 0)
        for chart in section_charts(section, {"按月": result.by_month, **result.breakdowns}):
            column.addWidget(ChartView(chart))
        if not column.count():
            column.addWidget(ChartView(None))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(inner)
        splitter.addWidget(charts)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        return splitter

    def drill(self, section: str, table: str, row: int, column: str) -> tuple[str, str, Any] | None:
        """(register, title, condition) of the records behind one cell, or None for a cell that is not a count."""
        assert self.stats is not None
        result = self.stats.results[section]
        name, month, dimension, key, where = column, None, None, ANY, ""
        if table == "合计":
            name = list(result.total)[row]
        elif table in ("按月", TREND):
            month = where = (result.by_month if table == "按月" else result.breakdowns[TREND])[row]["月份"]
        elif table in result.keys:
            dimension, key = table.removeprefix("复议诉讼"), result.keys[table][row]
            where = str(next(iter(result.breakdowns[table][row].values())))
        else:
            return None
        try:
            register, condition = self.stats.records(section, name, month=month, dimension=dimension, key=key)
        except (KeyError, StopIteration):
            return None
        return register, f"{section}·{name}（{self.stats.span.label}{'·' + where if where else ''}）", condition

    def _on_cell_double_clicked(self, section: str, table: str, view: QTableView, index: QModelIndex) -> None:
        source = view.model().mapToSource(index)
        model: RowsModel = view.model().sourceModel()
        column = model.columns[source.column()]
        if table != "合计" and column == model.columns[0]:
            return
        target = self.drill(section, table, source.row(), column)
        if target is not None and self.open_records is not None:
            self.open_records(*target)

    def _on_settings_clicked(self) -> None:
        from desktop.ui.pages.stats_settings import StatsSettingsDialog

        self.settings_dialog = StatsSettingsDialog(self)
        if self.settings_dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def ask_commentary(self) -> str | None:
        """The 总体概况 text of the bulletin, generated from the figures and editable before printing."""
        from desktop.report.bulletin_pdf import commentary

        assert self.stats is not None
        dialog = QDialog(self)
        dialog.setWindowTitle("月度通报：总体概况")
        edit = QPlainTextEdit(commentary(self.stats), dialog)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel("以下文字按本期数字生成，可修改后再生成通报：", dialog))
        layout.addWidget(edit, 1)
        layout.addWidget(buttons)
        dialog.resize(720, 360)
        self.commentary_dialog, self.commentary_edit = dialog, edit
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return edit.toPlainText().strip()

    def _export(self, suffix: str) -> None:
        if self.stats is None:
            return
        from desktop.report.stats.output import write_output

        text = None
        if suffix == ".pdf":
            text = self.ask_commentary()
            if text is None:
                return
        kind = "Excel 文件 (*.xlsx)" if suffix == ".xlsx" else "PDF 文件 (*.pdf)"
        default = f"统计{self.stats.span.first:%Y%m%d}-{self.stats.span.last:%Y%m%d}{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, "导出统计", default, kind)
        if not path:
            return
        try:
            if suffix == ".pdf":
                from desktop.report.bulletin_pdf import write_bulletin

                write_bulletin(self.stats, Path(path), text)
            else:
                write_output(self.stats, Path(path))
        except (DomainError, OSError) as exc:
            QMessageBox.warning(self, "导出统计", getattr(exc, "message", str(exc)))
            return
        QMessageBox.information(self, "导出统计", f"已保存：{path}")
