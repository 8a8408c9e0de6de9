"""Start-up benchmark: `python startup.py app DB` opens the main window of the app on DB with the window-case list
as its page; `python startup.py bare` builds a bare PySide6 window with the same widgets (navigation, list with
search and filters, a form of the same fields, status bar) and 200 rows of text. Both exit once the window is
painted; the caller times the whole process."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


# The window-case form as the user sees it: (section, label, editor). Written out here so that the bare window
# imports nothing of the app.
FORM = [
    ("基本信息", "办件编号", "computed"),
    ("基本信息", "* 事项", "ref"),
    ("基本信息", "单位", "computed"),
    ("基本信息", "办件类别", "computed"),
    ("基本信息", "办件类型", "computed"),
    ("基本信息", "承诺时限", "computed"),
    ("申请人", "* 申请人类型", "choice"),
    ("申请人", "* 申请人", "text"),
    ("申请人", "证件类型", "choice"),
    ("申请人", "证件号码", "text"),
    ("申请人", "联系电话", "text"),
    ("办理过程", "* 收件时间", "date"),
    ("办理过程", "受理时间", "date"),
    ("办理过程", "* 办理状态", "choice"),
    ("办理过程", "补齐补正开始日期", "date"),
    ("办理过程", "补齐补正结束日期", "date"),
    ("办理过程", "挂起开始日期", "date"),
    ("办理过程", "挂起结束日期", "date"),
    ("办理过程", "承诺办结日期", "computed"),
    ("办理过程", "办结时间", "date"),
    ("办理过程", "收费金额", "text"),
    ("办理过程", "网上办理", "bool"),
    ("办理过程", "评价", "choice"),
    ("差评整改", "回访日期", "date"),
    ("差评整改", "核实情况", "longtext"),
    ("差评整改", "整改措施", "longtext"),
    ("差评整改", "整改期限", "date"),
    ("差评整改", "整改完成日期", "date"),
    ("其他", "经办人", "text"),
    ("其他", "备注", "longtext"),
]
COLUMNS = [
    "办件编号",
    "事项",
    "单位",
    "办件类别",
    "申请人",
    "收件时间",
    "办理状态",
    "承诺办结日期",
    "办结时间",
    "评价",
    "经办人",
]
ROW = [
    "2015-GS-00123",
    "个体工商户设立登记",
    "区工商分局",
    "审批类",
    "常德德润机械制造有限公司",
    "2015-09-30 09:00",
    "办结",
    "2015-10-12",
    "2015-10-09 16:20",
    "满意",
    "张敏",
]
STEPS = ["受理", "补齐补正", "补正完成", "挂起", "解除挂起", "办结", "不予受理", "退件", "差评整改"]
PAGES = [
    "工作台",
    "窗口办件",
    "咨询与留言",
    "热线工单",
    "依申请公开",
    "主动公开",
    "规章与行政规范性文件",
    "行政执法决定",
    "复议诉讼",
    "年度报告",
    "基础数据",
    "审计日志",
]


def bare() -> object:
    """The same widgets as the app's first screen, with the same settings, filled with literal text: what
    PySide6 itself costs to show that window. No database, no generated form, no lazy model."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QApplication,
        QCheckBox,
        QComboBox,
        QCompleter,
        QFormLayout,
        QGridLayout,
        QGroupBox,
        QHBoxLayout,
        QHeaderView,
        QLabel,
        QLineEdit,
        QListWidget,
        QMainWindow,
        QMenu,
        QPlainTextEdit,
        QPushButton,
        QScrollArea,
        QSplitter,
        QStackedWidget,
        QTableView,
        QTabWidget,
        QTextBrowser,
        QToolButton,
        QVBoxLayout,
        QWidget,
    )

    app = QApplication(sys.argv)
    started = time.perf_counter()
    window = QMainWindow()
    window.setWindowTitle("政务公开台账")
    menu = window.menuBar().addMenu("文件(&F)")
    for text in ("备份到…", "从备份恢复…", None, "导出数据包…", "导入数据包…", "数据包冲突…", None):
        menu.addSeparator() if text is None else menu.addAction(QAction(text, window))
    quit_action = QAction("退出", window)
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    menu.addAction(quit_action)
    window.menuBar().addMenu("帮助(&H)").addAction(QAction("关于", window))
    nav = QListWidget()
    nav.setFixedWidth(170)
    nav.addItems(PAGES)
    stack = QStackedWidget()
    page = QWidget()
    # The list: search, filters, table, count.
    left = QWidget()
    left_layout = QVBoxLayout(left)
    left_layout.setContentsMargins(0, 0, 0, 0)
    search = QLineEdit()
    search.setPlaceholderText("搜索办件编号、申请人、证件号码、联系电话、经办人（Ctrl+F；单个字按回车）")
    search.setClearButtonEnabled(True)
    left_layout.addWidget(search)
    combos = QHBoxLayout()
    for first, count in (("全部年度", 23), ("全部单位", 36), ("全部办件类别", 3), ("全部办件类型", 3)):
        combo = QComboBox()
        combo.addItem(first, None)
        for i in range(count):
            combo.addItem(f"选项{i}", i)
        combos.addWidget(combo)
    combos.addWidget(QCheckBox("显示已作废"))
    combos.addStretch(1)
    left_layout.addLayout(combos)
    model = QStandardItemModel(200, len(COLUMNS))
    model.setHorizontalHeaderLabels(COLUMNS)
    for r in range(200):
        for c, text in enumerate(ROW):
            model.setItem(r, c, QStandardItem(text))
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setSortIndicator(5, Qt.SortOrder.DescendingOrder)
    table.setSortingEnabled(True)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    left_layout.addWidget(table, 1)
    left_layout.addWidget(QLabel("共 13,087 条"))
    # The form: a label, an editor and a (hidden) message per field, in sections.
    body = QWidget()
    form_layout = QVBoxLayout(body)
    boxes: dict[str, QFormLayout] = {}
    for section, label, kind in FORM:
        if section not in boxes:
            box = QGroupBox(section)
            boxes[section] = QFormLayout(box)
            boxes[section].setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            boxes[section].setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form_layout.addWidget(box)
        cell = QWidget()
        cell_layout = QVBoxLayout(cell)
        cell_layout.setContentsMargins(0, 0, 0, 0)
        if kind in ("choice", "ref"):
            editor = QComboBox()
            editor.setEditable(kind == "ref")
            editor.addItem("", None)
            for i in range(122 if kind == "ref" else 4):
                editor.addItem(f"选项{i}", i)
            if kind == "ref":
                editor.completer().setFilterMode(Qt.MatchFlag.MatchContains)
                editor.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        elif kind == "date":
            editor = QWidget()
            row = QHBoxLayout(editor)
            row.setContentsMargins(0, 0, 0, 0)
            edit = QLineEdit()
            edit.setPlaceholderText("如 20151012")
            button = QToolButton()
            button.setText("…")
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            button.setMenu(QMenu(button))
            row.addWidget(edit)
            row.addWidget(button)
        elif kind == "longtext":
            editor = QPlainTextEdit()
            editor.setTabChangesFocus(True)
            editor.setFixedHeight(60)
        elif kind == "bool":
            editor = QCheckBox()
        else:
            editor = QLineEdit()
            if kind == "computed":
                editor.setReadOnly(True)
                editor.setStyleSheet("background: palette(window);")
        cell_layout.addWidget(editor)
        error = QLabel()
        error.setStyleSheet("color: #b00020;")
        error.setWordWrap(True)
        error.hide()
        cell_layout.addWidget(error)
        boxes[section].addRow(QLabel(label), cell)
    form_layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidget(body)
    scroll.setWidgetResizable(True)
    tabs = QTabWidget()
    tabs.addTab(scroll, "表单")
    tabs.addTab(QTextBrowser(), "历史")
    right = QWidget()
    right_layout = QVBoxLayout(right)
    right_layout.setContentsMargins(0, 0, 0, 0)
    title = QLabel("新建窗口办件")
    title.setStyleSheet("font-weight: bold; font-size: 14px;")
    right_layout.addWidget(title)
    steps = QGridLayout()
    for i, text in enumerate(STEPS):
        steps.addWidget(QPushButton(text), i // 5, i % 5)
    right_layout.addLayout(steps)
    right_layout.addWidget(tabs, 1)
    buttons = QHBoxLayout()
    for text in ("保存 (Ctrl+S)", "保存并新建 (Ctrl+Enter)", "作废…", "恢复"):
        buttons.addWidget(QPushButton(text))
    buttons.addStretch(1)
    right_layout.addLayout(buttons)
    for keys in (
        QKeySequence.StandardKey.New,
        QKeySequence.StandardKey.Save,
        "Ctrl+Return",
        "Ctrl+Enter",
        QKeySequence.StandardKey.Find,
        "F5",
        "Escape",
    ):
        QShortcut(QKeySequence(keys), page).setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    inner = QSplitter(Qt.Orientation.Horizontal)
    inner.addWidget(left)
    inner.addWidget(right)
    inner.setStretchFactor(0, 3)
    inner.setStretchFactor(1, 2)
    QVBoxLayout(page).addWidget(inner)
    for i, _ in enumerate(PAGES):
        stack.addWidget(page if i == 1 else QLabel("正在加载…"))
    stack.setCurrentIndex(1)
    outer = QSplitter(Qt.Orientation.Horizontal)
    outer.addWidget(nav)
    outer.addWidget(stack)
    outer.setSizes([170, 1110])
    window.setCentralWidget(outer)
    for text in ("用户：admin（管理员）", "数据库：zwgk.sqlite3"):
        window.statusBar().addWidget(QLabel(text))
    window.statusBar().addPermanentWidget(QLabel("窗口办件 13,087  咨询与留言 2,686  热线工单 1,533"))
    nav.setCurrentRow(1)
    window.resize(1280, 800)
    window.show()
    # Columns fitted to the rows on screen, as the app does.
    table.horizontalHeader().setResizeContentsPrecision(30)
    table.resizeColumnsToContents()
    app.processEvents()
    print(f"BUILD {time.perf_counter() - started:.6f}")
    print(f"PAINTED {time.time():.6f}", flush=True)
    return window


def app(db: str, page: str) -> None:
    """What `zwgk` does from its start to the main window, through the same functions (desktop/ui/app.py), but
    for the login dialog: name, icon, translations, log file; the one-writer lock, the check of the file, opening
    (and migrating) it, the first-user check; the window on `page` with its automatic backups and the page check
    started."""
    # isort: off
    import desktop.ui  # noqa: F401 - first, as in `zwgk`: its entry point lives in desktop.ui.app

    # isort: on
    from PySide6.QtWidgets import QApplication

    from desktop.db import init_db
    from desktop.domain import vocab
    from desktop.registers import Actor
    from desktop.registers.users import USER_REGISTER
    from desktop.ui.app import DesktopApp, prepare, show_main_window
    from desktop.ui.main_window import settings
    from desktop.ui.safety import opening

    application = QApplication(sys.argv)
    started = time.perf_counter()
    prepare(application)
    desktop_app = DesktopApp(application)
    assert desktop_app.take_database(db, "admin")
    access = desktop_app.access
    opened = opening.check_on_open(db, access)
    assert not access.read_only and opened is not None
    init_db(opened)
    # As `zwgk` asks; with no user it shows the first-user wizard (like login, not timed).
    USER_REGISTER.select().exists()
    settings().setValue("last_page", page)
    window = show_main_window(Actor("admin", vocab.ROLE_ADMIN), db, opened, access)
    application.processEvents()
    print(f"BUILD {time.perf_counter() - started:.6f}")
    print(f"PAINTED {time.time():.6f}", flush=True)
    del window
    desktop_app.release()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        app(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "window")
    # The window is up: leave without tearing down (both kinds alike), and without waiting for the page check.
    os._exit(0)
