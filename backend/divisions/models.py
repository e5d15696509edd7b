from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class DivisionLevel(StrEnum):
    DISTRICT = "DISTRICT"
    SUBDISTRICT = "SUBDISTRICT"
    COMMUNITY = "COMMUNITY"


class Division(Model):
    """行政区划: district → subdistrict → community, keyed by the 12-digit statistical code."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=12, unique=True)
    name = fields.CharField(max_length=100)
    level = fields.CharEnumField(DivisionLevel, max_length=12)
    parent: fields.ForeignKeyNullableRelation[Division] = fields.ForeignKeyField(
        "models.Division", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    parent_id: int | None

    class Meta:
        table = "division"
        ordering = ("code",)
