from __future__ import annotations

import strawberry

from backend.api.context import Info
from backend.api.errors import resolve_or_raise
from backend.api.permissions import requires
from backend.api.relay import Connection, build_connection, decode_optional_id
from backend.auth.roles import Capability
from backend.housing import services
from backend.housing.types import Compound, Dwelling


@strawberry.input(description="Compound filter 小区筛选.")
class CompoundFilter:
    community_id: strawberry.ID | None = strawberry.field(
        default=None, description="Community 社区."
    )
    name_prefix: str | None = strawberry.field(
        default=None, description="Name starts with 名称前缀."
    )


@strawberry.input(description="Dwelling filter 房屋筛选.")
class DwellingFilter:
    compound_id: strawberry.ID | None = strawberry.field(default=None, description="Compound 小区.")
    building_id: strawberry.ID | None = strawberry.field(default=None, description="Building 楼栋.")


@strawberry.type
class HousingQuery:
    @strawberry.field(
        description="Compounds in scope 小区列表.",
        permission_classes=[requires(Capability.STRUCTURE_READ)],
    )
    async def compounds(
        self,
        info: Info,
        filter: CompoundFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Compound]:
        ctx = info.context
        f = filter or CompoundFilter()

        async def run() -> Connection[Compound]:
            qs = services.filter_compounds(
                ctx.scope,
                community_id=decode_optional_id(f.community_id, "Division", "filter.communityId"),
                name_prefix=f.name_prefix,
            )
            return await build_connection(qs, Compound.from_model, first=first, after=after)

        return await resolve_or_raise(run, ctx.lang)

    @strawberry.field(
        description="Dwellings in scope 房屋列表.",
        permission_classes=[requires(Capability.STRUCTURE_READ)],
    )
    async def dwellings(
        self,
        info: Info,
        filter: DwellingFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Dwelling]:
        ctx = info.context
        f = filter or DwellingFilter()

        async def run() -> Connection[Dwelling]:
            qs = services.filter_dwellings(
                ctx.scope,
                compound_id=decode_optional_id(f.compound_id, "Compound", "filter.compoundId"),
                building_id=decode_optional_id(f.building_id, "Building", "filter.buildingId"),
            )
            return await build_connection(qs, Dwelling.from_model, first=first, after=after)

        return await resolve_or_raise(run, ctx.lang)
