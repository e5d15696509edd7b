"""Rules of the resident register: validation, encryption of personal data, moves and merges."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from backend.auth.scope import Scope
from backend.core import crypto
from backend.core.errors import DomainError, ErrorCode, ErrorCollector
from backend.core.lookup import get_in_scope
from backend.core.validators import (
    id_birth_date,
    id_gender,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
    optional_text,
    required_text,
    search_prefix,
)
from backend.grids.models import Grid
from backend.housing.models import Dwelling
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

NAME_MAX = 50


@dataclass
class CareTagData:
    kind: CareTagKind
    tier: VisitTier


@dataclass
class ResidentData:
    """Input for a new resident. IDs are primary keys already decoded by the API layer."""

    name: str
    id_number: str
    residency: Residency
    phone: str | None = None
    gender: Gender | None = None
    birth_date: dt.date | None = None
    household_id: int | None = None
    relation_to_head: RelationToHead | None = None
    grid_id: int | None = None
    care_tags: list[CareTagData] = field(default_factory=list)


@dataclass
class ResidentPatch:
    """Changes to a resident; None leaves a value as it is (an empty phone clears it)."""

    name: str | None = None
    id_number: str | None = None
    phone: str | None = None
    gender: Gender | None = None
    birth_date: dt.date | None = None
    residency: Residency | None = None
    relation_to_head: RelationToHead | None = None
    care_tags: list[CareTagData] | None = None


@dataclass
class ResidentFilter:
    grid_id: int | None = None
    compound_id: int | None = None
    building_id: int | None = None
    household_id: int | None = None
    care_tag: CareTagKind | None = None
    age_min: int | None = None
    age_max: int | None = None
    residency: Residency | None = None
    name_prefix: str | None = None
    id_number: str | None = None
    phone: str | None = None


def sealed_id_number(id_number: str) -> dict[str, Any]:
    cipher = crypto.get_cipher()
    return {
        "id_number_cipher": cipher.encrypt(id_number, crypto.ID_NUMBER),
        "id_number_hash": cipher.lookup_hash(id_number, crypto.ID_NUMBER),
        "id_number_masked": mask_id_number(id_number),
    }


def sealed_phone(phone: str | None) -> dict[str, Any]:
    if not phone:
        return {"phone_cipher": None, "phone_hash": None, "phone_masked": ""}
    cipher = crypto.get_cipher()
    return {
        "phone_cipher": cipher.encrypt(phone, crypto.PHONE),
        "phone_hash": cipher.lookup_hash(phone, crypto.PHONE),
        "phone_masked": mask_phone(phone),
    }


def _years_ago(years: int, today: dt.date) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a non-leap target year
        return today.replace(year=today.year - years, day=28)


def filter_residents(
    scope: Scope, f: ResidentFilter, today: dt.date | None = None
) -> QuerySet[Resident]:
    """The scoped query behind the residents connection; invalid filters raise field errors."""
    today = today or dt.date.today()
    errors = ErrorCollector()
    for name, value in (("ageMin", f.age_min), ("ageMax", f.age_max)):
        if value is not None and not 0 <= value <= 150:
            errors.add(ErrorCode.OUT_OF_RANGE, f"filter.{name}", min=0, max=150)
    if f.age_min is not None and f.age_max is not None and f.age_min > f.age_max:
        errors.add(ErrorCode.INVALID_RANGE, "filter.ageMax")
    id_number = phone = None
    if f.id_number:
        id_number = errors.check(normalize_id_number, f.id_number, "filter.idNumber")
    if f.phone:
        phone = errors.check(normalize_phone, f.phone, "filter.phone")
    name_prefix = errors.check(search_prefix, f.name_prefix, "filter.namePrefix")
    errors.raise_if_any()

    qs = scope.residents(Resident.all())
    if f.grid_id is not None:
        qs = qs.filter(grid_id=f.grid_id)
    if f.household_id is not None:
        qs = qs.filter(household_id=f.household_id)
    if f.building_id is not None:
        qs = qs.filter(household__dwelling__building_id=f.building_id)
    if f.compound_id is not None:
        qs = qs.filter(household__dwelling__building__compound_id=f.compound_id)
    if f.care_tag is not None:
        qs = qs.filter(id__in=Subquery(CareTag.filter(kind=f.care_tag).values("resident_id")))
    if f.residency is not None:
        qs = qs.filter(residency=f.residency)
    if f.age_min is not None:
        qs = qs.filter(birth_date__lte=_years_ago(f.age_min, today))
    if f.age_max is not None:
        qs = qs.filter(birth_date__gt=_years_ago(f.age_max + 1, today))
    if name_prefix:
        qs = qs.filter(name__startswith=name_prefix)
    cipher = crypto.get_cipher() if (id_number or phone) else None
    if cipher and id_number:
        qs = qs.filter(id_number_hash=cipher.lookup_hash(id_number, crypto.ID_NUMBER))
    if cipher and phone:
        qs = qs.filter(phone_hash=cipher.lookup_hash(phone, crypto.PHONE))
    return qs


def filter_households(
    scope: Scope,
    grid_id: int | None = None,
    dwelling_id: int | None = None,
    number_prefix: str | None = None,
) -> QuerySet[Household]:
    """The scoped query behind the households connection."""
    qs = scope.households(Household.all())
    if grid_id is not None:
        qs = qs.filter(grid_id=grid_id)
    if dwelling_id is not None:
        qs = qs.filter(dwelling_id=dwelling_id)
    prefix = search_prefix(number_prefix, "filter.numberPrefix")
    if prefix:
        qs = qs.filter(number__startswith=prefix)
    return qs


def _validate_identity(
    errors: ErrorCollector,
    id_number: str | None,
    gender: Gender | None,
    birth_date: dt.date | None,
) -> str | None:
    """Check an ID number and that the gender and birth date agree with what it encodes."""
    normalized = errors.check(normalize_id_number, id_number or "", "idNumber")
    if normalized is None:
        return None
    if birth_date is not None and birth_date != id_birth_date(normalized):
        errors.add(ErrorCode.BIRTH_DATE_MISMATCH, "birthDate")
    if gender is not None and gender.value != id_gender(normalized):
        errors.add(ErrorCode.GENDER_MISMATCH, "gender")
    return normalized


async def _ensure_id_number_free(
    errors: ErrorCollector, id_number: str, except_pk: int | None = None
) -> None:
    digest = crypto.get_cipher().lookup_hash(id_number, crypto.ID_NUMBER)
    qs = Resident.filter(id_number_hash=digest)
    if except_pk is not None:
        qs = qs.exclude(pk=except_pk)
    if await qs.exists():
        errors.add(ErrorCode.DUPLICATE, "idNumber")


async def _ensure_head_free(
    errors: ErrorCollector,
    household_id: int,
    relation: RelationToHead | None,
    except_pk: int | None,
) -> None:
    if relation != RelationToHead.HEAD:
        return
    qs = Resident.filter(household_id=household_id, relation_to_head=RelationToHead.HEAD)
    if except_pk is not None:
        qs = qs.exclude(pk=except_pk)
    if await qs.exists():
        errors.add(ErrorCode.HOUSEHOLD_HAS_HEAD, "relationToHead")


async def _place(
    scope: Scope, errors: ErrorCollector, household_id: int | None, grid_id: int | None
) -> tuple[Household | None, int | None]:
    """Resolve where a resident lives: a household decides the grid, else a grid is required."""
    household = None
    if household_id is not None:
        household = await errors.check_async(
            get_in_scope(Household, household_id, scope.households, "householdId")
        )
    if grid_id is not None:
        grid = await errors.check_async(get_in_scope(Grid, grid_id, scope.grids, "gridId"))
        if grid is not None and household is not None and household.grid_id != grid.pk:
            errors.add(ErrorCode.GRID_MISMATCH, "gridId")
    if household is not None:
        return household, household.grid_id
    if grid_id is None and household_id is None:
        errors.add(ErrorCode.REQUIRED, "gridId")
    return None, grid_id


def _validate_tags(errors: ErrorCollector, tags: list[CareTagData]) -> None:
    kinds = [t.kind for t in tags]
    if len(kinds) != len(set(kinds)):
        errors.add(ErrorCode.DUPLICATE, "careTags")


async def create_resident(scope: Scope, data: ResidentData) -> Resident:
    errors = ErrorCollector()
    name = errors.check(required_text, data.name, "name", NAME_MAX)
    id_number = _validate_identity(errors, data.id_number, data.gender, data.birth_date)
    phone = errors.check(normalize_phone, data.phone, "phone") if data.phone else None
    household, grid_id = await _place(scope, errors, data.household_id, data.grid_id)
    if household is None and data.relation_to_head is not None and not errors.has("householdId"):
        errors.add(ErrorCode.REQUIRED, "householdId")
    _validate_tags(errors, data.care_tags)
    if id_number:
        await _ensure_id_number_free(errors, id_number)
    if household is not None:
        await _ensure_head_free(errors, household.pk, data.relation_to_head, None)
    errors.raise_if_any()
    assert id_number is not None and grid_id is not None
    try:
        async with in_transaction():
            resident = await Resident.create(
                name=name,
                gender=Gender(id_gender(id_number)),
                birth_date=id_birth_date(id_number),
                residency=data.residency,
                household=household,
                relation_to_head=data.relation_to_head if household else None,
                grid_id=grid_id,
                **sealed_id_number(id_number),
                **sealed_phone(phone),
            )
            await CareTag.bulk_create(
                [CareTag(resident=resident, kind=t.kind, tier=t.tier) for t in data.care_tags]
            )
    except IntegrityError:
        # Another request registered the same ID number between our check and the insert.
        raise DomainError(ErrorCode.DUPLICATE, "idNumber") from None
    return resident


async def update_resident(scope: Scope, pk: int, patch: ResidentPatch) -> Resident:
    resident = await get_in_scope(Resident, pk, scope.residents, "id")
    errors = ErrorCollector()
    changes: dict[str, Any] = {}
    if patch.name is not None:
        changes["name"] = errors.check(required_text, patch.name, "name", NAME_MAX)
    current_id = crypto.get_cipher().decrypt(resident.id_number_cipher, crypto.ID_NUMBER)
    new_id = _validate_identity(
        errors,
        patch.id_number if patch.id_number is not None else current_id,
        patch.gender,
        patch.birth_date,
    )
    if new_id and new_id != current_id:
        await _ensure_id_number_free(errors, new_id, except_pk=resident.pk)
        changes.update(sealed_id_number(new_id))
        changes["gender"] = Gender(id_gender(new_id))
        changes["birth_date"] = id_birth_date(new_id)
    if patch.phone is not None:
        phone = errors.check(normalize_phone, patch.phone, "phone") if patch.phone.strip() else ""
        if phone is not None:
            changes.update(sealed_phone(phone))
    if patch.residency is not None:
        changes["residency"] = patch.residency
    if patch.relation_to_head is not None:
        if resident.household_id is None:
            errors.add(ErrorCode.REQUIRED, "householdId")
        else:
            await _ensure_head_free(
                errors, resident.household_id, patch.relation_to_head, resident.pk
            )
        changes["relation_to_head"] = patch.relation_to_head
    if patch.care_tags is not None:
        _validate_tags(errors, patch.care_tags)
    errors.raise_if_any()
    try:
        async with in_transaction():
            if changes:
                resident.update_from_dict(changes)
                await resident.save()
            if patch.care_tags is not None:
                await CareTag.filter(resident_id=resident.pk).delete()
                await CareTag.bulk_create(
                    [
                        CareTag(resident_id=resident.pk, kind=t.kind, tier=t.tier)
                        for t in patch.care_tags
                    ]
                )
    except IntegrityError:
        raise DomainError(ErrorCode.DUPLICATE, "idNumber") from None
    return resident


async def move_resident(
    scope: Scope,
    pk: int,
    household_id: int | None,
    grid_id: int | None,
    relation_to_head: RelationToHead | None,
) -> Resident:
    """Move to another household (the grid follows it) or, without a household, to a grid."""
    resident = await get_in_scope(Resident, pk, scope.residents, "id")
    errors = ErrorCollector()
    household, target_grid = await _place(scope, errors, household_id, grid_id)
    if household is not None:
        if household.pk == resident.household_id:
            errors.add(ErrorCode.SAME_HOUSEHOLD, "householdId")
        await _ensure_head_free(errors, household.pk, relation_to_head, resident.pk)
    errors.raise_if_any()
    resident.update_from_dict(
        {
            "household_id": household.pk if household else None,
            "relation_to_head": (relation_to_head or RelationToHead.OTHER) if household else None,
            "grid_id": target_grid,
        }
    )
    await resident.save()
    return resident


async def create_household(
    scope: Scope, number: str | None, grid_id: int, dwelling_id: int | None
) -> Household:
    errors = ErrorCollector()
    grid = await errors.check_async(get_in_scope(Grid, grid_id, scope.grids, "gridId"))
    if dwelling_id is not None:
        dwelling = await errors.check_async(
            get_in_scope(Dwelling, dwelling_id, scope.dwellings, "dwellingId")
        )
        if dwelling is not None and grid is not None:
            await dwelling.fetch_related("building")
            if dwelling.building.grid_id != grid.pk:
                errors.add(ErrorCode.GRID_MISMATCH, "gridId")
    text = errors.check(optional_text, number, "number", 32) if number else None
    if text and await Household.filter(number=text).exists():
        errors.add(ErrorCode.DUPLICATE, "number")
    errors.raise_if_any()
    assert grid is not None
    try:
        async with in_transaction():
            household = await Household.create(
                number=text or f"T{uuid.uuid4().hex[:24]}",
                grid_id=grid_id,
                dwelling_id=dwelling_id,
            )
            if not text:
                # Generated numbers follow the grid code and the row id, so they never collide.
                household.number = f"{grid.code}-H{household.pk:06d}"
                await household.save(update_fields=["number"])
    except IntegrityError:
        raise DomainError(ErrorCode.DUPLICATE, "number") from None
    return household


async def merge_households(scope: Scope, source_id: int, target_id: int) -> Household:
    """Move every member of ``source`` into ``target`` and remove ``source``.

    The source's head becomes a relative in the target when the target already has a head.
    """
    if source_id == target_id:
        raise DomainError(ErrorCode.SAME_HOUSEHOLD, "sourceId")
    async with in_transaction():
        source = await get_in_scope(
            Household, source_id, scope.households, "sourceId", for_update=True
        )
        target = await get_in_scope(
            Household, target_id, scope.households, "targetId", for_update=True
        )
        target_has_head = await Resident.filter(
            household_id=target.pk, relation_to_head=RelationToHead.HEAD
        ).exists()
        if target_has_head:
            await Resident.filter(
                household_id=source.pk, relation_to_head=RelationToHead.HEAD
            ).update(relation_to_head=RelationToHead.OTHER_RELATIVE)
        await Resident.filter(household_id=source.pk).update(
            household_id=target.pk, grid_id=target.grid_id
        )
        await source.delete()
    return target
