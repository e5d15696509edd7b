from __future__ import annotations

import datetime as dt
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.api.context import Info
from backend.api.execution import NOT_READ, prefetched
from backend.api.loading import now_or_later
from backend.api.node import register_node
from backend.api.relay import Node, to_global_id
from backend.residents import models
from backend.residents.loaders import HouseholdRow, ResidentRow
from backend.residents.models import CareTagKind, Gender, RelationToHead, Residency, VisitTier

if TYPE_CHECKING:
    from backend.grids.types import Grid
    from backend.housing.types import Dwelling

strawberry.enum(models.Gender, description="Gender 性别.")
strawberry.enum(
    models.Residency,
    description="Residency 居住类型: REGISTERED 户籍, PERMANENT 常住, FLOATING 流动.",
)
strawberry.enum(models.RelationToHead, description="Relation to the head 与户主关系.")
strawberry.enum(
    models.CareTagKind,
    description="Care tag 关爱对象类别: 独居老人, 残疾, 低保, 优抚, 留守儿童, 大病, 空巢老人.",
)
strawberry.enum(
    models.VisitTier,
    description="Visit tier 走访等级: HIGH weekly, KEY monthly, GENERAL quarterly.",
)


@strawberry.type(description="关爱对象标签: a care tag with its visit tier.")
class CareTag:
    kind: CareTagKind = strawberry.field(description="Category 类别.")
    tier: VisitTier = strawberry.field(description="Visit tier 走访等级.")


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


@strawberry.type(description="居民: a person in the register. Personal data is masked by default.")
class Resident(Node):
    _m: strawberry.Private[models.Resident | ResidentRow]
    name: str = strawberry.field(description="Name 姓名.")
    gender: Gender = strawberry.field(description="Gender 性别 (from the ID number).")
    id_number: str = strawberry.field(
        description="ID number 身份证号, masked (110105********002X)."
    )
    phone: str | None = strawberry.field(description="Mobile phone 手机号, masked (138****1234).")
    residency: Residency = strawberry.field(description="Residency 居住类型.")
    relation_to_head: RelationToHead | None = strawberry.field(
        description="Relation to the household head 与户主关系."
    )
    age: int = strawberry.field(description="Age in whole years today 年龄.")
    # Read with the resident in the same statement (a grid page), else NOT_READ: the field
    # resolvers answer these, and the executor reads them without calling the resolvers.
    _household: strawberry.Private[Household | None] = NOT_READ
    _care_tags: strawberry.Private[list[CareTag]] = NOT_READ

    @classmethod
    def from_model(cls, m: models.Resident | ResidentRow) -> Resident:
        return cls(
            _household=getattr(m, _HELD_HOUSEHOLD, NOT_READ),
            _care_tags=getattr(m, _HELD_TAGS, NOT_READ),
            _m=m,
            id=to_global_id("Resident", m.pk),
            name=m.name,
            gender=m.gender,
            age=_age(m.birth_date, dt.date.today()),
            id_number=m.id_number_masked,
            phone=m.phone_masked or None,
            residency=m.residency,
            relation_to_head=m.relation_to_head,
        )

    @classmethod
    def from_row(
        cls,
        row: ResidentRow,
        today: dt.date,
        household_read: bool,
        households: dict[int, Household] | None = None,
    ) -> Resident:
        """A resident of a grid page, with the household and care tags read with it (a
        household outside the caller's scope was read as None); ``households`` shares one
        Household object between the members of a household on the page."""
        resident = cls(
            _m=row,
            id=to_global_id("Resident", row.id),
            name=row.name,
            gender=row.gender,
            age=_age(row.birth_date, today),
            id_number=row.id_number_masked,
            phone=row.phone_masked or None,
            residency=row.residency,
            relation_to_head=row.relation_to_head,
        )
        if household_read:
            home = row.household
            if home is None:
                resident._household = None
            elif households is None:
                resident._household = Household.from_model(home)
            else:
                shared = households.get(home.id)
                if shared is None:
                    shared = households[home.id] = Household.from_model(home)
                resident._household = shared
        if row.care_tags is not None:
            resident._care_tags = [CareTag(kind=k, tier=t) for k, t in row.care_tags]
        return resident

    @strawberry.field(description="Household 户.", metadata=prefetched("_household"))
    def household(self, info: Info) -> Household | None:
        if self._household is not NOT_READ:
            return self._household
        if self._m.household_id is None:
            return None
        # A coroutine when not prefetched; graphql-core awaits it (see now_or_later).
        return now_or_later(  # type: ignore[return-value]
            info.context.residents.households, self._m.household_id, _household_or_none
        )

    @strawberry.field(description="Grid 网格.")
    async def grid(
        self, info: Info
    ) -> Annotated[Grid, strawberry.lazy("backend.grids.types")] | None:
        from backend.grids.types import load_grid

        return await load_grid(info, self._m.grid_id)

    @strawberry.field(description="Care tags 关爱标签.", metadata=prefetched("_care_tags"))
    def care_tags(self, info: Info) -> list[CareTag]:
        if self._care_tags is not NOT_READ:
            return self._care_tags
        return now_or_later(  # type: ignore[return-value]
            info.context.residents.care_tags, self._m.pk, _care_tags
        )

    @strawberry.field(description="Dwellings this resident owns 名下房屋.")
    async def owned_dwellings(
        self, info: Info
    ) -> list[Annotated[Dwelling, strawberry.lazy("backend.housing.types")]]:
        from backend.housing.types import Dwelling

        links = await info.context.housing.ownerships_by_owner.load(self._m.pk)
        rows = await info.context.housing.dwellings.load_many([link.dwelling_id for link in links])
        return [Dwelling.from_model(r) for r in rows if r is not None]


@strawberry.type(description="户: a household and its members.")
class Household(Node):
    _m: strawberry.Private[models.Household | HouseholdRow]
    number: str = strawberry.field(description="Household number 户号.")

    @classmethod
    def from_model(cls, m: models.Household | HouseholdRow) -> Household:
        return cls(_m=m, id=to_global_id("Household", m.pk), number=m.number)

    @strawberry.field(description="Dwelling the household lives in 住址.")
    async def dwelling(
        self, info: Info
    ) -> Annotated[Dwelling, strawberry.lazy("backend.housing.types")] | None:
        from backend.housing.types import Dwelling

        if self._m.dwelling_id is None:
            return None
        row = await info.context.housing.dwellings.load(self._m.dwelling_id)
        return Dwelling.from_model(row) if row else None

    @strawberry.field(description="Grid 网格.")
    async def grid(
        self, info: Info
    ) -> Annotated[Grid, strawberry.lazy("backend.grids.types")] | None:
        from backend.grids.types import load_grid

        return await load_grid(info, self._m.grid_id)

    @strawberry.field(description="Members, head first 家庭成员.")
    async def members(self, info: Info) -> list[Resident]:
        rows = await info.context.residents.by_household.load(self._m.pk)
        rows = sorted(rows, key=lambda r: (r.relation_to_head != models.RelationToHead.HEAD, r.pk))
        return [Resident.from_model(r) for r in rows]


def _household_or_none(row: models.Household | None) -> Household | None:
    return Household.from_model(row) if row else None


def _care_tags(rows: list[models.CareTag]) -> list[CareTag]:
    return [CareTag(kind=r.kind, tier=r.tier) for r in rows]


# Set on ORM rows by prefetch_relations and taken over by Resident.from_model.
_HELD_HOUSEHOLD, _HELD_TAGS = "_gongzhi_household", "_gongzhi_care_tags"


async def prefetch_relations(
    info: Info, rows: list[models.Resident], fields: AbstractSet[str]
) -> None:
    """Load the selected relations of a page of residents in one batch per relation.

    Each row keeps what was loaded for it, so the Resident built from it holds its household
    and care tags: the executor then reads them without calling the field resolvers (which
    would answer the same from the loaders).
    """
    loaders = info.context.residents
    if "household" in fields:
        ids = sorted({r.household_id for r in rows if r.household_id is not None})
        homes = dict(zip(ids, await loaders.households.load_many(ids), strict=True))
        for row in rows:
            home = homes.get(row.household_id) if row.household_id is not None else None
            setattr(row, _HELD_HOUSEHOLD, _household_or_none(home))
    if "careTags" in fields:
        tags = await loaders.care_tags.load_many([r.pk for r in rows])
        for row, held in zip(rows, tags, strict=True):
            setattr(row, _HELD_TAGS, _care_tags(held))


register_node("Resident", lambda ctx: ctx.residents.by_id, Resident.from_model)
register_node("Household", lambda ctx: ctx.residents.households, Household.from_model)
