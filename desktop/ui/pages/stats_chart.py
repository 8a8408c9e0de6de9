"""A `report.charts.Chart` drawn with QPainter: bars per category, a trend line, or a pie with its legend —
the same definition the PDF (reportlab) and Excel (openpyxl) draw, without QtCharts (not in PySide6-Essentials)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.report.charts import BAR, LINE, PALETTE, PIE, Chart


class ChartView(QWidget):
    def __init__(self, chart: Chart | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart = chart
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_chart(self, chart: Chart | None) -> None:
        self.chart = chart
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 240)

    def paintEvent(self, event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        chart = self.chart
        if chart is None or not chart.categories:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "本期无数据")
            return
        title = QRectF(0, 4, self.width(), 20)
        font = p.font()
        font.setBold(True)
        p.setFont(font)
        p.drawText(title, Qt.AlignmentFlag.AlignCenter, chart.title)
        font.setBold(False)
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        p.setFont(font)
        area = QRectF(44, 44, self.width() - 60, self.height() - 44 - 44)
        if chart.kind == PIE:
            self._pie(p, chart)
        else:
            self._axes(p, chart, area)
        self._legend(p, chart)

    def _legend(self, p: QPainter, chart: Chart) -> None:
        if chart.kind == PIE:
            return
        x = self.width() - 12
        for i, (name, _) in reversed(list(enumerate(chart.series))):
            width = p.fontMetrics().horizontalAdvance(name)
            x -= width + 22
            p.fillRect(QRectF(x, 26, 12, 10), QColor(PALETTE[i % len(PALETTE)]))
            p.drawText(QPointF(x + 16, 35), name)

    def _axes(self, p: QPainter, chart: Chart, area: QRectF) -> None:
        top = max((max(v) for _, v in chart.series if v), default=0) or 1
        step = _nice_step(top)
        top = step * (int(top // step) + 1)
        p.setPen(QPen(QColor("#888888"), 1))
        p.drawLine(area.bottomLeft(), area.bottomRight())
        p.drawLine(area.bottomLeft(), area.topLeft())
        value = 0.0
        while value <= top + 1e-9:
            y = area.bottom() - area.height() * value / top
            p.setPen(QPen(QColor("#e3e3e3"), 1))
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            p.setPen(QColor("#444444"))
            p.drawText(QRectF(0, y - 8, area.left() - 4, 16), Qt.AlignmentFlag.AlignRight, f"{value:g}")
            value += step
        n = len(chart.categories)
        slot = area.width() / n
        every = max(1, int(n * 60 / max(area.width(), 1)) + 1)  # label every k-th category when crowded
        for i, name in enumerate(chart.categories):
            if i % every == 0:
                rect = QRectF(area.left() + i * slot - 10, area.bottom() + 2, slot * every + 20, 30)
                label = name if len(name) <= 7 else name[:6] + "…"
                p.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, label)
        count = len(chart.series)
        for s, (_, values) in enumerate(chart.series):
            color = QColor(PALETTE[s % len(PALETTE)])
            if chart.kind == BAR:
                width = slot * 0.8 / count
                for i, v in enumerate(values):
                    h = area.height() * v / top
                    x = area.left() + i * slot + slot * 0.1 + s * width
                    p.fillRect(QRectF(x, area.bottom() - h, width - 1, h), color)
            elif chart.kind == LINE:
                path = QPainterPath()
                for i, v in enumerate(values):
                    point = QPointF(area.left() + (i + 0.5) * slot, area.bottom() - area.height() * v / top)
                    path.moveTo(point) if i == 0 else path.lineTo(point)
                    p.setBrush(color)
                    p.setPen(Qt.PenStyle.NoPen)
                    p.drawEllipse(point, 2.5, 2.5)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.setPen(QPen(color, 2))
                p.drawPath(path)
        p.setPen(QColor("black"))

    def _pie(self, p: QPainter, chart: Chart) -> None:
        values = chart.series[0][1]
        total = sum(values) or 1
        side = min(self.height() - 40, self.width() / 2 - 20)
        rect = QRectF(16, 30, side, side)
        angle = 90 * 16
        for i, v in enumerate(values):
            span = -int(round(v / total * 360 * 16))
            p.setBrush(QColor(PALETTE[i % len(PALETTE)]))
            p.setPen(QPen(QColor("white"), 1))
            p.drawPie(rect, angle, span)
            angle += span
        p.setPen(QColor("black"))
        y = 36.0
        for i, (name, v) in enumerate(zip(chart.categories, values, strict=True)):
            p.fillRect(QRectF(side + 32, y - 9, 10, 10), QColor(PALETTE[i % len(PALETTE)]))
            p.drawText(QPointF(side + 48, y), f"{name}  {v:g}（{v / total:.1%}）")
            y += 16


def _nice_step(top: float) -> float:
    raw = top / 4
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for k in (1, 2, 5, 10):
        if raw <= k * magnitude:
            return float(k * magnitude)
    return float(10 * magnitude)
