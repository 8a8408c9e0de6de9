"""Data packages between offline PCs: records travel by uuid with their references remapped, edits on one side
replace, edits on both sides are listed as conflicts, voids travel, re-imports change nothing, damage is refused."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.cli import main
from desktop.db import close_db, init_db
from desktop.db.audit import AuditEntry, AuditHead, verify_chain
from desktop.db.models import ALL_MODELS, HotlineTicket, HotlineTopic, ServiceItem, Unit, WindowCase
from desktop.db.models.exchange import ImportedAudit
from desktop.domain import vocab
from desktop.domain.errors import DomainError
from desktop.exchange.package import (
    KEEP_INCOMING,
    KEEP_LOCAL,
    PackageDamaged,
    export_package,
    import_package,
    list_conflicts,
    new_site_id,
    pending_conflicts,
    resolve_conflict,
    site_identity,
)
from desktop.exchange.package_format import MANIFEST
from desktop.registers import SYSTEM, Actor, NotAllowed
from desktop.registers.catalogues import SERVICE_ITEM_REGISTER, UNIT_REGISTER
from desktop.registers.hotline import HOTLINE_REGISTER
from desktop.registers.window import WINDOW_REGISTER

ADMIN = Actor("admin", vocab.ROLE_ADMIN)
ITEM_GS = {
    "code": "GS-001",
    "name": "个体工商户设立登记",
    "unit": "工商",
    "category": "审批类",
    "case_type": "承诺件",
    "legal_days": 15,
    "promise_days": 5,
    "online": True,
}
CASE = {"item": "GS-001", "applicant": "张三", "received_at": "2015-10-12 09:30", "phone": "13812345678"}
TICKET = {
    "called_at": "2015-10-12 10:00",
    "caller": "李四",
    "appeal_type": "投诉",
    "topic": "拆迁补偿",
    "content": "拆迁补偿款未到位",
    "handling": "转办",
    "status": "待派单",
}


@pytest.fixture
def pcs(tmp_path, pg_server):
    """A window PC (A) with units, items, a window case and a hotline ticket; the office PC (B), which made its
    own 工商 (another uuid) after an unrelated unit, so that every id differs between the two. SQLite files, or
    two PostgreSQL databases in the PostgreSQL pass."""
    if pg_server is None:
        a, b = tmp_path / "window.sqlite3", tmp_path / "office.sqlite3"
    else:
        a, b = pg_server.create(), pg_server.create()
    env = SimpleNamespace(a=a, b=b, dir=tmp_path)
    init_db(env.b)
    UNIT_REGISTER.save({"name": "城管局", "code": "CG", "kind": "职能部门"}, SYSTEM)
    UNIT_REGISTER.save({"name": "工商", "code": "GS", "kind": "进驻窗口单位", "staff_count": 3}, SYSTEM)
    init_db(env.a)
    UNIT_REGISTER.save({"name": "收费", "code": "SF", "kind": "进驻窗口单位", "staff_count": 2}, SYSTEM)
    UNIT_REGISTER.save({"name": "工商", "code": "GS", "kind": "进驻窗口单位", "staff_count": 3}, SYSTEM)
    SERVICE_ITEM_REGISTER.save(ITEM_GS, SYSTEM)
    env.case = WINDOW_REGISTER.save(CASE, SYSTEM)[0].uuid
    env.ticket = HOTLINE_REGISTER.save(TICKET, SYSTEM)[0].uuid
    env.names = (f"p{n}.zwgk" for n in itertools.count())
    yield env
    close_db()
    if pg_server is not None:
        pg_server.drop(a)
        pg_server.drop(b)


def export_from(env, since: date | None = None) -> Path:
    init_db(env.a)
    path = env.dir / next(env.names)
    export_package(path, since)
    return path


def import_into(env, path: Path, actor: Actor = ADMIN):
    init_db(env.b)
    return import_package(path, actor)


def edit_case(env, path: Path, **values) -> None:
    init_db(path)
    case = WindowCase.get(WindowCase.uuid == env.case)
    WINDOW_REGISTER.save(values, SYSTEM, record_id=case.id)


def state_of_database() -> str:
    """Every row of every table, hashed: "changes nothing" means exactly that."""
    digest = hashlib.sha256()
    for model in ALL_MODELS:
        for row in model.select().order_by(model._meta.primary_key).tuples():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def test_records_travel_with_references_remapped(pcs):
    init_db(pcs.a)
    a_item = ServiceItem.get(ServiceItem.code == "GS-001").uuid
    a_case = WindowCase.get(WindowCase.uuid == pcs.case)
    result = import_into(pcs, export_from(pcs))
    assert result.counts["window"].added == 1 and result.counts["hotline"].added == 1
    assert result.counts["service_item"].added == 1
    assert result.counts["unit"].added == 1 and result.counts["unit"].unchanged == 1  # 收费 new, 工商 matched by name
    assert "新增" in str(result) and "窗口办件：新增1" in str(result)
    case = WindowCase.get(WindowCase.uuid == pcs.case)
    gs = Unit.get(Unit.name == "工商")
    assert Unit.select().where(Unit.name == "工商").count() == 1  # no duplicate unit from the other PC
    assert case.unit_id == gs.id and case.item.uuid == a_item and case.item.unit_id == gs.id
    assert (case.number, case.applicant, case.received_at, case.phone) == (
        a_case.number,
        a_case.applicant,
        a_case.received_at,
        a_case.phone,
    )
    assert (case.created_by, case.version, case.promised_date) == (
        a_case.created_by,
        a_case.version,
        a_case.promised_date,
    )
    ticket = HotlineTicket.get(HotlineTicket.uuid == pcs.ticket)
    assert ticket.topic_id == HotlineTopic.get(HotlineTopic.name == "拆迁补偿").id  # B's own default topic
    assert HotlineTopic.select().where(HotlineTopic.name == "拆迁补偿").count() == 1


def test_edit_on_the_source_only_replaces_the_older_version(pcs):
    import_into(pcs, export_from(pcs))
    version = WindowCase.get(WindowCase.uuid == pcs.case).version
    edit_case(pcs, pcs.a, applicant="张三丰")
    result = import_into(pcs, export_from(pcs))
    assert result.counts["window"].replaced == 1 and result.conflicts == 0
    case = WindowCase.get(WindowCase.uuid == pcs.case)
    assert case.applicant == "张三丰" and case.version == version + 1  # a form open on the old version is refused
    entry = AuditEntry.select().where(AuditEntry.record_uuid == pcs.case).order_by(AuditEntry.id.desc()).first()
    assert entry.action == "数据包修改" and entry.username == "admin" and "张三丰" in entry.changes


def test_edit_on_the_office_only_is_kept(pcs):
    import_into(pcs, export_from(pcs))
    edit_case(pcs, pcs.b, applicant="张三（核实）")
    result = import_into(pcs, export_from(pcs))
    assert result.replaced == 0 and result.conflicts == 0
    assert WindowCase.get(WindowCase.uuid == pcs.case).applicant == "张三（核实）"


def test_edits_on_both_sides_are_listed_and_the_local_version_kept(pcs):
    import_into(pcs, export_from(pcs))
    edit_case(pcs, pcs.a, applicant="张三丰")
    edit_case(pcs, pcs.b, phone="13900001111")
    package = export_from(pcs)
    result = import_into(pcs, package)
    assert result.counts["window"].conflicts == 1 and "冲突1条" in str(result)
    case = WindowCase.get(WindowCase.uuid == pcs.case)
    assert (case.applicant, case.phone) == ("张三", "13900001111")
    [conflict] = list_conflicts()
    assert conflict.title == "窗口办件" and conflict.label == case.number and pending_conflicts() == 1
    diffs = {d.label: (d.local, d.incoming) for d in conflict.differences}
    assert diffs == {"申请人": ("张三", "张三丰"), "联系电话": ("13900001111", "13812345678")}
    before = state_of_database()
    again = import_into(pcs, package)
    assert again.conflicts == 1 and state_of_database() == before  # listed once, not twice

    resolve_conflict(conflict.id, KEEP_INCOMING, ADMIN)
    case = WindowCase.get(WindowCase.uuid == pcs.case)
    assert (case.applicant, case.phone) == ("张三丰", "13812345678") and pending_conflicts() == 0
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().action == "冲突处理"
    settled = import_into(pcs, package)
    assert settled.conflicts == 0 and settled.counts["window"].unchanged == 1
    assert list_conflicts(include_resolved=True)[0].resolution == "采用导入的版本"


def test_keeping_the_local_version_settles_it_until_the_source_edits_again(pcs):
    import_into(pcs, export_from(pcs))
    edit_case(pcs, pcs.a, applicant="张三丰")
    edit_case(pcs, pcs.b, applicant="张叁")
    package = export_from(pcs)
    import_into(pcs, package)
    resolve_conflict(list_conflicts()[0].id, KEEP_LOCAL, ADMIN)
    assert WindowCase.get(WindowCase.uuid == pcs.case).applicant == "张叁"
    with pytest.raises(DomainError, match="已经处理"):
        resolve_conflict(list_conflicts(include_resolved=True)[0].id, KEEP_LOCAL, ADMIN)
    before = state_of_database()
    assert import_into(pcs, package).conflicts == 0 and state_of_database() == before
    edit_case(pcs, pcs.a, applicant="张三丰（再改）")
    assert import_into(pcs, export_from(pcs)).conflicts == 1


def test_a_void_travels(pcs):
    import_into(pcs, export_from(pcs))
    init_db(pcs.a)
    WINDOW_REGISTER.void(WindowCase.get(WindowCase.uuid == pcs.case).id, "重复登记", SYSTEM)
    result = import_into(pcs, export_from(pcs))
    assert result.counts["window"].replaced == 1
    case = WindowCase.get(WindowCase.uuid == pcs.case)
    assert case.voided and case.void_reason == "重复登记"
    assert (
        AuditEntry.select().where(AuditEntry.record_uuid == pcs.case).order_by(AuditEntry.id.desc()).first().action
        == "数据包作废"
    )


def test_importing_the_same_package_twice_changes_nothing(pcs):
    package = export_from(pcs)
    first = import_into(pcs, package)
    before, head = state_of_database(), AuditHead.get().last_id
    second = import_into(pcs, package)
    assert (second.added, second.replaced, second.conflicts) == (0, 0, 0)
    assert second.unchanged == first.added + first.unchanged and "未作任何修改" in str(second)
    assert state_of_database() == before and AuditHead.get().last_id == head


def test_source_audit_entries_are_kept_apart_and_the_local_chain_still_verifies(pcs):
    package = export_from(pcs)
    source = {e.hash: e.id for e in AuditEntry.select()}
    name = site_identity().name
    init_db(pcs.b)
    local = AuditEntry.select().count()
    import_into(pcs, package)
    kept = {e.hash: e.original_id for e in ImportedAudit.select()}
    assert kept == source and {e.source_name for e in ImportedAudit.select()} == {name}
    assert verify_chain().ok
    assert AuditEntry.select().count() == local + 1 + 4 + 1  # B's identity, the package, one per record added
    head = AuditEntry.select().where(AuditEntry.action == "导入数据包").get()
    assert json.loads(head.changes)["added"][2] == 4  # 收费, the item, the case and the ticket


def test_since_limits_the_registers_but_catalogues_travel_whole(pcs):
    init_db(pcs.a)
    WindowCase.update(updated_at=datetime(2015, 9, 1)).where(WindowCase.uuid == pcs.case).execute()
    package = export_from(pcs, since=date(2015, 10, 1))
    with zipfile.ZipFile(package) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        rows = {f["name"]: f["rows"] for f in manifest["files"]}
    assert manifest["since"] == "2015-10-01" and rows["window.jsonl"] == 0 and rows["hotline.jsonl"] == 1
    assert rows["unit.jsonl"] == 2 and rows["service_item.jsonl"] == 1 and "user.jsonl" not in rows
    result = import_into(pcs, package)
    assert result.counts["hotline"].added == 1 and result.counts["window"].added == 0


def test_a_catalogue_record_made_on_both_pcs_differently_is_a_conflict(pcs):
    init_db(pcs.b)
    gs = Unit.get(Unit.name == "工商")
    UNIT_REGISTER.save({"staff_count": 5}, SYSTEM, record_id=gs.id)
    result = import_into(pcs, export_from(pcs))
    assert result.counts["unit"].conflicts == 1 and result.counts["window"].added == 1
    [conflict] = list_conflicts()
    assert [(d.label, d.local, d.incoming) for d in conflict.differences] == [("窗口工作人员数", "5", "3")]


def test_a_number_already_used_here_refuses_the_whole_package(pcs):
    init_db(pcs.b)
    SERVICE_ITEM_REGISTER.save(ITEM_GS, SYSTEM)
    WINDOW_REGISTER.save({**CASE, "applicant": "王五"}, SYSTEM)  # numbered 2015-GS-00001 too
    site_identity()
    before = state_of_database()
    with pytest.raises(DomainError, match="2015-GS-00001"):
        import_into(pcs, export_from(pcs))
    assert state_of_database() == before


def rewrite(package: Path, target: Path, name: str, change) -> Path:
    with zipfile.ZipFile(package) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members[name] = change(members[name])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in members.items():
            zf.writestr(n, data)
    target.write_bytes(buffer.getvalue())
    return target


def test_a_tampered_package_is_refused_whole(pcs):
    package = export_from(pcs)
    tampered = rewrite(package, pcs.dir / "t.zwgk", "window.jsonl", lambda b: b.replace(b"13812345678", b"13812345679"))
    init_db(pcs.b)
    site_identity()
    before = state_of_database()
    with pytest.raises(PackageDamaged, match="数据包已损坏或被改动：window.jsonl的校验值不符"):
        import_into(pcs, tampered)
    assert state_of_database() == before


def test_a_manifest_edited_after_export_is_refused(pcs):
    package = export_from(pcs)

    def rename(data: bytes) -> bytes:
        manifest = json.loads(data)
        manifest["source_site_name"] = "别的电脑"
        return json.dumps(manifest).encode()

    with pytest.raises(PackageDamaged, match="总校验值"):
        import_into(pcs, rewrite(package, pcs.dir / "m.zwgk", MANIFEST, rename))


def test_a_truncated_package_is_refused(pcs):
    package = export_from(pcs)
    data = package.read_bytes()
    init_db(pcs.b)
    site_identity()
    before = state_of_database()
    for cut in (0, 10, len(data) // 2, len(data) - 5):
        short = pcs.dir / f"short{cut}.zwgk"
        short.write_bytes(data[:cut])
        with pytest.raises(PackageDamaged):
            import_into(pcs, short)
    assert state_of_database() == before


def test_own_package_and_non_admins_are_refused(pcs):
    package = export_from(pcs)
    before = state_of_database()
    with pytest.raises(DomainError, match="本机导出"):
        import_package(package, ADMIN)
    assert state_of_database() == before
    init_db(pcs.b)
    before = state_of_database()
    with pytest.raises(NotAllowed):
        import_package(package, Actor("gkb", vocab.ROLE_OFFICE))
    assert state_of_database() == before


@pytest.mark.sqlite_only
def test_a_copied_database_gets_a_new_identity(pcs):
    shutil.copy(pcs.a, pcs.dir / "copy.sqlite3")
    init_db(pcs.a)
    first = site_identity()
    assert site_identity() == first  # stable
    init_db(pcs.dir / "copy.sqlite3")  # copied before the identity existed: it makes its own
    assert site_identity().id != first.id
    assert new_site_id(ADMIN).id != first.id and verify_chain().ok


def test_command_line_export_import_and_conflicts(pcs, capsys):
    package = str(pcs.dir / "cli.zwgk")
    assert main(["--db", str(pcs.a), "package", "export", package, "--since", "2015-10-01"]) == 0
    assert "已导出数据包" in capsys.readouterr().out
    assert main(["--db", str(pcs.b), "package", "import", package]) == 0
    assert "窗口办件：新增1" in capsys.readouterr().out
    assert main(["--db", str(pcs.b), "package", "conflicts"]) == 0
    assert "没有待处理的数据包冲突" in capsys.readouterr().out
    (pcs.dir / "bad.zwgk").write_bytes(b"not a zip")
    assert main(["--db", str(pcs.b), "package", "import", str(pcs.dir / "bad.zwgk")]) == 1
    assert "数据包已损坏或被改动" in capsys.readouterr().err


# -- garbled packages ---------------------------------------------------------------------------------------------


@pytest.fixture
def garble_env(pcs):
    """A clean package, the office database before the import (copied per example) and the clean outcome."""
    package = export_from(pcs)
    init_db(pcs.b)
    site_identity()
    close_db()
    template = pcs.dir / "template.sqlite3"
    shutil.copy(pcs.b, template)
    init_db(pcs.b)
    clean = import_package(package, ADMIN)
    close_db()
    return SimpleNamespace(
        data=package.read_bytes(),
        template=template,
        dir=pcs.dir,
        counter=itertools.count(),
        clean=(clean.added, clean.replaced, clean.unchanged, clean.conflicts, clean.audit_entries),
    )


@pytest.mark.sqlite_only
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=1, max_value=255)), min_size=1, max_size=6),
        st.integers(min_value=0),
    )
)
def test_garbled_packages_are_refused_cleanly_or_read_intact(garble_env, damage):
    data = bytearray(garble_env.data)
    if isinstance(damage, int):
        data = data[: damage % len(data)]
    else:
        for position, mask in damage:
            data[position % len(data)] ^= mask
    n = next(garble_env.counter)
    path, target = garble_env.dir / f"g{n}.zwgk", garble_env.dir / f"g{n}.sqlite3"
    path.write_bytes(bytes(data))
    shutil.copy(garble_env.template, target)
    init_db(target)
    before = state_of_database()
    try:
        result = import_package(path, ADMIN)
    except DomainError:
        assert state_of_database() == before  # never a partial write
    else:
        # Bytes outside everything checked (a zip header's file time) may change: then the content is intact.
        assert (
            result.added,
            result.replaced,
            result.unchanged,
            result.conflicts,
            result.audit_entries,
        ) == garble_env.clean
        assert verify_chain().ok
    finally:
        close_db()
        for p in (path, target, target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
            p.unlink(missing_ok=True)
