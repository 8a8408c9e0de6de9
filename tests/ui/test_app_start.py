"""The start of `zwgk` around the login dialog (desktop/ui/app.py): what comes before the database, and the main
window after login. The start-up benchmark (tests/benchmarks/startup.py) times these same functions."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtWidgets import QApplication

from desktop.domain import vocab
from desktop.registers import Actor
from desktop.ui import app as start
from desktop.ui.errors import _excepthook
from desktop.ui.safety import auto_backup, opening, writer


@pytest.fixture
def restored(monkeypatch, tmp_path):
    """prepare() changes process-wide state: put it back after the test."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "data"))
    interval, hook, handlers = sys.getswitchinterval(), sys.excepthook, list(logging.getLogger().handlers)
    application = QApplication.instance()
    name, translators = application.applicationName(), []
    monkeypatch.setattr(application, "installTranslator", lambda t: translators.append(t) or True)
    yield translators
    for handler in logging.getLogger().handlers:
        if handler not in handlers:
            logging.getLogger().removeHandler(handler)
            handler.close()
    sys.setswitchinterval(interval)
    sys.excepthook = hook
    application.setApplicationName(name)


def test_prepare_names_the_app_sets_its_icon_translations_log_and_gil_switch(qapp, restored, tmp_path):
    start.prepare(qapp)
    assert qapp.applicationName() == "政务公开台账" and not qapp.windowIcon().isNull()
    assert restored, "Qt's Chinese translations were not loaded"
    assert any(t.translate("QPlatformTheme", "Cancel") == "取消" for t in restored)
    log_files = list((tmp_path / "data").rglob("zwgk.log"))
    assert len(log_files) == 1
    assert sys.excepthook is _excepthook
    assert sys.getswitchinterval() == pytest.approx(start.GUI_SWITCH_INTERVAL)


def test_the_main_window_after_login_shows_with_backups_and_the_page_check_started(
    catalogue, tmp_path, qtbot, monkeypatch
):
    from desktop.db.connection import database_path, database_proxy

    path = database_path(database_proxy.obj)
    if path is None:
        pytest.skip("a SQLite file: the lock and the page check are about files")
    checked = []
    monkeypatch.setattr(
        opening, "check_pages_later", lambda opened, parent=None, access=None: checked.append((opened, parent))
    )
    access = writer.take_database(path, "admin")
    try:
        window = start.show_main_window(Actor("admin", vocab.ROLE_ADMIN), str(path), path, access)
        qtbot.addWidget(window)
        assert window.isVisible() and window.findChildren(auto_backup.AutoBackup)
        assert checked == [(path, window)]
    finally:
        access.release()


def test_a_closed_main_window_no_longer_follows_saves(catalogue, qtbot):
    """The window listens to the app-wide records_changed; once deleted it must not be called (a save made by
    a dialog or a test after it would raise)."""
    import shiboken6

    from desktop.ui.main_window import MainWindow
    from desktop.ui.signals import signals

    window = MainWindow(Actor("admin", vocab.ROLE_ADMIN), "test")
    window.show()
    shiboken6.delete(window)
    signals.records_changed.emit("window")  # pytest-qt fails the test on an exception in a slot
