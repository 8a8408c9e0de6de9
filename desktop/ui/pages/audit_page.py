"""审计日志: the audit log with filters, field-level details, chain verification and export."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.db.audit import ChainResult, verify_chain
from desktop.domain.errors import DomainError
from desktop.registers import Actor
from desktop.registers import audit_query as aq
from desktop.registers.values import parse_date
from desktop.ui.errors import error_dialog
from desktop.ui.follow import FollowChanges

COLUMNS = ("时间", "用户", "操作", "台账", "记录", "变更字段")
TIME, USER, ACTION, REGISTER, RECORD, CHANGES = range(6)
WIDTH_SAMPLES = (
    "2015-10-12 09:30",
    "管理员用户",
    "登录失败",
    "依申请公开",
    "2015-GS-00123",
)  # the last column stretches
BAD_BACKGROUND, BAD_FOREGROUND = QColor("#fde0dc"), QColor("#b71c1c")
_Index = QModelIndex | QPersistentModelIndex


class AuditTableModel(QAbstractTableModel):
    """The filtered log newest first, fetched a page at a time as the view scrolls (keyset on the entry id)."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.filter = aq.AuditFilter()
        self.rows: list[aq.AuditRow] = []
        self.total = 0
        self.bad_id: int | None = None  # the entry the chain check named, shown in red

    def set_filter(self, f: aq.AuditFilter) -> None:
        self.filter = f
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self.total = aq.count(self.filter)
        self.rows = aq.fetch_page(self.filter)
        self.endResetModel()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self.rows:
            return
        page = aq.fetch_page(self.filter, self.rows[-1].id)
        if not page:
            self.total = len(self.rows)  # entries vanished under us (another PC restored a backup)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()

    def row_at(self, row: int) -> aq.AuditRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, entry_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.id == entry_id), -1)

    def set_bad_id(self, entry_id: int | None) -> None:
        self.bad_id = entry_id
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole or (role == Qt.ItemDataRole.ToolTipRole and column in (RECORD, CHANGES)):
            if column == TIME:
                return f"{row.ts:%Y-%m-%d %H:%M}"
            if column == USER:
                return row.username
            if column == ACTION:
                return row.action
            if column == REGISTER:
                return row.register_title
            if column == RECORD:
                return row.record_label
            return aq.changed_labels(row)
        if row.id == self.bad_id:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(BAD_BACKGROUND)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(BAD_FOREGROUND)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


class AuditPage(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.actor = actor
        self.last_result: ChainResult | None = None
        self.model = AuditTableModel(self)
        self._build_filters()
        self.verify_button = QPushButton("校验审计日志", self)
        self.verify_button.setToolTip("逐条重新计算哈希链，检查审计日志是否被改动、删除或插入")
        self.verify_button.clicked.connect(self._on_verify_clicked)
        self.export_button = QPushButton("导出…", self)
        self.export_button.setToolTip("把当前筛选出的条目导出为 Excel 文件（证件号码、电话已遮盖）")
        self.export_button.clicked.connect(self._on_export_clicked)
        self.result = QLabel(self)
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setWordWrap(True)
        self.result.linkActivated.connect(self._on_result_link_activated)
        actions = QHBoxLayout()
        actions.addWidget(self.verify_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.result, 1)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Widths from the font, so that the time and the usual labels fit without eliding at any DPI.
        metrics = self.table.fontMetrics()
        for column, sample in enumerate(WIDTH_SAMPLES):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 16)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_row_changed)
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        self.count_label = QLabel(self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<span style='font-size: 16px; font-weight: bold;'>审计日志</span>", self))
        layout.addLayout(self.filter_bar)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)

        self.follow = FollowChanges(self, self.refresh, delay_ms=300)
        for keys, slot in (("F5", self.refresh), (QKeySequence.StandardKey.Find, self.user_edit.setFocus)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.refresh()

    def _build_filters(self) -> None:
        self.filter_bar = QHBoxLayout()
        self.user_edit = QLineEdit(self)
        self.user_edit.setPlaceholderText("用户名")
        self.register_combo = QComboBox(self)
        self.register_combo.addItem("全部台账", None)
        for key, title in aq.register_titles().items():
            self.register_combo.addItem(title, key)
        self.record_edit = QLineEdit(self)
        self.record_edit.setPlaceholderText("记录编号或名称")
        self.from_edit = QLineEdit(self)
        self.to_edit = QLineEdit(self)
        for edit in (self.from_edit, self.to_edit):
            edit.setPlaceholderText("如 20151012")
            edit.setMaximumWidth(110)
        for edit in (self.user_edit, self.record_edit, self.from_edit, self.to_edit):
            edit.setClearButtonEnabled(True)
            edit.textChanged.connect(self._on_filter_text_changed)
        self.register_combo.currentIndexChanged.connect(self.refresh)
        self.clear_button = QPushButton("清除筛选", self)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self._max_id: int | None = None
        for label, widget, stretch in (
            ("用户", self.user_edit, 1),
            ("台账", self.register_combo, 0),
            ("记录", self.record_edit, 2),
            ("期间", self.from_edit, 0),
            ("至", self.to_edit, 0),
        ):
            self.filter_bar.addWidget(QLabel(label, self))
            self.filter_bar.addWidget(widget, stretch)
        self.filter_bar.addWidget(self.clear_button)

    # -- list ----------------------------------------------------------------------------------------------

    def _date(self, edit: QLineEdit) -> tuple[date | None, bool]:
        """The typed date, and whether what was typed is valid (blank is valid); a bad one is marked, not used."""
        text = edit.text().strip()
        value, ok = None, True
        if text:
            try:
                value = parse_date(text)
            except DomainError as exc:
                ok = False
                edit.setToolTip(exc.message)
        edit.setStyleSheet("" if ok else "border: 1px solid #c62828;")
        if ok:
            edit.setToolTip("")
        return value, ok

    def current_filter(self) -> aq.AuditFilter:
        date_from, _ = self._date(self.from_edit)
        date_to, _ = self._date(self.to_edit)
        return aq.AuditFilter(
            user=self.user_edit.text(),
            register=self.register_combo.currentData(),
            record=self.record_edit.text(),
            date_from=date_from,
            date_to=date_to,
            max_id=self._max_id,
        )

    def refresh(self) -> None:
        current = self.model.row_at(self.table.currentIndex().row())
        self.model.set_filter(self.current_filter())
        bad_dates = [e.toolTip() for e in (self.from_edit, self.to_edit) if e.toolTip()]
        text = f"共 {self.model.total} 条"
        if self._max_id is not None:
            text += f"（第 {self._max_id} 条及更早的条目）"
        if bad_dates:
            text += f"　<span style='color: #c62828;'>{escape(bad_dates[0])}</span>"
        self.count_label.setText(text)
        row = self.model.row_of(current.id) if current is not None else -1
        if row >= 0:
            self.table.selectRow(row)
        else:
            self._show_details(None)

    def _on_filter_text_changed(self, _text: str) -> None:
        self.follow.soon()

    def _on_clear_clicked(self) -> None:
        for edit in (self.user_edit, self.record_edit, self.from_edit, self.to_edit):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self.register_combo.blockSignals(True)
        self.register_combo.setCurrentIndex(0)
        self.register_combo.blockSignals(False)
        self._max_id = None
        self.refresh()

    def _on_table_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_details(self.model.row_at(current.row()))

    # -- details -------------------------------------------------------------------------------------------

    def _show_details(self, row: aq.AuditRow | None) -> None:
        if row is None:
            self.details.setHtml("<p style='color: #777777;'>选择一条日志查看修改前后的内容。</p>")
            return
        parts = [
            f"<h3>第 {row.id} 条　{escape(row.action)}</h3>",
            "<table cellspacing='0' cellpadding='2'>",
            f"<tr><td style='color: #555555;'>时间</td><td>{row.ts:%Y-%m-%d %H:%M}</td></tr>",
            f"<tr><td style='color: #555555;'>用户</td><td>{escape(row.username)}</td></tr>",
            f"<tr><td style='color: #555555;'>台账</td><td>{escape(row.register_title)}</td></tr>",
            f"<tr><td style='color: #555555;'>记录</td><td>{escape(row.record_label) or aq.EMPTY}</td></tr>",
            "</table>",
        ]
        if row.id == self.model.bad_id and self.last_result is not None:
            parts.append(
                f"<p style='color: #b71c1c; font-weight: bold;'>校验未通过：{escape(self.last_result.message)}</p>"
            )
        # The details are for the administrator who reads the log: identifiers in full, catalogue ids as names.
        changes = aq.ValueNames(masked=False).rows(row)
        if changes:
            parts.append(
                "<table width='100%' cellspacing='0' cellpadding='4' border='1' "
                "style='border-collapse: collapse; border-color: #cccccc;'>"
                "<tr style='background: #eef1f5;'><th align='left'>字段</th><th align='left'>修改前</th>"
                "<th align='left'>修改后</th></tr>"
            )
            for label, before, after in changes:
                cells = "".join(f"<td>{escape(v).replace(chr(10), '<br>')}</td>" for v in (label, before, after))
                parts.append(f"<tr>{cells}</tr>")
            parts.append("</table>")
        else:
            parts.append("<p style='color: #777777;'>本条没有字段变更。</p>")
        self.details.setHtml("".join(parts))

    # -- verify and export ---------------------------------------------------------------------------------

    def verify(self) -> ChainResult:
        """Check the whole chain and show the result beside the button; the first bad entry is marked in red."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = verify_chain()
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.last_result = result
        if result.ok:
            self.result.setText(f"<span style='color: #2e7d32;'>✔ {escape(result.message)}。</span>")
            self.model.set_bad_id(None)
        else:
            self.result.setText(
                f"<span style='color: #b71c1c; font-weight: bold;'>✘ {escape(result.message)}</span>"
                f"　<a href='goto'>定位到该条</a>"
            )
            self.model.set_bad_id(result.first_bad_id)
        self._show_details(self.model.row_at(self.table.currentIndex().row()))
        return result

    def _on_verify_clicked(self) -> None:
        self.verify()

    def _on_result_link_activated(self, _link: str) -> None:
        self.go_to(self.model.bad_id)

    def go_to(self, entry_id: int | None) -> None:
        """Show the log from this entry back (filters cleared) with the entry selected."""
        if entry_id is None:
            return
        self._on_clear_clicked()
        self._max_id = entry_id
        self.refresh()
        self.table.selectRow(0)
        self.table.setFocus()

    def _on_export_clicked(self) -> None:
        name = f"审计日志_{date.today():%Y%m%d}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, "导出审计日志", str(Path.home() / name), "Excel 工作簿 (*.xlsx)")
        if path:
            self.export_to(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def export_to(self, path: str | Path) -> int | None:
        """Write the filtered entries to an .xlsx file and say so; a file that cannot be written is explained."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = aq.export_xlsx(self.current_filter(), path)
        except OSError as exc:
            QGuiApplication.restoreOverrideCursor()
            error_dialog(self, f"无法写入文件“{path}”。如果该文件已在 Excel 中打开，请先关闭后再导出。", str(exc))
            return None
        QGuiApplication.restoreOverrideCursor()
        self.result.setText(f"已导出 {written} 条到 {escape(str(path))}")
        return written
