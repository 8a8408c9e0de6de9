"""Rules of the smaller registers and catalogues: contacts, proactive, normative, enforcement, appeals, users."""

from __future__ import annotations

import pytest

from desktop.db.audit import AuditEntry
from desktop.domain import vocab
from desktop.domain.errors import DomainError
from desktop.registers import CATALOGUES, REGISTERS, SYSTEM, Actor, FieldErrors, NotAllowed
from desktop.registers.users import USER_REGISTER

OFFICE = Actor("公开办小王", vocab.ROLE_OFFICE)


def test_contacts_tally_and_praise_form(catalogue):
    c = REGISTERS["contacts"]
    record, _ = c.save({"date": "2015-03-02", "unit": "工商", "count": 23}, SYSTEM)
    assert (record.point, record.channel, record.type, record.count) == ("政务中心窗口", "当面", "咨询", 23)
    with pytest.raises(FieldErrors) as err:
        c.save({"date": "2015-03-02", "count": 0, "praise_form": "锦旗"}, SYSTEM)
    assert err.value.errors == {"count": "人次至少为1", "praise_form": "只有“表扬”需要填写形式"}


def test_proactive_carriers_are_several_choices(catalogue):
    p = REGISTERS["proactive"]
    record, _ = p.save(
        {
            "title": "2015年部门预算公开",
            "publish_date": "20150320",
            "web_column": "政务公开",
            "key_area": "财政资金",
            "carriers": "公开栏，政府网站",
        },
        OFFICE,
    )
    assert record.carriers == "政府网站、公开栏"
    with pytest.raises(FieldErrors) as err:
        p.save({"title": "x", "publish_date": "20150320", "carriers": "报纸"}, OFFICE)
    assert "不是可选值" in err.value.errors["carriers"]
    with pytest.raises(FieldErrors) as err:
        p.save({"title": "x", "publish_date": "20150320", "web_column": "不存在的栏目"}, OFFICE)
    assert "找不到" in err.value.errors["web_column"]


def test_normative_repeal_after_issue(db):
    n = REGISTERS["normative"]
    with pytest.raises(FieldErrors) as err:
        n.save(
            {
                "name": "管理办法",
                "category": "行政规范性文件",
                "issued_date": "2015-05-01",
                "repealed_date": "2014-01-01",
            },
            OFFICE,
        )
    assert "废止日期" in err.value.errors["repealed_date"]


def test_enforcement_counts_are_whole_numbers_except_fees(db):
    e = REGISTERS["enforcement"]
    with pytest.raises(FieldErrors) as err:
        e.save({"year": 2015, "category": "行政处罚", "quantity": "3.5"}, OFFICE)
    assert "整数" in err.value.errors["quantity"]
    record, _ = e.save({"year": 2015, "category": "行政事业性收费", "quantity": "20200.50"}, OFFICE)
    assert str(record.quantity) == "20200.50"


def test_appeal_result_and_close_date_go_together(db):
    a = REGISTERS["appeals"]
    base = {"case_type": "行政复议", "appellant": "陈明", "filed_date": "2015-06-01"}
    with pytest.raises(FieldErrors) as err:
        a.save({**base, "result": "结果维持"}, OFFICE)
    assert "结案日期" in err.value.errors["closed_date"]
    with pytest.raises(FieldErrors) as err:
        a.save({**base, "result": "结果纠正", "closed_date": "2015-05-01"}, OFFICE)
    assert "早于立案日期" in err.value.errors["closed_date"]
    record, _ = a.save(base, OFFICE)
    assert record.result == "尚未审结"


def test_roles_decide_who_writes_what(catalogue):
    leader = Actor("领导", vocab.ROLE_LEADER)
    hotline = Actor("值班员", vocab.ROLE_HOTLINE)
    with pytest.raises(NotAllowed):
        REGISTERS["proactive"].save({"title": "x", "publish_date": "20150320"}, hotline)
    with pytest.raises(NotAllowed):
        REGISTERS["disclosure"].save(
            {
                "channel": "当面",
                "arrived_date": "20150320",
                "applicant_type": "自然人",
                "applicant": "x",
                "content": "y",
            },
            leader,
        )
    with pytest.raises(NotAllowed):
        CATALOGUES["unit"].save({"name": "新单位", "code": "XD", "kind": "其他"}, OFFICE)


def test_users_passwords_are_hashed_and_sign_in_is_audited(catalogue):
    user = USER_REGISTER.add("zhangsan", "correct horse", vocab.ROLE_WINDOW, SYSTEM, full_name="张三", unit="工商")
    assert "correct horse" not in user.password_hash and user.password_hash.startswith("$argon2")
    actor = USER_REGISTER.authenticate("zhangsan", "correct horse")
    assert actor.role == vocab.ROLE_WINDOW and actor.unit_id == user.unit.id
    with pytest.raises(DomainError):
        USER_REGISTER.authenticate("zhangsan", "wrong password")
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.register == "user")]
    assert actions == ["新建", "登录", "登录失败"]
    created = AuditEntry.select().where(AuditEntry.action == "新建", AuditEntry.register == "user").get()
    assert "argon2" not in created.changes and "（已修改）" in created.changes
    with pytest.raises(FieldErrors) as err:
        USER_REGISTER.add("lisi", "short", vocab.ROLE_OFFICE, SYSTEM)
    assert "8" in err.value.errors["password_hash"]
    with pytest.raises(FieldErrors) as err:
        USER_REGISTER.add("wangwu", "long enough pw", vocab.ROLE_WINDOW, SYSTEM)
    assert "所属单位" in err.value.errors["unit"]


def test_deactivated_user_cannot_sign_in(catalogue):
    user = USER_REGISTER.add("lisi", "long enough pw", vocab.ROLE_OFFICE, SYSTEM)
    USER_REGISTER.save({"active": False}, SYSTEM, record_id=user.id)
    with pytest.raises(DomainError):
        USER_REGISTER.authenticate("lisi", "long enough pw")


def test_service_item_promise_within_legal_limit(catalogue):
    with pytest.raises(FieldErrors) as err:
        CATALOGUES["service_item"].save(
            {
                "code": "GS-009",
                "name": "x",
                "unit": "工商",
                "category": "审批类",
                "case_type": "承诺件",
                "legal_days": 5,
                "promise_days": 10,
            },
            SYSTEM,
        )
    assert "不能超过法定时限" in err.value.errors["promise_days"]
    with pytest.raises(FieldErrors) as err:
        CATALOGUES["unit"].save({"name": "工商", "code": "GS2", "kind": "其他"}, SYSTEM)
    assert err.value.errors == {"name": "已存在相同的值"}


def test_the_last_active_administrator_stays(db):
    admin = USER_REGISTER.add("admin", "long enough pw", vocab.ROLE_ADMIN, SYSTEM)
    with pytest.raises(FieldErrors) as err:
        USER_REGISTER.save({"active": False}, SYSTEM, record_id=admin.id)
    assert "管理员" in err.value.errors["active"]
    with pytest.raises(FieldErrors):
        USER_REGISTER.save({"role": vocab.ROLE_OFFICE}, SYSTEM, record_id=admin.id)
    USER_REGISTER.add("admin2", "long enough pw", vocab.ROLE_ADMIN, SYSTEM)
    USER_REGISTER.save({"active": False}, SYSTEM, record_id=admin.id)


def test_control_characters_pasted_into_text_are_dropped_on_both_backends(catalogue):
    """A NUL or vertical tab pasted from another program means nothing to a reader, PostgreSQL refuses a NUL, and
    an .xlsx cell cannot hold either: they are dropped; tabs and line breaks stay."""
    record, _ = REGISTERS["contacts"].save(
        {"date": "2015-03-02", "count": 1, "summary": "咨询\x00营业执照\x0b办理\t流程\n第二行"}, SYSTEM
    )
    assert REGISTERS["contacts"].get(record.id).summary == "咨询营业执照办理\t流程\n第二行"
    record, _ = REGISTERS["normative"].save(
        {"name": "经开区\x00企业服务\x1f管理办法", "category": "行政规范性文件", "issued_date": "20150105"}, SYSTEM
    )
    assert REGISTERS["normative"].get(record.id).name == "经开区企业服务管理办法"


def test_a_text_longer_than_its_column_is_refused_on_both_backends_with_the_field_named(catalogue):
    """SQLite would store a 300-character 申请人 in its 255-character column and PostgreSQL refuse it later (every
    package from that PC, migrate-db): the limit is checked when the value is typed, whatever the backend."""
    disclosure = REGISTERS["disclosure"]
    raw = {"channel": "当面", "received_date": "2015-03-02", "applicant_type": "自然人", "content": "某文件"}
    with pytest.raises(FieldErrors) as err:
        disclosure.save({**raw, "applicant": "张" * 300}, SYSTEM)
    assert err.value.errors == {"applicant": "不能超过255个字符（现有300个）"}
    assert "【申请人】" in err.value.message
    record, _ = disclosure.save({**raw, "applicant": "张" * 255}, SYSTEM)
    assert len(disclosure.get(record.id).applicant) == 255
