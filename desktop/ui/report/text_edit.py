"""A paragraph editor for report text: one paragraph a line, numbered in a gutter, with placeholders coloured."""

from __future__ import annotations

import re
from collections.abc import Mapping

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from desktop.report.narrative import HEADING1, HEADING2, HEADING3, TABLE, classify, format_figure

# The same pattern as desktop.report.narrative: `{{`/`}}` are literal braces, `{名称}` a figure.
_PLACEHOLDER_RE = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")
KNOWN, UNKNOWN = QColor("#1565c0"), QColor("#c62828")
GUTTER_TEXT = QColor("#8a8a8a")


class PlaceholderHighlighter(QSyntaxHighlighter):
    """Known `{名称}` in blue, unknown ones red and underlined, heading lines bold, table markers grey."""

    def __init__(self, document: QTextDocument):
        super().__init__(document)
        self.values: dict[str, str] = {}

    @property
    def names(self) -> set[str]:
        return set(self.values)

    def set_values(self, values: Mapping[str, object]) -> None:
        """The valid names with their values as printed (the values feed the tooltips)."""
        old = set(self.values)
        self.values = {name: format_figure(value) for name, value in values.items()}
        if set(self.values) != old:
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if not text.strip():
            return
        kind = classify(text).kind
        if kind == TABLE:
            grey = QTextCharFormat()
            grey.setForeground(QColor("#6d4c41"))
            grey.setBackground(QColor("#efebe9"))
            self.setFormat(0, len(text), grey)
            return
        if kind in (HEADING1, HEADING2, HEADING3):
            head = text.strip()
            cut = head.find("。")
            end = len(text) - len(text.lstrip()) + (cut + 1 if 0 <= cut < len(head) - 1 else len(head))
            bold = QTextCharFormat()
            bold.setFontWeight(QFont.Weight.Bold)
            self.setFormat(0, end, bold)
        for m in _PLACEHOLDER_RE.finditer(text):
            if m.group(1) is None:
                continue
            # `{名称|约千}` names the figure before the bar; the checks judge the rounding word.
            known = m.group(1).partition("|")[0].strip() in self.values
            fmt = self.format(m.start())
            fmt.setForeground(KNOWN if known else UNKNOWN)
            if not known:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(UNKNOWN)
            self.setFormat(m.start(), m.end() - m.start(), fmt)


class _Gutter(QWidget):
    def __init__(self, editor: ParagraphEdit):
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.editor.paint_gutter(event)


class ParagraphEdit(QPlainTextEdit):
    """Numbers each non-empty line as the checks count paragraphs (`第3段`), on the first line of its wrap."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.highlighter = PlaceholderHighlighter(self.document())
        self.gutter = _Gutter(self)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.blockCountChanged.connect(self._on_document_block_count_changed)
        self.updateRequest.connect(self._on_viewport_update_request)
        self.textChanged.connect(self.gutter.update)
        self._on_document_block_count_changed()

    def gutter_width(self) -> int:
        return self.fontMetrics().horizontalAdvance("第99段") + 10

    def _on_document_block_count_changed(self, *_: object) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _on_viewport_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        cr = self.contentsRect()
        self.gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))

    def paint_gutter(self, event: QPaintEvent) -> None:
        painter = QPainter(self.gutter)
        painter.fillRect(event.rect(), QColor("#f3f3f3"))
        painter.setPen(GUTTER_TEXT)
        number = 0
        block = self.document().firstBlock()
        first = self.firstVisibleBlock().blockNumber()
        height = self.fontMetrics().height()
        while block.isValid():
            # Empty lines are dropped when the text is stored, so they take no number.
            if block.text().strip():
                number += 1
            if block.blockNumber() >= first:
                top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
                if top > event.rect().bottom():
                    break
                if block.isVisible() and block.text().strip():
                    painter.drawText(
                        0, top, self.gutter.width() - 5, height, Qt.AlignmentFlag.AlignRight, f"第{number}段"
                    )
            block = block.next()
        painter.end()

    def placeholder_at(self, block_text: str, column: int) -> str | None:
        """The `{名称}` token (without braces) that covers `column` of a line, if any."""
        for m in _PLACEHOLDER_RE.finditer(block_text):
            if m.group(1) is not None and m.start() <= column < m.end():
                return m.group(1)
        return None

    def viewportEvent(self, event: QEvent) -> bool:
        # Hovering a placeholder shows the figure it prints, so the clerk need not open the preview to check it.
        if event.type() == QEvent.Type.ToolTip:
            cursor = self.cursorForPosition(event.pos())
            token = self.placeholder_at(cursor.block().text(), cursor.positionInBlock())
            if token is None:
                QToolTip.hideText()
            else:
                name = token.partition("|")[0].strip()
                value = self.highlighter.values.get(name)
                tip = f"{{{token}}} ＝ {value}" if value is not None else f"{{{token}}}：没有这个数字名称"
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            return True
        return super().viewportEvent(event)

    def select_text(self, text: str) -> bool:
        """Select the first occurrence of `text` and scroll to it; False when it is not there."""
        found = self.document().find(text)
        if found.isNull():
            return False
        self.setTextCursor(found)
        self.ensureCursorVisible()
        return True

    def select_paragraph(self, number: int) -> bool:
        """Put the cursor at the start of the `number`-th non-empty line (1-based)."""
        seen = 0
        block = self.document().firstBlock()
        while block.isValid():
            if block.text().strip():
                seen += 1
                if seen == number:
                    cursor = QTextCursor(block)
                    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
                    self.setTextCursor(cursor)
                    self.ensureCursorVisible()
                    return True
            block = block.next()
        return False
