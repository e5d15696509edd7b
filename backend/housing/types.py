from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.api.context import Info
from backend.api.node import register_node
from backend.api.relay import Node, to_global_id
from backend.housing import models

if TYPE_CHECKING:
    from backend.divisions.types import Division
    from backend.grids.types import Grid
    from backend.residents.types import Household, Resident


@strawberry.type(description="小区: a residential compound.")
class Compound(Node):
    _m: strawberry.Private[models.Compound]
    name: str = strawberry.field(description="Name 名称.")
    address: str = strawberry.field(description="Address 地址.")

    @classmethod
    def from_model(cls, m: models.Compound) -> Compound:
        return cls(_m=m, id=to_global_id("Compound", m.pk), name=m.name, address=m.address)

    @strawberry.field(description="Community 所属社区.")
    async def community(
        self, info: Info
    ) -> Annotated[Division, strawberry.lazy("backend.divisions.types")] | None:
        from backend.divisions.types import load_division

        return await load_division(info, self._m.community_id)

    @strawberry.field(description="Buildings 楼栋.")
    async def buildings(self, info: Info) -> list[Building]:
        rows = await info.context.housing.buildings_by_compound.load(self._m.pk)
        return [Building.from_model(r) for r in rows]


@strawberry.type(description="楼栋: a building in a compound, lying in one grid.")
class Building(Node):
    _m: strawberry.Private[models.Building]
    name: str = strawberry.field(description="Building name or number 楼栋号.")

    @classmethod
    def from_model(cls, m: models.Building) -> Building:
        return cls(_m=m, id=to_global_id("Building", m.pk), name=m.name)

    @strawberry.field(description="Compound 小区.")
    async def compound(self, info: Info) -> Compound | None:
        row = await info.context.housing.compounds.load(self._m.compound_id)
        return Compound.from_model(row) if row else None

    @strawberry.field(description="Grid 网格.")
    async def grid(
        self, info: Info
    ) -> Annotated[Grid, strawberry.lazy("backend.grids.types")] | None:
        from backend.grids.types import load_grid

        return await load_grid(info, self._m.grid_id)

    @strawberry.field(description="Dwellings 房屋.")
    async def dwellings(self, info: Info) -> list[Dwelling]:
        rows = await info.context.housing.dwellings_by_building.load(self._m.pk)
        return [Dwelling.from_model(r) for r in rows]


@strawberry.type(description="房屋: one dwelling unit with its floor area.")
class Dwelling(Node):
    _m: strawberry.Private[models.Dwelling]
    unit_number: str = strawberry.field(description="Unit number 房号.")
    floor_area: float = strawberry.field(description="Floor area in m² 建筑面积.")

    @classmethod
    def from_model(cls, m: models.Dwelling) -> Dwelling:
        return cls(
            _m=m,
            id=to_global_id("Dwelling", m.pk),
            unit_number=m.unit_number,
            floor_area=float(m.floor_area),
        )

    @strawberry.field(description="Building 楼栋.")
    async def building(self, info: Info) -> Building | None:
        row = await info.context.housing.buildings.load(self._m.building_id)
        return Building.from_model(row) if row else None

    @strawberry.field(description="Owners 产权人 (residents).")
    async def owners(
        self, info: Info
    ) -> list[Annotated[Resident, strawberry.lazy("backend.residents.types")]]:
        from backend.residents.types import Resident

        links = await info.context.housing.ownerships_by_dwelling.load(self._m.pk)
        rows = await info.context.residents.by_id.load_many([link.owner_id for link in links])
        return [Resident.from_model(r) for r in rows if r is not None]

    @strawberry.field(description="Households living here 住户.")
    async def households(
        self, info: Info
    ) -> list[Annotated[Household, strawberry.lazy("backend.residents.types")]]:
        from backend.residents.types import Household

        rows = await info.context.residents.households_by_dwelling.load(self._m.pk)
        return [Household.from_model(r) for r in rows]


register_node("Compound", lambda ctx: ctx.housing.compounds, Compound.from_model)
register_node("Building", lambda ctx: ctx.housing.buildings, Building.from_model)
register_node("Dwelling", lambda ctx: ctx.housing.dwellings, Dwelling.from_model)
