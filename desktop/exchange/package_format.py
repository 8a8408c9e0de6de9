"""The data package file (.zwgk): a zip of a manifest, one JSON-lines file per register and the source's audit
entries, with checksums. Writing it, and reading it back with every check before the database is touched."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import uuid as uuid_mod
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from desktop.db import migrations
from desktop.db.audit import _digest
from desktop.db.declare import Declaration, Field, Kind
from desktop.db.models import CATALOGUES, REGISTERS
from desktop.domain.errors import DomainError
from desktop.exchange.package_versions import LEGACY_FORMAT, LEGACY_SCHEMA, legacy_fields, too_new

FORMAT = "zwgk-package"
FORMAT_VERSION = 2  # 2: the manifest names the schema version and each file's fields (package_versions.py)
MANIFEST = "manifest.json"
AUDIT_FILE = "audit.jsonl"
SUFFIX = ".zwgk"
#: What travels, catalogues first so that the registers' references resolve. Users never travel: accounts and
#: password hashes stay on the PC where they were made.
EXCHANGED: tuple[Declaration, ...] = tuple(d for d in CATALOGUES if d.key != "user") + REGISTERS
CATALOGUE_KEYS = frozenset(d.key for d in EXCHANGED if d in CATALOGUES)
MAX_MEMBER_BYTES = 1 << 30  # a garbled size field must not make the reader allocate without bound
_HASH = re.compile(r"[0-9a-f]{64}")
_INT_RANGE = (-(1 << 63), (1 << 63) - 1)
_MONEY_LIMIT = Decimal(10) ** 13
_ROW_KEYS = frozenset(
    "uuid version created_at created_by updated_at updated_by voided void_reason values base hash".split()
)
_AUDIT_KEYS = frozenset("id ts username action register record_uuid record_label changes prev_hash hash".split())
_LEGACY_MANIFEST_KEYS = frozenset(
    "format format_version app_version source_site_id source_site_name created_at since files package_sha256".split()
)
_MANIFEST_KEYS = _LEGACY_MANIFEST_KEYS | {"schema_version"}


class PackageDamaged(DomainError):
    """The package fails a check; it is rejected whole and nothing is written."""

    def __init__(self, detail: str):
        super().__init__(f"数据包已损坏或被改动：{detail}")


@dataclass(frozen=True)
class Row:
    """One record as it travels: typed values with catalogue references as the source's uuids."""

    uuid: str
    version: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    voided: bool
    void_reason: str
    values: dict[str, Any]
    base: str | None  # the content hash at the source's last exchange of the record, if any
    hash: str  # the content hash as sent (source terms)


@dataclass
class Package:
    """A package that passed every check."""

    format_version: int
    app_version: str
    schema_version: int  # of the source database (format 1: the schema of release 0.1.0)
    source_site: str
    source_name: str
    created_at: datetime
    since: date | None
    rows: dict[str, list[Row]] = field(default_factory=dict)
    audit: list[dict[str, Any]] = field(default_factory=list)


def canonical(data: Any) -> bytes:
    """The one JSON spelling hashes are taken over (sorted keys, no spaces, UTF-8)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def content_hash(values: Mapping[str, Any], voided: bool, void_reason: str) -> str:
    """What a record says, without who/when metadata: two PCs that made the same edit agree."""
    return hashlib.sha256(canonical([values, bool(voided), void_reason or ""])).hexdigest()


def encode_value(f: Field, value: Any) -> Any:
    """A typed field value as JSON (REF values are passed in already as uuids)."""
    if f.kind is Kind.BOOL:
        return bool(value)
    if value is None:
        return None
    if f.kind is Kind.MONEY:
        return str(Decimal(value).quantize(Decimal("0.01")))
    if f.kind is Kind.DATETIME:
        return value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)
    if f.kind is Kind.DATE:
        return value.isoformat() if isinstance(value, date) else str(value)
    if f.kind is Kind.INT:
        return int(value)
    return str(value)


def is_uuid(text: Any) -> bool:
    if not isinstance(text, str) or len(text) != 36:
        return False
    try:
        return str(uuid_mod.UUID(text)) == text
    except ValueError:
        return False


def _is_hash(text: Any) -> bool:
    return isinstance(text, str) and _HASH.fullmatch(text) is not None


def _text(value: Any, where: str, limit: int | None = 255) -> str:
    if not isinstance(value, str) or "\x00" in value:
        raise PackageDamaged(f"{where}应为文字")
    if limit is not None and len(value) > limit:
        raise PackageDamaged(f"{where}超过{limit}个字符")
    return value


def _datetime(value: Any, where: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is not None:
        raise PackageDamaged(f"{where}不是有效的时间")
    return parsed


def decode_value(f: Field, raw: Any, where: str) -> Any:
    """The typed value of one field from its JSON; anything mistyped damages the package (REF stays a uuid)."""
    where = f"{where}【{f.label}】"
    if f.kind is Kind.BOOL:
        if not isinstance(raw, bool):
            raise PackageDamaged(f"{where}应为是/否")
        return raw
    if raw is None:
        return None
    if f.kind is Kind.INT:
        if isinstance(raw, bool) or not isinstance(raw, int) or not _INT_RANGE[0] <= raw <= _INT_RANGE[1]:
            raise PackageDamaged(f"{where}应为整数")
        return raw
    if f.kind is Kind.MONEY:
        try:
            amount = Decimal(_text(raw, where, 32))
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or amount.as_tuple().exponent < -2 or abs(amount) >= _MONEY_LIMIT:
            raise PackageDamaged(f"{where}不是有效的金额")
        return amount
    if f.kind is Kind.DATE:
        try:
            return date.fromisoformat(_text(raw, where, 10))
        except ValueError:
            raise PackageDamaged(f"{where}不是有效的日期") from None
    if f.kind is Kind.DATETIME:
        return _datetime(raw, where)
    if f.kind is Kind.REF:
        if not is_uuid(raw):
            raise PackageDamaged(f"{where}引用无效")
        return raw
    text = _text(raw, where, f.length_limit)
    if f.kind is Kind.CHOICE and text and text not in f.choices:
        raise PackageDamaged(f"{where}“{text}”不是可选值")
    if f.kind is Kind.MULTI and text and any(p not in f.choices for p in text.split("、")):
        raise PackageDamaged(f"{where}“{text}”不是可选值")
    return text


def encode_row(decl: Declaration, record: Any, values: Mapping[str, Any], base: str | None) -> dict[str, Any]:
    """The JSON line of one record; `values` are its typed field values with references already as uuids."""
    encoded = {f.name: encode_value(f, values.get(f.name)) for f in decl.fields}
    return {
        "uuid": record.uuid,
        "version": record.version,
        "created_at": record.created_at.isoformat(sep=" "),
        "created_by": record.created_by or "",
        "updated_at": record.updated_at.isoformat(sep=" "),
        "updated_by": record.updated_by or "",
        "voided": bool(record.voided),
        "void_reason": record.void_reason or "",
        "values": encoded,
        "base": base,
        "hash": content_hash(encoded, record.voided, record.void_reason),
    }


def _decode_row(decl: Declaration, obj: Any, where: str, carried: frozenset[str]) -> Row:
    """One row of a file that carries the fields `carried` (an older release's set may lack some of ours; the
    ones we do not know are checked by the row hash and left out)."""
    if not isinstance(obj, dict) or set(obj) != _ROW_KEYS:
        raise PackageDamaged(f"{where}的内容不完整或有多余的项")
    raw = obj["values"]
    if not isinstance(raw, dict) or set(raw) != carried:
        raise PackageDamaged(f"{where}的字段与{decl.title}不符")
    if not is_uuid(obj["uuid"]):
        raise PackageDamaged(f"{where}的记录标识无效")
    version = obj["version"]
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= _INT_RANGE[1]:
        raise PackageDamaged(f"{where}的版本号无效")
    if not isinstance(obj["voided"], bool):
        raise PackageDamaged(f"{where}的作废标记无效")
    void_reason = _text(obj["void_reason"], f"{where}的作废原因", None)
    if obj["base"] is not None and not _is_hash(obj["base"]):
        raise PackageDamaged(f"{where}的基准哈希无效")
    if not _is_hash(obj["hash"]) or content_hash(raw, obj["voided"], void_reason) != obj["hash"]:
        raise PackageDamaged(f"{where}的记录哈希不符")
    return Row(
        uuid=obj["uuid"],
        version=version,
        created_at=_datetime(obj["created_at"], f"{where}的创建时间"),
        created_by=_text(obj["created_by"], f"{where}的创建人", 64),
        updated_at=_datetime(obj["updated_at"], f"{where}的修改时间"),
        updated_by=_text(obj["updated_by"], f"{where}的修改人", 64),
        voided=obj["voided"],
        void_reason=void_reason,
        values={f.name: decode_value(f, raw[f.name], where) for f in decl.fields if f.name in carried},
        base=obj["base"],
        hash=obj["hash"],
    )


def _decode_audit(obj: Any, where: str) -> dict[str, Any]:
    if not isinstance(obj, dict) or set(obj) != _AUDIT_KEYS:
        raise PackageDamaged(f"{where}的内容不完整或有多余的项")
    entry_id = obj["id"]
    if isinstance(entry_id, bool) or not isinstance(entry_id, int) or not 1 <= entry_id <= _INT_RANGE[1]:
        raise PackageDamaged(f"{where}的编号无效")
    limits = {"username": 64, "action": 16, "register": 32, "record_uuid": 36, "record_label": 128, "changes": None}
    entry = {name: _text(obj[name], f"{where}的{name}", limit) for name, limit in limits.items()}
    if not _is_hash(obj["prev_hash"]) or not _is_hash(obj["hash"]):
        raise PackageDamaged(f"{where}的哈希无效")
    ts = _datetime(obj["ts"], f"{where}的时间")
    # The source's own chain: each entry's hash must still match its content, as `zwgk verify` checks it there.
    digest = _digest(
        entry_id,
        ts,
        entry["username"],
        entry["action"],
        entry["register"],
        entry["record_uuid"],
        entry["record_label"],
        entry["changes"],
        obj["prev_hash"],
    )
    if digest != obj["hash"]:
        raise PackageDamaged(f"{where}与其哈希不符（来源电脑的审计记录被改动）")
    return {**entry, "id": entry_id, "ts": ts, "prev_hash": obj["prev_hash"], "hash": obj["hash"]}


def _jsonl(data: bytes, name: str) -> list[Any]:
    text = data.decode("utf-8")
    if text and not text.endswith("\n"):
        raise PackageDamaged(f"{name}不完整")
    out = []
    for n, line in enumerate(text.split("\n")[:-1], start=1):
        try:
            out.append(json.loads(line))
        except (ValueError, RecursionError):  # RecursionError: a line of thousands of nested brackets
            raise PackageDamaged(f"{name}第{n}行无法读取") from None
    return out


def file_fields(name: str) -> list[str]:
    """The field list the manifest gives for a file: the declared fields of its register (audit: its keys)."""
    decl = next((d for d in EXCHANGED if f"{d.key}.jsonl" == name), None)
    return [f.name for f in decl.fields] if decl is not None else sorted(_AUDIT_KEYS)


def write_package(path: Path, header: Mapping[str, Any], files: Mapping[str, list[dict[str, Any]]]) -> None:
    """Write the zip beside the target and move it into place, so a half-written package never exists."""
    blobs = {name: b"".join(canonical(row) + b"\n" for row in rows) for name, rows in files.items()}
    listing = [
        {
            "name": name,
            "rows": len(files[name]),
            "sha256": hashlib.sha256(blob).hexdigest(),
            "fields": file_fields(name),
        }
        for name, blob in blobs.items()
    ]
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": migrations.LATEST,
        **header,
        "files": listing,
    }
    manifest["package_sha256"] = hashlib.sha256(canonical(manifest)).hexdigest()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".zwgk-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            for name, blob in blobs.items():
                zf.writestr(name, blob)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _members(path: Path) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = [i.filename for i in infos]
            if len(names) != len(set(names)):
                raise PackageDamaged("压缩文件中有重复的文件")
            out = {}
            for info in infos:
                if info.file_size > MAX_MEMBER_BYTES:
                    raise PackageDamaged(f"{info.filename}大小异常")
                with zf.open(info) as fh:
                    out[info.filename] = fh.read(MAX_MEMBER_BYTES + 1)
            return out
    except FileNotFoundError:
        raise DomainError(f"找不到数据包文件：{path}") from None
    except PermissionError:
        raise DomainError(f"无权读取数据包文件：{path}") from None
    except IsADirectoryError:
        raise DomainError(f"{path}是一个文件夹，不是数据包") from None
    # A garbled zip fails in many ways inside zipfile and zlib; every one of them means the same to the user.
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        RuntimeError,
        OverflowError,
        KeyError,
        UnicodeDecodeError,
    ) as exc:
        raise PackageDamaged(f"不是完整的数据包压缩文件（{exc}）") from None


def _manifest(members: Mapping[str, bytes]) -> dict[str, Any]:
    if MANIFEST not in members:
        raise PackageDamaged("缺少清单文件 manifest.json")
    try:
        manifest = json.loads(members[MANIFEST].decode("utf-8"))
    except (ValueError, RecursionError):
        raise PackageDamaged("清单文件无法读取") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageDamaged("不是本软件的数据包（清单格式不符）")
    version = manifest.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        what = f"数据包格式版本为 {version}（本软件能读取到版本 {FORMAT_VERSION}）"
        raise too_new(manifest.get("app_version"), manifest.get("schema_version"), what)
    keys = _LEGACY_MANIFEST_KEYS if version == LEGACY_FORMAT else _MANIFEST_KEYS
    if version not in (LEGACY_FORMAT, FORMAT_VERSION) or type(version) is not int or set(manifest) != keys:
        raise PackageDamaged("清单内容不完整或格式版本未知")
    schema = manifest.get("schema_version", LEGACY_SCHEMA)
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise PackageDamaged("清单的数据结构版本无效")
    claimed = manifest["package_sha256"]
    body = {k: v for k, v in manifest.items() if k != "package_sha256"}
    if claimed != hashlib.sha256(canonical(body)).hexdigest():
        raise PackageDamaged("清单的总校验值不符")
    return manifest


def read_package(path: str | Path) -> Package:
    """Open and check a package: zip, manifest, every file's checksum and row count, the overall checksum, format
    version, and every row's fields and types. Raises PackageDamaged (a DomainError) on the first failure."""
    members = _members(Path(path))
    manifest = _manifest(members)
    legacy = manifest["format_version"] == LEGACY_FORMAT
    listing = manifest["files"]
    entry_keys = {"name", "rows", "sha256"} | (set() if legacy else {"fields"})
    if not isinstance(listing, list) or not all(
        isinstance(e, dict) and set(e) == entry_keys and isinstance(e["name"], str) for e in listing
    ):
        raise PackageDamaged("清单的文件列表无法读取")
    listed = [e["name"] for e in listing]
    if len(set(listed)) != len(listed) or set(members) != set(listed) | {MANIFEST}:
        raise PackageDamaged("数据包中的文件与清单不符")
    carried = _carried(manifest, listing)
    parsed: dict[str, list[Any]] = {}
    for entry in listing:
        name, data = entry["name"], members[entry["name"]]
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise PackageDamaged(f"{name}的校验值不符")
        try:
            parsed[name] = _jsonl(data, name)
        except UnicodeDecodeError:
            raise PackageDamaged(f"{name}不是 UTF-8 文字") from None
        if len(parsed[name]) != entry["rows"]:
            raise PackageDamaged(f"{name}的行数与清单不符")
    package = Package(
        format_version=manifest["format_version"],
        app_version=_text(manifest["app_version"], "软件版本", 32),
        schema_version=manifest.get("schema_version", LEGACY_SCHEMA),
        source_site=manifest["source_site_id"],
        source_name=_text(manifest["source_site_name"], "来源名称", 64),
        created_at=_datetime(manifest["created_at"], "导出时间"),
        since=None,
    )
    if not is_uuid(package.source_site):
        raise PackageDamaged("来源电脑标识无效")
    if manifest["since"] is not None:
        try:
            package.since = date.fromisoformat(_text(manifest["since"], "起始日期", 10))
        except ValueError:
            raise PackageDamaged("起始日期无效") from None
    for decl in EXCHANGED:
        name = f"{decl.key}.jsonl"
        if name not in carried:  # a register the source's release does not have yet
            package.rows[decl.key] = []
            continue
        fields = carried[name]
        rows = [_decode_row(decl, obj, f"{name}第{n}行", fields) for n, obj in enumerate(parsed[name], start=1)]
        if len({r.uuid for r in rows}) != len(rows):
            raise PackageDamaged(f"{name}中有重复的记录")
        package.rows[decl.key] = rows
    audit = [_decode_audit(obj, f"{AUDIT_FILE}第{n}行") for n, obj in enumerate(parsed[AUDIT_FILE], start=1)]
    for before, after in zip(audit, audit[1:], strict=False):
        if after["id"] <= before["id"] or (after["id"] == before["id"] + 1 and after["prev_hash"] != before["hash"]):
            raise PackageDamaged(f"{AUDIT_FILE}中第{after['id']}条审计记录与前一条接不上")
    package.audit = audit
    return package


def _carried(manifest: Mapping[str, Any], listing: list[dict[str, Any]]) -> dict[str, frozenset[str]]:
    """Per register file, the fields its rows carry. A package from a newer release with a register or a field
    this release lacks is refused (PackageTooNew); an older one may lack registers and fields of ours."""
    schema = manifest.get("schema_version", LEGACY_SCHEMA)
    newer = schema > migrations.LATEST
    known = {f"{d.key}.jsonl": d for d in EXCHANGED}
    names = {e["name"] for e in listing}
    unknown = sorted(names - set(known) - {AUDIT_FILE})
    if unknown and newer:
        what = f"其中有本软件没有的登记簿（{'、'.join(n.removesuffix('.jsonl') for n in unknown)}）"
        raise too_new(manifest["app_version"], schema, what)
    missing = set(known) - names  # registers added since the source's release (none from our own release)
    if unknown or AUDIT_FILE not in names or (missing and schema >= migrations.LATEST):
        raise PackageDamaged("数据包中的文件与清单不符")
    carried: dict[str, frozenset[str]] = {}
    extra: list[str] = []
    for entry in listing:
        decl = known.get(entry["name"])
        if decl is None:
            continue
        if manifest["format_version"] == LEGACY_FORMAT:
            fields = legacy_fields(decl)
        else:
            fields = entry["fields"]
            if (
                not isinstance(fields, list)
                or not all(isinstance(f, str) for f in fields)
                or len(set(fields)) != len(fields)
            ):
                raise PackageDamaged(f"清单中{entry['name']}的字段列表无法读取")
        ours = {f.name for f in decl.fields}
        strange = [f for f in fields if f not in ours]
        if strange and not newer:
            if schema == migrations.LATEST:
                raise PackageDamaged(f"{entry['name']}的字段与{decl.title}不符")
            # Fields an older release had and this one dropped: checked by the row hash, then left out.
        extra += [f"{decl.title}的 {f}" for f in strange]
        carried[entry["name"]] = frozenset(fields)
    if extra and newer:
        raise too_new(manifest["app_version"], schema, f"其中有本软件没有的字段（{'、'.join(extra)}）")
    return carried
