"""Resident ID numbers (GB 11643) and mobile numbers that are valid and unique in one seed."""

from __future__ import annotations

import datetime as dt
import random

from backend.core.validators import id_check_character
from backend.residents.models import Gender

# Mobile number segments of the three operators (and virtual operators' 170/171).
PHONE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "170",
    "171",
    "173",
    "175",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "184",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "195",
    "198",
    "199",
)

# Odd sequences 001–997 are issued to men, even 002–998 to women; 000 never.
_SEQUENCES_PER_GENDER = 499


class IdentityMaker:
    def __init__(self, rng: random.Random, area_code: str) -> None:
        if len(area_code) != 6 or not area_code.isdigit():
            raise ValueError(area_code)
        self._rng = rng
        self._area = area_code
        self._taken: set[str] = set()
        self._phones: set[str] = set()

    def id_number(self, birth: dt.date, gender: Gender) -> str:
        """The 3-digit sequence is odd for men and even for women; the check character
        follows from the other 17 digits."""
        start = self._rng.randrange(_SEQUENCES_PER_GENDER)
        for step in range(_SEQUENCES_PER_GENDER):
            slot = (start + step) % _SEQUENCES_PER_GENDER
            order = slot * 2 + (1 if gender is Gender.MALE else 2)
            first17 = f"{self._area}{birth:%Y%m%d}{order:03d}"
            if first17 not in self._taken:
                self._taken.add(first17)
                return first17 + id_check_character(first17)
        raise RuntimeError(f"no free ID number sequence left for {birth}")

    def phone(self) -> str:
        while True:
            number = self._rng.choice(PHONE_PREFIXES) + f"{self._rng.randrange(10**8):08d}"
            if number not in self._phones:
                self._phones.add(number)
                return number
