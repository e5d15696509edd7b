from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from strawberry.dataloader import DataLoader
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from backend.api.loading import ByIdLoader, GroupLoader
from backend.auth.scope import Scope
from backend.grids.models import Grid
from backend.residents.models import (
    CareTag,
    CareTagKind,
    Gender,
    Household,
    RelationToHead,
    Residency,
    Resident,
    VisitTier,
)


class HouseholdsByIdLoader(ByIdLoader[Household]):
    model = Household
    scope_filter = Scope.households


class ResidentsByIdLoader(ByIdLoader[Resident]):
    model = Resident
    scope_filter = Scope.residents


class ResidentsByHouseholdIdLoader(GroupLoader[Resident]):
    model = Resident
    foreign_key = "household_id"
    scope_filter = Scope.residents


class HouseholdsByDwellingIdLoader(GroupLoader[Household]):
    model = Household
    foreign_key = "dwelling_id"
    scope_filter = Scope.households


def _tags_in_scope(scope: Scope, qs):
    if scope.is_unrestricted:
        return qs
    return qs.filter(resident_id__in=Subquery(scope.residents(Resident.all()).values("id")))


class CareTagsByResidentIdLoader(GroupLoader[CareTag]):
    model = CareTag
    foreign_key = "resident_id"
    scope_filter = _tags_in_scope
    ordering = ("kind",)


class ResidentLoaders:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    @cached_property
    def by_id(self) -> ResidentsByIdLoader:
        return ResidentsByIdLoader(self.scope)

    @cached_property
    def households(self) -> HouseholdsByIdLoader:
        return HouseholdsByIdLoader(self.scope)

    @cached_property
    def by_household(self) -> ResidentsByHouseholdIdLoader:
        return ResidentsByHouseholdIdLoader(self.scope)

    @cached_property
    def households_by_dwelling(self) -> HouseholdsByDwellingIdLoader:
        return HouseholdsByDwellingIdLoader(self.scope)

    @cached_property
    def care_tags(self) -> CareTagsByResidentIdLoader:
        return CareTagsByResidentIdLoader(self.scope)

    @cached_property
    def pages_by_grid(self) -> ResidentPagesByGridIdLoader:
        return ResidentPagesByGridIdLoader(self.scope)


# (grid id, page size, id after which the page starts, with household, with care tags)
PageKey = tuple[int, int, int, bool, bool]

_GENDERS = {m.value: m for m in Gender}
_RESIDENCIES = {m.value: m for m in Residency}
_RELATIONS = {m.value: m for m in RelationToHead}
_TAG_KINDS = {m.value: m for m in CareTagKind}
_TIERS = {m.value: m for m in VisitTier}


@dataclass(slots=True)
class HouseholdRow:
    """A household as a page of residents reads it (the columns the Household type uses)."""

    id: int
    number: str
    dwelling_id: int | None
    grid_id: int

    @property
    def pk(self) -> int:
        return self.id


@dataclass(slots=True)
class ResidentRow:
    """A resident of a grid page with its household and care tags, read in the same statement.

    Plain attributes instead of ORM instances: a page of 20 grids builds 400 of these.
    ``household`` and ``care_tags`` are None when the page did not read them.
    """

    id: int
    grid_id: int
    name: str
    gender: Gender
    birth_date: dt.date
    id_number_masked: str
    phone_masked: str
    residency: Residency
    relation_to_head: RelationToHead | None
    household_id: int | None
    household: HouseholdRow | None = None
    care_tags: list[tuple[CareTagKind, VisitTier]] | None = None

    @property
    def pk(self) -> int:
        return self.id


_PAGE_COLUMNS = (
    "id", "grid_id", "name", "gender", "birth_date", "id_number_masked", "phone_masked",
    "residency", "relation_to_head", "household_id",
)  # fmt: skip
_HOUSEHOLD_COLUMNS = (
    ', h."id" AS "h_id", h."number" AS "h_number", h."dwelling_id" AS "h_dwelling_id",'
    ' h."grid_id" AS "h_grid_id"'
)
_TAG_COLUMNS = ', t."kind" AS "t_kind", t."tier" AS "t_tier"'


def _in_scope(column: str, scoped: QuerySet[Any], unrestricted: bool) -> str:
    """`` AND column IN (ids the caller may see)``, as the scope's own queryset renders it."""
    if unrestricted:
        return ""
    return f" AND {column} IN ({scoped.values_list('id', flat=True).sql(params_inline=True)})"


def grid_page_sql(
    dialect: str,
    scope: Scope,
    grid_ids: list[int],
    size: int,
    after: int,
    household: bool,
    tags: bool,
) -> str:
    """One statement for the first ``size + 1`` residents after ``after`` in each grid, with
    their households and care tags when asked. Grids, residents and households are each
    filtered by the caller's ``Scope`` in the statement. Only integers are interpolated, besides
    the scope's conditions as Tortoise renders them."""
    free = scope.is_unrestricted
    grids = ", ".join(str(int(i)) for i in grid_ids)
    limit, after = int(size) + 1, int(after)
    inner = ", ".join(f'"{c}"' for c in _PAGE_COLUMNS)
    people = _in_scope('"id"', scope.residents(Resident.all()), free)
    columns = ", ".join(f'r."{c}"' for c in _PAGE_COLUMNS)
    columns += (_HOUSEHOLD_COLUMNS if household else "") + (_TAG_COLUMNS if tags else "")
    if dialect == "postgres":
        # Each grid's page is a range scan of the (grid_id, id) index that stops at the limit.
        visible = _in_scope('g."id"', scope.grids(Grid.all()), free)
        source = (
            f'"grid" g CROSS JOIN LATERAL (SELECT {inner} FROM "resident"'
            f' WHERE "grid_id" = g."id" AND "id" > {after}{people} ORDER BY "id" LIMIT {limit}) r'
        )
        where = f'g."id" IN ({grids}){visible}'
    else:  # SQLite has no LATERAL: number each grid's residents instead
        visible = _in_scope('"grid_id"', scope.grids(Grid.all()), free)
        source = (
            f'(SELECT {inner}, ROW_NUMBER() OVER (PARTITION BY "grid_id" ORDER BY "id") AS "rn"'
            f' FROM "resident" WHERE "grid_id" IN ({grids}) AND "id" > {after}{people}{visible}) r'
        )
        where = f'r."rn" <= {limit}'
    joins = ""
    if household:
        households = _in_scope('h."id"', scope.households(Household.all()), free)
        joins += f' LEFT JOIN "household" h ON h."id" = r."household_id"{households}'
    if tags:
        joins += ' LEFT JOIN "care_tag" t ON t."resident_id" = r."id"'
    order = 'r."id", t."kind"' if tags else 'r."id"'
    return f"SELECT {columns} FROM {source}{joins} WHERE {where} ORDER BY {order}"


def _date(value: Any) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value  # SQLite: text


def read_grid_page(
    rows: Sequence[Mapping[str, Any]], household: bool, tags: bool
) -> list[ResidentRow]:
    """Residents from the page statement's rows (one row per care tag when tags are read)."""
    found: list[ResidentRow] = []
    households: dict[int, HouseholdRow] = {}
    last: ResidentRow | None = None
    for row in rows:
        if last is None or last.id != row["id"]:
            relation = row["relation_to_head"]
            last = ResidentRow(
                row["id"],
                row["grid_id"],
                row["name"],
                _GENDERS[row["gender"]],
                _date(row["birth_date"]),
                row["id_number_masked"],
                row["phone_masked"],
                _RESIDENCIES[row["residency"]],
                None if relation is None else _RELATIONS[relation],
                row["household_id"],
            )
            if household and row["h_id"] is not None:
                home = households.get(row["h_id"])
                if home is None:
                    home = households[row["h_id"]] = HouseholdRow(
                        row["h_id"], row["h_number"], row["h_dwelling_id"], row["h_grid_id"]
                    )
                last.household = home
            if tags:
                last.care_tags = []
            found.append(last)
        if tags and row["t_kind"] is not None:
            assert last.care_tags is not None
            last.care_tags.append((_TAG_KINDS[row["t_kind"]], _TIERS[row["t_tier"]]))
    return found


class ResidentPagesByGridIdLoader(DataLoader[PageKey, list[ResidentRow]]):
    """The first ``size + 1`` residents after a cursor in each grid, for all grids at once,
    with their households and care tags when the query selects them: one statement for a
    whole page of grids. The extra row tells whether a next page exists."""

    def __init__(self, scope: Scope) -> None:
        super().__init__(load_fn=self._load)
        self.scope = scope

    async def _load(self, keys: Sequence[PageKey]) -> list[list[ResidentRow]]:
        groups: dict[tuple[int, int, bool, bool], list[int]] = defaultdict(list)
        for grid_id, size, after, household, tags in keys:
            groups[(size, after, household, tags)].append(grid_id)
        db = Resident._meta.db
        found: dict[PageKey, list[ResidentRow]] = defaultdict(list)
        for (size, after, household, tags), ids in groups.items():
            sql = grid_page_sql(
                db.capabilities.dialect, self.scope, sorted(set(ids)), size, after, household, tags
            )
            _, rows = await db.execute_query(sql)  # records read by column name, not copied
            for resident in read_grid_page(rows, household, tags):
                found[(resident.grid_id, size, after, household, tags)].append(resident)
        return [found.get(key, []) for key in keys]
