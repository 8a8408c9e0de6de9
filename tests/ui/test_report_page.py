"""The 年度报告 page: live checks, placeholders, drafts, 定稿 with its frozen figures, reopening, preview, exports."""

from __future__ import annotations

import threading

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QPlainTextEdit

from desktop.db.audit import AuditEntry
from desktop.domain import vocab
from desktop.registers import REGISTERS, SYSTEM, Actor
from desktop.report import store
from desktop.report.labels import FORMAT_2021, FORMAT_LEGACY
from desktop.ui import background
from desktop.ui.pages.report_page import ReportPage
from desktop.ui.report.checks_panel import describe_cell
from desktop.ui.report.figures_menu import group_of
from desktop.ui.signals import signals

ADMIN = Actor("admin", vocab.ROLE_ADMIN)
OFFICE = Actor("gkb", vocab.ROLE_OFFICE)
LEADER = Actor("leader", vocab.ROLE_LEADER)


@pytest.fixture(autouse=True)
def synchronous(monkeypatch):
    """Background work runs inline, so a test sees the preview and exports as soon as it asks for them."""
    monkeypatch.setattr(background, "SYNCHRONOUS", True)


def disclosure(received: str, reply: str | None = None, outcome: str | None = None, kind: str = "自然人"):
    values = {
        "channel": "网络平台",
        "arrived_date": received,
        "received_date": received,
        "applicant_type": kind,
        "applicant": f"申请人{received}",
        "content": "某项政府信息",
    }
    if reply:
        values.update(status="已办结", reply_date=reply, outcome=outcome)
    return REGISTERS["disclosure"].save(values, SYSTEM)[0]


@pytest.fixture
def requests(catalogue):
    """Two requests concluded in 2015 and one still open long past its deadline."""
    disclosure("2015-03-02", "2015-03-18", "予以公开")
    disclosure("2015-05-05", "2015-05-25", "本机关不掌握相关政府信息", kind="商业企业")
    return disclosure("2015-12-01")


def open_page(qtbot, actor=OFFICE, year=2015) -> ReportPage:
    page = ReportPage(actor, year=year)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def section_edit(page: ReportPage, index: int = 0) -> QPlainTextEdit:
    page.editor.show_part(index + 2)
    return page.editor.section_edits[index]


def answer_yes(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


# -- checks and placeholders ----------------------------------------------------------------------------------


def test_page_shows_the_checks_with_what_they_involve(qtbot, requests):
    page = open_page(qtbot)
    assert page.fmt == FORMAT_2021 and page.year == 2015
    texts = page.checks_panel.texts()
    overdue = [t for t in texts if "超过法定期限" in t]
    assert overdue and requests.number in overdue[0] and overdue[0].startswith("⚠ 提醒")
    assert "1 个提醒" in page.checks_panel.summary.text()
    assert "草稿" in page.status_label.text()


def test_inserting_a_figure_puts_its_placeholder_at_the_cursor(qtbot, requests):
    page = open_page(qtbot)
    edit = section_edit(page)
    edit.setPlainText("全年受理件。")
    cursor = edit.textCursor()
    cursor.setPosition(len("全年受理"))
    edit.setTextCursor(cursor)
    action = page.figures_menu.action_for("窗口办件数")
    assert action is not None and "＝" in action.text()  # listed with its current value
    action.trigger()
    assert edit.toPlainText() == "全年受理{窗口办件数}件。"
    assert edit.textCursor().position() == len("全年受理{窗口办件数}")
    page.refresh_checks()
    assert not [c for c in page.checks if c.level == "error"]


def test_an_unknown_placeholder_is_an_error_naming_the_closest_figure(qtbot, requests):
    page = open_page(qtbot)
    edit = section_edit(page)
    edit.appendPlainText("全年受理{窗口办件} 件。")
    qtbot.waitUntil(lambda: any("{窗口办件}" in t for t in page.checks_panel.texts()), timeout=3000)
    error = next(t for t in page.checks_panel.texts() if "{窗口办件}" in t)
    assert error.startswith("✖ 错误") and "{窗口办件数}" in error
    assert "1 个错误" in page.checks_panel.summary.text()
    # The check's link selects the unknown placeholder in its paragraph.
    page.editor.show_part(0)
    page.checks_panel.activate(next(i for i, t in enumerate(page.checks_panel.texts()) if "{窗口办件}" in t))
    assert page.editor.stack.currentIndex() == 2
    assert edit.textCursor().selectedText() == "{窗口办件}"


def test_supplementary_figure_is_typed_on_the_basic_page_and_saved(qtbot, catalogue):
    page = open_page(qtbot)
    page.format_combo.setCurrentText(FORMAT_LEGACY)
    assert page.fmt == FORMAT_LEGACY
    assert any("网站访问量" in t and "基本信息" in t for t in page.checks_panel.texts())
    page.editor.show_part(3)
    page.checks_panel.activate(0)  # 去填写: the field of the supplementary figure
    assert page.editor.stack.currentIndex() == 0
    page.editor.supplement_edits["网站访问量"].setText("123456")
    page.refresh_checks()
    assert not any("网站访问量" in t for t in page.checks_panel.texts())
    assert page.save()
    assert store.supplements_of(2015) == {"网站访问量": "123456"}
    assert page.figures["网站访问量"] == 123456


# -- drafts --------------------------------------------------------------------------------------------------


def test_saving_a_draft_persists_and_a_reload_shows_the_edit(qtbot, requests):
    page = open_page(qtbot)
    edit = section_edit(page, 4)
    edit.setPlainText("下一步将加强政策解读。\n（一）加强培训。组织一次业务培训。")
    assert page.is_dirty() and page.save_button.isEnabled()
    assert "未保存" in page.status_label.text()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not page.is_dirty() and "已保存" in page.status_label.text() and not page.save_button.isEnabled()
    stored = store.load(2015, FORMAT_2021)
    assert stored.narrative.sections[4].blocks == ["下一步将加强政策解读。", "（一）加强培训。组织一次业务培训。"]
    again = open_page(qtbot)
    assert again.editor.section_edits[4].toPlainText() == "下一步将加强政策解读。\n（一）加强培训。组织一次业务培训。"


def test_switching_format_with_unsaved_edits_asks_and_discarding_drops_them(qtbot, requests, no_blocking_dialogs):
    page = open_page(qtbot)
    section_edit(page).setPlainText("改过的文字")
    page.format_combo.setCurrentText(FORMAT_LEGACY)  # the test double answers 不保存
    assert no_blocking_dialogs == ["question"]
    assert page.fmt == FORMAT_LEGACY and not page.is_dirty()
    page.format_combo.setCurrentText(FORMAT_2021)
    assert page.editor.section_edits[0].toPlainText() != "改过的文字"


def test_a_draft_follows_the_registers(qtbot, requests):
    page = open_page(qtbot)
    before = page.figures["依申请公开申请数"]
    disclosure("2015-06-01", "2015-06-20", "予以公开")
    signals.records_changed.emit("disclosure")
    assert page.figures["依申请公开申请数"] == before + 1


# -- 定稿 and reopening ---------------------------------------------------------------------------------------


def test_freeze_without_errors_fixes_the_figures(qtbot, requests, monkeypatch):
    answer_yes(monkeypatch)
    page = open_page(qtbot)
    before = page.figures["依申请公开申请数"]
    table3 = [list(r) for r in page.figures["table3"]]
    assert page.freeze()
    assert page.report.final and "定稿" in page.status_label.text() and "gkb" in page.status_label.text()
    assert page.editor.section_edits[0].isReadOnly() and not page.freeze_button.isEnabled()
    assert not page.insert_button.isEnabled()
    disclosure("2015-06-01", "2015-06-20", "予以公开")
    signals.records_changed.emit("disclosure")
    assert page.figures["依申请公开申请数"] == before
    reloaded = open_page(qtbot)
    assert reloaded.figures["依申请公开申请数"] == before and reloaded.figures["table3"] == table3
    assert store.live_figures(2015)["依申请公开申请数"] == before + 1


def test_freeze_is_refused_while_an_error_stands(qtbot, requests, monkeypatch, no_blocking_dialogs):
    answer_yes(monkeypatch)
    page = open_page(qtbot)
    section_edit(page).appendPlainText("{窗口办件}")
    assert not page.freeze()
    assert not store.load(2015, FORMAT_2021).final and not page.report.final
    assert "不能定稿" in page.message_label.text()
    assert not page.editor.section_edits[0].isReadOnly()


def test_admin_reopens_a_frozen_report_with_a_reason(qtbot, requests, monkeypatch):
    answer_yes(monkeypatch)
    assert open_page(qtbot).freeze()
    page = open_page(qtbot, ADMIN)
    assert page.reopen_button.isVisible() and page.reopen_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("表三数字有误", True))
    assert page.reopen()
    assert not page.report.final and "草稿" in page.status_label.text()
    assert not page.editor.section_edits[0].isReadOnly()
    entry = AuditEntry.select().where(AuditEntry.action == "重新打开").get()
    assert entry.username == "admin" and "表三数字有误" in entry.changes


def test_reopen_by_a_non_admin_is_refused(qtbot, requests, monkeypatch):
    answer_yes(monkeypatch)
    page = open_page(qtbot)
    assert page.freeze()
    assert not page.reopen_button.isVisible()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("想改一下", True))
    assert not page.reopen()
    assert "管理员" in page.message_label.text()
    assert store.load(2015, FORMAT_2021).final


def test_leader_reads_but_cannot_edit(qtbot, requests):
    page = open_page(qtbot, LEADER)
    assert page.editor.section_edits[0].isReadOnly() and page.editor.title_edit.isReadOnly()
    assert not page.save_button.isVisible() and not page.freeze_button.isVisible()
    assert not page.insert_button.isVisible() and not page.reopen_button.isVisible()
    assert page.pdf_button.isVisible() and page.excel_button.isVisible()
    assert not page.save()


# -- preview and exports --------------------------------------------------------------------------------------


def test_preview_shows_the_pages_as_images(qtbot, requests):
    page = open_page(qtbot)
    assert page.preview.page_count() >= 1
    pixmap = page.preview.labels[0].pixmap()
    assert not pixmap.isNull() and pixmap.height() > pixmap.width()  # an A4 page, upright
    assert f"共 {page.preview.page_count()} 页" in page.preview.status.text()


def test_preview_follows_an_edit(qtbot, requests):
    page = open_page(qtbot)
    pages = page.preview.page_count()
    section_edit(page, 4).setPlainText("\n".join(["很长的一段文字。" * 40] * 12))
    qtbot.waitUntil(lambda: page.preview.page_count() > pages, timeout=5000)


def test_export_pdf_and_tables(qtbot, requests, tmp_path):
    page = open_page(qtbot)
    section_edit(page, 4).setPlainText("导出前的修改。")
    page.export_pdf_to(tmp_path / "report.pdf")
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    assert not page.is_dirty()  # exported as stored: the edit was saved first
    assert "已导出PDF" in page.message_label.text()
    page.export_tables_to(tmp_path / "tables.xlsx")
    book = load_workbook(tmp_path / "tables.xlsx")
    assert book.sheetnames == ["表二", "表三", "表四"]
    ws = book["表三"]
    assert ws.cell(6, 1).value == "一、本年新收政府信息公开申请数量" and ws.cell(6, 10).value == 3
    assert "2015年政府信息公开工作年度报告" in ws["A1"].value


def test_export_to_an_unwritable_place_is_explained(qtbot, requests, tmp_path):
    page = open_page(qtbot)
    page.export_tables_to(tmp_path / "missing" / "tables.xlsx")
    assert "无法写入文件" in page.message_label.text()


def test_cells_read_as_a_clerk_finds_them_and_figures_are_grouped():
    assert describe_cell(("table3", "r3_4", "科研机构")) == "表三“4.保护第三方合法权益”行“科研机构”列"
    assert describe_cell(("table4", "复议后起诉", "总计")) == "表四“复议后起诉”的“总计”"
    assert describe_cell(("figure", "收费通知件数")) == "数字{收费通知件数}"
    assert group_of("窗口咨询人次") == "咨询与留言" and group_of("窗口办件数") == "政务服务中心窗口"
    assert group_of("信息处理费情况").startswith("成段文字") and group_of("网站访问量").startswith("补充数字")
    assert group_of("将来新增的数字") == "其他"


def test_hovering_a_placeholder_names_its_value(qtbot, requests):
    page = open_page(qtbot)
    edit = section_edit(page)
    assert edit.placeholder_at("共{窗口办件数|约千}件", 3) == "窗口办件数|约千"
    assert edit.placeholder_at("共{窗口办件数}件", 0) is None
    assert edit.highlighter.values["依申请公开申请数"] == "3"
    assert page.editor.title_preview.text() == "打印为：常德经济技术开发区2015年政府信息公开工作年度报告"


# -- the background helper ------------------------------------------------------------------------------------


def test_run_in_background_returns_on_the_gui_thread(qtbot, monkeypatch):
    monkeypatch.setattr(background, "SYNCHRONOUS", False)
    gui = threading.get_ident()
    results: list[tuple[int, int]] = []
    failures: list[tuple[str, int]] = []
    background.run_in_background(
        threading.get_ident,
        lambda worker: results.append((worker, threading.get_ident())),
        lambda exc, details: None,
        label=None,
    )
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    worker, delivered = results[0]
    assert worker != gui and delivered == gui

    def boom():
        raise ValueError("坏了")

    background.run_in_background(
        boom, lambda _: None, lambda exc, details: failures.append((str(exc), threading.get_ident())), label="测试中…"
    )
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert failures == [("坏了", gui)]
    assert not background.busy()
