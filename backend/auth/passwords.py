"""Staff passwords: argon2id hashes and the minimum rules."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from backend.core.errors import DomainError, ErrorCode

MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the username is unknown, so both paths take the same time.
_DUMMY_HASH = _hasher.hash("gongzhi-timing-equaliser")


def check_password_rules(password: str, username: str | None, field: str = "password") -> None:
    has_letter = any(c.isalpha() for c in password)
    has_digit = any(c.isdigit() for c in password)
    too_simple = username is not None and username.lower() in password.lower()
    if len(password) < MIN_PASSWORD_LENGTH or not (has_letter and has_digit) or too_simple:
        raise DomainError(ErrorCode.WEAK_PASSWORD, field, min=MIN_PASSWORD_LENGTH)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher.check_needs_rehash(stored)
