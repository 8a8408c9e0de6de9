"""Merging a checked data package into this database: records matched by uuid (catalogues also by their natural
key), a three-way comparison against the content last exchanged with the peer, conflicts kept for a person."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import peewee as pw

from desktop.db.declare import Declaration, Kind, model_for
from desktop.db.models import DECLARATIONS
from desktop.db.models.exchange import Conflict, ExchangeState, ImportedAudit
from desktop.domain.errors import DomainError
from desktop.exchange.package_format import CATALOGUE_KEYS, EXCHANGED, Package, PackageDamaged, Row, content_hash
from desktop.exchange.package_records import (
    apply_values,
    bulk_insert,
    chunks,
    id_uuid_maps,
    json_values,
    record_hash,
    save_state,
    snapshot,
    typed_values,
    void_action,
)
from desktop.exchange.package_versions import default_value
from desktop.registers import ALL
from desktop.registers.values import blank

# How a catalogue record made independently on two PCs is recognised as the same one when its uuid is unknown
# here: two PCs that each typed the unit 工商 must not end up with two units 工商.
NATURAL_KEYS = {
    "unit": ("name", "code"),
    "service_item": ("code",),
    "hotline_topic": ("name",),
    "web_column": ("name",),
    "hotline_limit": ("appeal_type",),
}
ACTION_ADDED, ACTION_REPLACED, ACTION_CONFLICT = "数据包新建", "数据包修改", "数据包冲突"


@dataclass
class RegisterCounts:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    conflicts: int = 0


@dataclass
class MergeOutcome:
    counts: dict[str, RegisterCounts] = field(default_factory=lambda: {d.key: RegisterCounts() for d in EXCHANGED})
    audit_entries: int = 0  # source audit entries newly kept
    listed: int = 0  # conflicts newly listed, or a newer incoming version of one still open
    entries: list[dict[str, Any]] = field(default_factory=list)  # local audit entries to append


class Merger:
    """One import: call `run()` inside a write transaction; nothing is committed if it raises."""

    def __init__(self, package: Package, now: datetime):
        self.package = package
        self.peer = package.source_site
        self.now = now
        self.outcome = MergeOutcome()
        self.maps = id_uuid_maps()  # local id -> uuid, kept current as catalogue records are added
        self.ref_ids: dict[str, dict[str, int]] = {
            key: {} for key in CATALOGUE_KEYS | set(self.maps)
        }  # peer uuid -> id

    def run(self) -> MergeOutcome:
        for decl in EXCHANGED:
            try:
                self._merge(decl, self.package.rows[decl.key])
            except pw.IntegrityError as exc:
                raise DomainError(
                    f"数据包无法导入：{decl.title}中有记录与本机已有的记录重复或引用无效（{exc}），未写入任何数据"
                ) from exc
        self._keep_source_audit()
        return self.outcome

    # -- references --------------------------------------------------------------------------------------------

    def _ref_id(self, key: str, remote: str, where: str) -> int:
        found = self.ref_ids[key].get(remote)
        if found is not None:
            return found
        model = model_for(key)
        record = model.get_or_none(model.uuid == remote)
        if record is None:
            state = ExchangeState.get_or_none((ExchangeState.peer_site == self.peer) & (ExchangeState.uuid == remote))
            record = model.get_or_none(model.uuid == state.local_uuid) if state else None
        if record is None:
            raise PackageDamaged(f"{where}引用的{DECLARATIONS[key].title}在数据包和本机中都不存在")
        self.ref_ids[key][remote] = record.id
        return record.id

    def _typed(self, decl: Declaration, row: Row, local: pw.Model | None) -> dict[str, Any]:
        """Every declared field's value with references as local ids. A field the source's (older) release does
        not have keeps the local record's value (the source cannot have changed it) or, for a new record, its
        declared default."""
        out = dict(row.values)
        for f in decl.fields:
            if f.name not in out:
                out[f.name] = local.__data__.get(f.name) if local is not None else default_value(f)
            elif f.kind is Kind.REF and out[f.name] is not None:
                out[f.name] = self._ref_id(f.ref or "", out[f.name], f"{decl.title}“{row.uuid}”的【{f.label}】")
        return out

    # -- matching ----------------------------------------------------------------------------------------------

    def _locals(self, decl: Declaration, rows: list[Row], states: Mapping[str, ExchangeState]) -> dict[str, Any]:
        model = decl.model
        wanted = sorted({r.uuid for r in rows} | {s.local_uuid for s in states.values()})
        found: dict[str, Any] = {}
        for chunk in chunks(wanted):
            found.update({r.uuid: r for r in model.select().where(model.uuid.in_(chunk))})
        return found

    def _natural(self, decl: Declaration, row: Row, claimed: set[str]) -> pw.Model | None:
        """The local catalogue record with the same name or code, unless it already stands for another record."""
        model = decl.model
        for column in NATURAL_KEYS.get(decl.key, ()):
            value = row.values.get(column)
            if blank(value):
                continue
            record = model.get_or_none(getattr(model, column) == value)
            if record is None or record.uuid in claimed:
                continue
            taken = (
                ExchangeState.select()
                .where(
                    (ExchangeState.peer_site == self.peer)
                    & (ExchangeState.local_uuid == record.uuid)
                    & (ExchangeState.uuid != row.uuid)
                )
                .exists()
            )
            if not taken:
                return record
        return None

    # -- merging -----------------------------------------------------------------------------------------------

    def _merge(self, decl: Declaration, rows: list[Row]) -> None:
        key, model = decl.key, decl.model
        counts = self.outcome.counts[key]
        states = {
            s.uuid: s
            for s in ExchangeState.select().where(
                (ExchangeState.peer_site == self.peer) & (ExchangeState.register == key)
            )
        }
        locals_ = self._locals(decl, rows, states)
        open_ = (Conflict.peer_site == self.peer) & (Conflict.register == key) & (Conflict.resolved == False)  # noqa: E712
        pending = {c.record_uuid: c for c in Conflict.select().where(open_)}
        claimed = {r.uuid for r in rows}  # a record sent in its own right is never another one's alias
        new_rows: list[dict[str, Any]] = []
        new_states: list[dict[str, Any]] = []  # first exchange of a record with this peer: inserted in bulk
        for row in rows:
            state = states.get(row.uuid)
            local = locals_.get(row.uuid) or (locals_.get(state.local_uuid) if state else None)
            if local is None and key in CATALOGUE_KEYS:
                local = self._natural(decl, row, claimed)
            typed = self._typed(decl, row, local)
            incoming_hash = content_hash(json_values(decl, typed, self.maps), row.voided, row.void_reason)
            if local is None:
                new_rows.append(self._insert(decl, row, typed))
                new_states.append(self._state(key, row.uuid, row.uuid, incoming_hash))
                counts.added += 1
                continue
            claimed.add(local.uuid)
            if key in CATALOGUE_KEYS:
                self.ref_ids[key][row.uuid] = local.id
            local_hash = record_hash(decl, local, self.maps)
            base = state.hash if state is not None else row.base
            conflict = pending.get(local.uuid)
            if incoming_hash == local_hash:
                counts.unchanged += 1
            elif base is not None and incoming_hash == base:
                counts.unchanged += 1  # only this PC changed it since the last exchange: ours stands
                continue
            elif base is not None and local_hash == base:
                changes = apply_values(decl, local, typed, row.voided, row.void_reason, row.updated_at, row.updated_by)
                self._log(void_action(changes, ACTION_REPLACED), decl, local.uuid, typed, changes)
                counts.replaced += 1
            else:
                counts.conflicts += 1
                self._conflict(decl, row, local, typed, incoming_hash, conflict)
                continue
            if state is None or state.hash != incoming_hash or state.local_uuid != local.uuid:
                if state is None:
                    new_states.append(self._state(key, row.uuid, local.uuid, incoming_hash))
                else:
                    save_state(self.peer, key, row.uuid, local.uuid, incoming_hash, self.now)
            if conflict is not None:  # the two PCs agree again: nothing is left to decide
                conflict.resolved, conflict.resolution, conflict.resolved_at = True, "same", self.now
                conflict.save()
        if new_rows and key not in CATALOGUE_KEYS:
            self._check_unique(decl, new_rows)
            bulk_insert(model, new_rows)
        bulk_insert(ExchangeState, new_states)

    def _state(self, register: str, remote_uuid: str, local_uuid: str, digest: str) -> dict[str, Any]:
        return {
            "peer_site": self.peer,
            "register": register,
            "uuid": remote_uuid,
            "local_uuid": local_uuid,
            "hash": digest,
            "updated_at": self.now,
        }

    def _insert(self, decl: Declaration, row: Row, typed: dict[str, Any]) -> dict[str, Any]:
        """Catalogue records are written at once (the registers after them need their ids); register records are
        returned for a batched insert."""
        data = {
            **typed,
            "uuid": row.uuid,
            "created_at": row.created_at,
            "created_by": row.created_by,
            "updated_at": row.updated_at,
            "updated_by": row.updated_by,
            "voided": row.voided,
            "void_reason": row.void_reason,
            "version": row.version,
        }
        if decl.key in CATALOGUE_KEYS:
            self._check_unique(decl, [data])
            new_id = decl.model.insert(**data).execute()
            self.ref_ids[decl.key][row.uuid] = new_id
            self.maps.setdefault(decl.key, {})[new_id] = row.uuid
        changes = {n: (decl.label(n), None, v) for n, v in typed.items() if not blank(v) and v is not False}
        if row.voided:
            changes["voided"] = (decl.label("voided"), None, True)
            changes["void_reason"] = (decl.label("void_reason"), None, row.void_reason)
        self._log(ACTION_ADDED, decl, row.uuid, typed, changes)
        return data

    def _check_unique(self, decl: Declaration, new_rows: list[dict[str, Any]]) -> None:
        """Name the value when a new record would take a unique value (a case number…) already used here."""
        model = decl.model
        for f in decl.fields:
            values = [r[f.name] for r in new_rows if f.unique and not blank(r.get(f.name))]
            for chunk in chunks(values):
                taken = model.select(getattr(model, f.name)).where(getattr(model, f.name).in_(chunk)).first()
                if taken is not None:
                    raise DomainError(
                        f"数据包无法导入：{decl.title}的【{f.label}】“{getattr(taken, f.name)}”在本机已被"
                        "另一条记录使用，未写入任何数据"
                    )

    def _conflict(
        self,
        decl: Declaration,
        row: Row,
        local: pw.Model,
        typed: dict[str, Any],
        incoming_hash: str,
        pending: Conflict | None,
    ) -> None:
        if pending is not None and pending.incoming_hash == incoming_hash:
            return  # already listed: importing the same package again changes nothing
        incoming = {
            "uuid": row.uuid,
            "version": row.version,
            "updated_at": row.updated_at.isoformat(sep=" "),
            "updated_by": row.updated_by,
            "voided": row.voided,
            "void_reason": row.void_reason,
            "values": json_values(decl, typed, self.maps),
        }
        data = {
            "peer_site": self.peer,
            "peer_name": self.package.source_name[:64],
            "register": decl.key,
            "record_uuid": local.uuid,
            "remote_uuid": row.uuid,
            "incoming": json.dumps(incoming, ensure_ascii=False, sort_keys=True),
            "incoming_hash": incoming_hash,
            "local": json.dumps(snapshot(decl, local, self.maps), ensure_ascii=False, sort_keys=True),
            "detected_at": self.now,
        }
        if pending is None:
            Conflict.create(**data)
        else:  # a newer version of a record still in conflict replaces the one waiting
            Conflict.update(**data).where(Conflict.id == pending.id).execute()
        self.outcome.listed += 1
        self._log(ACTION_CONFLICT, decl, local.uuid, typed_values(decl, local), {})

    def _log(
        self,
        action: str,
        decl: Declaration,
        record_uuid: str,
        values: Mapping[str, Any],
        changes: dict[str, tuple[str, Any, Any]],
    ) -> None:
        self.outcome.entries.append(
            {
                "action": action,
                "register": decl.key,
                "record_uuid": record_uuid,
                "record_label": ALL[decl.key].record_label(values),
                "changes": changes,
            }
        )

    def _keep_source_audit(self) -> None:
        """The source's audit entries, kept as its history; ones already kept (same source, same hash) are skipped."""
        entries = self.package.audit
        known: set[str] = set()
        for chunk in chunks([e["hash"] for e in entries]):
            known.update(
                h
                for (h,) in ImportedAudit.select(ImportedAudit.hash)
                .where((ImportedAudit.source_site == self.peer) & ImportedAudit.hash.in_(chunk))
                .tuples()
            )
        fresh = [
            {
                "source_site": self.peer,
                "source_name": self.package.source_name[:64],
                "original_id": e["id"],
                "ts": e["ts"],
                "username": e["username"],
                "action": e["action"],
                "register": e["register"],
                "record_uuid": e["record_uuid"],
                "record_label": e["record_label"],
                "changes": e["changes"],
                "prev_hash": e["prev_hash"],
                "hash": e["hash"],
                "imported_at": self.now,
            }
            for e in entries
            if e["hash"] not in known
        ]
        bulk_insert(ImportedAudit, fresh)
        self.outcome.audit_entries = len(fresh)
