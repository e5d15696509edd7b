from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from backend.divisions.models import Division


class GridKind(StrEnum):
    COMPREHENSIVE = "COMPREHENSIVE"
    DEDICATED = "DEDICATED"


class Grid(Model):
    """网格: the unit a grid worker keeps the register for."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=100)
    kind = fields.CharEnumField(GridKind, max_length=16, default=GridKind.COMPREHENSIVE)
    community: fields.ForeignKeyRelation[Division] = fields.ForeignKeyField(
        "models.Division", related_name="grids", on_delete=fields.RESTRICT
    )
    community_id: int
    target_households_min = fields.IntField(default=300)
    target_households_max = fields.IntField(default=500)
    boundary: Any = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "grid"
        ordering = ("code",)


class GridWorker(Model):
    """网格员: staff member who works one or more grids."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=50)
    employee_no = fields.CharField(max_length=32, unique=True)

    class Meta:
        table = "grid_worker"


class GridAssignment(Model):
    """A worker assigned to a grid, ``is_leader`` marking the 网格长."""

    id = fields.IntField(primary_key=True)
    grid: fields.ForeignKeyRelation[Grid] = fields.ForeignKeyField(
        "models.Grid", related_name="assignments", on_delete=fields.CASCADE
    )
    grid_id: int
    worker: fields.ForeignKeyRelation[GridWorker] = fields.ForeignKeyField(
        "models.GridWorker", related_name="assignments", on_delete=fields.CASCADE
    )
    worker_id: int
    is_leader = fields.BooleanField(default=False)

    class Meta:
        table = "grid_assignment"
        unique_together = (("grid", "worker"),)
