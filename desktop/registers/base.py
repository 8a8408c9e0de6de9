"""The public `Register`: what every register does the same way around its declaration — parse and validate
input, derive computed fields, read, permissions by role — writing through `writing` (save, void, restore with
their audit entries), `numbering` (counters) and `batching` (imports)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import peewee as pw

from desktop.db import bulk, write_transaction
from desktop.db.connection import database_proxy
from desktop.db.declare import Declaration, Field, Kind, model_for
from desktop.domain import identifiers, vocab
from desktop.domain.errors import DomainError
from desktop.registers import refs, writing
from desktop.registers.batching import batch_lookups, batch_rows, lookup, pending
from desktop.registers.errors import SYSTEM, Actor, FieldErrors, NotAllowed, StaleRecord
from desktop.registers.values import blank, coerce
from desktop.registers.writing import Prepared

__all__ = [
    "SYSTEM",
    "Actor",
    "FieldErrors",
    "NotAllowed",
    "Prepared",
    "Register",
    "StaleRecord",
    "batch_lookups",
    "batch_rows",
    "lookup",
    "pending",
]

#: Roles that read every register (not the catalogues), without writing any.
READ_ALL_ROLES = (vocab.ROLE_LEADER,)


class Register:
    """A register's behaviour around its declaration. Subclasses add `derive`, `rules`, numbering and scope."""

    write_roles: tuple[str, ...] = ()  # besides administrators, who may write everything
    read_roles: tuple[str, ...] = READ_ALL_ROLES  # who else sees the register's page (read-only)
    page: str | None = None  # the key of the register whose page shows this one beside it (值班记录: 热线工单)

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

    def may_write(self, role: str) -> bool:
        return role == vocab.ROLE_ADMIN or role in self.write_roles

    def may_read(self, role: str) -> bool:
        return self.may_write(role) or role in self.read_roles

    def check_scope(self, actor: Actor, values: dict[str, Any]) -> None:
        """Raise NotAllowed when the actor's role may not write this record."""
        if self.may_write(actor.role):
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
        text = str(value).strip()
        return lookup((f.ref, "text", text), lambda: refs.find(f, text))

    def ref_name(self, name: str, value: Any) -> str:
        """The text a reference field's value (an id) shows: the catalogue record's display name."""
        return refs.name_of(self.decl.field(name).ref, value)

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
        return writing.write(self, batch, actor, expected_version)

    def created_entry(self, record_uuid: str, values: Mapping[str, Any]) -> dict[str, Any]:
        """The audit entry of a new record (for `audit.append_many`): every value filled in, secrets only noted."""
        return writing.created_entry(self, record_uuid, values)

    def void(self, record_id: int, reason: str, actor: Actor) -> None:
        """作废: hidden from lists and reports, kept for ever, restorable by an administrator."""
        if blank(reason):
            raise FieldErrors({"void_reason": "作废必须填写原因"}, {"void_reason": self.decl.label("void_reason")})
        record = self.get(record_id)
        self.check_scope(actor, self.values_of(record))
        writing.set_void(self, record, True, reason.strip(), actor, "作废")

    def restore(self, record_id: int, actor: Actor) -> None:
        if not actor.is_admin:
            raise NotAllowed("只有管理员可以恢复已作废的记录")
        writing.set_void(self, self.get(record_id), False, "", actor, "恢复")
