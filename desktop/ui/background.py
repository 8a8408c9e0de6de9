"""The one way long work leaves the GUI thread: `run_in_background` on QThreadPool, results back on the GUI thread."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

# Tests set this to run the work inline: results arrive before run_in_background returns, no thread, no dialog.
SYNCHRONOUS = False
# The busy dialog appears only for work that takes longer than this, so quick jobs do not flash a window.
SHOW_AFTER_MS = 400


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits its signals, so the slots below run on the GUI thread."""

    succeeded = Signal(object)
    failed = Signal(object, str)

    def __init__(
        self,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException, str], None],
        dialog: QProgressDialog | None,
    ):
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self._dialog = dialog
        self.succeeded.connect(self._on_worker_succeeded, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._on_worker_failed, Qt.ConnectionType.QueuedConnection)

    def _close_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None
        _ACTIVE.discard(self)

    @Slot(object)
    def _on_worker_succeeded(self, result: object) -> None:
        self._close_dialog()
        self._on_done(result)

    @Slot(object, str)
    def _on_worker_failed(self, exc: BaseException, details: str) -> None:
        self._close_dialog()
        self._on_error(exc, details)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self._fn = fn
        self._relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:
            self._relay.failed.emit(exc, "".join(traceback.format_exception(exc)))
        else:
            self._relay.succeeded.emit(result)


# Relays of running jobs: kept alive here until their result has been delivered.
_ACTIVE: set[_Relay] = set()


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException, str], None],
    parent: QWidget | None = None,
    label: str | None = "正在处理，请稍候…",
) -> None:
    """Run `fn()` on the thread pool; `on_done(result)` or `on_error(exc, details)` then runs on the GUI thread.

    `fn` gets plain data only (bind it with functools.partial): no widgets, no database connection. With a
    `label`, a busy dialog modal to `parent`'s window shows while the work lasts longer than SHOW_AFTER_MS;
    `label=None` runs quietly (a preview that shows its own progress).
    """
    if SYNCHRONOUS:
        try:
            result = fn()
        except Exception as exc:
            on_error(exc, "".join(traceback.format_exception(exc)))
            return
        on_done(result)
        return
    dialog = None
    if label is not None:
        dialog = QProgressDialog(label, "", 0, 0, parent)
        dialog.setWindowTitle("请稍候")
        dialog.setCancelButton(None)  # a running Python function cannot be interrupted safely
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        # A busy range is 0..0, so value 0 is already the maximum: without these the dialog would close at once.
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)  # starts the timer that shows the dialog after SHOW_AFTER_MS
    relay = _Relay(on_done, on_error, dialog)
    _ACTIVE.add(relay)
    QThreadPool.globalInstance().start(_Job(fn, relay))


def wait_for_background(timeout_ms: int = 30_000) -> bool:
    """Block until the pool is idle (tests, and the app before it closes); True when it is."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


def busy() -> bool:
    """True while any job's result is still to be delivered."""
    return bool(_ACTIVE)


__all__ = ["SYNCHRONOUS", "run_in_background", "wait_for_background", "busy"]
