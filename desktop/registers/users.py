"""用户: accounts with a role, a unit and a memory-hard password hash; sign-in is audited."""

from __future__ import annotations

from typing import Any

import peewee as pw

from desktop.db import audit, write_transaction
from desktop.db.models import USERS, User
from desktop.db.readonly import is_read_only
from desktop.domain import vocab
from desktop.domain.errors import DomainError
from desktop.domain.passwords import check_new_password, hash_password, verify_password
from desktop.registers.base import Actor, FieldErrors, NotAllowed, Register


class Users(Register):
    def rules(self, values: dict[str, Any], old: pw.Model | None) -> dict[str, str]:
        if values.get("role") == vocab.ROLE_WINDOW and not values.get("unit"):
            return {"unit": "窗口人员必须指定所属单位"}
        stays_admin = values.get("role") == vocab.ROLE_ADMIN and values.get("active")
        if old is not None and not stays_admin and self.last_active_admin(old):
            return {"active" if values.get("role") == vocab.ROLE_ADMIN else "role": "至少要保留一名启用的管理员"}
        return {}

    def has_users(self) -> bool:
        """Whether any account exists (none: the first start asks for the first administrator)."""
        return User.select().exists()

    def last_active_admin(self, record: pw.Model) -> bool:
        """Whether `record` is the one active administrator: without it nobody could manage users and catalogues."""
        if record.role != vocab.ROLE_ADMIN or not record.active:
            return False
        others = User.select().where(
            (User.role == vocab.ROLE_ADMIN)
            & (User.active == True)  # noqa: E712
            & (User.voided == False)  # noqa: E712
            & (User.id != record.id)
        )
        return not others.exists()

    def deactivation_problem(self, record: pw.Model, actor: Actor) -> str:
        """Why `actor` may not deactivate this account (locking oneself or every administrator out), or ""."""
        if record.username == actor.username:
            return "不能停用当前登录的账号。"
        if self.last_active_admin(record):
            return "这是唯一启用的管理员账号，停用后将无人能管理用户和基础数据。"
        return ""

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
        """The Actor for a correct password of an active account; every attempt is written to the audit log."""
        user = User.get_or_none((User.username == username) & (User.voided == False))  # noqa: E712
        ok = user is not None and user.active and verify_password(user.password_hash, password)
        if not is_read_only():  # a read-only copy (another PC writes) cannot log its sign-ins
            with write_transaction():
                audit.append("登录" if ok else "登录失败", "user", username, user.uuid if user else "", username)
        if not ok:
            raise DomainError("用户名或密码错误，或账号已停用")
        return Actor(user.username, user.role, user.__data__.get("unit"))


def _self_actor(actor: Actor) -> Actor:
    # Changing one's own password is allowed to every role; the write itself goes through the admin path.
    return Actor(actor.username, vocab.ROLE_ADMIN, actor.unit_id)


USER_REGISTER = Users(USERS)
