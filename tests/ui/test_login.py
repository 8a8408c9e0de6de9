"""First start and sign-in: choosing the database, the first administrator, the login dialog."""

from __future__ import annotations

import sqlite3

from desktop.domain import vocab
from desktop.registers import SYSTEM
from desktop.registers.users import USER_REGISTER
from desktop.ui.login import DatabaseWizard, LoginDialog, SetupWizard


def test_login_keeps_the_username_and_says_what_is_wrong(db, qtbot):
    USER_REGISTER.add("zhang", "long enough pw", vocab.ROLE_OFFICE, SYSTEM)
    dialog = LoginDialog("test.sqlite3")
    qtbot.addWidget(dialog)
    dialog.username.setText("zhang")
    dialog.password.setText("wrong password")
    dialog.try_login()
    assert dialog.actor is None and "密码错误" in dialog.message.text()
    assert dialog.username.text() == "zhang" and dialog.password.text() == ""
    dialog.password.setText("long enough pw")
    dialog.try_login()
    assert dialog.actor is not None and dialog.actor.role == vocab.ROLE_OFFICE


def test_database_page_refuses_a_foreign_file_and_accepts_a_new_one(qtbot, tmp_path):
    wizard = DatabaseWizard()
    qtbot.addWidget(wizard)
    page = wizard.page(wizard.startId())
    foreign = tmp_path / "other.sqlite3"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    page.other.setChecked(True)
    page.path.setText(str(foreign))
    assert not page.validatePage() and "不是本软件" in page.message.text()
    page.path.setText(str(tmp_path / "new.sqlite3"))
    assert page.validatePage() and wizard.database == tmp_path / "new.sqlite3"
    assert not (tmp_path / "new.sqlite3").exists()  # only chosen here; opened (with the lock) at start-up


def test_first_administrator_is_created_with_matching_passwords(db, qtbot):
    wizard = SetupWizard()
    qtbot.addWidget(wizard)
    page = wizard.admin_page
    page.username.setText("admin")
    page.full_name.setText("管理员甲")
    page.password.setText("long enough pw")
    page.repeat.setText("another pw!!")
    assert not page.validatePage() and "不一致" in page.message.text()
    page.password.setText("short")
    page.repeat.setText("short")
    assert not page.validatePage() and "8" in page.message.text()
    assert page.username.text() == "admin"
    page.password.setText("long enough pw")
    page.repeat.setText("long enough pw")
    assert page.validatePage()
    assert USER_REGISTER.authenticate("admin", "long enough pw").role == vocab.ROLE_ADMIN
