"""The safety dialogs: a bad file on open (nothing changed before the user chooses), the one-writer lock with
read-only opening, 备份到…, 从备份恢复…, automatic backups, and two forms saving one record."""

from __future__ import annotations

import hashlib
import json
import socket
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.db import close_db
from desktop.db.lock import lock_path, read_holder
from desktop.db.readonly import open_read_only
from desktop.domain import vocab
from desktop.exchange import backup, open_check
from desktop.exchange.open_check import LATER, NEW_DATABASE, OPEN_BACKUP, QUIT, RESTORE_NOW
from desktop.registers import ALL, Actor
from desktop.ui import background
from desktop.ui.register_page import RegisterPage
from desktop.ui.safety import auto_backup, backup_dialogs, choice, opening, writer

ADMIN = Actor("admin", vocab.ROLE_ADMIN)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def break_schema(path: Path) -> None:
    """Damage the first page, which holds the list of tables: what the check on opening reads."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for i in range(100, page):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def flip_middle_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    start = (len(data) // page // 2) * page
    for i in range(start, start + page):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


class Chooser:
    """Stands in for the message box: records what was asked and answers with a given button label."""

    def __init__(self, answer: str | None):
        self.answer = answer
        self.calls: list[tuple[str, str, list[str]]] = []

    def __call__(self, parent, title, text, options, details=""):
        self.calls.append((title, text, list(options)))
        return self.answer


@pytest.fixture(autouse=True)
def taken(monkeypatch):
    """`writer.take_database`, with every access it gives released when the test ends (the app releases its own)."""
    accesses = []
    real = writer.take_database

    def take(*args, **kwargs):
        access = real(*args, **kwargs)
        accesses.append(access)
        return access

    monkeypatch.setattr(writer, "take_database", take)
    yield
    for access in accesses:
        if access is not None:
            access.release()


@pytest.fixture
def dbpath(catalogue, tmp_path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def with_backup(dbpath) -> Path:
    """A good backup from yesterday, then the database closed (as before start-up)."""
    made = backup.make_backup()
    older = made.with_name(f"test-{datetime.now() - timedelta(days=1):%Y%m%d-%H%M%S}.sqlite3")
    made.rename(older)
    close_db()
    return older


# -- on open ----------------------------------------------------------------------------------------------------


def test_a_good_file_opens_without_a_question(dbpath, monkeypatch, qtbot):
    close_db()
    chooser = Chooser(QUIT)
    monkeypatch.setattr(choice, "choose", chooser)
    assert opening.check_on_open(dbpath) == dbpath
    assert opening.check_on_open(dbpath.parent / "first-start.sqlite3") == dbpath.parent / "first-start.sqlite3"
    assert chooser.calls == []


def test_a_corrupt_file_is_left_alone_until_the_user_chooses(with_backup, dbpath, monkeypatch, qtbot):
    break_schema(dbpath)
    before = sha256(dbpath)
    chooser = Chooser(QUIT)
    monkeypatch.setattr(choice, "choose", chooser)
    assert opening.check_on_open(dbpath) is None
    ((title, text, options),) = chooser.calls
    assert "损坏" in text and "没有被改动" in text and f"{datetime.now() - timedelta(days=1):%Y-%m-%d}" in text
    assert options == [OPEN_BACKUP, QUIT]
    assert sha256(dbpath) == before
    assert list(dbpath.parent.glob("test.before-restore-*")) == []
    # A read-only SQLite connection may leave an empty -wal beside a WAL file: never any content.
    assert not Path(f"{dbpath}-wal").exists() or Path(f"{dbpath}-wal").stat().st_size == 0


def test_opening_the_newest_good_backup_restores_it_and_keeps_the_bad_file(
    with_backup, dbpath, monkeypatch, qtbot, no_blocking_dialogs
):
    break_schema(dbpath)
    bad = sha256(dbpath)
    monkeypatch.setattr(choice, "choose", Chooser(OPEN_BACKUP))
    assert opening.check_on_open(dbpath) == dbpath
    assert "information" in no_blocking_dialogs
    assert backup.check_database_file(dbpath, full=True).ok
    kept = list(dbpath.parent.glob("test.before-restore-*.sqlite3"))
    assert len(kept) == 1 and sha256(kept[0]) == bad
    assert ALL["unit"].select().count() == 3
    close_db()


def test_a_small_file_with_a_damaged_page_is_refused_before_opening(with_backup, dbpath, monkeypatch, qtbot):
    flip_middle_page(dbpath)  # only reading every page finds it
    chooser = Chooser(QUIT)
    monkeypatch.setattr(choice, "choose", chooser)
    assert opening.check_on_open(dbpath) is None
    assert "损坏" in chooser.calls[0][1]


def test_a_large_file_opens_at_once_and_the_check_after_start_offers_the_backup(
    with_backup, dbpath, monkeypatch, qtbot, inline
):
    monkeypatch.setattr(open_check, "CHECK_BEFORE_OPENING_BYTES", 0)  # every file counts as large
    flip_middle_page(dbpath)
    before = sha256(dbpath)
    chooser = Chooser(LATER)
    monkeypatch.setattr(choice, "choose", chooser)
    assert opening.check_on_open(dbpath) == dbpath
    assert chooser.calls == []
    restores = []
    monkeypatch.setattr(backup_dialogs, "restore_dialog", lambda parent=None, access=None: restores.append(parent))
    opening.check_pages_later(dbpath)
    ((title, text, options),) = chooser.calls
    assert "损坏" in text and "从备份恢复" in text and options == [RESTORE_NOW, LATER]
    assert restores == [] and sha256(dbpath) == before
    chooser.answer = RESTORE_NOW
    opening.check_pages_later(dbpath)
    assert restores == [None]


def test_a_large_file_left_by_a_crash_is_checked_page_by_page_before_opening(
    with_backup, dbpath, monkeypatch, qtbot, inline
):
    monkeypatch.setattr(open_check, "CHECK_BEFORE_OPENING_BYTES", 0)
    then = (datetime.now() - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%S")
    lock_path(dbpath).write_text(  # a session on this PC that never closed: its process is gone
        json.dumps(
            {
                "user": "张三",
                "host": socket.gethostname(),
                "pid": 999_999_999,
                "since": then,
                "heartbeat": then,
                "token": "t",
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(choice, "choose", Chooser(QUIT))
    access = writer.take_database(dbpath, "李四")
    assert access is not None and not access.read_only and access.lock.previous is not None
    flip_middle_page(dbpath)
    chooser = Chooser(QUIT)
    monkeypatch.setattr(choice, "choose", chooser)
    assert opening.check_on_open(dbpath, access) is None
    assert "损坏" in chooser.calls[0][1]


def test_a_sound_file_passes_the_check_after_start_without_a_word(dbpath, monkeypatch, qtbot, inline):
    close_db()
    monkeypatch.setattr(open_check, "CHECK_BEFORE_OPENING_BYTES", 0)
    chooser = Chooser(LATER)
    monkeypatch.setattr(choice, "choose", chooser)
    assert opening.check_on_open(dbpath) == dbpath
    opening.check_pages_later(dbpath)
    assert chooser.calls == []


def test_a_file_checked_page_by_page_on_opening_is_not_read_again_after_start(dbpath, monkeypatch, qtbot):
    close_db()
    assert opening.check_on_open(dbpath) == dbpath  # small: every page read before opening
    started = []
    monkeypatch.setattr(opening, "run_in_background", lambda *a, **k: started.append(a))
    opening.check_pages_later(dbpath)
    assert started == []


def test_a_file_from_a_newer_version_is_explained(with_backup, dbpath, monkeypatch, qtbot):
    import sqlite3

    from desktop.db import migrations

    con = sqlite3.connect(dbpath)
    con.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    con.close()
    before = sha256(dbpath)
    chooser = Chooser(QUIT)
    monkeypatch.setattr(choice, "choose", chooser)
    assert opening.check_on_open(dbpath) is None
    assert "更新版本" in chooser.calls[0][1]
    assert sha256(dbpath) == before


def test_a_missing_database_beside_its_backups_is_not_silently_recreated(with_backup, dbpath, monkeypatch, qtbot):
    dbpath.unlink()
    chooser = Chooser(OPEN_BACKUP)
    monkeypatch.setattr(choice, "choose", chooser)
    assert opening.check_on_open(dbpath) == dbpath
    assert chooser.calls[0][2] == [OPEN_BACKUP, NEW_DATABASE, QUIT]
    assert ALL["unit"].select().count() == 3
    close_db()


def test_read_only_with_a_bad_file_opens_the_backup_itself(with_backup, dbpath, monkeypatch, qtbot):
    now = datetime.now().strftime("%Y-%m-%dT%H:%M:%S")
    lock_path(dbpath).write_text(
        json.dumps({"user": "张三", "host": "PC-01", "pid": 1, "since": now, "heartbeat": now, "token": "t"}),
        encoding="utf-8",
    )
    monkeypatch.setattr(choice, "choose", Chooser(writer.READ_ONLY))
    access = writer.take_database(dbpath, "李四")
    assert access.read_only
    break_schema(dbpath)
    before = sha256(dbpath)
    monkeypatch.setattr(choice, "choose", Chooser(OPEN_BACKUP))
    assert opening.check_on_open(dbpath, access) == with_backup
    assert sha256(dbpath) == before


# -- one writer -------------------------------------------------------------------------------------------------


def test_the_writer_takes_the_lock_and_names_the_user_after_login(dbpath, monkeypatch, qtbot):
    chooser = Chooser(QUIT)
    monkeypatch.setattr(choice, "choose", chooser)
    access = writer.take_database(dbpath, "os-login")
    assert access is not None and not access.read_only and chooser.calls == []
    access.sign_in("张三")
    assert read_holder(dbpath).user == "张三"
    access.release()
    assert not lock_path(dbpath).exists()


def test_a_second_copy_is_told_who_holds_it_and_may_open_read_only(dbpath, monkeypatch, qtbot):
    since = datetime(2015, 10, 12, 9, 30)
    lock_path(dbpath).write_text(
        json.dumps(
            {
                "user": "张三",
                "host": "PC-01",
                "pid": 1,
                "since": since.isoformat(),
                "heartbeat": datetime.now().strftime("%Y-%m-%dT%H:%M:%S"),
                "token": "t",
            }
        ),
        encoding="utf-8",
    )
    chooser = Chooser(QUIT)
    monkeypatch.setattr(choice, "choose", chooser)
    assert writer.take_database(dbpath, "李四") is None
    text = chooser.calls[0][1]
    assert "该数据库正由 张三（PC-01）于 2015-10-12 09:30 打开使用" in text and "只读" in text
    assert chooser.calls[0][2] == [writer.READ_ONLY, QUIT]
    monkeypatch.setattr(choice, "choose", Chooser(writer.READ_ONLY))
    access = writer.take_database(dbpath, "李四")
    assert access.read_only and access.lock is None
    assert read_holder(dbpath).user == "张三"


def test_a_read_only_page_keeps_the_typed_values_and_says_why_it_cannot_save(dbpath, qtbot):
    close_db()
    open_read_only(dbpath)
    page = RegisterPage(ALL["unit"], ADMIN)
    qtbot.addWidget(page)
    page.form.editors["name"].edit.setText("新单位")
    page.form.editors["code"].edit.setText("XX")
    kind = page.form.editors["kind"].combo
    kind.setCurrentIndex(kind.findText("职能部门"))
    assert not page.save()
    assert "只读" in page.form.banner.text()
    assert page.form.editors["name"].raw() == "新单位"
    close_db()


def test_two_forms_on_one_record_the_second_save_is_refused_and_keeps_its_text(dbpath, qtbot, no_blocking_dialogs):
    units = ALL["unit"]
    record = units.select().where(units.model.code == "GS").get()
    first, second = RegisterPage(units, ADMIN), RegisterPage(units, Actor("另一位", vocab.ROLE_ADMIN))
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    first.open_record(record.id)
    second.open_record(record.id)
    first.form.editors["name"].edit.setText("工商（第一个窗口）")
    assert first.save()
    second.form.editors["name"].edit.setText("工商（第二个窗口）")
    assert not second.save()
    assert "已被admin于" in second.form.banner.text() and "未写入" in second.form.banner.text()
    assert second.form.editors["name"].raw() == "工商（第二个窗口）"  # what was typed is kept
    assert units.get(record.id).name == "工商（第一个窗口）"


# -- backups from the menu and on a timer ---------------------------------------------------------------------


@pytest.fixture
def inline(monkeypatch):
    monkeypatch.setattr(background, "SYNCHRONOUS", True)


def test_backup_to_a_folder(dbpath, tmp_path, monkeypatch, qtbot, inline, no_blocking_dialogs):
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    backup_dialogs.backup_to_dialog(None)
    assert len(backup.list_backups(usb)) == 1
    assert no_blocking_dialogs == ["information"]


def test_restore_from_the_menu(dbpath, tmp_path, monkeypatch, qtbot, no_blocking_dialogs):
    saved = backup.make_backup()
    ALL["unit"].save({"name": "备份之后", "code": "BH", "kind": "职能部门"}, ADMIN)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(saved), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    result = backup_dialogs.restore_dialog(None)
    assert result is not None and result.kept is not None
    assert ALL["unit"].select().count() == 3
    assert no_blocking_dialogs == ["information"]


def test_restore_from_the_menu_refuses_a_bad_file_and_changes_nothing(
    dbpath, tmp_path, monkeypatch, qtbot, no_blocking_dialogs
):
    other = tmp_path / "other.sqlite3"
    other.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes)
    assert backup_dialogs.restore_dialog(None) is None
    assert asked == []
    assert ALL["unit"].select().count() == 3
    assert list(tmp_path.glob("test.before-restore-*")) == []


def test_restore_is_not_offered_read_only(dbpath, monkeypatch, qtbot, no_blocking_dialogs):
    close_db()
    open_read_only(dbpath)
    picked = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: picked.append(1) or ("", ""))
    assert backup_dialogs.restore_dialog(None) is None
    assert picked == []
    close_db()


def test_auto_backup_on_start_then_only_when_due(dbpath, qtbot, inline):
    auto = auto_backup.AutoBackup(start_delay_ms=0)
    folder = backup.backups_dir(dbpath)
    qtbot.waitUntil(lambda: len(backup.list_backups(folder)) == 1, timeout=5000)
    assert auto.timer.isActive()
    auto.run()  # not due: the newest is minutes old
    assert len(backup.list_backups(folder)) == 1
    newest = backup.list_backups(folder)[0].path
    newest.rename(newest.with_name(f"test-{datetime.now() - timedelta(hours=5):%Y%m%d-%H%M%S}.sqlite3"))
    with qtbot.waitSignal(auto.backed_up, timeout=5000):
        auto.run()
    assert backup.list_backups(folder)[0].taken > datetime.now() - timedelta(minutes=1)


def test_auto_backup_is_off_read_only(dbpath, qtbot, inline):
    close_db()
    open_read_only(dbpath)
    auto = auto_backup.AutoBackup(start_delay_ms=0)
    assert not auto.enabled and not auto.timer.isActive()
    close_db()


def test_auto_backup_failure_is_reported_once(dbpath, qtbot, inline, monkeypatch):
    from desktop.domain.errors import DomainError

    def full(*a, **k):
        raise DomainError("备份失败：磁盘已满")

    shown = []
    monkeypatch.setattr(backup, "make_backup", full)
    monkeypatch.setattr(auto_backup, "error_dialog", lambda parent, message, *a: shown.append(message))
    auto = auto_backup.AutoBackup(start_delay_ms=60_000)
    messages = []
    auto.failed.connect(messages.append)
    auto.run(force=True)
    auto.run(force=True)
    assert messages == ["备份失败：磁盘已满"] * 2  # for the status bar, every time
    assert len(shown) == 1 and "磁盘已满" in shown[0]  # a dialog only once per session
    assert not auto.running


def test_choose_returns_the_label_of_the_button_clicked(monkeypatch, qtbot):
    monkeypatch.setattr(QMessageBox, "exec", lambda box: box.buttons()[-1].click())
    assert choice.choose(None, "标题", "正文", [OPEN_BACKUP, QUIT]) in (OPEN_BACKUP, QUIT)

    def click(label):
        def exec_(box):
            next(b for b in box.buttons() if b.text() == label).click()

        return exec_

    for label in (OPEN_BACKUP, QUIT):
        monkeypatch.setattr(QMessageBox, "exec", click(label))
        assert choice.choose(None, "标题", "正文", [OPEN_BACKUP, QUIT], details="x") == label
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    assert choice.choose(None, "标题", "正文", [QUIT]) is None
