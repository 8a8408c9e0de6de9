"""The append-only, hash-chained audit log: who changed what, field by field, written in the change's transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

import peewee as pw

from desktop.db.connection import database_proxy
from desktop.db.declare import BaseModel
from desktop.domain.anchors import ANCHOR_PRINTED, Anchor

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
    ts: datetime | str,  # a str as SQLite stores it ("YYYY-MM-DD HH:MM:SS", see _raw_ts)
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
            ts[:19] if ts.__class__ is str else ts.replace(microsecond=0).isoformat(sep=" "),
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
    head: Anchor | None = None  # the last entry read (id and hash)


SECRET_MARK = "（已修改）"


def secret_mark(value: Any) -> str | None:
    """How a secret (a password hash) is logged: that it was set, and a fingerprint (a SHA-256 of the stored
    hash, cut to 16 digits) so that replaying the log can tell a hash swapped behind it; the hash itself, which
    can be tried against guessed passwords, never enters the log."""
    if value is None or value == "":
        return None
    return f"{SECRET_MARK}#{secret_fingerprint(str(value))}"


def secret_fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


# A visitor of `verify_chain`: called with each entry's id, username, action, register, record uuid and label and
# changes (the JSON text), so that `verify` replays the log in the same single pass as the chain check.
Visitor = Callable[[int, str, str, str, str, str, str], None]


def verify_chain(batch: int = 5000, database: pw.Database | None = None, visit: Visitor | None = None) -> ChainResult:
    """Recompute every hash in order; name the first entry that was altered, removed or inserted. With
    `database`, check that file (a backup) through its own connection, leaving the app's binding alone. With
    `visit`, every entry is handed on, also after a break (the replay still wants the whole log)."""
    prev = GENESIS
    expected_id = 1
    checked = 0
    last_id = 0
    bad: ChainResult | None = None
    e = AuditEntry
    # Plain rows, not model instances: a ten-year office has over a million entries, and every backup checks them.
    query = (
        e.select(
            e.id, e.ts, e.username, e.action, e.register, e.record_uuid, e.record_label, e.changes, e.prev_hash, e.hash
        )
        .order_by(e.id)
        .tuples()
    )
    # The driver's rows as they come (peewee's conversion of each timestamp was a tenth of the check).
    cursor = (database or database_proxy.obj).execute(query)
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
    ) in _rows(cursor, batch):
        if ts.__class__ is str and (len(ts) != 19 or ts[10] != " "):
            ts = e.ts.python_value(ts)  # not as this app writes it: read as peewee would
        if visit is not None:
            visit(entry_id, username, action, register, record_uuid, record_label, changes)
        if bad is None:
            if entry_id != expected_id:
                bad = ChainResult(False, checked, entry_id, f"审计日志第{expected_id}条缺失（下一条是第{entry_id}条）")
            elif prev_hash != prev:
                bad = ChainResult(
                    False, checked, entry_id, f"审计日志第{entry_id}条的前序哈希不符：之前的记录被改动或删除"
                )
            elif _digest(entry_id, ts, username, action, register, record_uuid, record_label, changes, prev_hash) != (
                stored
            ):
                bad = ChainResult(False, checked, entry_id, f"审计日志第{entry_id}条内容被改动（{ts} {action}）")
            if bad is not None and visit is None:
                return bad
        prev = stored
        expected_id = entry_id + 1
        checked += 1
        last_id = entry_id
    if bad is not None:
        return bad
    head = AuditHead.select().where(AuditHead.id == 1).first(database)
    if head is not None and (head.last_id != last_id or head.last_hash != prev):
        return ChainResult(False, checked, last_id + 1, f"审计日志末尾缺失：应有{head.last_id}条，实有{last_id}条")
    return ChainResult(True, checked, None, f"审计日志完整，共{checked}条", Anchor(last_id, prev) if last_id else None)


def _rows(cursor: Any, batch: int) -> Iterator[tuple[Any, ...]]:
    while rows := cursor.fetchmany(batch):
        yield from rows


def current_head(database: pw.Database | None = None) -> Anchor | None:
    """The chain head as kept beside the log (None before the first entry)."""
    head = AuditHead.select().where(AuditHead.id == 1).first(database)
    return Anchor(head.last_id, head.last_hash) if head is not None and head.last_id else None


def check_anchor(
    anchor: Anchor, where: str, database: pw.Database | None = None, chain_ok: bool = True
) -> tuple[bool, str]:
    """Whether the log still holds `anchor` (entry N with that hash); `where` names its source, ending in 的
    (“备份 X 的”). With the chain verified from its start to
    the head, entry N's hash covers every entry before it (each hash includes the previous one) and the chain
    continues from it: a history rewritten or shortened after the anchor was taken is detected here."""
    row = AuditEntry.select(AuditEntry.hash).where(AuditEntry.id == anchor.id).tuples().first(database)
    head = current_head(database)
    if row is None:
        last = head.id if head else 0
        return False, (
            f"{where}审计链头为第{anchor.id}条，本数据库的审计日志只有{last}条：该点之后的历史被截短或整体重写"
        )
    if not row[0].startswith(anchor.hash):
        return False, (
            f"{where}审计链头第{anchor.id}条的哈希为{anchor.hash[:ANCHOR_PRINTED]}，本数据库中为"
            f"{row[0][:ANCHOR_PRINTED]}：第{anchor.id}条或之前的历史被改写"
        )
    same = f"与{where}审计链头一致（第{anchor.id}条 {anchor.hash[:ANCHOR_PRINTED]}）"
    if not chain_ok:  # `chain_ok`: the caller's verify_chain of this log passed
        return False, f"{same}，但审计日志本身不完整（见上），其后的历史不能确认"
    return True, f"{same}，其后的历史接续完整"


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
