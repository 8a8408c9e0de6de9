"""工作台: today's work for the signed-in user — overdue, due-soon and waiting records, grouped by category."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.workdays import WEEKDAY_NAMES, format_date
from desktop.registers import Actor
from desktop.registers import worklist as wl
from desktop.ui.follow import FollowChanges

COLUMNS = ("编号", "摘要", "期限", "剩余工作日")
NUMBER, SUMMARY, DUE, LEFT = range(4)
RED, ORANGE, GREY = QColor("#c62828"), QColor("#a15c00"), QColor("#777777")
GROUP_BACKGROUND = QColor("#eef1f5")
TARGET = Qt.ItemDataRole.UserRole  # (register key, record id) of a row that opens a record


def due_text(due: date | None) -> str:
    return "" if due is None else f"{due:%Y-%m-%d} 周{WEEKDAY_NAMES[due.weekday()][-1]}"


def left_text(item: wl.WorkItem) -> str:
    """How the remaining working days read: `3 个`, `今天到期`, `超期 2 个`; a dash when they cannot be counted."""
    if item.days_left is None:
        return "—" if item.due is not None or item.note else ""
    if item.days_left < 0:
        return f"已超期 {-item.days_left} 个"
    if item.days_left == 0:
        return "今天到期"
    return f"{item.days_left} 个"


class HomePage(QWidget):
    def __init__(
        self,
        actor: Actor,
        open_record: Callable[[str, int], None],
        parent: QWidget | None = None,
        today: date | None = None,
    ):
        super().__init__(parent)
        self.actor = actor
        self.open_record = open_record
        self._today = today  # fixed for tests and screenshots; None = the real date at each refresh
        self._collapsed: set[str] = set()
        self.groups: list[wl.WorkGroup] = []

        self.greeting = QLabel(self)
        self.greeting.setTextFormat(Qt.TextFormat.RichText)
        self.summary = QLabel(self)
        self.refresh_button = QPushButton("刷新 (F5)", self)
        self.refresh_button.clicked.connect(self.refresh)
        head = QHBoxLayout()
        head.addWidget(self.greeting, 1)
        head.addWidget(self.summary)
        head.addWidget(self.refresh_button)

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setStyleSheet("QTreeView::item { padding: 3px 2px; }")  # the default rows are cramped for CJK
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NUMBER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SUMMARY, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DUE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LEFT, QHeaderView.ResizeMode.ResizeToContents)
        # Activation is a double-click or Enter: both open the record.
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.tree.itemCollapsed.connect(self._on_tree_item_collapsed)
        self.tree.itemExpanded.connect(self._on_tree_item_expanded)

        self.empty = QLabel("暂无待办事项", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #777777; font-size: 16px; padding: 40px;")

        self.hint = QLabel("双击或按 Enter 打开记录。列表随台账的修改自动更新。", self)
        self.hint.setStyleSheet("color: #777777;")
        self.setFocusProxy(self.tree)  # arriving on the page, the arrow keys and Enter work at once
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.hint)

        shortcut = QShortcut(QKeySequence("F5"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.refresh)
        # Saves come in bursts (an import, a workflow step and its save): refresh once after them.
        self.follow = FollowChanges(self, self.refresh)
        self.refresh()

    # -- data ----------------------------------------------------------------------------------------------

    def today(self) -> date:
        return self._today or date.today()

    def refresh(self) -> None:
        today = self.today()
        target = self._current_target()
        self.groups = wl.worklist_groups(self.actor, today)
        self.greeting.setText(
            f"<span style='font-size: 16px; font-weight: bold;'>工作台</span>"
            f"　{self.actor.username}，您好！今天是{format_date(today, weekday=True)}。"
        )
        self._fill(target)
        overdue = sum(g.total for g in self.groups if g.category in wl.OVERDUE_CATEGORIES)
        self.summary.setText(f"<span style='color: #c62828;'>已超期 {overdue} 项</span>" if overdue else "")
        self.tree.setVisible(bool(self.groups))
        self.empty.setVisible(not self.groups)
        self.hint.setVisible(bool(self.groups))

    def _fill(self, target: tuple[str, int] | None) -> None:
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        reselect = None
        for group in self.groups:
            heading = QTreeWidgetItem(self.tree, [f"{group.category}（{group.total}）"])
            heading.setFirstColumnSpanned(True)
            heading.setFont(NUMBER, bold)
            for column in range(len(COLUMNS)):
                heading.setBackground(column, QBrush(GROUP_BACKGROUND))
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for item in group.items:
                row = self._row(heading, item)
                if target is not None and row.data(NUMBER, TARGET) == target:
                    reselect = row
            if group.truncated:
                more = QTreeWidgetItem(
                    heading, ["", f"……另有 {group.total - len(group.items)} 项未列出，请到台账中查看"]
                )
                more.setForeground(SUMMARY, QBrush(GREY))
                more.setFlags(Qt.ItemFlag.ItemIsEnabled)
            heading.setExpanded(group.category not in self._collapsed)
        if reselect is not None:
            self.tree.setCurrentItem(reselect)

    def _row(self, heading: QTreeWidgetItem, item: wl.WorkItem) -> QTreeWidgetItem:
        row = QTreeWidgetItem(heading, [item.number, item.summary, due_text(item.due), left_text(item)])
        if item.record_id is not None or item.register == "calendar":  # the calendar row opens 节假日安排
            row.setData(NUMBER, TARGET, (item.register, item.record_id or 0))
        row.setToolTip(SUMMARY, item.summary)
        if item.note:
            row.setToolTip(LEFT, item.note)
            row.setToolTip(DUE, item.note)
        row.setTextAlignment(LEFT, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        colour = {wl.OVERDUE: RED, wl.SOON: ORANGE}.get(item.severity)
        if colour is not None:
            for column in (DUE, LEFT):
                row.setForeground(column, QBrush(colour))
        return row

    def _current_target(self) -> tuple[str, int] | None:
        current = self.tree.currentItem()
        return current.data(NUMBER, TARGET) if current is not None else None

    # -- slots ---------------------------------------------------------------------------------------------

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        target = item.data(NUMBER, TARGET)
        if target:
            register, record_id = target
            self.open_record(register, record_id)

    def _on_tree_item_collapsed(self, item: QTreeWidgetItem) -> None:
        self._collapsed.add(self._category_of(item))

    def _on_tree_item_expanded(self, item: QTreeWidgetItem) -> None:
        self._collapsed.discard(self._category_of(item))

    def _category_of(self, heading: QTreeWidgetItem) -> str:
        index = self.tree.indexOfTopLevelItem(heading)
        return self.groups[index].category if 0 <= index < len(self.groups) else ""
