"""帮助 → 关于: the dialog names the version, the database, the report fonts in use and the bundled licences."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel

from desktop import APP_NAME, __version__
from desktop.report.fonts import get_fonts
from desktop.resources import resources_dir
from desktop.ui.about import AboutDialog, about_text, components
from desktop.ui.icon import app_icon


def test_about_dialog_names_version_database_fonts_and_licences(qtbot, tmp_path):
    database = str(tmp_path / "office.sqlite3")
    dialog = AboutDialog(database)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    shot = dialog.grab()
    assert not shot.isNull()
    assert shot.save(str(tmp_path / "about.png"))
    text = dialog.details.toPlainText()
    header = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert f"版本 {__version__}" in header
    assert database in text
    for family in {c.family for c in get_fonts().roles.values()}:
        assert family in text
    for licence in ("LGPL-3.0", "SIL Open Font License 1.1", "Apache License 2.0", "MIT", "BSD"):
        assert licence in text
    assert APP_NAME in dialog.windowTitle()


def test_copied_text_and_licence_files_exist(qtbot, tmp_path):
    text = about_text("D:/台账/zwgk.sqlite3")
    assert f"{APP_NAME} {__version__}" in text and "D:/台账/zwgk.sqlite3" in text
    dialog = AboutDialog("x")
    qtbot.addWidget(dialog)
    dialog._on_copy_clicked()
    assert QApplication.clipboard().text().startswith(f"{APP_NAME} {__version__}")
    # Every licence text the dialog points to ships in resources/ (python-packages/ and Python-PSF.txt are
    # copied there by the installer build, so a checkout does not have them).
    for c in components():
        if "python-packages" not in c.text and "Python-PSF" not in c.text:
            assert (resources_dir() / c.text).exists(), c.text
    assert not app_icon().isNull()
    assert Path(resources_dir() / "icons" / "zwgk.ico").stat().st_size > 1000
