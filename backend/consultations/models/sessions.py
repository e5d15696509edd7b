"""协商会议: sessions with their agenda, participants and materials; comments (评论).

Comments: on a topic or on a session (exactly one, CHECK). Replies go one level deep: a
reply's parent must itself have no parent and the same topic or session; the edit window
(``ConsultationSettings.comment_edit_minutes``) is checked by the services.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

if TYPE_CHECKING:
    from backend.auth.models import Account
    from backend.consultations.models.topics import Topic
    from backend.divisions.models import Division
    from backend.residents.models import Resident


class SessionMode(StrEnum):
    ON_SITE = "ON_SITE"
    ONLINE = "ONLINE"
    HYBRID = "HYBRID"


class SessionState(StrEnum):
    SCHEDULED = "SCHEDULED"
    IN_PROGRESS = "IN_PROGRESS"
    CONCLUDED = "CONCLUDED"
    CANCELLED = "CANCELLED"


class ParticipantRole(StrEnum):
    PARTY_ORGANISATION = "PARTY_ORGANISATION"
    RESIDENT_REPRESENTATIVE = "RESIDENT_REPRESENTATIVE"
    SOCIAL_ORGANISATION = "SOCIAL_ORGANISATION"
    OWNERS_COMMITTEE = "OWNERS_COMMITTEE"
    PROPERTY_SERVICE = "PROPERTY_SERVICE"


# --- sessions ---------------------------------------------------------------------------


class ConsultationSession(Model):
    """协商会议 of a community: time, place, mode, minutes and resolution text."""

    id = fields.IntField(primary_key=True)
    community: fields.ForeignKeyRelation[Division] = fields.ForeignKeyField(
        "models.Division", related_name="consultation_sessions", on_delete=fields.RESTRICT
    )
    community_id: int
    title = fields.CharField(max_length=100)
    description = fields.TextField(default="")
    mode = fields.CharEnumField(SessionMode, max_length=8)
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    place = fields.CharField(max_length=200, default="")
    online_link = fields.CharField(max_length=500, default="")
    state = fields.CharEnumField(SessionState, max_length=12, default=SessionState.SCHEDULED)
    minutes = fields.TextField(default="")
    resolution_text = fields.TextField(default="")
    created_by: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name=False, on_delete=fields.RESTRICT
    )
    created_by_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "consultation_session"
        indexes = (("community_id", "starts_at"),)
        constraints = (
            CheckConstraint(check="ends_at > starts_at", name="consultation_session_times"),
        )


class SessionTopic(Model):
    """A topic on the agenda of a session."""

    id = fields.IntField(primary_key=True)
    session: fields.ForeignKeyRelation[ConsultationSession] = fields.ForeignKeyField(
        "models.ConsultationSession", related_name="agenda", on_delete=fields.CASCADE
    )
    session_id: int
    topic: fields.ForeignKeyRelation[Topic] = fields.ForeignKeyField(
        "models.Topic", related_name="session_links", on_delete=fields.RESTRICT
    )
    topic_id: int
    position = fields.IntField(default=0)

    class Meta:
        table = "session_topic"
        unique_together = (("session", "topic"),)
        indexes = (("topic_id",),)


class SessionParticipant(Model):
    """A participant of a session by role, with ``resident`` when the person is on the register."""

    id = fields.IntField(primary_key=True)
    session: fields.ForeignKeyRelation[ConsultationSession] = fields.ForeignKeyField(
        "models.ConsultationSession", related_name="participants", on_delete=fields.CASCADE
    )
    session_id: int
    role = fields.CharEnumField(ParticipantRole, max_length=24)
    name = fields.CharField(max_length=100)  # person or organisation as shown in the minutes
    resident: fields.ForeignKeyNullableRelation[Resident] = fields.ForeignKeyField(
        "models.Resident",
        related_name="session_participations",
        null=True,
        on_delete=fields.RESTRICT,
    )
    resident_id: int | None

    class Meta:
        table = "session_participant"
        unique_together = (("session", "resident"),)
        indexes = (("resident_id",),)


class SessionMaterial(Model):
    """Material of a session: a link or a text body (exactly one)."""

    id = fields.IntField(primary_key=True)
    session: fields.ForeignKeyRelation[ConsultationSession] = fields.ForeignKeyField(
        "models.ConsultationSession", related_name="materials", on_delete=fields.CASCADE
    )
    session_id: int
    title = fields.CharField(max_length=200)
    url = fields.CharField(max_length=500, null=True)
    body = fields.TextField(null=True)
    position = fields.IntField(default=0)
    added_by: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name=False, on_delete=fields.RESTRICT
    )
    added_by_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "session_material"
        indexes = (("session_id", "position"),)
        constraints = (
            CheckConstraint(
                check="(url IS NULL AND body IS NOT NULL) OR (url IS NOT NULL AND body IS NULL)",
                name="session_material_content",
            ),
        )


# --- comments ---------------------------------------------------------------------------


class Comment(Model):
    """Comment of a resident on a topic or a session, one level of replies, moderated."""

    id = fields.IntField(primary_key=True)
    topic: fields.ForeignKeyNullableRelation[Topic] = fields.ForeignKeyField(
        "models.Topic", related_name="comments", null=True, on_delete=fields.CASCADE
    )
    topic_id: int | None
    session: fields.ForeignKeyNullableRelation[ConsultationSession] = fields.ForeignKeyField(
        "models.ConsultationSession", related_name="comments", null=True, on_delete=fields.CASCADE
    )
    session_id: int | None
    parent: fields.ForeignKeyNullableRelation[Comment] = fields.ForeignKeyField(
        "models.Comment", related_name="replies", null=True, on_delete=fields.CASCADE
    )
    parent_id: int | None
    author: fields.ForeignKeyRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="consultation_comments", on_delete=fields.RESTRICT
    )
    author_id: int
    body = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)
    edited_at = fields.DatetimeField(null=True)
    hidden = fields.BooleanField(default=False)
    hidden_by: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    hidden_by_id: int | None
    hidden_at = fields.DatetimeField(null=True)
    hidden_reason = fields.CharField(max_length=200, default="")

    class Meta:
        table = "consultation_comment"
        indexes = (
            ("topic_id", "created_at"),
            ("session_id", "created_at"),
            ("parent_id",),
            ("author_id",),
        )
        constraints = (
            CheckConstraint(
                check=(
                    "(topic_id IS NOT NULL AND session_id IS NULL)"
                    " OR (topic_id IS NULL AND session_id IS NOT NULL)"
                ),
                name="consultation_comment_target",
            ),
            CheckConstraint(
                check=(
                    "NOT hidden OR (hidden_by_id IS NOT NULL AND hidden_at IS NOT NULL"
                    " AND hidden_reason <> '')"
                ),
                name="consultation_comment_hidden",
            ),
        )


class CommentReport(Model):
    """Report of a comment to the moderators by a resident (one per resident and comment)."""

    id = fields.IntField(primary_key=True)
    comment: fields.ForeignKeyRelation[Comment] = fields.ForeignKeyField(
        "models.Comment", related_name="reports", on_delete=fields.CASCADE
    )
    comment_id: int
    reporter: fields.ForeignKeyRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="comment_reports", on_delete=fields.RESTRICT
    )
    reporter_id: int
    reason = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)
    reviewed_by: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    reviewed_by_id: int | None
    reviewed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "comment_report"
        unique_together = (("comment", "reporter"),)
        indexes = (("reviewed_at", "created_at"),)
