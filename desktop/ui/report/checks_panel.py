"""The checks of the report as a list: errors red, warnings amber, each with the cells or text it involves."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from desktop.report.checks import ERROR, CellRef, Check
from desktop.report.labels import t3_row_label
from desktop.report.templates import SUPPLEMENTARY

ERROR_COLOR, WARNING_COLOR, OK_COLOR = "#c62828", "#a15c00", "#2e7d32"
# A sum check names every cell of a row or column; a few say where, the rest is counted.
MAX_CELLS_SHOWN = 4
MAX_LIST_HEIGHT = 220  # the list grows with its checks up to this, and the preview keeps the rest


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


def where_to_fix(check: Check) -> tuple[str, str]:
    """The second line of a check and its link text: where to look. Text checks name their place already."""
    supplement = supplement_of(check)
    if supplement:
        return f"在“基本信息”的补充数字中填写“{supplement}”。", "去填写"
    if is_text_check(check):
        return "", "跳到正文中的位置"
    return ("涉及：" + describe_cells(check.cells) if check.cells else ""), ""


class ChecksPanel(QWidget):
    """The summary and the list; a check's link (跳到正文 / 去填写) asks the page to show the place."""

    check_activated = Signal(object)  # Check

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.browser)
        self.checks: list[Check] = []
        self._texts: list[str] = []
        self.editable = True  # a reader gets no 去填写 link to a field they cannot change

    def set_checks(self, checks: Sequence[Check]) -> None:
        self.checks = list(checks)
        errors = sum(1 for c in checks if c.level == ERROR)
        warnings = len(checks) - errors
        if not checks:
            self.summary.setText(f"<b style='color:{OK_COLOR}'>✔ 检查通过：没有错误，也没有提醒。</b>")
        else:
            parts = []
            if errors:
                parts.append(f"<b style='color:{ERROR_COLOR}'>{errors} 个错误</b>（改正后才能定稿）")
            if warnings:
                parts.append(f"<b style='color:{WARNING_COLOR}'>{warnings} 个提醒</b>")
            self.summary.setText("检查结果：" + "，".join(parts) + "。")
        self._texts, rows = [], []
        for i, check in enumerate(checks):
            error = check.level == ERROR
            head = ("✖ 错误：" if error else "⚠ 提醒：") + check.message
            hint, link = where_to_fix(check)
            self._texts.append(head + (f"\n{hint}" if hint else ""))
            more = f"<br>　<span style='color:#555'>{escape(hint)}</span>" if hint else ""
            if link and (self.editable or not supplement_of(check)):
                more += f"　<a href='check:{i}'>{link}</a>"
            color = ERROR_COLOR if error else WARNING_COLOR
            rows.append(f"<p style='margin:0 0 4px 0'><span style='color:{color}'>{escape(head)}</span>{more}</p>")
        self.browser.setHtml("".join(rows))
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as its checks (none: hidden), so that an all-clear report leaves the room to the preview."""
        self.browser.setVisible(bool(self.checks))
        if not self.checks:
            return
        document = self.browser.document()
        document.setTextWidth(self.browser.viewport().width())
        height = round(document.size().height()) + 2 * self.browser.frameWidth() + 2
        self.browser.setFixedHeight(min(height, MAX_LIST_HEIGHT))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()  # wrapped lines change with the width

    def texts(self) -> list[str]:
        """Each check as shown, in plain text (tests, and copying the list into a message)."""
        return list(self._texts)

    def activate(self, index: int) -> None:
        """What clicking the link of the `index`-th check does."""
        self.check_activated.emit(self.checks[index])

    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("check:"):
            self.activate(int(text.removeprefix("check:")))


__all__ = ["ChecksPanel", "describe_cell", "describe_cells", "where_to_fix", "supplement_of"]
