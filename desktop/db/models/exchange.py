"""Tables of the exchange between offline PCs: what was last agreed per peer and record, conflicts, source history."""

import peewee as pw

from desktop.db.declare import BaseModel


class ExchangeState(BaseModel):
    """The content hash of a record as last merged from a peer: the common base of a three-way comparison.

    `uuid` is the record's uuid on the peer; `local_uuid` the record it was matched to here, which differs only
    for a catalogue record matched by its natural key (two PCs that each created the unit 工商)."""

    peer_site = pw.CharField(max_length=36)
    register = pw.CharField(max_length=32)
    uuid = pw.CharField(max_length=36)
    local_uuid = pw.CharField(max_length=36, index=True)
    hash = pw.CharField(max_length=64)
    updated_at = pw.DateTimeField()

    class Meta:
        table_name = "exchange_state"
        indexes = ((("peer_site", "uuid"), True),)


class Conflict(BaseModel):
    """A record edited on both PCs since their last exchange: the local version stays, the incoming one waits
    here until a person keeps one of them. Values are JSON with catalogue references as local uuids."""

    peer_site = pw.CharField(max_length=36, index=True)
    peer_name = pw.CharField(max_length=64, default="")
    register = pw.CharField(max_length=32)
    record_uuid = pw.CharField(max_length=36, index=True)  # the local record
    remote_uuid = pw.CharField(max_length=36)  # the same record on the peer (differs only for matched catalogues)
    incoming = pw.TextField()
    incoming_hash = pw.CharField(max_length=64)
    local = pw.TextField()  # the local version when the conflict was found, kept for the record
    detected_at = pw.DateTimeField()
    resolved = pw.BooleanField(default=False, index=True)
    resolution = pw.CharField(max_length=16, default="")  # local / incoming / same (the peer caught up)
    resolved_at = pw.DateTimeField(null=True)
    resolved_by = pw.CharField(max_length=64, default="")

    class Meta:
        table_name = "exchange_conflict"


class ImportedAudit(BaseModel):
    """An audit entry of another PC, kept as that PC's history (never spliced into the local chain)."""

    source_site = pw.CharField(max_length=36)
    source_name = pw.CharField(max_length=64, default="")
    original_id = pw.IntegerField()
    ts = pw.DateTimeField(index=True)
    username = pw.CharField(max_length=64)
    action = pw.CharField(max_length=16)
    register = pw.CharField(max_length=32)
    record_uuid = pw.CharField(max_length=36, index=True, default="")
    record_label = pw.CharField(max_length=128, default="")
    changes = pw.TextField(default="{}")  # as logged on the source: catalogue references are the source's ids
    prev_hash = pw.CharField(max_length=64)
    hash = pw.CharField(max_length=64)
    imported_at = pw.DateTimeField()

    class Meta:
        table_name = "imported_audit"
        # A source restored from a backup reuses ids with other entries: both histories are kept, by hash.
        indexes = ((("source_site", "hash"), True),)
