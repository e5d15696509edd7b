"""Key rotation, second half: rewrite ciphertexts made with an old key under the current one.

After ``DATA_ENCRYPTION_KEY`` changes (the old key moved to ``DATA_ENCRYPTION_OLD_KEYS``), rows
stay readable because each ciphertext names its key; this rewrites them so the old key can be
dropped. Batches keep memory flat on a million-row register; running it twice is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from backend.core import crypto
from backend.residents.models import Resident
from backend.special.models import SpecialPopulationRecord

SPECIAL_NOTES = b"special_notes"


@dataclass(frozen=True)
class RekeyReport:
    residents: int
    special_records: int


def _fresh(cipher: crypto.PersonalDataCipher, blob: bytes | None, context: bytes) -> bytes | None:
    if blob is None or cipher.is_current(blob):
        return None
    return cipher.encrypt(cipher.decrypt(blob, context), context)


async def reencrypt_personal_data(batch_size: int = 500) -> RekeyReport:
    cipher = crypto.get_cipher()
    residents = records = 0
    last = 0
    while True:
        rows = await Resident.filter(id__gt=last).order_by("id").limit(batch_size)
        if not rows:
            break
        async with in_transaction():
            for row in rows:
                id_blob = _fresh(cipher, row.id_number_cipher, crypto.ID_NUMBER)
                phone_blob = _fresh(cipher, row.phone_cipher, crypto.PHONE)
                changes = {}
                if id_blob is not None:
                    changes["id_number_cipher"] = id_blob
                if phone_blob is not None:
                    changes["phone_cipher"] = phone_blob
                if changes:
                    await Resident.filter(id=row.pk).update(**changes)
                    residents += 1
        last = rows[-1].pk
    last = 0
    while True:
        specials = (
            await SpecialPopulationRecord.filter(id__gt=last).order_by("id").limit(batch_size)
        )
        if not specials:
            break
        async with in_transaction():
            for record in specials:
                notes = _fresh(cipher, record.notes_cipher, SPECIAL_NOTES)
                if notes is not None:
                    await SpecialPopulationRecord.filter(id=record.pk).update(notes_cipher=notes)
                    records += 1
        last = specials[-1].pk
    return RekeyReport(residents=residents, special_records=records)
