from __future__ import annotations

import base64
import secrets

import pytest
from cryptography.exceptions import InvalidTag

from backend.core.crypto import ID_NUMBER, PHONE, CryptoError, PersonalDataCipher


def _key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def test_encryption_round_trips_and_hides_the_value() -> None:
    cipher = PersonalDataCipher(_key(), (), "hash-key")
    blob = cipher.encrypt("11010519491231002X", ID_NUMBER)
    assert b"11010519491231002X" not in blob
    assert cipher.decrypt(blob, ID_NUMBER) == "11010519491231002X"
    # Random nonces: the same value never encrypts to the same bytes.
    assert cipher.encrypt("11010519491231002X", ID_NUMBER) != blob


def test_ciphertext_is_bound_to_its_column() -> None:
    cipher = PersonalDataCipher(_key(), (), "hash-key")
    blob = cipher.encrypt("13812345678", PHONE)
    with pytest.raises(InvalidTag):
        cipher.decrypt(blob, ID_NUMBER)


def test_tampered_ciphertext_is_refused() -> None:
    cipher = PersonalDataCipher(_key(), (), "hash-key")
    blob = bytearray(cipher.encrypt("13812345678", PHONE))
    blob[-1] ^= 1
    with pytest.raises(InvalidTag):
        cipher.decrypt(bytes(blob), PHONE)


def test_key_rotation_keeps_old_rows_readable_and_writes_with_the_new_key() -> None:
    old, new = _key(), _key()
    before = PersonalDataCipher(old, (), "hash-key")
    blob = before.encrypt("13812345678", PHONE)
    after = PersonalDataCipher(new, (old,), "hash-key")
    assert after.decrypt(blob, PHONE) == "13812345678"
    assert not after.is_current(blob)
    assert after.is_current(after.encrypt("13812345678", PHONE))
    without_old = PersonalDataCipher(new, (), "hash-key")
    with pytest.raises(CryptoError):
        without_old.decrypt(blob, PHONE)


def test_lookup_hash_is_keyed_and_stable() -> None:
    a = PersonalDataCipher(_key(), (), "hash-key")
    b = PersonalDataCipher(_key(), (), "hash-key")
    other = PersonalDataCipher(_key(), (), "another-key")
    assert a.lookup_hash("13812345678", PHONE) == b.lookup_hash("13812345678", PHONE)
    assert a.lookup_hash("13812345678", PHONE) != other.lookup_hash("13812345678", PHONE)
    assert a.lookup_hash("13812345678", PHONE) != a.lookup_hash("13812345678", ID_NUMBER)


def test_a_key_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(CryptoError):
        PersonalDataCipher(base64.urlsafe_b64encode(b"short").decode(), (), "hash-key")
