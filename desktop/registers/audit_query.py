"""Reading the audit log: filters, pages newest first (keyset on id), field-level changes and the Excel export."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import peewee as pw
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from desktop.db.audit import AuditEntry
from desktop.db.declare import Field, Kind, model_for
from desktop.db.models import DECLARATIONS, REGISTERS
from desktop.domain.identifiers import mask_id, mask_phone
from desktop.domain.text import LongTexts, drop_control

PAGE = 200
EXPORT_HEADERS = ("时间", "用户", "操作", "台账", "记录", "变更内容")
# Register keys of entries that are not a declared register (migrations, the holiday calendar).
OTHER_TITLES = {"system": "系统", "calendar": "节假日安排"}
EMPTY = "（空）"


def register_titles() -> dict[str, str]:
    """Register key -> Chinese title for every kind of entry the log holds, in the order of the filter."""
    titles = {decl.key: decl.title for decl in REGISTERS}  # the registers first: what the log is mostly about
    titles.update((key, decl.title) for key, decl in DECLARATIONS.items() if key not in titles)
    titles.update(OTHER_TITLES)
    return titles


def register_title(key: str) -> str:
    return register_titles().get(key, key)


@dataclass
class AuditFilter:
    """What the audit page filters on; empty values do not filter."""

    user: str = ""  # part of the user name
    register: str | None = None  # register key
    record: str = ""  # part of the record number/label, or a record's uuid
    date_from: date | None = None
    date_to: date | None = None
    max_id: int | None = None  # show entries up to this one (to jump to an entry named by the chain check)


@dataclass(frozen=True)
class AuditRow:
    """One entry as the list shows it; `changes` is the stored JSON, parsed only when the entry is opened."""

    id: int
    ts: datetime
    username: str
    action: str
    register: str
    record_uuid: str
    record_label: str
    changes: str

    @property
    def register_title(self) -> str:
        return register_title(self.register)


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: Any
    after: Any


_COLUMNS = (
    AuditEntry.id,
    AuditEntry.ts,
    AuditEntry.username,
    AuditEntry.action,
    AuditEntry.register,
    AuditEntry.record_uuid,
    AuditEntry.record_label,
    AuditEntry.changes,
)


def build(f: AuditFilter) -> pw.ModelSelect:
    """The filtered query (no ordering or paging); the period is on the entry's own time, both days included."""
    query = AuditEntry.select(*_COLUMNS)
    user = drop_control(f.user).strip()  # a NUL cannot be stored, and PostgreSQL refuses it in a parameter
    if user:
        query = query.where(AuditEntry.username.contains(user))
    if f.register:
        query = query.where(AuditEntry.register == f.register)
    record = drop_control(f.record).strip()
    if record:
        query = query.where(AuditEntry.record_label.contains(record) | (AuditEntry.record_uuid == record))
    if f.date_from:
        query = query.where(AuditEntry.ts >= datetime.combine(f.date_from, time()))
    if f.date_to:
        query = query.where(AuditEntry.ts < datetime.combine(f.date_to + timedelta(days=1), time()))
    if f.max_id is not None:
        query = query.where(AuditEntry.id <= f.max_id)
    return query


def count(f: AuditFilter) -> int:
    return build(f).count()


def fetch_page(f: AuditFilter, before_id: int | None = None, limit: int = PAGE) -> list[AuditRow]:
    """One page newest first: entries with an id below `before_id` (keyset paging, fast however deep)."""
    query = build(f)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    return [AuditRow(*row) for row in query.order_by(AuditEntry.id.desc()).limit(limit).tuples()]


def get_row(entry_id: int) -> AuditRow | None:
    row = AuditEntry.select(*_COLUMNS).where(AuditEntry.id == entry_id).tuples().first()
    return AuditRow(*row) if row else None


def parse_changes(row: AuditRow) -> list[Change]:
    """The field-level changes of an entry ({field: [label, before, after]}); damaged JSON reads as no changes
    rather than an error, because the chain check is what reports a damaged entry."""
    try:
        data = json.loads(row.changes or "{}")
    except ValueError:
        return []
    out = []
    for name, value in data.items() if isinstance(data, dict) else ():
        if isinstance(value, list) and len(value) == 3:
            out.append(Change(name, str(value[0]), value[1], value[2]))
    # The log stores fields in key order; show them in the order of the form (unknown and common ones last).
    decl = DECLARATIONS.get(row.register)
    place = {f.name: i for i, f in enumerate(decl.fields)} if decl else {}
    return sorted(out, key=lambda c: place.get(c.field, len(place)))


def changed_labels(row: AuditRow) -> str:
    """The labels of the changed fields, for the list's short 变更 column."""
    return "、".join(c.label for c in parse_changes(row))


_SECONDS = re.compile(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}):\d{2}$")


def show(value: Any) -> str:
    """A logged value as text: blanks as （空）, booleans as 是/否, times without seconds."""
    if value is None or value == "":
        return EMPTY
    if value is True:
        return "是"
    if value is False:
        return "否"
    text = str(value)
    m = _SECONDS.match(text)
    return m[1] if m else text


class ValueNames:
    """Turns logged values into what a person reads: catalogue ids into names (the log keeps the stable id),
    identifiers masked when asked. One instance per page or export: each catalogue is read once, when first met."""

    def __init__(self, masked: bool):
        self.masked = masked
        self._names: dict[str, dict[int, str]] = {}

    def _field(self, register: str, name: str) -> Field | None:
        decl = DECLARATIONS.get(register)
        return next((f for f in decl.fields if f.name == name), None) if decl else None

    def _ref_name(self, ref: str, value: Any) -> str:
        if ref not in self._names:
            model = model_for(ref)
            label = getattr(model, "name", None) or model.username
            self._names[ref] = dict(model.select(model.id, label).tuples())
        name = self._names[ref].get(value) if isinstance(value, int) else None
        return name if name is not None else str(value)

    def text(self, register: str, name: str, value: Any) -> str:
        f = self._field(register, name)
        if f is None or value is None or value == "":
            return show(value)
        if f.kind is Kind.REF and f.ref:
            return self._ref_name(f.ref, value)
        mask = {"phone": mask_phone, "id": mask_id}.get(f.mask or "") if self.masked else None
        return mask(str(value)) if mask else show(value)

    def rows(self, row: AuditRow) -> list[tuple[str, str, str]]:
        """(label, before, after) of each changed field, as text."""
        return [
            (c.label, self.text(row.register, c.field, c.before), self.text(row.register, c.field, c.after))
            for c in parse_changes(row)
        ]


def describe_changes(row: AuditRow, masked: bool = True, names: ValueNames | None = None) -> str:
    """One line per changed field, `label：before → after`; identifiers masked as in every export."""
    names = names or ValueNames(masked)
    return "\n".join(f"{label}：{before} → {after}" for label, before, after in names.rows(row))


def iter_rows(f: AuditFilter, batch: int = 2000) -> Iterator[AuditRow]:
    """Every filtered entry newest first, fetched page by page so a long log never sits in memory at once."""
    before: int | None = None
    while True:
        page = fetch_page(f, before, batch)
        yield from page
        if len(page) < batch:
            return
        before = page[-1].id


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)  # control characters are not allowed in an .xlsx cell


def export_xlsx(f: AuditFilter, path: str | Path, masked: bool = True) -> int:
    """Write the filtered entries (newest first) to an .xlsx file; returns how many were written."""
    workbook = Workbook(write_only=True)  # streams rows to the file: little memory for a long log
    sheet = workbook.create_sheet("审计日志")
    for letter, width in zip("ABCDEF", (17, 12, 8, 16, 24, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for label in EXPORT_HEADERS:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    titles = register_titles()
    names = ValueNames(masked)
    # One styled cell per styled column, refilled row after row: append() writes the row out before it returns.
    ts = WriteOnlyCell(sheet)
    ts.number_format = "yyyy-mm-dd hh:mm"
    changes = WriteOnlyCell(sheet)
    changes.alignment = Alignment(wrap_text=True, vertical="top")
    written = 0
    long_texts = LongTexts()  # a change of a long text (before and after) may not fit one cell
    for row in iter_rows(f):
        ts.value = row.ts
        changes.value = (
            long_texts.cell(sheet.title, written + 2, EXPORT_HEADERS[5], _clean(describe_changes(row, names=names)))
            or None
        )
        sheet.append(
            [
                ts,
                row.username,
                row.action,
                titles.get(row.register, row.register),
                _clean(row.record_label) or None,
                changes,
            ]
        )
        written += 1
    long_texts.add_sheet(workbook)
    workbook.save(Path(path))
    return written
