"""Counting (计票): live turnout, closing with the frozen tally and outcome, recount, receipts.

The tally is always computed from the raw ballots with ``rules.tally`` against the snapshot
units, and the outcome with ``rules.decide``: closing stores both as JSON on the vote (exact
values: areas as decimal strings, ratios as ``"numerator/denominator"``), and a recount reads
the raw ballots again and compares. Choices are only ever read here as aggregates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from backend.auth.scope import Scope
from backend.consultations import events, rules, units
from backend.consultations.events import VoteEventKind
from backend.consultations.models import (
    RECEIPT_ALPHABET,
    RECEIPT_LENGTH,
    Ballot,
    BallotChannel,
    BallotChoice,
    BallotConflict,
    BallotKind,
    ConflictStatus,
    EligibleUnit,
    EligibleVoter,
    OptionStance,
    Vote,
    VoteOption,
    VoteState,
)
from backend.consultations.voting_ballots import CastBallot
from backend.consultations.voting_common import managed_vote, now, retrying
from backend.core.errors import DomainError, ErrorCode
from backend.core.validators import search_prefix

# --- exact JSON forms -------------------------------------------------------------------------


def fraction_text(value: Fraction | None) -> str | None:
    return None if value is None else f"{value.numerator}/{value.denominator}"


def parse_fraction(value: str | None) -> Fraction | None:
    return None if value is None else Fraction(value)


def tally_to_json(t: rules.Tally) -> dict[str, Any]:
    return {
        "options": [
            {"optionId": c.option_id, "headcount": c.headcount, "area": str(c.area)}
            for c in t.options
        ],
        "ballots": t.ballots,
        "headcount": t.headcount,
        "area": str(t.area),
        "emptyBallots": t.empty_ballots,
    }


def tally_from_json(data: dict[str, Any]) -> rules.Tally:
    return rules.Tally(
        options=tuple(
            rules.OptionCount(int(o["optionId"]), int(o["headcount"]), Decimal(o["area"]))
            for o in data["options"]
        ),
        ballots=int(data["ballots"]),
        headcount=int(data["headcount"]),
        area=Decimal(data["area"]),
        empty_ballots=int(data["emptyBallots"]),
    )


def _threshold(t: rules.Threshold | None) -> dict[str, Any] | None:
    return None if t is None else {"ratio": fraction_text(t.ratio), "inclusive": t.inclusive}


def outcome_to_json(o: rules.Outcome) -> dict[str, Any]:
    return {
        "rule": o.rule.value,
        "kind": o.kind.value,
        "approval": _threshold(o.approval),
        "turnout": _threshold(o.turnout),
        "byArea": o.by_area,
        "eligibleHeadcount": o.eligible_headcount,
        "eligibleArea": str(o.eligible_area),
        "participatingHeadcount": o.participating_headcount,
        "participatingArea": str(o.participating_area),
        "ballots": o.ballots,
        "emptyBallots": o.empty_ballots,
        "turnoutHeadcountRatio": fraction_text(o.turnout_headcount_ratio),
        "turnoutAreaRatio": fraction_text(o.turnout_area_ratio),
        "turnoutHeadcountMet": o.turnout_headcount_met,
        "turnoutAreaMet": o.turnout_area_met,
        "turnoutMet": o.turnout_met,
        "options": [
            {
                "optionId": r.option_id,
                "headcount": r.headcount,
                "area": str(r.area),
                "headcountRatio": fraction_text(r.headcount_ratio),
                "areaRatio": fraction_text(r.area_ratio),
                "meetsThreshold": r.meets_threshold,
                "passed": r.passed,
            }
            for r in o.options
        ],
        "passedOptionIds": list(o.passed_option_ids),
        "tiedOptionIds": list(o.tied_option_ids),
        "passed": o.passed,
        "reason": o.reason.value,
    }


# --- the tally from raw ballots ---------------------------------------------------------------


async def option_ids(vote_id: int) -> list[int]:
    found = (
        await VoteOption.filter(vote_id=vote_id).order_by("position").values_list("id", flat=True)
    )
    return [int(pk) for pk in found]  # type: ignore[call-overload]


async def raw_tally(vote_id: int) -> rules.Tally:
    """Counts of ``vote_id`` from its raw ballots and snapshot units (``rules.tally``)."""
    unit_rows = await EligibleUnit.filter(vote_id=vote_id).values_list(
        "id", "unit_key", "headcount", "area"
    )
    weights = [
        units.EligibleUnit(key, hc, Decimal(str(area)), ()) for _, key, hc, area in unit_rows
    ]
    key_of = {pk: key for pk, key, _, _ in unit_rows}
    chosen: dict[int, set[int]] = defaultdict(set)
    for ballot_id, option_id in await BallotChoice.filter(ballot__vote_id=vote_id).values_list(
        "ballot_id", "option_id"
    ):
        chosen[ballot_id].add(option_id)
    ballots = [
        rules.Ballot(key_of[unit_id], frozenset(chosen.get(pk, ())))
        for pk, unit_id in await Ballot.filter(vote_id=vote_id).values_list("id", "unit_id")
    ]
    return rules.tally(await option_ids(vote_id), weights, ballots)


async def decide(vote: Vote, counts: rules.Tally) -> rules.Outcome:
    for_option: list[int] = []
    if vote.ballot_kind == BallotKind.FOR_AGAINST_ABSTAIN:
        found = await VoteOption.filter(vote_id=vote.pk, stance=OptionStance.FOR).values_list(
            "id", flat=True
        )
        for_option = [int(pk) for pk in found]  # type: ignore[call-overload]
    return rules.decide(
        rules.DecisionRule(vote.decision_rule.value),
        rules.BallotKind(vote.ballot_kind.value),
        counts,
        eligible_headcount=vote.eligible_headcount or 0,
        eligible_area=Decimal(str(vote.eligible_area or 0)),
        max_choices=vote.max_choices if vote.ballot_kind == BallotKind.MULTIPLE else None,
        for_option_id=for_option[0] if for_option else None,
        seats=vote.seats,
    )


async def close_vote(scope: Scope, vote_id: int) -> Vote:
    """OPEN → CLOSED: freeze the tally from the raw ballots and the outcome with its breakdown.

    Refused while ballot conflicts are open (they would otherwise be dropped silently). Staff
    may close before ``closes_at``; online ballots are refused from ``closes_at`` anyway.
    """

    async def once() -> Vote:
        async with in_transaction():
            # FOR UPDATE waits for every ballot being written under a SHARE lock on the vote.
            vote = await managed_vote(scope, vote_id, for_update=True)
            if vote.state == VoteState.DRAFT:
                raise DomainError(ErrorCode.VOTE_NOT_OPEN, "voteId")
            if vote.state == VoteState.CLOSED:
                raise DomainError(ErrorCode.VOTE_CLOSED, "voteId")
            pending = await BallotConflict.filter(
                vote_id=vote.pk, status=ConflictStatus.OPEN
            ).count()
            if pending:
                raise DomainError(ErrorCode.OPEN_CONFLICTS, "voteId", count=pending)
            counts = await raw_tally(vote.pk)
            outcome = await decide(vote, counts)
            at = now()
            await Vote.filter(id=vote.pk, state=VoteState.OPEN).update(
                state=VoteState.CLOSED,
                closed_at=at,
                tally=tally_to_json(counts),
                outcome=outcome_to_json(outcome),
                updated_at=at,
            )
            return await Vote.get(id=vote.pk)

    vote = await retrying(once)
    await events.publish(vote.pk, VoteEventKind.CLOSED)
    return vote


@dataclass(frozen=True)
class Recount:
    matches: bool
    stored: rules.Tally
    recounted: rules.Tally


async def recount_vote(scope: Scope, vote_id: int) -> Recount:
    """Count the raw ballots again and compare with the tally frozen at close."""
    vote = await managed_vote(scope, vote_id)
    if vote.state != VoteState.CLOSED or vote.tally is None:
        raise DomainError(ErrorCode.VOTE_NOT_CLOSED, "voteId")
    stored = tally_from_json(vote.tally)
    recounted = await raw_tally(vote.pk)
    return Recount(stored == recounted, stored, recounted)


# --- turnout ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Turnout:
    ballots: int
    headcount: int
    area: Decimal
    eligible_headcount: int
    eligible_area: Decimal

    @property
    def headcount_ratio(self) -> Fraction | None:
        return rules.ratio(self.headcount, self.eligible_headcount)

    @property
    def area_ratio(self) -> Fraction | None:
        return rules.ratio(self.area, self.eligible_area)


def frozen_turnout(vote: Vote) -> Turnout | None:
    if vote.state != VoteState.CLOSED or not isinstance(vote.tally, dict):
        return None
    counts = tally_from_json(vote.tally)
    return Turnout(
        counts.ballots,
        counts.headcount,
        counts.area,
        vote.eligible_headcount or 0,
        Decimal(str(vote.eligible_area or 0)),
    )


async def live_turnouts(votes: list[Vote]) -> dict[int, Turnout]:
    """Turnout of open votes from their ballots (one statement for all of them)."""
    ids = [v.pk for v in votes]
    heads: dict[int, int] = defaultdict(int)
    count: dict[int, int] = defaultdict(int)
    areas: dict[int, list[Decimal]] = defaultdict(list)
    rows = await Ballot.filter(vote_id__in=ids).values_list(
        "vote_id", "unit__headcount", "unit__area"
    )
    for vote_id, headcount, area in rows:
        count[vote_id] += 1
        heads[vote_id] += headcount
        areas[vote_id].append(Decimal(str(area)))
    return {
        v.pk: Turnout(
            count[v.pk],
            heads[v.pk],
            units.exact_sum(areas[v.pk]),
            v.eligible_headcount or 0,
            Decimal(str(v.eligible_area or 0)),
        )
        for v in votes
    }


# --- receipts -----------------------------------------------------------------------------


class ReceiptStatus(StrEnum):
    COUNTED = "COUNTED"  # the counted ballot of its unit
    PENDING = "PENDING"  # a conflicting ballot staff have not resolved yet
    NOT_COUNTED = "NOT_COUNTED"  # kept aside in a conflict, or replaced by a later ballot


@dataclass(frozen=True)
class Receipt:
    code: str
    status: ReceiptStatus
    cast_at: dt.datetime
    channel: BallotChannel
    vote_question: str

    @property
    def counted(self) -> bool:
        return self.status == ReceiptStatus.COUNTED


_RECEIPT_RE = re.compile(f"^[{RECEIPT_ALPHABET}]{{{RECEIPT_LENGTH}}}$")
# Crockford's base32 reads the letters people confuse with digits as those digits.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def normalize_receipt(code: str) -> str | None:
    text = re.sub(r"[\s-]", "", code or "").upper().translate(_READ_AS)
    return text if _RECEIPT_RE.match(text) else None


async def lookup_receipt(code: str) -> Receipt | None:
    """Public: whether the ballot behind a receipt is counted, when and by which channel."""
    normal = normalize_receipt(code)
    if normal is None:
        return None
    ballot = await Ballot.filter(receipt_code=normal).first()
    if ballot is not None:
        replaced = await BallotConflict.filter(
            ballot_id=ballot.pk, status=ConflictStatus.REPLACED
        ).exists()
        question = await Vote.filter(id=ballot.vote_id).values_list("question", flat=True)
        status = ReceiptStatus.NOT_COUNTED if replaced else ReceiptStatus.COUNTED
        return Receipt(normal, status, ballot.cast_at, ballot.channel, str(question[0]))
    conflict = await BallotConflict.filter(receipt_code=normal).first()
    if conflict is None:
        return None
    if conflict.status == ConflictStatus.OPEN:
        status = ReceiptStatus.PENDING
    elif conflict.status == ConflictStatus.KEPT_EXISTING:
        status = ReceiptStatus.NOT_COUNTED
    else:  # counted while it is the last replacement of its ballot
        latest = (
            await BallotConflict.filter(
                ballot_id=conflict.ballot_id, status=ConflictStatus.REPLACED
            )
            .order_by("-resolved_at", "-id")
            .values_list("id", flat=True)
        )
        status = ReceiptStatus.COUNTED if latest[0] == conflict.pk else ReceiptStatus.NOT_COUNTED
    question = await Vote.filter(id=conflict.vote_id).values_list("question", flat=True)
    return Receipt(normal, status, conflict.submitted_at, conflict.channel, str(question[0]))


# --- the viewer's units -----------------------------------------------------------------------


@dataclass(frozen=True)
class VoterUnit:
    vote_id: int
    unit_key: str
    label: str
    headcount: int
    area: Decimal
    ballot: CastBallot | None


async def voter_units(vote_ids: list[int], resident_id: int) -> dict[int, list[VoterUnit]]:
    """The units ``resident_id`` may cast a ballot for, per vote, with the unit's ballot."""
    rows = await EligibleVoter.filter(vote_id__in=vote_ids, resident_id=resident_id).values_list(
        "vote_id", "unit_id", "unit__unit_key", "unit__label", "unit__headcount", "unit__area"
    )
    unit_ids = [row[1] for row in rows]
    ballots: dict[int, CastBallot] = {}
    keys = {row[1]: row[2] for row in rows}
    if unit_ids:
        for b in await Ballot.filter(unit_id__in=unit_ids):
            ballots[b.unit_id] = CastBallot(
                b.vote_id,
                keys[b.unit_id],
                b.receipt_code,
                b.cast_at,
                b.channel,
                b.changed_at,
                b.revision,
            )
    found: dict[int, list[VoterUnit]] = defaultdict(list)
    for vote_id, unit_id, key, label, headcount, area in sorted(rows, key=lambda r: r[2]):
        found[vote_id].append(
            VoterUnit(vote_id, key, label, headcount, Decimal(str(area)), ballots.get(unit_id))
        )
    return found


# --- staff lists --------------------------------------------------------------------------


async def filter_conflicts(
    scope: Scope, vote_id: int, status: ConflictStatus | None = None
) -> QuerySet[BallotConflict]:
    vote = await managed_vote(scope, vote_id)
    qs = BallotConflict.filter(vote_id=vote.pk)
    return qs if status is None else qs.filter(status=status)


async def filter_units(
    scope: Scope, vote_id: int, search: str | None = None
) -> QuerySet[EligibleUnit]:
    """The snapshot's units (for paper entry): the label or key starting with ``search``."""
    vote = await managed_vote(scope, vote_id)
    qs = EligibleUnit.filter(vote_id=vote.pk)
    prefix = search_prefix(search, "search")
    if prefix:
        qs = qs.filter(Q(label__contains=prefix) | Q(unit_key__startswith=prefix))
    return qs
