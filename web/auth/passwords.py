"""Password hashing with argon2id (argon2-cffi's defaults) and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10

_hasher = PasswordHasher()
# Verified when the username is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password anyone has")


class PasswordRejected(ValueError):
    """A new password that does not meet the rules, with the reason in plain words."""


def check_new_password(password: str, username: str) -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordRejected(f"the password must be at least {MIN_LENGTH} characters long")
    if password.strip().lower() == username.strip().lower():
        raise PasswordRejected("the password must not be the username")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
