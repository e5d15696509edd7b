"""Key rotation end to end: old ciphertexts stay readable, are rewritten, then the old key goes."""

from __future__ import annotations

import base64
import dataclasses
import secrets
from collections.abc import Iterator

import pytest

from backend.config import override_settings
from backend.core import crypto
from backend.residents.models import Resident
from backend.residents.rekey import reencrypt_personal_data
from tests.conftest import TEST_SETTINGS
from tests.factories import make_grid, make_resident, make_tree


def _new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


@pytest.fixture
def rotate() -> Iterator[object]:
    def use(**changes: object) -> None:
        override_settings(dataclasses.replace(TEST_SETTINGS, **changes))
        crypto.get_cipher.cache_clear()

    yield use
    override_settings(TEST_SETTINGS)
    crypto.get_cipher.cache_clear()


async def _plain(resident: Resident) -> tuple[str, str | None]:
    row = await Resident.get(id=resident.pk)
    cipher = crypto.get_cipher()
    phone = cipher.decrypt(row.phone_cipher, crypto.PHONE) if row.phone_cipher else None
    return cipher.decrypt(row.id_number_cipher, crypto.ID_NUMBER), phone


async def test_rotation_rewrites_old_ciphertexts_and_the_old_key_can_then_be_dropped(
    db, rotate
) -> None:
    tree = await make_tree()
    grid = await make_grid(tree["c1"], "G1")
    with_phone = await make_resident(grid, "甲", phone="13912345678")
    without_phone = await make_resident(grid, "乙", phone=None)
    before = {r.pk: await _plain(r) for r in (with_phone, without_phone)}
    old_key, new_key = TEST_SETTINGS.data_encryption_key, _new_key()

    rotate(data_encryption_key=new_key, data_encryption_old_keys=(old_key,))
    # Readable under the new configuration before anything is rewritten.
    assert {r.pk: await _plain(r) for r in (with_phone, without_phone)} == before
    report = await reencrypt_personal_data(batch_size=1)
    assert (report.residents, report.special_records) == (2, 0)
    assert (await reencrypt_personal_data()).residents == 0  # a second run has nothing to do

    rotate(data_encryption_key=new_key, data_encryption_old_keys=())
    assert {r.pk: await _plain(r) for r in (with_phone, without_phone)} == before
    hashes = sorted(await Resident.all().values_list("id_number_hash", flat=True))
    assert len(hashes) == 2  # lookup hashes use DATA_HASH_KEY and did not change


async def test_without_the_old_key_unrewritten_rows_cannot_be_read(db, rotate) -> None:
    tree = await make_tree()
    grid = await make_grid(tree["c1"], "G1")
    resident = await make_resident(grid, "丙")
    rotate(data_encryption_key=_new_key(), data_encryption_old_keys=())
    with pytest.raises(crypto.CryptoError):
        await _plain(resident)
