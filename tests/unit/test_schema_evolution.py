"""Schema evolution on both backends: the migrations build what the declarations describe, each released schema
version is a committed snapshot the migrations reproduce, a field declared without a migration step is refused
loudly, the declarative steps transform an existing database, and a database from a newer release is refused."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import peewee as pw
import pytest

from desktop import __version__
from desktop.db import close_db, init_db, migrations, open_database, schema_check, steps
from desktop.db.declare import Declaration, Field, Kind
from desktop.db.models import ALL_MODELS, DISCLOSURE, Setting
from desktop.db.portable import is_sqlite
from desktop.domain.errors import DomainError

SNAPSHOTS = Path(__file__).parents[1] / "fixtures" / "schema"


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


@pytest.fixture
def scratch(tmp_path, pg_server):
    """A second empty database of the same backend, opened without migrating."""
    url = tmp_path / "scratch.sqlite3" if pg_server is None else pg_server.create(migrated=False)
    database = open_database(url)
    database.connect()
    yield database
    database.close()
    if pg_server is not None:
        pg_server.drop(url)


def _backend(database: pw.Database) -> str:
    return "sqlite" if is_sqlite(database) else "postgresql"


def _declared(scratch: pw.Database) -> dict:
    """The schema `create_tables` makes from today's declarations, described like a live one."""
    with scratch.bind_ctx(ALL_MODELS, bind_refs=False, bind_backrefs=False):
        scratch.create_tables(ALL_MODELS)
    return schema_check.describe(scratch)["tables"]


def _dropped_indexes() -> set[str]:
    return set(migrations.V2_DROPPED_INDEXES) | {
        s.name
        for m in migrations.MIGRATIONS
        for s in getattr(m.apply, "steps", (m.apply,))
        if isinstance(s, steps.DropIndex)
    }


def _compare(live: dict, declared: dict) -> list[str]:
    """Where the migrated schema differs from the declared one: columns (type, NOT NULL, key) and references
    exactly; every declared index present unless a migration step dropped it on purpose."""
    problems = []
    for table, want in declared.items():
        have = live.get(table)
        if have is None:
            problems.append(f"{table}: missing")
            continue
        if have["columns"] != want["columns"]:
            problems.append(f"{table}: columns {have['columns']} != declared {want['columns']}")
        if have["references"] != want["references"]:
            problems.append(f"{table}: references {have['references']} != declared {want['references']}")
        for name, index in want["indexes"].items():
            if name not in _dropped_indexes() and have["indexes"].get(name) != index:
                problems.append(f"{table}: index {name} {index} missing or different ({have['indexes'].get(name)})")
    return problems


# -- the developer's guard ----------------------------------------------------------------------------------------


def test_the_migrations_build_the_schema_the_declarations_describe(empty_target, scratch):
    database = init_db(empty_target)
    assert _compare(schema_check.describe(database)["tables"], _declared(scratch)) == []


def test_a_field_declared_without_a_migration_fails_loudly(empty_target, scratch, declare_field):
    database = init_db(empty_target)
    close_db()
    declare_field(DISCLOSURE, Field("reply_letter", "答复函编号", max_length=32))
    # The comparison above reports it ...
    live = schema_check.describe(init_db(empty_target, migrate=False))["tables"]
    close_db()
    problems = _compare(live, _declared(scratch))
    assert problems and "reply_letter" in problems[0]
    # ... and opening refuses the database with the field named, instead of a first save that fails on it.
    with pytest.raises(schema_check.SchemaMismatch, match="disclosure_request 缺少列 reply_letter（答复函编号）"):
        init_db(empty_target)
    # So does a new database: its migrations do not make the column either.
    close_db()
    del database


def test_a_field_declared_without_a_migration_fails_on_a_new_database_too(tmp_path, declare_field):
    declare_field(DISCLOSURE, Field("urgent", "加急", Kind.BOOL))
    with pytest.raises(schema_check.SchemaMismatch, match="urgent（加急）"):
        init_db(tmp_path / "fresh.sqlite3")


def test_a_column_of_another_type_is_reported(tmp_path):
    database = init_db(tmp_path / "t.sqlite3")
    live = schema_check.live_columns(database, ["setting"])
    assert live == {"setting": {"key": "varchar(64)", "value": "text"}}
    declared = {"setting": {"key": "varchar(64)", "value": "int"}}
    assert schema_check.differences(live, declared) == ["数据表 setting 的列 value类型为 text，应为 int"]


# -- snapshots of the released schema versions ---------------------------------------------------------------------


def _migrated_to(version: int, target, monkeypatch) -> pw.Database:
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:version])
    monkeypatch.setattr(migrations, "LATEST", version)
    return init_db(target)


@pytest.mark.parametrize("version", sorted(int(p.stem[1:]) for p in SNAPSHOTS.glob("v*.json")))
def test_each_released_schema_version_is_what_its_snapshot_says(version, empty_target, monkeypatch):
    """A released version never changes: migrating a new database to it gives the committed snapshot. Writing
    the snapshot of a new version: ZWGK_WRITE_SCHEMA_SNAPSHOT=1 pytest this test (on both backends)."""
    database = _migrated_to(version, empty_target, monkeypatch)
    live = schema_check.describe(database)
    path = SNAPSHOTS / f"v{version}.json"
    snapshots = json.loads(path.read_text(encoding="utf-8"))
    if os.environ.get("ZWGK_WRITE_SCHEMA_SNAPSHOT") and _backend(database) not in snapshots:
        snapshots[_backend(database)] = live
        path.write_text(json.dumps(snapshots, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert live == snapshots[_backend(database)]


def test_the_latest_version_has_a_snapshot():
    assert (SNAPSHOTS / f"v{migrations.LATEST}.json").exists(), "write the snapshot of the new schema version"


# -- the declarative steps ----------------------------------------------------------------------------------------


def _a_request() -> int:
    return DISCLOSURE.model.create(applicant="张三", status="登记").id


def test_adding_fields_with_their_steps_upgrades_a_database_of_the_release_before(
    empty_target, scratch, monkeypatch, declare_field
):
    database = init_db(empty_target)
    kept = _a_request()
    close_db()
    declare_field(DISCLOSURE, Field("reply_letter", "答复函编号", max_length=32, index=True))
    declare_field(DISCLOSURE, Field("urgent", "加急", Kind.BOOL, default=True))
    declare_field(DISCLOSURE, Field("lead_unit", "主办单位", Kind.REF, ref="unit"))
    step = migrations.Migration(
        migrations.LATEST + 1,
        "依申请公开：答复函编号、加急、主办单位",
        steps.Steps(
            steps.AddColumn(DISCLOSURE.model, "reply_letter"),
            steps.AddColumn(DISCLOSURE.model, "urgent"),
            steps.AddColumn(DISCLOSURE.model, "lead_unit"),
            steps.AddIndex(DISCLOSURE.model, ("status", "reply_letter")),
        ),
    )
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, step))
    monkeypatch.setattr(migrations, "LATEST", step.version)
    database = init_db(empty_target)
    assert migrations.schema_version(database) == step.version
    assert Setting.get(Setting.key == migrations.APP_VERSION_KEY).value == __version__
    old = DISCLOSURE.model.get_by_id(kept)
    assert (old.reply_letter, old.urgent, old.lead_unit_id, old.applicant) == (None, True, None, "张三")
    old.reply_letter = "长政公开〔2024〕1号"
    old.save()
    assert DISCLOSURE.model.get_by_id(kept).reply_letter == "长政公开〔2024〕1号"
    live = schema_check.describe(database)
    assert "disclosure_request_status_reply_letter" in live["tables"]["disclosure_request"]["indexes"]
    declared = _declared(scratch)
    # The upgraded database has what the declarations now describe (the new composite index is the step's own).
    assert _compare(live["tables"], declared) == []


@pytest.mark.sqlite_only
def test_a_step_runs_after_the_copy_and_in_a_transaction(tmp_path, monkeypatch, declare_field):
    path = tmp_path / "t.sqlite3"
    init_db(path)
    close_db()
    declare_field(DISCLOSURE, Field("reply_letter", "答复函编号"))

    def fails(database: pw.Database) -> None:
        raise RuntimeError("disk full")

    step = migrations.Migration(
        migrations.LATEST + 1, "t", steps.Steps(steps.AddColumn(DISCLOSURE.model, "reply_letter"), fails)
    )
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, step))
    monkeypatch.setattr(migrations, "LATEST", step.version)
    with pytest.raises(RuntimeError):
        init_db(path)
    close_db()
    con = sqlite3.connect(path)
    columns = [r[1] for r in con.execute("PRAGMA table_info(disclosure_request)")]
    assert "reply_letter" not in columns  # ALTER TABLE rolled back with the version
    assert con.execute("PRAGMA user_version").fetchone()[0] == step.version - 1
    con.close()
    assert len(list(tmp_path.glob("t.v*.bak"))) == 1


def test_a_frozen_column_and_a_frozen_table(empty_target):
    from desktop.db import frozen

    database = init_db(empty_target)
    letter = frozen.Table(
        "letter_test",
        (
            frozen.Column("id", "auto"),
            frozen.Column("subject", "char", length=64, null=True, index=True),
            frozen.Column("unit", "fk", null=True, index=True, ref="unit", column="unit_id", on_delete="RESTRICT"),
        ),
        indexes=((("subject", "unit"), True),),
    )
    unit = frozen.Table("unit", (frozen.Column("id", "auto"),))
    with database.atomic():
        steps.AddTable(letter, references=(unit,))(database)
        steps.AddColumn("letter_test", "pages", frozen.Column("pages", "int", default=0))(database)
    live = schema_check.describe(database)["tables"]["letter_test"]
    assert live["columns"]["pages"] == "int NOT NULL"
    assert live["references"] == ["unit_id->unit.id"]
    assert set(live["indexes"]) >= {"letter_test_subject", "letter_test_unit_id", "letter_test_subject_unit_id"}


def test_adding_a_register_makes_its_table_count_and_search(empty_target):
    from desktop.db import counts, search

    database = init_db(empty_target)
    decl = Declaration(
        "letter_test",
        "信函登记（测试）",
        "letter_test",
        (Field("sender", "来信人", searchable=True, in_list=True), Field("pages", "页数", Kind.INT)),
    )
    with database.atomic():
        steps.AddRegister(decl)(database)
    decl.model.create(sender="长沙市建设有限公司", pages=2)
    decl.model.create(sender="王芳", pages=1, voided=True)
    assert counts.live_count(database, decl) == 1
    found = decl.model.select().where(search.search_condition(decl.model, decl, "建设有限"))
    assert [r.sender for r in found] == ["长沙市建设有限公司"]


# -- a database from a newer release ------------------------------------------------------------------------------


def test_a_database_from_a_newer_release_is_refused_naming_both_versions_and_the_release(empty_target):
    database = init_db(empty_target)
    newer = migrations.LATEST + 1
    Setting.update(value="0.3.0").where(Setting.key == migrations.APP_VERSION_KEY).execute()
    migrations._set_version(database, newer)
    close_db()
    with pytest.raises(DomainError) as refused:
        init_db(empty_target)
    message = refused.value.message
    assert f"数据结构版本为 {newer}" in message and f"只支持到数据结构版本 {migrations.LATEST}" in message
    assert "0.3.0版" in message and f"本软件（{__version__}版）" in message
    close_db()


@pytest.mark.sqlite_only
def test_the_read_only_check_of_a_file_names_the_newer_release(tmp_path):
    path = tmp_path / "n.sqlite3"
    init_db(path)
    close_db()
    con = sqlite3.connect(path)
    con.execute("UPDATE setting SET value = '0.3.0' WHERE key = ?", (migrations.APP_VERSION_KEY,))
    con.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DomainError, match="0.3.0版"):
        migrations.precheck_file(path)
    assert path.read_bytes() == before
