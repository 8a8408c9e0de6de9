"""年度报告: the annual report page — year and format, the narrative, live checks, the PDF preview, 定稿. The page is
a view of a `report.session.ReportSession`, which holds the report, what is typed, the figures and the actions."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import DomainError
from desktop.registers import Actor
from desktop.report import store
from desktop.report.checks import ERROR, Check
from desktop.report.labels import FORMAT_2021
from desktop.report.session import FreezeRefused, ReportSession
from desktop.ui.errors import error_dialog
from desktop.ui.report.checks_panel import ChecksPanel, supplement_of
from desktop.ui.report.exports import ExportActions
from desktop.ui.report.figures_menu import FiguresMenu
from desktop.ui.report.narrative_editor import NarrativeEditor
from desktop.ui.report.preview import PreviewPane
from desktop.ui.report.status import GREEN, RED, status_html
from desktop.ui.report.toolbar import ReportToolbar
from desktop.ui.signals import signals

CHECK_DELAY_MS = 400
PREVIEW_DELAY_MS = 1200


class ReportPage(ExportActions, QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None, year: int | None = None):
        super().__init__(parent)
        self.actor = actor
        self.session = ReportSession(actor, year or date.today().year - 1, FORMAT_2021)
        self.can_edit = self.session.can_edit
        self._menu_values: dict[str, object] | None = None
        self._figures_stale = False
        self._build()
        signals.records_changed.connect(self._on_records_changed)
        self.load()

    # -- building ------------------------------------------------------------------------------------------

    def _build(self) -> None:
        top = ReportToolbar(self, self.session)
        self.toolbar = top
        self.year_spin, self.format_combo = top.year_spin, top.format_combo
        self.save_button, self.pdf_button, self.excel_button = top.save_button, top.pdf_button, top.excel_button
        self.freeze_button, self.reopen_button = top.freeze_button, top.reopen_button
        self.year_spin.valueChanged.connect(self._on_selector_changed)
        self.format_combo.currentIndexChanged.connect(self._on_selector_changed)
        self.save_button.clicked.connect(self.save)
        self.pdf_button.clicked.connect(self._on_pdf_clicked)
        self.excel_button.clicked.connect(self._on_excel_clicked)
        self.freeze_button.clicked.connect(self.freeze)
        self.reopen_button.clicked.connect(self.reopen)
        self.records_button = top.records_button
        self.records_button.clicked.connect(self._on_records_clicked)

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

    # -- the session's state, as the page's tests and mixins read it -----------------------------------------

    @property
    def year(self) -> int:
        return self.session.year

    @property
    def fmt(self) -> str:
        return self.session.fmt

    @property
    def report(self) -> store.YearReport:
        return self.session.report

    @property
    def figures(self) -> dict[str, Any]:
        return self.session.figures

    @property
    def checks(self) -> list[Check]:
        return self.session.checks

    def is_dirty(self) -> bool:
        return self.session.is_dirty()

    def current_figures(self) -> dict[str, Any]:
        return self.session.current_figures()

    def text_values(self) -> dict[str, object]:
        return self.session.text_values()

    # -- loading -------------------------------------------------------------------------------------------

    def load(self) -> None:
        """Show the stored report of the session's year and format (or the default text of a new one)."""
        self._figures_stale = False
        self.editor.read_only = not self.session.editable
        self.editor.set_content(self.session.narrative, self.session.supplements)
        # The session compares the text as the editor reads it back with the stored one, as typed text will be.
        self.session.edit(self.editor.narrative(), self.editor.supplements())
        self.checks_panel.editable = self.session.editable
        self._menu_values = None
        self.show_message("")
        self._update_state()
        self.refresh_checks()
        self.start_preview()

    def _on_selector_changed(self, *_: object) -> None:
        year, fmt = self.year_spin.value(), self.format_combo.currentText()
        if (year, fmt) == (self.year, self.fmt):
            return
        if not self.confirm_leave():
            self.toolbar.show_selection(self.year, self.fmt)
            return
        self.session.load(year, fmt)
        self.load()

    def confirm_leave(self) -> bool:
        """Unsaved edits are saved, discarded or kept (the switch is cancelled) as the user says."""
        if not self.is_dirty():
            return True
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            "未保存的修改",
            f"{self.year}年度报告（{self.fmt}）有未保存的修改，是否保存？",
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )
        if answer == buttons.Save:
            return self.save()
        return answer == buttons.Discard

    # -- state ---------------------------------------------------------------------------------------------

    def _update_state(self) -> None:
        self.status_label.setText(status_html(self.session))
        self.toolbar.update_state(self.session)
        self.insert_button.setEnabled(self.session.editable)

    def show_message(self, text: str, error: bool = False) -> None:
        """A line under the status: what just happened, or why it did not."""
        self.message_label.setVisible(bool(text))
        self.message_label.setText(text)
        self.message_label.setStyleSheet(f"color: {RED if error else GREEN};")

    # -- checks --------------------------------------------------------------------------------------------

    def refresh_checks(self) -> None:
        self.checks_panel.set_checks(self.session.run_checks())
        values = self.text_values()
        self.editor.set_values(values)
        if values != self._menu_values:  # rebuilt only when a value changed, not on every keystroke
            self._menu_values = values
            self.figures_menu.set_values(values)

    def _on_editor_changed(self) -> None:
        self.session.edit(self.editor.narrative(), self.editor.supplements())
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
        if key == "report" or not self.session.follows_registers:
            return  # a 定稿 report keeps its snapshot whatever the registers say
        if self.isVisible():
            self.refresh_figures()
        else:
            self._figures_stale = True

    def refresh_figures(self) -> None:
        """Recompute a draft's figures from the registers (after a register was edited)."""
        self.session.refresh_figures()
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
        state = "定稿" if self.session.final else "草稿"
        errors = sum(1 for c in self.checks if c.level == ERROR)
        caption = f"打印预览（{state}" + (f"，有 {errors} 个错误，见检查结果）" if errors else "）")
        figures, narrative, fmt = self.session.preview_input()
        self.preview.request(figures, narrative, fmt, caption)

    # -- actions -------------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Store the narrative and the supplementary figures; True when everything on screen is stored."""
        if not self.session.editable:
            return False
        if not self.is_dirty():
            return True
        try:
            self.session.save()
        except DomainError as exc:  # NotAllowed included
            self.show_message(f"没有保存：{exc.message}", error=True)
            error_dialog(self, exc.message, title="没有保存")
            return False
        self.show_message("已保存。")
        self._update_state()
        self.refresh_checks()
        signals.records_changed.emit("report")
        return True

    def freeze(self) -> bool:
        """定稿: saves first; refused, with the errors listed, while any check is an error."""
        if self.session.final or not self.can_edit:
            return False
        if not self.save():
            return False
        self.refresh_checks()
        errors = self.session.errors()
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
            self.session.freeze()
        except FreezeRefused as exc:
            self._refuse_freeze(exc.errors)
            return False
        except DomainError as exc:  # NotAllowed included
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
        if not self.session.final:
            return False
        reason, ok = QInputDialog.getText(
            self, "重新打开已定稿的报告", "重新打开后报告回到草稿，数字重新按台账计算。\n请填写原因（记入审计日志）："
        )
        if not ok:
            return False
        try:
            self.session.reopen(reason)
        except DomainError as exc:  # NotAllowed included
            self.show_message(f"没有重新打开：{exc.message}", error=True)
            error_dialog(self, exc.message, title="不能重新打开")
            return False
        self.load()
        self.show_message(f"{self.year}年度报告已重新打开，现为草稿。")
        signals.records_changed.emit("report")
        return True
