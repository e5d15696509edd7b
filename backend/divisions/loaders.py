from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property

from tortoise.functions import Count

from backend.api.loading import ByIdLoader, CountLoader, GroupLoader
from backend.auth.scope import Scope
from backend.core.validators import division_prefix
from backend.divisions.models import Division
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


class DivisionCodes:
    """The code of every division in scope, read once per request for all count loaders."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self._pending: asyncio.Future[dict[int, str]] | None = None

    async def get(self) -> dict[int, str]:
        # Grid and resident counts dispatch in the same tick: share one query between them.
        if self._pending is None:
            self._pending = asyncio.ensure_future(self._load())
        return await self._pending

    async def _load(self) -> dict[int, str]:
        rows = await self.scope.divisions(Division.all()).values_list("id", "code")
        return {pk: code for pk, code in rows}


def _roll_up(
    codes: dict[int, str], keys: list[int], per_community: dict[int, int]
) -> dict[int, int]:
    """Sum per-community counts into every requested division by statistical-code prefix."""
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


class RolledUpCountLoader(CountLoader):
    def __init__(self, scope: Scope, codes: DivisionCodes) -> None:
        super().__init__(scope)
        self.codes = codes


class GridCountsByDivisionIdLoader(RolledUpCountLoader):
    async def counts(self, keys: list[int]) -> Iterable[tuple[int, int]]:
        rows = await (
            self.scope.grids(Grid.all())
            .annotate(n=Count("id"))
            .group_by("community_id")
            .values_list("community_id", "n")
        )
        return _roll_up(await self.codes.get(), keys, dict(rows)).items()


class ResidentCountsByDivisionIdLoader(RolledUpCountLoader):
    async def counts(self, keys: list[int]) -> Iterable[tuple[int, int]]:
        rows = await (
            self.scope.residents(Resident.all())
            .annotate(n=Count("id"))
            .group_by("grid__community_id")
            .values_list("grid__community_id", "n")
        )
        return _roll_up(await self.codes.get(), keys, dict(rows)).items()


class DivisionLoaders:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.codes = DivisionCodes(scope)

    @cached_property
    def by_id(self) -> DivisionsByIdLoader:
        return DivisionsByIdLoader(self.scope)

    @cached_property
    def children(self) -> DivisionsByParentIdLoader:
        return DivisionsByParentIdLoader(self.scope)

    @cached_property
    def grid_counts(self) -> GridCountsByDivisionIdLoader:
        return GridCountsByDivisionIdLoader(self.scope, self.codes)

    @cached_property
    def resident_counts(self) -> ResidentCountsByDivisionIdLoader:
        return ResidentCountsByDivisionIdLoader(self.scope, self.codes)
