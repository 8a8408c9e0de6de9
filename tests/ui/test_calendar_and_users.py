"""UI tests for the 节假日安排 page (marks, editing, import) and the 用户 page (create, reset password, deactivate)."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from desktop.db.audit import AuditEntry
from desktop.db.models import CalendarYear, Holiday, User
from desktop.domain import vocab
from desktop.domain.errors import DomainError
from desktop.registers import SYSTEM, Actor
from desktop.registers.calendar import current_calendar
from desktop.registers.users import USER_REGISTER
from desktop.ui.pages import calendar_page, users_page
from desktop.ui.pages.calendar_page import COLOURS, CalendarPage
from desktop.ui.pages.users_page import NEW_USER_HINT, PASSWORD_MISMATCH, NewUserDialog, ResetPasswordDialog, UsersPage
from desktop.ui.signals import signals

ADMIN = Actor("admin", vocab.ROLE_ADMIN)
OFFICE = Actor("gkb", vocab.ROLE_OFFICE)


def _refuse(what):
    def refuse(*args, **kwargs):
        raise AssertionError(f"a blocking {what} was opened in a test")

    return refuse


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch):
    """Any modal dialog a test did not expect fails the test instead of hanging it."""
    for cls, name in (
        (QDialog, "exec"),
        (QMessageBox, "exec"),
        (QMessageBox, "question"),
        (QMessageBox, "information"),
        (QMessageBox, "warning"),
        (QInputDialog, "getText"),
        (QFileDialog, "getOpenFileName"),
    ):
        monkeypatch.setattr(cls, name, _refuse(f"{cls.__name__}.{name}"))


@pytest.fixture
def errors(monkeypatch):
    """Collects what error_dialog would have shown: (message, details)."""
    shown = []

    def fake(parent, message, details="", title="出错了"):
        shown.append((message, details))

    monkeypatch.setattr(calendar_page, "error_dialog", fake)
    monkeypatch.setattr(users_page, "error_dialog", fake)
    return shown


def _calendar_page(qtbot, actor, year=2015):
    page = CalendarPage(actor)
    qtbot.addWidget(page)
    page.resize(1200, 720)
    page.show()
    qtbot.waitExposed(page)
    page.set_year(year)
    return page


def _click_day(qtbot, page, day):
    view = page.month_view(day.month)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.cell_rect(day).center())


def _offered(page):
    """The day menu's actions as {text: enabled}, or {} when no menu is open."""
    return {a.text(): a.isEnabled() for a in page.day_menu.actions()} if page.day_menu.isVisible() else {}


def _choose(qtbot, page, day, action_text):
    """Click a day and pick an action of its menu, as a user would."""
    _click_day(qtbot, page, day)
    assert _offered(page).get(action_text), _offered(page)
    action = next(a for a in page.day_menu.actions() if a.text() == action_text)
    page.day_menu.hide()
    action.trigger()


# -- calendar -----------------------------------------------------------------------------------------------


def test_page_shows_2015_national_day(qtbot, db):
    page = _calendar_page(qtbot, ADMIN)
    october = page.month_view(10)
    assert october.mark_at(date(2015, 10, 10)).kind == "班"
    assert october.mark_at(date(2015, 10, 1)) == ("休", "国庆节")
    image = october.grab().toImage()
    for day, kind in ((date(2015, 10, 10), "班"), (date(2015, 10, 1), "休"), (date(2015, 10, 11), "周末")):
        rect = october.cell_rect(day)
        # the cell's lower-left corner holds neither the number nor the corner mark: only the background
        assert image.pixelColor(rect.left() + 3, rect.bottom() - 3).name() == COLOURS[kind][0], day
    assert page.years_label.text() == "已载入2004–2026年"
    assert page.summary_title.text() == "2015年节假日安排"
    assert "国庆节：休 10月1日–7日（7天）；班 10月10日（星期六）" in page.summary.text()


def test_missing_next_year_is_warned(qtbot, db):
    page = _calendar_page(qtbot, ADMIN)
    page.today = date(2026, 11, 26)
    page.refresh()
    assert page.warning_label.isVisible() and "2027年" in page.warning_label.text()
    assert page.year_combo.itemText(page.year_combo.count() - 1) == "2027年（未载入）"
    page.set_year(2027)
    assert page.year_note.isVisible()
    page.today = date(2015, 6, 1)
    page.refresh()
    assert not page.warning_label.isVisible()


def test_admin_marks_and_clears_days(qtbot, db, monkeypatch):
    page = _calendar_page(qtbot, ADMIN)
    asked = []

    def get_text(parent, title, label, echo, text):
        asked.append(text)
        return "国庆节", True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    with qtbot.waitSignal(signals.records_changed) as blocker:
        _choose(qtbot, page, date(2015, 10, 8), calendar_page.ACTION_OFF)
    assert blocker.args == ["calendar"]
    assert asked == ["国庆节"]  # the neighbour's name is offered
    cal = current_calendar()
    assert not cal.is_workday(date(2015, 10, 8)) and cal.listed_day(date(2015, 10, 8)).name == "国庆节"
    assert page.month_view(10).mark_at(date(2015, 10, 8)).kind == "休"

    _choose(qtbot, page, date(2015, 10, 11), calendar_page.ACTION_WORK)  # a Sunday
    assert current_calendar().is_workday(date(2015, 10, 11))
    assert current_calendar().listed_day(date(2015, 10, 11)).name == "国庆节"

    _choose(qtbot, page, date(2015, 10, 8), calendar_page.ACTION_CLEAR)
    assert current_calendar().is_workday(date(2015, 10, 8))
    assert current_calendar().listed_day(date(2015, 10, 8)) is None
    assert page.month_view(10).mark_at(date(2015, 10, 8)).kind == ""


def test_make_up_day_is_not_offered_on_a_weekday(qtbot, db):
    page = _calendar_page(qtbot, ADMIN)
    _click_day(qtbot, page, date(2015, 10, 12))  # Monday, an ordinary working day
    offered = _offered(page)
    assert offered[calendar_page.ACTION_OFF] and not offered[calendar_page.ACTION_WORK]
    assert not offered[calendar_page.ACTION_CLEAR]


def test_non_admin_sees_the_calendar_read_only(qtbot, db, errors):
    page = _calendar_page(qtbot, OFFICE)
    before = Holiday.select().count()
    _click_day(qtbot, page, date(2015, 10, 8))
    assert _offered(page) == {}
    assert not page.import_button.isVisible()
    assert "只读" in page.hint_label.text()
    assert page.apply_day(date(2015, 10, 8), "休", "国庆节") is False  # even when called directly
    assert errors and "管理员" in errors[0][0]
    assert Holiday.select().count() == before


def test_bad_file_writes_nothing_and_lists_every_problem(qtbot, db, monkeypatch, tmp_path, errors):
    path = tmp_path / "2027年节假日.csv"
    path.write_text(
        "日期,类型,名称\n2027-01-01,休,元旦\n2027-02-30,休,春节\n2027-01-04,班,元旦\n2027-02-06,放,春节\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    page = _calendar_page(qtbot, ADMIN)
    holidays, years, audit = Holiday.select().count(), CalendarYear.select().count(), AuditEntry.select().count()
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert len(errors) == 1
    message, details = errors[0]
    assert "3处问题" in message and "未导入任何数据" in message
    lines = details.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("第3行 【日期】") and lines[1].startswith("第4行 【日期】")
    assert lines[2].startswith("第5行 【类型】")
    assert (Holiday.select().count(), CalendarYear.select().count(), AuditEntry.select().count()) == (
        holidays,
        years,
        audit,
    )
    assert not current_calendar().covers(2027)


def test_good_file_is_imported_after_confirmation(qtbot, db, monkeypatch, tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text("日期,类型,名称\n2027-01-01,休,元旦\n2027-01-02,休,元旦\n2027-01-03,休,元旦\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    questions = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda parent, title, text, *args: questions.append(text) or QMessageBox.StandardButton.Yes,
    )
    page = _calendar_page(qtbot, ADMIN)
    page.today = date(2026, 11, 26)
    with qtbot.waitSignal(signals.records_changed):
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert "3天" in questions[0] and "2027年" in questions[0]
    assert current_calendar().covers(2027) and not current_calendar().is_workday(date(2027, 1, 1))
    assert page.year == 2027 and page.years_label.text() == "已载入2004–2027年"
    assert not page.warning_label.isVisible()


# -- users --------------------------------------------------------------------------------------------------


@pytest.fixture
def users_page_(qtbot, catalogue):
    USER_REGISTER.add("admin", "admin-pass-1", vocab.ROLE_ADMIN, SYSTEM, full_name="张管理")
    page = UsersPage(ADMIN)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    return page


def _fill_new_user(dialog, username="wangxm", password="window-pass", again=None):
    dialog.username.setText(username)
    dialog.full_name.setText("王小明")
    dialog.role.set_value(vocab.ROLE_WINDOW)
    dialog.unit.set_value(USER_REGISTER.resolve_ref(USER_REGISTER.decl.field("unit"), "工商"))
    dialog.password.setText(password)
    dialog.password2.setText(password if again is None else again)


def test_create_user_through_the_dialog(qtbot, users_page_, monkeypatch):
    def exec_(dialog):
        _fill_new_user(dialog)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(NewUserDialog, "exec", exec_)
    qtbot.mouseClick(users_page_.new_user_button, Qt.MouseButton.LeftButton)
    user = User.get(User.username == "wangxm")
    assert user.full_name == "王小明" and user.role == vocab.ROLE_WINDOW and user.unit.name == "工商"
    assert users_page_.form.record_id == user.id
    assert USER_REGISTER.authenticate("wangxm", "window-pass").role == vocab.ROLE_WINDOW


def test_ctrl_n_opens_the_dialog_not_a_blank_form(qtbot, users_page_, monkeypatch):
    opened = []
    monkeypatch.setattr(NewUserDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    users_page_.table.setFocus()
    qtbot.keyClick(users_page_.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1


def test_mismatched_password_keeps_what_was_typed(qtbot, users_page_):
    dialog = NewUserDialog(ADMIN, users_page_)
    _fill_new_user(dialog, again="window-pasz")
    dialog.submit()
    assert dialog.record is None and dialog.result() == 0
    assert dialog.username.text() == "wangxm" and dialog.password.text() == "window-pass"
    assert dialog.error_text("password2") == PASSWORD_MISMATCH
    assert not User.select().where(User.username == "wangxm").exists()


def test_every_problem_is_shown_at_once(qtbot, users_page_):
    dialog = NewUserDialog(ADMIN, users_page_)
    dialog.username.setText("admin")  # taken
    dialog.role.set_value(vocab.ROLE_WINDOW)  # without a unit
    dialog.password.setText("short")
    dialog.password2.setText("short")
    dialog.submit()
    assert dialog.error_text("unit") == "窗口人员必须指定所属单位"
    assert "至少需要8个字符" in dialog.error_text("password")
    dialog.password.setText("long-enough")
    dialog.password2.setText("long-enough")
    dialog.unit.set_value(USER_REGISTER.resolve_ref(USER_REGISTER.decl.field("unit"), "工商"))
    dialog.submit()
    assert dialog.error_text("username") == "用户名“admin”已被使用"
    assert dialog.record is None


def test_blank_form_cannot_create_a_user(qtbot, users_page_):
    users_page_.new_record()
    assert users_page_.save() is False
    assert users_page_.form.banner.text() == NEW_USER_HINT
    assert not users_page_.save_button.isEnabled() and not users_page_.save_new_button.isVisible()
    assert "password_hash" not in users_page_.form.editors


def test_reset_password_then_sign_in(qtbot, users_page_, monkeypatch):
    user = USER_REGISTER.add("lisi", "old-password", vocab.ROLE_OFFICE, SYSTEM)
    users_page_.open_record(user.id)
    attempts = []

    def exec_(dialog):
        dialog.password.setText("new-password")
        dialog.password2.setText("new-passwort")
        dialog.submit()
        attempts.append(dialog.error_text("password2"))
        dialog.password2.setText("new-password")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(ResetPasswordDialog, "exec", exec_)
    qtbot.mouseClick(users_page_.reset_button, Qt.MouseButton.LeftButton)
    assert attempts == [PASSWORD_MISMATCH]
    assert USER_REGISTER.authenticate("lisi", "new-password").username == "lisi"
    with pytest.raises(DomainError):
        USER_REGISTER.authenticate("lisi", "old-password")
    assert "已重置" in users_page_.form.banner.text()


def test_deactivate_then_sign_in_fails_and_activate_again(qtbot, users_page_):
    user = USER_REGISTER.add("lisi", "lisi-password", vocab.ROLE_OFFICE, SYSTEM)
    users_page_.open_record(user.id)
    assert users_page_.toggle_button.text() == "停用"
    qtbot.mouseClick(users_page_.toggle_button, Qt.MouseButton.LeftButton)
    with pytest.raises(DomainError):
        USER_REGISTER.authenticate("lisi", "lisi-password")
    assert users_page_.toggle_button.text() == "启用"
    qtbot.mouseClick(users_page_.toggle_button, Qt.MouseButton.LeftButton)
    assert USER_REGISTER.authenticate("lisi", "lisi-password").username == "lisi"


def test_cannot_deactivate_oneself(qtbot, users_page_, errors):
    me = User.get(User.username == "admin")
    users_page_.open_record(me.id)
    qtbot.mouseClick(users_page_.toggle_button, Qt.MouseButton.LeftButton)
    assert errors and "当前登录" in errors[0][0]
    assert User.get_by_id(me.id).active


def test_non_admin_has_no_user_actions(qtbot, catalogue):
    page = UsersPage(OFFICE)
    qtbot.addWidget(page)
    page.show()
    assert not page.new_user_button.isVisible() and not page.reset_button.isVisible()
    assert not page.toggle_button.isVisible()


def test_keyboard_selects_a_day_and_opens_its_menu(qtbot, db):
    page = _calendar_page(qtbot, ADMIN)
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_Right)  # the first key selects 1 January of the year shown
    assert page.selected == date(2015, 1, 1)
    qtbot.keyClick(page, Qt.Key.Key_Down)
    qtbot.keyClick(page, Qt.Key.Key_Right)
    assert page.selected == date(2015, 1, 9)
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert page.day_menu.isVisible() and calendar_page.ACTION_OFF in _offered(page)
    page.day_menu.hide()


def test_editing_a_year_not_loaded_asks_first(qtbot, db, monkeypatch):
    page = _calendar_page(qtbot, ADMIN, year=2027)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or answers.pop(0))
    assert page.apply_day(date(2027, 1, 1), "休", "元旦") is False
    assert not current_calendar().covers(2027) and Holiday.get_or_none(Holiday.day == date(2027, 1, 1)) is None
    assert page.apply_day(date(2027, 1, 1), "休", "元旦") is True
    assert "2027年仍视为未载入" in asked[0]
    assert not current_calendar().covers(2027)  # one hand-marked day does not make the year loaded
    assert page.month_view(1).mark_at(date(2027, 1, 1)) == ("休", "元旦")
