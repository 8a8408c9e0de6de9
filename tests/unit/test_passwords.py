"""Tests for password hashing and the new-password rule."""

import pytest
from argon2 import PasswordHasher

from desktop.domain.errors import DomainError
from desktop.domain.passwords import check_new_password, hash_password, needs_rehash, verify_password


@pytest.fixture(scope="module")
def stored():
    return hash_password("政务公开2024!")


def test_hash_is_argon2id_and_salted(stored):
    assert stored.startswith("$argon2id$")
    assert "政务公开2024!" not in stored
    assert hash_password("政务公开2024!") != stored  # fresh salt every time


def test_verify(stored):
    assert verify_password(stored, "政务公开2024!")
    assert not verify_password(stored, "政务公开2024")
    assert not verify_password(stored, "")


def test_verify_damaged_hash_is_false_not_an_error():
    assert not verify_password("not-a-hash", "whatever1")
    assert not verify_password("", "whatever1")


def test_needs_rehash(stored):
    assert not needs_rehash(stored)
    assert needs_rehash(PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("weak-params"))
    assert needs_rehash("not-a-hash")


@pytest.mark.parametrize("password", ["12345678", "政务公开台账密码", " with space "])
def test_new_password_of_8_or_more_characters_is_accepted(password):
    assert check_new_password(password) == password


@pytest.mark.parametrize(
    ("password", "message"), [("", "请填写密码"), ("        ", "请填写密码"), ("1234567", "至少需要8个字符")]
)
def test_new_password_rule(password, message):
    with pytest.raises(DomainError, match=message):
        check_new_password(password, field="password")
