from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from backend.api.context import Info
from backend.api.errors import resolve_or_raise
from backend.api.node import register_node
from backend.api.relay import Connection, Node, selected_node_fields, to_global_id
from backend.core.pagination import decode_cursor, page_by_id, validate_page_args
from backend.grids import models
from backend.grids.models import GridKind
from backend.residents.types import CareTagKind, Household, Resident

if TYPE_CHECKING:
    from backend.divisions.types import Division

strawberry.enum(
    models.GridKind, description="Grid kind: COMPREHENSIVE 综合网格 or DEDICATED 专属网格."
)


@strawberry.type(description="网格员: a staff member working one or more grids.")
class GridWorker(Node):
    _m: strawberry.Private[models.GridWorker]
    name: str = strawberry.field(description="Name 姓名.")
    employee_no: str = strawberry.field(description="Staff number 工号.")

    @classmethod
    def from_model(cls, m: models.GridWorker) -> GridWorker:
        return cls(
            _m=m, id=to_global_id("GridWorker", m.pk), name=m.name, employee_no=m.employee_no
        )

    @strawberry.field(description="Grids this worker is assigned to 负责网格.")
    async def grids(self, info: Info) -> list[Grid]:
        assignments = await info.context.grids.assignments_by_worker.load(self._m.pk)
        rows = await info.context.grids.by_id.load_many([a.grid_id for a in assignments])
        return [Grid.from_model(r) for r in rows if r is not None]


@strawberry.type(description="A worker's assignment to a grid 网格分配.")
class GridAssignment:
    worker: GridWorker = strawberry.field(description="The worker 网格员.")
    is_leader: bool = strawberry.field(description="Grid leader 网格长.")


@strawberry.type(description="Residents with a care tag in a grid 关爱对象统计.")
class CareTagCount:
    kind: CareTagKind = strawberry.field(description="Care tag 关爱类别.")
    count: int = strawberry.field(description="Residents 人数.")


@strawberry.type(description="网格: the unit whose register a grid worker keeps.")
class Grid(Node):
    _m: strawberry.Private[models.Grid]
    code: str = strawberry.field(description="Grid code 网格编码.")
    name: str = strawberry.field(description="Name 名称.")
    kind: GridKind = strawberry.field(description="Kind 类型.")
    target_households_min: int = strawberry.field(
        description="Guidance: fewest households 建议户数下限 (shown, not enforced)."
    )
    target_households_max: int = strawberry.field(
        description="Guidance: most households 建议户数上限 (shown, not enforced)."
    )
    boundary: JSON | None = strawberry.field(description="GeoJSON boundary 边界.")

    @classmethod
    def from_model(cls, m: models.Grid) -> Grid:
        return cls(
            _m=m,
            id=to_global_id("Grid", m.pk),
            code=m.code,
            name=m.name,
            kind=m.kind,
            target_households_min=m.target_households_min,
            target_households_max=m.target_households_max,
            boundary=m.boundary,
        )

    @strawberry.field(description="Community the grid belongs to 所属社区.")
    async def community(
        self, info: Info
    ) -> Annotated[Division, strawberry.lazy("backend.divisions.types")] | None:
        from backend.divisions.types import load_division

        return await load_division(info, self._m.community_id)

    @strawberry.field(description="Workers assigned, leader first 网格员.")
    async def assignments(self, info: Info) -> list[GridAssignment]:
        assignments = await info.context.grids.assignments_by_grid.load(self._m.pk)
        workers = await info.context.grids.workers_by_id.load_many(
            [a.worker_id for a in assignments]
        )
        return [
            GridAssignment(worker=GridWorker.from_model(w), is_leader=a.is_leader)
            for a, w in zip(assignments, workers, strict=True)
            if w is not None
        ]

    @strawberry.field(
        description="Residents of the grid in registration order 网格居民 (all grids of a page "
        "are fetched in one statement)."
    )
    async def residents(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[Resident]:
        ctx = info.context

        async def run() -> Connection[Resident]:
            size, _ = validate_page_args(first, None, ctx.settings.max_page_size)
            after_id = decode_cursor(after, "after")[1] if after else 0
            # The page statement reads the household and care tags too when they are selected.
            fields = selected_node_fields(info)
            household, tags = "household" in fields, "careTags" in fields
            key = (self._m.pk, size, after_id, household, tags)
            page = page_by_id(await ctx.residents.pages_by_grid.load(key), size, after is not None)
            today = dt.date.today()
            homes: dict[int, Household] = {}  # one object per household on the page

            async def count() -> int:
                return await ctx.grids.resident_counts.load(self._m.pk)

            return Connection.from_page(
                page, lambda row: Resident.from_row(row, today, household, homes), count
            )

        return await resolve_or_raise(run, ctx.lang)

    @strawberry.field(description="Households registered in the grid 户数.")
    async def household_count(self, info: Info) -> int:
        return await info.context.grids.household_counts.load(self._m.pk)

    @strawberry.field(description="Residents registered in the grid 人数.")
    async def resident_count(self, info: Info) -> int:
        return await info.context.grids.resident_counts.load(self._m.pk)

    @strawberry.field(description="Residents per care tag 关爱对象人数 (tags with none omitted).")
    async def care_tag_counts(self, info: Info) -> list[CareTagCount]:
        counts = await info.context.grids.care_tag_counts.load(self._m.pk)
        return [CareTagCount(kind=k, count=n) for k, n in sorted(counts.items())]  # type: ignore[arg-type]


async def load_grid(info: Info, pk: int) -> Grid | None:
    """The grid with this id if the caller may see it (batched per request)."""
    row = await info.context.grids.by_id.load(pk)
    return Grid.from_model(row) if row else None


register_node("Grid", lambda ctx: ctx.grids.by_id, Grid.from_model)
register_node("GridWorker", lambda ctx: ctx.grids.workers_by_id, GridWorker.from_model)
