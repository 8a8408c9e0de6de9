"""Tampering with the file behind the app's back, each case detected by `zwgk verify`: records changed, added or
deleted behind the log (replay), and a history rewritten or cut and re-chained (against an anchor kept outside)."""

from __future__ import annotations

import io
import sys
import uuid as uuid_mod
from decimal import Decimal

import pytest

from desktop.cli import main
from desktop.db import audit, write_transaction
from desktop.db.audit import AuditEntry, AuditHead
from desktop.db.models import User, WindowCase
from desktop.registers import REGISTERS, SYSTEM
from desktop.registers.replay import verify_records
from desktop.registers.users import USER_REGISTER

W = REGISTERS["window"]


def _case(**extra):
    values = {
        "item": "SF-001",
        "applicant": "湘北建材有限公司",
        "applicant_type": "法人或其他组织",
        "id_kind": "统一社会信用代码",
        "id_number": "91430700MA4L123459",
        "phone": "13812345678",
        "received_at": "2015-09-30 09:00",
        "accepted_at": "2015-09-30 09:30",
        "concluded_at": "2015-09-30 10:00",
        "status": "办结",
        "fee": "475.00",
    }
    values.update(extra)
    return values


@pytest.fixture
def office(catalogue, db_target):
    """An office's day: cases saved, edited, voided and restored, an administrator with a changed password."""
    first, _ = W.save(_case(), SYSTEM)
    second, _ = W.save(
        _case(applicant="张三", applicant_type="个人", id_kind="居民身份证", id_number="11010519491231002X"), SYSTEM
    )
    W.save({"remark": "补交材料"}, SYSTEM, record_id=second.id)
    W.void(second.id, "重复录入", SYSTEM)
    W.restore(second.id, SYSTEM)
    admin = USER_REGISTER.add("admin", "a long password", "管理员", SYSTEM)
    USER_REGISTER.set_password(admin.id, "another long password", SYSTEM)
    return str(db_target), first, second


def _verify(target, capsys, *extra):
    code = main(["--db", target, "verify", *extra])
    return code, capsys.readouterr().out


def _rechain(after_id: int = 0) -> None:
    """What a forger with the file does after editing the log: every hash from `after_id` on recomputed, the head
    fixed, so that the chain check alone passes."""
    prev = audit.GENESIS if after_id <= 1 else AuditEntry.get_by_id(after_id - 1).hash
    with write_transaction():
        for e in AuditEntry.select().where(AuditEntry.id >= after_id).order_by(AuditEntry.id):
            digest = audit._digest(
                e.id, e.ts, e.username, e.action, e.register, e.record_uuid, e.record_label, e.changes, prev
            )
            AuditEntry.update(prev_hash=prev, hash=digest).where(AuditEntry.id == e.id).execute()
            prev = digest
        last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
        AuditHead.update(last_id=last.id, last_hash=last.hash, count=AuditEntry.select().count()).execute()


def test_a_clean_office_verifies(office, capsys):
    target, *_ = office
    code, out = _verify(target, capsys)
    assert code == 0, out
    assert "审计日志完整" in out and "逐项一致" in out and "审计链：第" in out


def test_a_fee_raised_in_the_database_is_named(office, capsys):
    target, first, _ = office
    WindowCase.update(fee=Decimal("1000475.00")).where(WindowCase.id == first.id).execute()
    code, out = _verify(target, capsys)
    assert code == 1
    assert f"窗口办件“{first.number}”的【收费金额】：审计日志为“475.00”，数据库中为“1000475.00”" in out


def test_an_id_number_changed_in_the_database_is_named(office, capsys):
    target, _, second = office
    WindowCase.update(id_number="430702198001011234").where(WindowCase.id == second.id).execute()
    code, out = _verify(target, capsys)
    assert code == 1 and "【证件号码】" in out and "11010519491231002X" in out and "430702198001011234" in out


def test_the_voided_flag_set_in_the_database_is_named(office, capsys):
    target, first, _ = office
    WindowCase.update(voided=True).where(WindowCase.id == first.id).execute()
    code, out = _verify(target, capsys)
    assert code == 1 and f"“{first.number}”的【已作废】：审计日志为“否”，数据库中为“是”" in out


def test_a_forged_editor_is_named(office, capsys):
    target, _, second = office
    WindowCase.update(updated_by="张科长").where(WindowCase.id == second.id).execute()
    code, out = _verify(target, capsys)
    assert code == 1 and "【修改人】：审计日志为“系统”，数据库中为“张科长”" in out


def test_an_administrator_inserted_with_a_copied_hash_is_named(office, capsys):
    target, *_ = office
    admin = User.get(User.username == "admin")
    User.insert(
        uuid=str(uuid_mod.uuid4()), username="mallory", role="管理员", active=True, password_hash=admin.password_hash
    ).execute()
    code, out = _verify(target, capsys)
    assert code == 1 and "用户“mallory”：数据库中有这条记录，审计日志中没有它的新建" in out


def test_a_password_hash_swapped_in_the_database_is_named(office, capsys, monkeypatch):
    target, *_ = office
    monkeypatch.setattr(sys, "stdin", io.StringIO("yet another password\n"))
    assert main(["--db", target, "user", "add", "clerk", "--role", "公开办"]) == 0
    admin = User.get(User.username == "admin")
    User.update(password_hash=admin.password_hash).where(User.username == "clerk").execute()
    code, out = _verify(target, capsys)
    assert code == 1 and "用户“clerk”的【密码】" in out


def test_a_case_deleted_from_the_table_is_named(office, capsys):
    target, first, _ = office
    WindowCase.delete().where(WindowCase.id == first.id).execute()
    code, out = _verify(target, capsys)
    assert code == 1 and f"窗口办件“{first.number}”：审计日志记有这条记录，数据库中已没有" in out


def test_a_case_deleted_with_its_entries_and_rechained_is_caught_by_an_anchor(office, capsys):
    target, first, _ = office
    printed = audit.current_head()
    typed = f"{printed.id}:{printed.hash[:16]}"
    first_entry = AuditEntry.select().where(AuditEntry.record_uuid == first.uuid).order_by(AuditEntry.id).first()
    WindowCase.delete().where(WindowCase.id == first.id).execute()
    AuditEntry.delete().where(AuditEntry.record_uuid == first.uuid).execute()
    code, out = _verify(target, capsys)
    assert code == 1 and "缺失" in out  # without re-chaining, the chain itself breaks
    # Renumber the later entries into the gap and re-chain: the file alone now looks whole...
    with write_transaction():
        gap = first_entry.id
        for e in AuditEntry.select().where(AuditEntry.id > gap).order_by(AuditEntry.id):
            AuditEntry.update(id=gap).where(AuditEntry.id == e.id).execute()
            gap += 1
    _rechain(first_entry.id)
    code, out = _verify(target, capsys)
    assert code == 0, out  # what the README says cannot be detected without an anchor
    code, out = _verify(target, capsys, "--against", typed)
    assert code == 1 and f"输入的审计链头为第{printed.id}条，本数据库的审计日志只有" in out


def test_a_rewritten_and_rechained_history_is_caught_by_a_printed_head(office, capsys):
    target, first, _ = office
    printed = audit.current_head()
    created = AuditEntry.select().where((AuditEntry.record_uuid == first.uuid) & (AuditEntry.action == "新建")).get()
    # The fee lowered in the record and in its 新建 entry, every later hash and the head recomputed.
    WindowCase.update(fee=Decimal("0.00")).where(WindowCase.id == first.id).execute()
    AuditEntry.update(changes=created.changes.replace('"475.00"', '"0.00"')).where(
        AuditEntry.id == created.id
    ).execute()
    _rechain(created.id)
    code, out = _verify(target, capsys)
    assert code == 0, out
    code, out = _verify(target, capsys, "--against", f"{printed.id}:{printed.hash[:16]}")
    assert code == 1 and f"第{printed.id}条或之前的历史被改写" in out
    code, out = _verify(target, capsys, "--against", f"审计链：第{printed.id}条 {printed.hash[:16]}")
    assert code == 1


def test_a_cut_tail_with_the_head_fixed_is_caught_by_a_printed_head(office, capsys):
    target, *_ = office
    printed = audit.current_head()
    AuditEntry.delete().where(AuditEntry.id > printed.id - 3).execute()
    _rechain(printed.id - 3)
    code, out = _verify(target, capsys, "--against", f"{printed.id}:{printed.hash[:16]}")
    assert code == 1 and "被截短" in out


def test_an_anchor_that_still_holds_passes(office, capsys):
    target, first, _ = office
    printed = audit.current_head()
    W.save({"remark": "后来的修改"}, SYSTEM, record_id=first.id)
    code, out = _verify(target, capsys, "--against", f"第{printed.id}条 {printed.hash[:16]}")
    assert code == 0, out
    assert f"与输入的审计链头一致（第{printed.id}条" in out


def test_a_badly_typed_head_is_refused_in_chinese(office, capsys):
    target, *_ = office
    assert main(["--db", target, "verify", "--against", "12:xyz"]) == 1
    assert "审计链头“12:xyz”格式不对" in capsys.readouterr().err


def test_a_package_manifest_carries_the_head_and_anchors_this_pc(office, capsys, tmp_path):
    from desktop.exchange.package import export_package
    from desktop.exchange.package_format import read_package

    target, first, _ = office
    path = tmp_path / "out.zwgk"
    result = export_package(path)
    package = read_package(path)
    assert package.audit_head == (result.head.id, result.head.hash)
    assert "审计链：第" in str(result)
    code, out = _verify(target, capsys, "--against", str(path))
    assert code == 0 and f"与数据包 {path.name} 的审计链头一致" in out
    AuditEntry.delete().where(AuditEntry.id > result.head.id - 2).execute()
    _rechain(result.head.id - 2)
    code, out = _verify(target, capsys, "--against", str(path))
    assert code == 1 and "被截短" in out


@pytest.mark.sqlite_only
def test_a_backup_anchors_the_history(office, capsys, tmp_path):
    from desktop.exchange.backup import backup_with_check

    target, first, _ = office
    backup, check = backup_with_check(tmp_path / "usb", "测试")
    assert "审计链：第" in check.message
    W.save({"remark": "备份之后"}, SYSTEM, record_id=first.id)
    code, out = _verify(target, capsys, "--against", str(backup))
    assert code == 0, out
    created = AuditEntry.select().where((AuditEntry.record_uuid == first.uuid) & (AuditEntry.action == "新建")).get()
    AuditEntry.update(username="张科长").where(AuditEntry.id == created.id).execute()
    WindowCase.update(created_by="张科长").where(WindowCase.id == first.id).execute()
    _rechain(created.id)
    assert _verify(target, capsys)[0] == 0
    code, out = _verify(target, capsys, "--against", str(backup))
    assert code == 1 and f"与备份 {backup.name} 的审计链头一致" not in out and "历史被改写" in out


def test_replay_after_a_package_import_is_exact(office, tmp_path):
    """Records a package adds, replaces or puts in conflict replay exactly (the source's creator and editor kept)."""
    from desktop.exchange.package import export_package, import_package, new_site_id

    target, first, _ = office
    path = tmp_path / "a.zwgk"
    export_package(path)
    W.save({"remark": "本机改动"}, SYSTEM, record_id=first.id)
    new_site_id(SYSTEM)  # the same file plays the receiving PC
    import_package(path, SYSTEM)
    result = verify_records()
    assert result.ok, [str(f) for f in result.findings]


def test_scale_data_verifies_clean(db, db_target, capsys):
    from desktop.demo.scale import load_scale

    load_scale(1000, 3, seed=5)
    code, out = _verify(str(db_target), capsys)
    assert code == 0, out
    assert "共核对" in out


def test_the_demo_verifies_clean_and_a_changed_case_in_it_is_named(demo_database, tmp_path, capsys):
    import shutil

    path, _summary = demo_database
    copy = tmp_path / "demo.sqlite3"
    shutil.copyfile(path, copy)
    code, out = _verify(str(copy), capsys)
    assert code == 0, out
    case = WindowCase.select().where(WindowCase.fee > 0).order_by(WindowCase.id).first()
    WindowCase.update(fee=case.fee + 1_000_000).where(WindowCase.id == case.id).execute()
    code, out = _verify(str(copy), capsys)
    assert code == 1 and f"窗口办件“{case.number}”的【收费金额】" in out


@pytest.mark.sqlite_only
def test_after_a_restore_a_later_anchor_fails_and_the_restore_is_named(office, capsys, tmp_path):
    from desktop.exchange.backup import backup_with_check

    target, first, _ = office
    backup, _check = backup_with_check(tmp_path / "usb", "测试")
    W.save({"remark": "备份之后"}, SYSTEM, record_id=first.id)
    later = audit.current_head()
    assert main(["--db", target, "restore", str(backup)]) == 0
    code, out = _verify(target, capsys, "--against", f"{later.id}:{later.hash[:16]}")
    assert code == 1
    assert f"恢复前的审计链头为第{later.id}条 {later.hash[:16]}；恢复会舍弃备份之后的历史" in out
    assert _verify(target, capsys, "--against", str(backup))[0] == 0


@pytest.fixture
def two_pcs(tmp_path, pg_server, catalogue, db_target):
    """The window PC (A: the `catalogue` database with a case) and the office PC (B, empty but for its own 工商)."""
    from desktop.db import close_db, init_db
    from desktop.registers.catalogues import UNIT_REGISTER

    a = db_target
    b = tmp_path / "office.sqlite3" if pg_server is None else pg_server.create()
    init_db(b)
    UNIT_REGISTER.save({"name": "工商", "code": "GS", "kind": "进驻窗口单位", "staff_count": 3}, SYSTEM)
    init_db(a)
    case = W.save(_case(), SYSTEM)[0]
    yield a, b, case.uuid
    close_db()
    if pg_server is not None:
        pg_server.drop(b)


def test_replay_is_exact_after_package_adds_replaces_voids_and_conflicts(two_pcs, tmp_path, capsys):
    """Records a package adds, replaces, voids or puts in conflict, and a conflict resolved for the incoming
    version, replay exactly on the receiving PC (they keep the source's creator and editor; the entries say so)."""
    from desktop.db import init_db
    from desktop.exchange.package import export_package, import_package, list_conflicts, resolve_conflict

    a, b, case_uuid = two_pcs
    clerk = REGISTERS["window"]

    def send(name):
        init_db(a)
        export_package(tmp_path / name)
        init_db(b)
        return import_package(tmp_path / name, SYSTEM)

    def on(target, **values):
        init_db(target)
        clerk.save(values, SYSTEM, record_id=WindowCase.get(WindowCase.uuid == case_uuid).id)

    assert send("1.zwgk").counts["window"].added == 1
    assert _verify(str(b), capsys)[0] == 0
    on(a, remark="补交材料")
    init_db(a)
    W.void(WindowCase.get(WindowCase.uuid == case_uuid).id, "重复录入", SYSTEM)
    assert send("2.zwgk").counts["window"].replaced == 1
    code, out = _verify(str(b), capsys)
    assert code == 0, out
    on(b, remark="公开办改动")
    on(a, remark="窗口改动")
    assert send("3.zwgk").counts["window"].conflicts == 1
    assert _verify(str(b), capsys)[0] == 0
    resolve_conflict(list_conflicts()[0].id, "incoming", SYSTEM)
    code, out = _verify(str(b), capsys)
    assert code == 0, out
    WindowCase.update(updated_by="窗口乙").where(WindowCase.uuid == case_uuid).execute()
    code, out = _verify(str(b), capsys)
    assert code == 1 and "【修改人】" in out and "窗口乙" in out


def test_a_package_from_another_pc_is_not_an_anchor_here(two_pcs, tmp_path, capsys):
    from desktop.db import init_db
    from desktop.exchange.package import export_package

    a, b, _ = two_pcs
    init_db(a)
    export_package(tmp_path / "a.zwgk")
    code = main(["--db", str(b), "verify", "--against", str(tmp_path / "a.zwgk")])
    assert code == 1 and "来自另一台电脑" in capsys.readouterr().err


def test_a_change_behind_the_log_laundered_by_a_later_save_is_named(office, capsys):
    """The fee raised in the table, then a clerk's save changes it again: the record now agrees with the last
    entry, but that entry's value before differs from what the log said until then."""
    target, first, _ = office
    WindowCase.update(fee=Decimal("1000475.00")).where(WindowCase.id == first.id).execute()
    W.save({"fee": "500.00"}, SYSTEM, record_id=first.id)
    code, out = _verify(target, capsys)
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert code == 1
    assert f"【收费金额】之前的记载为“475.00”，第{last.id}条修改时的原值却是“1000475.00”" in out


def test_against_a_missing_or_foreign_file_is_refused_in_chinese(office, capsys, tmp_path):
    target, *_ = office
    assert main(["--db", target, "verify", "--against", str(tmp_path / "无此备份.sqlite3")]) == 1
    assert "找不到文件" in capsys.readouterr().err
    other = tmp_path / "notes.txt"
    other.write_text("不是数据库", encoding="utf-8")
    assert main(["--db", target, "verify", "--against", str(other)]) == 1
    assert "不是本软件的备份或数据库文件" in capsys.readouterr().err


def test_default_catalogues_of_a_new_database_replay_from_their_shipped_values(office, capsys):
    """Migration 1 writes the hotline topics, time limits and website columns under one 建库 entry: they verify as
    shipped and as edited through the app; changed or deleted behind the log, they are named."""
    from desktop.db.models import HotlineLimit, HotlineTopic, WebColumn
    from desktop.domain import vocab
    from desktop.registers.catalogues import HOTLINE_TOPIC_REGISTER

    target, *_ = office
    first, second = vocab.DEFAULT_HOTLINE_TOPICS[:2]
    topic = HotlineTopic.get(HotlineTopic.name == first)
    HOTLINE_TOPIC_REGISTER.save({"name": "征地拆迁补偿", "sort": 9}, SYSTEM, record_id=topic.id)
    assert _verify(target, capsys)[0] == 0
    HotlineLimit.update(days=60).where(HotlineLimit.appeal_type == "投诉").execute()
    HotlineTopic.update(active=False).where(HotlineTopic.id == topic.id).execute()
    WebColumn.delete().where(WebColumn.name == vocab.DEFAULT_WEB_COLUMNS[0]).execute()
    HotlineTopic.delete().where(HotlineTopic.name == second).execute()
    code, out = _verify(target, capsys)
    assert code == 1
    assert "热线办理时限“投诉”的【办理时限（工作日）】：审计日志为“13”，数据库中为“60”" in out
    assert "热线诉求分类“征地拆迁补偿”的【启用】：审计日志为“是”，数据库中为“否”" in out
    assert f"网站栏目“{vocab.DEFAULT_WEB_COLUMNS[0]}”：建库时写入的默认分类已不在数据库中" in out
    assert f"热线诉求分类“{second}”：建库时写入的默认分类已不在数据库中" in out
