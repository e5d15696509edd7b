from __future__ import annotations

import datetime as dt

import pytest

from backend.core.errors import DomainError, ErrorCode
from backend.core.validators import (
    division_prefix,
    id_birth_date,
    id_gender,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
    validate_division_code,
    validate_geojson_boundary,
)

VALID_ID = "11010519491231002X"  # the GB 11643 standard's own example


def _code(call) -> ErrorCode:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as info:
        call()
    return info.value.code


def test_standard_example_id_number_is_valid_and_decoded() -> None:
    assert normalize_id_number(" 11010519491231002x ") == VALID_ID
    assert id_birth_date(VALID_ID) == dt.date(1949, 12, 31)
    assert id_gender(VALID_ID) == "FEMALE"
    assert mask_id_number(VALID_ID) == "110105********002X"


@pytest.mark.parametrize(
    "value",
    [
        "110105194912310021",  # wrong check character
        "11010519491231002",  # 17 characters
        "1101051949123100X2",  # X not in last place
        "110105194902300027",  # 30 February
        "110105209912310027",  # born in the future
        "",
    ],
)
def test_invalid_id_numbers_are_rejected(value: str) -> None:
    expected = ErrorCode.REQUIRED if not value else ErrorCode.INVALID_ID_NUMBER
    assert _code(lambda: normalize_id_number(value)) == expected


def test_phone_is_normalised_and_masked() -> None:
    assert normalize_phone("+86 138-1234-5678") == "13812345678"
    assert mask_phone("13812345678") == "138****5678"


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "138123456789", "abc"])
def test_invalid_phones_are_rejected(value: str) -> None:
    assert _code(lambda: normalize_phone(value)) == ErrorCode.INVALID_PHONE


def test_division_codes_follow_six_three_three_under_their_parent() -> None:
    assert validate_division_code("110105000000", "DISTRICT", None) == "110105000000"
    assert validate_division_code("110105001000", "SUBDISTRICT", "110105000000") == "110105001000"
    assert validate_division_code("110105001002", "COMMUNITY", "110105001000") == "110105001002"
    assert division_prefix("110105001000") == "110105001"


@pytest.mark.parametrize(
    ("code", "level", "parent", "expected"),
    [
        ("11010500100", "SUBDISTRICT", "110105000000", ErrorCode.INVALID_DIVISION_CODE),
        ("11010500100A", "SUBDISTRICT", "110105000000", ErrorCode.INVALID_DIVISION_CODE),
        ("110105001001", "SUBDISTRICT", "110105000000", ErrorCode.INVALID_DIVISION_CODE),
        ("110100000000", "DISTRICT", None, ErrorCode.INVALID_DIVISION_CODE),
        ("110106001000", "SUBDISTRICT", "110105000000", ErrorCode.DIVISION_CODE_OUTSIDE_PARENT),
        ("110105002001", "COMMUNITY", "110105001000", ErrorCode.DIVISION_CODE_OUTSIDE_PARENT),
    ],
)
def test_bad_division_codes_are_rejected(
    code: str, level: str, parent: str | None, expected: ErrorCode
) -> None:
    assert _code(lambda: validate_division_code(code, level, parent)) == expected


def test_geojson_boundary_must_be_a_closed_polygon() -> None:
    square = {
        "type": "Polygon",
        "coordinates": [[[116.4, 39.9], [116.5, 39.9], [116.5, 40.0], [116.4, 39.9]]],
    }
    assert validate_geojson_boundary(square) == square
    open_ring = {
        "type": "Polygon",
        "coordinates": [[[116.4, 39.9], [116.5, 39.9], [116.5, 40.0], [116.4, 40.0]]],
    }
    assert _code(lambda: validate_geojson_boundary(open_ring)) == ErrorCode.INVALID_GEOJSON
    assert (
        _code(lambda: validate_geojson_boundary({"type": "Point", "coordinates": [1, 2]}))
        == ErrorCode.INVALID_GEOJSON
    )
