"""The demo register as plain data, built before anything touches the database.

Rows point at each other by position in the plan's lists, because database ids are only
known after the insert (bulk inserts do not return them on every backend).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from backend.divisions.models import DivisionLevel
from backend.grids.models import GridKind
from backend.residents.models import CareTagKind, Gender, RelationToHead, Residency, VisitTier

# Ages are counted at this date so a seed gives the same people whatever day it runs.
REFERENCE_DATE = dt.date(2026, 1, 1)


@dataclass
class DivisionPlan:
    code: str
    name: str
    level: DivisionLevel
    parent: int | None


@dataclass
class GridPlan:
    code: str
    name: str
    kind: GridKind
    community: int
    boundary: dict[str, Any]
    population: int = 0  # residents to plan for; guides the generator, not stored


@dataclass
class WorkerPlan:
    employee_no: str
    name: str


@dataclass
class AssignmentPlan:
    grid: int
    worker: int
    is_leader: bool


@dataclass
class CompoundPlan:
    community: int
    name: str
    address: str


@dataclass
class BuildingPlan:
    compound: int
    name: str
    grid: int


@dataclass
class DwellingPlan:
    building: int
    unit_number: str
    floor_area: Decimal


@dataclass
class HouseholdPlan:
    number: str
    grid: int
    dwelling: int | None


@dataclass
class ResidentPlan:
    name: str
    gender: Gender
    birth_date: dt.date
    id_number: str
    phone: str | None
    residency: Residency
    household: int
    relation: RelationToHead
    grid: int


@dataclass
class CareTagPlan:
    resident: int
    kind: CareTagKind
    tier: VisitTier


@dataclass
class OwnerPlan:
    dwelling: int
    owner: int


@dataclass
class Plan:
    divisions: list[DivisionPlan] = field(default_factory=list)
    grids: list[GridPlan] = field(default_factory=list)
    workers: list[WorkerPlan] = field(default_factory=list)
    assignments: list[AssignmentPlan] = field(default_factory=list)
    compounds: list[CompoundPlan] = field(default_factory=list)
    buildings: list[BuildingPlan] = field(default_factory=list)
    dwellings: list[DwellingPlan] = field(default_factory=list)
    households: list[HouseholdPlan] = field(default_factory=list)
    residents: list[ResidentPlan] = field(default_factory=list)
    care_tags: list[CareTagPlan] = field(default_factory=list)
    owners: list[OwnerPlan] = field(default_factory=list)


def age_on(birth: dt.date, day: dt.date = REFERENCE_DATE) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
