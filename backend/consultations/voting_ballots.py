"""Ballots (选票): online casting, paper and on-site entry by staff, and conflicts.

One counted ballot per (vote, unit) is the database's unique constraint, whatever the channel:
two requests for the same unit cannot both insert. The loser of that race gets ALREADY_VOTED
(online) or, after one more pass that finds the winner's ballot, becomes a conflict (paper).

Every check runs before the first write and inside the transaction that writes, so a refused
ballot changes nothing. Results hold ids, times and channels only: no choice of a ballot ever
leaves this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from backend.auth.scope import Scope
from backend.consultations import events, rules
from backend.consultations.events import VoteEventKind
from backend.consultations.models import (
    Ballot,
    BallotChannel,
    BallotChoice,
    BallotConflict,
    BallotConflictChoice,
    BallotKind,
    ConflictStatus,
    EligibleUnit,
    EligibleVoter,
    Vote,
    VoteOption,
)
from backend.consultations.voting_common import (
    VoteFilter,
    check_open_for_ballots,
    lock_vote_shared,
    managed_vote,
    managed_votes,
    not_found,
    now,
    retrying,
    visible_votes,
    vote_locked_shared,
)
from backend.core.errors import DomainError, ErrorCode
from backend.core.lookup import get_in_scope
from backend.core.validators import required_text
from backend.residents.models import Resident

SHEET_MAX = 64
NOTE_MAX = 500
# A lost unique-constraint race is retried once more to find the winner's row.
INTEGRITY_ATTEMPTS = 3

_CHOICE_ERRORS = {
    rules.ChoiceError.OPTION_NOT_IN_VOTE: ErrorCode.OPTION_NOT_IN_VOTE,
    rules.ChoiceError.DUPLICATE_CHOICE: ErrorCode.DUPLICATE_CHOICE,
    rules.ChoiceError.EMPTY_BALLOT: ErrorCode.EMPTY_BALLOT,
    rules.ChoiceError.TOO_MANY_CHOICES: ErrorCode.TOO_MANY_CHOICES,
}


@dataclass(frozen=True)
class CastBallot:
    """What a voter learns about their ballot: never its choices."""

    vote_id: int
    unit_key: str
    receipt_code: str
    cast_at: dt.datetime
    channel: BallotChannel
    changed_at: dt.datetime | None = None
    revision: int = 1


@dataclass(frozen=True)
class PaperEntry:
    """A paper or on-site ballot: counted (``ballot``) or kept as a conflict (``conflict``)."""

    ballot: CastBallot | None
    conflict: BallotConflict | None


def _cast(ballot: Ballot, unit_key: str) -> CastBallot:
    return CastBallot(
        vote_id=ballot.vote_id,
        unit_key=unit_key,
        receipt_code=ballot.receipt_code,
        cast_at=ballot.cast_at,
        channel=ballot.channel,
        changed_at=ballot.changed_at,
        revision=ballot.revision,
    )


async def _check_choices(
    scope: Scope, vote: Vote, option_ids: Sequence[int], sees: VoteFilter
) -> list[int]:
    """The choices, checked with the rules. An option the caller cannot see (of a vote outside
    their scope, or none at all) is FORBIDDEN like any foreign ID; an option of another vote
    they can see is OPTION_NOT_IN_VOTE."""
    options: list[int] = await VoteOption.filter(vote_id=vote.pk).values_list(  # type: ignore[assignment]
        "id", flat=True
    )
    others = sorted(set(option_ids) - set(options))
    if others:
        votes = sees(scope, Vote.all()).values("id")
        seen = set(
            await VoteOption.filter(id__in=others, vote_id__in=Subquery(votes)).values_list(
                "id", flat=True
            )
        )
        for i, option_id in enumerate(option_ids):
            if option_id not in options and option_id not in seen:
                raise not_found(scope, f"optionIds.{i}")
    problem = rules.validate_choices(
        rules.BallotKind(vote.ballot_kind.value),
        list(option_ids),
        options,
        max_choices=vote.max_choices if vote.ballot_kind == BallotKind.MULTIPLE else None,
        allow_empty=vote.allow_empty,
    )
    if problem is not None:
        raise DomainError(_CHOICE_ERRORS[problem], "optionIds", max=vote.max_choices)
    return list(option_ids)


# --- online -------------------------------------------------------------------------------


async def _voter_units(vote_id: int, resident_id: int) -> list[EligibleUnit]:
    mine = EligibleVoter.filter(vote_id=vote_id, resident_id=resident_id).values("unit_id")
    return await EligibleUnit.filter(id__in=Subquery(mine)).order_by("unit_key")


async def _visible(scope: Scope, vote_id: int) -> bool:
    return await visible_votes(scope, Vote.filter(id=vote_id)).exists()


def _pick_unit(
    found: list[EligibleUnit], unit_key: str | None, field: str = "unitKey"
) -> EligibleUnit:
    if unit_key is not None:
        for unit in found:
            if unit.unit_key == unit_key:
                return unit
        raise DomainError(ErrorCode.NOT_ELIGIBLE, field)
    if len(found) > 1:
        raise DomainError(ErrorCode.UNIT_REQUIRED, field)
    return found[0]


async def cast_online(
    scope: Scope, vote_id: int, option_ids: Sequence[int], unit_key: str | None = None
) -> CastBallot:
    """The caller's ballot for one of their units (``unit_key`` when they stand in several).

    A unit that already voted gets ALREADY_VOTED, unless the vote allows changes and the same
    voter cast the existing online ballot: then its choices are rewritten (same receipt).
    """
    resident_id = scope.own_resident_id
    if resident_id is None:
        raise DomainError(ErrorCode.NOT_ELIGIBLE, "voteId")
    chosen_unit: list[int] = []

    async def once() -> CastBallot:
        async with in_transaction():
            vote = await vote_locked_shared(vote_id)
            found = await _voter_units(vote_id, resident_id) if vote else []
            if vote is None or (not found and not await _visible(scope, vote_id)):
                raise not_found(scope, "voteId")
            at = now()
            check_open_for_ballots(vote, at)
            if not found:
                raise DomainError(ErrorCode.NOT_ELIGIBLE, "voteId")
            unit = _pick_unit(found, unit_key)
            chosen_unit[:] = [unit.pk]
            choices = await _check_choices(scope, vote, option_ids, visible_votes)
            # Without changes a second ballot is refused by the unique (vote, unit) constraint
            # (IntegrityError below): no statement to look for it first.
            existing = (
                await Ballot.filter(vote_id=vote.pk, unit_id=unit.pk).select_for_update().first()
                if vote.allow_change
                else None
            )
            if existing is not None:
                mine = (
                    existing.channel == BallotChannel.ONLINE and existing.cast_by_id == resident_id
                )
                if not (vote.allow_change and mine):
                    raise DomainError(ErrorCode.ALREADY_VOTED, "voteId")
                await BallotChoice.filter(ballot_id=existing.pk).delete()
                await BallotChoice.bulk_create(
                    [BallotChoice(ballot_id=existing.pk, option_id=o) for o in choices]
                )
                existing.revision += 1
                existing.changed_at = at
                await existing.save(update_fields=["revision", "changed_at"])
                return _cast(existing, unit.unit_key)
            ballot = await Ballot.create(
                vote_id=vote.pk,
                unit_id=unit.pk,
                channel=BallotChannel.ONLINE,
                cast_by_id=resident_id,
                cast_at=at,
            )
            await BallotChoice.bulk_create(
                [BallotChoice(ballot_id=ballot.pk, option_id=o) for o in choices]
            )
            return _cast(ballot, unit.unit_key)

    attempt = 0
    while True:
        attempt += 1
        try:
            result = await retrying(once)
            break
        except IntegrityError:
            # Another request inserted this unit's ballot first. With changes allowed the next
            # pass finds it and changes it; otherwise the unit has voted.
            taken = (
                bool(chosen_unit)
                and await Ballot.filter(vote_id=vote_id, unit_id=chosen_unit[0]).exists()
            )
            if not taken:
                raise
            allow_change = await Vote.filter(id=vote_id, allow_change=True).exists()
            if not allow_change or attempt >= INTEGRITY_ATTEMPTS:
                raise DomainError(ErrorCode.ALREADY_VOTED, "voteId") from None
    await events.publish(vote_id, VoteEventKind.TURNOUT)
    return result


# --- paper and on-site ------------------------------------------------------------------


async def _entry_unit(
    scope: Scope, vote: Vote, unit_key: str | None, resident_id: int | None
) -> EligibleUnit:
    if unit_key is None and resident_id is None:
        raise DomainError(ErrorCode.REQUIRED, "unitKey")
    if resident_id is not None:
        # The signer is a resident of the caller's register (an owner living elsewhere is
        # entered by unit key).
        await get_in_scope(Resident, resident_id, scope.residents, "residentId")
        found = await _voter_units(vote.pk, resident_id)
        if not found:
            raise DomainError(ErrorCode.NOT_ELIGIBLE, "residentId")
        return _pick_unit(found, unit_key)
    unit = await EligibleUnit.filter(vote_id=vote.pk, unit_key=unit_key).first()
    if unit is None:
        raise DomainError(ErrorCode.NOT_ELIGIBLE, "unitKey")
    return unit


async def enter_paper(
    scope: Scope,
    account_id: int,
    vote_id: int,
    option_ids: Sequence[int],
    sheet_reference: str,
    channel: BallotChannel,
    unit_key: str | None = None,
    resident_id: int | None = None,
) -> PaperEntry:
    """A paper or on-site ballot entered by staff with its sheet reference.

    For a unit without a ballot it is counted; for a unit that already has one it is stored as
    a ``BallotConflict`` with its own choices and receipt, until staff resolve it.
    ``resident_id`` names the voter who signed the sheet (their unit is looked up in the
    snapshot); ``unit_key`` names the unit directly (or picks one of the resident's units).
    """
    if channel == BallotChannel.ONLINE:
        raise DomainError(ErrorCode.INVALID, "channel")
    sheet = required_text(sheet_reference, "sheetReference", SHEET_MAX)

    async def once() -> PaperEntry:
        async with in_transaction():
            await lock_vote_shared(vote_id)
            vote = await managed_vote(scope, vote_id)
            at = now()
            check_open_for_ballots(vote, at, window=False)
            unit = await _entry_unit(scope, vote, unit_key, resident_id)
            choices = await _check_choices(scope, vote, option_ids, managed_votes)
            used = await Ballot.filter(vote_id=vote.pk, sheet_reference=sheet).exists()
            used = (
                used or await BallotConflict.filter(vote_id=vote.pk, sheet_reference=sheet).exists()
            )
            if used:
                raise DomainError(ErrorCode.DUPLICATE, "sheetReference")
            entry = {
                "vote_id": vote.pk,
                "unit_id": unit.pk,
                "channel": channel,
                "cast_by_id": resident_id,
                "sheet_reference": sheet,
                "entered_by_id": account_id,
            }
            existing = (
                await Ballot.filter(vote_id=vote.pk, unit_id=unit.pk).select_for_update().first()
            )
            if existing is None:
                ballot = await Ballot.create(**entry, cast_at=at)
                await BallotChoice.bulk_create(
                    [BallotChoice(ballot_id=ballot.pk, option_id=o) for o in choices]
                )
                return PaperEntry(_cast(ballot, unit.unit_key), None)
            conflict = await BallotConflict.create(**entry, ballot_id=existing.pk, submitted_at=at)
            await BallotConflictChoice.bulk_create(
                [BallotConflictChoice(conflict_id=conflict.pk, option_id=o) for o in choices]
            )
            return PaperEntry(None, conflict)

    attempt = 0
    while True:
        attempt += 1
        try:
            result = await retrying(once)
            break
        except IntegrityError:
            # A concurrent entry took the unit (the next pass stores a conflict) or the sheet
            # reference (the next pass reports DUPLICATE).
            if attempt >= INTEGRITY_ATTEMPTS:
                raise
    if result.ballot is not None:
        await events.publish(vote_id, VoteEventKind.TURNOUT)
    return result


async def resolve_conflict(
    scope: Scope, account_id: int, conflict_id: int, replace: bool, note: str
) -> BallotConflict:
    """Keep the counted ballot, or replace its content with the conflicting one (the ballot
    keeps its receipt; the conflict keeps its own). Only while the vote is not closed."""
    text = required_text(note, "note", NOTE_MAX)

    async def once() -> BallotConflict:
        async with in_transaction():
            row = await BallotConflict.filter(id=conflict_id).first()
            if row is None:
                raise not_found(scope, "conflictId")
            await lock_vote_shared(row.vote_id)
            try:
                vote = await managed_vote(scope, row.vote_id, "conflictId")
            except DomainError:
                raise not_found(scope, "conflictId") from None
            check_open_for_ballots(vote, now(), window=False)
            conflict = await BallotConflict.filter(id=conflict_id).select_for_update().get()
            if conflict.status != ConflictStatus.OPEN:
                raise DomainError(ErrorCode.CONFLICT_RESOLVED, "conflictId")
            at = now()
            if replace:
                ballot = await Ballot.filter(id=conflict.ballot_id).select_for_update().get()
                chosen = await BallotConflictChoice.filter(conflict_id=conflict.pk).values_list(
                    "option_id", flat=True
                )
                ballot.channel = conflict.channel
                ballot.sheet_reference = conflict.sheet_reference
                ballot.entered_by_id = conflict.entered_by_id
                ballot.cast_by_id = conflict.cast_by_id
                ballot.changed_at = at
                ballot.revision += 1
                await ballot.save(
                    update_fields=[
                        "channel",
                        "sheet_reference",
                        "entered_by_id",
                        "cast_by_id",
                        "changed_at",
                        "revision",
                    ]
                )
                await BallotChoice.filter(ballot_id=ballot.pk).delete()
                await BallotChoice.bulk_create(
                    [BallotChoice(ballot_id=ballot.pk, option_id=o) for o in chosen]
                )
            conflict.status = ConflictStatus.REPLACED if replace else ConflictStatus.KEPT_EXISTING
            conflict.resolved_by_id = account_id
            conflict.resolved_at = at
            conflict.note = text
            await conflict.save(update_fields=["status", "resolved_by_id", "resolved_at", "note"])
            return conflict

    resolved = await retrying(once)
    if replace:
        await events.publish(resolved.vote_id, VoteEventKind.TURNOUT)
    return resolved
