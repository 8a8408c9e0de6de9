"""Records edited on two PCs since their last exchange: the list a person decides from, and the decision itself
(keep this PC's version or take the incoming one), each written to the audit log."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop.db import audit, write_transaction
from desktop.db.declare import Declaration, Field, Kind, model_for
from desktop.db.models import DECLARATIONS
from desktop.db.models.exchange import Conflict
from desktop.domain.errors import DomainError
from desktop.exchange.package_format import decode_value
from desktop.exchange.package_records import apply_values, id_uuid_maps, save_state, snapshot, typed_values
from desktop.registers import ALL, refs
from desktop.registers.base import Actor, NotAllowed
from desktop.registers.values import display

KEEP_LOCAL, KEEP_INCOMING = "local", "incoming"
RESOLUTIONS = {KEEP_LOCAL: "保留本机版本", KEEP_INCOMING: "采用导入的版本", "same": "两台电脑已一致"}
EMPTY = "（空）"
_VOID = Field("voided", "已作废", Kind.BOOL)
_VOID_REASON = Field("void_reason", "作废原因", Kind.LONGTEXT)


@dataclass(frozen=True)
class Difference:
    label: str
    local: str
    incoming: str


@dataclass(frozen=True)
class ConflictView:
    """One conflict as the list shows it: which record, from which PC, and every field that differs."""

    id: int
    register: str
    title: str
    record_uuid: str
    label: str
    peer_name: str
    detected_at: datetime
    local_updated: str  # who changed this PC's version, and when
    incoming_updated: str
    differences: list[Difference]
    resolved: bool
    resolution: str  # in words


def _names(uuid_to_name: dict[str, dict[str, str]], ref: str) -> dict[str, str]:
    if ref not in uuid_to_name:
        model = model_for(ref)
        uuid_to_name[ref] = dict(model.select(model.uuid, refs.display_column(ref)).tuples())
    return uuid_to_name[ref]


def _show(f: Field, raw: Any, uuid_to_name: dict[str, dict[str, str]]) -> str:
    if raw is None or raw == "":
        return EMPTY
    if f.kind is Kind.REF:
        return _names(uuid_to_name, f.ref or "").get(raw, raw)
    try:
        value = decode_value(f, raw, "")
    except DomainError:
        return str(raw)
    # Unmasked: only administrators see this list, and two versions may differ in the masked digits alone.
    return display(f, value, masked=False) or EMPTY


def _updated(data: dict[str, Any]) -> str:
    return f"{data.get('updated_by') or '（未知）'} {str(data.get('updated_at') or '')[:16]}"


def _differences(decl: Declaration, local: dict[str, Any], incoming: dict[str, Any]) -> list[Difference]:
    names: dict[str, dict[str, str]] = {}
    out = []
    for f in decl.fields:
        a, b = local["values"].get(f.name), incoming["values"].get(f.name)
        if a != b:
            out.append(Difference(f.label, _show(f, a, names), _show(f, b, names)))
    for f in (_VOID, _VOID_REASON):
        a, b = local.get(f.name), incoming.get(f.name)
        if a != b:
            out.append(Difference(f.label, _show(f, a, names), _show(f, b, names)))
    return out


def pending_conflicts() -> int:
    """How many conflicts wait for a decision."""
    return Conflict.select().where(Conflict.resolved == False).count()  # noqa: E712


def list_conflicts(include_resolved: bool = False) -> list[ConflictView]:
    """Conflicts oldest first, compared with this PC's record as it is now."""
    query = Conflict.select().order_by(Conflict.id)
    if not include_resolved:
        query = query.where(Conflict.resolved == False)  # noqa: E712
    maps = id_uuid_maps()
    out = []
    for c in query:
        decl = DECLARATIONS.get(c.register)
        if decl is None:
            continue
        record = decl.model.get_or_none(decl.model.uuid == c.record_uuid)
        local = snapshot(decl, record, maps) if record is not None else json.loads(c.local)
        incoming = json.loads(c.incoming)
        label = ALL[decl.key].record_label(typed_values(decl, record)) if record is not None else ""
        out.append(
            ConflictView(
                id=c.id,
                register=decl.key,
                title=decl.title,
                record_uuid=c.record_uuid,
                label=label or c.record_uuid,
                peer_name=c.peer_name,
                detected_at=c.detected_at,
                local_updated=_updated(local),
                incoming_updated=_updated(incoming),
                differences=_differences(decl, local, incoming),
                resolved=c.resolved,
                resolution=RESOLUTIONS.get(c.resolution, ""),
            )
        )
    return out


def _incoming_values(decl: Declaration, incoming: dict[str, Any]) -> dict[str, Any]:
    """The incoming version's typed values, references turned from local uuids back into ids."""
    typed = {}
    for f in decl.fields:
        value = decode_value(f, incoming["values"].get(f.name), f"{decl.title}冲突记录")
        if f.kind is Kind.REF and value is not None:
            model = model_for(f.ref or "")
            row = model.get_or_none(model.uuid == value)
            if row is None:
                raise DomainError(f"导入版本引用的{f.label}在本机已不存在，无法采用导入的版本")
            value = row.id
        typed[f.name] = value
    return typed


def resolve_conflict(conflict_id: int, keep: str, actor: Actor) -> None:
    """Decide a conflict: keep this PC's version (`local`) or take the incoming one (`incoming`). Either way the
    incoming version becomes the agreed base with that PC, so the same package never raises it again."""
    if keep not in (KEEP_LOCAL, KEEP_INCOMING):
        raise DomainError("处理方式应为“保留本机”（local）或“采用导入”（incoming）")
    if not actor.is_admin:
        raise NotAllowed("只有管理员可以处理数据包冲突")
    now = datetime.now().replace(microsecond=0)
    with write_transaction():
        c = Conflict.get_or_none(Conflict.id == conflict_id)
        if c is None:
            raise DomainError(f"冲突记录不存在（编号 {conflict_id}）")
        if c.resolved:
            raise DomainError("该冲突已经处理过了")
        decl = DECLARATIONS[c.register]
        record = decl.model.get_or_none(decl.model.uuid == c.record_uuid)
        if record is None:
            raise DomainError("本机记录已不存在，无法处理该冲突")
        changes: dict[str, tuple[str, Any, Any]] = {}
        values = typed_values(decl, record)
        if keep == KEEP_INCOMING:
            incoming = json.loads(c.incoming)
            values = _incoming_values(decl, incoming)
            updated_at = datetime.fromisoformat(incoming["updated_at"])
            changes = apply_values(
                decl,
                record,
                values,
                bool(incoming["voided"]),
                incoming["void_reason"] or "",
                updated_at,
                incoming["updated_by"] or "",
            )
        changes["resolution"] = ("处理结果", None, RESOLUTIONS[keep])
        audit.append("冲突处理", decl.key, actor.username, record.uuid, ALL[decl.key].record_label(values), changes)
        save_state(c.peer_site, c.register, c.remote_uuid, c.record_uuid, c.incoming_hash, now)
        Conflict.update(resolved=True, resolution=keep, resolved_at=now, resolved_by=actor.username).where(
            Conflict.id == c.id
        ).execute()
