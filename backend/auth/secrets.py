"""Random credentials and their stored forms. Only hashes of tokens and keys reach the database."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string

SESSION_TOKEN_PREFIX = "gzs_"
API_KEY_PREFIX = "gzk_"
_PREFIX_ALPHABET = string.ascii_lowercase + string.digits


def token_hash(token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough (no dictionary to attack).
    return hashlib.sha256(token.encode()).hexdigest()


def new_session_token() -> str:
    return SESSION_TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_api_key() -> tuple[str, str]:
    """A partner key and its visible prefix (``gzk_`` and 8 characters, shown in listings)."""
    visible = API_KEY_PREFIX + "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(8))
    return f"{visible}_{secrets.token_urlsafe(32)}", visible


def api_key_prefix(key: str) -> str | None:
    if not key.startswith(API_KEY_PREFIX) or len(key) < 14 or key[12] != "_":
        return None
    return key[:12]


def new_otp_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def otp_code_hash(secret_key: str, phone_hash: str, code: str) -> str:
    # Keyed by the server secret: a stolen table of 6-digit code hashes is not brute-forceable.
    return hmac.new(secret_key.encode(), f"{phone_hash}:{code}".encode(), "sha256").hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
