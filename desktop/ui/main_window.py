"""The main window: a thin shell with the navigation, the pages a role may see, and the status bar."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from desktop import APP_NAME, __version__
from desktop.domain import vocab
from desktop.registers import ALL, REGISTERS, Actor
from desktop.registers import CATALOGUES as ALL_CATALOGUES
from desktop.registers.query import total
from desktop.ui.register_page import RegisterPage
from desktop.ui.signals import signals

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent  # creating the class costs 1 ms of start-up; only the annotation needs it

    from desktop.db.lock import Access

HOME, REPORT, CATALOGUES, AUDIT, STATS = "home", "report", "catalogues", "audit", "stats"
# The pages that are not a register's, with the roles that see them (管理员 sees every page).
_OTHER_PAGES = {
    HOME: ("工作台", vocab.ROLES),
    # 统计 for every role: read-only, and a 窗口人员's figures count only their unit (report.stats scopes them).
    STATS: ("统计", vocab.ROLES),
    REPORT: ("年度报告", (vocab.ROLE_OFFICE, vocab.ROLE_LEADER)),  # 公开办 edits it, 领导 reads it
    CATALOGUES: ("基础数据", ()),  # and whoever may read every catalogue (see `_readers`)
    AUDIT: ("审计日志", ()),
}


def _navigation() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Page key -> title in navigation order, and role -> the pages it sees: 工作台, then each register with a page
    of its own (值班记录 is kept on 热线工单's) in the registers' order and titled as declared, then 年度报告,
    基础数据 and 审计日志. A role sees a register's page when the register lets it read (`Register.may_read`)."""
    own = [r for r in REGISTERS.values() if r.page is None]
    pages = {HOME: _OTHER_PAGES[HOME][0], **{r.decl.key: r.decl.title for r in own}}
    pages.update({k: title for k, (title, _) in _OTHER_PAGES.items() if k != HOME})

    def readers(key: str) -> set[str]:
        if key in REGISTERS:
            return {role for role in vocab.ROLES if REGISTERS[key].may_read(role)}
        roles = {vocab.ROLE_ADMIN, *_OTHER_PAGES[key][1]}
        if key == CATALOGUES:
            roles |= {role for role in vocab.ROLES if all(c.may_read(role) for c in ALL_CATALOGUES.values())}
        return roles

    seen = {key: readers(key) for key in pages}
    return pages, {role: tuple(k for k in pages if role in seen[k]) for role in vocab.ROLES}


PAGES, ROLE_PAGES = _navigation()


def _backup_dialogs():
    return importlib.import_module("desktop.ui.safety.backup_dialogs")  # when the menu is used: start-up stays short


def _package_dialogs():
    return importlib.import_module("desktop.ui.package_dialogs")


def settings() -> QSettings:
    return QSettings("zwgk", "zwgk")


class MainWindow(QMainWindow):
    def __init__(self, actor: Actor, database_label: str, access: Access | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.actor = actor
        self.access = access  # how the app holds the database (read-only or the writer): the restore dialog asks
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.nav = QListWidget(self)
        self.nav.setFixedWidth(170)
        self.stack = QStackedWidget(self)
        self.pages: dict[str, QWidget] = {}
        self.keys = [k for k in PAGES if k in ROLE_PAGES.get(actor.role, ())]
        for key in self.keys:
            QListWidgetItem(PAGES[key], self.nav)
            placeholder = QLabel("正在加载…", self.stack)
            self.stack.addWidget(placeholder)
        self.nav.currentRowChanged.connect(self._on_nav_row_changed)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 1110])
        self.setCentralWidget(splitter)
        self.user_label = QLabel(f"用户：{actor.username}（{actor.role}）")
        self.db_label = QLabel(f"数据库：{database_label}")
        self.count_label = QLabel()
        for w in (self.user_label, self.db_label):
            self.statusBar().addWidget(w)
        self.statusBar().addPermanentWidget(self.count_label)
        self._menus()
        # A method, not a lambda: Qt drops the connection when the window is deleted, a lambda would outlive it.
        signals.records_changed.connect(self._on_records_changed)
        signals.show_records_requested.connect(self.show_records)
        self._update_counts()
        self._restore_state()

    def _menus(self) -> None:
        menu = self.menuBar().addMenu("文件(&F)")
        backup_action = QAction("备份到…", self)
        backup_action.triggered.connect(lambda: _backup_dialogs().backup_to_dialog(self))
        menu.addAction(backup_action)
        restore_action = QAction("从备份恢复…", self)
        restore_action.setEnabled(self.actor.is_admin)
        restore_action.triggered.connect(self._on_restore_triggered)
        menu.addAction(restore_action)
        menu.addSeparator()
        export_action = QAction("导出数据包…", self)
        export_action.triggered.connect(lambda: _package_dialogs().export_package_dialog(self))
        menu.addAction(export_action)
        import_action = QAction("导入数据包…", self)
        import_action.setEnabled(self.actor.is_admin)
        import_action.triggered.connect(lambda: _package_dialogs().import_package_dialog(self, self.actor))
        menu.addAction(import_action)
        conflicts_action = QAction("数据包冲突…", self)
        conflicts_action.setEnabled(self.actor.is_admin)
        conflicts_action.triggered.connect(lambda: _package_dialogs().conflicts_dialog(self, self.actor))
        menu.addAction(conflicts_action)
        menu.addSeparator()
        quit_action = QAction("退出", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        about = QAction("关于", self)
        about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about)

    def register_pages(self) -> list[RegisterPage]:
        found = []
        for widget in self.pages.values():
            pages = [widget.widget(i) for i in range(widget.count())] if isinstance(widget, QTabWidget) else [widget]
            found += [p for p in pages if isinstance(p, RegisterPage)]
        return found

    def _on_restore_triggered(self) -> None:
        if all(p._confirm_discard() for p in self.register_pages()):
            _backup_dialogs().restore_dialog(self, self.access)

    def _on_about_triggered(self) -> None:
        from desktop.ui.about import show_about  # loaded when asked for: start-up stays short

        show_about(self, self.db_label.text().removeprefix("数据库："))

    # -- pages ---------------------------------------------------------------------------------------------

    def page_factories(self) -> dict[str, Callable[[], QWidget]]:
        # Each page's module is imported when the page is first shown: the report page alone brings reportlab
        # and openpyxl, a tenth of a second of start-up.
        def page(module: str, cls: str, *args: object) -> Callable[[], QWidget]:
            return lambda: getattr(importlib.import_module(f"desktop.ui.pages.{module}"), cls)(*args)

        factories: dict[str, Callable[[], QWidget]] = {
            HOME: page("home_page", "HomePage", self.actor, self.open_record),
            REPORT: page("report_page", "ReportPage", self.actor),
            STATS: page("stats_page", "StatsPage", self.actor, self.show_records),
            CATALOGUES: page("catalogue_page", "CataloguePage", self.actor),
            AUDIT: page("audit_page", "AuditPage", self.actor),
        }
        for key, register in REGISTERS.items():
            if register.page is None:
                factories[key] = lambda k=key: self._register_page(k)
        return factories

    def _register_page(self, key: str) -> QWidget:
        """A register's page; registers kept beside it (值班记录 beside 热线工单) as tabs, titled as declared."""
        if key == "hotline":  # the tickets' page adds the repeat-caller warning and completers
            from desktop.ui.hotline_page import HotlinePage

            main: QWidget = HotlinePage(self.actor)
        else:
            main = RegisterPage(ALL[key], self.actor)
        beside = [r for r in REGISTERS.values() if r.page == key]
        if not beside:
            return main
        tabs = QTabWidget()
        tabs.addTab(main, ALL[key].decl.title)
        for register in beside:
            tabs.addTab(RegisterPage(register, self.actor), register.decl.title)
        return tabs

    def page(self, key: str) -> QWidget:
        """The page widget, created on first use (start-up stays fast)."""
        if key not in self.pages:
            index = self.keys.index(key)
            widget = self.page_factories()[key]()
            old = self.stack.widget(index)
            self.stack.insertWidget(index, widget)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.pages[key] = widget
        return self.pages[key]

    def show_page(self, key: str) -> QWidget:
        self.nav.setCurrentRow(self.keys.index(key))
        return self.page(key)

    def _on_nav_row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self.keys[row]
        self.page(key)
        self.stack.setCurrentIndex(row)
        settings().setValue("last_page", key)

    def open_record(self, register_key: str, record_id: int) -> None:
        """Open a record from the home page or a link (e.g. an earlier ticket of the same caller)."""
        if register_key == "calendar" and CATALOGUES in self.keys:
            page = self.show_page(CATALOGUES)
            page.tabs.setCurrentIndex(page.tabs.count() - 2)  # 节假日安排
            return
        register = REGISTERS.get(register_key)
        page_key = (register.page if register else None) or register_key
        if page_key not in self.keys:
            return
        widget = self.show_page(page_key)
        if isinstance(widget, QTabWidget):
            tabs = [widget.widget(i) for i in range(widget.count())]
            shown = [i for i, t in enumerate(tabs) if isinstance(t, RegisterPage) and t.register is register]
            widget.setCurrentIndex(shown[0] if shown else 0)
            widget = widget.currentWidget()
        if isinstance(widget, RegisterPage) and widget._confirm_discard():
            widget.open_record(record_id)

    def show_records(self, register_key: str, title: str, condition: object) -> None:
        """The register's list filtered to the records behind a number of the 统计 page."""
        if register_key not in self.keys:
            self.statusBar().showMessage(f"当前角色不能打开“{PAGES.get(register_key, register_key)}”", 5000)
            return
        widget = self.show_page(register_key)
        if isinstance(widget, QTabWidget):
            widget.setCurrentIndex(0)
            widget = widget.currentWidget()
        if hasattr(widget, "show_records"):
            widget.show_records(title, condition)

    def _on_records_changed(self, _key: str) -> None:
        self._update_counts()

    def _update_counts(self) -> None:
        visible = [k for k in self.keys if k in REGISTERS]
        # From the count table (migration 2): counting a million records on every save would take 0.2 s.
        parts = [f"{PAGES[k]} {total(ALL[k]):,}" for k in visible[:3]]
        self.count_label.setText("　".join(parts))

    # -- state ---------------------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        s = settings()
        geometry = s.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        last = s.value("last_page", HOME)
        self.nav.setCurrentRow(self.keys.index(last) if last in self.keys else 0)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not all(p._confirm_discard() for p in self.register_pages()):
            event.ignore()
            return
        report = self.pages.get(REPORT)
        if report is not None and hasattr(report, "confirm_leave") and not report.confirm_leave():
            event.ignore()
            return
        settings().setValue("geometry", self.saveGeometry())
        event.accept()
