"""`zwgk demo --scale N --years Y`: synthetic registers in proportion over the years, every record as the registers'
rules would accept it, numbering that goes on from them, the same data for the same seed, both backends."""

from __future__ import annotations

import random

import pytest

from desktop.cli import main
from desktop.db.audit import verify_chain
from desktop.demo.scale import load_scale, per_year
from desktop.domain.errors import DomainError
from desktop.registers import REGISTERS, SYSTEM
from desktop.registers import query as rq


@pytest.fixture
def generated(db):
    return load_scale(1000, 3, seed=5)


def test_registers_in_proportion_over_the_years(generated):
    s = generated
    assert (s.window_cases, s.hotline_tickets, s.disclosure_requests, s.proactive_items) == (1000, 200, 10, 100)
    assert s.last_year - s.first_year == 2
    window = REGISTERS["window"]
    years = sorted({r.received_at.year for r in window.select()})
    assert years == list(range(s.first_year, s.last_year + 1))
    for key, count in (("window", 1000), ("hotline", 200), ("disclosure", 10), ("proactive", 100)):
        assert rq.list_count(REGISTERS[key], rq.ListQuery()) == (count, True)
    assert verify_chain().ok


def test_every_record_has_its_audit_entry_as_a_save_writes_it(generated):
    """Backups and `zwgk verify` check the audit chain: at scale it must be as long as real use makes it."""
    from desktop.db.models import AuditEntry

    window = REGISTERS["window"]
    case = window.select().order_by(window.model.id.desc()).first()
    entry = AuditEntry.get(AuditEntry.record_uuid == case.uuid)
    assert (entry.action, entry.register, entry.record_label) == ("新建", "window", case.number)
    assert "申请人" in entry.changes and case.applicant in entry.changes
    generated_registers = ("window", "hotline", "disclosure", "proactive")
    in_registers = AuditEntry.select().where(AuditEntry.register.in_(generated_registers))
    assert in_registers.where(AuditEntry.action == "新建").count() == 1000 + 200 + 10 + 100
    assert in_registers.where(AuditEntry.action == "生成").count() == 4
    assert verify_chain().checked == AuditEntry.select().count()


def test_later_years_are_busier():
    counts = per_year(10_000, list(range(2016, 2026)))
    assert sum(counts.values()) == 10_000
    assert counts[2025] > counts[2016]


def test_every_record_passes_its_registers_rules(generated):
    rng = random.Random(1)
    for key in ("window", "hotline", "disclosure", "proactive"):
        register = REGISTERS[key]
        ids = [r[0] for r in register.model.select(register.model.id).tuples()]
        for record_id in rng.sample(ids, min(60, len(ids))):
            prepared = register.prepare({}, record_id)  # raises FieldErrors for a record the form would refuse
            stored = register.get(record_id)
            for f in register.decl.fields:
                if f.computed and f.name != register.decl.number_field:
                    assert prepared.values.get(f.name) == stored.__data__.get(f.name), (key, f.name)


def test_numbers_are_unique_and_new_records_go_on_from_them(generated):
    window = REGISTERS["window"]
    numbers = [r.number for r in window.select()]
    assert len(set(numbers)) == len(numbers)
    last = window.select().order_by(window.model.received_at.desc()).first()
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
    prefix = last.number.rsplit("-", 1)[0]
    same_counter = [n for n in numbers if n.startswith(prefix + "-")]
    assert record.number == f"{prefix}-{len(same_counter) + 1:05d}"


def test_searchable_at_once(generated):
    window = REGISTERS["window"]
    record = window.select().order_by(window.model.id).first()
    rows = rq.fetch(window, rq.ListQuery(search=record.number), 0, 10)
    assert [r[0] for r in rows] == [record.id]


def test_same_seed_same_data(db, db_target, tmp_path, pg_server):
    load_scale(300, 2, seed=9)
    first = [
        (r.number, r.applicant, r.received_at)
        for r in REGISTERS["window"].select().order_by(REGISTERS["window"].model.id)
    ]
    from desktop.db import close_db, init_db

    close_db()
    other = pg_server.create() if pg_server is not None else tmp_path / "again.sqlite3"
    init_db(other)
    load_scale(300, 2, seed=9)
    again = [
        (r.number, r.applicant, r.received_at)
        for r in REGISTERS["window"].select().order_by(REGISTERS["window"].model.id)
    ]
    assert again == first
    close_db()


def test_only_into_an_empty_database(generated):
    with pytest.raises(DomainError, match="已有数据"):
        load_scale(100, 1)


def test_command_line(tmp_path, capsys):
    path = tmp_path / "scale.sqlite3"
    assert main(["--db", str(path), "demo", "--scale", "500", "--years", "2"]) == 0
    out = capsys.readouterr().out
    assert "窗口办件：500 条" in out and "热线工单：100 条" in out
