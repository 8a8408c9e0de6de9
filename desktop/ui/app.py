"""Starting the desktop application: QApplication, the database, and the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop import APP_NAME, __version__


def run_gui(db_target: str | Path | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

    from desktop.db import init_db
    from desktop.db.connection import database_path
    from desktop.domain.errors import DomainError
    from desktop.registers import REGISTERS

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    try:
        database = init_db(db_target)
    except DomainError as exc:
        QMessageBox.critical(None, APP_NAME, exc.message)
        return 1
    window = QMainWindow()
    window.setWindowTitle(f"{APP_NAME} {__version__}")
    label = QLabel(f"<h2>{APP_NAME}</h2><p>图形界面正在建设中。</p><p>目前可使用命令行 <code>zwgk</code> 管理各登记台账、"
                   "导入导出 Excel 和计算年度统计数字。</p>")
    label.setMargin(24)
    window.setCentralWidget(label)
    counts = "，".join(f"{r.decl.title}{r.select().count()}条" for r in REGISTERS.values())
    window.statusBar().showMessage(f"数据库：{database_path(database) or db_target}　{counts}")
    window.resize(900, 480)
    window.show()
    return app.exec()
