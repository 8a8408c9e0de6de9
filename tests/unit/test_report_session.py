"""The report session without Qt: what is typed and not saved, the figures and checks of it, saving, 定稿 and
reopening with who may do each and what the audit log keeps — everything the 年度报告 page shows and does."""

from __future__ import annotations

import pytest

from desktop.db.audit import AuditEntry
from desktop.domain import vocab
from desktop.domain.errors import DomainError
from desktop.registers import REGISTERS, SYSTEM, Actor, NotAllowed
from desktop.report import store
from desktop.report.labels import FORMAT_2021, FORMAT_LEGACY
from desktop.report.session import FreezeRefused, ReportSession

ADMIN = Actor("admin", vocab.ROLE_ADMIN)
OFFICE = Actor("gkb", vocab.ROLE_OFFICE)
LEADER = Actor("leader", vocab.ROLE_LEADER)


def disclosure(received: str, reply: str | None = None, outcome: str | None = None):
    values = {
        "channel": "网络平台",
        "arrived_date": received,
        "received_date": received,
        "applicant_type": "自然人",
        "applicant": f"申请人{received}",
        "content": "某项政府信息",
    }
    if reply:
        values.update(status="已办结", reply_date=reply, outcome=outcome)
    return REGISTERS["disclosure"].save(values, SYSTEM)[0]


@pytest.fixture
def requests(catalogue):
    disclosure("2015-03-02", "2015-03-18", "予以公开")
    disclosure("2015-05-05", "2015-05-25", "本机关不掌握相关政府信息")
    return disclosure("2015-12-01")  # open, long past its deadline


def typed(session: ReportSession, section: int, text: str, **supplements: str) -> None:
    """What the page does on every keystroke: hand the session the text on screen."""
    narrative = session.narrative
    narrative.sections[section] = narrative.sections[section].from_text(narrative.sections[section].heading, text)
    session.edit(narrative, {**session.supplements, **supplements})


def audit_actions() -> list[str]:
    return [e.action for e in AuditEntry.select().where(AuditEntry.register == "report").order_by(AuditEntry.id)]


def test_a_new_year_is_a_clean_draft_of_the_default_text(requests):
    session = ReportSession(OFFICE, 2015)
    assert session.fmt == FORMAT_2021 and not session.final and session.editable and not session.is_dirty()
    assert session.report.version == 0 and session.narrative.sections[0].heading == "一、总体情况"
    assert session.figures["依申请公开申请数"] == 3
    assert set(session.supplements) and not any(session.supplements.values())


def test_typed_text_is_unsaved_until_saved_and_loading_drops_it(requests):
    session = ReportSession(OFFICE, 2015)
    typed(session, 4, "下一步将加强政策解读。")
    assert session.is_dirty()
    session.load()
    assert not session.is_dirty() and session.narrative.sections[4].blocks != ["下一步将加强政策解读。"]
    typed(session, 4, "下一步将加强政策解读。")
    assert session.save() and not session.is_dirty()
    assert store.load(2015, FORMAT_2021).narrative.sections[4].blocks == ["下一步将加强政策解读。"]
    assert audit_actions() == ["修改"]
    assert session.save() and audit_actions() == ["修改"]  # nothing new: nothing written


def test_a_supplementary_figure_counts_as_typed_and_is_saved_with_its_own_audit_entry(catalogue):
    session = ReportSession(OFFICE, 2015, FORMAT_LEGACY)
    assert any("网站访问量" in c.message for c in session.run_checks())
    typed(session, 0, session.narrative.sections[0].text, 网站访问量="12a")  # not a number: still missing
    assert "网站访问量" not in session.current_figures()
    typed(session, 0, session.narrative.sections[0].text, 网站访问量="123456")
    assert session.current_figures()["网站访问量"] == 123456 and "网站访问量" not in session.figures
    assert not any("网站访问量" in c.message for c in session.run_checks())
    assert session.save()
    assert store.supplements_of(2015) == {"网站访问量": "123456"} and session.figures["网站访问量"] == 123456
    entries = AuditEntry.select().where(AuditEntry.register == "report")
    assert {e.record_label for e in entries} == {"2015年度补充数据", f"2015年度报告（{FORMAT_LEGACY}）"}


def test_the_preview_shows_what_is_typed_and_the_export_what_is_stored(requests):
    session = ReportSession(OFFICE, 2015)
    typed(session, 4, "尚未保存的文字。")
    assert session.preview_input().narrative.sections[4].blocks == ["尚未保存的文字。"]
    assert session.stored_input().narrative.sections[4].blocks != ["尚未保存的文字。"]
    assert session.printed_title() == "常德经济技术开发区2015年政府信息公开工作年度报告"


def test_an_unknown_placeholder_blocks_freezing_and_nothing_is_frozen(requests):
    session = ReportSession(OFFICE, 2015)
    typed(session, 0, session.narrative.sections[0].text + "\n{窗口办件}")
    with pytest.raises(FreezeRefused) as refused:
        session.freeze()
    assert any("{窗口办件}" in e for e in refused.value.errors) and "不能定稿" in refused.value.message
    assert not store.load(2015, FORMAT_2021).final
    assert audit_actions() == ["修改"]  # saved first, as the page does, but not frozen


def test_freezing_fixes_the_figures_and_the_draft_no_longer_follows_the_registers(requests):
    session = ReportSession(OFFICE, 2015)
    assert session.follows_registers
    session.freeze()
    assert session.final and not session.editable and not session.follows_registers
    assert session.report.frozen_by == "gkb" and audit_actions() == ["定稿"]
    disclosure("2015-06-01", "2015-06-20", "予以公开")
    session.refresh_figures()
    assert session.figures["依申请公开申请数"] == 3
    assert ReportSession(LEADER, 2015).figures["依申请公开申请数"] == 3
    typed(session, 4, "定稿后不能改")
    assert not session.is_dirty() and not session.save()
    with pytest.raises(DomainError, match="已经定稿"):
        session.freeze()


def test_a_draft_follows_the_registers(requests):
    session = ReportSession(OFFICE, 2015)
    disclosure("2015-06-01", "2015-06-20", "予以公开")
    session.refresh_figures()
    assert session.figures["依申请公开申请数"] == 4


def test_only_an_administrator_reopens_and_only_with_a_reason(requests):
    ReportSession(OFFICE, 2015).freeze()
    office = ReportSession(OFFICE, 2015)
    assert not office.can_reopen
    with pytest.raises(NotAllowed, match="管理员"):
        office.reopen("想改一下")
    admin = ReportSession(ADMIN, 2015)
    assert admin.can_reopen
    with pytest.raises(DomainError, match="原因"):
        admin.reopen("  ")
    admin.reopen("表三数字有误")
    assert not admin.final and admin.editable
    entry = AuditEntry.select().where(AuditEntry.action == "重新打开").get()
    assert entry.username == "admin" and "表三数字有误" in entry.changes
    with pytest.raises(DomainError, match="尚未定稿"):
        admin.reopen("再来一次")


def test_a_leader_reads_but_cannot_save_or_freeze(requests):
    session = ReportSession(LEADER, 2015)
    assert not session.can_edit and not session.editable and not session.can_reopen
    typed(session, 4, "领导的修改")
    assert not session.is_dirty() and not session.save()
    with pytest.raises(NotAllowed, match="公开办或管理员"):
        session.freeze()
    assert audit_actions() == [] and not store.load(2015, FORMAT_2021).final


def test_switching_year_and_format_loads_that_report(requests):
    session = ReportSession(OFFICE, 2015)
    typed(session, 4, "2015年的修改")
    session.save()
    session.load(2016, "legacy")
    assert (session.year, session.fmt) == (2016, FORMAT_LEGACY) and session.figures["依申请公开申请数"] == 0
    session.load(2015, FORMAT_2021)
    assert session.narrative.sections[4].blocks == ["2015年的修改"]
