"""The checks of the report as a list: errors red, warnings amber, each with the cells or text it involves."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.report.checks import ERROR, CellRef, Check
from desktop.report.labels import t3_row_label
from desktop.report.templates import SUPPLEMENTARY

ERROR_COLOR, WARNING_COLOR, OK_COLOR = QColor("#c62828"), QColor("#a15c00"), QColor("#2e7d32")
CHECK_ROLE = Qt.ItemDataRole.UserRole
# A sum check names every cell of a row or column; a few say where, the rest is counted.
MAX_CELLS_SHOWN = 4


def describe_cell(cell: CellRef) -> str:
    """How a clerk finds a cell: `表三“4.保护第三方合法权益”行“科研机构”列`, `数字{收费通知件数}`, `前言第1段`."""
    table, *rest = cell
    if table == "table3":
        if not rest:
            return "表三"
        row = t3_row_label(rest[0])
        return f"表三“{row}”行“{rest[1]}”列" if len(rest) > 1 else f"表三“{row}”行"
    if table in ("table2", "table4"):
        name = "表二" if table == "table2" else "表四"
        return name + "".join(f"“{r}”" for r in rest[:1]) + "".join(f"的“{r}”" for r in rest[1:2])
    if table == "figure":
        return "数字{" + str(rest[0]) + "}"
    if table == "text":
        if len(rest) == 1:  # a section heading
            return f"部分标题“{rest[0]}”"
        return f"正文{rest[0]}的{{{rest[1]}}}"
    return "、".join(str(r) for r in rest)


def describe_cells(cells: Sequence[CellRef]) -> str:
    shown = [describe_cell(c) for c in cells[:MAX_CELLS_SHOWN]]
    more = f"等{len(cells)}处" if len(cells) > MAX_CELLS_SHOWN else ""
    return "、".join(shown) + more


def is_text_check(check: Check) -> bool:
    return any(c and c[0] == "text" for c in check.cells)


def supplement_of(check: Check) -> str | None:
    """The supplementary figure a check asks for (it is filled in on 基本信息, not in the text)."""
    for cell in check.cells:
        if len(cell) > 2 and cell[0] == "text" and cell[2] in SUPPLEMENTARY:
            return str(cell[2])
    return None


def where_to_fix(check: Check) -> str:
    """The second line of a check: where to look. Text checks already name their place in the message."""
    supplement = supplement_of(check)
    if supplement:
        return f"在“基本信息”的补充数字中填写“{supplement}”（双击前往）"
    if is_text_check(check):
        return "双击跳到正文中的位置"
    return "涉及：" + describe_cells(check.cells) if check.cells else ""


class ChecksPanel(QWidget):
    """Double-clicking a check about the text asks the page to show that place (`check_activated`)."""

    check_activated = Signal(object)  # Check

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setUniformItemSizes(False)
        self.list.itemActivated.connect(self._on_list_item_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self.checks: list[Check] = []

    def set_checks(self, checks: Sequence[Check]) -> None:
        self.checks = list(checks)
        self.list.clear()
        errors = sum(1 for c in checks if c.level == ERROR)
        warnings = len(checks) - errors
        if not checks:
            self.summary.setText("<b style='color:#2e7d32'>✔ 检查通过：没有错误，也没有提醒。</b>")
        else:
            parts = []
            if errors:
                parts.append(f"<b style='color:#c62828'>{errors} 个错误</b>（改正后才能定稿）")
            if warnings:
                parts.append(f"<b style='color:#a15c00'>{warnings} 个提醒</b>")
            self.summary.setText("检查结果：" + "，".join(parts) + "。")
        for check in checks:
            error = check.level == ERROR
            text = ("✖ 错误：" if error else "⚠ 提醒：") + check.message
            hint = where_to_fix(check)
            if hint:
                text += "\n　" + hint
            item = QListWidgetItem(text, self.list)
            item.setForeground(QBrush(ERROR_COLOR if error else WARNING_COLOR))
            item.setData(CHECK_ROLE, check)
            if is_text_check(check):
                item.setToolTip("双击跳到要修改的位置")

    def texts(self) -> list[str]:
        """The shown lines (tests, and copying the list into a message)."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        self.check_activated.emit(item.data(CHECK_ROLE))


__all__ = ["ChecksPanel", "describe_cell", "describe_cells", "where_to_fix", "supplement_of", "ERROR_COLOR", "WARNING_COLOR", "OK_COLOR"]
