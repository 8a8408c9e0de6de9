"""Before the app opens a SQLite file: which state the file is in and what to offer (the newest good backup, a new
database, quitting), decided without Qt so that the dialogs only ask. Nothing here changes the file."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from desktop.exchange.backup import BackupInfo, backups_dir, list_backups, newest_good_backup
from desktop.exchange.sqlite_file import FileCheck, FileState, check_database_file

OPEN_BACKUP = "打开最新的正常备份"
NEW_DATABASE = "新建空数据库"
QUIT = "退出"
RESTORE_NOW = "从备份恢复…"
LATER = "稍后处理"
CHECK_BEFORE_OPENING_BYTES = 256 * 1024 * 1024  # six years of an office like the demo's (43 MB a year)


class Advice(NamedTuple):
    """A file that does not open as it is: the check, the backup that may replace it, and what to ask."""

    path: Path
    check: FileCheck
    good: BackupInfo | None  # the newest backup that passes the full check, when one was looked for and found
    text: str
    options: list[str]  # button labels, the last one the Esc answer
    details: str


def pages_before_opening(path: Path, crashed: bool) -> bool:
    """Whether opening waits for the check of every page (quick_check: about 1 s per GB from the disk cache and
    10 s cold): for a file up to CHECK_BEFORE_OPENING_BYTES, and for any file whose last session ended without
    closing (a crash or a power cut is when pages get damaged). A larger file that was closed properly opens
    after the header and schema check, and its pages are read once the window is up."""
    try:
        small = path.stat().st_size <= CHECK_BEFORE_OPENING_BYTES
    except OSError:
        small = True  # missing or unreadable: the check itself says what is wrong
    return small or crashed


def details(path: Path, check: FileCheck) -> str:
    """详细信息 of the message: the file and SQLite's own words on it."""
    return f"{path}\n\n{check.report}" if check.report else str(path)


def advise(path: str | Path, *, read_only: bool = False, crashed: bool = False) -> Advice | None:
    """Check the file read-only; None when it opens as it is (sound, or a first start / an empty file that init_db
    fills), else what to tell the user and offer. A locked or forbidden file may well be fine: only a read-only
    copy (which opens the backup itself, never replacing the file under its writer) is offered a backup then."""
    path = Path(path)
    check = check_database_file(path, pages=pages_before_opening(path, crashed))
    if check.ok:
        return None
    newest = list_backups(backups_dir(path), path.stem)
    if check.state is FileState.NEW and (path.exists() or not newest):
        return None
    offer = bool(newest) and (read_only or check.state is not FileState.UNREADABLE)
    good = newest_good_backup(path) if offer else None
    if check.state is FileState.NEW:
        text = (
            f"找不到数据库文件 {path}，但它旁边有备份。\n\n"
            "如果数据库被移动或删除，请用最新的正常备份；只有确实要从头开始时才新建空数据库。"
        )
    else:
        text = check.message + "\n\n为防止损坏，该文件没有被改动。"
    if good is not None:
        text += f"\n\n最新的正常备份：{good.taken:%Y-%m-%d %H:%M}（{good.size_text}）。"
        if not read_only and path.exists():
            text += "\n打开备份时，当前文件会先另存为副本；备份之后录入的内容不在备份中，需要核对补录。"
    elif offer:
        text += "\n\n备份文件夹中没有通过检查的备份。"
    elif not newest:
        text += "\n\n没有找到备份。"
    options = (
        ([OPEN_BACKUP] if good is not None else []) + ([NEW_DATABASE] if check.state is FileState.NEW else []) + [QUIT]
    )
    return Advice(path, check, good, text, options, details(path, check))


def damaged_pages_text(check: FileCheck) -> str:
    """The warning after the page check of a large file found damage once the window was up."""
    return (
        check.message + "\n\n请尽快用“文件→从备份恢复…”换回最新的正常备份，再核对补录备份之后的内容；"
        "在此之前，读取或保存受损部分的记录可能出错。"
    )


__all__ = [
    "OPEN_BACKUP",
    "NEW_DATABASE",
    "QUIT",
    "RESTORE_NOW",
    "LATER",
    "Advice",
    "advise",
    "damaged_pages_text",
    "details",
    "pages_before_opening",
]
