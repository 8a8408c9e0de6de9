"""The 数据包 dialogs: export writes a package, import shows what was added, replaced and in conflict, and the
conflict list decides one record at a time."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from desktop.db import init_db
from desktop.db.models import WindowCase
from desktop.domain import vocab
from desktop.exchange.package import export_package, import_package
from desktop.exchange.package_format import read_package
from desktop.registers import SYSTEM, Actor
from desktop.registers.catalogues import SERVICE_ITEM_REGISTER, UNIT_REGISTER
from desktop.registers.window import WINDOW_REGISTER
from desktop.ui import background, package_dialogs
from desktop.ui.package_dialogs import ConflictsDialog, ExportPackageDialog

ADMIN = Actor("admin", vocab.ROLE_ADMIN)


@pytest.fixture(autouse=True)
def inline(monkeypatch):
    monkeypatch.setattr(background, "SYNCHRONOUS", True)


@pytest.fixture
def shown(monkeypatch):
    """The text of every message box that was opened (they answer at once)."""
    texts: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: texts.append(box.text()) or QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: texts.append(text))
    return texts


@pytest.fixture
def window_pc(db, db_target, tmp_path):
    """A window PC with one case, exported once and imported into the office PC (the `db` fixture's database)."""
    office = db_target
    window = tmp_path / "window.sqlite3"
    init_db(window)
    UNIT_REGISTER.save({"name": "工商", "code": "GS", "kind": "进驻窗口单位"}, SYSTEM)
    SERVICE_ITEM_REGISTER.save(
        {
            "code": "GS-001",
            "name": "个体工商户设立登记",
            "unit": "工商",
            "category": "审批类",
            "case_type": "承诺件",
            "legal_days": 15,
            "promise_days": 5,
        },
        SYSTEM,
    )
    case = WINDOW_REGISTER.save({"item": "GS-001", "applicant": "张三", "received_at": "2015-10-12 09:30"}, SYSTEM)[0]
    export_package(tmp_path / "first.zwgk")
    init_db(office)
    import_package(tmp_path / "first.zwgk", ADMIN)
    return {"office": office, "window": window, "uuid": case.uuid, "dir": tmp_path}


def test_export_dialog_writes_a_package(qtbot, catalogue, tmp_path, monkeypatch, shown):
    target = tmp_path / "窗口"

    def fill(dialog):
        dialog.path_edit.setText(str(target))  # the .zwgk suffix is added
        dialog.since_check.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportPackageDialog, "exec", fill)
    package_dialogs.export_package_dialog(None)
    package = read_package(tmp_path / "窗口.zwgk")
    assert package.since is not None and len(package.rows["unit"]) == 3
    assert shown and "已导出数据包" in shown[0]


def edited_on_both(window_pc) -> str:
    """The case edited on both PCs since the first exchange; returns the window PC's new package."""
    init_db(window_pc["window"])
    case = WindowCase.get(WindowCase.uuid == window_pc["uuid"])
    WINDOW_REGISTER.save({"applicant": "张三丰"}, SYSTEM, record_id=case.id)
    export_package(window_pc["dir"] / "second.zwgk")
    init_db(window_pc["office"])
    WINDOW_REGISTER.save({"applicant": "张叁"}, SYSTEM, record_id=case.id)
    return str(window_pc["dir"] / "second.zwgk")


def test_import_shows_the_conflict_and_the_list_decides_it(qtbot, window_pc, monkeypatch, shown):
    package = edited_on_both(window_pc)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (package, ""))
    package_dialogs.import_package_dialog(None, ADMIN)
    assert len(shown) == 1 and "冲突1条" in shown[0]

    dialog = ConflictsDialog(ADMIN)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1 and dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in range(3)] == ["申请人", "张叁", "张三丰"]
    qtbot.mouseClick(dialog.take_incoming_button, Qt.MouseButton.LeftButton)
    assert WindowCase.get(WindowCase.uuid == window_pc["uuid"]).applicant == "张三丰"
    assert dialog.list.count() == 0 and not dialog.take_incoming_button.isEnabled()


def test_a_damaged_package_shows_the_reason(qtbot, window_pc, monkeypatch):
    bad = window_pc["dir"] / "bad.zwgk"
    bad.write_bytes((window_pc["dir"] / "first.zwgk").read_bytes()[:200])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    errors = []
    monkeypatch.setattr(package_dialogs, "error_dialog", lambda parent, message, details="": errors.append(message))
    package_dialogs.import_package_dialog(None, ADMIN)
    assert errors and errors[0].startswith("数据包已损坏或被改动")


def test_only_administrators_decide(qtbot, window_pc):
    import_package(edited_on_both(window_pc), ADMIN)
    dialog = ConflictsDialog(Actor("gkb", vocab.ROLE_OFFICE))
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1 and dialog.table.rowCount() == 1
    assert not dialog.keep_local_button.isEnabled() and not dialog.take_incoming_button.isEnabled()
