"""The annual report as kept in the database: drafts, supplementary figures, 定稿 snapshots, reopening."""

from __future__ import annotations

import subprocess

import pytest

from desktop.db.audit import AuditEntry
from desktop.domain import vocab
from desktop.domain.errors import DomainError
from desktop.registers import REGISTERS, SYSTEM, Actor, NotAllowed
from desktop.report import store
from desktop.report.figures import T3_KEYS

OFFICE = Actor("公开办", vocab.ROLE_OFFICE)
NEW = T3_KEYS.index("new")


def _request(received="2015-03-02", **extra):
    values = {
        "channel": "当面",
        "arrived_date": received,
        "applicant_type": "自然人",
        "applicant": "陈明",
        "content": "征地补偿标准",
    }
    values.update(extra)
    return REGISTERS["disclosure"].save(values, SYSTEM)[0]


def test_a_new_year_starts_from_the_default_narrative(db):
    report = store.load(2015, "2021")
    assert report.fmt == "2021年版格式" and not report.final and report.version == 0
    assert [s.heading for s in report.narrative.sections][0] == "一、总体情况"


def test_draft_is_saved_and_audited(db):
    report = store.load(2015, "2021")
    report.narrative.sections[4] = report.narrative.sections[4].from_text(
        "五、存在的主要问题及改进情况", "公开栏更新不及时。"
    )
    version = store.save_draft(2015, "2021", report.narrative, OFFICE, expected_version=report.version)
    again = store.load(2015, "2021")
    assert again.version == version and again.narrative.sections[4].text == "公开栏更新不及时。"
    assert AuditEntry.select().where(AuditEntry.register == "report").count() == 1
    with pytest.raises(NotAllowed):
        store.save_draft(2015, "2021", report.narrative, Actor("x", vocab.ROLE_HOTLINE))


def test_freeze_keeps_the_figures_and_reopen_needs_an_administrator(db):
    _request()
    store.freeze(2015, "2021", OFFICE)
    frozen = store.load(2015, "2021")
    assert frozen.final and frozen.frozen_by == "公开办"
    assert store.figures_for(frozen)["table3"][NEW][6] == 1
    _request("2015-06-01")  # entered after publication
    assert store.figures_for(store.load(2015, "2021"))["table3"][NEW][6] == 1
    assert store.live_figures(2015)["table3"][NEW][6] == 2
    with pytest.raises(DomainError):
        store.save_draft(2015, "2021", frozen.narrative, OFFICE)
    with pytest.raises(NotAllowed):
        store.reopen(2015, "2021", OFFICE, "数字有误")
    with pytest.raises(DomainError):
        store.reopen(2015, "2021", SYSTEM, " ")
    store.reopen(2015, "2021", SYSTEM, "补录遗漏的申请")
    reopened = store.load(2015, "2021")
    assert not reopened.final and store.figures_for(reopened)["table3"][NEW][6] == 2
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.register == "report")]
    assert actions == ["定稿", "重新打开"]


def test_freeze_is_refused_while_a_hard_error_stands(db):
    # The legacy narrative needs 网站访问量, which no register holds.
    with pytest.raises(DomainError, match="网站访问量"):
        store.freeze(2015, "legacy", OFFICE)
    store.set_supplement(2015, "网站访问量", "15000", OFFICE)
    store.freeze(2015, "legacy", OFFICE)
    assert store.figures_for(store.load(2015, "legacy"))["网站访问量"] == 15000
    with pytest.raises(DomainError):
        store.set_supplement(2015, "窗口办件数", "1", OFFICE)


def test_carried_over_differs_from_last_years_frozen_report_is_a_warning(db):
    _request("2014-12-29")  # open at the end of 2014
    store.freeze(2014, "2021", OFFICE)
    REGISTERS["disclosure"].void(REGISTERS["disclosure"].select().get().id, "误录", SYSTEM)
    checks = store.run_checks(store.load(2015, "2021"))
    assert any(c.level == "warning" and "结转" in c.message for c in checks)


def test_overdue_open_requests_are_a_warning(db):
    _request("2015-03-02")
    checks = store.run_checks(store.load(2015, "2021"), today=__import__("datetime").date(2015, 12, 31))
    assert any(c.level == "warning" and "2015-001" in c.message for c in checks)


def test_cli_report_writes_a_pdf_with_the_chinese_extractable(tmp_path):
    db = tmp_path / "r.sqlite3"
    out = tmp_path / "报告.pdf"
    from desktop.cli import main
    from desktop.db import close_db

    assert main(["--db", str(db), "report", "--year", "2015", "-o", str(out)]) == 0
    close_db()
    assert out.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "三、收到和处理政府信息公开申请情况" in text


def test_a_frozen_report_keeps_and_prints_the_chain_head(db, tmp_path):
    from desktop.db import audit
    from desktop.domain.anchors import parse_anchor
    from desktop.registers.replay import verify_records

    _request()
    assert store.frozen_anchor(store.load(2015, "2021")) is None
    store.freeze(2015, "2021", OFFICE)
    head = audit.current_head()
    frozen = store.load(2015, "2021")
    anchor = store.frozen_anchor(frozen)
    assert anchor == head  # the 定稿 entry itself
    assert AuditEntry.get_by_id(anchor.id).action == "定稿"
    out = tmp_path / "定稿.pdf"
    pages = store.build_pdf(2015, "2021", out)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert text.count(f"审计链：第{anchor.id}条 {anchor.hash[:16]}") == pages
    _request("2015-06-01")  # later entries leave the printed head where it was, and it still verifies
    ok, message = audit.check_anchor(parse_anchor(f"{anchor.id}:{anchor.hash[:16]}"), "定稿报告上印的")
    assert ok, message
    assert verify_records().ok
    store.reopen(2015, "2021", SYSTEM, "补录遗漏的申请")
    draft = tmp_path / "草稿.pdf"
    store.build_pdf(2015, "2021", draft)
    assert "审计链" not in subprocess.run(["pdftotext", str(draft), "-"], capture_output=True, text=True).stdout
