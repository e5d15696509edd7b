"""Checks of rows against each other and the database, in a few bulk queries, and the plan of
what the import creates. Rules follow ``create_resident`` and ``create_household``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from backend.auth.scope import Scope
from backend.core import crypto
from backend.core.errors import ErrorCode
from backend.grids.models import Grid
from backend.housing.models import Building, Compound, Dwelling
from backend.residents.importing.report import ImportCounts
from backend.residents.importing.rows import Place, RowData
from backend.residents.models import Household, RelationToHead, Resident

# Keeps every IN (...) list under SQLite's oldest limit of 999 bound parameters.
CHUNK = 500

T = TypeVar("T")
CompoundKey = tuple[int, str]  # community id, compound name
BuildingKey = tuple[int, str, str]  # community id, compound name, building name
PlaceKey = tuple[int, Place]  # community id, dwelling as named in the sheet


def chunked(values: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    items = list(values)
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class GridRef:
    id: int
    community_id: int


@dataclass
class BuildingState:
    id: int | None  # None: created by this import
    grid_id: int


@dataclass
class DwellingState:
    id: int | None
    floor_area: Decimal


@dataclass
class HouseholdState:
    id: int | None
    grid_id: int
    dwelling_id: int | None = None  # its dwelling in the database
    place: PlaceKey | None = None  # the dwelling the file places it in
    has_head: bool = False
    moves_in: bool = False  # an existing household without a dwelling that the file places


@dataclass
class Entry:
    """A row that passed every check, with what the plan resolved for it."""

    row: RowData
    grid_id: int
    id_hash: str
    place: PlaceKey | None


@dataclass
class Plan:
    entries: list[Entry] = field(default_factory=list)
    grids: dict[str, GridRef] = field(default_factory=dict)
    compounds: dict[CompoundKey, int | None] = field(default_factory=dict)
    buildings: dict[BuildingKey, BuildingState] = field(default_factory=dict)
    dwellings: dict[PlaceKey, DwellingState] = field(default_factory=dict)
    households: dict[str, HouseholdState] = field(default_factory=dict)

    def counts(self) -> ImportCounts:
        return ImportCounts(
            residents=len(self.entries),
            households=sum(1 for h in self.households.values() if h.id is None),
            dwellings=sum(1 for d in self.dwellings.values() if d.id is None),
            compounds=sum(1 for c in self.compounds.values() if c is None),
            buildings=sum(1 for b in self.buildings.values() if b.id is None),
            owners=sum(1 for e in self.entries if e.row.owner),
            care_tags=sum(len(e.row.care_tags) for e in self.entries),
        )


async def build_plan(rows: list[RowData], scope: Scope) -> Plan:
    """Record every cross-row and database problem on its row; the plan is usable when no row
    has errors."""
    plan = Plan()
    cipher = crypto.get_cipher()
    hashes = {
        r.number: cipher.lookup_hash(r.id_number, crypto.ID_NUMBER) for r in rows if r.id_number
    }
    await _load_grids(plan, scope, {r.grid_code for r in rows if r.grid_code})
    taken = await _existing_hashes(set(hashes.values()))
    await _load_households(plan, {r.household_number for r in rows if r.household_number})
    await _load_housing(plan, _communities_placed(plan, rows))

    seen: set[str] = set()
    for row in rows:
        e = row.errors
        grid = plan.grids.get(row.grid_code) if row.grid_code else None
        if row.grid_code and grid is None:
            # Outside the caller's scope is reported exactly like a code that does not exist.
            e.add(ErrorCode.NOT_FOUND, "gridCode")
        digest = hashes.get(row.number)
        if digest is not None:
            if digest in seen or digest in taken:
                e.add(ErrorCode.DUPLICATE, "idNumber")
            seen.add(digest)
        if grid is None:
            continue
        place = _check_place(plan, row, grid) if row.place else None
        if row.household_number:
            _check_household(plan, row, grid, place)
        if not row.errors.errors and digest is not None:
            plan.entries.append(Entry(row, grid.id, digest, place))
    return plan


def _communities_placed(plan: Plan, rows: list[RowData]) -> set[int]:
    grids = (plan.grids.get(r.grid_code) for r in rows if r.place and r.grid_code)
    return {g.community_id for g in grids if g is not None}


def _check_place(plan: Plan, row: RowData, grid: GridRef) -> PlaceKey | None:
    assert row.place is not None
    e = row.errors
    compound_key = (grid.community_id, row.place.compound)
    building_key = (*compound_key, row.place.building)
    building = plan.buildings.get(building_key)
    if building is None:
        plan.compounds.setdefault(compound_key, None)
        plan.buildings[building_key] = BuildingState(None, grid.id)
    elif building.grid_id != grid.id:
        # A building lies in one grid; its households and residents must be in that grid.
        e.add(ErrorCode.GRID_MISMATCH, "building")
        return None
    key = (grid.community_id, row.place)
    dwelling = plan.dwellings.get(key)
    if dwelling is None:
        if row.floor_area is None:
            if not e.has("floorArea"):
                e.add(ErrorCode.REQUIRED, "floorArea")
            return None
        plan.dwellings[key] = DwellingState(None, row.floor_area)
    elif row.floor_area is not None and row.floor_area != dwelling.floor_area:
        # The owners' vote weighs by area: a differing figure is a question for staff, not a
        # value to overwrite silently.
        e.add(ErrorCode.CONFLICT, "floorArea")
    return key


def _check_household(plan: Plan, row: RowData, grid: GridRef, place: PlaceKey | None) -> None:
    assert row.household_number is not None
    e = row.errors
    household = plan.households.get(row.household_number)
    if household is None:
        household = HouseholdState(None, grid.id, place=place)
        plan.households[row.household_number] = household
    elif household.grid_id != grid.id:
        e.add(ErrorCode.GRID_MISMATCH, "gridCode")
        return
    elif place is not None and not _same_dwelling(plan, household, place):
        e.add(ErrorCode.CONFLICT, "unit")
    if row.relation == RelationToHead.HEAD:
        if household.has_head:
            e.add(ErrorCode.HOUSEHOLD_HAS_HEAD, "relationToHead")
        household.has_head = True


def _same_dwelling(plan: Plan, household: HouseholdState, place: PlaceKey) -> bool:
    """Whether the household already lives there; a household without one moves in."""
    if household.dwelling_id is not None:
        return plan.dwellings[place].id == household.dwelling_id
    if household.place is None:
        household.place = place
        household.moves_in = household.id is not None
    return household.place == place


async def _load_grids(plan: Plan, scope: Scope, codes: set[str]) -> None:
    for part in chunked(sorted(codes)):
        for g in await scope.grids(Grid.filter(code__in=part)).values("id", "code", "community_id"):
            plan.grids[g["code"]] = GridRef(g["id"], g["community_id"])


async def _existing_hashes(digests: set[str]) -> set[str]:
    taken: set[str] = set()
    for part in chunked(sorted(digests)):
        found = await Resident.filter(id_number_hash__in=part).values_list(
            "id_number_hash", flat=True
        )
        taken.update(str(d) for d in found)
    return taken


async def _load_households(plan: Plan, numbers: set[str]) -> None:
    # Household numbers are unique across the register, so one outside the caller's scope is
    # found too; its grid then differs from the row's grid and the row reports GRID_MISMATCH.
    by_id: dict[int, HouseholdState] = {}
    for part in chunked(sorted(numbers)):
        for h in await Household.filter(number__in=part).values(
            "id", "number", "grid_id", "dwelling_id"
        ):
            state = HouseholdState(h["id"], h["grid_id"], dwelling_id=h["dwelling_id"])
            plan.households[h["number"]] = by_id[h["id"]] = state
    for ids in chunked(sorted(by_id)):
        heads = await Resident.filter(
            household_id__in=ids, relation_to_head=RelationToHead.HEAD
        ).values("household_id")
        for head in heads:
            by_id[head["household_id"]].has_head = True


async def _load_housing(plan: Plan, community_ids: set[int]) -> None:
    """Compounds, buildings and dwellings of the communities the file places residents in."""
    compounds: dict[int, CompoundKey] = {}
    for part in chunked(sorted(community_ids)):
        for c in await Compound.filter(community_id__in=part).values("id", "community_id", "name"):
            compounds[c["id"]] = (c["community_id"], c["name"])
            plan.compounds[compounds[c["id"]]] = c["id"]
    buildings: dict[int, BuildingKey] = {}
    for part in chunked(sorted(compounds)):
        for b in await Building.filter(compound_id__in=part).values(
            "id", "compound_id", "name", "grid_id"
        ):
            buildings[b["id"]] = (*compounds[b["compound_id"]], b["name"])
            plan.buildings[buildings[b["id"]]] = BuildingState(b["id"], b["grid_id"])
    for part in chunked(sorted(buildings)):
        for d in await Dwelling.filter(building_id__in=part).values(
            "id", "building_id", "unit_number", "floor_area"
        ):
            community_id, compound, building = buildings[d["building_id"]]
            key = (community_id, Place(compound, building, d["unit_number"]))
            plan.dwellings[key] = DwellingState(d["id"], Decimal(d["floor_area"]))
