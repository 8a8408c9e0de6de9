"""`zwgk migrate-db --to`: a copy to an empty database (SQLite -> PostgreSQL and back when a test server is
configured, SQLite -> SQLite otherwise) holds every row, keeps the audit chain, searches and numbers on."""

from __future__ import annotations

import peewee as pw
import pytest

from desktop.cli import main
from desktop.db import close_db, init_db
from desktop.db.audit import verify_chain
from desktop.db.models import ALL_MODELS
from desktop.domain.errors import DomainError
from desktop.registers import REGISTERS, SYSTEM
from desktop.registers import query as rq


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in key order, as Python values."""
    out = {}
    for model in ALL_MODELS:
        fields = model._meta.sorted_fields
        rows = model.select(*fields).order_by(*[f for f in fields if f.primary_key] or fields[:1]).tuples()
        out[model._meta.table_name] = [tuple(r) for r in rows]
    return out


@pytest.fixture
def filled(tmp_path):
    """A SQLite database with generated years, an edited and a voided record, and their audit entries."""
    from desktop.demo.scale import load_scale

    path = tmp_path / "office.sqlite3"
    init_db(path)
    load_scale(400, 2, seed=7)
    window = REGISTERS["window"]
    first = window.select().order_by(window.model.id).first()
    window.save({"applicant": "迁移测试申请人"}, SYSTEM, first.id, first.version)
    window.void(window.select().order_by(window.model.id.desc()).first().id, "重复登记", SYSTEM)
    before = snapshot()
    close_db()
    return path, before


def other_target(tmp_path, pg_server) -> str:
    return pg_server.create(migrated=False) if pg_server is not None else str(tmp_path / "server.sqlite3")


def test_copy_holds_every_row_and_the_audit_chain(filled, tmp_path, pg_server, capsys):
    path, before = filled
    target = other_target(tmp_path, pg_server)
    assert main(["--db", str(path), "migrate-db", "--to", target]) == 0
    out = capsys.readouterr().out
    assert "窗口办件：400 条，一致" in out and "审计日志完整" in out
    init_db(target)
    after = snapshot()
    audit_before, audit_after = before.pop("audit_log"), after.pop("audit_log")
    assert after.pop("audit_head")[0][1:] == (len(audit_after), audit_after[-1][-1], len(audit_after))
    before.pop("audit_head")
    assert after == before
    assert audit_after[:-1] == audit_before and audit_after[-1][3] == "迁移"  # one entry says where it came from
    assert verify_chain().ok
    window = REGISTERS["window"]
    assert rq.list_count(window, rq.ListQuery()) == (399, True)
    assert rq.list_count(window, rq.ListQuery(search="迁移测试")) == (1, True)
    # New records continue the ids and the numbers of the copied ones.
    last = window.select().order_by(window.model.id.desc()).first()
    record, _ = window.save(
        {
            "item": last.item_id,
            "applicant": "新申请人",
            "received_at": last.received_at,
            "accepted_at": last.accepted_at,
            "status": "受理",
        },
        SYSTEM,
    )
    assert record.id > last.id
    assert record.number not in {r.number for r in window.select(include_voided=True) if r.id != record.id}
    close_db()


def test_and_back_again(filled, tmp_path, pg_server):
    path, before = filled
    middle = other_target(tmp_path, pg_server)
    back = tmp_path / "back.sqlite3"
    assert main(["--db", str(path), "migrate-db", "--to", middle]) == 0
    assert main(["--db", middle, "migrate-db", "--to", str(back)]) == 0
    init_db(back)
    after = snapshot()
    assert len(after.pop("audit_log")) == len(before.pop("audit_log")) + 2
    after.pop("audit_head"), before.pop("audit_head")
    assert after == before
    assert verify_chain().ok
    close_db()


def test_a_target_with_data_is_refused(filled, tmp_path, pg_server):
    path, _ = filled
    target = other_target(tmp_path, pg_server)
    assert main(["--db", str(path), "migrate-db", "--to", target]) == 0
    with pytest.raises(DomainError, match="已有数据"):
        from desktop.db.transfer import copy_database

        copy_database(path, target)
    close_db()


def test_a_source_in_use_is_refused(filled, tmp_path, capsys):
    from desktop.db.lock import acquire

    path, _ = filled
    lock = acquire(path, "窗口一")
    try:
        import os

        # Another live process holds it: pretend the lock was written by our parent process.
        lock_file = path.with_name(path.name + ".lock")
        lock_file.write_text(
            lock_file.read_text(encoding="utf-8").replace(f'"pid": {os.getpid()}', f'"pid": {os.getppid()}'),
            encoding="utf-8",
        )
        assert main(["--db", str(path), "migrate-db", "--to", str(tmp_path / "x.sqlite3")]) == 1
        assert "正由" in capsys.readouterr().err
    finally:
        lock.release()
        path.with_name(path.name + ".lock").unlink(missing_ok=True)


def test_the_copy_is_checked(filled, tmp_path, monkeypatch):
    from desktop.db import transfer

    path, _ = filled
    real = transfer._copy_table

    def lossy(source: pw.Database, target: pw.Database, model, progress):
        copied = real(source, target, model, progress)
        if model._meta.table_name == "hotline_ticket":
            target.execute_sql("DELETE FROM hotline_ticket WHERE id = (SELECT MAX(id) FROM hotline_ticket)")
        return copied

    monkeypatch.setattr(transfer, "_copy_table", lossy)
    result = transfer.copy_database(path, tmp_path / "lossy.sqlite3")
    assert not result.ok
    assert any(t.table == "hotline_ticket" and not t.ok for t in result.tables)
    assert "热线工单：80 条，不一致（目标 79 条）" in str(result)
    close_db()
