"""Data packages between offline PCs: this PC's exchange identity, `export_package` on a window or hotline PC,
`import_package` on the office PC (merged by uuid; edits made on both sides are listed as conflicts)."""

from __future__ import annotations

import socket
import uuid as uuid_mod
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from desktop import __version__
from desktop.db import audit, write_transaction
from desktop.db.audit import AuditEntry
from desktop.db.connection import db
from desktop.db.models import DECLARATIONS, Setting
from desktop.db.models.exchange import ExchangeState
from desktop.domain.errors import DomainError
from desktop.exchange.package_conflicts import (
    KEEP_INCOMING,
    KEEP_LOCAL,
    ConflictView,
    Difference,
    list_conflicts,
    pending_conflicts,
    resolve_conflict,
)
from desktop.exchange.package_format import (
    AUDIT_FILE,
    CATALOGUE_KEYS,
    EXCHANGED,
    SUFFIX,
    PackageDamaged,
    encode_row,
    is_uuid,
    read_package,
    write_package,
)
from desktop.exchange.package_merge import Merger, RegisterCounts
from desktop.exchange.package_records import id_uuid_maps, json_values, typed_values
from desktop.registers.base import Actor, NotAllowed

__all__ = [
    "KEEP_INCOMING",
    "KEEP_LOCAL",
    "SUFFIX",
    "ConflictView",
    "Difference",
    "PackageDamaged",
    "PackageExportResult",
    "PackageImportResult",
    "RegisterCounts",
    "Site",
    "export_package",
    "import_package",
    "list_conflicts",
    "new_site_id",
    "pending_conflicts",
    "resolve_conflict",
    "set_site_name",
    "site_identity",
]

SITE_ID, SITE_NAME = "site_id", "site_name"
SYSTEM_USER = "系统"


@dataclass(frozen=True)
class Site:
    """This database's identity in exchanges: a uuid made on first use and a name people recognise."""

    id: str
    name: str


def _default_name() -> str:
    try:
        return socket.gethostname()[:64] or "未命名电脑"
    except OSError:
        return "未命名电脑"


def _put(key: str, value: str) -> None:
    # An upsert rather than REPLACE, which PostgreSQL does not have.
    Setting.insert(key=key, value=value).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: value}
    ).execute()


def site_identity() -> Site:
    """This database's exchange identity, created on first use (so a database copied before then gets its own)."""
    rows = dict(Setting.select(Setting.key, Setting.value).where(Setting.key.in_((SITE_ID, SITE_NAME))).tuples())
    if is_uuid(rows.get(SITE_ID)):
        return Site(rows[SITE_ID], rows.get(SITE_NAME) or _default_name())
    with write_transaction():
        made = Setting.get_or_none(Setting.key == SITE_ID)  # another process may have made it in the meantime
        if made is not None and is_uuid(made.value):
            return Site(made.value, rows.get(SITE_NAME) or _default_name())
        site = Site(str(uuid_mod.uuid4()), rows.get(SITE_NAME) or _default_name())
        _put(SITE_ID, site.id)
        _put(SITE_NAME, site.name)
        audit.append("建立标识", "system", SYSTEM_USER, site.id, f"本机数据交换标识：{site.name}")
    return site


def set_site_name(name: str, actor: Actor) -> Site:
    """Rename this PC as packages name it (e.g. 工商窗口、热线值班室)."""
    if not actor.is_admin:
        raise NotAllowed("只有管理员可以修改本机名称")
    name = name.strip()
    if not name or len(name) > 64:
        raise DomainError("本机名称不能为空，且不超过64个字符")
    old = site_identity()
    with write_transaction():
        _put(SITE_NAME, name)
        audit.append("修改", "system", actor.username, old.id, "本机名称", {SITE_NAME: ("本机名称", old.name, name)})
    return Site(old.id, name)


def new_site_id(actor: Actor) -> Site:
    """A new identity, for a database that was copied from another PC after that PC had one (the two would
    otherwise look like one PC to the office)."""
    if not actor.is_admin:
        raise NotAllowed("只有管理员可以更换本机数据交换标识")
    old = site_identity()
    site = Site(str(uuid_mod.uuid4()), old.name)
    with write_transaction():
        _put(SITE_ID, site.id)
        audit.append(
            "修改", "system", actor.username, site.id, "本机数据交换标识", {SITE_ID: ("数据交换标识", old.id, site.id)}
        )
    return site


# -- export ------------------------------------------------------------------------------------------------------


@dataclass
class PackageExportResult:
    path: Path
    site: Site
    since: date | None
    counts: dict[str, int]
    audit_entries: int
    head: audit.Anchor | None = None  # this PC's chain head written into the manifest

    @property
    def records(self) -> int:
        return sum(self.counts.values())

    def __str__(self) -> str:
        scope = f"{self.since.isoformat()}以来修改的登记记录和全部基础数据" if self.since else "全部记录"
        lines = [f"已导出数据包 {self.path.name}（本机：{self.site.name}，{scope}）："]
        lines += [f"　{DECLARATIONS[k].title}：{n}条" for k, n in self.counts.items() if n]
        lines.append(f"共{self.records}条记录，审计记录{self.audit_entries}条")
        if self.head is not None:
            lines.append(f"清单记下本机{self.head.printed()}（日后可用 zwgk verify --against 此数据包 核对本机历史）")
        return "\n".join(lines)


def export_package(path: str | Path, since: date | None = None) -> PackageExportResult:
    """Write every catalogue record and every register record changed on or after `since` (all when None),
    voided ones included, with this PC's audit entries of the same period. Users never travel."""
    site = site_identity()
    path = Path(path)
    start = datetime.combine(since, time()) if since else None
    files: dict[str, list[dict]] = {}
    with db().atomic():  # one consistent snapshot while reading
        maps = id_uuid_maps()
        bases: dict[str, str] = {}  # the last exchanged hash per record, whichever peer it was exchanged with
        for local_uuid, digest in (
            ExchangeState.select(ExchangeState.local_uuid, ExchangeState.hash)
            .order_by(ExchangeState.updated_at, ExchangeState.id)
            .tuples()
            .iterator()
        ):
            bases[local_uuid] = digest
        for decl in EXCHANGED:
            model = decl.model
            query = model.select().order_by(model.id)
            if start is not None and decl.key not in CATALOGUE_KEYS:
                # Catalogues travel whole: every reference of the records sent must resolve on the other side.
                query = query.where(model.updated_at >= start)
            files[f"{decl.key}.jsonl"] = [
                encode_row(decl, record, json_values(decl, typed_values(decl, record), maps), bases.get(record.uuid))
                for record in query.iterator()
            ]
        head = audit.current_head()  # read in the same snapshot as the records: an anchor of this PC's history
        entries = AuditEntry.select().order_by(AuditEntry.id)
        if start is not None:
            entries = entries.where(AuditEntry.ts >= start)
        files[AUDIT_FILE] = [
            {
                "id": e.id,
                "ts": e.ts.isoformat(sep=" "),
                "username": e.username,
                "action": e.action,
                "register": e.register,
                "record_uuid": e.record_uuid,
                "record_label": e.record_label,
                "changes": e.changes,
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            }
            for e in entries.iterator()
        ]
    header = {
        "app_version": __version__,
        "source_site_id": site.id,
        "source_site_name": site.name,
        "created_at": datetime.now().replace(microsecond=0).isoformat(sep=" "),
        "since": since.isoformat() if since else None,
    }
    if head is not None:
        header["audit_head"] = {"id": head.id, "hash": head.hash}
    write_package(path, header, files)
    counts = {d.key: len(files[f"{d.key}.jsonl"]) for d in EXCHANGED}
    return PackageExportResult(path, site, since, counts, len(files[AUDIT_FILE]), head)


# -- import ------------------------------------------------------------------------------------------------------


@dataclass
class PackageImportResult:
    """What an import did, per register: records added, replaced by a newer version, already the same, in conflict."""

    source_site: str
    source_name: str
    created_at: datetime
    since: date | None
    counts: dict[str, RegisterCounts] = field(default_factory=dict)
    audit_entries: int = 0  # the source's audit entries newly kept
    listed: int = 0  # conflicts newly listed (or a newer incoming version of one still open)

    def total(self, name: str) -> int:
        return sum(getattr(c, name) for c in self.counts.values())

    @property
    def added(self) -> int:
        return self.total("added")

    @property
    def replaced(self) -> int:
        return self.total("replaced")

    @property
    def unchanged(self) -> int:
        return self.total("unchanged")

    @property
    def conflicts(self) -> int:
        return self.total("conflicts")

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.listed or self.audit_entries)

    def __str__(self) -> str:
        scope = f"，{self.since.isoformat()}以来的修改" if self.since else ""
        lines = [
            f"已导入“{self.source_name}”于{self.created_at:%Y-%m-%d %H:%M}导出的数据包{scope}：",
            f"新增{self.added}条，更新{self.replaced}条，无变化{self.unchanged}条，冲突{self.conflicts}条。",
        ]
        for key, c in self.counts.items():
            if c.added or c.replaced or c.conflicts:
                parts = [f"新增{c.added}"] if c.added else []
                parts += [f"更新{c.replaced}"] if c.replaced else []
                parts += [f"冲突{c.conflicts}"] if c.conflicts else []
                lines.append(f"　{DECLARATIONS[key].title}：{'，'.join(parts)}")
        if self.audit_entries:
            lines.append(f"收存来源电脑的审计记录{self.audit_entries}条。")
        if self.conflicts:
            lines.append(
                f"有{self.conflicts}条记录在两台电脑上都被修改过，已保留本机的版本；"
                "请在“数据包冲突”中逐条决定保留本机还是采用导入的版本。"
            )
        if not self.changed and not self.conflicts:
            lines.append("数据包中的内容本机都已有，未作任何修改。")
        return "\n".join(lines)


def import_package(path: str | Path, actor: Actor) -> PackageImportResult:
    """Check the whole package first (a damaged or altered one is refused and nothing is written), then merge it
    in one transaction with one local audit entry per record written or conflict listed."""
    if not actor.is_admin:
        raise NotAllowed("只有管理员可以导入数据包")
    package = read_package(path)
    if package.source_site == site_identity().id:
        raise DomainError(
            "该数据包是本机导出的（数据交换标识相同），无需导入。如果导出它的电脑的数据库是从本机复制的，"
            "请在那台电脑上运行“zwgk package site --new-id”更换标识后重新导出。"
        )
    now = datetime.now().replace(microsecond=0)
    with write_transaction():
        outcome = Merger(package, now).run()
        result = PackageImportResult(
            package.source_site,
            package.source_name,
            package.created_at,
            package.since,
            outcome.counts,
            outcome.audit_entries,
            outcome.listed,
        )
        if result.changed:
            summary = {
                "added": ("新增", None, result.added),
                "replaced": ("更新", None, result.replaced),
                "conflicts": ("冲突", None, result.conflicts),
                "audit": ("来源审计记录", None, result.audit_entries),
            }
            head = {
                "action": "导入数据包",
                "register": "system",
                "record_uuid": package.source_site,
                "record_label": f"来自“{package.source_name}”（{package.created_at:%Y-%m-%d %H:%M}导出）",
                "changes": summary,
            }
            audit.append_many([head, *outcome.entries], actor.username, now)
    return result
