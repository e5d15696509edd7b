"""Encryption at rest and keyed lookup hashes for personal data (ID numbers, phones).

Ciphertext layout: 1 version byte, 4-byte key id, 12-byte nonce, AES-256-GCM ciphertext+tag.
The key id lets old keys keep decrypting after rotation (DATA_ENCRYPTION_OLD_KEYS) while
``gongzhi`` re-encrypts rows with the current key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from backend.config import get_settings

_VERSION = b"\x01"


class CryptoError(RuntimeError):
    pass


def _decode_key(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError as exc:
        raise CryptoError("DATA_ENCRYPTION_KEY must be 32 bytes, url-safe base64") from exc
    if len(key) != 32:
        raise CryptoError("DATA_ENCRYPTION_KEY must be 32 bytes, url-safe base64")
    return key


def _key_id(key: bytes) -> bytes:
    return hashlib.sha256(b"gongzhi-key-id" + key).digest()[:4]


class PersonalDataCipher:
    def __init__(self, current_key: str, old_keys: tuple[str, ...], hash_key: str) -> None:
        if not hash_key:
            raise CryptoError("DATA_HASH_KEY is not set")
        current = _decode_key(current_key)
        self._current_id = _key_id(current)
        self._current = AESGCM(current)
        self._by_id = {self._current_id: self._current}
        for old in old_keys:
            raw = _decode_key(old)
            self._by_id.setdefault(_key_id(raw), AESGCM(raw))
        self._hash_key = hash_key.encode()

    def encrypt(self, plaintext: str, context: bytes) -> bytes:
        nonce = os.urandom(12)
        sealed = self._current.encrypt(nonce, plaintext.encode(), context)
        return _VERSION + self._current_id + nonce + sealed

    def decrypt(self, blob: bytes, context: bytes) -> str:
        if not blob or blob[:1] != _VERSION:
            raise CryptoError("unknown ciphertext version")
        aead = self._by_id.get(bytes(blob[1:5]))
        if aead is None:
            raise CryptoError("ciphertext was made with a key that is not configured")
        return aead.decrypt(bytes(blob[5:17]), bytes(blob[17:]), context).decode()

    def is_current(self, blob: bytes) -> bool:
        return bytes(blob[1:5]) == self._current_id

    def lookup_hash(self, value: str, context: bytes) -> str:
        return hmac.new(self._hash_key, context + b":" + value.encode(), hashlib.sha256).hexdigest()


@lru_cache(maxsize=1)
def get_cipher() -> PersonalDataCipher:
    settings = get_settings()
    return PersonalDataCipher(
        settings.data_encryption_key, settings.data_encryption_old_keys, settings.data_hash_key
    )


ID_NUMBER = b"id_number"
PHONE = b"phone"
