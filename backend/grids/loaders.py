from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import ClassVar

from strawberry.dataloader import DataLoader
from tortoise.expressions import Subquery
from tortoise.functions import Count

from backend.api.loading import ByIdLoader, CountLoader, GroupLoader
from backend.auth.scope import Scope
from backend.grids.models import Grid, GridAssignment, GridWorker
from backend.residents.models import CareTag, Household, Resident


class GridsByIdLoader(ByIdLoader[Grid]):
    model = Grid
    scope_filter = Scope.grids


class GridsByCommunityIdLoader(GroupLoader[Grid]):
    model = Grid
    foreign_key = "community_id"
    scope_filter = Scope.grids
    ordering = ("code",)


class AssignmentsByGridIdLoader(GroupLoader[GridAssignment]):
    model = GridAssignment
    foreign_key = "grid_id"
    ordering: ClassVar[tuple[str, ...]] = ("-is_leader", "id")

    @staticmethod
    def scope_filter(scope: Scope, qs):  # type: ignore[override]
        return qs.filter(grid_id__in=Subquery(scope.grids(Grid.all()).values("id")))


class AssignmentsByWorkerIdLoader(AssignmentsByGridIdLoader):
    foreign_key = "worker_id"
    ordering = ("grid_id",)


class GridWorkersByIdLoader(ByIdLoader[GridWorker]):
    model = GridWorker
    scope_filter = Scope.grid_workers


class ResidentCountsByGridIdLoader(CountLoader):
    async def counts(self, keys: list[int]) -> Iterable[tuple[int, int]]:
        return await (
            self.scope.residents(Resident.filter(grid_id__in=keys))
            .annotate(n=Count("id"))
            .group_by("grid_id")
            .values_list("grid_id", "n")
        )


class HouseholdCountsByGridIdLoader(CountLoader):
    async def counts(self, keys: list[int]) -> Iterable[tuple[int, int]]:
        return await (
            self.scope.households(Household.filter(grid_id__in=keys))
            .annotate(n=Count("id"))
            .group_by("grid_id")
            .values_list("grid_id", "n")
        )


class CareTagCountsByGridIdLoader(DataLoader[int, dict[str, int]]):
    """Residents per care tag in each grid, for dashboards (one GROUP BY for all grids)."""

    def __init__(self, scope: Scope) -> None:
        super().__init__(load_fn=self._load)
        self.scope = scope

    async def _load(self, keys: Sequence[int]) -> list[dict[str, int]]:
        scoped = self.scope.residents(Resident.filter(grid_id__in=list(keys))).values("id")
        rows = await (
            CareTag.filter(resident_id__in=Subquery(scoped))
            .annotate(n=Count("id"))
            .group_by("resident__grid_id", "kind")
            .values_list("resident__grid_id", "kind", "n")
        )
        grouped: dict[int, dict[str, int]] = defaultdict(dict)
        for grid_id, kind, n in rows:
            grouped[grid_id][str(kind)] = n
        return [grouped.get(k, {}) for k in keys]


class GridLoaders:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    @cached_property
    def by_id(self) -> GridsByIdLoader:
        return GridsByIdLoader(self.scope)

    @cached_property
    def by_community(self) -> GridsByCommunityIdLoader:
        return GridsByCommunityIdLoader(self.scope)

    @cached_property
    def assignments_by_grid(self) -> AssignmentsByGridIdLoader:
        return AssignmentsByGridIdLoader(self.scope)

    @cached_property
    def assignments_by_worker(self) -> AssignmentsByWorkerIdLoader:
        return AssignmentsByWorkerIdLoader(self.scope)

    @cached_property
    def workers_by_id(self) -> GridWorkersByIdLoader:
        return GridWorkersByIdLoader(self.scope)

    @cached_property
    def resident_counts(self) -> ResidentCountsByGridIdLoader:
        return ResidentCountsByGridIdLoader(self.scope)

    @cached_property
    def household_counts(self) -> HouseholdCountsByGridIdLoader:
        return HouseholdCountsByGridIdLoader(self.scope)

    @cached_property
    def care_tag_counts(self) -> CareTagCountsByGridIdLoader:
        return CareTagCountsByGridIdLoader(self.scope)
