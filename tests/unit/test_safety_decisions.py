"""What the safety dialogs decide, without Qt: which state a database file is in and what to offer on opening
(exchange/open_check.py), the writer lock as an object a program holds (db.lock.WriterLock, Access), and when the
automatic backups run (exchange/backup_schedule.py)."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import peewee as pw
import pytest

from desktop.db import close_db, migrations
from desktop.db.connection import database_proxy
from desktop.db.lock import Access, DatabaseInUse, WriterLock, lock_path, read_holder
from desktop.db.readonly import open_read_only
from desktop.domain.errors import DomainError
from desktop.exchange import backup, open_check
from desktop.exchange.backup_schedule import BackupSchedule
from desktop.exchange.open_check import NEW_DATABASE, OPEN_BACKUP, QUIT
from desktop.exchange.sqlite_file import FileState

pytestmark = pytest.mark.sqlite_only
FMT = "%Y-%m-%dT%H:%M:%S"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def break_schema(path: Path) -> None:
    """Damage the first page, which holds the list of tables: what the check on opening reads."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for i in range(100, page):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def someone_else_holds(db_path: Path, host: str = "PC-01", pid: int = 1, heartbeat: datetime | None = None) -> None:
    beat = (heartbeat or datetime.now()).strftime(FMT)
    lock_path(db_path).write_text(
        json.dumps({"user": "张三", "host": host, "pid": pid, "since": beat, "heartbeat": beat, "token": "theirs"}),
        encoding="utf-8",
    )


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


# -- the file check on opening --------------------------------------------------------------------------------


def test_a_sound_file_and_a_first_start_open_without_a_question(dbpath, tmp_path):
    close_db()
    assert open_check.advise(dbpath) is None
    assert open_check.advise(tmp_path / "first-start.sqlite3") is None


def test_a_damaged_file_is_offered_the_newest_good_backup_and_left_alone(with_backup, dbpath):
    break_schema(dbpath)
    before = sha256(dbpath)
    advice = open_check.advise(dbpath)
    assert advice.check.state is FileState.CORRUPT and advice.good.path == with_backup
    assert advice.options == [OPEN_BACKUP, QUIT]
    assert "没有被改动" in advice.text and f"{with_backup.stat().st_size // 1024} KB" in advice.text
    assert "当前文件会先另存为副本" in advice.text and str(dbpath) in advice.details
    assert sha256(dbpath) == before


def test_a_read_only_copy_is_not_told_its_file_will_be_kept_aside(with_backup, dbpath):
    break_schema(dbpath)
    advice = open_check.advise(dbpath, read_only=True)
    assert advice.options == [OPEN_BACKUP, QUIT] and "另存为副本" not in advice.text


def test_without_a_good_backup_only_quitting_is_offered(dbpath, tmp_path):
    close_db()
    break_schema(dbpath)
    advice = open_check.advise(dbpath)
    assert advice.options == [QUIT] and "没有找到备份" in advice.text
    bad = backup.backups_dir(dbpath) / f"test-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
    bad.parent.mkdir()
    bad.write_bytes(b"not a database")
    advice = open_check.advise(dbpath)
    assert advice.options == [QUIT] and "没有通过检查的备份" in advice.text


def test_a_missing_database_beside_its_backups_offers_the_backup_before_a_new_one(with_backup, dbpath):
    dbpath.unlink()
    advice = open_check.advise(dbpath)
    assert advice.check.state is FileState.NEW and advice.options == [OPEN_BACKUP, NEW_DATABASE, QUIT]
    assert "找不到数据库文件" in advice.text


def test_a_file_from_a_newer_release_is_explained(with_backup, dbpath):
    con = sqlite3.connect(dbpath)
    con.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    con.close()
    advice = open_check.advise(dbpath)
    assert advice.check.state is FileState.NEWER and "更新版本" in advice.text


def test_pages_are_read_before_opening_for_small_files_and_after_a_crash(dbpath, monkeypatch):
    close_db()
    assert open_check.pages_before_opening(dbpath, crashed=False)
    monkeypatch.setattr(open_check, "CHECK_BEFORE_OPENING_BYTES", 0)
    assert not open_check.pages_before_opening(dbpath, crashed=False)
    assert open_check.pages_before_opening(dbpath, crashed=True)


# -- the writer lock --------------------------------------------------------------------------------------------


def test_the_writer_lock_is_taken_renamed_and_released(tmp_path):
    path = tmp_path / "zwgk.sqlite3"
    lock = WriterLock(path, "os-login")
    assert not lock.held and not lock.touch()
    assert lock.acquire() is lock and lock.held and lock.previous is None and lock.note == ""
    assert read_holder(path).user == "os-login" and read_holder(path).pid == os.getpid()
    lock.rename("张三")
    assert read_holder(path).user == "张三" and lock.touch() and lock.heartbeat() is None
    lock.release()
    lock.release()
    assert not lock.held and not lock_path(path).exists()
    with WriterLock(path, "李四") as again:
        assert again.held and read_holder(path).user == "李四"
    assert not lock_path(path).exists()


def test_a_second_writer_is_refused_naming_the_holder(tmp_path):
    path = tmp_path / "zwgk.sqlite3"
    someone_else_holds(path)
    with pytest.raises(DatabaseInUse, match="张三（PC-01）"):
        WriterLock(path, "李四").acquire()
    assert read_holder(path).token == "theirs"


def test_a_lock_left_by_a_crash_is_taken_over_and_says_so(tmp_path):
    path = tmp_path / "zwgk.sqlite3"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    someone_else_holds(path, host=socket.gethostname(), pid=dead.pid, heartbeat=datetime.now() - timedelta(hours=3))
    lock = WriterLock(path, "李四").acquire()
    access = Access(path, lock, False, "李四")
    assert lock.previous.user == "张三" and access.crashed and "未正常关闭" in access.note
    access.release()
    assert not lock_path(path).exists()


def test_a_lost_lock_is_told_once(tmp_path):
    path = tmp_path / "zwgk.sqlite3"
    lock = WriterLock(path, "李四").acquire()
    someone_else_holds(path)
    message = lock.heartbeat()
    assert "已被 张三（PC-01）" in message and "接管" in message
    assert lock.heartbeat() is None  # a warning every five minutes would help nobody
    lock.release()
    assert read_holder(path).token == "theirs"  # never removes someone else's lock
    lock_path(path).unlink()
    lock = WriterLock(path, "李四").acquire()
    lock_path(path).unlink()
    assert lock.touch()  # a deleted lock file is written again: nobody else holds it
    lock.release()


def test_a_postgresql_writer_holds_no_file_but_the_same_object():
    lock = WriterLock("postgresql://zwgk@server/zwgk", "张三")
    assert not lock.file_based
    with lock:
        assert lock.held and lock.touch() and lock.heartbeat() is None and lock.previous is None
    assert not lock.held


def test_access_names_who_acts(tmp_path):
    path = tmp_path / "zwgk.sqlite3"
    read_only = Access(path, None, True)
    assert read_only.acting_user == "系统" and not read_only.crashed and read_only.note == ""
    read_only.sign_in("张三")
    assert read_only.acting_user == "张三"
    read_only.release()  # holds nothing: nothing to give up
    writer = Access(path, WriterLock(path, "os").acquire(), False, "os")
    writer.sign_in("王五")
    assert read_holder(path).user == "王五"
    writer.release()
    assert not lock_path(path).exists()


# -- when the automatic backups run -----------------------------------------------------------------------------


def test_the_schedule_backs_up_at_start_then_when_due_one_at_a_time(dbpath):
    schedule = BackupSchedule(hours=4)
    assert schedule.enabled and schedule.db_path == dbpath
    assert schedule.due()  # no backup yet
    assert schedule.begin(force=True) and schedule.running
    assert not schedule.begin(force=True)  # one at a time
    backup.make_backup(None, "自动", schedule.db_path)
    schedule.done()
    assert not schedule.running and not schedule.due() and not schedule.begin()
    assert schedule.begin(force=True)


def test_no_automatic_backups_read_only_or_on_a_server(dbpath):
    assert not BackupSchedule(read_only=True).enabled  # another copy writes the file and backs it up
    close_db()
    open_read_only(dbpath)
    assert not BackupSchedule().enabled and not BackupSchedule().begin(force=True)
    close_db()
    saved = database_proxy.obj
    database_proxy.initialize(pw.PostgresqlDatabase("zwgk"))
    try:
        schedule = BackupSchedule()  # the server's job (pg_dump)
        assert schedule.db_path is None and not schedule.enabled and not schedule.begin(force=True)
    finally:
        database_proxy.initialize(saved)


def test_a_failure_is_a_dialog_once_and_a_status_message_every_time(dbpath):
    schedule = BackupSchedule()
    schedule.begin(force=True)
    assert schedule.failed(DomainError("备份失败：磁盘已满")) == ("备份失败：磁盘已满", True)
    assert not schedule.running
    schedule.begin(force=True)
    assert schedule.failed(OSError("坏了")) == ("自动备份失败：坏了", False)
