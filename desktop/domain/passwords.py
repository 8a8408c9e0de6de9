"""Password hashing for local user accounts (argon2id, memory-hard) and the minimum password rule."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING

from desktop.domain.errors import DomainError

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_PASSWORD_LENGTH = 8

# Sign-in lockout: after LOCK_AFTER failed attempts in a row for one user name (known or not), further attempts are
# refused for FIRST_LOCK, doubling with each failure after that up to MAX_LOCK. Five tries cover typing mistakes; a
# guesser gets about a hundred tries a day instead of one every argon2 round (a third of a second).
LOCK_AFTER = 5
FIRST_LOCK = timedelta(seconds=30)
MAX_LOCK = timedelta(minutes=15)

# A hash with the hasher's parameters of a password nobody has: verified when the user name is unknown or the
# account cannot sign in, so that a wrong user name costs as long as a wrong password (no user enumeration by
# timing). tests/unit/test_login_lockout.py checks that its parameters are the hasher's.
DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$CRgbBScJO9XnAt8f8uaO5w$FAVniVnYLJbjJh2KOqjqvt4yLojl/H2xOoJiNKVpG8M"


@cache
def _hasher() -> PasswordHasher:
    """argon2-cffi's defaults follow RFC 9106's low-memory profile (argon2id, 64 MiB, t=3): well under a second
    on an office PC, expensive enough to slow down guessing on a copied database file. Imported on first use:
    argon2 is 3 ms of every start, and the main window needs no password."""
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    """Hash a password into a self-describing argon2id string (salt and parameters included)."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True if the password matches the stored hash; a wrong password or a damaged hash gives False."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def lockout_after(failures: int) -> timedelta:
    """How long sign-in stays refused after `failures` failed attempts in a row (zero below LOCK_AFTER)."""
    if failures < LOCK_AFTER:
        return timedelta(0)
    return min(FIRST_LOCK * 2 ** min(failures - LOCK_AFTER, 16), MAX_LOCK)


def needs_rehash(password_hash: str) -> bool:
    """True if the hash was made with weaker parameters than today's, so it should be replaced after a login."""
    from argon2.exceptions import InvalidHashError

    try:
        return _hasher().check_needs_rehash(password_hash)
    except (InvalidHashError, ValueError):
        return True


def check_new_password(password: str, *, field: str | None = None) -> str:
    """Enforce the minimum rule for a new password and return it unchanged (spaces are significant)."""
    if not password or not password.strip():
        raise DomainError("请填写密码", field)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(f"密码至少需要{MIN_PASSWORD_LENGTH}个字符，当前为{len(password)}个", field)
    return password
