"""The 工作台 and 审计日志 pages: the worklist opens records; the audit log filters, verifies and exports."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QTreeWidgetItem

from desktop.db.audit import AuditEntry
from desktop.domain import vocab
from desktop.registers import REGISTERS, SYSTEM, Actor
from desktop.registers import worklist as wl
from desktop.registers.catalogues import UNIT_REGISTER
from desktop.ui.pages.audit_page import AuditPage
from desktop.ui.pages.home_page import LEFT, NUMBER, HomePage
from desktop.ui.signals import signals

ADMIN = Actor("admin", vocab.ROLE_ADMIN)
HOTLINE = Actor("duty", vocab.ROLE_HOTLINE)


def overdue_ticket():
    values = {
        "called_at": "2015-09-30 20:15",
        "caller": "刘女士",
        "phone": "13907361234",
        "appeal_type": "投诉",
        "content": "德山大道夜间施工噪音扰民",
        "handling": "转办",
        "status": "已签收",
        "handler_unit": "城管局",
        "dispatched_at": "2015-09-30 21:00",
        "signed_at": "2015-10-08 09:00",
    }
    return REGISTERS["hotline"].save(values, SYSTEM)[0]  # due 2015-10-23


def rows_of(page: HomePage) -> list[QTreeWidgetItem]:
    tree = page.tree
    return [
        tree.topLevelItem(i).child(j)
        for i in range(tree.topLevelItemCount())
        for j in range(tree.topLevelItem(i).childCount())
    ]


# -- 工作台 -------------------------------------------------------------------------------------------------------


def test_home_page_lists_an_overdue_ticket_and_double_click_opens_it(qtbot, catalogue):
    record = overdue_ticket()
    opened = []
    page = HomePage(HOTLINE, lambda key, record_id: opened.append((key, record_id)), today=date(2015, 10, 27))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    heading = page.tree.topLevelItem(0)
    assert heading.text(0) == f"{wl.HOTLINE_OVERDUE}（1）"
    [row] = rows_of(page)
    assert row.text(NUMBER) == record.number and row.text(LEFT) == "已超期 2 个"
    assert row.foreground(LEFT).color().name() == "#c62828"
    assert "2015年10月27日" in page.greeting.text()
    centre = page.tree.visualItemRect(row).center()
    # QTest's double-click sends only the double-click event; the view wants the press before it.
    qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert opened == []
    qtbot.mouseDClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert opened == [("hotline", record.id)]
    # Enter opens the current record too.
    page.tree.setCurrentItem(row)
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert opened == [("hotline", record.id)] * 2


def test_home_page_says_when_there_is_nothing_to_do_and_refreshes_on_saves(qtbot, catalogue):
    page = HomePage(HOTLINE, lambda *_: None, today=date(2015, 10, 27))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.empty.isVisible() and page.empty.text() == "暂无待办事项"
    assert not page.tree.isVisible()
    overdue_ticket()
    signals.records_changed.emit("hotline")
    qtbot.waitUntil(lambda: page.tree.isVisible(), timeout=2000)
    assert len(rows_of(page)) == 1 and not page.empty.isVisible()


def test_calendar_warning_row_opens_the_holiday_calendar(qtbot, db):
    opened = []
    page = HomePage(ADMIN, lambda *args: opened.append(args), today=date(2026, 11, 26))
    qtbot.addWidget(page)
    [row] = rows_of(page)
    assert "2027年" in row.text(1)
    page._on_tree_item_activated(row, 0)
    assert opened == [("calendar", 0)]


# -- 审计日志 -----------------------------------------------------------------------------------------------------


def _units(count: int = 3) -> None:
    for i in range(count):
        UNIT_REGISTER.save({"name": f"单位{i}", "code": f"U{i}", "kind": "进驻窗口单位"}, SYSTEM)


def _audit_page(qtbot) -> AuditPage:
    page = AuditPage(ADMIN)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_audit_page_lists_entries_newest_first_and_filters_by_register(qtbot, db):
    _units()
    page = _audit_page(qtbot)
    total = AuditEntry.select().count()
    assert page.model.total == total == 4  # the 建库 entry and three units
    assert [r.id for r in page.model.rows] == [4, 3, 2, 1]
    assert page.model.index(0, 3).data() == "单位" and page.model.index(3, 3).data() == "系统"
    page.register_combo.setCurrentIndex(page.register_combo.findData("unit"))
    assert page.model.total == 3 and {r.register for r in page.model.rows} == {"unit"}
    assert "共 3 条" in page.count_label.text()
    page.table.selectRow(0)
    html = page.details.toHtml()
    assert "单位名称" in html and "单位2" in html
    page.record_edit.setText("单位1")
    page.refresh()  # what the typing timer does
    assert [r.record_label for r in page.model.rows] == ["单位1"]


def test_audit_page_filters_by_period_and_marks_a_bad_date(qtbot, db):
    _units(1)
    page = _audit_page(qtbot)
    page.from_edit.setText(f"{date.today():%Y%m%d}")
    page.refresh()
    assert page.model.total == 2
    page.to_edit.setText("20151012")
    page.refresh()
    assert page.model.total == 0
    page.to_edit.setText("2015-13-45")
    page.refresh()
    assert page.model.total == 2 and "日期" in page.count_label.text()


def test_audit_page_pages_lazily(qtbot, db):
    _units(250)
    page = _audit_page(qtbot)
    assert page.model.total == 251 and len(page.model.rows) == 200
    assert page.model.canFetchMore()
    page.model.fetchMore()
    assert len(page.model.rows) == 251 and [r.id for r in page.model.rows[-2:]] == [2, 1]


def test_verify_shows_ok_then_names_the_tampered_entry(qtbot, db):
    _units()
    page = _audit_page(qtbot)
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert "审计日志完整，共4条" in page.result.text()
    target = AuditEntry.get(AuditEntry.record_label == "单位1")
    db.execute_sql("UPDATE audit_log SET changes = replace(changes, '单位1', '单位X') WHERE id = ?", (target.id,))
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert f"第{target.id}条内容被改动" in page.result.text()
    assert page.model.bad_id == target.id
    row = page.model.row_of(target.id)
    assert page.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    page.go_to(page.model.bad_id)
    assert page.model.rows[0].id == target.id and page.table.currentIndex().row() == 0
    assert "校验未通过" in page.details.toPlainText()


def test_export_writes_the_filtered_entries_with_the_header(qtbot, db, tmp_path, monkeypatch):
    _units(2)
    page = _audit_page(qtbot)
    page.register_combo.setCurrentIndex(page.register_combo.findData("unit"))
    target = tmp_path / "审计日志.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel 工作簿 (*.xlsx)"))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert "已导出 2 条" in page.result.text()
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0] == ("时间", "用户", "操作", "台账", "记录", "变更内容")
    assert [r[4] for r in rows[1:]] == ["单位1", "单位0"]
    assert rows[1][3] == "单位" and "单位名称：（空） → 单位1" in rows[1][5]


def test_details_name_catalogue_records_and_export_masks_identifiers(qtbot, catalogue, tmp_path):
    REGISTERS["window"].save(
        {
            "item": "GS-001",
            "applicant": "张三",
            "phone": "13812345678",
            "received_at": "2015-09-30 09:00",
            "accepted_at": "2015-09-30 09:30",
            "status": "受理",
        },
        SYSTEM,
    )
    page = _audit_page(qtbot)
    page.register_combo.setCurrentIndex(page.register_combo.findData("window"))
    page.table.selectRow(0)
    details = page.details.toPlainText()
    # The log keeps the unit's id; the administrator reads its name, the phone in full, times without seconds.
    assert "工商" in details and "13812345678" in details and "2015-09-30 09:30" in details
    assert "09:30:00" not in details
    page.export_to(tmp_path / "window.xlsx")
    [_, row] = load_workbook(tmp_path / "window.xlsx").active.iter_rows(values_only=True)
    assert "联系电话：（空） → 138****5678" in row[5] and "单位：（空） → 工商" in row[5]
