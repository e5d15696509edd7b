from __future__ import annotations

import strawberry
from tortoise.expressions import Subquery

from backend.api.context import Info
from backend.api.errors import resolve_or_raise
from backend.api.relay import Connection, build_connection, decode_optional_id
from backend.core.pagination import SortKey
from backend.grids import models
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
    @strawberry.field(description="Grids in scope, by code 网格列表.")
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
            qs = ctx.scope.grids(models.Grid.all())
            community = decode_optional_id(f.community_id, "Division", "filter.communityId")
            worker = decode_optional_id(f.worker_id, "GridWorker", "filter.workerId")
            if community is not None:
                qs = qs.filter(community_id=community)
            if worker is not None:
                qs = qs.filter(
                    id__in=Subquery(
                        models.GridAssignment.filter(worker_id=worker).values("grid_id")
                    )
                )
            if f.kind is not None:
                qs = qs.filter(kind=f.kind)
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

    @strawberry.field(description="Grid workers in scope 网格员列表.")
    async def grid_workers(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[GridWorker]:
        ctx = info.context

        async def run() -> Connection[GridWorker]:
            qs = ctx.scope.grid_workers(models.GridWorker.all()).distinct()
            return await build_connection(qs, GridWorker.from_model, first=first, after=after)

        return await resolve_or_raise(run, ctx.lang)
