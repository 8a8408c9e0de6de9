"""One writer per SQLite file: the lock names its holder, dead and silent holders are taken over, and a database
opened read-only refuses every write with a clear message while reading works."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop.db import close_db, init_db
from desktop.db import lock as db_lock
from desktop.db.lock import DatabaseInUse, acquire, lock_path, read_holder
from desktop.db.models import Setting
from desktop.db.readonly import ReadOnlyError, is_read_only, open_read_only
from desktop.registers import ALL, SYSTEM

FMT = "%Y-%m-%dT%H:%M:%S"


def write_lock(db_path: Path, user: str, host: str, pid: int, since: datetime, heartbeat: datetime | None = None):
    lock_path(db_path).write_text(
        json.dumps(
            {
                "user": user,
                "host": host,
                "pid": pid,
                "since": since.strftime(FMT),
                "heartbeat": (heartbeat or since).strftime(FMT),
                "token": "theirs",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.fixture
def dbpath(tmp_path) -> Path:
    return tmp_path / "zwgk.sqlite3"


def test_acquire_writes_who_where_and_since_and_release_removes_it(dbpath):
    lock = acquire(dbpath, "张三")
    data = json.loads(lock_path(dbpath).read_text(encoding="utf-8"))
    assert data["user"] == "张三" and data["host"] == socket.gethostname() and data["pid"] == os.getpid()
    assert abs(datetime.strptime(data["since"], FMT) - datetime.now()) < timedelta(minutes=1)
    assert lock.note == ""
    lock.release()
    assert not lock_path(dbpath).exists()


def test_a_second_copy_is_told_who_has_it_open_and_since_when(dbpath):
    since = datetime(2015, 10, 12, 9, 30)
    write_lock(dbpath, "张三", "PC-01", 4242, since, heartbeat=datetime.now() - timedelta(minutes=3))
    with pytest.raises(DatabaseInUse) as caught:
        acquire(dbpath, "李四")
    assert caught.value.message == "该数据库正由 张三（PC-01）于 2015-10-12 09:30 打开使用"
    assert caught.value.holder.user == "张三"
    assert read_holder(dbpath).user == "张三"  # untouched


def test_the_same_pc_holding_it_in_a_live_process_is_refused(dbpath):
    first = acquire(dbpath, "张三")
    with pytest.raises(DatabaseInUse, match=f"张三（{socket.gethostname()}）"):
        acquire(dbpath, "李四")
    first.release()
    acquire(dbpath, "李四").release()


def test_a_dead_process_lock_is_taken_over_with_a_note(dbpath):
    write_lock(dbpath, "张三", socket.gethostname(), dead_pid(), datetime(2015, 10, 12, 9, 30), datetime.now())
    lock = acquire(dbpath, "李四")
    assert read_holder(dbpath).user == "李四" and read_holder(dbpath).token == lock.holder.token
    assert lock.previous.user == "张三"
    assert "张三" in lock.note and "未正常关闭" in lock.note and "已接管" in lock.note
    lock.release()


def test_another_pc_counts_as_live_until_twelve_hours_without_heartbeat(dbpath):
    since = datetime.now() - timedelta(days=2)
    write_lock(dbpath, "张三", "PC-01", 4242, since, heartbeat=datetime.now() - timedelta(hours=11))
    with pytest.raises(DatabaseInUse):
        acquire(dbpath, "李四")
    write_lock(dbpath, "张三", "PC-01", 4242, since, heartbeat=datetime.now() - timedelta(hours=13))
    lock = acquire(dbpath, "李四")
    assert lock.previous.host == "PC-01"
    lock.release()


def test_a_live_pid_without_heartbeat_for_half_a_day_is_another_program(dbpath):
    # After a reboot the old process id may belong to something else: the silent heartbeat gives it away.
    old = datetime.now() - timedelta(hours=13)
    write_lock(dbpath, "张三", socket.gethostname(), os.getppid(), old, old)
    acquire(dbpath, "李四").release()


def test_an_unreadable_lock_file_is_taken_over(dbpath):
    lock_path(dbpath).write_text("{garbage", encoding="utf-8")
    lock = acquire(dbpath, "李四")
    assert read_holder(dbpath).user == "李四"
    lock.release()


def test_touch_refreshes_the_heartbeat_and_the_user_and_notices_a_takeover(dbpath):
    lock = acquire(dbpath, "OS登录名")
    stale = datetime.now() - timedelta(hours=1)
    write_lock(dbpath, "OS登录名", socket.gethostname(), os.getpid(), stale, stale)
    # A rewritten file with another token is someone else's: touch says so and release leaves it alone.
    assert not lock.touch()
    lock.release()
    assert read_holder(dbpath).token == "theirs"
    lock_path(dbpath).unlink()
    lock = acquire(dbpath, "OS登录名")
    assert lock.touch("王五")
    holder = read_holder(dbpath)
    assert holder.user == "王五" and holder.token == lock.holder.token
    with lock:
        pass
    assert not lock_path(dbpath).exists()


def test_pid_alive():
    assert db_lock.pid_alive(os.getpid())
    assert not db_lock.pid_alive(dead_pid())
    assert not db_lock.pid_alive(0)


# -- read-only --------------------------------------------------------------------------------------------------


@pytest.fixture
def filled(catalogue, tmp_path) -> Path:
    path = tmp_path / "test.sqlite3"
    close_db()
    return path


def test_read_only_reads_but_refuses_every_write_with_a_clear_message(filled):
    before = hashlib.sha256(filled.read_bytes()).hexdigest()
    open_read_only(filled)
    try:
        assert is_read_only()
        units = ALL["unit"]
        assert units.select().count() == 3
        record = units.select().first()
        with pytest.raises(ReadOnlyError, match="只读"):
            units.save({"name": "新单位", "code": "XX", "kind": "职能部门"}, SYSTEM)
        with pytest.raises(ReadOnlyError, match="只读"):
            units.save({"staff_count": 9}, SYSTEM, record_id=record.id, expected_version=record.version)
        with pytest.raises(ReadOnlyError, match="只读"):
            Setting.create(key="x", value="y")  # a write outside write_transaction is refused by SQLite itself
        assert units.select().count() == 3
    finally:
        close_db()
    assert hashlib.sha256(filled.read_bytes()).hexdigest() == before
    init_db(filled)
    assert not is_read_only()
    close_db()


def test_read_only_refuses_files_that_are_not_ours_or_need_a_migration(tmp_path):
    import sqlite3

    from desktop.domain.errors import DomainError

    with pytest.raises(DomainError, match="不存在"):
        open_read_only(tmp_path / "none.sqlite3")
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(DomainError, match="不是本软件的数据库"):
        open_read_only(empty)
    blank = tmp_path / "blank.sqlite3"  # a SQLite file without tables: init_db would create them, which writes
    con = sqlite3.connect(blank)
    con.execute("CREATE TABLE t (x)")
    con.execute("DROP TABLE t")
    con.close()
    with pytest.raises(DomainError, match="升级"):
        open_read_only(blank)
    close_db()
