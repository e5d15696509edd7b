from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property

from tortoise.functions import Count

from backend.api.loading import ByIdLoader, CountLoader, GroupLoader
from backend.auth.scope import Scope
from backend.core.validators import division_prefix
from backend.divisions.models import Division, DivisionLevel
from backend.grids.models import Grid
from backend.residents.models import Resident


class DivisionsByIdLoader(ByIdLoader[Division]):
    model = Division
    scope_filter = Scope.divisions


class DivisionsByParentIdLoader(GroupLoader[Division]):
    model = Division
    foreign_key = "parent_id"
    scope_filter = Scope.divisions
    ordering = ("code",)


async def _roll_up(scope: Scope, keys: list[int], per_community: dict[int, int]) -> dict[int, int]:
    """Sum per-community counts into every requested division by statistical-code prefix."""
    divisions = await scope.divisions(Division.all()).values_list("id", "code", "level")
    codes = {pk: code for pk, code, _ in divisions}
    totals: dict[int, int] = defaultdict(int)
    for pk in keys:
        code = codes.get(pk)
        if code is None:
            continue
        prefix = division_prefix(code)
        for community_id, count in per_community.items():
            if codes.get(community_id, "").startswith(prefix):
                totals[pk] += count
    return totals


class GridCountsByDivisionIdLoader(CountLoader):
    async def counts(self, keys: list[int]) -> Iterable[tuple[int, int]]:
        rows = await (
            self.scope.grids(Grid.all())
            .annotate(n=Count("id"))
            .group_by("community_id")
            .values_list("community_id", "n")
        )
        return (await _roll_up(self.scope, keys, dict(rows))).items()


class ResidentCountsByDivisionIdLoader(CountLoader):
    async def counts(self, keys: list[int]) -> Iterable[tuple[int, int]]:
        rows = await (
            self.scope.residents(Resident.all())
            .annotate(n=Count("id"))
            .group_by("grid__community_id")
            .values_list("grid__community_id", "n")
        )
        return (await _roll_up(self.scope, keys, dict(rows))).items()


class DivisionLoaders:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    @cached_property
    def by_id(self) -> DivisionsByIdLoader:
        return DivisionsByIdLoader(self.scope)

    @cached_property
    def children(self) -> DivisionsByParentIdLoader:
        return DivisionsByParentIdLoader(self.scope)

    @cached_property
    def grid_counts(self) -> GridCountsByDivisionIdLoader:
        return GridCountsByDivisionIdLoader(self.scope)

    @cached_property
    def resident_counts(self) -> ResidentCountsByDivisionIdLoader:
        return ResidentCountsByDivisionIdLoader(self.scope)


__all__ = ["DivisionLevel", "DivisionLoaders"]
