"""The storage layer: opening, pragmas, schema versions and migrations, refusing files that are not ours."""

from __future__ import annotations

import sqlite3

import peewee as pw
import pytest

from desktop.db import close_db, init_db, migrations
from desktop.db.models import CalendarYear, Holiday, HotlineLimit, Setting
from desktop.domain.errors import DomainError

pytestmark = pytest.mark.sqlite_only  # files, pragmas, user_version: tests/unit/test_db_backends.py covers both


def test_new_file_is_created_with_wal_foreign_keys_and_version(tmp_path):
    path = tmp_path / "sub" / "new.sqlite3"
    database = init_db(path)
    assert path.exists()
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 10_000
    assert migrations.schema_version(database) == migrations.LATEST
    # The shipped calendar and the editable defaults are loaded at creation.
    assert CalendarYear.get_or_none(CalendarYear.year == 2015) is not None
    assert Holiday.get(Holiday.day == "2015-10-10").is_workday  # 国庆调休上班
    assert HotlineLimit.get(HotlineLimit.appeal_type == "投诉").days == 13
    close_db()


def test_reopening_does_not_migrate_again(tmp_path):
    path = tmp_path / "x.sqlite3"
    init_db(path)
    close_db()
    init_db(path)
    assert list(tmp_path.glob("*.bak")) == []
    close_db()


def test_default_path_is_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    init_db(None)
    assert (tmp_path / "xdg" / "zwgk" / "zwgk.sqlite3").exists()
    close_db()


def test_foreign_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DomainError, match="不是本软件的数据库"):
        init_db(path)
    assert sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall() == [("customers",)]
    assert path.read_bytes()[:100] == before[:100]


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.sqlite3"
    init_db(path)
    close_db()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    con.close()
    with pytest.raises(DomainError, match="更新版本"):
        init_db(path)


def test_migration_copies_the_file_first_and_runs_in_a_transaction(tmp_path, monkeypatch):
    path = tmp_path / "m.sqlite3"
    init_db(path)
    close_db()
    current = migrations.LATEST
    shipped = migrations.MIGRATIONS

    def add_setting(database: pw.Database) -> None:
        Setting.create(key="migrated", value="yes")

    def broken(database: pw.Database) -> None:
        Setting.create(key="half", value="written")
        raise RuntimeError("disk full")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*shipped, migrations.Migration(current + 1, "t", broken)))
    monkeypatch.setattr(migrations, "LATEST", current + 1)
    with pytest.raises(RuntimeError):
        init_db(path)
    close_db()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == current
    assert con.execute("SELECT COUNT(*) FROM setting WHERE key='half'").fetchone()[0] == 0
    con.close()
    backups = list(tmp_path.glob(f"m.v{current}-*.bak"))
    assert len(backups) == 1
    assert sqlite3.connect(backups[0]).execute("PRAGMA user_version").fetchone()[0] == current

    monkeypatch.setattr(migrations, "MIGRATIONS", (*shipped, migrations.Migration(current + 1, "t", add_setting)))
    database = init_db(path)
    assert migrations.schema_version(database) == current + 1
    assert Setting.get(Setting.key == "migrated").value == "yes"
    close_db()


def test_directory_path_is_a_clear_error(tmp_path):
    with pytest.raises(DomainError, match="文件夹"):
        init_db(tmp_path)


def test_unknown_url_scheme_is_a_clear_error():
    with pytest.raises(DomainError, match="不支持"):
        init_db("mysql://x/y")
