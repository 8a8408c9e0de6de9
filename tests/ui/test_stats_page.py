"""The 统计 page on the 2015 demo: tables, charts, the table 三 check, and a double-click that opens the register
list filtered to exactly the records the number counts; a 窗口人员 sees only their unit's figures."""

from __future__ import annotations

import os
import shutil

import pytest

from desktop.domain import vocab
from desktop.registers import Actor
from desktop.report.stats.period import Span


@pytest.fixture
def demo_db(demo_database, tmp_path):
    from desktop.db import close_db, init_db

    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_database[0], path)
    init_db(path)
    yield path
    close_db()


def _shot(widget, name, size):
    folder = os.environ.get("ZWGK_SHOTS")
    if folder:
        widget.resize(*size)
        widget.grab().save(os.path.join(folder, f"{name}-{size[0]}x{size[1]}.png"))


def test_stats_page_drills_down_to_the_counted_records(demo_db, qtbot):
    from desktop.ui.main_window import MainWindow

    window = MainWindow(Actor("leader", vocab.ROLE_LEADER), "test")
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("stats")
    page.set_span(Span.of_month(2015, 3))
    assert page.tabs.count() == 4 and page.tabs.tabText(0) == "窗口办件"
    for size in ((1280, 800), (1920, 1080)):
        window.resize(*size)
        _shot(window, "stats-window", size)
    total = page.stats.results["窗口办件"].total
    names = list(total)
    register, title, condition = page.drill("窗口办件", "合计", names.index("办结数"), "数值")
    page.open_records(register, title, condition)
    lst = window.pages["window"]
    assert window.stack.currentWidget() is lst and lst.drill_label.isVisible()
    assert lst.model.total == total["办结数"] == 1246
    # A unit's row of 按单位, the 按月 row, and the way back to the whole register.
    units = page.stats.results["窗口办件"].breakdowns["按单位"]
    page.open_records(*page.drill("窗口办件", "按单位", 0, "受理数"))
    assert lst.model.total == units[0]["受理数"]
    page.open_records(*page.drill("热线工单", "按月", 0, "受理量"))
    tickets = window.pages["hotline"].widget(0)
    assert tickets.model.total == page.stats.results["热线工单"].by_month[0]["受理量"]
    lst.show_records("", None)
    assert not lst.drill_label.isVisible() and lst.model.total > 1246
    window.show_page("stats")
    page.tabs.setCurrentIndex(2)
    _shot(window, "stats-hotline", (1280, 800))


def test_the_year_shows_the_check_against_table_3(demo_db, qtbot):
    from desktop.ui.pages.stats_page import StatsPage

    page = StatsPage(Actor("admin", vocab.ROLE_ADMIN))
    qtbot.addWidget(page)
    page.set_span(Span.of_year(2015))
    assert page.stats.checks and "一致" in page.check_label.text() and "不一致" not in page.check_label.text()
    assert page.tables[("窗口办件", "按月")].model().rowCount() == 12


def test_a_window_clerk_sees_only_their_unit(demo_db, qtbot):
    from desktop.db.models import Unit
    from desktop.ui.pages.stats_page import StatsPage

    unit = Unit.get(Unit.name == "区供水公司")
    page = StatsPage(Actor("clerk", vocab.ROLE_WINDOW, unit.id))
    qtbot.addWidget(page)
    page.set_span(Span.of_month(2015, 3))
    assert [r["单位"] for r in page.stats.results["窗口办件"].breakdowns["按单位"]] == ["区供水公司"]
    assert page.stats.results["窗口办件"].total["受理数"] == 52


def test_every_cell_of_the_annual_tables_opens_its_records(demo_db, qtbot):
    from desktop.ui.main_window import MainWindow
    from desktop.ui.pages.annual_tables import AnnualTables

    window = MainWindow(Actor("admin", vocab.ROLE_ADMIN), "test")
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("stats")
    page.set_span(Span.of_year(2015))
    tables = page.annual_tables
    assert isinstance(tables, AnnualTables) and page.tabs.tabText(page.tabs.count() - 1) == "表二、表三、表四"
    row = [tables.table2.verticalHeaderItem(r).text() for r in range(tables.table2.rowCount())].index("行政许可")
    licences = int(tables.table2.item(row, 0).text())
    assert licences > 0
    tables.open_cell("表二", row, 0)  # what a double-click does: through the app-wide signal
    assert window.pages["window"].model.total == licences
    tables.open_cell("表三", 0, 6)
    assert window.pages["disclosure"].model.total == int(tables.table3.item(0, 6).text())
    page.tabs.setCurrentWidget(tables)
    window.show_page("stats")
    tables.setCurrentIndex(1)
    _shot(window, "stats-tables", (1280, 800))
    # The report page offers the same grids in a dialog.
    report = window.show_page("report")
    report.records_button.click()
    assert report._records_dialog.isVisible()
    report._records_dialog.close()


def test_the_bulletin_commentary_is_edited_before_printing(demo_db, qtbot, tmp_path, monkeypatch):
    import pdfplumber
    from PySide6.QtWidgets import QDialog, QFileDialog

    from desktop.ui.pages.stats_page import StatsPage

    page = StatsPage(Actor("admin", vocab.ROLE_ADMIN))
    qtbot.addWidget(page)
    page.set_span(Span.of_month(2015, 3))
    target = tmp_path / "通报.pdf"

    def edit_and_accept(dialog):
        page.commentary_edit.setPlainText(page.commentary_edit.toPlainText() + "请各单位对照整改。")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QDialog, "exec", edit_and_accept)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.pdf_button.click()
    with pdfplumber.open(target) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages).replace("\n", "")
    assert "受理办件1321件" in text and "请各单位对照整改。" in text


def test_settings_dialog_stores_the_choices_and_is_for_admin_and_office(demo_db, qtbot, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from desktop.report.stats.settings import SATISFIED_NARROW, load_settings
    from desktop.ui.pages.stats_page import StatsPage

    leader = StatsPage(Actor("leader", vocab.ROLE_LEADER))
    qtbot.addWidget(leader)
    assert leader.settings_button.isHidden()
    page = StatsPage(Actor("office", vocab.ROLE_OFFICE))
    qtbot.addWidget(page)

    def choose(dialog):
        dialog.satisfied.setCurrentText(SATISFIED_NARROW)
        dialog.days["差评整改工作日"].setValue(10)
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(QDialog, "exec", choose)
    page.settings_button.click()
    assert load_settings().满意率口径 == SATISFIED_NARROW and load_settings().差评整改工作日 == 10


def test_a_long_list_of_units_stays_short_in_its_cell_so_the_numbers_stay_on_screen(qtbot):
    """本期无业务单位 listed whole made the 合计 table's value column so wide that the numbers (right-aligned) were
    off screen in a month without business."""
    from PySide6.QtCore import Qt

    from desktop.ui.pages.stats_page import RowsModel

    units = [f"单位{i}" for i in range(15)]
    model = RowsModel([{"指标": "收件数", "数值": 0}, {"指标": "本期无业务单位", "数值": units}])
    assert model.data(model.index(0, 1)) == "0"
    shown = model.data(model.index(1, 1))
    assert shown == "15个：单位0、单位1、单位2……"
    assert model.data(model.index(1, 1), Qt.ItemDataRole.ToolTipRole) == "、".join(units)
