"""What the declarations decide in the GUI: the list's filters and the values 保存并新建 carries over are field
flags; the navigation and each role's pages come from the registers and match the README's table; the form shows a
catalogue record as its catalogue declares; the list pane and the record pane each work on their own."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop.db.models import DISCLOSURE, UNITS
from desktop.domain import vocab
from desktop.registers import ALL, REGISTERS, SYSTEM, Actor
from desktop.ui import main_window
from desktop.ui.list_pane import ListPane
from desktop.ui.record_pane import RecordPane
from desktop.ui.register_page import RegisterPage

ADMIN = Actor("admin", vocab.ROLE_ADMIN)
README = Path(__file__).resolve().parents[2] / "README.md"
REQUEST = {"channel": "当面", "arrived_date": "20150925", "applicant_type": "自然人", "applicant": "陈明"}
REQUEST |= {"content": "2015年征地补偿标准"}


def _flag(monkeypatch, decl, name: str, **flags) -> None:
    fields = tuple(dataclasses.replace(f, **flags) if f.name == name else f for f in decl.fields)
    monkeypatch.setattr(decl, "fields", fields)


def _fill(page: RegisterPage, values: dict[str, str]) -> None:
    for name, text in values.items():
        editor = page.form.editors[name]
        if hasattr(editor, "combo"):
            editor.combo.setCurrentIndex(editor.combo.findText(text))
        elif hasattr(editor.edit, "setPlainText"):
            editor.edit.setPlainText(text)
        else:
            editor.edit.setText(text)


def test_a_field_flagged_as_a_filter_appears_in_the_lists_filters(catalogue, qtbot, monkeypatch):
    page = RegisterPage(ALL["disclosure"], ADMIN)
    qtbot.addWidget(page)
    assert list(page.filters) == ["status"]
    _flag(monkeypatch, DISCLOSURE, "channel", list_filter=True)
    page = RegisterPage(ALL["disclosure"], ADMIN)
    qtbot.addWidget(page)
    assert list(page.filters) == ["channel", "status"]
    assert page.filters["channel"].itemText(0) == "全部申请方式"
    ALL["disclosure"].save({**REQUEST, "received_date": "20150925"}, SYSTEM)
    ALL["disclosure"].save({**REQUEST, "channel": "传真", "received_date": "20150926"}, SYSTEM)
    page.refresh()
    assert page.model.total == 2
    page.filters["channel"].setCurrentIndex(page.filters["channel"].findText("传真"))
    assert page.model.total == 1


def test_a_field_flagged_carry_over_is_kept_in_the_next_blank_form(catalogue, qtbot, monkeypatch):
    _flag(monkeypatch, DISCLOSURE, "content", carry_over=True)
    page = RegisterPage(ALL["disclosure"], ADMIN)
    qtbot.addWidget(page)
    _fill(page, REQUEST)
    assert page.save(open_new=True), page.form.banner.text()
    assert page.form.record_id is None
    assert page.form.editors["content"].raw() == REQUEST["content"]  # flagged here
    assert page.form.editors["channel"].raw() == "当面"  # declared carry_over
    assert page.form.editors["applicant"].raw() == ""  # not carried


def _readme_pages() -> dict[str, tuple[str, ...]]:
    """The README's table of what each role sees, as page titles in navigation order."""
    table = README.read_text(encoding="utf-8").split("| role | pages |")[1].split("\n\n")[0]
    every = tuple(main_window.PAGES.values())
    out = {}
    for row in table.strip().splitlines()[1:]:
        role, pages = (cell.strip() for cell in row.strip("|").split("|"))
        if pages.startswith("everything except"):
            left_out = re.findall(r"[\u4e00-\u9fff]+", pages.split(",")[0])
            out[role] = tuple(t for t in every if t not in left_out)
        elif pages.startswith("everything"):
            out[role] = every
        else:
            titles = [re.sub(r"\s*\(.*?\)", "", p).split(" and ")[0].strip() for p in pages.split(",")]
            out[role] = tuple(t for t in every if t in titles)
            assert len(out[role]) == len(titles), (role, titles)
    return out


def test_role_pages_derived_from_the_registers_equal_the_readme_table():
    derived = {role: tuple(main_window.PAGES[k] for k in keys) for role, keys in main_window.ROLE_PAGES.items()}
    assert derived == _readme_pages()
    own = [r.decl.title for r in REGISTERS.values() if r.page is None]
    assert list(main_window.PAGES.values())[1 : 1 + len(own)] == own
    assert not hasattr(main_window, "CATALOGUE_TABS")


def test_a_register_that_lets_a_role_read_it_shows_in_that_roles_navigation(monkeypatch):
    monkeypatch.setattr(type(REGISTERS["appeals"]), "read_roles", (vocab.ROLE_LEADER, vocab.ROLE_HOTLINE))
    pages, roles = main_window._navigation()
    assert "appeals" in roles[vocab.ROLE_HOTLINE] and "appeals" not in roles[vocab.ROLE_WINDOW]


@pytest.mark.parametrize("role", vocab.ROLES)
def test_the_main_window_navigation_shows_each_roles_pages(db, qtbot, tmp_path, monkeypatch, role):
    monkeypatch.setattr(main_window, "settings", lambda: QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = main_window.MainWindow(Actor("someone", role), "test")
    qtbot.addWidget(window)
    shown = tuple(window.nav.item(i).text() for i in range(window.nav.count()))
    assert shown == _readme_pages()[role]


def test_the_duty_log_opens_on_its_tab_beside_the_tickets(catalogue, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(main_window, "settings", lambda: QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    record, _ = ALL["duty"].save({"date": "20150930", "shift": "夜班", "operators": "周强"}, SYSTEM)
    window = main_window.MainWindow(ADMIN, "test")
    qtbot.addWidget(window)
    window.open_record("duty", record.id)
    tabs = window.page("hotline")
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["热线工单", "值班记录"]
    assert tabs.currentIndex() == 1 and tabs.currentWidget().form.record_id == record.id


def test_the_form_shows_a_catalogue_record_as_its_catalogue_declares(catalogue, qtbot, monkeypatch):
    record, _ = ALL["window"].save(
        {"item": "GS-001", "applicant": "张三", "received_at": "20150930 0900", "status": "收件"}, SYSTEM
    )
    monkeypatch.setattr(UNITS, "display", "code")
    page = RegisterPage(ALL["window"], ADMIN)
    qtbot.addWidget(page)
    page.open_record(record.id)
    assert page.form.computed["unit"].text() == "GS"  # a computed reference: the unit of the item


def test_the_list_pane_lists_searches_and_says_when_its_query_changes(catalogue, qtbot):
    for applicant in ("陈明", "李华"):
        ALL["disclosure"].save({**REQUEST, "applicant": applicant, "received_date": "20150925"}, SYSTEM)
    pane = ListPane(ALL["disclosure"], ADMIN)
    qtbot.addWidget(pane)
    pane.refresh()
    assert pane.model.total == 2 and pane.count_label.text() == "共 2 条"
    with qtbot.waitSignal(pane.query_changed):
        pane.search.setText("李华")
    pane.refresh()
    assert pane.model.total == 1


def test_the_record_pane_writes_and_shows_a_record_on_its_own(catalogue, qtbot):
    pane = RecordPane(ALL["contacts"], ADMIN)
    qtbot.addWidget(pane)
    pane.show_new()
    assert pane.title.text() == "新建咨询与留言"
    pane.form.editors["date"].edit.setText("20150302")
    pane.form.editors["count"].edit.setText("3")
    pane.form.editors["summary"].edit.setPlainText("咨询营业执照办理流程")
    record, _ = pane.write()
    pane.show_record(record.id)
    assert pane.record_id == record.id and "新建" in pane.history.toPlainText()
    carried = pane.carried_over(record)
    assert list(carried) == ALL["contacts"].decl.carried_over == ["date", "point", "unit", "channel", "type"]
    assert carried["channel"] == "当面" and str(carried["date"]) == "2015-03-02"
    leader = RecordPane(ALL["contacts"], Actor("领导", vocab.ROLE_LEADER))
    qtbot.addWidget(leader)
    leader.show_new()
    assert leader.write() is None and not leader.can_write
