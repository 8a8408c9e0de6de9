"""desktop/registers/writing.py: records written with their audit entries, a stale form refused, a duplicate value
named by its field, 作废/恢复 logged under the declared labels, secrets only noted."""

from __future__ import annotations

import json

import pytest

from desktop.db.audit import AuditEntry
from desktop.db.declare import COMMON_LABELS
from desktop.domain import vocab
from desktop.registers import SYSTEM, FieldErrors, StaleRecord
from desktop.registers.catalogues import UNIT_REGISTER
from desktop.registers.users import USER_REGISTER
from desktop.registers.writing import Prepared, created_entry, logged, write

UNIT = {"name": "环保局", "code": "HB", "kind": "职能部门"}


def _entries(record_uuid: str) -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.record_uuid == record_uuid).order_by(AuditEntry.id))


def test_a_batch_is_written_with_one_entry_per_record(db):
    batch = [UNIT_REGISTER.prepare({**UNIT, "name": f"局{i}", "code": f"J{i}"}) for i in range(3)]
    records = write(UNIT_REGISTER, batch, SYSTEM, None)
    assert [r.name for r in records] == ["局0", "局1", "局2"]
    assert all(len(_entries(r.uuid)) == 1 and _entries(r.uuid)[0].action == "新建" for r in records)


def test_a_change_is_logged_field_by_field_and_no_change_writes_nothing(db):
    record, _ = UNIT_REGISTER.save(UNIT, SYSTEM)
    prepared = UNIT_REGISTER.prepare({"staff_count": 4}, record.id)
    [changed] = write(UNIT_REGISTER, [prepared], SYSTEM, record.version)
    assert changed.version == 2 and changed.staff_count == 4
    assert json.loads(_entries(record.uuid)[-1].changes) == {"staff_count": ["窗口工作人员数", 0, 4]}
    write(UNIT_REGISTER, [UNIT_REGISTER.prepare({"staff_count": 4}, record.id)], SYSTEM, 2)
    assert len(_entries(record.uuid)) == 2


def test_a_stale_version_is_refused(db):
    record, _ = UNIT_REGISTER.save(UNIT, SYSTEM)
    UNIT_REGISTER.save({"staff_count": 1}, SYSTEM, record.id)
    with pytest.raises(StaleRecord, match="该单位记录已被系统于"):
        write(UNIT_REGISTER, [UNIT_REGISTER.prepare({"staff_count": 2}, record.id)], SYSTEM, 1)


def test_a_duplicate_unique_value_is_named_by_its_field(db):
    UNIT_REGISTER.save(UNIT, SYSTEM)
    with pytest.raises(FieldErrors) as caught:
        write(UNIT_REGISTER, [Prepared({**UNIT_REGISTER.defaults(), **UNIT, "code": "HB2"})], SYSTEM, None)
    assert caught.value.errors == {"name": "已存在相同的值"} and caught.value.labels == {"name": "单位名称"}


def test_void_and_restore_are_logged_under_the_declared_labels(db):
    record, _ = UNIT_REGISTER.save(UNIT, SYSTEM)
    UNIT_REGISTER.void(record.id, "重复录入", SYSTEM)
    UNIT_REGISTER.restore(record.id, SYSTEM)
    voided, restored = _entries(record.uuid)[1:]
    assert (voided.action, restored.action) == ("作废", "恢复")
    logged_labels = {label for label, _, _ in json.loads(voided.changes).values()}
    assert logged_labels == {COMMON_LABELS["voided"], COMMON_LABELS["void_reason"]}


def test_secrets_are_only_noted_in_the_audit_entry(db):
    values = {"username": "zhang", "role": vocab.ROLE_OFFICE, "password_hash": "$argon2id$…", "active": True}
    entry = created_entry(USER_REGISTER, "u-1", values)
    label, before, after = entry["changes"]["password_hash"]
    assert (label, before) == ("密码", None)
    assert after.startswith("（已修改）#") and "argon2" not in after  # a fingerprint, never the hash
    assert logged(USER_REGISTER.decl, "username", "zhang") == "zhang"
