"""Revealing a resident's full ID number, phone and birth date: a reason is required and the
caller's scope applies; the API layer writes the audit entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backend.auth.scope import Scope
from backend.core import crypto
from backend.core.errors import DomainError, ErrorCode
from backend.core.lookup import get_in_scope
from backend.core.validators import optional_text
from backend.residents.models import Resident

MIN_REASON_LENGTH = 4
MAX_REASON_LENGTH = 200


@dataclass(frozen=True)
class RevealedPersonalData:
    resident: Resident
    id_number: str
    phone: str | None
    birth_date: dt.date


def check_reason(reason: str | None) -> str:
    text = optional_text(reason, "reason", MAX_REASON_LENGTH)
    if len(text) < MIN_REASON_LENGTH:
        raise DomainError(ErrorCode.REASON_REQUIRED, "reason", min=MIN_REASON_LENGTH)
    return text


async def reveal_resident(scope: Scope, pk: int, reason: str) -> RevealedPersonalData:
    check_reason(reason)
    resident = await get_in_scope(Resident, pk, scope.residents, "id")
    cipher = crypto.get_cipher()
    return RevealedPersonalData(
        resident=resident,
        id_number=cipher.decrypt(resident.id_number_cipher, crypto.ID_NUMBER),
        phone=cipher.decrypt(resident.phone_cipher, crypto.PHONE)
        if resident.phone_cipher
        else None,
        birth_date=resident.birth_date,
    )
