"""One writer per SQLite file: a lock file beside the database naming who holds it, since when, with a heartbeat.
`WriterLock` is the object a program holds while it writes (the desktop app for its whole run; the command line
next), and `Access` how the app holds its database: as that writer, or read-only."""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from desktop.db.connection import is_url
from desktop.domain.errors import DomainError

log = logging.getLogger("zwgk.lock")

# A holder on another PC cannot be asked whether it still runs: its lock counts as live until its heartbeat is
# this old. A running app refreshes the heartbeat every HEARTBEAT_EVERY, so only a crashed or cut-off PC ages.
STALE_AFTER = timedelta(hours=12)
HEARTBEAT_EVERY = timedelta(minutes=5)
_TIME = "%Y-%m-%dT%H:%M:%S"


class Holder(NamedTuple):
    """What the lock file says: who opened the database, on which PC and process, since when."""

    user: str
    host: str
    pid: int
    since: datetime
    heartbeat: datetime
    token: str

    def describe(self) -> str:
        return f"{self.user}（{self.host}）于 {self.since:%Y-%m-%d %H:%M}"

    def to_json(self) -> str:
        data = self._asdict()
        data["since"] = self.since.strftime(_TIME)
        data["heartbeat"] = self.heartbeat.strftime(_TIME)
        return json.dumps(data, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Holder:
        data = json.loads(text)
        since = datetime.strptime(data["since"], _TIME)
        heartbeat = datetime.strptime(data["heartbeat"], _TIME) if data.get("heartbeat") else since
        return cls(str(data["user"]), str(data["host"]), int(data["pid"]), since, heartbeat, str(data.get("token", "")))

    @property
    def on_this_host(self) -> bool:
        return self.host.casefold() == socket.gethostname().casefold()


class DatabaseInUse(DomainError):
    """Another live copy of the app has the database open for writing."""

    def __init__(self, holder: Holder):
        super().__init__(f"该数据库正由 {holder.describe()} 打开使用")
        self.holder = holder


def lock_path(db_path: str | Path) -> Path:
    path = Path(db_path)
    return path.with_name(path.name + ".lock")


def read_holder(db_path: str | Path) -> Holder | None:
    """The holder named in the lock file; None when there is none or it cannot be read (a torn write)."""
    try:
        return Holder.from_json(lock_path(db_path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("锁文件无法读取，视为失效：%s", exc)
        return None


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this PC."""
    if pid <= 0:
        return False
    if os.name == "nt":
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, owned by someone else
        return True
    return True


def _pid_alive_windows(pid: int) -> bool:
    # os.kill(pid, 0) would terminate the process on Windows, so ask the kernel instead.
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # ERROR_ACCESS_DENIED: exists, not ours to query
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def is_live(holder: Holder, now: datetime | None = None) -> bool:
    """Whether the holder still has the database open, as far as can be told from here."""
    now = now or datetime.now()
    if now - holder.heartbeat > STALE_AFTER:
        # Also on this PC: a process id that is alive after so long without a heartbeat belongs to another program.
        return False
    if holder.on_this_host:
        return pid_alive(holder.pid)
    return True


def held_by_other(db_path: str | Path) -> Holder | None:
    """The live holder of the database if it is not this process."""
    holder = read_holder(db_path)
    if holder is None or not is_live(holder):
        return None
    if holder.on_this_host and holder.pid == os.getpid():
        return None
    return holder


class Lock:
    """This process holds the database for writing until `release()`; `touch()` keeps the heartbeat fresh."""

    def __init__(self, db_path: Path, holder: Holder, previous: Holder | None = None):
        self.db_path = db_path
        self.path = lock_path(db_path)
        self.holder = holder
        self.previous = previous
        self.released = False

    @property
    def note(self) -> str:
        """Said once after taking over a stale lock (the previous session ended without closing)."""
        if self.previous is None:
            return ""
        return (
            f"上次由 {self.previous.describe()} 打开后未正常关闭（最后确认于 "
            f"{self.previous.heartbeat:%Y-%m-%d %H:%M}），已接管"
        )

    def touch(self, user: str | None = None) -> bool:
        """Refresh the heartbeat (and the user's name after login); False when the lock is no longer ours."""
        if self.released:
            return False
        current = read_holder(self.db_path)
        if current is not None and current.token != self.holder.token:
            log.error("数据库锁已被 %s 接管", current.describe())
            return False
        self.holder = self.holder._replace(
            user=user or self.holder.user, heartbeat=datetime.now().replace(microsecond=0)
        )
        try:
            if current is None:
                _create(self.path, self.holder)
            else:
                _overwrite(self.path, self.holder)
        except FileExistsError:
            return False
        except OSError as exc:  # a share that went away for a moment: the next touch tries again
            log.warning("无法刷新数据库锁：%s", exc)
        return True

    def release(self) -> None:
        """Remove the lock file if it is still ours (never someone else's who took it over)."""
        if self.released:
            return
        self.released = True
        current = read_holder(self.db_path)
        if current is None or current.token != self.holder.token:
            return
        try:
            self.path.unlink()
        except OSError as exc:
            log.warning("无法删除锁文件 %s：%s", self.path, exc)

    def __enter__(self) -> Lock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def acquire(db_path: str | Path, user: str) -> Lock:
    """Take the database for writing, or raise DatabaseInUse naming the live holder. A stale lock (dead process,
    or no heartbeat for STALE_AFTER) is taken over and `Lock.note` says so."""
    db_path = Path(db_path)
    now = datetime.now().replace(microsecond=0)
    mine = Holder(user, socket.gethostname(), os.getpid(), now, now, uuid.uuid4().hex)
    path = lock_path(db_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # first start: the database's folder is made next
        _create(path, mine)
        return Lock(db_path, mine)
    except FileExistsError:
        pass
    except OSError as exc:
        raise DomainError(f"无法在数据库所在文件夹建立锁文件（{exc}），可能没有写入权限") from exc
    previous = read_holder(db_path)
    if previous is not None and is_live(previous):
        raise DatabaseInUse(previous)
    try:
        _overwrite(path, mine)
    except OSError as exc:
        raise DomainError(f"无法接管锁文件 {path.name}（{exc}）") from exc
    # Two copies taking over at the same moment: the last write wins, the other sees a different token and yields.
    current = read_holder(db_path)
    if current is None or current.token != mine.token:
        if current is not None:
            raise DatabaseInUse(current)
        raise DomainError(f"无法接管锁文件 {path.name}")
    lock = Lock(db_path, mine, previous)
    if previous is not None:
        log.warning("%s", lock.note)
    return lock


def _create(path: Path, holder: Holder) -> None:
    # O_EXCL makes creating the file the test-and-set: of two copies starting together exactly one succeeds.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, holder.to_json().encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _overwrite(path: Path, holder: Holder) -> None:
    # Written aside and renamed, so that a reader never sees half a file.
    tmp = path.with_name(f"{path.name}.{holder.token[:8]}.tmp")
    tmp.write_text(holder.to_json(), encoding="utf-8")
    os.replace(tmp, path)


# -- the lock a program holds -----------------------------------------------------------------------------------


class WriterLock:
    """This process's claim to be the one writer of a database, with a plain API for the app and the command line:
    `acquire()` takes it (or raises DatabaseInUse naming the live holder, DomainError when the folder refuses the
    lock file), `heartbeat()` keeps it fresh, `rename()` names the signed-in user, `release()` gives it up; also a
    context manager. A PostgreSQL URL needs no lock file — the server serialises writers itself — so its lock
    holds nothing but is used the same way."""

    def __init__(self, target: str | Path, user: str):
        self.target = target
        self.user = user
        self._lock: Lock | None = None
        self._held = False
        self._lost_told = False

    @property
    def file_based(self) -> bool:
        return not is_url(self.target)

    @property
    def held(self) -> bool:
        return self._held

    @property
    def previous(self) -> Holder | None:
        """Who held the file last when that session ended without closing (a crash or a power cut), else None."""
        return self._lock.previous if self._lock is not None else None

    @property
    def note(self) -> str:
        """Said once after taking over a stale lock."""
        return self._lock.note if self._lock is not None else ""

    def acquire(self) -> WriterLock:
        if self._held:
            return self
        if self.file_based:
            self._lock = acquire(Path(self.target), self.user)
        self._held, self._lost_told = True, False
        return self

    def rename(self, user: str) -> None:
        """The lock names `user` from now on (after login, instead of the OS login name)."""
        self.user = user
        if self._lock is not None:
            self._lock.touch(user)

    def touch(self) -> bool:
        """Refresh the heartbeat; False when the lock is not held or was taken over or deleted meanwhile."""
        if not self._held:
            return False
        return self._lock.touch() if self._lock is not None else True

    def heartbeat(self) -> str | None:
        """`touch()`, called every HEARTBEAT_EVERY while the program runs. The first time the lock turns out to be
        lost, the message to show the user (once: a warning every five minutes would help nobody); else None."""
        if self.touch() or self._lost_told or not self._held:
            return None
        self._lost_told = True
        holder = read_holder(self.target)
        who = f"已被 {holder.describe()} 接管" if holder else "已被删除"
        return f"数据库的使用锁{who}。为避免两处同时修改，请保存手头的工作后关闭本软件。"

    def release(self) -> None:
        """Give the database up; the lock file goes only if it is still ours. Releasing twice does nothing."""
        if self._lock is not None:
            self._lock.release()
        self._lock, self._held = None, False

    def __enter__(self) -> WriterLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


@dataclass
class Access:
    """How this copy of the app holds its database: as the one writer (`lock` held) or read-only (`lock` None,
    because another copy writes). `user` is who acts: the OS login until someone signs in."""

    target: str | Path
    lock: WriterLock | None
    read_only: bool
    user: str = ""

    @property
    def note(self) -> str:
        return self.lock.note if self.lock is not None else ""

    @property
    def crashed(self) -> bool:
        """The last session on this file ended without closing: pages may be damaged."""
        return self.lock is not None and self.lock.previous is not None

    @property
    def acting_user(self) -> str:
        """Who a restore is logged as: the signed-in user, or 系统 before anyone signed in."""
        return self.user or "系统"

    def sign_in(self, user: str) -> None:
        self.user = user
        if self.lock is not None:
            self.lock.rename(user)

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
