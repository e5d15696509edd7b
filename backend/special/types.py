from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.api.context import Info
from backend.api.node import register_node
from backend.api.relay import Node, to_global_id
from backend.special import models, services
from backend.special.models import RiskLevel, SpecialPopulationCategory

if TYPE_CHECKING:
    from backend.grids.types import Grid
    from backend.residents.types import Resident

strawberry.enum(
    models.SpecialPopulationCategory,
    description=(
        "特殊人群类别 special-population category: COMMUNITY_CORRECTION 社区矫正, "
        "RELEASED_PRISONER 刑满释放, SEVERE_MENTAL_DISORDER 严重精神障碍, "
        "DRUG_REHABILITATION 社区戒毒/康复, OTHER 其他."
    ),
)
strawberry.enum(
    models.RiskLevel,
    name="SpecialPopulationRiskLevel",
    description="风险等级 risk level of a special-population record: LOW 低, MEDIUM 中, HIGH 高.",
)


@strawberry.type(
    description=(
        "特殊人群记录: a resident's special-population record. Visible only to designated "
        "staff within their scope; never to residents or partners. Reads are audited."
    )
)
class SpecialPopulationRecord(Node):
    _m: strawberry.Private[models.SpecialPopulationRecord]
    category: SpecialPopulationCategory = strawberry.field(description="Category 类别.")
    risk_level: RiskLevel = strawberry.field(description="Risk level 风险等级.")
    started_on: dt.date = strawberry.field(description="Start date 纳入日期.")
    ended_on: dt.date | None = strawberry.field(
        description="End date 解除日期; null while the record is open."
    )
    created_at: dt.datetime = strawberry.field(description="Recorded at 登记时间 (UTC).")
    updated_at: dt.datetime = strawberry.field(description="Last changed at 更新时间 (UTC).")

    @classmethod
    def from_model(cls, m: models.SpecialPopulationRecord) -> SpecialPopulationRecord:
        return cls(
            _m=m,
            id=to_global_id("SpecialPopulationRecord", m.pk),
            category=m.category,
            risk_level=m.risk_level,
            started_on=m.started_on,
            ended_on=m.ended_on,
            created_at=m.created_at,
            updated_at=m.updated_at,
        )

    @strawberry.field(description="Open today 在管: not ended, or ending after today.")
    def active(self) -> bool:
        return services.is_active(self._m)

    @strawberry.field(description="Notes 备注 (encrypted at rest, decrypted only here).")
    def notes(self) -> str | None:
        return services.open_notes(self._m)

    @strawberry.field(description="The resident 居民.")
    async def resident(
        self, info: Info
    ) -> Annotated[Resident, strawberry.lazy("backend.residents.types")] | None:
        from backend.residents.types import Resident

        row = await info.context.residents.by_id.load(self._m.resident_id)
        return Resident.from_model(row) if row else None


@strawberry.type(description="Records of one category 按类别统计.")
class SpecialPopulationCategoryCount:
    category: SpecialPopulationCategory = strawberry.field(description="Category 类别.")
    count: int | None = strawberry.field(
        description="Number of records 人数; null when withheld (see `suppressed`)."
    )
    suppressed: bool = strawberry.field(description="Withheld as a small count 小数抑制.")


@strawberry.type(description="Records in one grid 按网格统计.")
class SpecialPopulationGridCount:
    grid: Annotated[Grid, strawberry.lazy("backend.grids.types")] = strawberry.field(
        description="The grid 网格."
    )
    count: int | None = strawberry.field(
        description="Number of records 人数; null when withheld (see `suppressed`)."
    )
    suppressed: bool = strawberry.field(description="Withheld as a small count 小数抑制.")


@strawberry.type(
    description=(
        "特殊人群统计: special-population counts of a division or grid within the caller's "
        "scope. Counts below `threshold`, and counts from which one could be worked out, are "
        "withheld (null, `suppressed: true`) unless the caller is designated for these records."
    )
)
class SpecialPopulationCounts:
    count: int | None = strawberry.field(
        description="All records in the area 总数; null when withheld."
    )
    suppressed: bool = strawberry.field(description="The total is withheld 总数已抑制.")
    exact: bool = strawberry.field(
        description="Every count is exact (the caller is designated) 精确值."
    )
    threshold: int = strawberry.field(description="Smallest count shown 最小公开数.")
    by_category: list[SpecialPopulationCategoryCount] = strawberry.field(
        description="Per category 按类别."
    )
    by_grid: list[SpecialPopulationGridCount] = strawberry.field(
        description="Per grid in code order 按网格."
    )

    @classmethod
    def from_counts(cls, c: services.PopulationCounts) -> SpecialPopulationCounts:
        from backend.grids.types import Grid

        return cls(
            count=c.total,
            suppressed=c.total is None,
            exact=c.exact,
            threshold=c.threshold,
            by_category=[
                SpecialPopulationCategoryCount(
                    category=x.category, count=x.count, suppressed=x.count is None
                )
                for x in c.by_category
            ],
            by_grid=[
                SpecialPopulationGridCount(
                    grid=Grid.from_model(x.grid), count=x.count, suppressed=x.count is None
                )
                for x in c.by_grid
            ],
        )


register_node(
    "SpecialPopulationRecord",
    lambda ctx: ctx.special.by_id,
    SpecialPopulationRecord.from_model,
)
