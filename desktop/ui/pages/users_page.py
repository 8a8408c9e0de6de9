"""用户: the user list and form (roles, unit, active), with dialogs to create a user and reset a password."""

from __future__ import annotations

from typing import Any

import peewee as pw
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.db.models import USERS
from desktop.domain.errors import DomainError
from desktop.domain.passwords import MIN_PASSWORD_LENGTH, check_new_password
from desktop.registers import Actor, FieldErrors
from desktop.registers.users import USER_REGISTER
from desktop.ui.editors import Editor, make_editor
from desktop.ui.errors import error_dialog
from desktop.ui.form import ERROR_STYLE
from desktop.ui.register_page import RegisterPage
from desktop.ui.signals import signals

NEW_USER_HINT = "请使用“新建用户…”创建用户"
PASSWORD_MISMATCH = "两次输入的密码不一致"
PASSWORD_HELP = f"至少{MIN_PASSWORD_LENGTH}个字符"
# prepare() needs some password hash to check the other fields; the real one is made by USER_REGISTER.add.
_PLACEHOLDER_HASH = "-"


def password_errors(password: str, repeated: str) -> dict[str, str]:
    """The messages for a new password typed twice (both user dialogs ask the same)."""
    errors: dict[str, str] = {}
    try:
        check_new_password(password)
    except DomainError as exc:
        errors["password"] = exc.message
    if password != repeated:
        errors["password2"] = PASSWORD_MISMATCH
    return errors


class _FieldsDialog(QDialog):
    """A small form whose messages appear under each field; the dialog stays open, values kept, until it succeeds."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fdecea; padding: 6px; border-radius: 3px;")
        self.banner.hide()
        self.rows = QFormLayout()
        self.rows.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors: dict[str, QLabel] = {}
        self.inputs: dict[str, QWidget] = {}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self.rows)
        layout.addWidget(self.buttons)

    def add_row(self, name: str, label: str, widget: QWidget, help_text: str = "") -> None:
        cell = QWidget(self)
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(widget)
        if help_text:
            help_label = QLabel(help_text, cell)
            help_label.setStyleSheet("color: #666;")
            box.addWidget(help_label)
        error = QLabel(cell)
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        box.addWidget(error)
        self.errors[name] = error
        self.inputs[name] = widget
        self.rows.addRow(label, cell)

    def show_errors(self, errors: dict[str, str]) -> None:
        for label in self.errors.values():
            label.hide()
        self.banner.hide()
        unplaced = []
        for name, message in errors.items():
            if name in self.errors:
                self.errors[name].setText(message)
                self.errors[name].show()
            else:
                unplaced.append(message)
        first = next((name for name in self.inputs if name in errors), None)
        if first is not None:
            self.inputs[first].setFocus()
        if unplaced:
            self.banner.setText("；".join(unplaced))
            self.banner.show()

    def error_text(self, name: str) -> str:
        """The message shown under a field ("" when none): for tests and accessibility tools."""
        label = self.errors[name]
        return label.text() if label.isVisibleTo(self) else ""

    def submit(self) -> None:
        raise NotImplementedError


def _password_edit(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class NewUserDialog(_FieldsDialog):
    """新建用户: username, name, role, unit and the password typed twice; creates the user through USER_REGISTER.add."""

    def __init__(self, actor: Actor, parent: QWidget | None = None):
        super().__init__("新建用户", parent)
        self.actor = actor
        self.record: pw.Model | None = None
        self.username = QLineEdit(self)
        self.username.setMaxLength(64)
        self.full_name = QLineEdit(self)
        self.role: Editor = make_editor(USERS.field("role"), self)
        self.unit: Editor = make_editor(USERS.field("unit"), self)
        self.password = _password_edit(self)
        self.password2 = _password_edit(self)
        self.add_row("username", "* 用户名", self.username, "登录时使用，建立后不宜更改")
        self.add_row("full_name", "姓名", self.full_name)
        self.add_row("role", "* 角色", self.role)
        self.add_row("unit", "所属单位", self.unit, "窗口人员必须指定")
        self.add_row("password", "* 密码", self.password, PASSWORD_HELP)
        self.add_row("password2", "* 再次输入密码", self.password2)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("创建")
        self.username.setFocus()

    def submit(self) -> None:
        """Check everything at once, create the user and close; on any problem show it and keep what was typed."""
        raw = {
            "username": self.username.text().strip(),
            "full_name": self.full_name.text().strip(),
            "role": self.role.raw(),
            "unit": self.unit.raw(),
        }
        errors: dict[str, str] = {}
        try:
            USER_REGISTER.prepare({**raw, "password_hash": _PLACEHOLDER_HASH})
        except FieldErrors as exc:
            errors.update(exc.errors)
        errors.update(password_errors(self.password.text(), self.password2.text()))
        if not errors:
            try:
                self.record = USER_REGISTER.add(
                    raw["username"],
                    self.password.text(),
                    raw["role"],
                    self.actor,
                    full_name=raw["full_name"],
                    unit=raw["unit"],
                )
            except FieldErrors as exc:
                errors.update(exc.errors)
            except DomainError as exc:  # NotAllowed included
                errors[""] = exc.message
        if "password_hash" in errors:
            errors["password"] = errors.pop("password_hash")
        if errors.get("username") == "已存在相同的值":
            errors["username"] = f"用户名“{raw['username']}”已被使用"
        if errors:
            self.show_errors(errors)
            return
        self.accept()


class ResetPasswordDialog(_FieldsDialog):
    """重置密码: a new password for one user, typed twice; saved through USER_REGISTER.set_password."""

    def __init__(self, user_id: int, actor: Actor, parent: QWidget | None = None):
        super().__init__("重置密码", parent)
        self.user_id, self.actor = user_id, actor
        user = USER_REGISTER.get(user_id)
        self.user_label = user.username + (f"（{user.full_name}）" if user.full_name else "")
        self.done_ok = False
        self.rows.addRow(QLabel(f"为用户 {self.user_label} 设置新密码。", self))
        self.password = _password_edit(self)
        self.password2 = _password_edit(self)
        self.add_row("password", "* 新密码", self.password, PASSWORD_HELP)
        self.add_row("password2", "* 再次输入新密码", self.password2)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("重置密码")
        self.password.setFocus()

    def submit(self) -> None:
        errors: dict[str, str] = {}
        errors.update(password_errors(self.password.text(), self.password2.text()))
        if not errors:
            try:
                USER_REGISTER.set_password(self.user_id, self.password.text(), self.actor)
            except DomainError as exc:
                errors[""] = exc.message
        if errors:
            self.show_errors(errors)
            return
        self.done_ok = True
        self.accept()


class UsersPage(RegisterPage):
    """The generic user list and form, except that users are only created by the dialog (it sets the password)."""

    def __init__(self, actor: Actor, parent: QWidget | None = None):
        super().__init__(USER_REGISTER, actor, parent)
        self.new_user_button = QPushButton("新建用户… (Ctrl+N)", self)
        self.reset_button = QPushButton("重置密码…", self)
        self.toggle_button = QPushButton("停用", self)
        self.new_user_button.clicked.connect(self._on_new_user_clicked)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        self.toggle_button.clicked.connect(self._on_toggle_clicked)
        bar = QHBoxLayout()
        for button in (self.new_user_button, self.reset_button, self.toggle_button):
            button.setVisible(self.can_write)
            bar.addWidget(button)
        bar.addStretch(1)
        self.layout().insertLayout(0, bar)
        # The base page builds a year filter even for registers without a year and leaves it unplaced at (0, 0).
        self.year_combo.hide()
        self._update_buttons()

    # -- the generic page, minus its blank-form path ---------------------------------------------------------

    def new_record(self, defaults: dict[str, Any] | None = None) -> None:
        super().new_record(defaults)
        # A blank form cannot set a password, so it is not offered for typing at all.
        self.form.set_read_only(True)
        self.title.setText("请在左侧选择用户" + ("，或点“新建用户…”（Ctrl+N）创建" if self.can_write else ""))

    def open_record(self, record_id: int) -> None:
        super().open_record(record_id)
        self.form.set_read_only(not self.can_write)

    def save(self, open_new: bool = False) -> bool:
        if self.form.record_id is None:
            if self.can_write:
                self.form.show_banner(NEW_USER_HINT, error=True)
            return False
        # "保存并新建" would open the blank form that cannot create a user: saving keeps the user open instead.
        return super().save(open_new=False)

    def _on_new_requested(self) -> None:
        if self.can_write and self._confirm_discard():
            self._on_new_user_clicked()

    def _update_buttons(self, *args: Any) -> None:
        super()._update_buttons(*args)
        self.save_new_button.hide()
        selected = self.form.record_id is not None
        if not selected:
            self.save_button.setEnabled(False)
        if not hasattr(self, "toggle_button"):  # called by the base class before this page's buttons exist
            return
        record = USER_REGISTER.get(self.form.record_id) if selected else None
        usable = self.can_write and record is not None and not record.voided
        self.reset_button.setEnabled(usable)
        self.toggle_button.setEnabled(usable)
        self.toggle_button.setText("启用" if record is not None and not record.active else "停用")

    # -- user actions ---------------------------------------------------------------------------------------

    def _on_new_user_clicked(self) -> None:
        if not self._confirm_discard():
            return
        dialog = NewUserDialog(self.actor, self)
        dialog.exec()
        if dialog.record is None:
            return
        signals.records_changed.emit(self.register.decl.key)
        self.open_record(dialog.record.id)
        self.form.show_banner(f"已创建用户 {dialog.record.username}。")

    def _on_reset_clicked(self) -> None:
        if self.form.record_id is None:
            return
        dialog = ResetPasswordDialog(self.form.record_id, self.actor, self)
        dialog.exec()
        if dialog.done_ok:
            signals.records_changed.emit(self.register.decl.key)
            self.open_record(dialog.user_id)
            self.form.show_banner(f"已重置用户 {dialog.user_label} 的密码，请将新密码当面告知本人。")

    def _on_toggle_clicked(self) -> None:
        record_id = self.form.record_id
        if record_id is None or not self._confirm_discard():
            return
        record = USER_REGISTER.get(record_id)
        activate = not record.active
        if not activate:
            problem = USER_REGISTER.deactivation_problem(record, self.actor)
            if problem:
                error_dialog(self, problem)
                return
        try:
            USER_REGISTER.save({"active": activate}, self.actor, record_id, record.version)
        except DomainError as exc:
            error_dialog(self, exc.message)
            return
        signals.records_changed.emit(self.register.decl.key)
        self.open_record(record_id)
        self.form.show_banner(
            f"已启用用户 {record.username}。"
            if activate
            else f"已停用用户 {record.username}：该账号不能再登录，记录和历史保留。"
        )
