"""The PDF preview: the report built and rasterised off the GUI thread (pypdfium2), shown as a column of pages."""

from __future__ import annotations

import io
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, Any

import pypdfium2
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from desktop.report import pdf
from desktop.report.narrative import Narrative
from desktop.ui.background import run_in_background

# PDFium may not be entered from two threads at once, and reportlab keeps module state while it builds:
# every build and rasterisation in the app goes through this lock.
PDF_LOCK = threading.Lock()
# Pages are rendered at this many pixels per PDF point and scaled down to the panel; 1.5 stays sharp when the
# panel is widened or the screen is high-DPI, at ~4.5 MB a page.
RENDER_SCALE = 1.5
PAGE_GAP = 12


@dataclass(frozen=True)
class PageImage:
    """One rendered page as plain bytes (BGRx rows), so that no Qt object crosses threads."""

    data: bytes
    width: int
    height: int
    stride: int

    def to_image(self) -> QImage:
        # QImage does not own `data`; copy() detaches it before the bytes can go away.
        return QImage(self.data, self.width, self.height, self.stride, QImage.Format.Format_RGB32).copy()


@dataclass(frozen=True)
class Preview:
    pages: list[PageImage]
    page_count: int
    pdf_bytes: bytes


def build_pdf_bytes(figures: Mapping[str, Any], narrative: Narrative, fmt: str) -> bytes:
    buffer = io.BytesIO()
    with PDF_LOCK:
        pdf.build(figures, narrative, buffer, fmt=fmt)
    return buffer.getvalue()


def write_pdf(figures: Mapping[str, Any], narrative: Narrative, fmt: str, target: str | Path | IO[bytes]) -> int:
    """The export: the same pure build as the preview, under the same lock; returns the page count."""
    with PDF_LOCK:
        return pdf.build(figures, narrative, target, fmt=fmt)


def render_preview(figures: Mapping[str, Any], narrative: Narrative, fmt: str, scale: float = RENDER_SCALE) -> Preview:
    """Build the report and rasterise every page (runs on a worker thread: plain data in, plain data out)."""
    data = build_pdf_bytes(figures, narrative, fmt)
    pages = []
    with PDF_LOCK:
        document = pypdfium2.PdfDocument(data)
        try:
            for page in document:
                bitmap = page.render(scale=scale, may_draw_forms=False, prefer_bgrx=True)
                pages.append(PageImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride))
                bitmap.close()
                page.close()
        finally:
            document.close()
    return Preview(pages, len(pages), data)


class PreviewPane(QWidget):
    """A status line over a scrollable column of page images, each as wide as the panel."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.status = QLabel("预览尚未生成。", self)
        self.status.setWordWrap(True)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.column = QWidget()
        self.column.setStyleSheet("background: #6b6b6b;")
        self.column_layout = QVBoxLayout(self.column)
        self.column_layout.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self.column_layout.setSpacing(PAGE_GAP)
        self.column_layout.addStretch(1)
        self.scroll.setWidget(self.column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.scroll, 1)
        self.labels: list[QLabel] = []
        self._images: list[QImage] = []
        self.running = False
        self._pending: tuple[Mapping[str, Any], Narrative, str, str] | None = None

    def request(self, figures: Mapping[str, Any], narrative: Narrative, fmt: str, caption: str) -> None:
        """Rebuild in the background from this data (not shared with the caller); one build at a time, and
        requests made meanwhile collapse into the latest."""
        if self.running:
            self._pending = (figures, narrative, fmt, caption)
            return
        self.running = True
        self.set_status("正在生成预览…")
        run_in_background(
            partial(render_preview, figures, narrative, fmt),
            partial(self._on_render_done, caption),
            self._on_render_failed,
            self,
            label=None,
        )

    def _on_render_done(self, caption: str, preview: Preview) -> None:
        if not shiboken6.isValid(self):
            return  # the page was closed while the worker ran
        self.running = False
        self.set_preview(preview)
        self.set_status(f"{caption}：共 {preview.page_count} 页")
        self._next()

    def _on_render_failed(self, exc: BaseException, details: str) -> None:
        if not shiboken6.isValid(self):
            return
        self.running = False
        self.set_status(f"<span style='color:#c62828'>预览生成失败：{exc}</span>")
        self.status.setToolTip(details)
        self._next()

    def _next(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.request(*pending)

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def set_preview(self, preview: Preview) -> None:
        """Show new pages, keeping the scroll position so an edit does not jump the reader back to page 1."""
        position = self.scroll.verticalScrollBar().value()
        self._images = [p.to_image() for p in preview.pages]
        while len(self.labels) > len(self._images):
            self.labels.pop().deleteLater()
        while len(self.labels) < len(self._images):
            label = QLabel(self.column)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            label.setStyleSheet("background: white; border: 1px solid #3a3a3a;")
            self.column_layout.insertWidget(len(self.labels), label)
            self.labels.append(label)
        for i, label in enumerate(self.labels):
            label.setToolTip(f"第 {i + 1} 页，共 {len(self.labels)} 页")
        self._fit()
        self.scroll.verticalScrollBar().setValue(position)

    def page_count(self) -> int:
        return len(self.labels)

    def _fit(self) -> None:
        width = max(self.scroll.viewport().width() - 2 * PAGE_GAP, 120)
        ratio = self.devicePixelRatioF()
        for label, image in zip(self.labels, self._images, strict=True):
            pixmap = QPixmap.fromImage(
                image.scaledToWidth(round(width * ratio), Qt.TransformationMode.SmoothTransformation)
            )
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setFixedHeight(round(pixmap.height() / ratio))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()


__all__ = ["PDF_LOCK", "PageImage", "Preview", "PreviewPane", "render_preview", "write_pdf", "build_pdf_bytes"]
