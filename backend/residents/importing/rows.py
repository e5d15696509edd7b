"""Checks of one row on its own: every cell is parsed with the register's validators."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from backend.core.errors import ErrorCode, ErrorCollector
from backend.core.validators import (
    normalize_id_number,
    normalize_phone,
    optional_text,
    positive_area,
    required_text,
)
from backend.residents.importing.columns import (
    CARE_KINDS,
    DEFAULT_TIER,
    NO,
    RELATIONS,
    RESIDENCY,
    TIERS,
    YES,
    ColumnMap,
    nfkc,
)
from backend.residents.models import RelationToHead, Residency
from backend.residents.services import NAME_MAX, CareTagData

GRID_CODE_MAX = 32  # Grid.code
HOUSEHOLD_NUMBER_MAX = 32  # Household.number
COMPOUND_MAX = 100  # Compound.name
BUILDING_MAX = 50  # Building.name
UNIT_MAX = 20  # Dwelling.unit_number

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class Place:
    """A dwelling as the sheet names it; the community comes from the row's grid."""

    compound: str
    building: str
    unit: str


@dataclass
class RowData:
    number: int  # as Excel shows it: the header is row 1
    name: str | None = None
    id_number: str | None = None
    phone: str | None = None
    residency: Residency | None = None
    grid_code: str | None = None
    household_number: str | None = None
    relation: RelationToHead | None = None
    place: Place | None = None
    floor_area: Decimal | None = None
    care_tags: list[CareTagData] = field(default_factory=list)
    owner: bool = False
    errors: ErrorCollector = field(default_factory=ErrorCollector)


def parse_row(number: int, cells: list[str], columns: ColumnMap) -> RowData:
    def cell(key: str) -> str:
        return columns.value(cells, key)

    row = RowData(number)
    e = row.errors
    row.name = e.check(required_text, cell("name"), "name", NAME_MAX)
    row.id_number = e.check(normalize_id_number, nfkc(cell("idNumber")))
    phone = nfkc(cell("phone"))
    row.phone = e.check(normalize_phone, phone) if phone else None
    row.residency = _choice(e, RESIDENCY, cell("residency"), "residency", required=True)
    row.grid_code = e.check(required_text, nfkc(cell("gridCode")), "gridCode", GRID_CODE_MAX)
    number_text = nfkc(cell("householdNumber"))
    row.household_number = (
        e.check(optional_text, number_text, "householdNumber", HOUSEHOLD_NUMBER_MAX) or None
    )
    row.relation = _choice(e, RELATIONS, cell("relationToHead"), "relationToHead")
    if row.relation is not None and not number_text:
        # As in create_resident: a relation to a head means nothing without a household.
        e.add(ErrorCode.REQUIRED, "householdNumber")
    _parse_place(row, cell("compound"), cell("building"), cell("unit"), cell("floorArea"))
    row.care_tags = _care_tags(e, cell("careTags"))
    row.owner = _yes_no(e, cell("owner"))
    if row.owner and row.place is None and not _has_place_error(e):
        e.add(ErrorCode.REQUIRED, "compound")
    return row


def _choice(
    e: ErrorCollector, table: dict[str, E], text: str, key: str, *, required: bool = False
) -> E | None:
    word = nfkc(text).lower()
    if not word:
        if required:
            e.add(ErrorCode.REQUIRED, key)
        return None
    value = table.get(word)
    if value is None:
        e.add(ErrorCode.INVALID, key)
    return value


def _parse_place(row: RowData, compound: str, building: str, unit: str, area: str) -> None:
    e = row.errors
    if not (compound or building or unit or area):
        return
    texts = (
        e.check(required_text, compound, "compound", COMPOUND_MAX),
        e.check(required_text, building, "building", BUILDING_MAX),
        e.check(required_text, unit, "unit", UNIT_MAX),
    )
    # The area is needed only when the dwelling is new, which the plan decides.
    row.floor_area = e.check(positive_area, nfkc(area)) if nfkc(area) else None
    if all(texts):
        row.place = Place(*texts)


def _has_place_error(e: ErrorCollector) -> bool:
    return any(e.has(key) for key in ("compound", "building", "unit", "floorArea"))


_TAG_SEPARATORS = re.compile(r"[;,、\n]")


def _care_tags(e: ErrorCollector, text: str) -> list[CareTagData]:
    """``独居老人:HIGH;残疾:重点``; a tag without a tier gets the default tier."""
    tags = []
    for part in _TAG_SEPARATORS.split(nfkc(text)):
        if not part.strip():
            continue
        kind_text, _, tier_text = part.partition(":")
        kind = CARE_KINDS.get(kind_text.strip().lower())
        tier = TIERS.get(tier_text.strip().lower()) if tier_text.strip() else DEFAULT_TIER
        if kind is None or tier is None:
            e.add(ErrorCode.INVALID, "careTags")
            return []
        tags.append(CareTagData(kind=kind, tier=tier))
    if len({t.kind for t in tags}) != len(tags):
        e.add(ErrorCode.DUPLICATE, "careTags")
        return []
    return tags


def _yes_no(e: ErrorCollector, text: str) -> bool:
    word = nfkc(text).lower()
    if not word or word in NO:
        return False
    if word in YES:
        return True
    e.add(ErrorCode.INVALID, "owner")
    return False
