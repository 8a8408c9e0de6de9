"""Every register through the GUI: create, edit and void a record, see a message next to the field with the
typed values kept, be refused by role; the Chinese is put in with setText (key clicks cannot type it)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QInputDialog

from desktop.domain import vocab
from desktop.registers import ALL, SYSTEM, Actor
from desktop.ui.editors import BoolEditor, ChoiceEditor, DateEditor, LongTextEditor, MultiEditor, TextEditor
from desktop.ui.register_page import RegisterPage

ADMIN = Actor("admin", vocab.ROLE_ADMIN)

# Minimal valid input per register, as a clerk would type it.
VALID = {
    "window": {
        "item": "个体工商户设立登记",
        "applicant": "张三",
        "received_at": "20150930 0900",
        "accepted_at": "20150930 0930",
        "status": "受理",
    },
    "contacts": {"date": "20150302", "count": "12", "summary": "咨询营业执照办理流程"},
    "hotline": {
        "called_at": "20150930 2015",
        "caller": "刘女士",
        "phone": "13907361234",
        "appeal_type": "投诉",
        "content": "德山大道夜间施工噪音扰民",
    },
    "duty": {"date": "20150930", "shift": "夜班", "operators": "周强、吴敏"},
    "disclosure": {
        "channel": "当面",
        "arrived_date": "20150925",
        "applicant_type": "自然人",
        "applicant": "陈明",
        "content": "2015年征地补偿标准",
    },
    "proactive": {"title": "2015年部门预算公开", "publish_date": "20150320", "key_area": "财政资金"},
    "normative": {"name": "经开区企业服务管理办法", "category": "行政规范性文件", "issued_date": "20150105"},
    "enforcement": {"year": "2015", "category": "行政处罚", "quantity": "7"},
    "appeals": {"case_type": "行政复议", "appellant": "陈明", "filed_date": "20150601"},
}
# What makes each invalid, the field that must show the message, and a typed value that must survive.
INVALID = {
    "window": ({"applicant": ""}, "applicant", "received_at"),
    "contacts": ({"count": "0"}, "count", "summary"),
    "hotline": ({"content": ""}, "content", "caller"),
    "duty": ({"operators": ""}, "operators", "date"),
    "disclosure": ({"applicant": ""}, "applicant", "content"),
    "proactive": ({"publish_date": "2015-13-45"}, "publish_date", "title"),
    "normative": ({"repealed_date": "20140101"}, "repealed_date", "name"),
    "enforcement": ({"quantity": "3.5"}, "quantity", "year"),
    "appeals": ({"result": "结果维持"}, "closed_date", "appellant"),
}
EDIT = {
    "window": ("remark", "材料齐全"),
    "contacts": ("handling", "已解答"),
    "hotline": ("address", "德山大道"),
    "duty": ("handover", "无"),
    "disclosure": ("remark", "当面递交"),
    "proactive": ("doc_no", "常经开发〔2015〕1号"),
    "normative": ("doc_no", "常经开发〔2015〕2号"),
    "enforcement": ("note", "区城管局"),
    "appeals": ("case_no", "常经复〔2015〕1号"),
}


def fill(page: RegisterPage, values: dict[str, str]) -> None:
    for name, text in values.items():
        editor = page.form.editors[name]
        if isinstance(editor, ChoiceEditor):
            index = editor.combo.findText(text)
            if index < 0:
                editor.combo.setEditText(text)
            else:
                editor.combo.setCurrentIndex(index)
        elif isinstance(editor, (TextEditor, DateEditor)):
            editor.edit.setText(text)
        elif isinstance(editor, LongTextEditor):
            editor.edit.setPlainText(text)
        elif isinstance(editor, BoolEditor):
            editor.box.setChecked(text == "是")
        elif isinstance(editor, MultiEditor):
            editor.set_value(text)


@pytest.fixture
def page_for(catalogue, qtbot):
    def make(key: str, actor: Actor = ADMIN) -> RegisterPage:
        page = RegisterPage(ALL[key], actor)
        qtbot.addWidget(page)
        return page

    return make


@pytest.mark.parametrize("key", list(VALID))
def test_create_edit_and_void_through_the_form(page_for, key, monkeypatch):
    page = page_for(key)
    fill(page, VALID[key])
    assert page.save(), page.form.banner.text()
    assert page.model.total == 1
    record_id = page.form.record_id
    assert record_id is not None and page.model.record_id(0) == record_id
    name, text = EDIT[key]
    fill(page, {name: text})
    assert page.form.dirty
    assert page.save(), page.form.banner.text()
    assert getattr(ALL[key].get(record_id), name) == text
    assert "修改" in page.history.toPlainText()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("录入错误", True))
    page._on_void_clicked()
    assert ALL[key].get(record_id).voided
    assert page.model.total == 0


@pytest.mark.parametrize("key", list(VALID))
def test_bad_input_shows_the_message_next_to_the_field_and_keeps_the_typed_values(page_for, key):
    page = page_for(key)
    bad, field, kept = INVALID[key]
    fill(page, {**VALID[key], **bad})
    before = ALL[key].select().count()
    assert not page.save()
    assert ALL[key].select().count() == before
    label = page.form.errors[field]
    assert not label.isHidden() and label.text()
    assert page.form.editors[kept].raw() not in ("", None)
    assert page.form.banner.isVisible() or not page.form.banner.isHidden()


def test_roles_are_enforced_in_the_page(page_for):
    leader = page_for("window", Actor("领导", vocab.ROLE_LEADER))
    assert not leader.save_button.isEnabled() and not leader.save()
    hotline = page_for("disclosure", Actor("值班员", vocab.ROLE_HOTLINE))
    fill(hotline, VALID["disclosure"])
    assert not hotline.save()
    other_unit = ALL["unit"].select().where(ALL["unit"].model.code == "SF").get()
    staff = page_for("window", Actor("收费窗口", vocab.ROLE_WINDOW, other_unit.id))
    fill(staff, VALID["window"])
    assert not staff.save()
    assert "本单位" in staff.form.banner.text()
    assert ALL["window"].select().count() == 0


def test_ctrl_enter_saves_and_opens_a_blank_form_with_carried_defaults(page_for):
    page = page_for("window")
    fill(page, VALID["window"])
    assert page.save(open_new=True)
    assert page.form.record_id is None
    assert page.form.editors["applicant"].raw() == ""
    assert page.form.editors["item"].combo.currentText() == "个体工商户设立登记（GS-001）"


def test_date_picker_opens_on_the_typed_date_and_fills_the_field(page_for):
    page = page_for("disclosure")
    editor = page.form.editors["arrived_date"]
    editor.edit.setText("20150925")
    editor.button.menu().aboutToShow.emit()  # what opening the menu does, without a blocking popup
    assert editor.calendar.selectedDate() == QDate(2015, 9, 25)
    editor.calendar.setSelectedDate(QDate(2015, 9, 28))  # a click selects the day, then signals it
    editor.calendar.clicked.emit(QDate(2015, 9, 28))
    assert editor.edit.text() == "2015-09-28"
    editor.edit.setText("不是日期")
    editor.button.menu().aboutToShow.emit()  # an unreadable date leaves the calendar where it was
    assert editor.calendar.selectedDate() == QDate(2015, 9, 28)


def test_workflow_button_enables_by_status(page_for):
    page = page_for("window")
    fill(page, {**VALID["window"], "status": "收件", "accepted_at": ""})
    assert page.save()
    assert page.step_buttons["受理"].isEnabled() and not page.step_buttons["办结"].isEnabled()
    page.step_buttons["受理"].click()
    record = ALL["window"].get(page.form.record_id)
    assert record.status == "受理" and record.accepted_at is not None
    assert page.step_buttons["办结"].isEnabled() and not page.step_buttons["受理"].isEnabled()


def test_search_filters_as_you_type(page_for, qtbot):
    page = page_for("hotline")
    for caller, content in (("刘女士", "噪音扰民"), ("王先生", "路灯不亮")):
        ALL["hotline"].save(
            {
                **VALID["hotline"],
                "caller": caller,
                "content": content,
                "phone": "13907361234" if caller == "刘女士" else "13907369999",
            },
            SYSTEM,
        )
    page.refresh()
    assert page.model.total == 2
    page.search.setText("路灯")
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=2000)
    assert "王先生" in page.model.rows[0]


def test_repeat_caller_warning_links_the_earlier_ticket(catalogue, qtbot):
    from desktop.ui.hotline_page import HotlinePage

    first, _ = ALL["hotline"].save(VALID["hotline"], SYSTEM)
    page = HotlinePage(ADMIN)
    qtbot.addWidget(page)
    fill(page, {"called_at": "20151010 0900", "phone": "13907361234"})
    page.check_repeat_caller()
    assert first.number in page.form.banner.text()
    page._on_banner_link_activated(str(first.id))
    assert page.form.record_id == first.id


def test_frequent_callers_and_addresses_complete(catalogue, qtbot):
    from desktop.ui.hotline_page import HotlinePage

    for _ in range(2):
        ALL["hotline"].save({**VALID["hotline"], "address": "德山大道88号"}, SYSTEM)
    ALL["hotline"].save({**VALID["hotline"], "caller": "王先生", "phone": "13907369999", "address": "桃林路"}, SYSTEM)
    page = HotlinePage(ADMIN)
    qtbot.addWidget(page)
    model = page.completers["caller"].model()
    assert [model.index(i, 0).data() for i in range(model.rowCount())] == ["刘女士", "王先生"]
    completer = page.completers["address"]
    completer.setCompletionPrefix("大道")
    assert completer.currentCompletion() == "德山大道88号"


def test_columns_fit_their_texts_as_qt_would_when_first_shown(catalogue, qtbot):
    """RegisterPage._fit_columns measures the texts itself (Qt's resizeColumnsToContents asks the model for
    eight roles of every cell): the widths must be Qt's own, within the page's 60–260 px bounds."""
    for applicant in ("张三", "常德德润机械制造有限公司", "Changde Derun Machinery Co., Ltd."):
        ALL["window"].save({**VALID["window"], "applicant": applicant}, SYSTEM)
    page = RegisterPage(ALL["window"], ADMIN)
    qtbot.addWidget(page)
    page.resize(1600, 800)
    page.show()
    qtbot.waitExposed(page)
    header = page.table.horizontalHeader()
    ours = [header.sectionSize(c) for c in range(page.model.columnCount())]
    header.setResizeContentsPrecision(len(page.model.rows))
    page.table.resizeColumnsToContents()
    qts = [min(max(header.sectionSize(c), 60), 260) for c in range(page.model.columnCount())]
    assert ours[:-1] == qts[:-1]  # the last column stretches to the edge
    applicant = [f.name for f in page.model.fields].index("applicant")
    assert 60 < ours[applicant] < 260  # sized by the company name, not clamped


def test_a_page_shown_empty_fits_its_columns_to_the_first_records(page_for, qtbot):
    page = page_for("window")
    page.resize(1600, 800)
    page.show()
    qtbot.waitExposed(page)
    applicant = [f.name for f in page.model.fields].index("applicant")
    empty = page.table.horizontalHeader().sectionSize(applicant)
    fill(page, {**VALID["window"], "applicant": "常德德润机械制造有限公司经开区分公司"})
    assert page.save()
    assert page.table.horizontalHeader().sectionSize(applicant) > empty
