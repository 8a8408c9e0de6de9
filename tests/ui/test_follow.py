"""Pages follow saves made elsewhere: a visible page refreshes once after a burst, a hidden one when it is next
shown (desktop/ui/follow.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.follow import FollowChanges
from desktop.ui.signals import signals


def make_page(qtbot, wants=None):
    page = QWidget()
    qtbot.addWidget(page)
    refreshed: list[int] = []
    follow = FollowChanges(page, lambda: refreshed.append(1), delay_ms=10, wants=wants)
    return page, follow, refreshed


def test_a_visible_page_refreshes_once_after_a_burst_of_saves(qtbot):
    page, _follow, refreshed = make_page(qtbot)
    page.show()
    for _ in range(5):
        signals.records_changed.emit("window")
    qtbot.waitUntil(lambda: refreshed == [1], timeout=2000)
    qtbot.wait(50)
    assert refreshed == [1]


def test_a_hidden_page_refreshes_when_it_is_shown_and_only_then(qtbot):
    page, follow, refreshed = make_page(qtbot)
    signals.records_changed.emit("window")
    signals.records_changed.emit("contacts")
    qtbot.wait(50)
    assert refreshed == [] and follow.stale
    page.show()
    assert refreshed == [1] and not follow.stale
    page.hide()
    page.show()  # nothing changed meanwhile: no second refresh
    qtbot.wait(50)
    assert refreshed == [1]
    page.hide()
    signals.records_changed.emit("window")  # stale again: shown again, refreshed again
    page.show()
    assert refreshed == [1, 1]


def test_changes_the_page_does_not_want_are_ignored(qtbot):
    page, follow, refreshed = make_page(qtbot, wants=lambda key: key == "window")
    signals.records_changed.emit("hotline")
    page.show()
    qtbot.wait(50)
    assert refreshed == [] and not follow.stale
