"""数据包 dialogs: export this PC's records for the office, import a package with a summary of what was added,
replaced and in conflict, and the conflict list where a person keeps this PC's version or the incoming one."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.db.connection import db
from desktop.domain.errors import DomainError
from desktop.exchange.package import (
    KEEP_INCOMING,
    KEEP_LOCAL,
    SUFFIX,
    ConflictView,
    PackageExportResult,
    PackageImportResult,
    export_package,
    import_package,
    list_conflicts,
    resolve_conflict,
    site_identity,
)
from desktop.registers import Actor
from desktop.ui.background import run_in_background
from desktop.ui.errors import error_dialog
from desktop.ui.signals import signals

FILE_FILTER = f"数据包 (*{SUFFIX});;所有文件 (*)"
EXPORT_NOTE = "基础数据（单位、事项、热线分类和时限、网站栏目）总是全部导出；用户和密码不会导出。"
CONFLICT_INTRO = "以下记录在两台电脑上都被修改过。导入时保留了本机的版本，导入的版本在此等候决定。"


def _in_worker(fn: Callable[..., Any], *args: Any) -> Any:
    """Run on the worker thread, then close the connection peewee opened for that thread (threads are reused)."""
    try:
        return fn(*args)
    finally:
        if threading.current_thread() is not threading.main_thread():
            db().close()


def _failed(parent: QWidget | None, what: str) -> Callable[[BaseException, str], None]:
    def show(exc: BaseException, details: str) -> None:
        error_dialog(parent, exc.message if isinstance(exc, DomainError) else f"{what}失败：{exc}", details)

    return show


# -- export ------------------------------------------------------------------------------------------------------


class ExportPackageDialog(QDialog):
    """Where to write the package and, optionally, from which day the register records were changed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("导出数据包")
        site = site_identity()
        self.path_edit = QLineEdit(str(Path.home() / f"{site.name}-{date.today():%Y%m%d}{SUFFIX}"), self)
        browse = QPushButton("浏览…", self)
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.since_check = QCheckBox("只导出此日期以来修改的登记记录", self)
        self.since_edit = QDateEdit(
            QDate.fromString((date.today() - timedelta(days=30)).isoformat(), Qt.DateFormat.ISODate), self
        )
        self.since_edit.setDisplayFormat("yyyy-MM-dd")
        self.since_edit.setCalendarPopup(True)
        self.since_edit.setEnabled(False)
        self.since_check.toggled.connect(self.since_edit.setEnabled)
        since_row = QHBoxLayout()
        since_row.addWidget(self.since_check)
        since_row.addWidget(self.since_edit)
        since_row.addStretch(1)
        form = QFormLayout()
        form.addRow("本机：", QLabel(site.name, self))
        form.addRow("文件：", row)
        form.addRow("", since_row)
        note = QLabel(EXPORT_NOTE, self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导出")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def path(self) -> Path:
        text = self.path_edit.text().strip()
        return Path(text if text.lower().endswith(SUFFIX) else text + SUFFIX)

    def since(self) -> date | None:
        if not self.since_check.isChecked():
            return None
        return date.fromisoformat(self.since_edit.date().toString(Qt.DateFormat.ISODate))

    def accept(self) -> None:
        if not self.path_edit.text().strip():
            self.path_edit.setFocus()
            return
        super().accept()

    def _on_browse_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "导出数据包", self.path_edit.text(), FILE_FILTER)
        if name:
            self.path_edit.setText(name)


def export_package_dialog(parent: QWidget | None = None) -> None:
    """导出数据包…: on a window or hotline PC, for the office PC."""
    try:
        dialog = ExportPackageDialog(parent)
    except DomainError as exc:  # the identity could not be made (e.g. the database is open read-only)
        error_dialog(parent, exc.message)
        return
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return

    def done(result: PackageExportResult) -> None:
        QMessageBox.information(parent, "导出完成", f"{result}\n\n请把该文件带到公开办电脑，用“导入数据包”合并。")

    run_in_background(
        partial(_in_worker, export_package, dialog.path(), dialog.since()),
        done,
        _failed(parent, "导出"),
        parent,
        "正在导出数据包…",
    )


# -- import ------------------------------------------------------------------------------------------------------


def show_import_summary(parent: QWidget | None, actor: Actor, result: PackageImportResult) -> None:
    """What was added, replaced and in conflict; with conflicts, a button straight to the list."""
    box = QMessageBox(QMessageBox.Icon.Information, "导入完成", str(result), QMessageBox.StandardButton.Ok, parent)
    handle = box.addButton("处理冲突…", QMessageBox.ButtonRole.ActionRole) if result.conflicts else None
    box.exec()
    if handle is not None and box.clickedButton() is handle:
        conflicts_dialog(parent, actor)


def import_package_dialog(parent: QWidget | None, actor: Actor) -> None:
    """导入数据包…: the whole package is checked first; a damaged or altered one is refused and nothing written."""
    name, _ = QFileDialog.getOpenFileName(parent, "导入数据包", str(Path.home()), FILE_FILTER)
    if not name:
        return

    def done(result: PackageImportResult) -> None:
        if result.changed:
            signals.records_changed.emit("")
        show_import_summary(parent, actor, result)

    run_in_background(
        partial(_in_worker, import_package, Path(name), actor),
        done,
        _failed(parent, "导入"),
        parent,
        "正在检查并导入数据包…",
    )


# -- conflicts ---------------------------------------------------------------------------------------------------


class ConflictsDialog(QDialog):
    """The open conflicts on the left; the fields that differ on the right; 保留本机 / 采用导入 decide one."""

    def __init__(self, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.actor = actor
        self.conflicts: list[ConflictView] = []
        self.setWindowTitle("数据包冲突")
        intro = QLabel(CONFLICT_INTRO, self)
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.currentRowChanged.connect(self._on_list_row_changed)
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["字段", "本机版本", "导入版本"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        self.keep_local_button = QPushButton("保留本机", self)
        self.keep_local_button.setToolTip("本机的版本不变；导入的版本作废")
        self.keep_local_button.clicked.connect(self._on_keep_local_clicked)
        self.take_incoming_button = QPushButton("采用导入", self)
        self.take_incoming_button.setToolTip("用导入的版本替换本机的版本（写入审计日志）")
        self.take_incoming_button.clicked.connect(self._on_take_incoming_clicked)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_local_button)
        buttons.addWidget(self.take_incoming_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.resize(900, 520)
        self.refresh()

    def refresh(self) -> None:
        self.conflicts = list_conflicts()
        self.list.clear()
        for c in self.conflicts:
            self.list.addItem(f"{c.title} {c.label}（来自{c.peer_name}）")
        if self.conflicts:
            self.list.setCurrentRow(0)
        else:
            self._show(None)

    def current(self) -> ConflictView | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show(self, conflict: ConflictView | None) -> None:
        self.table.setRowCount(0)
        enabled = conflict is not None and self.actor.is_admin
        self.keep_local_button.setEnabled(enabled)
        self.take_incoming_button.setEnabled(enabled)
        if conflict is None:
            self.header.setText("没有待处理的冲突。")
            return
        self.header.setText(
            f"{conflict.title} {conflict.label}，{conflict.detected_at:%Y-%m-%d %H:%M}导入时发现。\n"
            f"本机版本：{conflict.local_updated}　　导入版本（{conflict.peer_name}）："
            f"{conflict.incoming_updated}"
        )
        for d in conflict.differences:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, text in enumerate((d.label, d.local, d.incoming)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()

    def _on_list_row_changed(self, row: int) -> None:
        self._show(self.current())

    def _on_keep_local_clicked(self) -> None:
        self._resolve(KEEP_LOCAL)

    def _on_take_incoming_clicked(self) -> None:
        self._resolve(KEEP_INCOMING)

    def _resolve(self, keep: str) -> None:
        conflict = self.current()
        if conflict is None:
            return
        try:
            resolve_conflict(conflict.id, keep, self.actor)
        except DomainError as exc:
            error_dialog(self, exc.message)
        else:
            signals.records_changed.emit(conflict.register)
        self.refresh()


def conflicts_dialog(parent: QWidget | None, actor: Actor) -> None:
    """数据包冲突…: decide, one by one, the records edited on both PCs."""
    ConflictsDialog(actor, parent).exec()
