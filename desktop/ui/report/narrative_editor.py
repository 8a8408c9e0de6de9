"""The report's text, part by part: title and body names with the supplementary figures, preface, each section."""

from __future__ import annotations

import re
from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.report.labels import FORMAT_2021, SECTION_TITLES
from desktop.report.narrative import Narrative, Section, substitute
from desktop.report.templates import SUPPLEMENTARY
from desktop.ui.report.text_edit import ParagraphEdit

BASIC_PART, PREFACE_PART = "基本信息", "前言"
HINT = (
    "每行一段；以“一、”“（一）”“1.”开头的行是小标题。{数字名称}打印时换成台账算出的数字（用“插入数字”放到光标处）；"
    "[[表二]]这样的一行打印整张表。"
)
_WHERE_PREFACE = re.compile(r"^前言第(\d+)段$")
_WHERE_HEADING = re.compile(r"^“(.*)”标题$")
_WHERE_SECTION = re.compile(r"^“(.*)”第(\d+)段$")


def _editable(widget: QWidget) -> bool:
    return isinstance(widget, (QLineEdit, QPlainTextEdit)) and not widget.isReadOnly()


class NarrativeEditor(QWidget):
    """Emits `changed` on every edit; `narrative()` and `supplements()` give what is on screen."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.parts = QListWidget(self)
        self.parts.setMaximumWidth(165)
        self.parts.setMinimumWidth(130)
        # Long section headings wrap instead of hiding behind a horizontal scroll bar.
        self.parts.setWordWrap(True)
        self.parts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.parts.currentRowChanged.connect(self._on_parts_row_changed)
        self.stack = QStackedWidget(self)
        self.hint = QLabel(HINT, self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.stack, 1)
        right.addWidget(self.hint)
        self.setStyleSheet(
            'QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] { background: #f1f1f1; color: #444; }'
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.parts)
        layout.addLayout(right, 1)
        self._build_basic_page()
        self.preface_edit = self._paragraph_edit()
        self.stack.addWidget(self._titled_page(PREFACE_PART, None, self.preface_edit))
        self.heading_edits: list[QLineEdit] = []
        self.section_edits: list[ParagraphEdit] = []
        self.fmt = FORMAT_2021
        self.read_only = False
        self._loading = False
        self._last: QWidget | None = None

    # -- building ------------------------------------------------------------------------------------------

    def _build_basic_page(self) -> None:
        page = QWidget(self.stack)
        form = QFormLayout(page)
        self.title_edit = self._line_edit("报告标题，如 {机关名称}{年度}年政府信息公开工作年度报告")
        self.body_edit = self._line_edit("报告机关的全称，即 {机关名称}")
        self.short_edit = self._line_edit("简称，即 {机关简称}")
        form.addRow("报告标题", self.title_edit)
        self.title_preview = QLabel(page)
        self.title_preview.setStyleSheet("color: #555;")
        self.title_preview.setWordWrap(True)
        form.addRow("", self.title_preview)
        form.addRow("报告机关全称", self.body_edit)
        form.addRow("报告机关简称", self.short_edit)
        box = QGroupBox("补充数字（台账中没有、需要手工填写的数字）", page)
        box_form = QFormLayout(box)
        self.supplement_edits: dict[str, QLineEdit] = {}
        for name, what in SUPPLEMENTARY.items():
            edit = self._line_edit(what)
            edit.setToolTip(f"{what}；正文中用 {{{name}}} 引用，不填时该数字为错误，不能定稿")
            box_form.addRow(name, edit)
            self.supplement_edits[name] = edit
        form.addRow(box)
        self.stack.addWidget(page)

    def _line_edit(self, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(self._on_any_text_changed)
        edit.installEventFilter(self)
        return edit

    def _paragraph_edit(self) -> ParagraphEdit:
        edit = ParagraphEdit(self)
        edit.textChanged.connect(self._on_any_text_changed)
        edit.installEventFilter(self)
        return edit

    def _titled_page(self, title: str, heading: QLineEdit | None, edit: ParagraphEdit) -> QWidget:
        page = QWidget(self.stack)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        if heading is not None:
            row = QHBoxLayout()
            row.addWidget(QLabel("部分标题", page))
            row.addWidget(heading, 1)
            layout.addLayout(row)
        else:
            layout.addWidget(QLabel(f"<b>{title}</b>（打印在标题之后、第一部分之前）", page))
        layout.addWidget(edit, 1)
        return page

    def _rebuild_sections(self, sections: list[Section]) -> None:
        while self.stack.count() > 2:
            page = self.stack.widget(2)
            self.stack.removeWidget(page)
            page.deleteLater()
        self.heading_edits, self.section_edits = [], []
        fixed = self.fmt == FORMAT_2021
        for i, section in enumerate(sections):
            heading = self._line_edit("部分标题")
            heading.setText(section.heading)
            # The 2021 format prints its six headings exactly as the template has them.
            if fixed and i < len(SECTION_TITLES):
                heading.setReadOnly(True)
                heading.setToolTip("2021年版格式的部分标题是规定的，不能修改")
            edit = self._paragraph_edit()
            edit.setPlainText(section.text)
            heading.textChanged.connect(lambda text, row=i + 2: self._on_heading_text_changed(row, text))
            self.heading_edits.append(heading)
            self.section_edits.append(edit)
            self.stack.addWidget(self._titled_page(section.heading, heading, edit))

    # -- content -------------------------------------------------------------------------------------------

    def set_content(self, narrative: Narrative, supplements: Mapping[str, str]) -> None:
        """Show a narrative (and the year's supplementary figures) without emitting `changed`."""
        self._loading = True
        try:
            row = max(self.parts.currentRow(), 0)
            self.fmt = narrative.fmt
            self.title_edit.setText(narrative.title)
            self.body_edit.setText(narrative.body_name)
            self.short_edit.setText(narrative.short_name)
            for name, edit in self.supplement_edits.items():
                edit.setText(supplements.get(name, ""))
            self.preface_edit.setPlainText("\n".join(narrative.preface))
            self._rebuild_sections(narrative.sections)
            self._last = None
            self.set_read_only(self.read_only)
            self.parts.blockSignals(True)
            self.parts.clear()
            self.parts.addItems([BASIC_PART, PREFACE_PART] + [s.heading or "（无标题）" for s in narrative.sections])
            self.parts.blockSignals(False)
            self.show_part(min(row, self.parts.count() - 1))
        finally:
            self._loading = False

    def narrative(self) -> Narrative:
        sections = [
            Section.from_text(h.text().strip(), e.toPlainText())
            for h, e in zip(self.heading_edits, self.section_edits, strict=True)
        ]
        return Narrative(
            fmt=self.fmt,
            title=self.title_edit.text().strip(),
            body_name=self.body_edit.text().strip(),
            short_name=self.short_edit.text().strip(),
            preface=Section.from_text("", self.preface_edit.toPlainText()).blocks,
            sections=sections,
        )

    def supplements(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.supplement_edits.items()}

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        fixed = self.fmt == FORMAT_2021
        for edit in (self.title_edit, self.body_edit, self.short_edit, *self.supplement_edits.values()):
            edit.setReadOnly(read_only)
        for i, edit in enumerate(self.heading_edits):
            edit.setReadOnly(read_only or (fixed and i < len(SECTION_TITLES)))
        for edit in (self.preface_edit, *self.section_edits):
            edit.setReadOnly(read_only)
        self.hint.setVisible(not read_only)
        # Read-only fields look it, so that nobody types into a 定稿 report and wonders why nothing happens.
        for edit in self.findChildren(QLineEdit) + self.findChildren(QPlainTextEdit):
            edit.style().unpolish(edit)
            edit.style().polish(edit)

    def set_values(self, values: Mapping[str, object]) -> None:
        """The valid figure names and values: unknown placeholders turn red as typed, known ones show a tooltip."""
        for edit in (self.preface_edit, *self.section_edits):
            edit.highlighter.set_values(values)
        printed = substitute(self.title_edit.text(), values, strict=False)
        self.title_preview.setText(f"打印为：{printed}" if printed else "")

    # -- navigation and insertion --------------------------------------------------------------------------

    def show_part(self, row: int) -> None:
        self.parts.setCurrentRow(row)
        self.stack.setCurrentIndex(row)

    def _on_parts_row_changed(self, row: int) -> None:
        if row >= 0:
            self.stack.setCurrentIndex(row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            self._last = watched
        return super().eventFilter(watched, event)

    def insertion_target(self) -> QWidget | None:
        """Where `{名称}` goes: the text field last used on the part shown, else the part's main text."""
        page = self.stack.currentWidget()
        placeholder_fields = {self.title_edit, self.preface_edit, *self.heading_edits, *self.section_edits}
        last = self._last
        if last is not None and last in placeholder_fields and page.isAncestorOf(last) and _editable(last):
            return last
        index = self.stack.currentIndex()
        if index == 0:
            return self.title_edit if _editable(self.title_edit) else None
        main = self.preface_edit if index == 1 else self.section_edits[index - 2]
        return main if _editable(main) else None

    def insert_placeholder(self, name: str) -> bool:
        """Type `{name}` at the cursor of the insertion target; False when nothing can take it."""
        target = self.insertion_target()
        if target is None:
            return False
        text = "{" + name + "}"
        if isinstance(target, QLineEdit):
            target.insert(text)
        else:
            target.insertPlainText(text)
        target.setFocus()
        return True

    def show_supplement(self, name: str) -> bool:
        """Open 基本信息 with the cursor in the field of a supplementary figure."""
        edit = self.supplement_edits.get(name)
        if edit is None:
            return False
        self.show_part(0)
        edit.setFocus()
        edit.selectAll()
        return True

    def show_place(self, where: str, name: str = "") -> bool:
        """Go to the place a check names (`前言第1段`, `“一、总体情况”第2段`, a heading) and select `{name}`."""
        m = _WHERE_PREFACE.match(where)
        if m:
            return self._select(1, self.preface_edit, int(m.group(1)), name)
        m = _WHERE_SECTION.match(where)
        if m:
            i = self._section_index(m.group(1))
            return i is not None and self._select(i + 2, self.section_edits[i], int(m.group(2)), name)
        m = _WHERE_HEADING.match(where)
        i = self._section_index(m.group(1) if m else where)
        if i is not None:
            self.show_part(i + 2)
            self.heading_edits[i].setFocus()
            return True
        if where == "标题":
            self.show_part(0)
            self.title_edit.setFocus()
            return True
        return False

    def _section_index(self, heading: str) -> int | None:
        for i, edit in enumerate(self.heading_edits):
            if edit.text().strip() == heading:
                return i
        if heading in SECTION_TITLES and SECTION_TITLES.index(heading) < len(self.heading_edits):
            return SECTION_TITLES.index(heading)
        return None

    def _select(self, part: int, edit: ParagraphEdit, paragraph: int, name: str) -> bool:
        self.show_part(part)
        edit.setFocus()
        if not edit.select_paragraph(paragraph):
            return False
        block = edit.textCursor().block()
        at = block.text().find("{" + name) if name else -1
        if at >= 0:
            end = block.text().find("}", at)
            cursor = edit.textCursor()
            cursor.setPosition(block.position() + at)
            cursor.setPosition(
                block.position() + (end + 1 if end >= 0 else at + 1 + len(name)), QTextCursor.MoveMode.KeepAnchor
            )
            edit.setTextCursor(cursor)
        return True

    def _on_heading_text_changed(self, row: int, text: str) -> None:
        item = self.parts.item(row)
        if item is not None:
            item.setText(text.strip() or "（无标题）")

    def _on_any_text_changed(self) -> None:
        if not self._loading:
            self.changed.emit()
