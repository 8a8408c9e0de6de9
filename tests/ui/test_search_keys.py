"""The list's search box: words of two or more characters search as the user types; a search of one-character
words waits for Enter (on a million records it would match most of them, or scan for a rare one)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.domain import vocab
from desktop.registers import ALL, SYSTEM, Actor
from desktop.ui.register_page import RegisterPage


def test_one_character_waits_for_enter(catalogue, qtbot):
    for name in ("张三", "李四"):
        ALL["window"].save(
            {
                "item": "GS-001",
                "applicant": name,
                "received_at": "2015-10-08 09:00",
                "accepted_at": "2015-10-08 09:10",
                "status": "受理",
            },
            SYSTEM,
        )
    page = RegisterPage(ALL["window"], Actor("admin", vocab.ROLE_ADMIN))
    qtbot.addWidget(page)
    assert page.model.total == 2
    page.search.setText("张")
    qtbot.wait(400)
    assert page.model.total == 2  # not yet
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.model.total == 1
    page.search.setText("李四")
    qtbot.waitUntil(lambda: page.model.total == 1 and "李四" in page.model.rows[0], timeout=2000)
    assert page.count_label.text() == "共 1 条"
