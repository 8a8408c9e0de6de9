"""First start (choose the database, create the first administrator, offer the demo) and the login dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop import APP_NAME
from desktop.db.connection import default_db_path
from desktop.domain import vocab
from desktop.domain.errors import DomainError
from desktop.registers import SYSTEM, Actor, FieldErrors
from desktop.registers.users import USER_REGISTER

ERROR_STYLE = "color: #b00020;"


class LoginDialog(QDialog):
    """Username and password; a wrong one gets a message in the dialog, the typed username is kept."""

    def __init__(self, database_label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"登录 — {APP_NAME}")
        self.actor: Actor | None = None
        self.username = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        form = QFormLayout()
        form.addRow("用户名", self.username)
        form.addRow("密码", self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("登录")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("退出")
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{APP_NAME}</b><br><small>数据库：{database_label}</small>", self))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(380, 0)

    def try_login(self) -> None:
        try:
            self.actor = USER_REGISTER.authenticate(self.username.text().strip(), self.password.text())
        except DomainError as exc:
            self.message.setText(exc.message)
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()


class DatabasePage(QWizardPage):
    """Where the data lives: the default data folder, an existing file, or a new file elsewhere."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("选择数据库")
        self.setSubTitle("数据保存在本机的一个数据库文件中。一般使用默认位置即可。")
        self.default = QRadioButton(f"默认位置：{default_db_path()}", self)
        self.other = QRadioButton("指定文件（已有的数据库，或新建到其他位置，如共享文件夹）：", self)
        self.server = QRadioButton("PostgreSQL 服务器（办公室多台电脑共用一个数据库）：", self)
        self.default.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.default)
        group.addButton(self.other)
        group.addButton(self.server)
        self.path = QLineEdit(self)
        self.path.setPlaceholderText("例如 D:\\政务公开\\zwgk.sqlite3")
        browse = QPushButton("浏览…", self)
        browse.clicked.connect(self._on_browse_clicked)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("例如 postgresql://zwgk@192.168.1.10/zwgk")
        self.url.textEdited.connect(lambda: self.server.setChecked(True))
        self.pg_note = QLabel("密码请写在本机的 pgpass 文件中，不要写进地址；服务器的准备见使用说明。", self)
        self.pg_note.setStyleSheet("color: gray;")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        for w in (self.default, self.other):
            layout.addWidget(w)
        layout.addLayout(row)
        layout.addWidget(self.server)
        layout.addWidget(self.url)
        layout.addWidget(self.pg_note)
        layout.addWidget(self.message)

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "数据库文件",
            str(default_db_path().parent),
            "数据库文件 (*.sqlite3 *.db);;所有文件 (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.path.setText(path)
            self.other.setChecked(True)

    def target(self) -> Path | str:
        if self.server.isChecked():
            return self.url.text().strip()
        return Path(self.path.text().strip()) if self.other.isChecked() else default_db_path()

    def validatePage(self) -> bool:
        """Only a read-only look at the file: opening (and the one-writer lock) is the start-up's job."""
        from desktop.exchange.backup import FileState, check_database_file

        if self.server.isChecked():
            return self._check_server()
        if self.other.isChecked() and not self.path.text().strip():
            self.message.setText("请填写数据库文件的位置")
            return False
        found = check_database_file(self.target())
        if found.state not in (FileState.OK, FileState.NEW):
            self.message.setText(found.message)
            return False
        self.wizard().database = self.target()
        return True

    def _check_server(self) -> bool:
        """Connect and look (without changing anything) whether the server's database is ours or empty."""
        import peewee as pw

        from desktop.db import close_db, init_db

        url = self.url.text().strip()
        if not url.startswith(("postgresql://", "postgres://")):
            self.message.setText("服务器地址应以 postgresql:// 开头，如 postgresql://zwgk@192.168.1.10/zwgk")
            return False
        try:
            init_db(url, migrate=False)
        except DomainError as exc:
            self.message.setText(exc.message)
            return False
        except pw.DatabaseError as exc:
            self.message.setText(f"无法连接数据库服务器：{str(exc).strip()}")
            return False
        finally:
            close_db()
        self.wizard().database = url
        return True


class AdminPage(QWizardPage):
    """The first administrator, and whether to load the 2015 demo."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("创建管理员")
        self.setSubTitle("管理员可以管理基础数据、用户和备份。请牢记密码。")
        self.username = QLineEdit("admin", self)
        self.full_name = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.demo = QCheckBox("载入2015年演示数据（仅用于熟悉软件；空数据库才能载入）", self)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("用户名", self.username)
        form.addRow("姓名", self.full_name)
        form.addRow("密码（至少8位）", self.password)
        form.addRow("再次输入密码", self.repeat)
        form.addRow("", self.demo)
        form.addRow("", self.message)

    def validatePage(self) -> bool:
        if self.password.text() != self.repeat.text():
            self.message.setText("两次输入的密码不一致")
            return False
        try:
            USER_REGISTER.add(
                self.username.text().strip(),
                self.password.text(),
                vocab.ROLE_ADMIN,
                SYSTEM,
                full_name=self.full_name.text().strip(),
            )
        except FieldErrors as exc:
            self.message.setText("；".join(f"【{exc.labels.get(k, k)}】{v}" for k, v in exc.errors.items()))
            return False
        if self.demo.isChecked():
            from desktop.demo import load_demo

            try:
                load_demo(2015)
            except DomainError as exc:
                self.message.setText(f"管理员已创建，但演示数据未载入：{exc.message}")
                self.demo.setChecked(False)
                return False
        return True


def _chinese_buttons(wizard: QWizard) -> None:
    wizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
    wizard.setButtonText(QWizard.WizardButton.NextButton, "下一步")
    wizard.setButtonText(QWizard.WizardButton.BackButton, "上一步")
    wizard.setButtonText(QWizard.WizardButton.FinishButton, "完成")
    wizard.setButtonText(QWizard.WizardButton.CancelButton, "取消")


class DatabaseWizard(QWizard):
    """First start on this PC: where the database is (an existing one, or a new one)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"首次使用 — {APP_NAME}")
        _chinese_buttons(self)
        self.database: Path | str | None = None  # a file, or a postgresql:// address
        self.addPage(DatabasePage(self))
        self.resize(640, 360)


class SetupWizard(QWizard):
    """A database without users: the first administrator, and the offer of the demo."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"首次使用 — {APP_NAME}")
        _chinese_buttons(self)
        self.admin_page = AdminPage(self)
        self.addPage(self.admin_page)
        self.resize(640, 420)
