"""特殊人群 records: the most sensitive rows in the system (DESIGN §6)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from backend.residents.models import Resident


class SpecialPopulationCategory(StrEnum):
    COMMUNITY_CORRECTION = "COMMUNITY_CORRECTION"
    RELEASED_PRISONER = "RELEASED_PRISONER"
    SEVERE_MENTAL_DISORDER = "SEVERE_MENTAL_DISORDER"
    DRUG_REHABILITATION = "DRUG_REHABILITATION"
    OTHER = "OTHER"


class RiskLevel(StrEnum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"


class SpecialPopulationRecord(Model):
    """特殊人群 record of a resident. Notes are encrypted at rest like ID numbers."""

    id = fields.IntField(primary_key=True)
    resident: fields.ForeignKeyRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="special_records", on_delete=fields.CASCADE
    )
    resident_id: int
    category = fields.CharEnumField(SpecialPopulationCategory, max_length=32)
    risk_level = fields.CharEnumField(RiskLevel, max_length=8, default=RiskLevel.LOW)
    notes_cipher = fields.BinaryField(null=True)
    started_on = fields.DateField()
    ended_on = fields.DateField(null=True)
    created_by_account_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "special_population_record"
        unique_together = (("resident", "category", "started_on"),)
