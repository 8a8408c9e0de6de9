"""Records as they travel and as they are stored here: typed values, their JSON with references as uuids, content
hashes, overwriting a record with another version, the per-peer exchange state and bulk inserts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import peewee as pw

from desktop.db.connection import db
from desktop.db.declare import Declaration, Kind, model_for
from desktop.db.models.exchange import ExchangeState
from desktop.exchange.package_format import EXCHANGED, content_hash, encode_value

CHUNK = 500  # values per IN (...): well under SQLite's parameter limit
INSERT_CHUNK = 200  # rows converted and sent per executemany: bounds the memory of a year's import


def id_uuid_maps() -> dict[str, dict[int, str]]:
    """Local id -> uuid of every catalogue record that a reference may point at."""
    keys = {f.ref for d in EXCHANGED for f in d.fields if f.kind is Kind.REF and f.ref}
    return {key: dict(model_for(key).select(model_for(key).id, model_for(key).uuid).tuples()) for key in keys}


def typed_values(decl: Declaration, record: pw.Model) -> dict[str, Any]:
    """The declared fields of a stored record (references as local ids)."""
    return {f.name: record.__data__.get(f.name) for f in decl.fields}


def json_values(decl: Declaration, typed: Mapping[str, Any], maps: Mapping[str, Mapping[int, str]]) -> dict[str, Any]:
    """Typed values as they travel and are hashed: references as uuids."""
    out = {}
    for f in decl.fields:
        value = typed.get(f.name)
        if f.kind is Kind.REF and value is not None:
            value = maps[f.ref or ""][value]
        out[f.name] = encode_value(f, value)
    return out


def record_hash(decl: Declaration, record: pw.Model, maps: Mapping[str, Mapping[int, str]]) -> str:
    return content_hash(json_values(decl, typed_values(decl, record), maps), record.voided, record.void_reason)


def snapshot(decl: Declaration, record: pw.Model, maps: Mapping[str, Mapping[int, str]]) -> dict[str, Any]:
    """A record as JSON for the conflict list (references as local uuids)."""
    return {
        "uuid": record.uuid,
        "version": record.version,
        "updated_at": record.updated_at.isoformat(sep=" "),
        "updated_by": record.updated_by,
        "voided": bool(record.voided),
        "void_reason": record.void_reason or "",
        "values": json_values(decl, typed_values(decl, record), maps),
    }


def apply_values(
    decl: Declaration,
    record: pw.Model,
    typed: Mapping[str, Any],
    voided: bool,
    void_reason: str,
    updated_at: datetime,
    updated_by: str,
) -> dict[str, tuple[str, Any, Any]]:
    """Overwrite a stored record with another version; returns the audit changes. The version goes up so that a
    form opened on the old version is refused rather than saved over the merge."""
    before = typed_values(decl, record)
    changes = {n: (decl.label(n), before.get(n), v) for n, v in typed.items() if before.get(n) != v}
    if bool(record.voided) != voided:
        changes["voided"] = (decl.label("voided"), bool(record.voided), voided)
    if (record.void_reason or "") != void_reason:
        changes["void_reason"] = (decl.label("void_reason"), record.void_reason or "", void_reason)
    if changes:  # the record names the version's editor, not the entry's user: the entry says so
        changes["updated_by"] = (decl.label("updated_by"), record.updated_by, updated_by)
    decl.model.update(
        **typed,
        voided=voided,
        void_reason=void_reason,
        updated_at=updated_at,
        updated_by=updated_by,
        version=record.version + 1,
    ).where(decl.model.id == record.id).execute()
    return changes


def void_action(changes: Mapping[str, tuple[str, Any, Any]], default: str) -> str:
    """Voids travel as field changes; the log names them as such so that they stand out."""
    if "voided" in changes:
        return "数据包作废" if changes["voided"][2] else "数据包恢复"
    return default


def save_state(peer: str, register: str, remote_uuid: str, local_uuid: str, digest: str, now: datetime) -> None:
    ExchangeState.insert(
        peer_site=peer, register=register, uuid=remote_uuid, local_uuid=local_uuid, hash=digest, updated_at=now
    ).on_conflict(
        conflict_target=[ExchangeState.peer_site, ExchangeState.uuid],
        update={ExchangeState.local_uuid: local_uuid, ExchangeState.hash: digest, ExchangeState.updated_at: now},
    ).execute()


def bulk_insert(model: type[pw.Model], rows: list[dict[str, Any]]) -> None:
    """Insert rows of identical keys with one prepared statement: peewee builds the SQL of a multi-row insert
    value by value, which costs seconds for a year of records."""
    if not rows:
        return
    database = db()
    fields = [model._meta.fields[name] for name in rows[0]]
    open_q, close_q = database.quote[0], database.quote[-1]
    columns = ", ".join(f"{open_q}{f.column_name}{close_q}" for f in fields)
    marks = ", ".join([database.param] * len(fields))
    sql = f"INSERT INTO {open_q}{model._meta.table_name}{close_q} ({columns}) VALUES ({marks})"
    cursor = database.cursor()
    for chunk in chunks(rows, INSERT_CHUNK):
        cursor.executemany(sql, [tuple(f.db_value(r[f.name]) for f in fields) for r in chunk])


def chunks(items: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
