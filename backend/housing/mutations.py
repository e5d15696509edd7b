from __future__ import annotations

import strawberry

from backend.api.context import Info
from backend.api.errors import UserError, attempt
from backend.api.permissions import requires
from backend.api.relay import decode_id
from backend.auth.roles import Capability
from backend.housing import services
from backend.housing.types import Dwelling


@strawberry.input(description="Set the owners of a dwelling 设置产权人.")
class DwellingOwnersSetInput:
    dwelling_id: strawberry.ID = strawberry.field(description="The dwelling 房屋.")
    owner_ids: list[strawberry.ID] = strawberry.field(
        description="Residents who own it, replacing the current owners 产权人."
    )


@strawberry.type(description="Result of dwellingOwnersSet.")
class DwellingOwnersSetPayload:
    dwelling: Dwelling | None = strawberry.field(description="The dwelling after the change.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


@strawberry.type
class HousingMutation:
    @strawberry.mutation(
        description="Replace the owners of a dwelling 设置产权人.",
        permission_classes=[requires(Capability.PEOPLE_WRITE)],
    )
    async def dwelling_owners_set(
        self, info: Info, input: DwellingOwnersSetInput
    ) -> DwellingOwnersSetPayload:
        ctx = info.context

        async def run():
            owners = [
                decode_id(gid, "Resident", f"ownerIds.{i}") for i, gid in enumerate(input.owner_ids)
            ]
            return await services.set_dwelling_owners(
                ctx.scope, decode_id(input.dwelling_id, "Dwelling", "dwellingId"), owners
            )

        row, errors = await attempt(info, run, input)
        return DwellingOwnersSetPayload(
            dwelling=Dwelling.from_model(row) if row else None, errors=errors
        )
