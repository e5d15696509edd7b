from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.api.context import Info
from backend.api.node import register_node
from backend.api.relay import Node, to_global_id
from backend.divisions import models
from backend.divisions.models import DivisionLevel

if TYPE_CHECKING:
    from backend.grids.types import Grid

strawberry.enum(
    models.DivisionLevel, description="Administrative level 区划层级: 区县, 街道/乡镇, 社区/村."
)


@strawberry.type(description="行政区划: a district, subdistrict or community.")
class Division(Node):
    _m: strawberry.Private[models.Division]
    code: str = strawberry.field(description="12-digit statistical code 统计用区划代码.")
    name: str = strawberry.field(description="Name 名称.")
    level: DivisionLevel = strawberry.field(description="Level 层级.")

    @classmethod
    def from_model(cls, m: models.Division) -> Division:
        return cls(_m=m, id=to_global_id("Division", m.pk), code=m.code, name=m.name, level=m.level)

    @strawberry.field(description="Parent division 上级区划.")
    async def parent(self, info: Info) -> Division | None:
        return await load_division(info, self._m.parent_id)

    @strawberry.field(description="Child divisions 下级区划, by code.")
    async def children(self, info: Info) -> list[Division]:
        rows = await info.context.divisions.children.load(self._m.pk)
        return [Division.from_model(r) for r in rows]

    @strawberry.field(description="Grids of this community 网格 (empty above community level).")
    async def grids(
        self, info: Info
    ) -> list[Annotated[Grid, strawberry.lazy("backend.grids.types")]]:
        from backend.grids.types import Grid

        rows = await info.context.grids.by_community.load(self._m.pk)
        return [Grid.from_model(r) for r in rows]

    @strawberry.field(description="Number of grids in this division and below 网格数.")
    async def grid_count(self, info: Info) -> int:
        return await info.context.divisions.grid_counts.load(self._m.pk)

    @strawberry.field(description="Number of residents in this division and below 居民数.")
    async def resident_count(self, info: Info) -> int:
        return await info.context.divisions.resident_counts.load(self._m.pk)


async def load_division(info: Info, pk: int | None) -> Division | None:
    """The division with this id if the caller may see it (batched per request)."""
    if pk is None:
        return None
    row = await info.context.divisions.by_id.load(pk)
    return Division.from_model(row) if row else None


register_node("Division", lambda ctx: ctx.divisions.by_id, Division.from_model)
