"""A record that differs from its log, replayed in full from its own entries to name what differs: the field
with the logged and the stored value, a record added or deleted behind the log, a value changed between two
entries; and migration 1's default catalogue records, replayed from their shipped values."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, NamedTuple

import peewee as pw

from desktop.db import migrations
from desktop.db.audit import AuditEntry
from desktop.db.declare import COMMON_LABELS, Kind, model_for
from desktop.registers.replay_values import (
    CHANGING,
    CREATING,
    NATURAL_KEY,
    Column,
    Finding,
    Plan,
    secret_matches,
    text_of,
)


def _entries_of(uuid: str) -> list[tuple[int, str, str, str, str]]:
    e = AuditEntry
    query = e.select(e.id, e.username, e.action, e.record_label, e.changes).where(e.record_uuid == uuid).order_by(e.id)
    return list(query.tuples())


def created(uuid: str) -> bool:
    e = AuditEntry
    return e.select().where((e.record_uuid == uuid) & e.action.in_(sorted(CREATING))).exists()


class _Logged(NamedTuple):
    values: dict[str, Any] | None  # None: no entry created the record (and no base was given)
    updater: str
    label: str
    # (entry id, field, the value the entries before it left, the value it says was there before)
    contradictions: list[tuple[int, str, Any, Any]]


def _full_state(plan: Plan, uuid: str, base: dict[str, Any] | None = None) -> _Logged:
    """The record as its own entries say, from its creation (or from `base`, a seeded record)."""
    values = dict(base) if base is not None else None
    updater, label = (base or {}).get("updated_by", ""), ""
    contradictions: list[tuple[int, str, Any, Any]] = []
    known = set(plan.columns) | {c.name for c in plan.secrets}
    for entry_id, username, action, record_label, changes in _entries_of(uuid):
        label = record_label or label
        if action not in CREATING and action not in CHANGING:
            continue
        try:
            logged = {k: (v[1], v[2]) for k, v in json.loads(changes or "{}").items()}
        except (ValueError, TypeError, IndexError, KeyError, AttributeError):
            continue
        touched = {k: v for k, v in logged.items() if k in known}
        if action in CREATING:
            values = {"created_by": username, **{k: after for k, (_b, after) in touched.items()}}
        elif not touched:
            continue
        elif values is not None:
            for name, (before, after) in touched.items():
                col = plan.columns.get(name)
                if col is not None and col.logged(before) != col.logged(values.get(name)):
                    contradictions.append((entry_id, name, values.get(name), before))
                values[name] = after
        updater = text_of(logged["updated_by"][1] if "updated_by" in logged else username)
    return _Logged(values, updater, label, contradictions)


def _stored_row(plan: Plan, uuid: str) -> dict[str, Any] | None:
    model = plan.decl.model
    return model.select().where(model.uuid == uuid).dicts().first()


def _show(col: Column, canonical: str | None) -> str:
    if col.kind is Kind.BOOL:
        return "是" if canonical else "否"
    if canonical is None:
        return "（空）"
    if col.kind is Kind.MONEY and canonical.lstrip("-").isdigit():
        return f"{int(canonical) / 100:.2f}"
    if col.kind is Kind.REF and col.ref and canonical.isdigit():
        target = model_for(col.ref)
        found = target.get_or_none(target.id == int(canonical))
        return str(getattr(found, "name", None) or getattr(found, "username", None) or canonical)
    return canonical


def _stored_canonical(col: Column, value: Any) -> str | None:
    """A model row's value (peewee's Python types) in canonical form."""
    if value is None:
        return None
    if col.kind is Kind.MONEY:
        return str(int((Decimal(value) * 100).to_integral_value()))
    if isinstance(value, pw.Model):
        return str(value.get_id())
    return col.stored(value)


def _compare(plan: Plan, logged: _Logged, stored: dict[str, Any], label: str) -> list[Finding]:
    title = plan.decl.title
    values = logged.values or {}
    found = []
    for col in plan.compared:
        a = col.logged(values.get(col.name))
        b = _stored_canonical(col, stored.get(col.name))
        if a != b:
            found.append(Finding(title, label, col.label, _show(col, a), _show(col, b)))
    if logged.updater != (stored.get("updated_by") or ""):
        found.append(
            Finding(
                title, label, COMMON_LABELS["updated_by"], logged.updater or "（空）", stored.get("updated_by") or ""
            )
        )
    for col in plan.secrets:
        if not secret_matches(values.get(col.name), stored.get(col.name)):
            found.append(Finding(title, label, col.label, "审计日志记载的密码", "另一个密码哈希"))
    return found


def _label_of(plan: Plan, stored: dict[str, Any]) -> str:
    from desktop.registers import ALL

    return ALL[plan.decl.key].record_label(stored) or stored.get("uuid", "")


ADDED = "数据库中有这条记录，审计日志中没有它的新建：被绕过审计日志写入"
DELETED = "审计日志记有这条记录，数据库中已没有：被绕过审计日志删除"


def explain(plan: Plan, uuid: str, why: str, seeded: bool) -> list[Finding]:
    title = plan.decl.title
    if uuid.startswith("seed:"):
        return [Finding(title, uuid[5:], "", "建库时写入的默认分类已不在数据库中：被绕过审计日志删除", "")]
    stored = _stored_row(plan, uuid)
    logged = _full_state(plan, uuid)
    if stored is None:
        return [Finding(title, logged.label or uuid, "", DELETED, "")]
    if logged.values is None and plan.decl.key in NATURAL_KEY and seeded:
        return replay_seeded(plan, uuid)[0]
    label = _label_of(plan, stored)
    if logged.values is None:
        return [Finding(title, label, "", ADDED, "")]
    found = _compare(plan, logged, stored, label)
    for entry_id, name, earlier, before in logged.contradictions:
        col = plan.columns[name]
        found.append(
            Finding(
                plan.decl.title,
                label,
                "",
                f"【{col.label}】之前的记载为“{_show(col, col.logged(earlier))}”，第{entry_id}条修改时的原值却是"
                f"“{_show(col, col.logged(before))}”：两次记载之间被绕过审计日志改动",
                "",
            )
        )
    # Every field agrees with the entries' after-values, yet the sums differ: an entry's before-values contradict
    # what the entries before it say, or the record was created twice — the log itself was forged.
    return found or [
        Finding(title, label, "", "审计日志对这条记录的前后记载互相矛盾（重复新建，或修改前的值与之前的记载不符）", "")
    ]


def replay_seeded(plan: Plan, uuid: str) -> tuple[list[Finding], str | None]:
    """A default catalogue record of migration 1, replayed from its shipped values: (what differs, its key)."""
    key = plan.decl.key
    natural = NATURAL_KEY[key]
    stored = _stored_row(plan, uuid)
    if stored is None:
        return [Finding(plan.decl.title, uuid, "", DELETED, "")], None
    original = stored.get(natural)
    for _id, _u, action, _l, changes in _entries_of(uuid):  # its key at 建库: the one before its first logged change
        try:
            logged = json.loads(changes or "{}")
        except ValueError:
            continue
        if action in CHANGING and natural in logged:
            original = logged[natural][1]
            break
    label = str(stored.get(natural) or uuid)
    seed = next((r for r in migrations.default_catalogue_rows()[key] if r[natural] == original), None)
    if seed is None:
        return [Finding(plan.decl.title, label, "", ADDED, "")], None
    base: dict[str, Any] = {f.name: (bool(f.default) if f.kind is Kind.BOOL else None) for f in plan.decl.fields}
    base.update(seed)
    base.update({"created_by": "", "updated_by": ""})
    return _compare(plan, _full_state(plan, uuid, base), stored, label), str(original)
