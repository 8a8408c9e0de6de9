"""Starting the desktop application: QApplication in Chinese, error handling, the database (first-start
wizard when none is chosen), login, and the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop import APP_NAME


def _translate(app) -> None:  # noqa: ANN001
    """Qt's own dialogs (buttons, file dialogs) in Chinese, from the translations PySide6 ships."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)


def run_gui(db_target: str | Path | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    from desktop.db import init_db
    from desktop.db.connection import data_dir, database_path
    from desktop.domain.errors import DomainError
    from desktop.registers.users import USER_REGISTER
    from desktop.ui.errors import install_excepthook, setup_logging
    from desktop.ui.login import LoginDialog, SetupWizard
    from desktop.ui.main_window import MainWindow, settings

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    _translate(app)
    setup_logging(data_dir())
    install_excepthook()

    target = db_target or settings().value("database") or None
    if target is None:
        wizard = SetupWizard(choose_database=True)
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return 0
        target = wizard.database
    try:
        database = init_db(target)
    except DomainError as exc:
        QMessageBox.critical(None, APP_NAME, exc.message)
        return 1
    if not USER_REGISTER.select().exists():
        wizard = SetupWizard(choose_database=False)
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return 0
    label = str(database_path(database) or target)
    settings().setValue("database", label)
    login = LoginDialog(label)
    if login.exec() != QDialog.DialogCode.Accepted or login.actor is None:
        return 0
    window = MainWindow(login.actor, label)
    window.show()
    return app.exec()
