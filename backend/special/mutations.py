from __future__ import annotations

import datetime as dt

import strawberry

from backend.api.context import Info
from backend.api.errors import UserError, attempt
from backend.api.permissions import requires
from backend.api.relay import decode_id
from backend.auth.roles import Capability
from backend.special import services
from backend.special.types import RiskLevel, SpecialPopulationCategory, SpecialPopulationRecord


@strawberry.input(description="A new special-population record 新增特殊人群记录.")
class SpecialPopulationRecordCreateInput:
    resident_id: strawberry.ID = strawberry.field(description="The resident 居民.")
    category: SpecialPopulationCategory = strawberry.field(description="Category 类别.")
    risk_level: RiskLevel = strawberry.field(
        default=RiskLevel.LOW, description="Risk level 风险等级."
    )
    notes: str | None = strawberry.field(
        default=None, description="Notes 备注 (at most 2000 characters; stored encrypted)."
    )
    started_on: dt.date | None = strawberry.field(
        default=None, description="Start date 纳入日期 (today if omitted; not in the future)."
    )


@strawberry.input(
    description="Changes to a special-population record 修改特殊人群记录; omitted fields stay."
)
class SpecialPopulationRecordUpdateInput:
    id: strawberry.ID = strawberry.field(description="The record.")
    category: SpecialPopulationCategory | None = strawberry.field(
        default=None, description="Category 类别."
    )
    risk_level: RiskLevel | None = strawberry.field(
        default=None, description="Risk level 风险等级."
    )
    notes: str | None = strawberry.field(
        default=None, description="Notes 备注 (empty clears them)."
    )
    ended_on: dt.date | None = strawberry.field(
        default=None, description="End date 解除日期 (not before the start, not in the future)."
    )


@strawberry.input(description="Close a special-population record 解除特殊人群记录.")
class SpecialPopulationRecordEndInput:
    id: strawberry.ID = strawberry.field(description="The record.")
    ended_on: dt.date | None = strawberry.field(
        default=None, description="End date 解除日期 (today if omitted)."
    )


@strawberry.type(description="Result of a special-population record mutation.")
class SpecialPopulationRecordPayload:
    record: SpecialPopulationRecord | None = strawberry.field(
        description="The record after the change."
    )
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


def _payload(row, errors: list[UserError]) -> SpecialPopulationRecordPayload:
    return SpecialPopulationRecordPayload(
        record=SpecialPopulationRecord.from_model(row) if row else None, errors=errors
    )


@strawberry.type
class SpecialPopulationMutation:
    @strawberry.mutation(
        description="Record a resident as special population 新增特殊人群记录.",
        permission_classes=[requires(Capability.SPECIAL_POPULATION)],
    )
    async def special_population_record_create(
        self, info: Info, input: SpecialPopulationRecordCreateInput
    ) -> SpecialPopulationRecordPayload:
        ctx = info.context

        async def run():
            data = services.RecordData(
                resident_id=decode_id(input.resident_id, "Resident", "residentId"),
                category=input.category,
                risk_level=input.risk_level,
                notes=input.notes,
                started_on=input.started_on,
            )
            return await services.create_record(ctx.scope, data, ctx.principal.account_id)

        return _payload(*await attempt(info, run, input))

    @strawberry.mutation(
        description="Update a special-population record 修改特殊人群记录.",
        permission_classes=[requires(Capability.SPECIAL_POPULATION)],
    )
    async def special_population_record_update(
        self, info: Info, input: SpecialPopulationRecordUpdateInput
    ) -> SpecialPopulationRecordPayload:
        ctx = info.context

        async def run():
            patch = services.RecordPatch(
                category=input.category,
                risk_level=input.risk_level,
                notes=input.notes,
                ended_on=input.ended_on,
            )
            pk = decode_id(input.id, "SpecialPopulationRecord", "id")
            return await services.update_record(ctx.scope, pk, patch)

        return _payload(*await attempt(info, run, input))

    @strawberry.mutation(
        description="Close a special-population record 解除特殊人群记录.",
        permission_classes=[requires(Capability.SPECIAL_POPULATION)],
    )
    async def special_population_record_end(
        self, info: Info, input: SpecialPopulationRecordEndInput
    ) -> SpecialPopulationRecordPayload:
        ctx = info.context

        async def run():
            pk = decode_id(input.id, "SpecialPopulationRecord", "id")
            return await services.end_record(ctx.scope, pk, input.ended_on)

        return _payload(*await attempt(info, run, input))
