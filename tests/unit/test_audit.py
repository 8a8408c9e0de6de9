"""The audit log: field-level before/after in the change's transaction, and a hash chain that names tampering."""

from __future__ import annotations

import json

import pytest

from desktop.db.audit import AuditEntry, AuditHead, verify_chain
from desktop.registers import SYSTEM, FieldErrors
from desktop.registers.catalogues import UNIT_REGISTER


def _unit(name="工商", code="GS"):
    record, _ = UNIT_REGISTER.save({"name": name, "code": code, "kind": "进驻窗口单位"}, SYSTEM)
    return record


def test_create_change_void_restore_are_logged_field_by_field(db):
    unit = _unit()
    UNIT_REGISTER.save({"staff_count": 4}, SYSTEM, record_id=unit.id)
    UNIT_REGISTER.void(unit.id, "重复录入", SYSTEM)
    UNIT_REGISTER.restore(unit.id, SYSTEM)
    entries = list(AuditEntry.select().where(AuditEntry.register == "unit").order_by(AuditEntry.id))
    assert [e.action for e in entries] == ["新建", "修改", "作废", "恢复"]
    created = json.loads(entries[0].changes)
    assert created["name"] == ["单位名称", None, "工商"]
    changed = json.loads(entries[1].changes)
    assert changed == {"staff_count": ["窗口工作人员数", 0, 4]}
    assert json.loads(entries[2].changes)["void_reason"] == ["作废原因", "", "重复录入"]
    assert all(e.record_uuid == unit.uuid for e in entries)
    assert verify_chain().ok


def test_a_failed_save_writes_neither_record_nor_audit_entry(db):
    before = AuditEntry.select().count()
    with pytest.raises(FieldErrors):
        UNIT_REGISTER.save({"name": "", "code": "??", "kind": "进驻窗口单位"}, SYSTEM)
    assert AuditEntry.select().count() == before


def test_altered_entry_is_named(db):
    _unit()
    _unit("环保", "HB")
    target = AuditEntry.select().where(AuditEntry.record_label == "工商").get()
    AuditEntry.update(changes=target.changes.replace("工商", "税务")).where(AuditEntry.id == target.id).execute()
    result = verify_chain()
    assert not result.ok and result.first_bad_id == target.id
    assert f"第{target.id}条" in result.message


def test_removed_entry_in_the_middle_is_detected(db):
    for i in range(3):
        _unit(f"单位{i}", f"U{i}")
    AuditEntry.delete().where(AuditEntry.id == 2).execute()
    result = verify_chain()
    assert not result.ok and result.first_bad_id == 3


def test_cut_off_tail_is_detected(db):
    for i in range(3):
        _unit(f"单位{i}", f"U{i}")
    last = AuditHead.get().last_id
    AuditEntry.delete().where(AuditEntry.id == last).execute()
    result = verify_chain()
    assert not result.ok and "末尾缺失" in result.message


def test_rehashed_forgery_breaks_the_next_link(db):
    """Recomputing the altered entry's own hash is not enough: the next entry still points at the old one."""
    from desktop.db import audit

    _unit()
    _unit("环保", "HB")
    entry = AuditEntry.select().where(AuditEntry.record_label == "工商").get()
    forged = entry.changes.replace("工商", "税务")
    digest = audit._digest(
        entry.id,
        entry.ts,
        entry.username,
        entry.action,
        entry.register,
        entry.record_uuid,
        entry.record_label,
        forged,
        entry.prev_hash,
    )
    AuditEntry.update(changes=forged, hash=digest).where(AuditEntry.id == entry.id).execute()
    result = verify_chain()
    assert not result.ok and result.first_bad_id == entry.id + 1


def test_audit_filters_ignore_control_characters_on_both_backends(db):
    """A NUL typed or pasted into the audit page's filters raised on PostgreSQL."""
    from desktop.registers import audit_query

    unit = _unit()
    assert audit_query.count(audit_query.AuditFilter(user="系\x00统", record="工\x00商")) == 1
    rows = audit_query.fetch_page(audit_query.AuditFilter(record=unit.uuid + "\x00"))
    assert [r.action for r in rows] == ["新建"]
