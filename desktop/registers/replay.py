"""Replaying the audit log against the records: every register and catalogue record must be what its entries say,
field by field, so that a record changed, added or deleted behind the log is named.

What is compared, per record (the declaration's fields, 已作废, 作废原因, 创建人 and 修改人):
- a record is created by a 新建 or 数据包新建 entry (the values it lists; a value not listed is blank), and changed
  by 修改, 作废, 恢复, 冲突处理 and the 数据包修改/作废/恢复 entries (each changed field's value after);
- 创建人 is the creating entry's user and 修改人 the user of the last entry that changed a field — unless the entry
  names them (a package's records keep the source's `created_by`/`updated_by`, and their entries say so);
- blank, None and false are one value (a new record's entry lists only what was filled in);
- secrets (password hashes) are compared through the fingerprint the log keeps (`audit.secret_mark`); entries
  written before fingerprints existed say only that a secret was set, and then only that is compared;
- the hotline topics, time limits and website columns that migration 1 writes under its single 建库 entry are taken
  as created by it with their shipped values (`migrations.default_catalogue_rows`).
Not compared: 版本, 创建/修改时间, the holiday calendar, numbering counters and the report tables.

Speed and memory: the log is read once, in the same pass as the hash chain check (plain rows), and each record is
kept as one integer — a sum of keyed hashes of its (field, value) pairs, which a change updates from the before
and after values its entry carries — so ten years (1.3 million entries) fit in a few hundred megabytes. The key
is drawn anew at every run, so nobody can prepare a record whose sum matches the log's. Records whose sums differ
are then replayed in full from their own entries to name the fields."""

from __future__ import annotations

import hashlib
import json
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import peewee as pw

from desktop.db import audit, migrations
from desktop.registers.replay_explain import created, explain, replay_seeded
from desktop.registers.replay_values import (
    CHANGING,
    CREATING,
    DECLARATIONS,
    NATURAL_KEY,
    SEEDING,
    Finding,
    Plan,
    secret_matches,
    text_of,
)

DETAILED = 50  # records replayed in full to name their fields; the rest are counted
MASK = (1 << 64) - 1


@dataclass
class ReplayResult:
    chain: audit.ChainResult
    records: int = 0  # records compared
    differing: int = 0  # records that differ (all of them, even beyond those detailed)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.chain.ok and self.differing == 0

    @property
    def message(self) -> str:
        if self.differing == 0:
            return f"登记记录与审计日志逐项一致，共核对{self.records}条记录"
        more = f"（以下列出前{len(self.findings)}项）" if self.differing > DETAILED else ""
        return f"有{self.differing}条记录与审计日志不符：被绕过审计日志改动、添加或删除{more}"


def _keyed_hash() -> Callable[[str], int]:
    """Python's string hash is SipHash keyed by a secret drawn at every start (and the salt in each text is drawn
    at every run); with hash randomisation turned off (PYTHONHASHSEED=0) a keyed BLAKE2b, slower, stands in."""
    if sys.flags.hash_randomization:
        return hash
    key = secrets.token_bytes(16)
    return lambda text: int.from_bytes(hashlib.blake2b(text.encode(), key=key, digest_size=8).digest(), "little")


# -- the replay --------------------------------------------------------------------------------------------------


class _Replay:
    def __init__(self) -> None:
        salt = secrets.token_hex(16)
        self.hash = _keyed_hash()
        self.plans = {d.key: Plan(d, salt) for d in DECLARATIONS}
        self.state: dict[str, dict[str, int]] = {d.key: {} for d in DECLARATIONS}
        self.users: dict[str, int] = {}
        self.user_names: list[str] = []
        self.secret_marks: dict[str, dict[str, Any]] = {}  # uuid -> secret field -> the logged mark
        self.odd: dict[str, set[str]] = {d.key: set() for d in DECLARATIONS}  # replayed in full whatever the sums
        self.seeded = False

    def _user(self, name: str) -> int:
        index = self.users.get(name)
        if index is None:
            index = self.users[name] = len(self.user_names)
            self.user_names.append(name)
        return index

    def visit(
        self, entry_id: int, username: str, action: str, register: str, uuid: str, label: str, changes: str
    ) -> None:
        creating = action in CREATING
        h = self.hash  # the keyed hash of this run
        if not (creating or action in CHANGING) or not uuid:
            if action == SEEDING:
                self.seeded = True
            return
        plan = self.plans.get(register)
        if plan is None:
            return
        try:
            logged = json.loads(changes or "{}")
            fast = plan.fast
            digest = 0
            if creating:
                if uuid in self.state[register]:  # a second creation of the same record
                    self.odd[register].add(uuid)
                texts = plan.text_names
                for name, change in logged.items():
                    pair = fast.get(name)
                    if pair is not None:
                        value = change[2]
                        if value.__class__ is str and name in texts:  # most values: no call
                            if value and not value.isspace():
                                digest += h(pair[0] + value)
                            continue
                        text = pair[1](value)
                        if text is not None:
                            digest += h(pair[0] + text)
                if "created_by" not in logged:
                    digest += h(fast["created_by"][0] + username)
            else:
                touched = False
                for name, change in logged.items():
                    pair = fast.get(name)
                    if pair is not None:
                        touched = True
                        old, new = pair[1](change[1]), pair[1](change[2])
                        if old is not None:
                            digest -= h(pair[0] + old)
                        if new is not None:
                            digest += h(pair[0] + new)
                    elif name in plan.secret_names:
                        touched = True
                if not touched:
                    return  # nothing of the record changed (a conflict kept as it was)
                current = self.state[register].get(uuid)
                if current is None:  # changed, never created: a seeded catalogue record, or one created behind the log
                    self.odd[register].add(uuid)
                else:
                    digest += current & MASK
            if plan.secret_names:
                for name in plan.secret_names & logged.keys():
                    self.secret_marks.setdefault(uuid, {})[name] = logged[name][2]
            updater = logged["updated_by"][2] if "updated_by" in logged else username
        except (ValueError, TypeError, IndexError, KeyError, AttributeError):  # not what this app writes
            self.odd[register].add(uuid)
            return
        self.state[register][uuid] = (digest & MASK) | (self._user(text_of(updater) or "") << 64)

    # -- the records ---------------------------------------------------------------------------------------------

    def compare(self, database: pw.Database, result: ReplayResult) -> None:
        differing: list[tuple[str, str, str]] = []  # (register, uuid, why): detailed afterwards
        h = self.hash  # the keyed hash of this run
        for decl in DECLARATIONS:
            plan = self.plans[decl.key]
            states = self.state[decl.key]
            odd = self.odd[decl.key]
            cols = plan.compared
            secret_cols = plan.secrets
            names = ["uuid", "updated_by"] + [c.column for c in cols] + [c.column for c in secret_cols]
            sql = "SELECT " + ", ".join(f'"{n}"' for n in names) + f' FROM "{decl.table}"'
            cursor = database.execute_sql(sql)
            n_cols = len(cols)
            pairs = [(c.prefix, c.stored, c.stored is text_of) for c in cols]
            while rows := cursor.fetchmany(2000):
                for row in rows:
                    result.records += 1
                    uuid = row[0]
                    expected = states.pop(uuid, None)
                    if expected is None or uuid in odd:
                        differing.append((decl.key, uuid, "added" if expected is None else "odd"))
                        continue
                    digest = 0
                    for (prefix, stored, is_text), value in zip(pairs, row[2 : 2 + n_cols], strict=True):
                        if value is None:
                            continue
                        if is_text and value.__class__ is str:  # most values: no call
                            if value and not value.isspace():
                                digest += h(prefix + value)
                            continue
                        text = stored(value)
                        if text is not None:
                            digest += h(prefix + text)
                    updater = self.user_names[expected >> 64]
                    if (digest & MASK) != (expected & MASK) or updater != row[1]:
                        differing.append((decl.key, uuid, "differs"))
                        continue
                    for col, value in zip(secret_cols, row[2 + n_cols :], strict=True):
                        if not secret_matches(self.secret_marks.get(uuid, {}).get(col.name), value):
                            differing.append((decl.key, uuid, "differs"))
                            break
            for uuid in states:
                differing.append((decl.key, uuid, "deleted"))
        differing = self._seeded_ok(differing)
        result.differing = len(differing)
        for key, uuid, why in differing[:DETAILED]:
            result.findings += explain(self.plans[key], uuid, why, self.seeded)

    def _seeded_ok(self, differing: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        """Drop the migration's default catalogue records that replay from their shipped values to what is stored;
        a default missing from its table is named as deleted."""
        if not self.seeded:
            return differing
        out = []
        present: dict[str, set[str]] = {k: set() for k in NATURAL_KEY}
        for key, uuid, why in differing:
            if key in NATURAL_KEY and why in ("added", "odd") and not created(uuid):
                findings, natural = replay_seeded(self.plans[key], uuid)
                if natural is not None:
                    present[key].add(natural)
                if not findings:
                    continue
            out.append((key, uuid, why))
        for key, rows in migrations.default_catalogue_rows().items():
            natural = NATURAL_KEY[key]
            out += [(key, f"seed:{r[natural]}", "deleted") for r in rows if str(r[natural]) not in present[key]]
        return out


def verify_records() -> ReplayResult:
    """Check the hash chain of the bound database and replay its log against every record, in one pass over the
    log."""
    from desktop.db.connection import database_proxy

    database = database_proxy.obj
    replay = _Replay()
    chain = audit.verify_chain(visit=replay.visit)
    result = ReplayResult(chain)
    replay.compare(database, result)
    return result
