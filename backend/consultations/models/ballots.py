"""选票: counted ballots, their choices, and conflicting ballots kept for staff to resolve.

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
"""

from __future__ import annotations

import secrets
from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model

if TYPE_CHECKING:
    from backend.auth.models import Account
    from backend.consultations.models.votes import EligibleUnit, Vote, VoteOption
    from backend.residents.models import Resident

# Crockford's base32 without I, L, O, U: easy to read out and type from a phone screen.
RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_LENGTH = 16  # 80 random bits


def new_receipt_code() -> str:
    """A random ballot receipt code (not derived from the vote, unit or voter)."""
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


class BallotChannel(StrEnum):
    ONLINE = "ONLINE"
    PAPER = "PAPER"
    ON_SITE = "ON_SITE"


class ConflictStatus(StrEnum):
    OPEN = "OPEN"
    KEPT_EXISTING = "KEPT_EXISTING"
    REPLACED = "REPLACED"


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
