from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from backend.grids.models import Grid
    from backend.housing.models import Dwelling


class Gender(StrEnum):
    MALE = "MALE"
    FEMALE = "FEMALE"


class Residency(StrEnum):
    REGISTERED = "REGISTERED"
    PERMANENT = "PERMANENT"
    FLOATING = "FLOATING"


class RelationToHead(StrEnum):
    HEAD = "HEAD"
    SPOUSE = "SPOUSE"
    CHILD = "CHILD"
    PARENT = "PARENT"
    GRANDPARENT = "GRANDPARENT"
    GRANDCHILD = "GRANDCHILD"
    SIBLING = "SIBLING"
    OTHER_RELATIVE = "OTHER_RELATIVE"
    TENANT = "TENANT"
    OTHER = "OTHER"


class CareTagKind(StrEnum):
    ELDERLY_ALONE = "ELDERLY_ALONE"
    DISABLED = "DISABLED"
    SUBSISTENCE = "SUBSISTENCE"
    ENTITLED = "ENTITLED"
    LEFT_BEHIND_CHILD = "LEFT_BEHIND_CHILD"
    SERIOUS_ILLNESS = "SERIOUS_ILLNESS"
    EMPTY_NEST_ELDERLY = "EMPTY_NEST_ELDERLY"


class VisitTier(StrEnum):
    HIGH = "HIGH"
    KEY = "KEY"
    GENERAL = "GENERAL"


class Household(Model):
    """户: a household lives in a dwelling (or none, for collective or floating residence)."""

    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32, unique=True)
    dwelling: fields.ForeignKeyNullableRelation[Dwelling] = fields.ForeignKeyField(
        "models.Dwelling", related_name="households", null=True, on_delete=fields.RESTRICT
    )
    dwelling_id: int | None
    grid: fields.ForeignKeyRelation[Grid] = fields.ForeignKeyField(
        "models.Grid", related_name="households", on_delete=fields.RESTRICT
    )
    grid_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "household"


class Resident(Model):
    """居民. ID number and phone are stored encrypted, with a keyed lookup hash and a mask."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=50)
    gender = fields.CharEnumField(Gender, max_length=8)
    birth_date = fields.DateField()
    id_number_cipher = fields.BinaryField()
    id_number_hash = fields.CharField(max_length=64, unique=True)
    id_number_masked = fields.CharField(max_length=18)
    phone_cipher = fields.BinaryField(null=True)
    phone_hash = fields.CharField(max_length=64, null=True, db_index=True)
    phone_masked = fields.CharField(max_length=11, default="")
    residency = fields.CharEnumField(Residency, max_length=12)
    household: fields.ForeignKeyNullableRelation[Household] = fields.ForeignKeyField(
        "models.Household", related_name="members", null=True, on_delete=fields.SET_NULL
    )
    household_id: int | None
    relation_to_head = fields.CharEnumField(RelationToHead, max_length=16, null=True)
    grid: fields.ForeignKeyRelation[Grid] = fields.ForeignKeyField(
        "models.Grid", related_name="residents", on_delete=fields.RESTRICT
    )
    grid_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "resident"
        # (grid_id, id) serves each grid's register page, (name, id) the name sort.
        indexes = (("grid_id", "name", "id"), ("grid_id", "id"), ("name", "id"), ("household_id",))


class CareTag(Model):
    """关爱对象标签 with the visit tier that drives the visit schedule of grid workers."""

    id = fields.IntField(primary_key=True)
    resident: fields.ForeignKeyRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="care_tags", on_delete=fields.CASCADE
    )
    resident_id: int
    kind = fields.CharEnumField(CareTagKind, max_length=24)
    tier = fields.CharEnumField(VisitTier, max_length=8)

    class Meta:
        table = "care_tag"
        unique_together = (("resident", "kind"),)
        indexes = (("kind", "resident_id"),)
