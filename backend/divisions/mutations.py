from __future__ import annotations

import strawberry

from backend.api.context import Info
from backend.api.errors import UserError, attempt
from backend.api.permissions import requires
from backend.api.relay import decode_optional_id
from backend.auth.roles import Capability
from backend.divisions import services
from backend.divisions.types import Division, DivisionLevel


@strawberry.input(description="A new division 新建区划.")
class DivisionCreateInput:
    code: str = strawberry.field(description="12-digit code under the parent's prefix 区划代码.")
    name: str = strawberry.field(description="Name 名称.")
    level: DivisionLevel = strawberry.field(description="Level 层级.")
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="Parent division (required below district) 上级区划."
    )


@strawberry.type(description="Result of divisionCreate.")
class DivisionCreatePayload:
    division: Division | None = strawberry.field(description="The new division.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


@strawberry.type
class DivisionMutation:
    @strawberry.mutation(
        description="Create a division 新建区划.",
        permission_classes=[requires(Capability.DIVISION_MANAGE)],
    )
    async def division_create(
        self, info: Info, input: DivisionCreateInput
    ) -> DivisionCreatePayload:
        ctx = info.context

        async def run():
            parent = decode_optional_id(input.parent_id, "Division", "parentId")
            return await services.create_division(
                ctx.scope, input.code, input.name, input.level, parent
            )

        row, errors = await attempt(info, run, input)
        return DivisionCreatePayload(
            division=Division.from_model(row) if row else None, errors=errors
        )
