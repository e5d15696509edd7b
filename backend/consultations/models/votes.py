"""表决: votes with their options and the eligibility snapshot (voting units and voters).

Voting units. When a vote opens, the register is snapshotted (``units``): one
``EligibleUnit`` per voting unit (a person, a household, or an owner set with its dwellings
and area; keyed by the unit rules' ``unit_key``) and one ``EligibleVoter`` per resident who
may cast that unit's ballot. An owner can stand in two units ({A} for one dwelling, {A, B}
for a co-owned one), so ``EligibleVoter`` is unique per (vote, resident, unit) and its
leading (vote, resident) columns answer "may this resident vote, and for which units" with
one index probe. Snapshot rows are evidence: they never change after the vote opens. The
unit kind is the vote's ``voting_unit`` and is not repeated per row.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

from backend.consultations.models.scope import ScopeKind, scope_check

# One definition for the database and the pure rules that decide a vote.
from backend.consultations.rules import BallotKind, DecisionRule
from backend.consultations.units import UnitKind

if TYPE_CHECKING:
    from backend.auth.models import Account
    from backend.consultations.models.sessions import ConsultationSession
    from backend.consultations.models.topics import Topic
    from backend.divisions.models import Division
    from backend.grids.models import Grid
    from backend.housing.models import Building, Compound
    from backend.residents.models import Resident


# A vote's voting unit is the unit rules' kind (PERSON, HOUSEHOLD, OWNER), under the name the
# models, migrations and the GraphQL enum (``VotingUnit``) use.
VotingUnit = UnitKind


class VoteState(StrEnum):
    DRAFT = "DRAFT"
    OPEN = "OPEN"
    CLOSED = "CLOSED"


class OptionStance(StrEnum):
    """What an option of a FOR_AGAINST_ABSTAIN vote means to the decision rules."""

    FOR = "FOR"
    AGAINST = "AGAINST"
    ABSTAIN = "ABSTAIN"


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
            scope_check("vote"),
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
