from __future__ import annotations

from enum import Enum

import strawberry

from backend.api.context import Info
from backend.api.errors import resolve_or_raise
from backend.api.permissions import requires
from backend.api.relay import (
    Connection,
    SortDirection,
    build_connection,
    decode_optional_id,
    selected_node_fields,
)
from backend.audit.models import AuditOutcome
from backend.audit.services import record
from backend.auth.roles import Capability
from backend.core.pagination import DATE_KEY, ID_KEY, SortKey
from backend.residents import models, services
from backend.residents.types import (
    CareTagKind,
    Household,
    Residency,
    Resident,
    prefetch_relations,
)


@strawberry.enum(description="What to sort residents by 居民排序字段.")
class ResidentSortField(Enum):
    NAME = "NAME"
    BIRTH_DATE = "BIRTH_DATE"
    CREATED = "CREATED"


SORT_KEYS: dict[ResidentSortField, SortKey] = {
    ResidentSortField.NAME: SortKey("name"),
    ResidentSortField.BIRTH_DATE: DATE_KEY,
    ResidentSortField.CREATED: ID_KEY,
}


@strawberry.input(description="Resident sort 居民排序.")
class ResidentSort:
    field: ResidentSortField = strawberry.field(description="Sort key 排序字段.")
    direction: SortDirection = strawberry.field(
        default=SortDirection.ASC, description="Direction 方向."
    )


@strawberry.input(description="Resident filter 居民筛选; all given conditions must hold.")
class ResidentFilter:
    grid_id: strawberry.ID | None = strawberry.field(default=None, description="Grid 网格.")
    compound_id: strawberry.ID | None = strawberry.field(default=None, description="Compound 小区.")
    building_id: strawberry.ID | None = strawberry.field(default=None, description="Building 楼栋.")
    household_id: strawberry.ID | None = strawberry.field(default=None, description="Household 户.")
    care_tag: CareTagKind | None = strawberry.field(
        default=None, description="Has this care tag 关爱类别."
    )
    age_min: int | None = strawberry.field(default=None, description="Age at least 最小年龄.")
    age_max: int | None = strawberry.field(default=None, description="Age at most 最大年龄.")
    residency: Residency | None = strawberry.field(default=None, description="Residency 居住类型.")
    name_prefix: str | None = strawberry.field(
        default=None, description="Name starts with 姓名前缀."
    )
    id_number: str | None = strawberry.field(
        default=None, description="Exact ID number 身份证号 (matched by keyed hash)."
    )
    phone: str | None = strawberry.field(
        default=None, description="Exact mobile phone 手机号 (matched by keyed hash)."
    )


@strawberry.input(description="Household filter 户筛选.")
class HouseholdFilter:
    grid_id: strawberry.ID | None = strawberry.field(default=None, description="Grid 网格.")
    dwelling_id: strawberry.ID | None = strawberry.field(default=None, description="Dwelling 房屋.")
    number_prefix: str | None = strawberry.field(
        default=None, description="Household number starts with 户号前缀."
    )


def _decode_filter(f: ResidentFilter) -> services.ResidentFilter:
    return services.ResidentFilter(
        grid_id=decode_optional_id(f.grid_id, "Grid", "filter.gridId"),
        compound_id=decode_optional_id(f.compound_id, "Compound", "filter.compoundId"),
        building_id=decode_optional_id(f.building_id, "Building", "filter.buildingId"),
        household_id=decode_optional_id(f.household_id, "Household", "filter.householdId"),
        care_tag=f.care_tag,
        age_min=f.age_min,
        age_max=f.age_max,
        residency=f.residency,
        name_prefix=f.name_prefix,
        id_number=f.id_number,
        phone=f.phone,
    )


@strawberry.type
class ResidentQuery:
    @strawberry.field(
        description="The resident register in scope 居民名册.",
        permission_classes=[requires(Capability.PEOPLE_READ)],
    )
    async def residents(
        self,
        info: Info,
        filter: ResidentFilter | None = None,
        sort: ResidentSort | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Resident]:
        ctx = info.context
        order = sort or ResidentSort(field=ResidentSortField.CREATED)

        fields = selected_node_fields(info)

        async def prefetch(rows: list[models.Resident]) -> None:
            await prefetch_relations(info, rows, fields)

        async def run() -> Connection[Resident]:
            qs = services.filter_residents(ctx.scope, _decode_filter(filter or ResidentFilter()))
            connection = await build_connection(
                qs,
                Resident.from_model,
                key=SORT_KEYS[order.field],
                descending=order.direction == SortDirection.DESC,
                first=first,
                after=after,
                last=last,
                before=before,
                prefetch=prefetch,
            )
            if filter is not None and (filter.id_number or filter.phone):
                # Finding who holds an ID number or phone is a sensitive read: audit it, with
                # the ids found and never the searched value.
                found = [f"Resident:{e.node._m.pk}" for e in connection.edges]
                await record(
                    ctx.actor,
                    "residentsByIdentifier",
                    AuditOutcome.OK,
                    object_ids=found,
                    detail="idNumber" if filter.id_number else "phone",
                )
            return connection

        return await resolve_or_raise(run, ctx.lang)

    @strawberry.field(
        description="Households in scope 户列表.",
        permission_classes=[requires(Capability.PEOPLE_READ)],
    )
    async def households(
        self,
        info: Info,
        filter: HouseholdFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Household]:
        ctx = info.context
        f = filter or HouseholdFilter()

        async def run() -> Connection[Household]:
            qs = services.filter_households(
                ctx.scope,
                grid_id=decode_optional_id(f.grid_id, "Grid", "filter.gridId"),
                dwelling_id=decode_optional_id(f.dwelling_id, "Dwelling", "filter.dwellingId"),
                number_prefix=f.number_prefix,
            )
            return await build_connection(qs, Household.from_model, first=first, after=after)

        return await resolve_or_raise(run, ctx.lang)
