"""Sign-in lockout after repeated failures, and no user enumeration by timing (issue 13, item 6)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher, extract_parameters

from desktop.db.models import AuditEntry
from desktop.domain import passwords, vocab
from desktop.domain.errors import DomainError
from desktop.registers import SYSTEM
from desktop.registers import users as users_module
from desktop.registers.users import USER_REGISTER


@pytest.fixture
def clock(monkeypatch):
    """A settable clock for the register's notion of now."""
    now = [datetime(2026, 12, 2, 9, 0, 0)]
    monkeypatch.setattr(users_module, "_now", lambda: now[0])
    return now


@pytest.fixture
def zhang(db):
    USER_REGISTER.add("zhang", "correct horse", vocab.ROLE_OFFICE, SYSTEM)
    return "zhang"


def _fail(username: str, times: int) -> str:
    message = ""
    for _ in range(times):
        with pytest.raises(DomainError) as err:
            USER_REGISTER.authenticate(username, "wrong password")
        message = err.value.message
    return message


def test_five_failures_lock_the_name_even_for_the_right_password(zhang, clock):
    last = _fail(zhang, 5)
    assert "连续5次失败" in last and "30秒" in last
    with pytest.raises(DomainError, match="已暂时锁定.*30秒"):
        USER_REGISTER.authenticate(zhang, "correct horse")
    clock[0] += timedelta(seconds=29)
    with pytest.raises(DomainError, match="已暂时锁定"):
        USER_REGISTER.authenticate(zhang, "correct horse")
    clock[0] += timedelta(seconds=2)
    assert USER_REGISTER.authenticate(zhang, "correct horse").username == zhang


def test_four_failures_do_not_lock_and_a_success_resets_the_count(zhang, clock):
    _fail(zhang, 4)
    assert USER_REGISTER.authenticate(zhang, "correct horse").username == zhang
    last = _fail(zhang, 4)
    assert "锁定" not in last and "后再试" not in last
    assert USER_REGISTER.authenticate(zhang, "correct horse").username == zhang


def test_delays_double_after_each_further_failure_up_to_the_cap(zhang, clock):
    _fail(zhang, 5)
    clock[0] += timedelta(seconds=31)
    assert "60秒" in _fail(zhang, 1)  # the 6th failure in a row
    clock[0] += timedelta(seconds=61)
    assert "2分钟" in _fail(zhang, 1)
    assert passwords.lockout_after(40) == passwords.MAX_LOCK == timedelta(minutes=15)


def test_the_lockout_survives_a_restart_of_the_app(zhang, clock):
    _fail(zhang, 5)
    users_module._READ_ONLY_FAILURES.clear()  # nothing kept in memory: the count is in the database
    with pytest.raises(DomainError, match="已暂时锁定"):
        USER_REGISTER.authenticate(zhang, "correct horse")


def test_an_unknown_name_is_locked_the_same_way(db, clock):
    assert "连续5次失败" in _fail("nobody", 5)
    with pytest.raises(DomainError, match="已暂时锁定"):
        USER_REGISTER.authenticate("nobody", "anything at all")


def test_unknown_name_and_disabled_account_cost_one_argon2_round(zhang, clock, monkeypatch):
    """A wrong user name must cost as long as a wrong password: the same argon2 verification runs."""
    calls: list[str] = []
    real = passwords.verify_password

    def counting(stored: str, password: str) -> bool:
        calls.append(stored)
        return real(stored, password)

    monkeypatch.setattr(users_module, "verify_password", counting)
    for name in ("nobody", zhang):
        with pytest.raises(DomainError):
            USER_REGISTER.authenticate(name, "wrong password")
    user = USER_REGISTER.model.get(USER_REGISTER.model.username == zhang)
    USER_REGISTER.model.update(active=False).where(USER_REGISTER.model.id == user.id).execute()
    with pytest.raises(DomainError):
        USER_REGISTER.authenticate(zhang, "correct horse")  # disabled: refused, after a full verification
    assert len(calls) == 3
    assert calls[0] == calls[2] == passwords.DUMMY_HASH


def test_the_dummy_hash_has_the_hashers_parameters():
    hasher = PasswordHasher()
    params = extract_parameters(passwords.DUMMY_HASH)
    assert (params.memory_cost, params.time_cost, params.parallelism) == (
        hasher.memory_cost,
        hasher.time_cost,
        hasher.parallelism,
    )
    assert not passwords.verify_password(passwords.DUMMY_HASH, "")


def test_failed_attempts_are_audited(zhang, clock):
    _fail(zhang, 2)
    USER_REGISTER.authenticate(zhang, "correct horse")
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.username == zhang).order_by(AuditEntry.id)]
    assert actions == ["登录失败", "登录失败", "登录"]
