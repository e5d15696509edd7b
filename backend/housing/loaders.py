from __future__ import annotations

from functools import cached_property

from tortoise.expressions import Subquery

from backend.api.loading import ByIdLoader, GroupLoader
from backend.auth.scope import Scope
from backend.housing.models import Building, Compound, Dwelling, DwellingOwner


class CompoundsByIdLoader(ByIdLoader[Compound]):
    model = Compound
    scope_filter = Scope.compounds


class BuildingsByIdLoader(ByIdLoader[Building]):
    model = Building
    scope_filter = Scope.buildings


class BuildingsByCompoundIdLoader(GroupLoader[Building]):
    model = Building
    foreign_key = "compound_id"
    scope_filter = Scope.buildings
    ordering = ("name", "id")


class DwellingsByIdLoader(ByIdLoader[Dwelling]):
    model = Dwelling
    scope_filter = Scope.dwellings


class DwellingsByBuildingIdLoader(GroupLoader[Dwelling]):
    model = Dwelling
    foreign_key = "building_id"
    scope_filter = Scope.dwellings
    ordering = ("unit_number", "id")


def _owned_in_scope(scope: Scope, qs):
    return qs.filter(dwelling_id__in=Subquery(scope.dwellings(Dwelling.all()).values("id")))


class OwnershipsByDwellingIdLoader(GroupLoader[DwellingOwner]):
    model = DwellingOwner
    foreign_key = "dwelling_id"
    scope_filter = _owned_in_scope
    ordering = ("owner_id",)


class OwnershipsByOwnerIdLoader(GroupLoader[DwellingOwner]):
    model = DwellingOwner
    foreign_key = "owner_id"
    scope_filter = _owned_in_scope
    ordering = ("dwelling_id",)


class HousingLoaders:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    @cached_property
    def compounds(self) -> CompoundsByIdLoader:
        return CompoundsByIdLoader(self.scope)

    @cached_property
    def buildings(self) -> BuildingsByIdLoader:
        return BuildingsByIdLoader(self.scope)

    @cached_property
    def buildings_by_compound(self) -> BuildingsByCompoundIdLoader:
        return BuildingsByCompoundIdLoader(self.scope)

    @cached_property
    def dwellings(self) -> DwellingsByIdLoader:
        return DwellingsByIdLoader(self.scope)

    @cached_property
    def dwellings_by_building(self) -> DwellingsByBuildingIdLoader:
        return DwellingsByBuildingIdLoader(self.scope)

    @cached_property
    def ownerships_by_dwelling(self) -> OwnershipsByDwellingIdLoader:
        return OwnershipsByDwellingIdLoader(self.scope)

    @cached_property
    def ownerships_by_owner(self) -> OwnershipsByOwnerIdLoader:
        return OwnershipsByOwnerIdLoader(self.scope)
