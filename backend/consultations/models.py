"""协商议事: topics, sessions, comments, votes, ballots and resolutions.

Scope. A topic or a vote belongs to one community (``community``, always set: staff scope,
settings and listings filter on it) and has a ``scope_kind``. GRID, COMPOUND and BUILDING
scopes point at their object through a real nullable foreign key (``grid``, ``compound``,
``building``), and a CHECK constraint requires exactly the key the kind names and no other.
Real keys give referential integrity (RESTRICT) and plain indexes, which a generic
``scope_id`` column could not. That the grid, compound or building lies in ``community`` is
checked by the services (a CHECK cannot look into another table).

Voting units. When a vote opens, the register is snapshotted (``units``): one
``EligibleUnit`` per voting unit (a person, a household, or an owner set with its dwellings
and area; keyed by the unit rules' ``unit_key``) and one ``EligibleVoter`` per resident who
may cast that unit's ballot. An owner can stand in two units ({A} for one dwelling, {A, B}
for a co-owned one), so ``EligibleVoter`` is unique per (vote, resident, unit) and its
leading (vote, resident) columns answer "may this resident vote, and for which units" with
one index probe. Snapshot rows are evidence: they never change after the vote opens. The
unit kind is the vote's ``voting_unit`` and is not repeated per row.

Ballots and secrecy. ``Ballot`` is the counted ballot of a unit: unique (vote, unit) in the
database, whatever the channel (ONLINE, PAPER, ON_SITE), so no code path can count a unit
twice. Its choices are rows of ``BallotChoice``; an empty ballot has none. A ballot keeps
its ``receipt_code`` for its whole life; a change before close (``Vote.allow_change``)
rewrites the choices in place and bumps ``revision``. A ballot entered for a unit that
already has one is stored in ``BallotConflict`` with its own choices and receipt, until
staff keep the existing ballot or replace it: never dropped, never counted twice.
Replacing copies the conflict's channel, sheet, clerk, signer and choices onto the ballot
row, which keeps its receipt; the conflict keeps its own receipt, so both can be looked up.

We keep one ``Ballot`` row per unit instead of splitting a "who voted" table from anonymous
choices. A split would not hide anything from someone who can read the database: changing
a ballot, replacing one after a conflict and the per-unit uniqueness all need the unit to
find its ballot; an owners' vote weights each ballot by its unit's area, which nearly
identifies the unit; and the receipt must show when and by which channel a ballot was cast,
which links the rows by time. Secrecy is therefore a rule of the API, kept in one place:
for a SECRET vote nothing maps a voter, unit or receipt to choices; choices are read only
as aggregates (the tally and the recount); a receipt lookup tells counted, when and channel,
never the choice; ``cast_by`` (which member of the unit voted online) serves turnout and
double-vote checks only. An open vote (``secret`` false) may show who chose what.

CHECK constraints compare decimals through ``CAST(… AS NUMERIC)``: Tortoise keeps SQLite
decimals as text, which would otherwise compare as strings.

Cross-row consistency the foreign keys cannot express (a ballot's unit and options, a
conflict's unit and ballot, an eligible voter's unit all belong to the same vote) is
enforced by triggers created in the migration, so a direct insert cannot break it either.

Comments: on a topic or on a session (exactly one, CHECK). Replies go one level deep: a
reply's parent must itself have no parent and the same topic or session; the edit window
(``ConsultationSettings.comment_edit_minutes``) is checked by the services.

Topic support threshold. ``ConsultationSettings`` holds a community's rule: a number of
supports, a share of households in the topic's scope, or both (then both must be met). When
a community has no row the defaults below apply. The resulting number is copied into
``Topic.support_threshold`` when the topic is proposed, so later changes of the rule do not
move the goal of topics already collecting support.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

# One definition for the database and the pure rules that decide a vote.
from backend.consultations.rules import BallotKind, DecisionRule

if TYPE_CHECKING:
    from backend.auth.models import Account
    from backend.divisions.models import Division
    from backend.grids.models import Grid
    from backend.housing.models import Building, Compound
    from backend.residents.models import Resident

DEFAULT_SUPPORT_THRESHOLD_COUNT = 10
DEFAULT_COMMENT_EDIT_MINUTES = 15
DEFAULT_NOTICE_DAYS = 7

# Crockford's base32 without I, L, O, U: easy to read out and type from a phone screen.
RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_LENGTH = 16  # 80 random bits


def new_receipt_code() -> str:
    """A random ballot receipt code (not derived from the vote, unit or voter)."""
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


class ScopeKind(StrEnum):
    COMMUNITY = "COMMUNITY"
    GRID = "GRID"
    COMPOUND = "COMPOUND"
    BUILDING = "BUILDING"


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


class VotingUnit(StrEnum):
    PERSON = "PERSON"
    HOUSEHOLD = "HOUSEHOLD"
    OWNER = "OWNER"


class VoteState(StrEnum):
    DRAFT = "DRAFT"
    OPEN = "OPEN"
    CLOSED = "CLOSED"


class OptionStance(StrEnum):
    """What an option of a FOR_AGAINST_ABSTAIN vote means to the decision rules."""

    FOR = "FOR"
    AGAINST = "AGAINST"
    ABSTAIN = "ABSTAIN"


class BallotChannel(StrEnum):
    ONLINE = "ONLINE"
    PAPER = "PAPER"
    ON_SITE = "ON_SITE"


class ConflictStatus(StrEnum):
    OPEN = "OPEN"
    KEPT_EXISTING = "KEPT_EXISTING"
    REPLACED = "REPLACED"


class EvaluationRating(StrEnum):
    SATISFIED = "SATISFIED"
    BASICALLY_SATISFIED = "BASICALLY_SATISFIED"
    NOT_SATISFIED = "NOT_SATISFIED"


def _scope_check(table: str) -> CheckConstraint:
    """Exactly the foreign key the scope kind names is set (none for COMMUNITY)."""
    keys = {"GRID": "grid_id", "COMPOUND": "compound_id", "BUILDING": "building_id"}
    cases = []
    for kind in ScopeKind:
        wanted = keys.get(kind.value)
        tests = [f"scope_kind = '{kind.value}'"]
        tests += [f"{key} IS {'NOT ' if key == wanted else ''}NULL" for key in keys.values()]
        cases.append("(" + " AND ".join(tests) + ")")
    return CheckConstraint(check=" OR ".join(cases), name=f"{table}_scope")


def _entry_check(table: str) -> CheckConstraint:
    """Online ballots name their voter; paper and on-site ones their sheet and clerk."""
    return CheckConstraint(
        check=(
            "(channel = 'ONLINE' AND cast_by_id IS NOT NULL AND sheet_reference IS NULL"
            " AND entered_by_id IS NULL)"
            " OR (channel IN ('PAPER', 'ON_SITE') AND sheet_reference IS NOT NULL"
            " AND sheet_reference <> '' AND entered_by_id IS NOT NULL)"
        ),
        name=f"{table}_entry",
    )


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
            _scope_check("topic"),
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


# --- votes ------------------------------------------------------------------------------


class Vote(Model):
    """表决: question, options, voting unit, decision rule, window, snapshot and frozen tally."""

    id = fields.IntField(primary_key=True)
    community: fields.ForeignKeyRelation[Division] = fields.ForeignKeyField(
        "models.Division", related_name="consultation_votes", on_delete=fields.RESTRICT
    )
    community_id: int
    scope_kind = fields.CharEnumField(ScopeKind, max_length=12)
    grid: fields.ForeignKeyNullableRelation[Grid] = fields.ForeignKeyField(
        "models.Grid", related_name="consultation_votes", null=True, on_delete=fields.RESTRICT
    )
    grid_id: int | None
    compound: fields.ForeignKeyNullableRelation[Compound] = fields.ForeignKeyField(
        "models.Compound", related_name="consultation_votes", null=True, on_delete=fields.RESTRICT
    )
    compound_id: int | None
    building: fields.ForeignKeyNullableRelation[Building] = fields.ForeignKeyField(
        "models.Building", related_name="consultation_votes", null=True, on_delete=fields.RESTRICT
    )
    building_id: int | None
    session: fields.ForeignKeyNullableRelation[ConsultationSession] = fields.ForeignKeyField(
        "models.ConsultationSession", related_name="votes", null=True, on_delete=fields.RESTRICT
    )
    session_id: int | None
    topic: fields.ForeignKeyNullableRelation[Topic] = fields.ForeignKeyField(
        "models.Topic", related_name="votes", null=True, on_delete=fields.RESTRICT
    )
    topic_id: int | None
    question = fields.CharField(max_length=300)
    description = fields.TextField(default="")
    ballot_kind = fields.CharEnumField(BallotKind, max_length=20)
    max_choices = fields.IntField(default=1)
    # MULTIPLE: how many options can be adopted (None: max_choices).
    seats = fields.IntField(null=True)
    allow_empty = fields.BooleanField(default=True)  # a ballot with no choice (空白票)
    voting_unit = fields.CharEnumField(VotingUnit, max_length=12)
    decision_rule = fields.CharEnumField(DecisionRule, max_length=16)
    opens_at = fields.DatetimeField()
    closes_at = fields.DatetimeField()
    state = fields.CharEnumField(VoteState, max_length=8, default=VoteState.DRAFT)
    secret = fields.BooleanField(default=True)
    results_live = fields.BooleanField(default=False)
    allow_change = fields.BooleanField(default=False)
    # Eligibility snapshot, taken when the vote opens (sums over its EligibleUnit rows).
    snapshot_at = fields.DatetimeField(null=True)
    eligible_unit_count = fields.IntField(null=True)
    eligible_headcount = fields.IntField(null=True)
    eligible_area = fields.DecimalField(max_digits=14, decimal_places=2, null=True)
    # What the register had in scope but could not become a unit (dwelling without owner …).
    snapshot_excluded: Any = fields.JSONField(null=True)
    # Frozen at close: per-option headcount and area, participation, and the outcome.
    closed_at = fields.DatetimeField(null=True)
    tally: Any = fields.JSONField(null=True)
    outcome: Any = fields.JSONField(null=True)
    created_by: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name=False, on_delete=fields.RESTRICT
    )
    created_by_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "vote"
        indexes = (
            ("community_id", "state", "closes_at"),
            ("state", "opens_at"),
            ("state", "closes_at"),
            ("grid_id", "state"),
            ("compound_id", "state"),
            ("building_id", "state"),
            ("session_id",),
            ("topic_id",),
        )
        constraints = (
            _scope_check("vote"),
            CheckConstraint(
                check=(
                    "max_choices >= 1 AND (ballot_kind = 'MULTIPLE' OR max_choices = 1)"
                    " AND (seats IS NULL OR (seats >= 1 AND ballot_kind = 'MULTIPLE'))"
                ),
                name="vote_max_choices",
            ),
            CheckConstraint(
                check=(
                    "decision_rule NOT IN ('OWNERS_ORDINARY', 'OWNERS_MAJOR')"
                    " OR voting_unit = 'OWNER'"
                ),
                name="vote_owner_rules",
            ),
            CheckConstraint(check="closes_at > opens_at", name="vote_window"),
            CheckConstraint(
                check=(
                    "state = 'DRAFT' OR (snapshot_at IS NOT NULL"
                    " AND eligible_unit_count IS NOT NULL"
                    " AND eligible_headcount IS NOT NULL AND eligible_area IS NOT NULL)"
                ),
                name="vote_snapshot",
            ),
            CheckConstraint(
                check=(
                    "state <> 'CLOSED' OR (closed_at IS NOT NULL AND tally IS NOT NULL"
                    " AND outcome IS NOT NULL)"
                ),
                name="vote_frozen",
            ),
        )


class VoteOption(Model):
    """An option of a vote. ``stance`` marks FOR / AGAINST / ABSTAIN where the kind has them."""

    id = fields.IntField(primary_key=True)
    vote: fields.ForeignKeyRelation[Vote] = fields.ForeignKeyField(
        "models.Vote", related_name="options", on_delete=fields.CASCADE
    )
    vote_id: int
    label = fields.CharField(max_length=100)
    position = fields.IntField()
    stance = fields.CharEnumField(OptionStance, max_length=8, null=True)

    class Meta:
        table = "vote_option"
        unique_together = (("vote", "position"), ("vote", "label"), ("vote", "stance"))
        constraints = (CheckConstraint(check="position >= 0", name="vote_option_position"),)


class EligibleUnit(Model):
    """A voting unit of the eligibility snapshot with its headcount and area (m²)."""

    id = fields.IntField(primary_key=True)
    vote: fields.ForeignKeyRelation[Vote] = fields.ForeignKeyField(
        "models.Vote", related_name="units", on_delete=fields.RESTRICT
    )
    vote_id: int
    # Stable key of the unit, built by the unit rules (person, household or owner group).
    unit_key = fields.CharField(max_length=64)
    headcount = fields.IntField(default=1)
    area = fields.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    # What staff see when entering a paper ballot (household number, dwellings), no names.
    label = fields.CharField(max_length=200, default="")
    dwelling_ids: Any = fields.JSONField(default=list)

    class Meta:
        table = "eligible_unit"
        unique_together = (("vote", "unit_key"),)
        constraints = (
            CheckConstraint(
                check="headcount >= 1 AND CAST(area AS NUMERIC) >= 0",
                name="eligible_unit_weights",
            ),
        )


class EligibleVoter(Model):
    """A resident who may cast the ballot of a unit (an owner may stand in several units)."""

    id = fields.IntField(primary_key=True)
    vote: fields.ForeignKeyRelation[Vote] = fields.ForeignKeyField(
        "models.Vote", related_name="eligible_voters", on_delete=fields.RESTRICT
    )
    vote_id: int
    unit: fields.ForeignKeyRelation[EligibleUnit] = fields.ForeignKeyField(
        "models.EligibleUnit", related_name="voters", on_delete=fields.CASCADE
    )
    unit_id: int
    resident: fields.ForeignKeyRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="eligible_voters", on_delete=fields.RESTRICT
    )
    resident_id: int

    class Meta:
        table = "eligible_voter"
        # Leading (vote, resident): "may this resident vote, for which units" is one probe.
        unique_together = (("vote", "resident", "unit"),)
        indexes = (("unit_id",), ("resident_id",))


class Ballot(Model):
    """选票: the one counted ballot of a voting unit, whatever the channel."""

    id = fields.IntField(primary_key=True)
    vote: fields.ForeignKeyRelation[Vote] = fields.ForeignKeyField(
        "models.Vote", related_name="ballots", on_delete=fields.RESTRICT
    )
    vote_id: int
    unit: fields.ForeignKeyRelation[EligibleUnit] = fields.ForeignKeyField(
        "models.EligibleUnit", related_name="ballots", on_delete=fields.RESTRICT
    )
    unit_id: int
    channel = fields.CharEnumField(BallotChannel, max_length=8)
    receipt_code = fields.CharField(max_length=24, unique=True, default=new_receipt_code)
    # Online: the eligible voter who cast it. Paper or on-site: the signer, when known.
    cast_by: fields.ForeignKeyNullableRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="ballots_cast", null=True, on_delete=fields.RESTRICT
    )
    cast_by_id: int | None
    sheet_reference = fields.CharField(max_length=64, null=True)
    entered_by: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    entered_by_id: int | None
    cast_at = fields.DatetimeField()
    changed_at = fields.DatetimeField(null=True)
    revision = fields.IntField(default=1)

    class Meta:
        table = "ballot"
        unique_together = (("vote", "unit"), ("vote", "sheet_reference"))
        indexes = (("vote_id", "cast_at"), ("unit_id",), ("cast_by_id",))
        constraints = (
            _entry_check("ballot"),
            CheckConstraint(check="revision >= 1", name="ballot_revision"),
        )


class BallotChoice(Model):
    """An option chosen on a counted ballot."""

    id = fields.IntField(primary_key=True)
    ballot: fields.ForeignKeyRelation[Ballot] = fields.ForeignKeyField(
        "models.Ballot", related_name="choices", on_delete=fields.CASCADE
    )
    ballot_id: int
    option: fields.ForeignKeyRelation[VoteOption] = fields.ForeignKeyField(
        "models.VoteOption", related_name="ballot_choices", on_delete=fields.RESTRICT
    )
    option_id: int

    class Meta:
        table = "ballot_choice"
        unique_together = (("ballot", "option"),)
        indexes = (("option_id",),)


class BallotConflict(Model):
    """A ballot entered for a unit that already has a counted one, kept until staff resolve it."""

    id = fields.IntField(primary_key=True)
    vote: fields.ForeignKeyRelation[Vote] = fields.ForeignKeyField(
        "models.Vote", related_name="ballot_conflicts", on_delete=fields.RESTRICT
    )
    vote_id: int
    unit: fields.ForeignKeyRelation[EligibleUnit] = fields.ForeignKeyField(
        "models.EligibleUnit", related_name="ballot_conflicts", on_delete=fields.RESTRICT
    )
    unit_id: int
    ballot: fields.ForeignKeyRelation[Ballot] = fields.ForeignKeyField(
        "models.Ballot", related_name="conflicts", on_delete=fields.RESTRICT
    )
    ballot_id: int
    channel = fields.CharEnumField(BallotChannel, max_length=8)
    receipt_code = fields.CharField(max_length=24, unique=True, default=new_receipt_code)
    cast_by: fields.ForeignKeyNullableRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="ballot_conflicts", null=True, on_delete=fields.RESTRICT
    )
    cast_by_id: int | None
    sheet_reference = fields.CharField(max_length=64, null=True)
    entered_by: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    entered_by_id: int | None
    submitted_at = fields.DatetimeField()
    status = fields.CharEnumField(ConflictStatus, max_length=16, default=ConflictStatus.OPEN)
    resolved_by: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    resolved_by_id: int | None
    resolved_at = fields.DatetimeField(null=True)
    note = fields.TextField(default="")

    class Meta:
        table = "ballot_conflict"
        indexes = (("vote_id", "status"), ("unit_id",), ("ballot_id",))
        constraints = (
            _entry_check("ballot_conflict"),
            CheckConstraint(
                check=(
                    "(status = 'OPEN' AND resolved_by_id IS NULL AND resolved_at IS NULL)"
                    " OR (status <> 'OPEN' AND resolved_by_id IS NOT NULL"
                    " AND resolved_at IS NOT NULL)"
                ),
                name="ballot_conflict_resolution",
            ),
        )


class BallotConflictChoice(Model):
    """An option chosen on a conflicting ballot."""

    id = fields.IntField(primary_key=True)
    conflict: fields.ForeignKeyRelation[BallotConflict] = fields.ForeignKeyField(
        "models.BallotConflict", related_name="choices", on_delete=fields.CASCADE
    )
    conflict_id: int
    option: fields.ForeignKeyRelation[VoteOption] = fields.ForeignKeyField(
        "models.VoteOption", related_name="conflict_choices", on_delete=fields.RESTRICT
    )
    option_id: int

    class Meta:
        table = "ballot_conflict_choice"
        unique_together = (("conflict", "option"),)
        indexes = (("option_id",),)


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
