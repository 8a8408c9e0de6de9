"""节假日安排: the holiday calendar as a year of month grids; administrators mark days and import a year's file."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import DomainError
from desktop.domain.workdays import DAY_OFF_KIND, WORKDAY_KIND, format_date
from desktop.exchange.calendar_file import MAX_NAME_LENGTH, CalendarFileError, read_calendar_file
from desktop.registers import Actor
from desktop.registers import calendar_view as cv
from desktop.registers.calendar import current_calendar, import_year_rows, set_day
from desktop.ui.errors import error_dialog
from desktop.ui.pages.month_view import COLOURS, GRID_COLOUR, TODAY_COLOUR, MonthView
from desktop.ui.signals import signals

GRID_SPACING = 12
SIDE_WIDTH = 230
WARNING_STYLE = "background: #fff4e0; color: #7a4b00; padding: 4px 6px; border-radius: 3px;"
ACTION_OFF = "设为放假（休）…"
ACTION_WORK = "设为调休上班日（班）"
ACTION_CLEAR = "恢复为普通日"


class CalendarPage(QWidget):
    """The year view of the holiday arrangement, the loaded years, and (for administrators) editing and import."""

    def __init__(self, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.actor = actor
        self.can_write = actor.is_admin
        self.today = date.today()
        self.calendar = current_calendar()
        self.year = cv.default_year(self.calendar.years, self.today)
        self.selected: date | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.day_menu = QMenu(self)

        self.warning_label = QLabel(self)
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(WARNING_STYLE)
        self.year_note = QLabel(self)
        self.year_note.setWordWrap(True)
        self.year_note.setStyleSheet(WARNING_STYLE)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet("color: #1b5e20;")
        self.status_label.hide()

        top, middle, bottom = self._build_toolbar(), self._build_year_view(), self._build_legend()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.year_note)
        layout.addWidget(self.status_label)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        signals.records_changed.connect(self._on_records_changed)
        self.refresh()

    # -- building -------------------------------------------------------------------------------------------

    def _build_toolbar(self) -> QHBoxLayout:
        """Year selector, import button and the loaded years."""
        self.year_combo = QComboBox(self)
        self.year_combo.currentIndexChanged.connect(self._on_year_combo_changed)
        self.previous_button = QToolButton(self)
        self.previous_button.setText("◀ 上一年")
        self.previous_button.clicked.connect(lambda: self._step_year(-1))
        self.next_button = QToolButton(self)
        self.next_button.setText("下一年 ▶")
        self.next_button.clicked.connect(lambda: self._step_year(1))
        self.import_button = QPushButton("导入日历文件…", self)
        self.import_button.setToolTip(
            "导入国务院办公厅公布的整年安排（.xlsx 或 .csv，列为：日期,类型,名称），替换文件所涉年份的安排"
        )
        self.import_button.clicked.connect(self._on_import_clicked)
        self.import_button.setVisible(self.can_write)
        self.years_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("年份", self))
        top.addWidget(self.year_combo)
        top.addWidget(self.previous_button)
        top.addWidget(self.next_button)
        top.addSpacing(12)
        top.addWidget(self.import_button)
        top.addStretch(1)
        top.addWidget(self.years_label)
        return top

    def _build_year_view(self) -> QHBoxLayout:
        """The twelve month grids (columns follow the width) and the year's summary beside them."""
        months = QWidget(self)
        self.month_grid = QGridLayout(months)
        self.month_grid.setContentsMargins(0, 0, 0, 0)
        self.month_grid.setSpacing(GRID_SPACING)
        self.months: list[MonthView] = []
        for m in range(1, 13):
            view = MonthView(self.year, m, months)
            view.day_clicked.connect(lambda d, v=view: self._on_month_day_clicked(v, d))
            self.months.append(view)
        self.columns = 0
        self.scroll = _MonthScroll(self)
        self.scroll.setWidget(months)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.resized.connect(self._on_scroll_resized)
        self._arrange_months(4)

        self.summary_title = QLabel(self)
        self.summary_title.setStyleSheet("font-weight: bold;")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary_scroll = QScrollArea(self)
        summary_scroll.setWidget(self.summary)
        summary_scroll.setWidgetResizable(True)
        summary_scroll.setFrameShape(QFrame.Shape.NoFrame)
        summary_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_box = QWidget(self)
        side = QVBoxLayout(side_box)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.summary_title)
        side.addWidget(summary_scroll, 1)
        side_box.setFixedWidth(SIDE_WIDTH)
        middle = QHBoxLayout()
        middle.addWidget(self.scroll, 1)
        middle.addWidget(side_box)
        return middle

    def _build_legend(self) -> QHBoxLayout:
        """What the colours mean, and what a click does (or that the page is read-only)."""
        hint = (
            "点击日期可设为放假、调休上班或恢复为普通日（方向键选择日期，回车打开菜单）"
            if self.can_write
            else "只读：只有管理员可以修改节假日安排"
        )
        bottom = QHBoxLayout()
        for kind, text in ((DAY_OFF_KIND, "放假（休）"), (WORKDAY_KIND, "调休上班（班）"), (cv.WEEKEND, "周末")):
            bottom.addWidget(_swatch(kind, self))
            bottom.addWidget(QLabel(text, self))
            bottom.addSpacing(10)
        today_swatch = QLabel(self)
        today_swatch.setFixedSize(22, 18)
        today_swatch.setStyleSheet(f"border: 2px solid {TODAY_COLOUR}; background: white;")
        bottom.addWidget(today_swatch)
        bottom.addWidget(QLabel("今天", self))
        bottom.addSpacing(20)
        self.hint_label = QLabel(hint, self)
        self.hint_label.setStyleSheet("color: #666;")
        bottom.addWidget(self.hint_label)
        bottom.addStretch(1)
        return bottom

    # -- showing ---------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the calendar and redraw everything (after an edit here, an import, or another PC's change)."""
        self.calendar = current_calendar()
        loaded = self.calendar.years
        years = sorted(set(cv.selectable_years(loaded, self.today)) | {self.year})
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for y in years:
            self.year_combo.addItem(f"{y}年" + ("" if y in loaded else "（未载入）"), y)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(self.year), 0))
        self.year_combo.blockSignals(False)
        self.year = self.year_combo.currentData()
        self.previous_button.setEnabled(self.year_combo.currentIndex() > 0)
        self.next_button.setEnabled(self.year_combo.currentIndex() < self.year_combo.count() - 1)
        self.years_label.setText(cv.loaded_years_text(loaded))
        warning = cv.missing_years_warning(loaded, self.today, can_import=self.can_write)
        self.warning_label.setText("⚠ " + warning)
        self.warning_label.setVisible(bool(warning))
        self.year_note.setText(f"{self.year}年尚未载入：下面只标出了周末，没有节假日和调休上班日。")
        self.year_note.setVisible(self.year not in loaded)
        lines = cv.year_summary(self.calendar, self.year)
        self.summary_title.setText(f"{self.year}年节假日安排")
        self.summary.setText("\n\n".join(lines) if lines else "（本年没有列出的节假日）")
        if self.selected is not None and self.selected.year != self.year:
            self.selected = None
        for view in self.months:
            view.set_state(self.calendar, self.year, self.today, self.selected)

    def set_year(self, year: int) -> None:
        self.year = year
        self.refresh()

    def month_view(self, month: int) -> MonthView:
        return self.months[month - 1]

    def _arrange_months(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for view in self.months:
            self.month_grid.removeWidget(view)
        for i, view in enumerate(self.months):
            self.month_grid.addWidget(view, i // columns, i % columns)

    def _on_scroll_resized(self, width: int) -> None:
        # Fewer columns on a narrow screen: scrolling down through the months beats scrolling sideways.
        need = self.months[0].minimumSizeHint().width() + GRID_SPACING
        self._arrange_months(next((c for c in (4, 3, 2) if c * need - GRID_SPACING <= width), 2))

    def _step_year(self, delta: int) -> None:
        index = self.year_combo.currentIndex() + delta
        if 0 <= index < self.year_combo.count():
            self.year_combo.setCurrentIndex(index)

    def _on_year_combo_changed(self, index: int) -> None:
        if index >= 0 and self.year_combo.itemData(index) != self.year:
            self.set_year(self.year_combo.itemData(index))

    def _on_records_changed(self, key: str) -> None:
        if key in ("", "calendar"):
            self.refresh()

    # -- marking days ---------------------------------------------------------------------------------------

    def _on_month_day_clicked(self, view: MonthView, day: date) -> None:
        self._select(day)
        self.setFocus()
        if self.can_write:
            self._open_day_menu(day, view.mapToGlobal(view.cell_rect(day).bottomLeft()))

    def _select(self, day: date) -> None:
        self.selected = day
        if day.year != self.year:
            self.set_year(day.year)
        for view in self.months:
            view.set_state(self.calendar, self.year, self.today, self.selected)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
        key = Qt.Key(event.key())
        if key in steps:
            if self.selected is None:
                self._select(self.today if self.today.year == self.year else date(self.year, 1, 1))
            else:
                self._select(self.selected + timedelta(days=steps[key]))
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_Menu) and self.selected:
            if self.can_write:
                view = self.month_view(self.selected.month)
                self._open_day_menu(self.selected, view.mapToGlobal(view.cell_rect(self.selected).bottomLeft()))
            return
        super().keyPressEvent(event)

    def _open_day_menu(self, day: date, where: QPoint) -> None:
        # popup(), not exec(): no nested event loop, and the actions stay reachable from tests via `day_menu`.
        entry = self.calendar.listed_day(day)
        menu = self.day_menu
        menu.clear()
        head = menu.addAction(cv.menu_title(self.calendar, day))
        head.setEnabled(False)
        menu.addSeparator()
        off = menu.addAction(ACTION_OFF)
        off.triggered.connect(lambda: self.mark_day_off(day))
        work = menu.addAction(ACTION_WORK)
        # A make-up working day only means something on a weekend: Monday to Friday already are working days.
        work.setEnabled(day.weekday() >= 5 and not (entry and entry.is_workday))
        work.triggered.connect(lambda: self.apply_day(day, WORKDAY_KIND, cv.neighbour_name(self.calendar, day)))
        clear = menu.addAction(ACTION_CLEAR)
        clear.setEnabled(entry is not None)
        clear.triggered.connect(lambda: self.apply_day(day, None, ""))
        menu.popup(where)

    def mark_day_off(self, day: date) -> bool:
        """Ask for the festival name (the neighbour's by default) and mark `day` as a day off."""
        name, ok = QInputDialog.getText(
            self,
            "设为放假（休）",
            f"{format_date(day, weekday=True)}放假。节日名称：",
            QLineEdit.EchoMode.Normal,
            cv.neighbour_name(self.calendar, day),
        )
        if not ok:
            return False
        name = name.strip()
        if len(name) > MAX_NAME_LENGTH:
            error_dialog(self, f"节日名称过长（{len(name)}字），最多{MAX_NAME_LENGTH}字，未修改。")
            return False
        return self.apply_day(day, DAY_OFF_KIND, name)

    def apply_day(self, day: date, kind: str | None, name: str) -> bool:
        """Write one day through the register (休, 班 or None for an ordinary day) and redraw."""
        if day.year not in self.calendar.years:
            # A hand-marked day does not make its year loaded: deadlines there stay refused until the whole year is.
            answer = QMessageBox.question(
                self,
                "该年尚未载入",
                f"{day.year}年的节假日安排尚未载入。这一天的修改会保存，但{day.year}年仍视为未载入，"
                "落在该年的期限仍会提示缺少日历。\n\n建议等国务院办公厅公布后用“导入日历文件…”载入整年安排。仍要修改吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            set_day(day, kind, name, self.actor)
        except DomainError as exc:  # NotAllowed included
            error_dialog(self, exc.message)
            return False
        self._show_status(
            f"已将{format_date(day, weekday=True)}"
            + {DAY_OFF_KIND: f"设为放假（{name or '未命名'}）", WORKDAY_KIND: "设为调休上班日", None: "恢复为普通日"}[
                kind
            ]
        )
        signals.records_changed.emit("calendar")
        return True

    # -- importing ------------------------------------------------------------------------------------------

    def _on_import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "导入日历文件", "", "日历文件 (*.xlsx *.csv);;所有文件 (*)")
        if path:
            self.import_file(path)

    def import_file(self, path: str | Path) -> bool:
        """Validate the whole file, confirm, and replace the arrangement of the years it covers; all or nothing."""
        name = Path(path).name
        try:
            data = read_calendar_file(path)
        except CalendarFileError as exc:
            shown = "\n".join(exc.problems[:5]) + (f"\n……共{len(exc.problems)}处" if len(exc.problems) > 5 else "")
            error_dialog(
                self,
                f"“{name}”有{len(exc.problems)}处问题，未导入任何数据。请改正后重新导入：\n\n{shown}",
                "\n".join(exc.problems),
                "日历文件无法导入",
            )
            return False
        years = sorted(data.years)
        years_text = "、".join(f"{y}年" for y in years)
        existing = sum(1 for e in self.calendar.entries() if e.date.year in data.years)
        off = sum(1 for r in data.rows if not r.is_workday)
        answer = QMessageBox.question(
            self,
            "导入日历文件",
            f"将用“{name}”中的{len(data.rows)}天（放假{off}天、调休上班{len(data.rows) - off}天）"
            f"替换{years_text}的节假日安排（现有{existing}天）。\n\n确定导入吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            import_year_rows(data.rows, data.years, self.actor, source=f"导入 {name}"[:64])
        except DomainError as exc:
            error_dialog(self, exc.message)
            return False
        self.year = years[0]
        self._show_status(f"已从“{name}”导入{years_text}的节假日安排，共{len(data.rows)}天。")
        signals.records_changed.emit("calendar")
        return True

    def _show_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.show()


class _MonthScroll(QScrollArea):
    """The scroll area of the month grids; tells the page its usable width so that the columns can follow it."""

    resized = Signal(int)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The width without the vertical scroll bar, so that showing the bar cannot flip the column count back.
        self.resized.emit(self.width() - self.verticalScrollBar().sizeHint().width())


def _swatch(kind: str, parent: QWidget) -> QLabel:
    background, foreground = COLOURS[kind]
    label = QLabel(kind if kind in (DAY_OFF_KIND, WORKDAY_KIND) else "", parent)
    label.setFixedSize(22, 18)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet(f"background: {background}; color: {foreground}; border: 1px solid {GRID_COLOUR};")
    return label
