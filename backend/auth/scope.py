"""Row scope: which divisions and grids a caller may see. Applied in SQL by every query.

Until accounts land (the access issue), development callers get ``Scope.everything()``; every
list, count and node lookup already goes through these filters so roles only change the scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from backend.core.validators import division_prefix

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Scope:
    # Statistical-code prefixes the caller may see (a district's 6 digits, a subdistrict's 9,
    # a community's 12); None means every division.
    division_prefixes: tuple[str, ...] | None = None
    # Grid ids the caller may see in addition to the prefixes' restriction; None means no limit.
    grid_ids: frozenset[int] | None = None

    @classmethod
    def everything(cls) -> Scope:
        return cls()

    @classmethod
    def for_division_codes(cls, codes: list[str]) -> Scope:
        return cls(division_prefixes=tuple(division_prefix(code) for code in codes))

    def _by_division(self, path: str) -> Q | None:
        if self.division_prefixes is None:
            return None
        if not self.division_prefixes:
            return Q(pk__in=[])
        return reduce(
            or_, (Q(**{f"{path}__startswith": prefix}) for prefix in self.division_prefixes)
        )

    def _apply(self, qs: QuerySet[M], division_path: str, grid_path: str | None) -> QuerySet[M]:
        condition = self._by_division(division_path)
        if condition is not None:
            qs = qs.filter(condition)
        if self.grid_ids is not None and grid_path is not None:
            qs = qs.filter(**{f"{grid_path}__in": list(self.grid_ids)})
        return qs

    def divisions(self, qs: QuerySet[M]) -> QuerySet[M]:
        # A scoped caller also sees the ancestors of their divisions, for the tree's path.
        if self.division_prefixes is None:
            return qs
        ancestors = {a for p in self.division_prefixes for a in _ancestor_codes(p)}
        own = self._by_division("code")
        assert own is not None
        return qs.filter(Q(code__in=sorted(ancestors)) | own)

    def grids(self, qs: QuerySet[M]) -> QuerySet[M]:
        return self._apply(qs, "community__code", "id")

    def compounds(self, qs: QuerySet[M]) -> QuerySet[M]:
        return self._apply(qs, "community__code", None)

    def buildings(self, qs: QuerySet[M]) -> QuerySet[M]:
        return self._apply(qs, "grid__community__code", "grid_id")

    def dwellings(self, qs: QuerySet[M]) -> QuerySet[M]:
        return self._apply(qs, "building__grid__community__code", "building__grid_id")

    def households(self, qs: QuerySet[M]) -> QuerySet[M]:
        return self._apply(qs, "grid__community__code", "grid_id")

    def residents(self, qs: QuerySet[M]) -> QuerySet[M]:
        return self._apply(qs, "grid__community__code", "grid_id")

    def grid_workers(self, qs: QuerySet[M]) -> QuerySet[M]:
        return self._apply(qs, "assignments__grid__community__code", "assignments__grid_id")

    @property
    def is_unrestricted(self) -> bool:
        return self.division_prefixes is None and self.grid_ids is None


def _ancestor_codes(prefix: str) -> list[str]:
    codes = []
    if len(prefix) > 6:
        codes.append(prefix[:6] + "000000")
    if len(prefix) > 9:
        codes.append(prefix[:9] + "000")
    return codes
