"""A record's history from the audit log, for the form's 历史 tab."""

from __future__ import annotations

import json
from datetime import datetime
from typing import NamedTuple

from desktop.db.audit import AuditEntry


class HistoryEntry(NamedTuple):
    ts: datetime
    username: str
    action: str
    changes: list[tuple[str, object, object]]  # (label, before, after)


def record_history(record_uuid: str) -> list[HistoryEntry]:
    entries = AuditEntry.select().where(AuditEntry.record_uuid == record_uuid).order_by(AuditEntry.id.desc())
    out = []
    for e in entries:
        changes = [(label, before, after) for label, before, after in json.loads(e.changes or "{}").values()]
        out.append(HistoryEntry(e.ts, e.username, e.action, changes))
    return out
