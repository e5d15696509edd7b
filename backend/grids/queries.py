from __future__ import annotations

import strawberry

from backend.api.context import Info
from backend.api.errors import resolve_or_raise
from backend.api.permissions import requires
from backend.api.relay import Connection, build_connection, decode_optional_id
from backend.auth.roles import Capability
from backend.core.pagination import SortKey
from backend.grids import services
from backend.grids.types import Grid, GridKind, GridWorker

CODE_KEY = SortKey("code")


@strawberry.input(description="Grid filter 网格筛选.")
class GridFilter:
    community_id: strawberry.ID | None = strawberry.field(
        default=None, description="Community 社区."
    )
    worker_id: strawberry.ID | None = strawberry.field(
        default=None, description="Assigned worker 网格员."
    )
    kind: GridKind | None = strawberry.field(default=None, description="Kind 类型.")


@strawberry.type
class GridQuery:
    @strawberry.field(
        description="Grids in scope, by code 网格列表.",
        permission_classes=[requires(Capability.STRUCTURE_READ)],
    )
    async def grids(
        self,
        info: Info,
        filter: GridFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Grid]:
        ctx = info.context
        f = filter or GridFilter()

        async def run() -> Connection[Grid]:
            qs = services.filter_grids(
                ctx.scope,
                community_id=decode_optional_id(f.community_id, "Division", "filter.communityId"),
                worker_id=decode_optional_id(f.worker_id, "GridWorker", "filter.workerId"),
                kind=f.kind,
            )
            return await build_connection(
                qs,
                Grid.from_model,
                key=CODE_KEY,
                first=first,
                after=after,
                last=last,
                before=before,
            )

        return await resolve_or_raise(run, ctx.lang)

    @strawberry.field(
        description="Grid workers in scope 网格员列表.",
        permission_classes=[requires(Capability.STRUCTURE_READ)],
    )
    async def grid_workers(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[GridWorker]:
        ctx = info.context

        async def run() -> Connection[GridWorker]:
            qs = services.filter_grid_workers(ctx.scope)
            return await build_connection(qs, GridWorker.from_model, first=first, after=after)

        return await resolve_or_raise(run, ctx.lang)
