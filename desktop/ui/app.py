"""Starting the desktop application: QApplication in Chinese, error handling, the database (first-start
wizard when none is chosen), login, and the main window. `DesktopApp` is what the running app holds."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import APP_NAME

if TYPE_CHECKING:
    from desktop.db.lock import Access
    from desktop.registers import Actor
    from desktop.ui.main_window import MainWindow
    from desktop.ui.safety.writer import Heartbeat


def _translate(app) -> None:
    """Qt's own dialogs (buttons, file dialogs) in Chinese, from the translations PySide6 ships."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)


# How long a thread computing in Python keeps the GIL while another waits for it (Python's default: 5 ms). The
# GUI thread waits that long each time it comes back from Qt into Python while a worker computes — the audit
# chain check of an automatic backup, a report preview —, which made scrolling a list stutter (README,
# benchmarks: the list repainted while a worker computes). Nothing changes while only one thread runs.
GUI_SWITCH_INTERVAL = 0.001


def prepare(app) -> None:
    """Name, icon, Qt's Chinese translations, the log file and the excepthook: everything before the database."""
    from desktop.db.connection import data_dir
    from desktop.ui.errors import install_excepthook, setup_logging
    from desktop.ui.icon import app_icon

    sys.setswitchinterval(GUI_SWITCH_INTERVAL)
    app.setApplicationName(APP_NAME)
    app.setWindowIcon(app_icon())
    _translate(app)
    setup_logging(data_dir())
    install_excepthook()


class DesktopApp:
    """What the running app holds from the choice of the database until it quits: how it holds the database — the
    writer lock (`db.lock.WriterLock`, with its heartbeat) or read-only — and who acts. Nothing about it lives in
    module globals, so a test or the benchmark makes its own and releases it."""

    def __init__(self, qapp) -> None:
        self.qapp = qapp
        self.access: Access | None = None
        self.heartbeat: Heartbeat | None = None

    def take_database(self, target: str | Path, user: str) -> bool:
        """The writer lock on `target`, or read-only if the user agrees when another copy holds it; False: quit."""
        from desktop.ui.safety.writer import Heartbeat, take_database

        self.access = take_database(target, user)
        if self.access is None:
            return False
        if self.access.lock is not None and self.access.lock.file_based:
            self.heartbeat = Heartbeat(self.access.lock, self.qapp)
        return True

    def sign_in(self, user: str) -> None:
        """After login: the lock names the signed-in user instead of the OS login."""
        if self.access is not None:
            self.access.sign_in(user)

    def release(self) -> None:
        """Give the database up (the app quits, or a test ends); twice does nothing."""
        if self.heartbeat is not None:
            self.heartbeat.stop()
            self.heartbeat.deleteLater()
            self.heartbeat = None
        if self.access is not None:
            self.access.release()
        self.access = None


def run_gui(db_target: str | Path | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QDialog

    from desktop.ui.login import DatabaseWizard
    from desktop.ui.main_window import settings

    app = QApplication.instance() or QApplication(sys.argv)
    prepare(app)

    target = db_target or settings().value("database") or None
    if target is None:
        chooser = DatabaseWizard()
        if chooser.exec() != QDialog.DialogCode.Accepted or chooser.database is None:
            return 0
        target = chooser.database
    desktop_app = DesktopApp(app)
    if not desktop_app.take_database(target, _login_name()):
        return 0
    app.aboutToQuit.connect(desktop_app.release)
    try:
        return _open_and_run(app, target, desktop_app)
    finally:
        desktop_app.release()


def _login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def _open_and_run(app, target, desktop_app: DesktopApp) -> int:
    """Check the file (offering the newest good backup), open it, first administrator, login, main window."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    from desktop.db import init_db
    from desktop.db.connection import database_path
    from desktop.db.readonly import open_read_only
    from desktop.domain.errors import DomainError
    from desktop.registers.users import USER_REGISTER
    from desktop.ui.login import LoginDialog, SetupWizard
    from desktop.ui.main_window import settings
    from desktop.ui.safety import opening

    access = desktop_app.access
    opened = opening.check_on_open(target, access)
    if opened is None:
        return 0
    try:
        database = open_read_only(opened) if access.read_only else init_db(opened)
    except DomainError as exc:
        QMessageBox.critical(None, APP_NAME, exc.message)
        return 1
    if not USER_REGISTER.has_users():
        if access.read_only:
            QMessageBox.critical(None, APP_NAME, "该数据库尚无用户，只读打开时不能建立")
            return 1
        wizard = SetupWizard()
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return 0
    label = str(database_path(database) or target)
    if access.read_only:
        label += "（只读）"  # it may be a backup: do not remember it as "the" database
    else:
        settings().setValue("database", str(database_path(database) or target))
    login = LoginDialog(label)
    if login.exec() != QDialog.DialogCode.Accepted or login.actor is None:
        return 0
    desktop_app.sign_in(login.actor.username)
    window = show_main_window(login.actor, label, opened, access)
    code = app.exec()
    del window  # referenced until the event loop ends: without it Python would delete the window at once
    return code


def show_main_window(actor: Actor, label: str, opened: Path | str, access: Access) -> MainWindow:
    """The main window after login: shown, with the automatic backups and the check of the file's pages
    (a large file's pages are read once the window is up) started."""
    from desktop.ui.main_window import MainWindow
    from desktop.ui.safety import opening
    from desktop.ui.safety.auto_backup import AutoBackup

    window = MainWindow(actor, label, access)
    if access.note:
        window.statusBar().showMessage(access.note, 60_000)
    auto_backup = AutoBackup(window, access=access)
    auto_backup.failed.connect(window.statusBar().showMessage)
    window.show()
    opening.check_pages_later(opened, window, access)
    return window
