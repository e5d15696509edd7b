from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from backend.api.context import Info
from backend.api.errors import UserError, attempt
from backend.api.permissions import requires
from backend.api.relay import decode_id, decode_optional_id
from backend.auth.roles import Capability
from backend.grids import services
from backend.grids.types import Grid, GridKind


@strawberry.input(description="A new grid 新建网格.")
class GridCreateInput:
    code: str = strawberry.field(description="Unique grid code 网格编码.")
    name: str = strawberry.field(description="Name 名称.")
    community_id: strawberry.ID = strawberry.field(description="Community 所属社区.")
    kind: GridKind | None = strawberry.field(
        default=None, description="Kind 类型 (default COMPREHENSIVE)."
    )
    target_households_min: int | None = strawberry.field(
        default=None, description="建议户数下限 (default 300)."
    )
    target_households_max: int | None = strawberry.field(
        default=None, description="建议户数上限 (default 500)."
    )
    boundary: JSON | None = strawberry.field(
        default=None, description="GeoJSON Polygon or MultiPolygon 边界."
    )


@strawberry.input(description="Changes to a grid 修改网格; omitted fields stay as they are.")
class GridUpdateInput:
    id: strawberry.ID = strawberry.field(description="The grid.")
    name: str | None = strawberry.field(default=None, description="Name 名称.")
    community_id: strawberry.ID | None = strawberry.field(
        default=None, description="Community 所属社区."
    )
    kind: GridKind | None = strawberry.field(default=None, description="Kind 类型.")
    target_households_min: int | None = strawberry.field(default=None, description="建议户数下限.")
    target_households_max: int | None = strawberry.field(default=None, description="建议户数上限.")
    boundary: JSON | None = strawberry.field(default=None, description="GeoJSON boundary 边界.")
    clear_boundary: bool = strawberry.field(
        default=False, description="Remove the boundary 清除边界."
    )


@strawberry.input(description="Assign a worker to a grid 分配网格员.")
class GridWorkerAssignInput:
    grid_id: strawberry.ID = strawberry.field(description="The grid 网格.")
    worker_id: strawberry.ID = strawberry.field(description="The worker 网格员.")
    is_leader: bool = strawberry.field(
        default=False, description="Make this worker the leader 网格长."
    )
    remove: bool = strawberry.field(default=False, description="Unassign instead 取消分配.")


@strawberry.type(description="Result of a grid mutation.")
class GridPayload:
    grid: Grid | None = strawberry.field(description="The grid after the change.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


def _payload(row, errors: list[UserError]) -> GridPayload:
    return GridPayload(grid=Grid.from_model(row) if row else None, errors=errors)


@strawberry.type
class GridMutation:
    @strawberry.mutation(
        description="Create a grid 新建网格.",
        permission_classes=[requires(Capability.GRID_MANAGE)],
    )
    async def grid_create(self, info: Info, input: GridCreateInput) -> GridPayload:
        ctx = info.context

        async def run():
            data = services.GridData(
                code=input.code,
                name=input.name,
                kind=input.kind,
                community_id=decode_id(input.community_id, "Division", "communityId"),
                target_households_min=input.target_households_min,
                target_households_max=input.target_households_max,
                boundary=input.boundary,
            )
            return await services.create_grid(ctx.scope, data)

        return _payload(*await attempt(info, run, input))

    @strawberry.mutation(
        description="Update a grid 修改网格.",
        permission_classes=[requires(Capability.GRID_MANAGE)],
    )
    async def grid_update(self, info: Info, input: GridUpdateInput) -> GridPayload:
        ctx = info.context

        async def run():
            data = services.GridData(
                name=input.name,
                kind=input.kind,
                community_id=decode_optional_id(input.community_id, "Division", "communityId"),
                target_households_min=input.target_households_min,
                target_households_max=input.target_households_max,
                boundary=input.boundary,
                clear_boundary=input.clear_boundary,
            )
            return await services.update_grid(ctx.scope, decode_id(input.id, "Grid", "id"), data)

        return _payload(*await attempt(info, run, input))

    @strawberry.mutation(
        description="Assign or unassign a grid worker 分配网格员.",
        permission_classes=[requires(Capability.GRID_MANAGE)],
    )
    async def grid_worker_assign(self, info: Info, input: GridWorkerAssignInput) -> GridPayload:
        ctx = info.context

        async def run():
            return await services.assign_worker(
                ctx.scope,
                decode_id(input.grid_id, "Grid", "gridId"),
                decode_id(input.worker_id, "GridWorker", "workerId"),
                input.is_leader,
                input.remove,
            )

        return _payload(*await attempt(info, run, input))
