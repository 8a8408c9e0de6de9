"""The storage layer on both backends (SQLite, and PostgreSQL with ZWGK_TEST_PG_URL): schema versions, the
version-2 step over existing data, refusing a database that is not ours, upserts, bulk writes."""

from __future__ import annotations

import pytest

from desktop.db import close_db, init_db, migrations
from desktop.db.models import CalendarYear, Setting
from desktop.db.portable import upsert
from desktop.domain.errors import DomainError
from desktop.registers import REGISTERS, SYSTEM
from desktop.registers import query as rq
from desktop.registers.catalogues import SERVICE_ITEM_REGISTER, UNIT_REGISTER

W = REGISTERS["window"]


@pytest.fixture
def empty_target(tmp_path, pg_server):
    """A database that does not exist yet (SQLite) or is empty (PostgreSQL)."""
    if pg_server is None:
        yield tmp_path / "new.sqlite3"
        return
    url = pg_server.create(migrated=False)
    yield url
    close_db()
    pg_server.drop(url)


def test_a_new_database_gets_the_latest_schema_and_reopens_without_migrating(empty_target):
    database = init_db(empty_target)
    assert migrations.schema_version(database) == migrations.LATEST
    assert CalendarYear.get_or_none(CalendarYear.year == 2015) is not None
    close_db()
    database = init_db(empty_target)
    assert migrations.migrate(database) == []
    close_db()


def test_later_versions_index_what_version_1_already_held(empty_target, monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
    monkeypatch.setattr(migrations, "LATEST", 1)
    database = init_db(empty_target)
    UNIT_REGISTER.save({"name": "工商", "code": "GS", "kind": "进驻窗口单位", "staff_count": 3}, SYSTEM)
    SERVICE_ITEM_REGISTER.save(
        {
            "code": "GS-001",
            "name": "个体工商户设立登记",
            "unit": "工商",
            "category": "审批类",
            "case_type": "承诺件",
            "legal_days": 15,
            "promise_days": 5,
        },
        SYSTEM,
    )
    saved = [
        W.save(
            {
                "item": "GS-001",
                "applicant": name,
                "received_at": "2015-10-08 09:00",
                "accepted_at": "2015-10-08 09:10",
                "status": "受理",
            },
            SYSTEM,
        )[0].id
        for name in ("长沙市建设有限公司", "王芳", "李四")
    ]
    W.void(saved[2], "重复", SYSTEM)
    assert migrations.schema_version(database) == 1
    close_db()
    monkeypatch.undo()
    database = init_db(empty_target)
    assert migrations.schema_version(database) == migrations.LATEST
    assert rq.list_count(W, rq.ListQuery()) == (2, True)
    assert {r[0] for r in rq.fetch(W, rq.ListQuery(search="建设有限"), 0, 10)} == {saved[0]}
    assert {r[0] for r in rq.fetch(W, rq.ListQuery(search="王芳"), 0, 10)} == {saved[1]}
    close_db()


@pytest.mark.sqlite_only
def test_a_postgresql_only_step_does_not_copy_a_sqlite_file(tmp_path, monkeypatch):
    path = tmp_path / "v2.sqlite3"
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:2])
    monkeypatch.setattr(migrations, "LATEST", 2)
    init_db(path)
    close_db()
    monkeypatch.undo()
    assert migrations.MIGRATIONS[-1].changes_sqlite is False
    database = init_db(path)
    assert migrations.schema_version(database) == migrations.LATEST
    assert list(tmp_path.glob("*.bak")) == []  # a copy of a large file for a step that changes nothing in it
    close_db()


def test_a_database_without_our_marker_is_refused(empty_target):
    database = init_db(empty_target)
    close_db()
    database = init_db(empty_target)
    database.execute_sql("DELETE FROM setting WHERE key = 'app'")
    close_db()
    with pytest.raises(DomainError, match="不是本软件的数据库"):
        init_db(empty_target)


def test_upsert_inserts_then_updates_in_place(db):
    upsert(Setting, Setting.key, key="bench", value="1")
    upsert(Setting, Setting.key, key="bench", value="2")
    assert Setting.get(Setting.key == "bench").value == "2"
    upsert(CalendarYear, CalendarYear.year, year=2015, source="手工")
    assert CalendarYear.get(CalendarYear.year == 2015).source == "手工"


def test_a_bulk_write_is_searchable_and_single_saves_still_index(catalogue):
    prepared = [
        W.prepare(
            {
                "item": "GS-001",
                "applicant": f"批量{n}号公司",
                "received_at": "2015-10-08 09:00",
                "accepted_at": "2015-10-08 09:10",
                "status": "受理",
            }
        )
        for n in range(5)
    ]
    W.create_many(prepared, SYSTEM)
    assert rq.list_count(W, rq.ListQuery(search="批量3号")) == (1, True)
    one, _ = W.save(
        {
            "item": "GS-001",
            "applicant": "单独保存",
            "received_at": "2015-10-08 09:00",
            "accepted_at": "2015-10-08 09:10",
            "status": "受理",
        },
        SYSTEM,
    )
    assert [r[0] for r in rq.fetch(W, rq.ListQuery(search="单独保存"), 0, 10)] == [one.id]
    assert rq.total(W) == 6


def test_a_failed_bulk_write_leaves_nothing_and_the_index_working(catalogue):
    first, _ = W.save(
        {
            "item": "GS-001",
            "applicant": "先来",
            "received_at": "2015-10-08 09:00",
            "accepted_at": "2015-10-08 09:10",
            "status": "受理",
        },
        SYSTEM,
    )
    prepared = [
        W.prepare(
            {
                "item": "GS-001",
                "applicant": name,
                "received_at": "2015-10-08 09:00",
                "accepted_at": "2015-10-08 09:10",
                "status": "受理",
            }
        )
        for name in ("甲公司", "乙公司")
    ]
    prepared[1].values["number"] = first.number  # taken: the whole batch is refused
    with pytest.raises(DomainError):
        W.create_many(prepared, SYSTEM)
    assert rq.total(W) == 1
    assert rq.list_count(W, rq.ListQuery(search="甲公司")) == (0, True)
    later, _ = W.save(
        {
            "item": "GS-001",
            "applicant": "后到",
            "received_at": "2015-10-08 09:00",
            "accepted_at": "2015-10-08 09:10",
            "status": "受理",
        },
        SYSTEM,
    )
    assert [r[0] for r in rq.fetch(W, rq.ListQuery(search="后到"), 0, 10)] == [later.id]
