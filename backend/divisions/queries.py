from __future__ import annotations

import strawberry

from backend.api.context import Info
from backend.api.permissions import requires
from backend.auth.roles import Capability
from backend.divisions import services
from backend.divisions.types import Division, DivisionLevel


@strawberry.type
class DivisionQuery:
    @strawberry.field(
        description="Top of the division tree visible to the caller 区划树 (walk `children`).",
        permission_classes=[requires(Capability.STRUCTURE_READ)],
    )
    async def division_tree(self, info: Info) -> list[Division]:
        rows = await services.division_tree_roots(info.context.scope)
        return [Division.from_model(r) for r in rows]

    @strawberry.field(
        description="Divisions at one level 按层级列出区划, by code.",
        permission_classes=[requires(Capability.STRUCTURE_READ)],
    )
    async def divisions(
        self,
        info: Info,
        level: DivisionLevel,
    ) -> list[Division]:
        rows = await services.divisions_at_level(info.context.scope, level)
        return [Division.from_model(r) for r in rows]

    @strawberry.field(
        description="A division by its 12-digit code 按代码查区划.",
        permission_classes=[requires(Capability.STRUCTURE_READ)],
    )
    async def division(self, info: Info, code: str) -> Division | None:
        row = await services.division_by_code(info.context.scope, code)
        return Division.from_model(row) if row else None
