from __future__ import annotations

import strawberry
from tortoise.queryset import QuerySet

from backend.api.context import Info
from backend.api.errors import QueryInputError, resolve_or_raise
from backend.api.permissions import requires
from backend.api.relay import Connection, decode_optional_id, parse_global_id
from backend.audit.models import AuditOutcome
from backend.audit.services import record
from backend.auth.roles import Capability
from backend.core.pagination import ID_KEY, Page, paginate
from backend.special import services
from backend.special.models import SpecialPopulationRecord as Record
from backend.special.types import (
    RiskLevel,
    SpecialPopulationCategory,
    SpecialPopulationCounts,
    SpecialPopulationRecord,
)

# The audit entry of a list read names every record returned, and an entry holds 50 ids.
MAX_PAGE_SIZE = 50


@strawberry.input(description="Special-population record filter 特殊人群筛选; all must hold.")
class SpecialPopulationRecordFilter:
    grid_id: strawberry.ID | None = strawberry.field(
        default=None, description="Residents of this grid 网格."
    )
    resident_id: strawberry.ID | None = strawberry.field(
        default=None, description="Records of this resident 居民."
    )
    category: SpecialPopulationCategory | None = strawberry.field(
        default=None, description="Category 类别."
    )
    risk_level: RiskLevel | None = strawberry.field(
        default=None, description="Risk level 风险等级."
    )
    active_only: bool = strawberry.field(
        default=False, description="Only records open today 仅在管."
    )


def _decode_filter(f: SpecialPopulationRecordFilter) -> services.RecordFilter:
    return services.RecordFilter(
        grid_id=decode_optional_id(f.grid_id, "Grid", "filter.gridId"),
        resident_id=decode_optional_id(f.resident_id, "Resident", "filter.residentId"),
        category=f.category,
        risk_level=f.risk_level,
        active_only=f.active_only,
    )


def _filter_summary(f: SpecialPopulationRecordFilter) -> str:
    """What was asked for, by ids and codes only (no names or notes), for the audit entry."""
    parts = []
    for name, raw in (("grid", f.grid_id), ("resident", f.resident_id)):
        parsed = parse_global_id(raw) if raw else None
        if parsed:
            parts.append(f"{name}={parsed[0]}:{parsed[1]}")
    if f.category:
        parts.append(f"category={f.category.value}")
    if f.risk_level:
        parts.append(f"riskLevel={f.risk_level.value}")
    if f.active_only:
        parts.append("activeOnly")
    return ";".join(parts)


@strawberry.type
class SpecialPopulationQuery:
    @strawberry.field(
        description=(
            "Special-population records in scope 特殊人群名单 (designated staff only; 1–50 per "
            "page). Every read is written to the audit log with the records returned."
        ),
        permission_classes=[requires(Capability.SPECIAL_POPULATION)],
    )
    async def special_population_records(
        self,
        info: Info,
        filter: SpecialPopulationRecordFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[SpecialPopulationRecord]:
        ctx = info.context
        f = filter or SpecialPopulationRecordFilter()

        async def run() -> tuple[Page[Record], QuerySet[Record]]:
            qs = services.filter_records(ctx.scope, _decode_filter(f))
            page = await paginate(qs, ID_KEY, first=first, after=after, max_size=MAX_PAGE_SIZE)
            return page, qs

        try:
            page, qs = await resolve_or_raise(run, ctx.lang)
        except QueryInputError as exc:
            code = (exc.extensions or {}).get("code", "")
            await record(ctx.actor, info.field_name, AuditOutcome.REJECTED, detail=str(code))
            raise
        await record(
            ctx.actor,
            info.field_name,
            AuditOutcome.OK,
            object_ids=[f"SpecialPopulationRecord:{row.pk}" for row in page.items],
            detail=_filter_summary(f),
        )
        return Connection.from_page(page, SpecialPopulationRecord.from_model, qs.count)

    @strawberry.field(
        description=(
            "Special-population counts of a division or a grid 特殊人群统计, within the caller's "
            "scope; small counts are withheld unless the caller is designated for the records."
        ),
        permission_classes=[requires(Capability.STRUCTURE_READ)],
    )
    async def special_population_counts(
        self,
        info: Info,
        division_code: str | None = None,
        grid_id: strawberry.ID | None = None,
        active_only: bool = True,
    ) -> SpecialPopulationCounts:
        ctx = info.context

        async def run() -> services.PopulationCounts:
            return await services.count_records(
                ctx.scope,
                division_code=division_code,
                grid_id=decode_optional_id(grid_id, "Grid", "gridId"),
                exact=ctx.principal.can(Capability.SPECIAL_POPULATION),
                active_only=active_only,
            )

        return SpecialPopulationCounts.from_counts(await resolve_or_raise(run, ctx.lang))
