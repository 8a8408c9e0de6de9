"""Chain heads kept outside the database — in a backup, a data package's manifest, a printed 定稿 report — read
back for `zwgk verify --against`, which checks that the history up to that point is still the same."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from desktop.db.audit import AuditEntry
from desktop.domain.anchors import Anchor, parse_anchor
from desktop.domain.errors import DomainError


def read_anchor(text: str) -> tuple[Anchor, str]:
    """(the anchor, where it comes from) of a backup file, a package file or a typed `N:hexprefix`."""
    path = Path(text).expanduser()
    if not path.is_file():
        if any(sep in text for sep in ("/", "\\")) or text.endswith((".sqlite3", ".zwgk", ".bak")):
            raise DomainError(f"找不到文件 {text}")
        return parse_anchor(text), "输入的"
    if zipfile.is_zipfile(path):
        return _of_package(path), f"数据包 {path.name} 的"
    return _of_backup(path), f"备份 {path.name} 的"


RESTORED_HEAD = "head_before"  # in a 恢复备份 entry: the chain head of the database the restore replaced


def head_of_file(path: Path) -> Anchor | None:
    """The head a database file holds, None when it cannot be read (for the record of a restore)."""
    try:
        return _of_backup(path)
    except DomainError:
        return None


def restore_notes() -> list[str]:
    """Each restore from a backup, with the head it set aside: a restore shortens the history on purpose, so an
    anchor taken after that backup no longer matches (the truth: that history was discarded)."""
    notes = []
    e = AuditEntry
    for entry_id, ts, label, changes in (
        e.select(e.id, e.ts, e.record_label, e.changes).where(e.action == "恢复备份").order_by(e.id).tuples()
    ):
        try:
            head = json.loads(changes or "{}").get(RESTORED_HEAD, [None, None, None])[2]
        except (ValueError, AttributeError, IndexError):
            head = None
        before = f"，恢复前的审计链头为第{head.split(':')[0]}条 {head.split(':')[1][:16]}" if head else ""
        notes.append(f"注意：审计日志第{entry_id}条记载{ts:%Y-%m-%d %H:%M}{label}{before}；恢复会舍弃备份之后的历史")
    return notes


def _of_backup(path: Path) -> Anchor:
    """The head a backup holds: its own audit_head row, checked against its own last entry."""
    from desktop.exchange.sqlite_file import _ro_uri

    try:
        con = sqlite3.connect(_ro_uri(path), uri=True)
        try:
            head = con.execute("SELECT last_id, last_hash FROM audit_head WHERE id = 1").fetchone()
            last = head and con.execute("SELECT hash FROM audit_log WHERE id = ?", (head[0],)).fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DomainError(f"{path.name} 不是本软件的备份或数据库文件，读不出审计链头（{exc}）") from exc
    if not head or not head[0]:
        raise DomainError(f"备份 {path.name} 中没有审计记录")
    if not last or last[0] != head[1]:
        raise DomainError(f"备份 {path.name} 本身的审计链头与其最后一条记录不符：该备份已被改动")
    return Anchor(int(head[0]), str(head[1]))


def _of_package(path: Path) -> Anchor:
    """The head a package's manifest names; only a package this PC exported anchors this PC's history."""
    from desktop.db.models import Setting
    from desktop.exchange.package import SITE_ID
    from desktop.exchange.package_format import read_package

    package = read_package(path)
    if package.audit_head is None:
        raise DomainError(f"数据包 {path.name} 由早期版本导出，清单中没有审计链头")
    own = Setting.get_or_none(Setting.key == SITE_ID)  # read, not made: verify writes nothing
    if own is None or package.source_site != own.value:
        raise DomainError(
            f"数据包 {path.name} 来自另一台电脑（{package.source_name}），"
            "它记下的是那台电脑的审计链头，请在那台电脑上核对"
        )
    return Anchor(*package.audit_head)
