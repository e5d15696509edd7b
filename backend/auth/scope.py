"""Row scope: which divisions, grids and people a caller may see. Applied in SQL by every query.

The caller's role decides the scope (``backend.auth.principal``); every list, count, node lookup
and mutation goes through these filters, so a row outside it is never read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Literal, TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from backend.core.validators import division_prefix

M = TypeVar("M", bound=Model)
PeopleAccess = Literal["region", "own", "none"]


@dataclass(frozen=True)
class Scope:
    # Statistical-code prefixes the caller may see (a district's 6 digits, a subdistrict's 9,
    # a community's 12); None means every division.
    division_prefixes: tuple[str, ...] | None = None
    # Grid ids the caller may see in addition to the prefixes' restriction; None means no limit.
    grid_ids: frozenset[int] | None = None
    # People (residents, households, owners): all in the region above, only the caller's own
    # household (a resident), or none (partners, anonymous callers).
    people: PeopleAccess = "region"
    own_resident_id: int | None = None
    own_household_id: int | None = None

    @classmethod
    def everything(cls) -> Scope:
        return cls()

    @classmethod
    def nothing(cls) -> Scope:
        return cls(division_prefixes=(), grid_ids=frozenset(), people="none")

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
        if self.people == "none":
            return qs.filter(pk__in=[])
        if self.people == "own":
            return qs.filter(pk=self.own_household_id or 0)
        return self._apply(qs, "grid__community__code", "grid_id")

    def residents(self, qs: QuerySet[M]) -> QuerySet[M]:
        return self.people_by(qs, "")

    def people_by(self, qs: QuerySet[M], resident_path: str) -> QuerySet[M]:
        """Rows tied to a resident (``resident_path`` leads to it; "" for residents themselves)."""
        prefix = f"{resident_path}__" if resident_path else ""
        if self.people == "none":
            return qs.filter(pk__in=[])
        if self.people == "own":
            mine: dict[str, int] = {f"{prefix}id": self.own_resident_id or 0}
            own = Q(**mine)  # type: ignore[arg-type]
            if self.own_household_id is not None:
                family: dict[str, int] = {f"{prefix}household_id": self.own_household_id}
                own |= Q(**family)  # type: ignore[arg-type]
            return qs.filter(own)
        return self._apply(qs, f"{prefix}grid__community__code", f"{prefix}grid_id")

    def grid_workers(self, qs: QuerySet[M]) -> QuerySet[M]:
        return self._apply(qs, "assignments__grid__community__code", "assignments__grid_id")

    @property
    def is_unrestricted(self) -> bool:
        return self.division_prefixes is None and self.grid_ids is None and self.people == "region"


def _ancestor_codes(prefix: str) -> list[str]:
    codes = []
    if len(prefix) > 6:
        codes.append(prefix[:6] + "000000")
    if len(prefix) > 9:
        codes.append(prefix[:9] + "000")
    return codes
