"""The append-only, hash-chained audit log: who changed what, field by field, written in the change's transaction."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

import peewee as pw

from desktop.db.declare import BaseModel

GENESIS = "0" * 64


class AuditEntry(BaseModel):
    id = pw.AutoField()
    ts = pw.DateTimeField(index=True)
    username = pw.CharField(max_length=64, index=True)
    action = pw.CharField(max_length=16)  # 新建 / 修改 / 作废 / 恢复 / 登录 / 导入 …
    register = pw.CharField(max_length=32, index=True)
    record_uuid = pw.CharField(max_length=36, index=True, default="")
    record_label = pw.CharField(max_length=128, default="")
    changes = pw.TextField(default="{}")  # JSON: {field: [label, before, after]}
    prev_hash = pw.CharField(max_length=64)
    hash = pw.CharField(max_length=64)

    class Meta:
        table_name = "audit_log"


class AuditHead(BaseModel):
    """The last entry's id and hash, kept beside the log so that cutting entries off the end is detected."""

    id = pw.IntegerField(primary_key=True, default=1)
    last_id = pw.IntegerField(default=0)
    last_hash = pw.CharField(max_length=64, default=GENESIS)
    count = pw.IntegerField(default=0)

    class Meta:
        table_name = "audit_head"


def plain(value: Any) -> Any:
    """A JSON-safe rendering of a field value for the log."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, pw.Model):
        return str(getattr(value, "name", value.get_id()))
    return str(value)


def _digest(
    entry_id: int,
    ts: datetime,
    username: str,
    action: str,
    register: str,
    record_uuid: str,
    record_label: str,
    changes: str,
    prev_hash: str,
) -> str:
    payload = json.dumps(
        [
            entry_id,
            ts.replace(microsecond=0).isoformat(sep=" "),
            username,
            action,
            register,
            record_uuid,
            record_label,
            changes,
            prev_hash,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    action: str,
    register: str,
    username: str,
    record_uuid: str = "",
    record_label: str = "",
    changes: dict[str, tuple[str, Any, Any]] | None = None,
    ts: datetime | None = None,
) -> None:
    """Append one entry. Must run inside `write_transaction()` so that the chain is extended by one writer."""
    append_many(
        [
            {
                "action": action,
                "register": register,
                "record_uuid": record_uuid,
                "record_label": record_label,
                "changes": changes or {},
            }
        ],
        username,
        ts,
    )


class ChainResult(NamedTuple):
    ok: bool
    checked: int
    first_bad_id: int | None = None
    message: str = ""


def verify_chain(batch: int = 5000, database: pw.Database | None = None) -> ChainResult:
    """Recompute every hash in order; name the first entry that was altered, removed or inserted. With
    `database`, check that file (a backup) through its own connection, leaving the app's binding alone."""
    prev = GENESIS
    expected_id = 1
    checked = 0
    last_id = 0
    e = AuditEntry
    # Plain rows, not model instances: a ten-year office has over a million entries, and every backup checks them.
    query = (
        e.select(
            e.id, e.ts, e.username, e.action, e.register, e.record_uuid, e.record_label, e.changes, e.prev_hash, e.hash
        )
        .order_by(e.id)
        .tuples()
    )
    for (
        entry_id,
        ts,
        username,
        action,
        register,
        record_uuid,
        record_label,
        changes,
        prev_hash,
        stored,
    ) in query.iterator(database):
        if entry_id != expected_id:
            return ChainResult(False, checked, entry_id, f"审计日志第{expected_id}条缺失（下一条是第{entry_id}条）")
        if prev_hash != prev:
            return ChainResult(
                False, checked, entry_id, f"审计日志第{entry_id}条的前序哈希不符：之前的记录被改动或删除"
            )
        digest = _digest(entry_id, ts, username, action, register, record_uuid, record_label, changes, prev_hash)
        if digest != stored:
            return ChainResult(False, checked, entry_id, f"审计日志第{entry_id}条内容被改动（{ts} {action}）")
        prev = stored
        expected_id += 1
        checked += 1
        last_id = entry_id
    head = AuditHead.select().where(AuditHead.id == 1).first(database)
    if head is not None and (head.last_id != last_id or head.last_hash != prev):
        return ChainResult(False, checked, last_id + 1, f"审计日志末尾缺失：应有{head.last_id}条，实有{last_id}条")
    return ChainResult(True, checked, None, f"审计日志完整，共{checked}条")


def append_many(entries: list[dict[str, Any]], username: str, ts: datetime | None = None) -> int:
    """Append many entries at once (bulk import, demo data): the same chain as `append`, inserted in batches.
    Each entry is a dict with action, register, record_uuid, record_label, changes. Runs in the caller's
    write transaction."""
    if not entries:
        return 0
    head, _ = AuditHead.get_or_create(id=1)
    ts = (ts or datetime.now()).replace(microsecond=0)
    prev, next_id = head.last_hash, head.last_id + 1
    rows = []
    for e in entries:
        body = json.dumps(
            {k: [label, plain(before), plain(after)] for k, (label, before, after) in e.get("changes", {}).items()},
            ensure_ascii=False,
            sort_keys=True,
        )
        label = e.get("record_label", "")[:128]
        digest = _digest(next_id, ts, username, e["action"], e["register"], e.get("record_uuid", ""), label, body, prev)
        rows.append(
            {
                "id": next_id,
                "ts": ts,
                "username": username,
                "action": e["action"],
                "register": e["register"],
                "record_uuid": e.get("record_uuid", ""),
                "record_label": label,
                "changes": body,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev, next_id = digest, next_id + 1
    if len(rows) == 1:
        AuditEntry.insert(rows[0]).execute()
    else:  # an import's thousands of entries: the driver's batch insert
        from desktop.db import bulk
        from desktop.db.connection import database_proxy

        fields = AuditEntry._meta.sorted_fields
        convert = bulk.storage_converters(database_proxy.obj, fields)
        bulk.insert_rows(
            database_proxy.obj,
            AuditEntry._meta.table_name,
            [f.column_name for f in fields],
            (
                tuple(row[f.name] if c is None else c(row[f.name]) for f, c in zip(fields, convert, strict=True))
                for row in rows
            ),
        )
    AuditHead.update(last_id=next_id - 1, last_hash=prev, count=head.count + len(rows)).where(
        AuditHead.id == 1
    ).execute()
    return len(rows)
