"""用户: accounts with a role, a unit and a memory-hard password hash; sign-in is audited."""

from __future__ import annotations

import hashlib
import json
import math
from datetime import datetime
from typing import Any

import peewee as pw

from desktop.db import audit, write_transaction
from desktop.db.models import USERS, Setting, User
from desktop.db.portable import upsert
from desktop.db.readonly import is_read_only
from desktop.domain import vocab
from desktop.domain.errors import DomainError
from desktop.domain.passwords import (
    DUMMY_HASH,
    check_new_password,
    hash_password,
    lockout_after,
    verify_password,
)
from desktop.registers.base import Actor, FieldErrors, NotAllowed, Register


class Users(Register):
    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        if values.get("role") == vocab.ROLE_WINDOW and not values.get("unit"):
            return {"unit": "窗口人员必须指定所属单位"}
        stays_admin = values.get("role") == vocab.ROLE_ADMIN and values.get("active")
        if old is not None and old.role == vocab.ROLE_ADMIN and old.active and not stays_admin:
            others = (
                User.select()
                .where(
                    (User.role == vocab.ROLE_ADMIN)
                    & (User.active == True)  # noqa: E712
                    & (User.voided == False)  # noqa: E712
                    & (User.id != old.id)
                )
                .exists()
            )  # noqa: E712
            if not others:
                return {"active" if values.get("role") == vocab.ROLE_ADMIN else "role": "至少要保留一名启用的管理员"}
        return {}

    def add(
        self, username: str, password: str, role: str, actor: Actor, full_name: str = "", unit: Any = None
    ) -> pw.Model:
        """Create an account; the password is checked and stored only as its hash."""
        try:
            check_new_password(password)
        except DomainError as exc:
            raise FieldErrors({"password_hash": exc.message}, {"password_hash": "密码"}) from exc
        record, _ = self.save(
            {
                "username": username,
                "full_name": full_name,
                "role": role,
                "unit": unit,
                "password_hash": hash_password(password),
            },
            actor,
        )
        return record

    def set_password(self, user_id: int, password: str, actor: Actor) -> None:
        target = self.get(user_id)
        if not actor.is_admin and actor.username != target.username:
            raise NotAllowed("只能修改自己的密码；重置他人密码需要管理员")
        check_new_password(password)
        self.save(
            {"password_hash": hash_password(password)},
            actor if actor.is_admin else _self_actor(actor),
            record_id=user_id,
        )

    def authenticate(self, username: str, password: str) -> Actor:
        """The Actor for a correct password of an active account; every attempt is written to the audit log.
        After repeated failures the name is locked for a while (domain.passwords.lockout_after), known or not."""
        now = _now()
        failures, locked_until = _failures(username)
        if locked_until is not None and now < locked_until:
            wait = math.ceil((locked_until - now).total_seconds())
            raise DomainError(f"连续{failures}次登录失败，该用户名已暂时锁定，请{_wait_text(wait)}后再试")
        user = User.get_or_none((User.username == username) & (User.voided == False))  # noqa: E712
        can_sign_in = user is not None and user.active
        # Always one argon2 round, so that an unknown name or a disabled account answers as slowly as a wrong
        # password and cannot be told apart by timing.
        password_ok = verify_password(user.password_hash if can_sign_in else DUMMY_HASH, password)
        ok = can_sign_in and password_ok
        failures = 0 if ok else failures + 1
        if not is_read_only():  # a read-only copy (another PC writes) cannot log its sign-ins
            with write_transaction():
                audit.append("登录" if ok else "登录失败", "user", username, user.uuid if user else "", username)
                _store_failures(username, failures, now)
        else:
            _READ_ONLY_FAILURES[username] = (failures, now)
        if not ok:
            lock = lockout_after(failures)
            if lock:
                raise DomainError(
                    f"用户名或密码错误，或账号已停用；连续{failures}次失败，请{_wait_text(int(lock.total_seconds()))}后再试"
                )
            raise DomainError("用户名或密码错误，或账号已停用")
        return Actor(user.username, user.role, user.__data__.get("unit"))


# Failed sign-ins in a row per user name, kept in Setting (a row per name that failed since its last success) so
# that the lockout survives restarting the app; a read-only copy keeps them in memory.
_READ_ONLY_FAILURES: dict[str, tuple[int, datetime]] = {}
_TIME = "%Y-%m-%dT%H:%M:%S"


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _failure_key(username: str) -> str:
    # Setting keys are 64 characters; a user name may be as long and may hold anything, so key by its hash.
    return "login_failures:" + hashlib.sha256(username.encode("utf-8")).hexdigest()[:40]


def _failures(username: str) -> tuple[int, datetime | None]:
    """(failed attempts in a row, until when sign-in is refused or None)."""
    if username in _READ_ONLY_FAILURES:
        count, last = _READ_ONLY_FAILURES[username]
    else:
        row = Setting.get_or_none(Setting.key == _failure_key(username))
        if row is None:
            return 0, None
        try:
            data = json.loads(row.value)
            count, last = int(data["n"]), datetime.strptime(data["last"], _TIME)
        except (ValueError, KeyError, TypeError):
            return 0, None
    lock = lockout_after(count)
    return count, (last + lock) if lock else None


def _store_failures(username: str, failures: int, now: datetime) -> None:
    key = _failure_key(username)
    if failures == 0:
        Setting.delete().where(Setting.key == key).execute()
    else:
        upsert(Setting, Setting.key, key=key, value=json.dumps({"n": failures, "last": now.strftime(_TIME)}))


def _wait_text(seconds: int) -> str:
    return f"{seconds}秒" if seconds < 120 else f"{(seconds + 59) // 60}分钟"


def _self_actor(actor: Actor) -> Actor:
    # Changing one's own password is allowed to every role; the write itself goes through the admin path.
    return Actor(actor.username, vocab.ROLE_ADMIN, actor.unit_id)


USER_REGISTER = Users(USERS)
