"""The district's map: divisions, grids and their workers, compounds, buildings, dwellings."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from backend.demo.names import NameMaker
from backend.demo.plan import (
    AssignmentPlan,
    BuildingPlan,
    CompoundPlan,
    DivisionPlan,
    DwellingPlan,
    GridPlan,
    Plan,
    WorkerPlan,
)
from backend.divisions.models import DivisionLevel
from backend.grids.models import GridKind
from backend.residents.models import Gender

DISTRICT_CODE = "110105000000"
DISTRICT_NAME = "朝阳区"
AREA_CODE = DISTRICT_CODE[:6]

# (code, name, [(community code, community name, street, dedicated unit or None), ...])
SUBDISTRICTS = (
    (
        "110105001000",
        "建外街道",
        (
            ("110105001001", "永安里社区", "建国门外大街", "建外第一小学"),
            ("110105001002", "光华里社区", "光华路", None),
        ),
    ),
    (
        "110105002000",
        "朝外街道",
        (
            ("110105002001", "吉祥里社区", "朝阳门外大街", "朝外医院"),
            ("110105002002", "雅宝里社区", "雅宝路", None),
        ),
    ),
)

COMPREHENSIVE_GRIDS_PER_COMMUNITY = 5
# Residents per comprehensive grid; 20 grids × 250 keeps the district above 5,000 people.
GRID_POPULATION = (250, 290)
# Flats built per planned resident: households average ~2.8 people and some flats stand
# empty. A grid that runs out of flats ends a few people short of its plan; that is rare
# and keeps the housing from being mostly empty.
DWELLINGS_PER_RESIDENT = 1 / 2.45
_ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Style:
    """A building type: storeys × stairwells (单元) × flats per landing, and flat sizes."""

    floors: tuple[int, int]
    units: int
    per_floor: int
    area: tuple[float, float, float]  # low, mode, high in m²
    buildings: tuple[int, int]  # how many such buildings a compound has


WALK_UP = Style((5, 6), 3, 2, (45.0, 62.0, 95.0), (6, 10))  # 1980s–90s 老旧小区
MID_RISE = Style((9, 12), 2, 2, (70.0, 96.0, 140.0), (4, 8))
HIGH_RISE = Style((15, 24), 2, 2, (80.0, 118.0, 180.0), (3, 5))

# Compounds per community in the order grids are drawn over them; more than the grids need.
_COMPOUNDS: dict[str, tuple[tuple[str, Style], ...]] = {
    "110105001001": (
        ("永安里东区", WALK_UP),
        ("永安里西区", WALK_UP),
        ("建外八号院", MID_RISE),
        ("秀水花园", HIGH_RISE),
        ("永安嘉园", MID_RISE),
    ),
    "110105001002": (
        ("光华里小区", WALK_UP),
        ("光华东里", WALK_UP),
        ("金桐家园", MID_RISE),
        ("光华国际公寓", HIGH_RISE),
        ("光华西里", WALK_UP),
    ),
    "110105002001": (
        ("吉祥里小区", WALK_UP),
        ("吉庆里", WALK_UP),
        ("朝外丰和园", MID_RISE),
        ("吉祥嘉苑", HIGH_RISE),
        ("芳草地西街小区", WALK_UP),
    ),
    "110105002002": (
        ("雅宝里小区", WALK_UP),
        ("雅宝公寓", HIGH_RISE),
        ("日坛北里", WALK_UP),
        ("雅宝花园", MID_RISE),
        ("神路街小区", WALK_UP),
    ),
}


def lay_out(plan: Plan, rng: random.Random, names: NameMaker) -> None:
    district = _division(plan, DISTRICT_CODE, DISTRICT_NAME, DivisionLevel.DISTRICT, None)
    for sub_code, sub_name, communities in SUBDISTRICTS:
        sub = _division(plan, sub_code, sub_name, DivisionLevel.SUBDISTRICT, district)
        for code, name, street, dedicated in communities:
            community = _division(plan, code, name, DivisionLevel.COMMUNITY, sub)
            grids = _grids(plan, rng, community, dedicated)
            _staff(plan, rng, names, grids)
            _housing(plan, rng, community, street, grids[:COMPREHENSIVE_GRIDS_PER_COMMUNITY])


def _division(plan: Plan, code: str, name: str, level: DivisionLevel, parent: int | None) -> int:
    plan.divisions.append(DivisionPlan(code, name, level, parent))
    return len(plan.divisions) - 1


def _grids(plan: Plan, rng: random.Random, community: int, dedicated: str | None) -> list[int]:
    division = plan.divisions[community]
    short = division.name.removesuffix("社区")
    specs = [
        (f"{short}第{_ORDINALS[i]}网格", GridKind.COMPREHENSIVE)
        for i in range(COMPREHENSIVE_GRIDS_PER_COMMUNITY)
    ]
    if dedicated:
        specs.append((f"{dedicated}专属网格", GridKind.DEDICATED))
    ordinal = sum(1 for d in plan.divisions if d.level is DivisionLevel.COMMUNITY) - 1
    indexes = []
    for i, (name, kind) in enumerate(specs):
        code = f"{division.code}{i + 1:03d}"
        grid = GridPlan(code, name, kind, community, _square(ordinal, i))
        if kind is GridKind.COMPREHENSIVE:
            grid.population = rng.randint(*GRID_POPULATION)
        plan.grids.append(grid)
        indexes.append(len(plan.grids) - 1)
    return indexes


def _square(community: int, grid: int) -> dict[str, Any]:
    """A small rectangle east of Beijing's centre so maps have something to draw."""
    west = round(116.430 + 0.012 * community + 0.002 * grid, 6)
    south = round(39.905 + 0.004 * (community % 2), 6)
    east, north = round(west + 0.002, 6), round(south + 0.004, 6)
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def _staff(plan: Plan, rng: random.Random, names: NameMaker, grids: list[int]) -> None:
    """One leader (网格长) per grid; two full-time grid workers share the community's grids."""

    def hire() -> int:
        gender = rng.choice((Gender.MALE, Gender.FEMALE))
        number = f"{AREA_CODE}-W{len(plan.workers) + 1:03d}"
        plan.workers.append(WorkerPlan(number, names.full(gender, rng.randint(1970, 1998))))
        return len(plan.workers) - 1

    for grid in grids:
        plan.assignments.append(AssignmentPlan(grid, hire(), is_leader=True))
    half = (len(grids) + 1) // 2
    for share in (grids[:half], grids[half:]):
        worker = hire()
        plan.assignments.extend(AssignmentPlan(g, worker, is_leader=False) for g in share)


def _housing(plan: Plan, rng: random.Random, community: int, street: str, grids: list[int]) -> None:
    """Buildings fill grid after grid; a compound may straddle two grids, as real ones do."""
    compounds = iter(_COMPOUNDS[plan.divisions[community].code])
    compound = style = None
    left = built = 0
    for grid in grids:
        wanted = math.ceil(plan.grids[grid].population * DWELLINGS_PER_RESIDENT)
        while wanted > 0:
            if compound is None or left == 0:
                name, style = next(compounds)
                address = f"{street}{rng.randint(1, 120)}号"
                plan.compounds.append(CompoundPlan(community, name, address))
                compound = len(plan.compounds) - 1
                left, built = rng.randint(*style.buildings), 0
            assert style is not None
            built += 1
            plan.buildings.append(BuildingPlan(compound, f"{built}号楼", grid))
            wanted -= _flats(plan, rng, len(plan.buildings) - 1, style, wanted)
            left -= 1


def _flats(plan: Plan, rng: random.Random, building: int, style: Style, wanted: int) -> int:
    """Lay out one building's flats; the grid's last building gets only the floors it needs."""
    per_storey = style.units * style.per_floor
    low_floors, high_floors = style.floors
    floors = min(rng.randint(low_floors, high_floors), max(low_floors, -(-wanted // per_storey)))
    low, mode, high = style.area
    # Flats stacked above each other share a floor plan, hence one area per stack.
    stacks = {
        (unit, room): Decimal(f"{rng.triangular(low, high, mode):.2f}")
        for unit in range(1, style.units + 1)
        for room in range(1, style.per_floor + 1)
    }
    for unit in range(1, style.units + 1):
        for floor in range(1, floors + 1):
            for room in range(1, style.per_floor + 1):
                label = f"{unit}-{floor}{room:02d}"
                plan.dwellings.append(DwellingPlan(building, label, stacks[(unit, room)]))
    return floors * per_storey
