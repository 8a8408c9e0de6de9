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
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

import peewee as pw

from desktop.db import audit, migrations
from desktop.db.audit import AuditEntry
from desktop.db.declare import COMMON_LABELS, Declaration, Kind, model_for
from desktop.db.models import CATALOGUES, REGISTERS

CREATING = frozenset({"新建", "数据包新建"})
CHANGING = frozenset({"修改", "作废", "恢复", "冲突处理", "数据包修改", "数据包作废", "数据包恢复"})
SEEDING = "建库"
NATURAL_KEY = {"hotline_limit": "appeal_type", "hotline_topic": "name", "web_column": "name"}
DETAILED = 50  # records replayed in full to name their fields; the rest are counted
MASK = (1 << 64) - 1
DECLARATIONS = CATALOGUES + REGISTERS


class Finding(NamedTuple):
    """One record that differs from its log: a field (label) with the logged and stored values, or the whole
    record (label empty) added or deleted behind the log."""

    title: str  # the register's title
    record: str  # its number or label
    field: str
    logged: str
    stored: str

    def __str__(self) -> str:
        if not self.field:
            return f"{self.title}“{self.record}”：{self.logged}"
        return f"{self.title}“{self.record}”的【{self.field}】：审计日志为“{self.logged}”，数据库中为“{self.stored}”"


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


# -- one canonical text per value, from the log's JSON and from the stored row alike ---------------------------


# Flat functions, one per kind and side: `verify` calls one for every value of every record and entry.


def _blank(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str | None:
    if value.__class__ is str:
        return value if value and not value.isspace() else None
    return None if value is None or value is False else str(value)


def _number(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if value.__class__ is int:
        return str(value)
    return str(int(value)) if not isinstance(value, str) or value.lstrip("-").isdigit() else f"?{value}"


def _money_logged(value: Any) -> str | None:
    if value is None or value == "":
        return None
    try:
        return str(int((Decimal(str(value)) * 100).to_integral_value()))
    except InvalidOperation:
        return f"?{value}"


def _date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value[:10] if value.__class__ is str else value.isoformat()


def _datetime(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if value.__class__ is str:
        return value[:19]
    return value.replace(microsecond=0).isoformat(sep=" ") if isinstance(value, datetime) else str(value)[:19]


def _bool(value: Any) -> str | None:
    # Stored booleans are 0/1 on SQLite, true/false on PostgreSQL and in the log.
    return "1" if value and value != "0" else None


_LOGGED: dict[Kind, Callable[[Any], str | None]] = {
    Kind.MONEY: _money_logged,
    Kind.DATE: _date,
    Kind.DATETIME: _datetime,
    Kind.BOOL: _bool,
    Kind.INT: _number,
    Kind.REF: _number,
}
# Stored money is integer 分 (the log has the decimal text of 元).
_STORED: dict[Kind, Callable[[Any], str | None]] = {**_LOGGED, Kind.MONEY: _number}


def _converters(kind: Kind) -> tuple[Callable[[Any], str | None], Callable[[Any], str | None]]:
    """(from the log's JSON, from a stored row): each a value's canonical text, None for blank — None, empty and
    false are one value, as a new record's entry lists only what was filled in."""
    return _LOGGED.get(kind, _text), _STORED.get(kind, _text)


class _Column(NamedTuple):
    name: str
    label: str
    column: str  # in the table
    prefix: str  # salt, register and field: what each value's hash starts with
    logged: Callable[[Any], str | None]
    stored: Callable[[Any], str | None]
    kind: Kind | None
    ref: str | None


class _Plan:
    """What is compared of one declaration's records, with the canonical form of each value."""

    def __init__(self, decl: Declaration, salt: str):
        self.decl = decl
        self.columns: dict[str, _Column] = {}
        self.secrets: list[_Column] = []
        specs = [(f.name, f.label, f.kind, f.ref, f.secret) for f in decl.fields]
        specs += [("voided", None, Kind.BOOL, None, False), ("void_reason", None, Kind.TEXT, None, False)]
        specs += [("created_by", None, Kind.TEXT, None, False)]
        for name, label, kind, ref, secret in specs:
            column = decl.model._meta.fields[name].column_name
            col = _Column(
                name,
                label or COMMON_LABELS[name],
                column,
                f"{salt}\x1f{decl.key}\x1f{name}\x1f",
                *_converters(kind),
                kind,
                ref,
            )
            if secret:
                self.secrets.append(col)
            else:
                self.columns[name] = col
        self.compared = list(self.columns.values())

        # The hot path's view: field name -> (hash prefix, canonical text from the log), plain tuples.
        self.fast = {c.name: (c.prefix, c.logged) for c in self.compared}
        self.text_names = frozenset(c.name for c in self.compared if c.logged is _text)
        self.secret_names = frozenset(c.name for c in self.secrets)


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
        self.plans = {d.key: _Plan(d, salt) for d in DECLARATIONS}
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
        self.state[register][uuid] = (digest & MASK) | (self._user(_text(updater) or "") << 64)

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
            pairs = [(c.prefix, c.stored, c.stored is _text) for c in cols]
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
                        if not _secret_matches(self.secret_marks.get(uuid, {}).get(col.name), value):
                            differing.append((decl.key, uuid, "differs"))
                            break
            for uuid in states:
                differing.append((decl.key, uuid, "deleted"))
        differing = self._seeded_ok(differing)
        result.differing = len(differing)
        for key, uuid, why in differing[:DETAILED]:
            result.findings += _explain(self.plans[key], uuid, why, self.seeded)

    def _seeded_ok(self, differing: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        """Drop the migration's default catalogue records that replay from their shipped values to what is stored;
        a default missing from its table is named as deleted."""
        if not self.seeded:
            return differing
        out = []
        present: dict[str, set[str]] = {k: set() for k in NATURAL_KEY}
        for key, uuid, why in differing:
            if key in NATURAL_KEY and why in ("added", "odd") and not _created(uuid):
                findings, natural = _replay_seeded(self.plans[key], uuid)
                if natural is not None:
                    present[key].add(natural)
                if not findings:
                    continue
            out.append((key, uuid, why))
        for key, rows in migrations.default_catalogue_rows().items():
            natural = NATURAL_KEY[key]
            seen = present[key] | _stored_keys(self.plans[key], natural)
            out += [(key, f"seed:{r[natural]}", "deleted") for r in rows if str(r[natural]) not in seen]
        return out


def _secret_matches(mark: Any, stored: Any) -> bool:
    if _blank(mark) or _blank(stored):
        return _blank(mark) == _blank(stored)
    mark = str(mark)
    if "#" not in mark:  # logged before fingerprints: only that a secret was set can be compared
        return True
    return mark.rsplit("#", 1)[1] == audit.secret_fingerprint(str(stored))


# -- a record replayed in full from its own entries, to name what differs ----------------------------------------


def _entries_of(uuid: str) -> list[tuple[int, str, str, str, str]]:
    e = AuditEntry
    query = e.select(e.id, e.username, e.action, e.record_label, e.changes).where(e.record_uuid == uuid).order_by(e.id)
    return list(query.tuples())


def _created(uuid: str) -> bool:
    e = AuditEntry
    return e.select().where((e.record_uuid == uuid) & e.action.in_(sorted(CREATING))).exists()


def _stored_keys(plan: _Plan, natural: str) -> set[str]:
    """Natural keys of records that have a creating entry of their own (not seeded ones)."""
    model = plan.decl.model
    return {str(v) for (v, u) in model.select(getattr(model, natural), model.uuid).tuples() if _created(u)}


class _Logged(NamedTuple):
    values: dict[str, Any] | None  # None: no entry created the record (and no base was given)
    updater: str
    label: str
    # (entry id, field, the value the entries before it left, the value it says was there before)
    contradictions: list[tuple[int, str, Any, Any]]


def _full_state(plan: _Plan, uuid: str, base: dict[str, Any] | None = None) -> _Logged:
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
        updater = _text(logged["updated_by"][1] if "updated_by" in logged else username)
    return _Logged(values, updater, label, contradictions)


def _stored_row(plan: _Plan, uuid: str) -> dict[str, Any] | None:
    model = plan.decl.model
    return model.select().where(model.uuid == uuid).dicts().first()


def _show(col: _Column, canonical: str | None) -> str:
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


def _stored_canonical(col: _Column, value: Any) -> str | None:
    """A model row's value (peewee's Python types) in canonical form."""
    if value is None:
        return None
    if col.kind is Kind.MONEY:
        return str(int((Decimal(value) * 100).to_integral_value()))
    if isinstance(value, pw.Model):
        return str(value.get_id())
    return col.stored(value)


def _compare(plan: _Plan, logged: _Logged, stored: dict[str, Any], label: str) -> list[Finding]:
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
        if not _secret_matches(values.get(col.name), stored.get(col.name)):
            found.append(Finding(title, label, col.label, "审计日志记载的密码", "另一个密码哈希"))
    return found


def _label_of(plan: _Plan, stored: dict[str, Any]) -> str:
    from desktop.registers import ALL

    return ALL[plan.decl.key].record_label(stored) or stored.get("uuid", "")


ADDED = "数据库中有这条记录，审计日志中没有它的新建：被绕过审计日志写入"
DELETED = "审计日志记有这条记录，数据库中已没有：被绕过审计日志删除"


def _explain(plan: _Plan, uuid: str, why: str, seeded: bool) -> list[Finding]:
    title = plan.decl.title
    if uuid.startswith("seed:"):
        return [Finding(title, uuid[5:], "", "建库时写入的默认分类已不在数据库中：被绕过审计日志删除", "")]
    stored = _stored_row(plan, uuid)
    logged = _full_state(plan, uuid)
    if stored is None:
        return [Finding(title, logged.label or uuid, "", DELETED, "")]
    if logged.values is None and plan.decl.key in NATURAL_KEY and seeded:
        return _replay_seeded(plan, uuid)[0]
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


def _replay_seeded(plan: _Plan, uuid: str) -> tuple[list[Finding], str | None]:
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


def verify_records(database: pw.Database | None = None) -> ReplayResult:
    """Check the hash chain and replay the log against every record, in one pass over the log."""
    from desktop.db.connection import database_proxy

    database = database or database_proxy.obj
    replay = _Replay()
    chain = audit.verify_chain(visit=replay.visit)
    result = ReplayResult(chain)
    replay.compare(database, result)
    return result
