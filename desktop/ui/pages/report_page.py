"""年度报告: the annual report page — year and format, the narrative, live checks, the PDF preview, 定稿."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import vocab
from desktop.domain.errors import DomainError
from desktop.registers import Actor, NotAllowed
from desktop.report import store
from desktop.report.checks import ERROR, Check
from desktop.report.labels import FORMAT_2021, FORMATS
from desktop.report.templates import text_values
from desktop.ui.errors import error_dialog
from desktop.ui.report.checks_panel import ChecksPanel, supplement_of
from desktop.ui.report.exports import ExportActions
from desktop.ui.report.figures_menu import FiguresMenu
from desktop.ui.report.narrative_editor import NarrativeEditor
from desktop.ui.report.preview import PreviewPane
from desktop.ui.signals import signals

CHECK_DELAY_MS = 400
PREVIEW_DELAY_MS = 1200
FIRST_YEAR = 2008  # the first year of the 2007 条例
GREEN, AMBER, RED = "#2e7d32", "#a15c00", "#c62828"


def may_edit(actor: Actor) -> bool:
    return actor.is_admin or actor.role == vocab.ROLE_OFFICE


class ReportPage(ExportActions, QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None, year: int | None = None):
        super().__init__(parent)
        self.actor = actor
        self.can_edit = may_edit(actor)
        self.report: store.YearReport | None = None
        self.figures: dict[str, Any] = {}
        self.checks: list[Check] = []
        self._saved: tuple[str, dict[str, str]] = ("", {})
        self._menu_values: dict[str, object] | None = None
        self._figures_stale = False
        self._build(year or date.today().year - 1)
        signals.records_changed.connect(self._on_records_changed)
        self.load()

    # -- building ------------------------------------------------------------------------------------------

    def _build(self, year: int) -> None:
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(FIRST_YEAR, date.today().year + 1)
        self.year_spin.setSuffix(" 年")
        self.year_spin.setValue(year)
        self.year_spin.setKeyboardTracking(False)  # typing 2015 must not load 2, 20 and 201 on the way
        self.format_combo = QComboBox(self)
        self.format_combo.addItems(list(FORMATS))
        self.format_combo.setCurrentText(FORMAT_2021)
        self._year, self._fmt = year, FORMAT_2021
        self.year_spin.valueChanged.connect(self._on_selector_changed)
        self.format_combo.currentIndexChanged.connect(self._on_selector_changed)
        self.save_button = QPushButton("保存 (Ctrl+S)", self)
        self.pdf_button = QPushButton("导出PDF…", self)
        self.excel_button = QPushButton("导出表格到Excel…", self)
        self.freeze_button = QPushButton("定稿…", self)
        self.reopen_button = QPushButton("重新打开…", self)
        self.records_button = QPushButton("表格对应记录…", self)
        self.records_button.setToolTip("表二、表三、表四的每个数字：双击在登记页面列出它统计的记录")
        self.records_button.clicked.connect(self._on_records_clicked)
        self.save_button.clicked.connect(self.save)
        self.pdf_button.clicked.connect(self._on_pdf_clicked)
        self.excel_button.clicked.connect(self._on_excel_clicked)
        self.freeze_button.clicked.connect(self.freeze)
        self.reopen_button.clicked.connect(self.reopen)
        self.freeze_button.setToolTip("检查无错误后定稿：报告的全部数字固定下来，以后修改台账不再影响本报告")
        self.save_button.setVisible(self.can_edit)
        self.freeze_button.setVisible(self.can_edit)
        self.reopen_button.setVisible(self.actor.is_admin)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度", self))
        top.addWidget(self.year_spin)
        top.addSpacing(8)
        top.addWidget(QLabel("格式", self))
        top.addWidget(self.format_combo)
        top.addStretch(1)
        for button in (
            self.save_button,
            self.pdf_button,
            self.excel_button,
            self.records_button,
            self.freeze_button,
            self.reopen_button,
        ):
            top.addWidget(button)
        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        self.editor = NarrativeEditor(self)
        self.editor.changed.connect(self._on_editor_changed)
        self.figures_menu = FiguresMenu(self)
        self.figures_menu.picked.connect(self._on_figures_menu_picked)
        self.insert_button = QToolButton(self)
        self.insert_button.setText("插入数字")
        self.insert_button.setToolTip("在光标处插入 {数字名称}；打印时换成台账算出的数字")
        self.insert_button.setMenu(self.figures_menu)
        self.insert_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.insert_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the cursor in the text
        self.insert_button.setVisible(self.can_edit)
        editor_bar = QHBoxLayout()
        editor_bar.addWidget(QLabel("<b>报告正文</b>", self))
        editor_bar.addStretch(1)
        editor_bar.addWidget(self.insert_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(editor_bar)
        left_layout.addWidget(self.editor, 1)

        self.checks_panel = ChecksPanel(self)
        self.checks_panel.check_activated.connect(self._on_checks_panel_activated)
        self.preview = PreviewPane(self)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.checks_panel)
        right_layout.addWidget(self.preview, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([640, 560])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_label)
        layout.addWidget(self.message_label)
        layout.addWidget(splitter, 1)

        self._checks_timer = self._timer(CHECK_DELAY_MS, self.refresh_checks)
        self._preview_timer = self._timer(PREVIEW_DELAY_MS, self.start_preview)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)

    def _timer(self, ms: int, slot: Any) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    def _on_records_clicked(self) -> None:
        from desktop.ui.pages.annual_tables import show_annual_tables

        self._records_dialog = show_annual_tables(self, self.year)

    # -- loading -------------------------------------------------------------------------------------------

    @property
    def year(self) -> int:
        return self._year

    @property
    def fmt(self) -> str:
        return self._fmt

    def load(self) -> None:
        """Read the stored report of the selected year and format (or the default text of a new one)."""
        self.report = store.load(self.year, self.fmt)
        self.figures = store.figures_for(self.report)
        self._figures_stale = False
        self.editor.read_only = self.report.final or not self.can_edit
        self.editor.set_content(self.report.narrative, self.report.supplements)
        self.checks_panel.editable = not self.editor.read_only
        self._saved = (self.report.narrative.to_json(), self.editor.supplements())
        self._menu_values = None
        self.show_message("")
        self._update_state()
        self.refresh_checks()
        self.start_preview()

    def _on_selector_changed(self, *_: object) -> None:
        year, fmt = self.year_spin.value(), self.format_combo.currentText()
        if (year, fmt) == (self._year, self._fmt):
            return
        if not self.confirm_leave():
            self.year_spin.blockSignals(True)
            self.format_combo.blockSignals(True)
            self.year_spin.setValue(self._year)
            self.format_combo.setCurrentText(self._fmt)
            self.year_spin.blockSignals(False)
            self.format_combo.blockSignals(False)
            return
        self._year, self._fmt = year, fmt
        self.load()

    def confirm_leave(self) -> bool:
        """Unsaved edits are saved, discarded or kept (the switch is cancelled) as the user says."""
        if not self.is_dirty():
            return True
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            "未保存的修改",
            f"{self._year}年度报告（{self._fmt}）有未保存的修改，是否保存？",
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )
        if answer == buttons.Save:
            return self.save()
        return answer == buttons.Discard

    # -- state ---------------------------------------------------------------------------------------------

    def is_dirty(self) -> bool:
        if self.report is None or self.editor.read_only:
            return False
        return (self.editor.narrative().to_json(), self.editor.supplements()) != self._saved

    def _update_state(self) -> None:
        report = self.report
        assert report is not None
        if report.final:
            when = f"{report.frozen_at:%Y-%m-%d %H:%M}" if report.frozen_at else ""
            text = (
                f"<b style='color:{GREEN}'>定稿</b>　由 {report.frozen_by} 于 {when} 定稿；"
                "报告使用定稿时固定的数字，修改台账不会改变它。"
            )
            if self.actor.is_admin:
                text += "如需修改，请“重新打开…”。"
        else:
            # Not the version number: the first save stores version 2 (the row is created at 1), which reads oddly.
            saved = "已保存" if report.version else "尚未保存（默认文本）"
            text = f"<b style='color:{AMBER}'>草稿</b>　{saved}；数字随台账实时计算。"
            if not self.can_edit:
                text += "（只读）"
        dirty = self.is_dirty()
        if dirty:
            text += f"　<b style='color:{RED}'>● 有未保存的修改</b>"
        self.status_label.setText(text)
        editable = self.can_edit and not report.final
        self.save_button.setEnabled(editable and dirty)
        self.freeze_button.setEnabled(editable)
        self.reopen_button.setEnabled(report.final)
        self.insert_button.setEnabled(editable)

    def show_message(self, text: str, error: bool = False) -> None:
        """A line under the status: what just happened, or why it did not."""
        self.message_label.setVisible(bool(text))
        self.message_label.setText(text)
        self.message_label.setStyleSheet(f"color: {RED if error else GREEN};")

    def current_figures(self) -> dict[str, Any]:
        """The figures with the supplementary values as typed (a draft's checks see them before saving)."""
        figures = dict(self.figures)
        if self.report is not None and not self.report.final:
            for name, text in self.editor.supplements().items():
                figures.pop(name, None)
                if text:
                    try:
                        figures[name] = int(text) if text.isdigit() else Decimal(text)
                    except InvalidOperation:
                        pass  # not a number: left out, so the checks report the figure as missing
        return figures

    def text_values(self) -> dict[str, object]:
        narrative = self.editor.narrative()
        return text_values(self.current_figures(), narrative.body_name, narrative.short_name)

    # -- checks --------------------------------------------------------------------------------------------

    def refresh_checks(self) -> None:
        if self.report is None:
            return
        report = copy.copy(self.report)
        report.narrative = self.editor.narrative()
        self.checks = store.run_checks(report, self.current_figures())
        self.checks_panel.set_checks(self.checks)
        values = self.text_values()
        self.editor.set_values(values)
        if values != self._menu_values:  # rebuilt only when a value changed, not on every keystroke
            self._menu_values = values
            self.figures_menu.set_values(values)

    def _on_editor_changed(self) -> None:
        self._update_state()
        self._checks_timer.start()
        self._preview_timer.start()

    def _on_checks_panel_activated(self, check: Check) -> None:
        supplement = supplement_of(check)
        if supplement and self.editor.show_supplement(supplement):
            return
        for cell in check.cells:
            if cell and cell[0] == "text" and len(cell) > 1:
                self.editor.show_place(str(cell[1]), str(cell[2]) if len(cell) > 2 else "")
                return

    def _on_figures_menu_picked(self, name: str) -> None:
        if not self.editor.insert_placeholder(name):
            self.show_message("请先点击要插入数字的正文位置。", error=True)

    def _on_records_changed(self, key: str) -> None:
        if key == "report" or self.report is None or self.report.final:
            return  # a 定稿 report keeps its snapshot whatever the registers say
        if self.isVisible():
            self.refresh_figures()
        else:
            self._figures_stale = True

    def refresh_figures(self) -> None:
        """Recompute a draft's figures from the registers (after a register was edited)."""
        assert self.report is not None
        self.figures = store.figures_for(self.report)
        self._figures_stale = False
        self.refresh_checks()
        self._preview_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._figures_stale:
            self.refresh_figures()

    # -- preview -------------------------------------------------------------------------------------------

    def start_preview(self) -> None:
        """Rebuild the preview from what is on screen (unsaved edits included)."""
        self._preview_timer.stop()
        state = "定稿" if self.report is not None and self.report.final else "草稿"
        errors = sum(1 for c in self.checks if c.level == ERROR)
        caption = f"打印预览（{state}" + (f"，有 {errors} 个错误，见检查结果）" if errors else "）")
        self.preview.request(copy.deepcopy(self.current_figures()), self.editor.narrative(), self.fmt, caption)

    # -- actions -------------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Store the narrative and the supplementary figures; True when everything on screen is stored."""
        if self.report is None or self.editor.read_only:
            return False
        if not self.is_dirty():
            return True
        narrative, supplements = self.editor.narrative(), self.editor.supplements()
        try:
            for name, value in supplements.items():
                if value != self._saved[1].get(name, ""):
                    store.set_supplement(self.year, name, value or None, self.actor)
            version = store.save_draft(self.year, self.fmt, narrative, self.actor, self.report.version)
        except (NotAllowed, DomainError) as exc:
            self.show_message(f"没有保存：{exc.message}", error=True)
            error_dialog(self, exc.message, title="没有保存")
            return False
        self.report.version, self.report.narrative = version, narrative
        self.report.supplements = dict(supplements)
        self._saved = (narrative.to_json(), supplements)
        self.figures = store.figures_for(self.report)
        self.show_message("已保存。")
        self._update_state()
        self.refresh_checks()
        signals.records_changed.emit("report")
        return True

    def freeze(self) -> bool:
        """定稿: saves first; refused, with the errors listed, while any check is an error."""
        if self.report is None or self.report.final or not self.can_edit:
            return False
        if not self.save():
            return False
        self.refresh_checks()
        errors = [c.message for c in self.checks if c.level == ERROR]
        if errors:
            self._refuse_freeze(errors)
            return False
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            "定稿",
            f"定稿后，{self.year}年度报告（{self.fmt}）的全部数字将固定下来，正文不能再修改，"
            "以后修改台账也不会改变它。重新打开需要管理员。\n\n确定定稿吗？",
            buttons.Yes | buttons.No,
            buttons.No,
        )
        if answer != buttons.Yes:
            return False
        try:
            store.freeze(self.year, self.fmt, self.actor)
        except (NotAllowed, DomainError) as exc:
            self._refuse_freeze([exc.message])
            return False
        self.load()
        self.show_message(f"{self.year}年度报告已定稿。")
        signals.records_changed.emit("report")
        return True

    def _refuse_freeze(self, errors: list[str]) -> None:
        self.refresh_checks()
        self.show_message(f"不能定稿：有 {len(errors)} 个错误，改正后再定稿（见检查结果）。", error=True)
        error_dialog(
            self,
            f"报告有 {len(errors)} 个错误，不能定稿。请先改正检查结果中红色的错误。",
            "\n".join(errors),
            title="不能定稿",
        )

    def reopen(self) -> bool:
        """Back to 草稿 with a reason: administrators only, and audited."""
        if self.report is None or not self.report.final:
            return False
        reason, ok = QInputDialog.getText(
            self, "重新打开已定稿的报告", "重新打开后报告回到草稿，数字重新按台账计算。\n请填写原因（记入审计日志）："
        )
        if not ok:
            return False
        try:
            store.reopen(self.year, self.fmt, self.actor, reason)
        except (NotAllowed, DomainError) as exc:
            self.show_message(f"没有重新打开：{exc.message}", error=True)
            error_dialog(self, exc.message, title="不能重新打开")
            return False
        self.load()
        self.show_message(f"{self.year}年度报告已重新打开，现为草稿。")
        signals.records_changed.emit("report")
        return True
