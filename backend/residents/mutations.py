from __future__ import annotations

import datetime as dt

import strawberry

from backend.api.context import Info
from backend.api.errors import UserError, attempt
from backend.api.permissions import requires
from backend.api.relay import decode_id, decode_optional_id, parse_global_id
from backend.audit.models import AuditOutcome
from backend.audit.services import record
from backend.auth.roles import Capability
from backend.residents import reveal, services
from backend.residents.types import (
    CareTagKind,
    Gender,
    Household,
    RelationToHead,
    Residency,
    Resident,
    VisitTier,
)


@strawberry.input(description="A care tag to set 关爱标签.")
class CareTagInput:
    kind: CareTagKind = strawberry.field(description="Category 类别.")
    tier: VisitTier = strawberry.field(description="Visit tier 走访等级.")


@strawberry.input(
    description="A new resident 新增居民. Gender and birth date follow the ID number."
)
class ResidentCreateInput:
    name: str = strawberry.field(description="Name 姓名.")
    id_number: str = strawberry.field(description="ID number 身份证号 (GB 11643).")
    residency: Residency = strawberry.field(description="Residency 居住类型.")
    phone: str | None = strawberry.field(default=None, description="Mobile phone 手机号.")
    gender: Gender | None = strawberry.field(
        default=None, description="Checked against the ID number 性别."
    )
    birth_date: dt.date | None = strawberry.field(
        default=None, description="Checked against the ID number 出生日期."
    )
    household_id: strawberry.ID | None = strawberry.field(
        default=None, description="Household 户 (decides the grid)."
    )
    relation_to_head: RelationToHead | None = strawberry.field(
        default=None, description="Relation to the head 与户主关系."
    )
    grid_id: strawberry.ID | None = strawberry.field(
        default=None, description="Grid 网格 (required without a household)."
    )
    care_tags: list[CareTagInput] = strawberry.field(
        default_factory=list, description="Care tags 关爱标签."
    )


@strawberry.input(description="Changes to a resident 修改居民; omitted fields stay as they are.")
class ResidentUpdateInput:
    id: strawberry.ID = strawberry.field(description="The resident.")
    name: str | None = strawberry.field(default=None, description="Name 姓名.")
    id_number: str | None = strawberry.field(default=None, description="ID number 身份证号.")
    phone: str | None = strawberry.field(
        default=None, description="Mobile phone 手机号 (empty clears it)."
    )
    gender: Gender | None = strawberry.field(
        default=None, description="Checked against the ID number."
    )
    birth_date: dt.date | None = strawberry.field(
        default=None, description="Checked against the ID number."
    )
    residency: Residency | None = strawberry.field(default=None, description="Residency 居住类型.")
    relation_to_head: RelationToHead | None = strawberry.field(
        default=None, description="Relation to the head."
    )
    care_tags: list[CareTagInput] | None = strawberry.field(
        default=None, description="Replaces all care tags."
    )


@strawberry.input(
    description="Move a resident 迁移居民: to a household (the grid follows) or to a grid."
)
class ResidentMoveInput:
    id: strawberry.ID = strawberry.field(description="The resident.")
    household_id: strawberry.ID | None = strawberry.field(
        default=None, description="Target household 目标户."
    )
    grid_id: strawberry.ID | None = strawberry.field(
        default=None, description="Target grid 目标网格 (without a household)."
    )
    relation_to_head: RelationToHead | None = strawberry.field(
        default=None, description="Relation in the new household."
    )


@strawberry.input(description="A new household 新建户.")
class HouseholdCreateInput:
    grid_id: strawberry.ID = strawberry.field(description="Grid 网格.")
    dwelling_id: strawberry.ID | None = strawberry.field(
        default=None, description="Dwelling 房屋 (in the same grid)."
    )
    number: str | None = strawberry.field(
        default=None, description="Household number 户号 (generated if omitted)."
    )


@strawberry.input(description="Merge one household into another 合户.")
class HouseholdMergeInput:
    source_id: strawberry.ID = strawberry.field(description="Household to dissolve 被合并户.")
    target_id: strawberry.ID = strawberry.field(
        description="Household that keeps the members 保留户."
    )


@strawberry.type(description="Result of a resident mutation.")
class ResidentPayload:
    resident: Resident | None = strawberry.field(description="The resident after the change.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


@strawberry.type(description="Result of a household mutation.")
class HouseholdPayload:
    household: Household | None = strawberry.field(description="The household after the change.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


@strawberry.input(description="Show a resident's full personal data 查看完整个人信息 (audited).")
class ResidentRevealInput:
    id: strawberry.ID = strawberry.field(description="The resident.")
    reason: str = strawberry.field(
        description="Why it is needed 查看原因 (4–200 characters), kept in the audit log."
    )


@strawberry.type(description="Unmasked personal data of one resident 完整个人信息.")
class RevealedPersonalData:
    resident: Resident = strawberry.field(description="The resident.")
    id_number: str = strawberry.field(description="Full ID number 身份证号.")
    phone: str | None = strawberry.field(description="Full mobile phone 手机号.")
    birth_date: dt.date = strawberry.field(description="Birth date 出生日期.")


@strawberry.type(description="Result of a reveal.")
class ResidentRevealPayload:
    revealed: RevealedPersonalData | None = strawberry.field(description="The full values.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


def _tags(tags: list[CareTagInput] | None) -> list[services.CareTagData] | None:
    return None if tags is None else [services.CareTagData(kind=t.kind, tier=t.tier) for t in tags]


def _resident(row, errors: list[UserError]) -> ResidentPayload:
    return ResidentPayload(resident=Resident.from_model(row) if row else None, errors=errors)


def _household(row, errors: list[UserError]) -> HouseholdPayload:
    return HouseholdPayload(household=Household.from_model(row) if row else None, errors=errors)


@strawberry.type
class ResidentMutation:
    @strawberry.mutation(
        description="Register a resident 新增居民.",
        permission_classes=[requires(Capability.PEOPLE_WRITE)],
    )
    async def resident_create(self, info: Info, input: ResidentCreateInput) -> ResidentPayload:
        ctx = info.context

        async def run():
            data = services.ResidentData(
                name=input.name,
                id_number=input.id_number,
                residency=input.residency,
                phone=input.phone,
                gender=input.gender,
                birth_date=input.birth_date,
                household_id=decode_optional_id(input.household_id, "Household", "householdId"),
                relation_to_head=input.relation_to_head,
                grid_id=decode_optional_id(input.grid_id, "Grid", "gridId"),
                care_tags=_tags(input.care_tags) or [],
            )
            return await services.create_resident(ctx.scope, data)

        return _resident(*await attempt(info, run, input))

    @strawberry.mutation(
        description="Update a resident 修改居民.",
        permission_classes=[requires(Capability.PEOPLE_WRITE)],
    )
    async def resident_update(self, info: Info, input: ResidentUpdateInput) -> ResidentPayload:
        ctx = info.context

        async def run():
            patch = services.ResidentPatch(
                name=input.name,
                id_number=input.id_number,
                phone=input.phone,
                gender=input.gender,
                birth_date=input.birth_date,
                residency=input.residency,
                relation_to_head=input.relation_to_head,
                care_tags=_tags(input.care_tags),
            )
            return await services.update_resident(
                ctx.scope, decode_id(input.id, "Resident", "id"), patch
            )

        return _resident(*await attempt(info, run, input))

    @strawberry.mutation(
        description="Move a resident to another household or grid 迁移居民.",
        permission_classes=[requires(Capability.PEOPLE_WRITE)],
    )
    async def resident_move(self, info: Info, input: ResidentMoveInput) -> ResidentPayload:
        ctx = info.context

        async def run():
            return await services.move_resident(
                ctx.scope,
                decode_id(input.id, "Resident", "id"),
                decode_optional_id(input.household_id, "Household", "householdId"),
                decode_optional_id(input.grid_id, "Grid", "gridId"),
                input.relation_to_head,
            )

        return _resident(*await attempt(info, run, input))

    @strawberry.mutation(
        description=(
            "Reveal a resident's full ID number, phone and birth date 查看完整个人信息; "
            "needs a reason and is audited."
        ),
        permission_classes=[requires(Capability.PERSONAL_DATA_REVEAL)],
    )
    async def resident_reveal(
        self, info: Info, input: ResidentRevealInput
    ) -> ResidentRevealPayload:
        ctx = info.context
        parsed = parse_global_id(input.id)
        ids = [f"{parsed[0]}:{parsed[1]}"] if parsed else []

        async def run() -> reveal.RevealedPersonalData:
            pk = decode_id(input.id, "Resident", "id")
            return await reveal.reveal_resident(ctx.scope, pk, input.reason)

        found, errors = await attempt(info, run, audit=False)
        if found is None:
            codes = ",".join(sorted({e.code.value for e in errors}))
            outcome = AuditOutcome.DENIED if "FORBIDDEN" in codes else AuditOutcome.REJECTED
            await record(ctx.actor, "residentReveal", outcome, object_ids=ids, detail=codes)
            return ResidentRevealPayload(revealed=None, errors=errors)
        # The reason is the caller's own justification; it is what an auditor needs to see.
        await record(
            ctx.actor,
            "residentReveal",
            AuditOutcome.OK,
            object_ids=ids,
            detail="reason: " + reveal.check_reason(input.reason),
        )
        revealed = RevealedPersonalData(
            resident=Resident.from_model(found.resident),
            id_number=found.id_number,
            phone=found.phone,
            birth_date=found.birth_date,
        )
        return ResidentRevealPayload(revealed=revealed, errors=[])

    @strawberry.mutation(
        description="Create a household 新建户.",
        permission_classes=[requires(Capability.PEOPLE_WRITE)],
    )
    async def household_create(self, info: Info, input: HouseholdCreateInput) -> HouseholdPayload:
        ctx = info.context

        async def run():
            return await services.create_household(
                ctx.scope,
                input.number,
                decode_id(input.grid_id, "Grid", "gridId"),
                decode_optional_id(input.dwelling_id, "Dwelling", "dwellingId"),
            )

        return _household(*await attempt(info, run, input))

    @strawberry.mutation(
        description="Merge a household into another 合户.",
        permission_classes=[requires(Capability.PEOPLE_WRITE)],
    )
    async def household_merge(self, info: Info, input: HouseholdMergeInput) -> HouseholdPayload:
        ctx = info.context

        async def run():
            return await services.merge_households(
                ctx.scope,
                decode_id(input.source_id, "Household", "sourceId"),
                decode_id(input.target_id, "Household", "targetId"),
            )

        return _household(*await attempt(info, run, input))
