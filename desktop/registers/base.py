"""What every register does the same way: parse and validate input, derive computed fields, number, save with
its audit entry in one transaction, void and restore, and permissions by role."""

from __future__ import annotations

import contextlib
import gc
import uuid as uuid_mod
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

import peewee as pw

from desktop.db import audit, bulk, search, write_transaction
from desktop.db.connection import database_proxy
from desktop.db.declare import Declaration, Field, Kind, model_for
from desktop.db.models import Counter
from desktop.domain import identifiers, vocab
from desktop.domain.errors import DomainError
from desktop.registers.values import blank, coerce

# How a catalogue record is found from the text in a form or a file cell, in order of preference.
REF_LOOKUP = {
    "unit": ("name", "code"),
    "service_item": ("code", "name"),
    "hotline_topic": ("name",),
    "web_column": ("name",),
    "user": ("username", "full_name"),
}


NUMBERS_AHEAD = 500  # a batch asks which of this many next numbers are taken in one query (well under SQLite's limit)

# Catalogue lookups remembered during a batch (an import, the demo); per thread and batch, never across them.
_LOOKUPS: ContextVar[dict[Any, Any] | None] = ContextVar("zwgk_lookups", default=None)


@contextlib.contextmanager
def batch_lookups() -> Iterator[None]:
    """Within the block, catalogue lookups (an item by its code, a unit by its id) are made once: a file of
    100,000 rows names the same few hundred items again and again, and an import checks the whole file before
    it writes anything, so a catalogue edited meanwhile is no worse than one edited just after."""
    token = _LOOKUPS.set({}) if _LOOKUPS.get() is None else None
    # A batch keeps hundreds of thousands of objects (rows, values, records) alive until it ends: the cycle
    # collector would walk them again and again (15% of a 100,000-row import). They hold no cycles.
    pause = token is not None and gc.isenabled()
    if pause:
        gc.disable()
    try:
        yield
    finally:
        if pause:
            gc.enable()
        if token is not None:
            _LOOKUPS.reset(token)


def lookup(key: Any, compute: Callable[[], Any]) -> Any:
    """`compute()`, remembered under `key` inside `batch_lookups()` (exceptions are not remembered)."""
    cache = _LOOKUPS.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


# Rows of one import checked so far and not yet written (see `batch_rows`); per thread and import.
_PENDING: ContextVar[dict[str, Any] | None] = ContextVar("zwgk_pending", default=None)


@contextlib.contextmanager
def batch_rows() -> Iterator[None]:
    """An import checks every row of a file before it writes any. Within the block, the rules that count or look
    up other records — a fee by the applicant's requests of the month, a parent topic, earlier calls from the
    same phone — also see the rows of the file accepted before them, as if the rows were entered one by one in
    the file's order: `Register.accepted` notes each row in the register's own `pending` store, which the rules
    read."""
    token = _PENDING.set({})
    try:
        yield
    finally:
        _PENDING.reset(token)


def pending(key: str, factory: Callable[[], Any]) -> Any:
    """The store named `key` of the current `batch_rows()` block, made by `factory()` on first use; None outside
    a block (a single save has no rows pending)."""
    stores = _PENDING.get()
    if stores is None:
        return None
    if key not in stores:
        stores[key] = factory()
    return stores[key]


class Actor(NamedTuple):
    """Who is acting: the signed-in user (GUI) or the operator of the command line."""

    username: str
    role: str
    unit_id: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == vocab.ROLE_ADMIN


SYSTEM = Actor("系统", vocab.ROLE_ADMIN)


class FieldErrors(DomainError):
    """Every problem of one record at once, keyed by field name, so that a form shows each next to its field."""

    def __init__(self, errors: Mapping[str, str], labels: Mapping[str, str]):
        self.errors = dict(errors)
        self.labels = dict(labels)
        text = "；".join(f"【{self.labels.get(k, k)}】{v}" for k, v in self.errors.items())
        super().__init__(text, next(iter(self.errors), None))


class StaleRecord(DomainError):
    """Someone else saved the record after this form loaded it; the save is refused, the typed values kept."""


class NotAllowed(DomainError):
    """The user's role may not do this (enforced here, not only by hidden buttons)."""


@dataclass
class Prepared:
    """A validated record ready to write: its typed values, the record it changes (if any), warnings."""

    values: dict[str, Any]
    old: pw.Model | None = None
    warnings: list[str] = field(default_factory=list)


class Register:
    """A register's behaviour around its declaration. Subclasses add `derive`, `rules`, numbering and scope."""

    write_roles: tuple[str, ...] = ()

    def __init__(self, decl: Declaration):
        self.decl = decl
        self.model = decl.model
        # What _check_values looks at, worked out once (an import checks every row).
        self._checked_fields = [f for f in decl.fields if (f.required and not f.computed) or f.check]
        self._number_fields = [f for f in decl.fields if f.kind in (Kind.INT, Kind.MONEY)]

    # -- extension points --------------------------------------------------------------------------------------

    def fill(self, values: dict[str, Any], old: pw.Model | None) -> None:
        """Defaults that depend on other typed values (run before the required-field check)."""

    def derive(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        """Fill computed fields; return errors {field: message} for what cannot be computed."""
        return {}

    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        """Cross-field rules (dates in order, what a status requires); return {field: message}."""
        return {}

    def warnings(self, values: dict[str, Any], old: pw.Model | None) -> list[str]:
        return []

    def accepted(self, values: dict[str, Any]) -> None:
        """Inside `batch_rows()`: a row was checked and will be written with the rest of its file; a register
        whose rules look at other records notes here what they need to see of it (`pending`)."""

    def next_number(self, values: dict[str, Any]) -> tuple[str, str] | None:
        """(counter name, format with {n}) for a new record's number, or None when not numbered."""
        return None

    def check_scope(self, actor: Actor, values: dict[str, Any]) -> None:
        """Raise NotAllowed when the actor's role may not write this record."""
        if actor.is_admin or actor.role in self.write_roles:
            return
        raise NotAllowed(f"“{actor.role}”角色不能修改{self.decl.title}")

    def record_label(self, values: Mapping[str, Any]) -> str:
        if self.decl.number_field and values.get(self.decl.number_field):
            return str(values[self.decl.number_field])
        for f in self.decl.fields:
            if f.kind in (Kind.TEXT, Kind.LONGTEXT) and values.get(f.name):
                return str(values[f.name])[:40]
        return ""

    # -- reading ----------------------------------------------------------------------------------------------

    def select(self, include_voided: bool = False) -> pw.ModelSelect:
        query = self.model.select()
        return query if include_voided else query.where(self.model.voided == False)  # noqa: E712

    def get(self, record_id: int) -> pw.Model:
        record = self.model.get_or_none(self.model.id == record_id)
        if record is None:
            raise DomainError(f"{self.decl.title}记录不存在（编号 {record_id}）")
        return record

    def values_of(self, record: pw.Model) -> dict[str, Any]:
        """The declared fields of a record as plain values (REF fields as ids)."""
        out: dict[str, Any] = {}
        for f in self.decl.fields:
            out[f.name] = record.__data__.get(f.name)
        return out

    def defaults(self) -> dict[str, Any]:
        return {f.name: f.default for f in self.decl.fields if f.default is not None}

    # -- validating ------------------------------------------------------------------------------------------

    def resolve_ref(self, f: Field, value: Any) -> int | None:
        """A catalogue record's id from an id, a model instance or the text a person wrote."""
        if blank(value):
            return None
        target = model_for(f.ref or "")
        if isinstance(value, pw.Model):
            return value.get_id()
        if isinstance(value, int) and not isinstance(value, bool):
            # No record has an id beyond a 64-bit INTEGER, and SQLite cannot even look one up (OverflowError).
            found = 0 < value < 2**63 and lookup((f.ref, "id", value), lambda: target.get_or_none(target.id == value))
            if not found:
                raise DomainError(f"{f.label}不存在（编号 {value}）", f.label)
            return value
        return lookup((f.ref, "text", str(value).strip()), lambda: self._ref_by_text(f, target, str(value).strip()))

    @staticmethod
    def _ref_by_text(f: Field, target: type[pw.Model], text: str) -> int:
        for column in REF_LOOKUP.get(f.ref or "", ("name",)):
            found = list(target.select(target.id).where(getattr(target, column) == text).limit(2).tuples())
            if len(found) > 1:
                hint = "请改用事项编码" if f.ref == "service_item" else "请写明全称"
                raise DomainError(f"有多个{f.label}名为“{text}”，{hint}", f.label)
            if found:
                return found[0][0]
        raise DomainError(f"找不到{f.label}“{text}”，请先在基础数据中添加", f.label)

    def parse(self, raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """Typed values of the given fields; problems keyed by field name."""
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        fields = {f.name: f for f in self.decl.fields}
        for name, value in raw.items():
            f = fields.get(name)
            if f is None:
                raise KeyError(f"{self.decl.key} has no field {name}")
            try:
                values[name] = self.resolve_ref(f, value) if f.kind is Kind.REF else coerce(f, value)
            except DomainError as exc:
                errors[name] = exc.message
        return values, errors

    def _check_values(self, values: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        for f in self._checked_fields:
            value = values.get(f.name)
            if f.required and not f.computed and blank(value):
                errors[f.name] = "必填"
                continue
            if blank(value) or not f.check:
                continue
            try:
                if f.check == "phone":
                    values[f.name] = identifiers.check_phone(value)
                elif f.check == "email":
                    values[f.name] = identifiers.check_email(value)
                elif f.check == "credit_code":
                    values[f.name] = identifiers.check_credit_code(value)
                elif f.check == "id_number":
                    kind = values.get(f.id_kind_field or "") or identifiers.RESIDENT_ID
                    values[f.name] = identifiers.check_id_number(kind, value)
            except DomainError as exc:
                errors[f.name] = exc.message
        for f in self._number_fields:
            if values.get(f.name) is not None and values[f.name] < 0:
                errors.setdefault(f.name, "不能为负数")
        return errors

    def prepare(self, raw: Mapping[str, Any], record_id: int | None = None) -> Prepared:
        """Validate a record as typed (all problems at once) and compute its derived fields, without writing."""
        old = self.get(record_id) if record_id is not None else None
        values = self.values_of(old) if old is not None else self.defaults()
        parsed, errors = self.parse(raw)
        for name, value in parsed.items():
            if not self.decl.field(name).computed or name == self.decl.number_field:
                values[name] = value
        for name in errors:
            values.pop(name, None)
        self.fill(values, old)
        for name, message in self._check_values(values).items():
            errors.setdefault(name, message)
        # Rules run even when some fields are bad, so that the form shows every problem at once.
        for name, message in {**self.derive(values, old), **self.rules(values, old)}.items():
            errors.setdefault(name, message)
        if errors:
            raise FieldErrors(errors, {f.name: f.label for f in self.decl.fields})
        return Prepared(values, old, self.warnings(values, old))

    # -- writing ---------------------------------------------------------------------------------------------

    def save(
        self, raw: Mapping[str, Any], actor: Actor, record_id: int | None = None, expected_version: int | None = None
    ) -> tuple[pw.Model, list[str]]:
        """Validate and write one record with its audit entry in one transaction; returns (record, warnings)."""
        prepared = self.prepare(raw, record_id)
        self.check_scope(actor, prepared.values)
        if prepared.old is not None:
            self.check_scope(actor, self.values_of(prepared.old))
        with write_transaction():
            record = self._write([prepared], actor, expected_version)[0]
        return record, prepared.warnings

    def create_many(self, prepared: list[Prepared], actor: Actor) -> list[pw.Model]:
        """Write many validated new records and their audit entries (import, demo) in the caller's transaction."""
        for p in prepared:
            self.check_scope(actor, p.values)
        with write_transaction(), bulk.big_cache(database_proxy.obj, len(prepared)):
            return self._write(prepared, actor, None)

    def _write(self, batch: list[Prepared], actor: Actor, expected_version: int | None) -> list[pw.Model]:
        now = datetime.now().replace(microsecond=0)
        entries: list[dict[str, Any]] = []
        records: list[pw.Model] = []
        counters: dict[str, int] = {}
        taken: dict[str, tuple[int, set[str]]] | None = {} if len(batch) > 1 else None
        for p in batch:
            values, old = p.values, p.old
            if old is None:
                self._assign_number(values, counters, taken)
                common = {
                    "uuid": str(uuid_mod.uuid4()),
                    "created_at": now,
                    "created_by": actor.username,
                    "updated_at": now,
                    "updated_by": actor.username,
                    "version": 1,
                }
                if taken is None:
                    record = self.model(**common, **values)
                else:  # a batch: the instance's data set at once (peewee's __init__ sets field by field)
                    record = self.model.__new__(self.model)
                    record.__data__ = {**self.model._meta.get_default_dict(), **common, **values}
                    record._dirty, record.__rel__ = set(record.__data__), {}
                entries.append(self.created_entry(record.uuid, values))
            else:
                current = self.model.get_by_id(old.id)
                if expected_version is not None and current.version != expected_version:
                    raise StaleRecord(
                        f"该{self.decl.title}记录已被{current.updated_by}于{current.updated_at:%Y-%m-%d %H:%M}"
                        "修改，本次保存未写入；请复制您填写的内容后重新打开记录"
                    )
                before = self.values_of(current)
                changes = {
                    n: (self.decl.label(n), self._logged(n, before.get(n)), self._logged(n, v))
                    for n, v in values.items()
                    if before.get(n) != v
                }
                if not changes:
                    records.append(current)
                    continue
                record = current
                for n, v in values.items():
                    setattr(record, n, v)
                record.updated_at, record.updated_by, record.version = now, actor.username, current.version + 1
                entries.append(
                    {
                        "action": "修改",
                        "register": self.decl.key,
                        "record_uuid": record.uuid,
                        "record_label": self.record_label(values),
                        "changes": changes,
                    }
                )
            records.append(record)
        try:
            fresh = [r for r, p in zip(records, batch, strict=True) if p.old is None]
            if len(fresh) > 1:  # import and demo: the driver's batch insert, indexed for search at the end
                fields = [f for f in self.model._meta.sorted_fields if f.name != "id"]
                convert = bulk.storage_converters(database_proxy.obj, fields)
                plan = list(zip([f.name for f in fields], convert, strict=True))
                with search.deferred_index(database_proxy.obj, self.decl):
                    bulk.insert_rows(
                        database_proxy.obj,
                        self.decl.table,
                        [f.column_name for f in fields],
                        (
                            tuple(
                                value if c is None or value is None else c(value)
                                for name, c in plan
                                for value in (r.__data__.get(name),)
                            )
                            for r in fresh
                        ),
                    )
            else:
                for r in fresh:
                    r.save(force_insert=True)
            for r, p in zip(records, batch, strict=True):
                if p.old is not None and r.is_dirty():
                    r.save()
        except pw.IntegrityError as exc:
            raise self._integrity_message(exc) from exc
        self._save_counters(counters)
        audit.append_many(entries, actor.username, now)
        return records

    def created_entry(self, record_uuid: str, values: Mapping[str, Any]) -> dict[str, Any]:
        """The audit entry of a new record (for `audit.append_many`): every value filled in, secrets only noted."""
        changes = {
            n: (self.decl.label(n), None, self._logged(n, v))
            for n, v in values.items()
            if not blank(v) and v is not False
        }
        return {
            "action": "新建",
            "register": self.decl.key,
            "record_uuid": record_uuid,
            "record_label": self.record_label(values),
            "changes": changes,
        }

    def _logged(self, name: str, value: Any) -> Any:
        f = self.decl._by_name.get(name)
        return audit.secret_mark(value) if f is not None and f.secret else value

    def _integrity_message(self, exc: pw.IntegrityError) -> DomainError:
        text = str(exc)
        for f in self.decl.fields:
            # SQLite: "UNIQUE constraint failed: unit.name"; PostgreSQL: 'violates unique constraint "unit_name"'.
            if f.unique and (f"{self.decl.table}.{f.name}" in text or f'"{self.decl.table}_{f.name}"' in text):
                return FieldErrors({f.name: "已存在相同的值"}, {f.name: f.label})
        return DomainError(f"保存失败：数据重复或引用无效（{text}）")

    def _assign_number(
        self, values: dict[str, Any], counters: dict[str, int], taken: dict[str, tuple[int, set[str]]] | None = None
    ) -> None:
        """The next free number of the record's counter. With `taken` (a batch), which of the next numbers are
        already used is asked for a thousand numbers at a time instead of number by number."""
        spec = self.next_number(values)
        name = self.decl.number_field
        if spec is None or name is None or not blank(values.get(name)):
            return
        counter, pattern = spec
        if counter not in counters:
            row = Counter.get_or_none(Counter.name == counter)
            counters[counter] = row.value if row else 0
        column = getattr(self.model, name)
        while True:  # skip numbers taken by imported records
            counters[counter] += 1
            n = counters[counter]
            number = pattern.format(n=n)
            if taken is None:
                if self.model.select().where(column == number).exists():
                    continue
            else:
                checked_to, used = taken.get(counter, (0, set()))
                if n > checked_to:
                    ahead = [pattern.format(n=k) for k in range(n, n + NUMBERS_AHEAD)]
                    used = {v for (v,) in self.model.select(column).where(column.in_(ahead)).tuples()}
                    taken[counter] = (n + NUMBERS_AHEAD - 1, used)
                if number in used:
                    continue
            values[name] = number
            return

    @staticmethod
    def _save_counters(counters: dict[str, int]) -> None:
        for name, value in counters.items():
            Counter.insert(name=name, value=value).on_conflict(
                conflict_target=[Counter.name], update={Counter.value: value}
            ).execute()

    def void(self, record_id: int, reason: str, actor: Actor) -> None:
        """作废: hidden from lists and reports, kept for ever, restorable by an administrator."""
        if blank(reason):
            raise FieldErrors({"void_reason": "作废必须填写原因"}, {"void_reason": "作废原因"})
        record = self.get(record_id)
        self.check_scope(actor, self.values_of(record))
        self._set_void(record, True, reason.strip(), actor, "作废")

    def restore(self, record_id: int, actor: Actor) -> None:
        if not actor.is_admin:
            raise NotAllowed("只有管理员可以恢复已作废的记录")
        self._set_void(self.get(record_id), False, "", actor, "恢复")

    def _set_void(self, record: pw.Model, voided: bool, reason: str, actor: Actor, action: str) -> None:
        with write_transaction():
            current = self.model.get_by_id(record.id)
            if current.voided == voided:
                raise DomainError("该记录已作废" if voided else "该记录未作废")
            changes = {
                "voided": ("已作废", current.voided, voided),
                "void_reason": ("作废原因", current.void_reason, reason),
            }
            self.model.update(
                voided=voided,
                void_reason=reason,
                version=current.version + 1,
                updated_at=datetime.now().replace(microsecond=0),
                updated_by=actor.username,
            ).where(self.model.id == record.id).execute()
            audit.append(
                action, self.decl.key, actor.username, current.uuid, self.record_label(self.values_of(current)), changes
            )
