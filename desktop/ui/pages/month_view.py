"""One month of the holiday calendar, painted: 休 and 班 days, weekends, today; a click names the day."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop.domain.workdays import DAY_OFF_KIND, WORKDAY_KIND, WorkCalendar
from desktop.registers import calendar_view as cv

# (background, text) per mark. 休 in red and 班 in blue, as on printed Chinese calendars; each is also written in
# the cell's corner, so the difference never rests on colour alone.
COLOURS = {
    DAY_OFF_KIND: ("#fbd9d7", "#a8201a"),
    WORKDAY_KIND: ("#d6e6fb", "#174a96"),
    cv.WEEKEND: ("#e6e6e6", "#505050"),
    cv.ORDINARY: ("#ffffff", "#202020"),
}
TODAY_COLOUR = "#e08a00"
GRID_COLOUR = "#c8c8c8"
CARD_COLOUR = "#ffffff"
CARD_MARGIN = 4  # between the card's border and its day cells


class MonthView(QWidget):
    """One month, Monday first, painted from a WorkCalendar; a click on a day emits `day_clicked(date)`."""

    day_clicked = Signal(object)

    def __init__(self, year: int, month: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.year, self.month = year, month
        self.calendar: WorkCalendar | None = None
        self.today = date.today()
        self.selected: date | None = None
        self.weeks = cv.month_matrix(year, month)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def set_state(self, calendar: WorkCalendar, year: int, today: date, selected: date | None) -> None:
        if year != self.year:
            self.year = year
            self.weeks = cv.month_matrix(year, self.month)
        self.calendar, self.today, self.selected = calendar, today, selected
        self.update()

    def mark_at(self, d: date) -> cv.DayMark:
        """How `d` is shown (for tests and tooltips)."""
        assert self.calendar is not None
        return cv.day_mark(self.calendar, d)

    # -- geometry: cells stretch with the widget, never below what the font needs ----------------------------

    def _row_heights(self) -> tuple[int, int]:
        fm = QFontMetrics(self.font())
        return round(fm.height() * 1.6), round(fm.height() * 1.35)

    def _cell_size(self) -> tuple[float, float]:
        title_h, header_h = self._row_heights()
        return (self.width() - 2 * CARD_MARGIN) / 7, (self.height() - title_h - header_h - CARD_MARGIN) / cv.WEEKS_SHOWN

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        title_h, header_h = self._row_heights()
        cell_w = fm.horizontalAdvance("30") + QFontMetrics(self._small_font()).horizontalAdvance("休") + 6
        cell_h = round(fm.height() * 1.45)
        return QSize(cell_w * 7 + 2 * CARD_MARGIN, title_h + header_h + cell_h * cv.WEEKS_SHOWN + CARD_MARGIN)

    def sizeHint(self) -> QSize:
        size = self.minimumSizeHint()
        return QSize(round(size.width() * 1.15), round(size.height() * 1.1))

    def _small_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() * 0.72, 6.5))
        return small

    def cell_rect(self, d: date) -> QRect:
        """The cell of `d` in widget coordinates (an empty rect when `d` is not in this month)."""
        title_h, header_h = self._row_heights()
        cell_w, cell_h = self._cell_size()
        for r, week in enumerate(self.weeks):
            if d in week:
                c = week.index(d)
                return QRectF(CARD_MARGIN + c * cell_w, title_h + header_h + r * cell_h, cell_w, cell_h).toRect()
        return QRect()

    def date_at(self, pos: QPoint) -> date | None:
        title_h, header_h = self._row_heights()
        cell_w, cell_h = self._cell_size()
        if pos.y() < title_h + header_h or pos.x() < CARD_MARGIN or cell_w <= 0 or cell_h <= 0:
            return None
        r, c = int((pos.y() - title_h - header_h) // cell_h), int((pos.x() - CARD_MARGIN) // cell_w)
        if 0 <= r < cv.WEEKS_SHOWN and 0 <= c < 7:
            return self.weeks[r][c]
        return None

    # -- events ------------------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        d = self.date_at(event.position().toPoint())
        if d is not None and event.button() == Qt.MouseButton.LeftButton:
            self.day_clicked.emit(d)
            event.accept()
            return
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.calendar is not None:
            d = self.date_at(event.pos())
            if d is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), cv.day_tooltip(self.calendar, d), self, self.cell_rect(d))
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        title_h, header_h = self._row_heights()
        cell_w, cell_h = self._cell_size()
        base = self.font()
        bold = QFont(base)
        bold.setBold(True)
        small = self._small_font()
        # A white card: weekend shading must stand out from the window background, which is itself light grey.
        painter.fillRect(self.rect(), QColor(CARD_COLOUR))
        painter.setPen(QPen(QColor(GRID_COLOUR), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.setFont(bold)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(QRectF(0, 0, self.width(), title_h), Qt.AlignmentFlag.AlignCenter, f"{self.month}月")
        painter.setFont(base)
        for c, text in enumerate(cv.WEEKDAY_HEADERS):
            painter.setPen(QColor("#8a8a8a" if c < 5 else "#a8201a"))
            painter.drawText(
                QRectF(CARD_MARGIN + c * cell_w, title_h, cell_w, header_h), Qt.AlignmentFlag.AlignCenter, text
            )
        top = title_h + header_h
        painter.setPen(QPen(QColor(GRID_COLOUR), 1))
        painter.drawLine(CARD_MARGIN, round(top) - 1, self.width() - CARD_MARGIN - 1, round(top) - 1)
        if self.calendar is None:
            return
        for r, week in enumerate(self.weeks):
            for c, d in enumerate(week):
                if d is not None:
                    self._paint_day(
                        painter, QRectF(CARD_MARGIN + c * cell_w, top + r * cell_h, cell_w, cell_h), d, base, small
                    )

    def _paint_day(self, painter: QPainter, rect: QRectF, d: date, base: QFont, small: QFont) -> None:
        mark = cv.day_mark(self.calendar, d)
        background, foreground = COLOURS[mark.kind]
        inner = rect.adjusted(1, 1, -1, -1)
        painter.fillRect(inner, QColor(background))
        painter.setPen(QColor(foreground))
        number_box = inner
        if mark.kind in (DAY_OFF_KIND, WORKDAY_KIND):
            painter.setFont(small)
            corner = QFontMetrics(small).horizontalAdvance(mark.kind)
            painter.drawText(
                inner.adjusted(0, 1, -2, 0), Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight, mark.kind
            )
            # Nudge the number left so that a two-digit day never runs into the corner mark in a narrow cell.
            number_box = inner.adjusted(0, 0, -corner / 2, 0)
        painter.setFont(base)
        painter.drawText(number_box, Qt.AlignmentFlag.AlignCenter, str(d.day))
        if d == self.today:
            painter.setPen(QPen(QColor(TODAY_COLOUR), 2))
            painter.drawRect(inner.adjusted(1, 1, -1, -1))
        if d == self.selected:
            # On the cell's edge, in the 1-pixel gap, so that it never covers the number or the corner mark.
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
