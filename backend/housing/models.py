from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from backend.divisions.models import Division
    from backend.grids.models import Grid
    from backend.residents.models import Resident


class Compound(Model):
    """小区."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    address = fields.CharField(max_length=200, default="")
    community: fields.ForeignKeyRelation[Division] = fields.ForeignKeyField(
        "models.Division", related_name="compounds", on_delete=fields.RESTRICT
    )
    community_id: int

    class Meta:
        table = "compound"
        unique_together = (("community", "name"),)


class Building(Model):
    """楼栋, lying in one grid."""

    id = fields.IntField(primary_key=True)
    compound: fields.ForeignKeyRelation[Compound] = fields.ForeignKeyField(
        "models.Compound", related_name="buildings", on_delete=fields.RESTRICT
    )
    compound_id: int
    name = fields.CharField(max_length=50)
    grid: fields.ForeignKeyRelation[Grid] = fields.ForeignKeyField(
        "models.Grid", related_name="buildings", on_delete=fields.RESTRICT
    )
    grid_id: int

    class Meta:
        table = "building"
        unique_together = (("compound", "name"),)


class Dwelling(Model):
    """房屋: one unit with its floor area (m²), the weight of an owner vote."""

    id = fields.IntField(primary_key=True)
    building: fields.ForeignKeyRelation[Building] = fields.ForeignKeyField(
        "models.Building", related_name="dwellings", on_delete=fields.RESTRICT
    )
    building_id: int
    unit_number = fields.CharField(max_length=20)
    floor_area = fields.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        table = "dwelling"
        unique_together = (("building", "unit_number"),)


class DwellingOwner(Model):
    """Ownership link (a dwelling may have several owners, an owner several dwellings)."""

    id = fields.IntField(primary_key=True)
    dwelling: fields.ForeignKeyRelation[Dwelling] = fields.ForeignKeyField(
        "models.Dwelling", related_name="ownerships", on_delete=fields.CASCADE
    )
    dwelling_id: int
    owner: fields.ForeignKeyRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="ownerships", on_delete=fields.CASCADE
    )
    owner_id: int

    class Meta:
        table = "dwelling_owner"
        unique_together = (("dwelling", "owner"),)
