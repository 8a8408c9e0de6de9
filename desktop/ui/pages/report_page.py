"""年度报告: the annual report page (year, format, narrative, checks, preview, PDF)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.registers import Actor


class ReportPage(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        label = QLabel("<h3>年度报告</h3><p>年度报告的编辑、检查和导出功能正在建设中；"
                       "目前可用命令行 <code>zwgk figures --year 2015</code> 查看全部统计数字和三张法定表格。</p>", self)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addStretch(1)
