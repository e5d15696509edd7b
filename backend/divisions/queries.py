from __future__ import annotations

import strawberry

from backend.api.context import Info
from backend.divisions import models
from backend.divisions.types import Division, DivisionLevel


@strawberry.type
class DivisionQuery:
    @strawberry.field(
        description="Top of the division tree visible to the caller 区划树 (walk `children`)."
    )
    async def division_tree(self, info: Info) -> list[Division]:
        scope = info.context.scope
        rows = await scope.divisions(models.Division.all()).order_by("code")
        visible = {r.pk for r in rows}
        return [Division.from_model(r) for r in rows if r.parent_id not in visible]

    @strawberry.field(description="Divisions at one level 按层级列出区划, by code.")
    async def divisions(
        self,
        info: Info,
        level: DivisionLevel,
    ) -> list[Division]:
        rows = await info.context.scope.divisions(models.Division.filter(level=level)).order_by(
            "code"
        )
        return [Division.from_model(r) for r in rows]

    @strawberry.field(description="A division by its 12-digit code 按代码查区划.")
    async def division(self, info: Info, code: str) -> Division | None:
        row = await info.context.scope.divisions(models.Division.filter(code=code.strip())).first()
        return Division.from_model(row) if row else None
