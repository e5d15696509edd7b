from __future__ import annotations

from functools import cached_property

from tortoise.expressions import Subquery

from backend.api.loading import ByIdLoader, GroupLoader
from backend.auth.scope import Scope
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
