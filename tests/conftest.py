"""Shared fixtures: a fresh database per test through the real init_db, and a small catalogue."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.pgtest import PG_URL, SQLITE_ONLY_REASON

# Whole modules about SQLite files: backups, the crash test, the lock file beside the database.
SQLITE_ONLY_FILES = ("test_backup.py", "test_kill.py", "test_lock.py")


def pytest_collection_modifyitems(config, items):
    """With ZWGK_TEST_PG_URL set (the PostgreSQL pass of .ci/run) the SQLite-only tests are skipped."""
    if not PG_URL:
        return
    skip = pytest.mark.skip(reason=SQLITE_ONLY_REASON)
    for item in items:
        if item.get_closest_marker("sqlite_only") or item.path.name in SQLITE_ONLY_FILES:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def pg_server():
    """The PostgreSQL test server (None without ZWGK_TEST_PG_URL)."""
    if not PG_URL:
        yield None
        return
    from tests.pgtest import PgServer

    server = PgServer(PG_URL)
    yield server
    server.close()


@pytest.fixture
def db_target(tmp_path, pg_server):
    """Where a fresh database lives, not yet opened: a SQLite file, or a PostgreSQL database with the schema."""
    if pg_server is None:
        yield tmp_path / "test.sqlite3"
        return
    url = pg_server.create()
    yield url
    from desktop.db import close_db

    close_db()
    pg_server.drop(url)


@pytest.fixture
def db(db_target):
    """A fresh database per test through the real init_db: SQLite, or PostgreSQL with ZWGK_TEST_PG_URL."""
    from desktop.db import close_db, init_db

    database = init_db(db_target)
    yield database
    close_db()


@pytest.fixture
def catalogue(db):
    """Two units, a charging and a free item, the hotline topics: what most register tests need."""
    from desktop.registers import SYSTEM
    from desktop.registers.catalogues import SERVICE_ITEM_REGISTER, UNIT_REGISTER

    UNIT_REGISTER.save({"name": "工商", "code": "GS", "kind": "进驻窗口单位", "staff_count": 3}, SYSTEM)
    UNIT_REGISTER.save({"name": "收费", "code": "SF", "kind": "进驻窗口单位", "staff_count": 2}, SYSTEM)
    UNIT_REGISTER.save({"name": "城管局", "code": "CG", "kind": "职能部门"}, SYSTEM)
    SERVICE_ITEM_REGISTER.save(
        {
            "code": "GS-001",
            "name": "个体工商户设立登记",
            "unit": "工商",
            "category": "审批类",
            "case_type": "承诺件",
            "legal_days": 15,
            "promise_days": 5,
            "online": True,
        },
        SYSTEM,
    )
    SERVICE_ITEM_REGISTER.save(
        {
            "code": "SF-001",
            "name": "城市基础设施配套费收缴",
            "unit": "收费",
            "category": "收费类",
            "case_type": "即办件",
            "legal_days": 1,
            "promise_days": 0,
            "charges": True,
            "fee_basis": "湘财综〔2015〕1号",
        },
        SYSTEM,
    )
    return db


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory):
    """The 2015 demo loaded once per test run: (path, summary). Tests that write must work on a copy."""
    from desktop.db import close_db, init_db
    from desktop.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    init_db(path)
    summary = load_demo(2015, 2015)
    close_db()
    return path, summary


@pytest.fixture
def declare_field(monkeypatch):
    """Declares a `Field` on a register or catalogue as a developer would (the declaration's fields and its
    model's column, as `make_model` makes it), for one test. With `step=True` it also appends the migration step
    that adds the column (`AddColumn`) as the next schema version, so that `init_db` upgrades to it."""
    import peewee as pw

    from desktop.db import migrations, schema_check
    from desktop.db.declare import Declaration, Field, _column
    from desktop.db.steps import AddColumn

    added: list[tuple[type[pw.Model], str]] = []

    def declare(decl: Declaration, f: Field, step: bool = False) -> None:
        monkeypatch.setattr(decl, "fields", (*decl.fields, f))
        monkeypatch.setattr(decl, "_by_name", {**decl._by_name, f.name: f})
        decl.model._meta.add_field(f.name, _column(f))
        added.append((decl.model, f.name))
        schema_check.forget_declared()  # the check on opening worked out the declared columns before
        if step:
            version = migrations.LATEST + 1
            migration = migrations.Migration(version, f"{decl.title}：{f.label}", AddColumn(decl.model, f.name))
            monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, migration))
            monkeypatch.setattr(migrations, "LATEST", version)

    yield declare
    for model, name in reversed(added):
        model._meta.remove_field(name)
    schema_check.forget_declared()
