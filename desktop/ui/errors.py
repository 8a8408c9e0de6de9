"""Friendly Chinese error dialogs with details on demand, and the one excepthook that logs to a rotating file."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

# Dialog classes are named through the module, where they are used: PySide6 creates a class with all its enums
# when it is first named (QMessageBox 0.5 ms), and a start without errors or questions need not pay for that.
from PySide6 import QtWidgets
from PySide6.QtWidgets import QApplication, QWidget

from desktop import APP_NAME

log = logging.getLogger("zwgk")


def setup_logging(folder: Path) -> Path:
    """A rotating log (1 MB × 5) in the data folder; returns its path."""
    from logging.handlers import RotatingFileHandler  # here: the module and its pickle and queue are 2 ms of start-up

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "zwgk.log"
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def error_dialog(parent: QWidget | None, message: str, details: str = "", title: str = "出错了") -> None:
    """calibre's error_dialog: a short message, the technical details behind a button."""
    message_box = QtWidgets.QMessageBox
    box = message_box(message_box.Icon.Warning, title, message, message_box.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.exec()


def _excepthook(kind, value, tb) -> None:
    details = "".join(traceback.format_exception(kind, value, tb))
    log.error("未处理的异常\n%s", details)
    if QApplication.instance() is None:
        sys.__excepthook__(kind, value, tb)
        return
    error_dialog(
        QApplication.activeWindow(),
        f"{APP_NAME}遇到意外错误，刚才的操作可能没有完成。\n已保存的数据不受影响。请把详细信息复制给管理员。",
        details,
        "意外错误",
    )


def install_excepthook() -> None:
    sys.excepthook = _excepthook
