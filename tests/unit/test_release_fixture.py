"""A database and a package made by the release before (tests/fixtures/release-*, written by that release's code
with make_release_fixture.py): the database opens, upgrades through a new step, verifies and gives the same
figures; its package and a package made from it import into a fresh database; it moves to the other backend."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.db import close_db, init_db, migrations
from desktop.db.audit import verify_chain
from desktop.db.declare import Field
from desktop.db.models import DISCLOSURE, WINDOW, DisclosureRequest, Setting, WindowCase
from desktop.db.transfer import copy_database
from desktop.domain import vocab
from desktop.exchange.package import export_package, import_package
from desktop.registers import REGISTERS, SYSTEM, Actor

FIXTURE = Path(__file__).parents[1] / "fixtures" / "release-0.1.0"
ADMIN = Actor("admin", vocab.ROLE_ADMIN)
RECORDS = {"window": 4, "contacts": 3, "hotline": 2, "duty": 1, "disclosure": 2, "proactive": 1, "normative": 2}


@pytest.fixture
def old_file(tmp_path) -> Path:
    """A copy of the release's database (the committed file is never written)."""
    path = tmp_path / "office.sqlite3"
    shutil.copyfile(FIXTURE / "zwgk.sqlite3", path)
    return path


@pytest.fixture
def fresh_target(tmp_path, pg_server):
    if pg_server is None:
        yield tmp_path / "fresh.sqlite3"
        return
    url = pg_server.create(migrated=False)
    yield url
    close_db()
    pg_server.drop(url)


def _figures(path: Path | str, capsys) -> dict:
    capsys.readouterr()
    assert main(["--db", str(path), "figures", "--year", "2015", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _expected_figures() -> dict:
    return json.loads((FIXTURE / "figures-2015.json").read_text(encoding="utf-8"))


def test_the_fixture_was_made_by_an_older_schema_of_ours():
    con = sqlite3.connect(f"file:{FIXTURE / 'zwgk.sqlite3'}?mode=ro", uri=True)
    assert con.execute("PRAGMA user_version").fetchone()[0] <= migrations.LATEST
    assert con.execute("SELECT value FROM setting WHERE key = 'app'").fetchone() == (migrations.APP_MARKER,)
    con.close()


def test_it_opens_verifies_and_gives_the_same_figures(old_file, capsys):
    init_db(old_file)
    assert WindowCase.select().count() == RECORDS["window"]
    close_db()
    assert main(["--db", str(old_file), "verify"]) == 0
    assert "通过" in capsys.readouterr().out
    assert _figures(old_file, capsys) == _expected_figures()


@pytest.mark.sqlite_only
def test_the_migrations_build_exactly_the_schema_of_the_release_it_came_from(tmp_path, monkeypatch):
    con = sqlite3.connect(f"file:{FIXTURE / 'zwgk.sqlite3'}?mode=ro", uri=True)
    version = con.execute("PRAGMA user_version").fetchone()[0]
    # sqlite_stat1: the planner's statistics that closing the app leaves (PRAGMA optimize), not schema.
    query = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY name"
    theirs = con.execute(query).fetchall()
    con.close()
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:version])
    monkeypatch.setattr(migrations, "LATEST", version)
    ours = init_db(tmp_path / "new.sqlite3").execute_sql(query).fetchall()
    assert ours == theirs


def test_a_new_step_upgrades_it_after_a_copy_and_keeps_every_record(old_file, declare_field, capsys):
    declare_field(DISCLOSURE, Field("reply_letter", "答复函编号", max_length=32), step=True)
    database = init_db(old_file)
    assert migrations.schema_version(database) == migrations.LATEST
    assert Setting.get(Setting.key == migrations.APP_VERSION_KEY).value != ""
    backups = list(old_file.parent.glob("office.v*.bak"))
    assert len(backups) == 1  # the file as the release left it, before the step
    copy = sqlite3.connect(backups[0])
    assert copy.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST - 1
    assert "reply_letter" not in [r[1] for r in copy.execute("PRAGMA table_info(disclosure_request)")]
    copy.close()
    record = DisclosureRequest.select().order_by(DisclosureRequest.id).first()
    assert record.reply_letter is None and record.applicant == "陈明"
    saved, _ = REGISTERS["disclosure"].save({"reply_letter": "长政公开〔2015〕1号"}, SYSTEM, record_id=record.id)
    assert DisclosureRequest.get_by_id(saved.id).reply_letter == "长政公开〔2015〕1号"
    close_db()
    assert main(["--db", str(old_file), "verify"]) == 0
    assert _figures(old_file, capsys) == _expected_figures()


def test_its_package_imports_into_a_fresh_database(fresh_target):
    init_db(fresh_target)
    result = import_package(FIXTURE / "package.zwgk", ADMIN)
    assert {k: result.counts[k].added for k in RECORDS} == RECORDS
    assert result.conflicts == 0 and verify_chain().ok
    assert WindowCase.select().where(WindowCase.voided == True).count() == 1  # noqa: E712


def test_a_package_made_from_it_imports_into_a_fresh_database(old_file, fresh_target, tmp_path, capsys):
    init_db(old_file)
    export_package(tmp_path / "now.zwgk")
    close_db()
    init_db(fresh_target)
    result = import_package(tmp_path / "now.zwgk", ADMIN)
    assert {k: result.counts[k].added for k in RECORDS} == RECORDS
    close_db()
    figures = _figures(fresh_target, capsys)
    # The registers' figures travel; the report's supplement (网站访问量) and the frozen report stay on the PC.
    expected = _expected_figures()
    assert figures["table3"] == expected["table3"] and figures["窗口办件数"] == expected["窗口办件数"]


def test_it_moves_to_the_other_backend_after_its_upgrade(old_file, fresh_target, declare_field, capsys):
    declare_field(WINDOW, Field("window_no", "窗口号", max_length=16), step=True)
    result = copy_database(old_file, fresh_target)
    assert result.ok, str(result)
    assert migrations.schema_version(init_db(fresh_target)) == migrations.LATEST
    assert WindowCase.select().count() == RECORDS["window"]
    close_db()
    assert _figures(fresh_target, capsys) == _expected_figures()
