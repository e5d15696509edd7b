"""Households in the dwellings of each grid, and the residents who make them up."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from backend.demo.families import Family, FamilyMaker, Member
from backend.demo.identity import IdentityMaker
from backend.demo.names import NameMaker
from backend.demo.plan import REFERENCE_DATE, HouseholdPlan, Plan, ResidentPlan
from backend.grids.models import GridKind

VACANCY = 0.06

# Collective households (集体户) have no dwelling: (size range, age range, share floating).
_DEDICATED_COLLECTIVES = (((12, 18), (23, 58), 0.2), ((18, 26), (20, 45), 0.6))
_COMMUNITY_COLLECTIVE = ((3, 6), (20, 70), 0.5)


@dataclass
class Placed:
    """A household as planned, with what the care-tag and ownership passes need to know."""

    index: int
    family: Family
    community: int
    dwelling: int | None
    residents: list[int] = field(default_factory=list)  # aligned with family.members


@dataclass
class Occupancy:
    households: list[Placed]
    vacant: dict[int, list[int]]  # community → dwellings nobody lives in


class Populator:
    def __init__(
        self, plan: Plan, rng: random.Random, names: NameMaker, ids: IdentityMaker
    ) -> None:
        self._plan = plan
        self._rng = rng
        self._names = names
        self._ids = ids
        self._families = FamilyMaker(rng, names)
        self._numbers: dict[int, int] = {}

    def populate(self) -> Occupancy:
        plan = self._plan
        by_grid: dict[int, list[int]] = {}
        for index, flat in enumerate(plan.dwellings):
            by_grid.setdefault(plan.buildings[flat.building].grid, []).append(index)
        placed: list[Placed] = []
        vacant: dict[int, list[int]] = {}
        first_grid_of: set[int] = set()
        for grid_index, grid in enumerate(plan.grids):
            if grid.kind is GridKind.DEDICATED:
                for sizes, ages, floating in _DEDICATED_COLLECTIVES:
                    family = self._families.collective(self._rng.randint(*sizes), ages, floating)
                    placed.append(self._place(family, grid_index, None))
                continue
            people = 0
            if grid.community not in first_grid_of:
                first_grid_of.add(grid.community)
                sizes, ages, floating = _COMMUNITY_COLLECTIVE
                family = self._families.collective(self._rng.randint(*sizes), ages, floating)
                placed.append(self._place(family, grid_index, None))
                people += len(family.members)
            target = grid.population
            for dwelling in by_grid.get(grid_index, []):
                if people >= target or self._rng.random() < VACANCY:
                    vacant.setdefault(grid.community, []).append(dwelling)
                    continue
                family = self._families.family()
                placed.append(self._place(family, grid_index, dwelling))
                people += len(family.members)
        return Occupancy(placed, vacant)

    def _place(self, family: Family, grid: int, dwelling: int | None) -> Placed:
        plan = self._plan
        sequence = self._numbers[grid] = self._numbers.get(grid, 0) + 1
        # Not the "<grid>-H<6-digit id>" form the services generate, so they never collide.
        number = f"{plan.grids[grid].code}-{sequence:04d}"
        plan.households.append(HouseholdPlan(number, grid, dwelling))
        household = len(plan.households) - 1
        placed = Placed(household, family, plan.grids[grid].community, dwelling)
        for member in family.members:
            plan.residents.append(self._resident(member, household, grid))
            placed.residents.append(len(plan.residents) - 1)
        return placed

    def _resident(self, member: Member, household: int, grid: int) -> ResidentPlan:
        rng = self._rng
        latest = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - member.age)
        birth = latest - dt.timedelta(days=rng.randrange(365))
        return ResidentPlan(
            name=self._names.full(member.gender, birth.year, member.surname),
            gender=member.gender,
            birth_date=birth,
            id_number=self._ids.id_number(birth, member.gender),
            phone=self._ids.phone() if rng.random() < _phone_share(member.age) else None,
            residency=member.residency,
            household=household,
            relation=member.relation,
            grid=grid,
        )


def _phone_share(age: int) -> float:
    """Children under 16 are not given a phone in the register."""
    if age < 16:
        return 0.0
    if age < 18:
        return 0.6
    if age < 70:
        return 0.95
    return 0.8 if age < 80 else 0.55
