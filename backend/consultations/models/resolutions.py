"""决议: resolutions published as public notices (公示), progress (落实) and evaluations."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

if TYPE_CHECKING:
    from backend.auth.models import Account
    from backend.consultations.models.sessions import ConsultationSession
    from backend.consultations.models.topics import Topic
    from backend.consultations.models.votes import Vote
    from backend.residents.models import Resident


class EvaluationRating(StrEnum):
    SATISFIED = "SATISFIED"
    BASICALLY_SATISFIED = "BASICALLY_SATISFIED"
    NOT_SATISFIED = "NOT_SATISFIED"


# --- resolutions ------------------------------------------------------------------------


class Resolution(Model):
    """决议 of a vote, a session or a topic, published as a public notice (公示)."""

    id = fields.IntField(primary_key=True)
    vote: fields.OneToOneNullableRelation[Vote] = fields.OneToOneField(
        "models.Vote", related_name="resolution", null=True, on_delete=fields.RESTRICT
    )
    vote_id: int | None
    session: fields.ForeignKeyNullableRelation[ConsultationSession] = fields.ForeignKeyField(
        "models.ConsultationSession",
        related_name="resolutions",
        null=True,
        on_delete=fields.RESTRICT,
    )
    session_id: int | None
    topic: fields.ForeignKeyNullableRelation[Topic] = fields.ForeignKeyField(
        "models.Topic", related_name="resolutions", null=True, on_delete=fields.RESTRICT
    )
    topic_id: int | None
    title = fields.CharField(max_length=200)
    text = fields.TextField()
    published_at = fields.DatetimeField(null=True)
    published_by: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    published_by_id: int | None
    notice_until = fields.DatetimeField(null=True)  # end of the 公示 period
    implemented_at = fields.DatetimeField(null=True)
    created_by: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name=False, on_delete=fields.RESTRICT
    )
    created_by_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "resolution"
        indexes = (("session_id",), ("topic_id",), ("published_at",))
        constraints = (
            CheckConstraint(
                check="vote_id IS NOT NULL OR session_id IS NOT NULL OR topic_id IS NOT NULL",
                name="resolution_subject",
            ),
            CheckConstraint(
                check=(
                    "published_at IS NULL OR (published_by_id IS NOT NULL"
                    " AND notice_until IS NOT NULL AND notice_until >= published_at)"
                ),
                name="resolution_notice",
            ),
        )


class ImplementationUpdate(Model):
    """落实 progress posted by staff on a resolution."""

    id = fields.IntField(primary_key=True)
    resolution: fields.ForeignKeyRelation[Resolution] = fields.ForeignKeyField(
        "models.Resolution", related_name="updates", on_delete=fields.RESTRICT
    )
    resolution_id: int
    text = fields.TextField()
    posted_by: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name=False, on_delete=fields.RESTRICT
    )
    posted_by_id: int
    posted_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "implementation_update"
        indexes = (("resolution_id", "posted_at"),)


class Evaluation(Model):
    """Evaluation by a resident of how a resolution was carried out (one per resident)."""

    id = fields.IntField(primary_key=True)
    resolution: fields.ForeignKeyRelation[Resolution] = fields.ForeignKeyField(
        "models.Resolution", related_name="evaluations", on_delete=fields.RESTRICT
    )
    resolution_id: int
    resident: fields.ForeignKeyRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="resolution_evaluations", on_delete=fields.RESTRICT
    )
    resident_id: int
    rating = fields.CharEnumField(EvaluationRating, max_length=20)
    comment = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "resolution_evaluation"
        unique_together = (("resolution", "resident"),)
        indexes = (("resident_id",),)
