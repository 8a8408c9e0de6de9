"""The 年度报告 page's top row: year and format selectors and the action buttons, shown as the session allows."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from desktop.report.labels import FORMAT_2021, FORMATS
from desktop.report.session import ReportSession

FIRST_YEAR = 2008  # the first year of the 2007 条例


class ReportToolbar(QHBoxLayout):
    """The row's widgets belong to the page (`owner`); the page connects their signals to its slots."""

    def __init__(self, owner: QWidget, session: ReportSession):
        super().__init__()
        self.year_spin = QSpinBox(owner)
        self.year_spin.setRange(FIRST_YEAR, date.today().year + 1)
        self.year_spin.setSuffix(" 年")
        self.year_spin.setValue(session.year)
        self.year_spin.setKeyboardTracking(False)  # typing 2015 must not load 2, 20 and 201 on the way
        self.format_combo = QComboBox(owner)
        self.format_combo.addItems(list(FORMATS))
        self.format_combo.setCurrentText(FORMAT_2021)
        self.save_button = QPushButton("保存 (Ctrl+S)", owner)
        self.pdf_button = QPushButton("导出PDF…", owner)
        self.excel_button = QPushButton("导出表格到Excel…", owner)
        self.freeze_button = QPushButton("定稿…", owner)
        self.reopen_button = QPushButton("重新打开…", owner)
        self.records_button = QPushButton("表格对应记录…", owner)
        self.records_button.setToolTip("表二、表三、表四的每个数字：双击在登记页面列出它统计的记录")
        self.freeze_button.setToolTip("检查无错误后定稿：报告的全部数字固定下来，以后修改台账不再影响本报告")
        self.save_button.setVisible(session.can_edit)
        self.freeze_button.setVisible(session.can_edit)
        self.reopen_button.setVisible(session.can_reopen)
        self.addWidget(QLabel("年度", owner))
        self.addWidget(self.year_spin)
        self.addSpacing(8)
        self.addWidget(QLabel("格式", owner))
        self.addWidget(self.format_combo)
        self.addStretch(1)
        for button in (
            self.save_button,
            self.pdf_button,
            self.excel_button,
            self.records_button,
            self.freeze_button,
            self.reopen_button,
        ):
            self.addWidget(button)

    def show_selection(self, year: int, fmt: str) -> None:
        """Put the selectors back (a switch the user cancelled) without emitting their change signals."""
        for widget in (self.year_spin, self.format_combo):
            widget.blockSignals(True)
        self.year_spin.setValue(year)
        self.format_combo.setCurrentText(fmt)
        for widget in (self.year_spin, self.format_combo):
            widget.blockSignals(False)

    def update_state(self, session: ReportSession) -> None:
        editable = session.editable
        self.save_button.setEnabled(editable and session.is_dirty())
        self.freeze_button.setEnabled(editable)
        self.reopen_button.setEnabled(session.final)


__all__ = ["FIRST_YEAR", "ReportToolbar"]
