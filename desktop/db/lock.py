"""One writer per SQLite file: a lock file beside the database naming who holds it, since when, with a heartbeat."""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

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
