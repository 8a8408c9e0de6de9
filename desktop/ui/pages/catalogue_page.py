"""基础数据: the catalogue editors (units, service items, hotline topics and limits, website columns, the holiday
calendar, users) as tabs; catalogues use the same generated register pages as the registers."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.registers import CATALOGUES, Actor
from desktop.ui.register_page import RegisterPage

TABS = ("unit", "service_item", "hotline_topic", "hotline_limit", "web_column")


class CataloguePage(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.tabs = QTabWidget(self)
        for key in TABS:
            self.tabs.addTab(RegisterPage(CATALOGUES[key], actor), CATALOGUES[key].decl.title)
        from desktop.ui.pages.calendar_page import CalendarPage
        from desktop.ui.pages.users_page import UsersPage

        self.tabs.addTab(CalendarPage(actor), "节假日安排")
        self.tabs.addTab(UsersPage(actor), "用户")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
