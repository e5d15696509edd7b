"""Rules for compounds, buildings and dwellings, and who owns a dwelling."""

from __future__ import annotations

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from backend.auth.scope import Scope
from backend.core.errors import ErrorCode, ErrorCollector
from backend.core.lookup import get_in_scope
from backend.core.validators import search_prefix
from backend.housing.models import Compound, Dwelling, DwellingOwner
from backend.residents.models import Resident

MAX_OWNERS = 20


async def set_dwelling_owners(scope: Scope, dwelling_id: int, owner_ids: list[int]) -> Dwelling:
    """Replace the owners of a dwelling (an empty list leaves it without registered owners)."""
    errors = ErrorCollector()
    if len(set(owner_ids)) != len(owner_ids):
        errors.add(ErrorCode.DUPLICATE, "ownerIds")
    if len(owner_ids) > MAX_OWNERS:
        errors.add(ErrorCode.OUT_OF_RANGE, "ownerIds", min=0, max=MAX_OWNERS)
    errors.raise_if_any()
    async with in_transaction():
        dwelling = await get_in_scope(
            Dwelling, dwelling_id, scope.dwellings, "dwellingId", for_update=True
        )
        found = set(
            await scope.residents(Resident.filter(id__in=owner_ids)).values_list("id", flat=True)
        )
        # As in get_in_scope: a restricted caller cannot tell a resident outside the scope
        # from one that does not exist, and the attempt is audited as denied.
        missing = ErrorCode.NOT_FOUND if scope.is_unrestricted else ErrorCode.FORBIDDEN
        for index, owner_id in enumerate(owner_ids):
            if owner_id not in found:
                errors.add(missing, f"ownerIds.{index}")
        errors.raise_if_any()
        await DwellingOwner.filter(dwelling_id=dwelling.pk).delete()
        await DwellingOwner.bulk_create(
            [DwellingOwner(dwelling_id=dwelling.pk, owner_id=o) for o in owner_ids]
        )
    return dwelling


def filter_compounds(
    scope: Scope, community_id: int | None = None, name_prefix: str | None = None
) -> QuerySet[Compound]:
    """The scoped query behind the compounds connection."""
    qs = scope.compounds(Compound.all())
    if community_id is not None:
        qs = qs.filter(community_id=community_id)
    prefix = search_prefix(name_prefix, "filter.namePrefix")
    if prefix:
        qs = qs.filter(name__startswith=prefix)
    return qs


def filter_dwellings(
    scope: Scope, compound_id: int | None = None, building_id: int | None = None
) -> QuerySet[Dwelling]:
    """The scoped query behind the dwellings connection."""
    qs = scope.dwellings(Dwelling.all())
    if compound_id is not None:
        qs = qs.filter(building__compound_id=compound_id)
    if building_id is not None:
        qs = qs.filter(building_id=building_id)
    return qs
