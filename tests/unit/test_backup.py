"""Backups: verified online copies, 7/4/12 rotation, detecting a damaged copy, checking files on open, restoring
with the previous database kept, and every failed restore leaving the current database byte for byte as it was."""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import peewee as pw
import pytest

from desktop.cli import main
from desktop.db import close_db, init_db, migrations
from desktop.db.audit import verify_chain
from desktop.db.connection import database_proxy
from desktop.db.lock import DatabaseInUse, lock_path
from desktop.domain.errors import DomainError
from desktop.exchange import backup
from desktop.exchange import restore as restore_steps
from desktop.exchange.backup import FileState
from desktop.registers import ALL, SYSTEM

UNITS = ALL["unit"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


_codes = itertools.count(1)


def add_unit(name: str) -> None:
    UNITS.save({"name": name, "code": f"X{next(_codes)}", "kind": "职能部门"}, SYSTEM)


def units_in(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM unit")}
    finally:
        con.close()


def fake_backup(folder: Path, stem: str, when: datetime, size: int = 10) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}-{when:%Y%m%d-%H%M%S}.sqlite3"
    path.write_bytes(b"x" * size)
    return path


def flip_middle_page(path: Path) -> None:
    """Damage the copy as a failing disk would: a whole page in the middle of the file turned to garbage."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    start = (len(data) // page // 2) * page
    for i in range(start, start + page):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.fixture
def dbpath(catalogue, tmp_path) -> Path:
    return tmp_path / "test.sqlite3"


def foreign_file(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers (id INTEGER, name TEXT)")
    con.execute("INSERT INTO customers VALUES (1, 'x')")
    con.commit()
    con.close()
    return path


def newer_file(source: Path, path: Path) -> Path:
    made = backup.make_backup(path.parent, db_path=source)
    made.rename(path)
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    con.close()
    return path


def corrupt_file(source: Path, path: Path) -> Path:
    made = backup.make_backup(path.parent, db_path=source)
    made.rename(path)
    flip_middle_page(path)
    return path


# -- making and verifying -------------------------------------------------------------------------------------


def test_backup_goes_beside_the_database_verified_and_self_contained(dbpath):
    path, check = backup.backup_with_check()
    assert path.parent == dbpath.parent / "backups"
    assert backup._parse(path) is not None and path.name.startswith("test-")
    assert check.ok and "完整性检查通过" in check.message and "审计日志完整" in check.message
    assert check.path == path
    assert list(path.parent.glob("*.part")) == []
    assert units_in(path) == {"工商", "收费", "城管局"}
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # no -wal needed beside it
    con.close()
    # The app's binding was not touched by verifying the copy.
    assert database_proxy.obj is not None and Path(database_proxy.obj.database) == dbpath
    assert UNITS.select().count() == 3


def test_backup_is_a_consistent_snapshot_while_another_connection_writes(dbpath):
    writer = sqlite3.connect(dbpath, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE unit SET name = '未提交' WHERE code = 'GS'")
    try:
        path = backup.make_backup()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert "未提交" not in units_in(path) and "工商" in units_in(path)


def test_a_copy_damaged_while_writing_is_never_kept(dbpath, monkeypatch):
    real = backup.copy_database

    def copy_then_damage(source: Path, target: Path) -> None:
        real(source, target)
        flip_middle_page(target)

    monkeypatch.setattr(backup, "copy_database", copy_then_damage)
    with pytest.raises(DomainError, match="备份未通过校验"):
        backup.make_backup()
    assert list((dbpath.parent / "backups").iterdir()) == []


def test_a_backup_damaged_later_is_detected_and_skipped(dbpath):
    made = backup.make_backup()
    older = made.with_name(f"test-{datetime.now() - timedelta(days=1):%Y%m%d-%H%M%S}.sqlite3")
    made.rename(older)  # yesterday's: rotation keeps one a day
    newer = backup.make_backup()
    flip_middle_page(newer)
    check = backup.check_database_file(newer, full=True)
    assert check.state is FileState.CORRUPT and "损坏" in check.message
    assert backup.newest_good_backup(dbpath).path == older


def test_an_altered_audit_entry_in_a_copy_fails_the_full_check(dbpath):
    path = backup.make_backup()
    con = sqlite3.connect(path)
    con.execute("UPDATE audit_log SET username = '别人' WHERE id = 2")
    con.commit()
    con.close()
    assert backup.check_database_file(path).ok  # structurally fine…
    check = backup.check_database_file(path, full=True)
    assert check.state is FileState.CORRUPT and "审计日志第2条内容被改动" in check.message


def test_backup_to_a_folder_is_not_rotated(dbpath, tmp_path):
    usb = tmp_path / "usb"
    for day in range(1, 20):
        fake_backup(usb, "test", datetime(2015, 1, day, 9))
    backup.make_backup(usb, "备份到")
    assert len(backup.list_backups(usb)) == 20


# -- listing and rotating ---------------------------------------------------------------------------------------


def test_rotation_keeps_seven_days_four_weeks_twelve_months(tmp_path):
    folder = tmp_path / "backups"
    last = date(2015, 12, 31)  # a Thursday; ISO week 53 runs Mon 28 Dec – Sun 3 Jan
    for back in range(400):
        day = last - timedelta(days=back)
        for hour in (9, 17):
            fake_backup(folder, "zwgk", datetime(day.year, day.month, day.day, hour))
    strangers = [folder / "readme.txt", folder / "zwgk-手工.sqlite3", folder / "zwgk-20150101-090000.sqlite3.bak"]
    for path in strangers:
        path.write_text("not a backup of ours")
    other_db = fake_backup(folder, "other", datetime(2014, 1, 1, 9))  # another database's single backup

    backup.rotate(folder)

    daily = [date(2015, 12, d) for d in range(25, 32)]
    weekly = [date(2015, 12, 20), date(2015, 12, 13)]  # weeks 53 and 52 end in days already kept
    monthly = [date(2015, m + 1, 1) - timedelta(days=1) for m in range(1, 12)]  # 31 Jan … 30 Nov
    expected = {f"zwgk-{d:%Y%m%d}-170000.sqlite3" for d in daily + weekly + monthly}
    kept = {p.name for p in folder.iterdir() if p.name.startswith("zwgk-") and backup._parse(p)}
    assert kept == expected and len(kept) == 20
    assert all(p.exists() for p in strangers) and other_db.exists()


def test_rotation_counts_days_with_backups_not_calendar_days(tmp_path):
    folder = tmp_path / "backups"
    workdays = [date(2015, 10, 8) + timedelta(days=i) for i in range(14)]
    workdays = [d for d in workdays if d.weekday() < 5]
    for d in workdays:
        fake_backup(folder, "zwgk", datetime(d.year, d.month, d.day, 17))
    backup.rotate(folder, daily=7, weekly=0, monthly=0)
    assert [b.taken.date() for b in backup.list_backups(folder)] == sorted(workdays, reverse=True)[:7]


def test_rotation_never_deletes_the_newest(tmp_path):
    folder = tmp_path / "backups"
    for hour in range(5):
        fake_backup(folder, "zwgk", datetime(2015, 10, 12, 9 + hour))
    backup.rotate(folder, daily=0, weekly=0, monthly=0)
    assert [b.path.name for b in backup.list_backups(folder)] == ["zwgk-20151012-130000.sqlite3"]


def test_list_backups_newest_first_with_time_and_size(tmp_path):
    folder = tmp_path / "backups"
    fake_backup(folder, "zwgk", datetime(2015, 10, 12, 9, 30), size=2048)
    fake_backup(folder, "zwgk", datetime(2015, 10, 13, 9, 30), size=3 * 1_048_576)
    found = backup.list_backups(folder)
    assert [b.taken for b in found] == [datetime(2015, 10, 13, 9, 30), datetime(2015, 10, 12, 9, 30)]
    assert [b.size_text for b in found] == ["3.0 MB", "2 KB"]
    assert backup.list_backups(tmp_path / "missing") == []


def test_due_for_backup(tmp_path):
    folder = tmp_path / "backups"
    assert backup.due_for_backup(folder)
    recent = fake_backup(folder, "zwgk", datetime.now() - timedelta(hours=1))
    assert not backup.due_for_backup(folder, hours=4)
    recent.unlink()
    fake_backup(folder, "zwgk", datetime.now() - timedelta(hours=5))
    assert backup.due_for_backup(folder, hours=4)
    # A backup dated in the future (clock turned back) does not stop backups.
    fake_backup(folder, "zwgk", datetime.now() + timedelta(days=30))
    assert backup.due_for_backup(folder, hours=4)


# -- checking a file --------------------------------------------------------------------------------------------


def test_check_database_file_names_each_problem_and_changes_nothing(dbpath, tmp_path):
    close_db()
    assert backup.check_database_file(dbpath).ok
    text = tmp_path / "notes.sqlite3"
    text.write_text("这不是数据库" * 200, encoding="utf-8")
    cases = [
        (foreign_file(tmp_path / "foreign.sqlite3"), FileState.FOREIGN, "不是本软件的数据库"),
        (newer_file(dbpath, tmp_path / "newer.sqlite3"), FileState.NEWER, "更新版本"),
        (corrupt_file(dbpath, tmp_path / "corrupt.sqlite3"), FileState.CORRUPT, "损坏"),
        (text, FileState.CORRUPT, "不是数据库文件"),
    ]
    for path, state, words in cases:
        before = sha256(path)
        check = backup.check_database_file(path)
        assert check.state is state and words in check.message, check
        assert sha256(path) == before
    assert backup.check_database_file(tmp_path / "none.sqlite3").state is FileState.NEW
    assert backup.check_database_file(tmp_path).state is FileState.FOREIGN


def test_the_check_on_opening_reads_the_schema_not_every_page(dbpath, tmp_path):
    close_db()
    damaged = corrupt_file(dbpath, tmp_path / "damaged.sqlite3")
    assert backup.check_database_file(damaged, pages=False).ok  # a damaged data page: found later, not here
    check = backup.check_database_file(damaged)
    assert check.state is FileState.CORRUPT
    # SQLite's report runs to many lines: the message keeps the first, the report (详细信息) all of them.
    assert "\n" not in check.message and check.report and check.report.splitlines()[0] in check.message
    for path, state in (
        (foreign_file(tmp_path / "f.sqlite3"), FileState.FOREIGN),
        (newer_file(dbpath, tmp_path / "n.sqlite3"), FileState.NEWER),
    ):
        assert backup.check_database_file(path, pages=False).state is state
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 64)
    assert backup.check_database_file(garbage, pages=False).state is FileState.CORRUPT


# -- restoring --------------------------------------------------------------------------------------------------


def test_restore_swaps_in_the_backup_and_keeps_the_previous_database(dbpath):
    saved = backup.make_backup()
    add_unit("新增单位")
    result = restore_steps.restore_database(saved, by="admin")
    assert result.db_path == dbpath and result.backup == saved
    assert result.kept.name.startswith("test.before-restore-") and result.kept.suffix == ".sqlite3"
    # The app is bound to the restored database and works.
    assert {u.name for u in UNITS.select()} == {"工商", "收费", "城管局"}
    add_unit("恢复后新增")
    assert verify_chain().ok
    from desktop.db.audit import AuditEntry

    entry = AuditEntry.select().where(AuditEntry.action == "恢复备份").get()
    assert entry.username == "admin" and saved.name in entry.record_label
    # The previous database, -wal and all, is kept: its last unit is there.
    close_db()
    assert "新增单位" in units_in(result.kept)
    assert "恢复后新增" in units_in(dbpath) and "新增单位" not in units_in(dbpath)


@pytest.mark.parametrize("kind", ["foreign", "newer", "corrupt", "missing", "itself"])
def test_restore_of_a_bad_file_is_refused_and_the_database_is_byte_identical(dbpath, tmp_path, kind):
    close_db()
    bad = {
        "foreign": lambda: foreign_file(tmp_path / "bad.sqlite3"),
        "newer": lambda: newer_file(dbpath, tmp_path / "bad.sqlite3"),
        "corrupt": lambda: corrupt_file(dbpath, tmp_path / "bad.sqlite3"),
        "missing": lambda: tmp_path / "bad.sqlite3",
        "itself": lambda: dbpath,
    }[kind]()
    before = sha256(dbpath)
    init_db(dbpath)
    with pytest.raises(DomainError) as caught:
        restore_steps.restore_database(bad)
    assert caught.value.message and any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)
    assert UNITS.select().count() == 3  # still open and working
    close_db()
    assert sha256(dbpath) == before
    assert sorted(p.name for p in tmp_path.glob("test.*")) == ["test.sqlite3"]


STEPS = ["_stage", "_keep_copy", "_swap", "_remove_index_files", "init_db", "_log_restore"]


@pytest.mark.parametrize("step", STEPS)
def test_a_failure_at_any_step_of_restore_leaves_the_database_as_it_was(dbpath, tmp_path, monkeypatch, step):
    saved = backup.make_backup()
    add_unit("备份之后")
    close_db()
    before = sha256(dbpath)
    init_db(dbpath)
    if step == "init_db":
        import desktop.db

        real = desktop.db.init_db
        calls = []

        def fail_first(target, **kwargs):  # the reopen after the swap fails; reopening the old one works
            calls.append(target)
            if len(calls) == 1:
                raise DomainError("模拟：打开失败")
            return real(target, **kwargs)

        monkeypatch.setattr(desktop.db, "init_db", fail_first)
    else:

        def broken(*args, **kwargs):
            raise OSError(28, "模拟：磁盘已满")

        monkeypatch.setattr(restore_steps, step, broken)
    with pytest.raises(DomainError, match="当前数据库未改变"):
        restore_steps.restore_database(saved)
    monkeypatch.undo()
    assert "备份之后" in {u.name for u in UNITS.select()}  # reopened, as it was
    close_db()
    assert sha256(dbpath) == before
    assert not list(tmp_path.glob("*.part"))
    assert not Path(f"{dbpath}-wal").exists() or Path(f"{dbpath}-wal").stat().st_size == 0


def test_restore_is_refused_while_another_pc_holds_the_database(dbpath):
    saved = backup.make_backup()
    now = datetime.now().strftime("%Y-%m-%dT%H:%M:%S")
    lock_path(dbpath).write_text(
        json.dumps({"user": "张三", "host": "PC-01", "pid": 4242, "since": now, "heartbeat": now, "token": "other"}),
        encoding="utf-8",
    )
    with pytest.raises(DatabaseInUse, match="张三（PC-01）"):
        restore_steps.restore_database(saved)


def test_restore_onto_a_missing_database_creates_it(dbpath, tmp_path):
    saved = backup.make_backup()
    close_db()
    target = tmp_path / "elsewhere" / "new.sqlite3"
    target.parent.mkdir()
    result = restore_steps.restore_database(saved, target)
    assert result.kept is None and UNITS.select().count() == 3
    close_db()


def test_postgresql_backups_are_the_servers_job(tmp_path):
    url = "postgresql://zwgk@server/zwgk"
    with pytest.raises(DomainError, match="pg_dump"):
        backup.db_file(url)
    with pytest.raises(DomainError, match="pg_dump"):
        restore_steps.restore_database(tmp_path / "x.sqlite3", url)
    saved = database_proxy.obj
    database_proxy.initialize(pw.PostgresqlDatabase("zwgk"))
    try:
        with pytest.raises(DomainError, match="pg_dump"):
            backup.make_backup()
        with pytest.raises(DomainError, match="pg_dump"):
            restore_steps.restore_database(tmp_path / "x.sqlite3")
    finally:
        database_proxy.initialize(saved)


# -- command line -----------------------------------------------------------------------------------------------


def test_cli_backup_list_and_restore(dbpath, tmp_path, capsys):
    close_db()
    db = str(dbpath)
    assert main(["--db", db, "backup"]) == 0
    out = capsys.readouterr().out
    assert "已备份到" in out and "完整性检查通过" in out and "审计日志完整" in out
    assert main(["--db", db, "backup", str(tmp_path / "usb")]) == 0
    assert len(list((tmp_path / "usb").glob("test-*.sqlite3"))) == 1
    capsys.readouterr()
    assert main(["--db", db, "backups"]) == 0
    listed = capsys.readouterr().out.strip().splitlines()
    assert len(listed) == 1 and "backups" in listed[0]
    saved = backup.list_backups(dbpath.parent / "backups")[0].path
    assert main(["--db", db, "restore", str(saved)]) == 0
    out = capsys.readouterr().out
    assert "原数据库已另存为" in out and "已用该备份替换" in out
    assert not lock_path(dbpath).exists()  # the lock taken for the restore is given back
    before = sha256(dbpath)
    assert main(["--db", db, "restore", str(foreign_file(tmp_path / "foreign.sqlite3"))]) == 1
    err = capsys.readouterr().err
    assert "错误：不能从 foreign.sqlite3 恢复" in err and "不是本软件的数据库" in err
    assert sha256(dbpath) == before


def test_backup_modules_never_import_pyside6():
    code = (
        "import sys\n"
        "import desktop.exchange.backup, desktop.db.lock, desktop.db.readonly\n"
        "bad = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "raise SystemExit(str(bad) if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
