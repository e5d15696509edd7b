"""议题: a community's consultation settings, topics and their supports (附议).

Topic support threshold. ``ConsultationSettings`` holds a community's rule: a number of
supports, a share of households in the topic's scope, or both (then both must be met). When
a community has no row the defaults below apply. The resulting number is copied into
``Topic.support_threshold`` when the topic is proposed, so later changes of the rule do not
move the goal of topics already collecting support.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from backend.consultations.models.scope import ScopeKind, scope_check

if TYPE_CHECKING:
    from backend.auth.models import Account
    from backend.divisions.models import Division
    from backend.grids.models import Grid
    from backend.housing.models import Building, Compound
    from backend.residents.models import Resident

DEFAULT_SUPPORT_THRESHOLD_COUNT = 10
DEFAULT_COMMENT_EDIT_MINUTES = 15
DEFAULT_NOTICE_DAYS = 7


class TopicCategory(StrEnum):
    ENVIRONMENT = "ENVIRONMENT"  # 环境卫生, 绿化
    PUBLIC_FACILITIES = "PUBLIC_FACILITIES"  # 公共设施
    PROPERTY_SERVICE = "PROPERTY_SERVICE"  # 物业服务
    PARKING_TRAFFIC = "PARKING_TRAFFIC"  # 停车, 交通
    SAFETY = "SAFETY"  # 安全, 消防
    ELDERLY_CHILDREN = "ELDERLY_CHILDREN"  # 一老一小
    CULTURE_SPORTS = "CULTURE_SPORTS"  # 文体活动
    NEIGHBOURHOOD = "NEIGHBOURHOOD"  # 邻里关系
    HOUSING_RENEWAL = "HOUSING_RENEWAL"  # 老旧小区改造, 加装电梯, 维修资金
    OTHER = "OTHER"


class TopicState(StrEnum):
    PROPOSED = "PROPOSED"
    UNDER_REVIEW = "UNDER_REVIEW"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    IN_CONSULTATION = "IN_CONSULTATION"
    DECIDED = "DECIDED"
    IMPLEMENTED = "IMPLEMENTED"


# --- settings ---------------------------------------------------------------------------


class ConsultationSettings(Model):
    """协商议事 settings of one community: support threshold, comment edit window, notice."""

    id = fields.IntField(primary_key=True)
    community: fields.OneToOneRelation[Division] = fields.OneToOneField(
        "models.Division", related_name="consultation_settings", on_delete=fields.RESTRICT
    )
    community_id: int
    # Supports a topic needs; with a share as well, both must be met.
    support_threshold_count = fields.IntField(null=True, default=DEFAULT_SUPPORT_THRESHOLD_COUNT)
    # Share of the households in the topic's scope, 0 < share <= 1 (0.0500 = 5 %).
    support_threshold_share = fields.DecimalField(max_digits=5, decimal_places=4, null=True)
    comment_edit_minutes = fields.IntField(default=DEFAULT_COMMENT_EDIT_MINUTES)
    notice_days = fields.IntField(default=DEFAULT_NOTICE_DAYS)
    updated_by: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    updated_by_id: int | None
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "consultation_settings"
        constraints = (
            CheckConstraint(
                check=(
                    "(support_threshold_count IS NOT NULL OR support_threshold_share IS NOT NULL)"
                    " AND (support_threshold_count IS NULL OR support_threshold_count >= 1)"
                    " AND (support_threshold_share IS NULL"
                    " OR (CAST(support_threshold_share AS NUMERIC) > 0"
                    " AND CAST(support_threshold_share AS NUMERIC) <= 1))"
                    " AND comment_edit_minutes >= 0 AND notice_days >= 0"
                ),
                name="consultation_settings_values",
            ),
        )


# --- topics -----------------------------------------------------------------------------


class Topic(Model):
    """议题 proposed by a resident (or by staff for a resident), with its scope and state."""

    id = fields.IntField(primary_key=True)
    community: fields.ForeignKeyRelation[Division] = fields.ForeignKeyField(
        "models.Division", related_name="consultation_topics", on_delete=fields.RESTRICT
    )
    community_id: int
    scope_kind = fields.CharEnumField(ScopeKind, max_length=12)
    grid: fields.ForeignKeyNullableRelation[Grid] = fields.ForeignKeyField(
        "models.Grid", related_name="consultation_topics", null=True, on_delete=fields.RESTRICT
    )
    grid_id: int | None
    compound: fields.ForeignKeyNullableRelation[Compound] = fields.ForeignKeyField(
        "models.Compound",
        related_name="consultation_topics",
        null=True,
        on_delete=fields.RESTRICT,
    )
    compound_id: int | None
    building: fields.ForeignKeyNullableRelation[Building] = fields.ForeignKeyField(
        "models.Building",
        related_name="consultation_topics",
        null=True,
        on_delete=fields.RESTRICT,
    )
    building_id: int | None
    title = fields.CharField(max_length=100)
    description = fields.TextField()
    category = fields.CharEnumField(TopicCategory, max_length=20)
    state = fields.CharEnumField(TopicState, max_length=16, default=TopicState.PROPOSED)
    # A social organisation as proposer comes with the organisations area (a nullable key).
    proposer: fields.ForeignKeyNullableRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="proposed_topics", null=True, on_delete=fields.SET_NULL
    )
    proposer_id: int | None
    proposed_by: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    proposed_by_id: int | None
    support_threshold = fields.IntField()  # copied from the settings when proposed
    # Kept by the same transaction that inserts or deletes a TopicSupport row.
    support_count = fields.IntField(default=0)
    threshold_reached_at = fields.DatetimeField(null=True)
    reviewed_by: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    reviewed_by_id: int | None
    reviewed_at = fields.DatetimeField(null=True)
    rejection_reason = fields.TextField(default="")  # public
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "topic"
        indexes = (
            ("community_id", "state", "id"),
            ("grid_id", "state"),
            ("compound_id", "state"),
            ("building_id", "state"),
            ("proposer_id",),
        )
        constraints = (
            scope_check("topic"),
            CheckConstraint(
                check="support_threshold >= 1 AND support_count >= 0",
                name="topic_support_numbers",
            ),
            CheckConstraint(
                check="state <> 'REJECTED' OR rejection_reason <> ''",
                name="topic_rejection_reason",
            ),
        )


class TopicSupport(Model):
    """附议: one per resident and topic."""

    id = fields.IntField(primary_key=True)
    topic: fields.ForeignKeyRelation[Topic] = fields.ForeignKeyField(
        "models.Topic", related_name="supports", on_delete=fields.CASCADE
    )
    topic_id: int
    resident: fields.ForeignKeyRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="topic_supports", on_delete=fields.RESTRICT
    )
    resident_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "topic_support"
        unique_together = (("topic", "resident"),)
        indexes = (("resident_id",),)
