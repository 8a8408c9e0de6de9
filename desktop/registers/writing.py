"""Writing validated records: new and changed records with their audit entries and counters in the caller's
transaction (one record, or a batch through the driver's bulk insert), and 作废/恢复 with theirs."""

from __future__ import annotations

import uuid as uuid_mod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import peewee as pw

from desktop.db import audit, bulk, search, write_transaction
from desktop.db.connection import database_proxy
from desktop.db.declare import Declaration
from desktop.domain.errors import DomainError
from desktop.registers.errors import Actor, FieldErrors, StaleRecord
from desktop.registers.numbering import Taken, assign_number, save_counters
from desktop.registers.values import blank

if TYPE_CHECKING:
    from desktop.registers.base import Register


@dataclass
class Prepared:
    """A validated record ready to write: its typed values, the record it changes (if any), warnings."""

    values: dict[str, Any]
    old: pw.Model | None = None
    warnings: list[str] = field(default_factory=list)


def write(register: Register, batch: list[Prepared], actor: Actor, expected_version: int | None) -> list[pw.Model]:
    """Write the records of `batch` (new ones numbered) with their audit entries; changed records are refused
    with StaleRecord when `expected_version` is not the stored one. The caller holds the write transaction."""
    model, decl = register.model, register.decl
    now = datetime.now().replace(microsecond=0)
    entries: list[dict[str, Any]] = []
    records: list[pw.Model] = []
    counters: dict[str, int] = {}
    taken: Taken | None = {} if len(batch) > 1 else None
    for p in batch:
        values, old = p.values, p.old
        if old is None:
            assign_number(model, decl.number_field, register.next_number(values), values, counters, taken)
            common = {
                "uuid": str(uuid_mod.uuid4()),
                "created_at": now,
                "created_by": actor.username,
                "updated_at": now,
                "updated_by": actor.username,
                "version": 1,
            }
            if taken is None:
                record = model(**common, **values)
            else:  # a batch: the instance's data set at once (peewee's __init__ sets field by field)
                record = model.__new__(model)
                record.__data__ = {**model._meta.get_default_dict(), **common, **values}
                record._dirty, record.__rel__ = set(record.__data__), {}
            entries.append(created_entry(register, record.uuid, values))
        else:
            current = model.get_by_id(old.id)
            if expected_version is not None and current.version != expected_version:
                raise StaleRecord(
                    f"该{decl.title}记录已被{current.updated_by}于{current.updated_at:%Y-%m-%d %H:%M}"
                    "修改，本次保存未写入；请复制您填写的内容后重新打开记录"
                )
            before = register.values_of(current)
            changes = {
                n: (decl.label(n), logged(decl, n, before.get(n)), logged(decl, n, v))
                for n, v in values.items()
                if before.get(n) != v
            }
            if not changes:
                records.append(current)
                continue
            record = current
            for n, v in values.items():
                setattr(record, n, v)
            record.updated_at, record.updated_by, record.version = now, actor.username, current.version + 1
            entries.append(
                {
                    "action": "修改",
                    "register": decl.key,
                    "record_uuid": record.uuid,
                    "record_label": register.record_label(values),
                    "changes": changes,
                }
            )
        records.append(record)
    try:
        fresh = [r for r, p in zip(records, batch, strict=True) if p.old is None]
        if len(fresh) > 1:  # import and demo: the driver's batch insert, indexed for search at the end
            _insert_many(model, decl, fresh)
        else:
            for r in fresh:
                r.save(force_insert=True)
        for r, p in zip(records, batch, strict=True):
            if p.old is not None and r.is_dirty():
                r.save()
    except pw.IntegrityError as exc:
        raise integrity_message(decl, exc) from exc
    save_counters(counters)
    audit.append_many(entries, actor.username, now)
    return records


def _insert_many(model: type[pw.Model], decl: Declaration, fresh: list[pw.Model]) -> None:
    fields = [f for f in model._meta.sorted_fields if f.name != "id"]
    convert = bulk.storage_converters(database_proxy.obj, fields)
    plan = list(zip([f.name for f in fields], convert, strict=True))
    with search.deferred_index(database_proxy.obj, decl):
        bulk.insert_rows(
            database_proxy.obj,
            decl.table,
            [f.column_name for f in fields],
            (
                tuple(
                    value if c is None or value is None else c(value)
                    for name, c in plan
                    for value in (r.__data__.get(name),)
                )
                for r in fresh
            ),
        )


def created_entry(register: Register, record_uuid: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The audit entry of a new record (for `audit.append_many`): every value filled in, secrets only noted."""
    decl = register.decl
    changes = {
        n: (decl.label(n), None, logged(decl, n, v)) for n, v in values.items() if not blank(v) and v is not False
    }
    return {
        "action": "新建",
        "register": decl.key,
        "record_uuid": record_uuid,
        "record_label": register.record_label(values),
        "changes": changes,
    }


def logged(decl: Declaration, name: str, value: Any) -> Any:
    """A value as the audit log keeps it: a secret (the password hash) only as changed, with a fingerprint."""
    f = decl._by_name.get(name)
    return audit.secret_mark(value) if f is not None and f.secret else value


def integrity_message(decl: Declaration, exc: pw.IntegrityError) -> DomainError:
    """What a refused write means to the user: the field whose value exists already, if it can be told."""
    text = str(exc)
    for f in decl.fields:
        # SQLite: "UNIQUE constraint failed: unit.name"; PostgreSQL: 'violates unique constraint "unit_name"'.
        if f.unique and (f"{decl.table}.{f.name}" in text or f'"{decl.table}_{f.name}"' in text):
            return FieldErrors({f.name: "已存在相同的值"}, {f.name: f.label})
    return DomainError(f"保存失败：数据重复或引用无效（{text}）")


def set_void(register: Register, record: pw.Model, voided: bool, reason: str, actor: Actor, action: str) -> None:
    """作废 (voided=True) or 恢复 a record, with its audit entry, in a write transaction of its own."""
    model, decl = register.model, register.decl
    with write_transaction():
        current = model.get_by_id(record.id)
        if current.voided == voided:
            raise DomainError("该记录已作废" if voided else "该记录未作废")
        changes = {
            "voided": (decl.label("voided"), current.voided, voided),
            "void_reason": (decl.label("void_reason"), current.void_reason, reason),
        }
        model.update(
            voided=voided,
            void_reason=reason,
            version=current.version + 1,
            updated_at=datetime.now().replace(microsecond=0),
            updated_by=actor.username,
        ).where(model.id == record.id).execute()
        audit.append(
            action, decl.key, actor.username, current.uuid, register.record_label(register.values_of(current)), changes
        )
