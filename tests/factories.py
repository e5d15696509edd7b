"""Builders for test data that go through the services, so tests start from valid states."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from backend.auth.scope import Scope
from backend.core.validators import id_check_character
from backend.divisions.models import Division, DivisionLevel
from backend.grids.models import Grid, GridWorker
from backend.housing.models import Building, Compound, Dwelling
from backend.residents import services
from backend.residents.models import Household, Residency, Resident

EVERYTHING = Scope.everything()
_sequence = itertools.count(1)


def make_id_number(
    birth: dt.date = dt.date(1980, 5, 17), male: bool = True, area: str = "110105"
) -> str:
    """A valid GB 11643 number; the sequence keeps numbers unique within a test run."""
    seq = next(_sequence) % 500
    order = seq * 2 + (1 if male else 0)
    first17 = f"{area}{birth:%Y%m%d}{order:03d}"
    return first17 + id_check_character(first17)


async def make_tree() -> dict[str, Division]:
    district = await Division.create(
        code="110105000000", name="朝阳区", level=DivisionLevel.DISTRICT
    )
    sub = await Division.create(
        code="110105001000", name="建外街道", level=DivisionLevel.SUBDISTRICT, parent=district
    )
    sub2 = await Division.create(
        code="110105002000", name="朝外街道", level=DivisionLevel.SUBDISTRICT, parent=district
    )
    c1 = await Division.create(
        code="110105001001", name="永安里社区", level=DivisionLevel.COMMUNITY, parent=sub
    )
    c2 = await Division.create(
        code="110105002001", name="吉祥里社区", level=DivisionLevel.COMMUNITY, parent=sub2
    )
    return {"district": district, "sub": sub, "sub2": sub2, "c1": c1, "c2": c2}


async def make_grid(community: Division, code: str) -> Grid:
    return await Grid.create(code=code, name=f"{code} 网格", community=community)


async def make_worker(name: str = "王网格", employee_no: str | None = None) -> GridWorker:
    return await GridWorker.create(name=name, employee_no=employee_no or f"W{next(_sequence):05d}")


async def make_dwelling(grid: Grid, compound_name: str = "安和小区", unit: str = "101") -> Dwelling:
    compound, _ = await Compound.get_or_create(
        name=compound_name, community_id=grid.community_id, defaults={"address": "建国路 1 号"}
    )
    building, _ = await Building.get_or_create(
        compound=compound, name=f"{grid.code} 号楼", defaults={"grid": grid}
    )
    return await Dwelling.create(building=building, unit_number=unit, floor_area=Decimal("88.50"))


async def make_household(grid: Grid, dwelling: Dwelling | None = None) -> Household:
    return await services.create_household(
        EVERYTHING, None, grid.pk, dwelling.pk if dwelling else None
    )


async def make_resident(
    grid: Grid,
    name: str = "张三",
    *,
    household: Household | None = None,
    birth: dt.date = dt.date(1980, 5, 17),
    male: bool = True,
    phone: str | None = "13812341234",
    relation: str | None = None,
) -> Resident:
    from backend.residents.models import RelationToHead

    return await services.create_resident(
        EVERYTHING,
        services.ResidentData(
            name=name,
            id_number=make_id_number(birth, male),
            residency=Residency.REGISTERED,
            phone=phone,
            household_id=household.pk if household else None,
            relation_to_head=RelationToHead(relation) if relation else None,
            grid_id=None if household else grid.pk,
        ),
    )
