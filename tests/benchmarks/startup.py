"""Start-up benchmark: `python startup.py app DB` opens the main window of the app on DB with the window-case list
as its page; `python startup.py bare` builds a bare PySide6 window with the same widgets (navigation, list with
search and filters, a form of the same fields, status bar) and 200 rows of text. Both exit once the window is
painted; the caller times the whole process."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def bare() -> None:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import (
        QApplication,
        QCheckBox,
        QComboBox,
        QFormLayout,
        QGroupBox,
        QHBoxLayout,
        QLabel,
        QLineEdit,
        QListWidget,
        QMainWindow,
        QPushButton,
        QScrollArea,
        QSplitter,
        QStackedWidget,
        QTableView,
        QTabWidget,
        QTextBrowser,
        QVBoxLayout,
        QWidget,
    )

    app = QApplication(sys.argv)
    started = time.perf_counter()
    window = QMainWindow()
    window.menuBar().addMenu("文件(&F)").addAction("退出")
    window.menuBar().addMenu("帮助(&H)").addAction("关于")
    nav = QListWidget()
    for name in ("工作台", "窗口办件", "咨询与留言", "热线工单", "依申请公开", "主动公开", "规章与行政规范性文件",
                 "行政执法决定", "复议诉讼", "年度报告", "基础数据", "审计日志"):
        nav.addItem(name)
    stack = QStackedWidget()
    page = QWidget()
    left = QWidget()
    left_layout = QVBoxLayout(left)
    left_layout.addWidget(QLineEdit())
    combos = QHBoxLayout()
    for _ in range(4):
        combo = QComboBox()
        combo.addItems([f"选项{i}" for i in range(20)])
        combos.addWidget(combo)
    combos.addWidget(QCheckBox("显示已作废"))
    left_layout.addLayout(combos)
    model = QStandardItemModel(200, 11)
    for r in range(200):
        for c in range(11):
            model.setItem(r, c, QStandardItem(f"2015-GS-{r:05d}" if c == 0 else "常德德润机械制造有限公司"))
    table = QTableView()
    table.setModel(model)
    left_layout.addWidget(table)
    left_layout.addWidget(QLabel("共 200 条"))
    body = QWidget()
    form_layout = QVBoxLayout(body)
    for section in range(4):
        box = QGroupBox(f"分组{section}")
        rows = QFormLayout(box)
        for i in range(8):
            rows.addRow(f"字段{section}-{i}", QLineEdit())
        form_layout.addWidget(box)
    scroll = QScrollArea()
    scroll.setWidget(body)
    tabs = QTabWidget()
    tabs.addTab(scroll, "表单")
    tabs.addTab(QTextBrowser(), "历史")
    right = QWidget()
    right_layout = QVBoxLayout(right)
    right_layout.addWidget(QLabel("新建窗口办件"))
    right_layout.addWidget(tabs)
    buttons = QHBoxLayout()
    for text in ("保存", "保存并新建", "作废…", "恢复"):
        buttons.addWidget(QPushButton(text))
    right_layout.addLayout(buttons)
    inner = QSplitter()
    inner.addWidget(left)
    inner.addWidget(right)
    QVBoxLayout(page).addWidget(inner)
    for i in range(12):
        stack.addWidget(page if i == 1 else QLabel("正在加载…"))
    stack.setCurrentIndex(1)
    outer = QSplitter()
    outer.addWidget(nav)
    outer.addWidget(stack)
    window.setCentralWidget(outer)
    for text in ("用户：admin", "数据库：…"):
        window.statusBar().addWidget(QLabel(text))
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    print(f"BUILD {time.perf_counter() - started:.6f}")


def app(db: str, page: str) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.db import init_db
    from desktop.domain import vocab
    from desktop.registers import Actor
    from desktop.ui.main_window import MainWindow, settings

    application = QApplication(sys.argv)
    started = time.perf_counter()
    init_db(db)
    settings().setValue("last_page", page)
    window = MainWindow(Actor("admin", vocab.ROLE_ADMIN), db)
    window.show()
    application.processEvents()
    print(f"BUILD {time.perf_counter() - started:.6f}")


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        app(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "window")
