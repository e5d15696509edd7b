from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property

from strawberry.dataloader import DataLoader
from tortoise.expressions import Subquery

from backend.api.loading import ByIdLoader, GroupLoader
from backend.auth.scope import Scope
from backend.grids.models import Grid
from backend.residents.models import CareTag, Household, Resident


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


PageKey = tuple[int, int, int]  # (grid id, page size, id after which the page starts)


class ResidentPagesByGridIdLoader(DataLoader[PageKey, list[Resident]]):
    """The first ``size + 1`` residents after a cursor in each grid, for all grids at once.

    A window function numbers each grid's residents, so 20 grids × 20 residents cost two
    statements (ids, then rows) instead of one per grid. The extra row tells whether a next
    page exists.
    """

    def __init__(self, scope: Scope) -> None:
        super().__init__(load_fn=self._load)
        self.scope = scope

    async def _load(self, keys: Sequence[PageKey]) -> list[list[Resident]]:
        allowed = {grid_id for grid_id, _, _ in keys}
        if not self.scope.is_unrestricted:
            visible = self.scope.grids(Grid.filter(id__in=sorted(allowed)))
            allowed = set(await visible.values_list("id", flat=True))  # type: ignore[arg-type]
        groups: dict[tuple[int, int], list[int]] = defaultdict(list)
        for grid_id, size, after in keys:
            groups[(size, after)].append(grid_id)
        found: dict[PageKey, list[Resident]] = defaultdict(list)
        for (size, after), ids in groups.items():
            wanted = sorted(set(ids) & allowed)
            if not wanted:
                continue
            # Only integers are interpolated: ids from the database and validated page bounds.
            numbered = (
                'SELECT "id" FROM (SELECT "id", ROW_NUMBER() OVER (PARTITION BY "grid_id" '
                'ORDER BY "id") AS "rn" FROM "resident" '
                f'WHERE "grid_id" IN ({", ".join(str(int(i)) for i in wanted)}) '
                f'AND "id" > {int(after)}) AS "page" WHERE "rn" <= {int(size) + 1}'
            )
            page_ids = [row["id"] for row in await Resident._meta.db.execute_query_dict(numbered)]
            rows = Resident.filter(id__in=page_ids)
            if self.scope.people != "region":
                rows = self.scope.residents(rows)
            for row in await rows.order_by("grid_id", "id"):
                found[(row.grid_id, size, after)].append(row)
        return [found.get(key, []) for key in keys]
