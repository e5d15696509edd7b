"""Validation of the identifiers a Chinese register depends on."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from backend.core.errors import DomainError, ErrorCode

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
_DIVISION_RE = re.compile(r"^\d{12}$")


def id_check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalize_id_number(value: str, field: str = "idNumber") -> str:
    """Return the canonical 18-character resident ID number (GB 11643) or raise."""
    candidate = (value or "").strip().upper()
    if not candidate:
        raise DomainError(ErrorCode.REQUIRED, field)
    if not _ID_RE.match(candidate) or id_check_character(candidate[:17]) != candidate[17]:
        raise DomainError(ErrorCode.INVALID_ID_NUMBER, field)
    try:
        birth = id_birth_date(candidate)
    except ValueError:
        raise DomainError(ErrorCode.INVALID_ID_NUMBER, field) from None
    if birth.year < 1880 or birth > dt.date.today():
        raise DomainError(ErrorCode.INVALID_ID_NUMBER, field)
    return candidate


def id_birth_date(id_number: str) -> dt.date:
    return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def id_gender(id_number: str) -> str:
    """``MALE`` for an odd sequence digit, ``FEMALE`` for an even one (GB 11643)."""
    return "MALE" if int(id_number[16]) % 2 == 1 else "FEMALE"


def mask_id_number(id_number: str) -> str:
    return id_number[:6] + "*" * 8 + id_number[14:]


def normalize_phone(value: str, field: str = "phone") -> str:
    candidate = re.sub(r"[\s-]", "", value or "")
    if candidate.startswith("+86"):
        candidate = candidate[3:]
    if not _PHONE_RE.match(candidate):
        raise DomainError(ErrorCode.INVALID_PHONE, field)
    return candidate


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[7:]


def division_level_of(code: str) -> str:
    """The level a 12-digit statistical code encodes: 6 (county) + 3 (township) + 3 (village)."""
    if not _DIVISION_RE.match(code):
        raise ValueError(code)
    county, township, village = code[:6], code[6:9], code[9:]
    # A county-level code never ends in 00: that suffix names a prefecture or province.
    if county.endswith("00") or county[:2] == "00":
        raise ValueError(code)
    if township == "000":
        if village != "000":
            raise ValueError(code)
        return "DISTRICT"
    return "SUBDISTRICT" if village == "000" else "COMMUNITY"


def division_prefix(code: str) -> str:
    """The code prefix every descendant of this division shares (6, 9 or 12 digits)."""
    if code.endswith("000000"):
        return code[:6]
    if code.endswith("000"):
        return code[:9]
    return code


def validate_division_code(
    code: str, level: str, parent_code: str | None, field: str = "code"
) -> str:
    candidate = (code or "").strip()
    try:
        actual = division_level_of(candidate)
    except ValueError:
        raise DomainError(ErrorCode.INVALID_DIVISION_CODE, field) from None
    if actual != level:
        raise DomainError(ErrorCode.INVALID_DIVISION_CODE, field)
    if parent_code is not None:
        prefix = parent_code[:6] if level == "SUBDISTRICT" else parent_code[:9]
        if not candidate.startswith(prefix):
            raise DomainError(ErrorCode.DIVISION_CODE_OUTSIDE_PARENT, field, parent=parent_code)
    return candidate


def _storable(text: str, field: str) -> str:
    # PostgreSQL text cannot hold NUL: refuse it on every backend, so both answer alike.
    if "\x00" in text:
        raise DomainError(ErrorCode.INVALID, field)
    return text


def required_text(value: str | None, field: str, max_length: int) -> str:
    text = _storable((value or "").strip(), field)
    if not text:
        raise DomainError(ErrorCode.REQUIRED, field)
    if len(text) > max_length:
        raise DomainError(ErrorCode.TOO_LONG, field, max=max_length)
    return text


def optional_text(value: str | None, field: str, max_length: int) -> str:
    text = _storable((value or "").strip(), field)
    if len(text) > max_length:
        raise DomainError(ErrorCode.TOO_LONG, field, max=max_length)
    return text


def search_prefix(value: str | None, field: str) -> str | None:
    """The text a prefix filter looks for, stripped; None when there is none."""
    return _storable((value or "").strip(), field) or None


def positive_area(value: Any, field: str = "floorArea") -> Decimal:
    try:
        area = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise DomainError(ErrorCode.INVALID, field) from None
    if not Decimal("1") <= area <= Decimal("100000"):
        raise DomainError(ErrorCode.OUT_OF_RANGE, field, min=1, max=100000)
    return area


def validate_geojson_boundary(value: Any, field: str = "boundary") -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or value.get("type") not in {"Polygon", "MultiPolygon"}:
        raise DomainError(ErrorCode.INVALID_GEOJSON, field)
    coords = value.get("coordinates")
    if not isinstance(coords, list) or not coords:
        raise DomainError(ErrorCode.INVALID_GEOJSON, field)
    polygons = coords if value["type"] == "MultiPolygon" else [coords]
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise DomainError(ErrorCode.INVALID_GEOJSON, field)
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4 or ring[0] != ring[-1]:
                raise DomainError(ErrorCode.INVALID_GEOJSON, field)
            for point in ring:
                if (
                    not isinstance(point, list)
                    or len(point) < 2
                    or not all(isinstance(c, int | float) for c in point[:2])
                    or not (-180 <= point[0] <= 180 and -90 <= point[1] <= 90)
                ):
                    raise DomainError(ErrorCode.INVALID_GEOJSON, field)
    return value
