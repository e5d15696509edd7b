"""Setting up a vote (表决): create it as a DRAFT, then open it with the eligibility snapshot.

Opening reads the register in the vote's scope, builds the voting units with the pure rules of
``units`` (PERSON adults on the opening date, HOUSEHOLD with an adult member, OWNER per owner
set with summed area) and stores them with their voters, the totals and the exclusions, in the
transaction that moves the vote from DRAFT to OPEN. Later changes to the register change
neither who may vote nor the denominators.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from backend.auth.scope import Scope
from backend.consultations import rules, units
from backend.consultations.models import (
    BallotKind,
    ConsultationSession,
    DecisionRule,
    EligibleUnit,
    EligibleVoter,
    OptionStance,
    ScopeKind,
    Topic,
    Vote,
    VoteOption,
    VoteState,
    VotingUnit,
)
from backend.consultations.voting_common import (
    CHINA,
    managed_vote,
    not_found,
    now,
    region_filter,
    retrying,
)
from backend.core.errors import DomainError, ErrorCode, ErrorCollector
from backend.core.lookup import get_in_scope
from backend.core.validators import optional_text, required_text
from backend.divisions.models import Division, DivisionLevel
from backend.grids.models import Grid
from backend.housing.models import Building, Compound, Dwelling, DwellingOwner
from backend.residents.models import Household, Resident

QUESTION_MAX = 300
DESCRIPTION_MAX = 5000
LABEL_MAX = 100
MAX_OPTIONS = 50
UNIT_LABEL_MAX = 200
DEFAULT_STANCE_OPTIONS = (
    ("同意", OptionStance.FOR),
    ("反对", OptionStance.AGAINST),
    ("弃权", OptionStance.ABSTAIN),
)


@dataclass
class OptionData:
    label: str
    stance: OptionStance | None = None


@dataclass
class VoteData:
    """A new vote. IDs are primary keys already decoded by the API layer (the scope object's
    type is the one ``scope_kind`` names)."""

    community_id: int
    scope_kind: ScopeKind
    question: str
    ballot_kind: BallotKind
    voting_unit: VotingUnit
    decision_rule: DecisionRule
    opens_at: dt.datetime
    closes_at: dt.datetime
    options: list[OptionData] = field(default_factory=list)
    scope_object_id: int | None = None
    description: str | None = None
    max_choices: int | None = None
    seats: int | None = None
    allow_empty: bool = True
    secret: bool = True
    results_live: bool = False
    allow_change: bool = False
    topic_id: int | None = None
    session_id: int | None = None


def _aware(value: dt.datetime) -> dt.datetime:
    """A time without an offset is read as China time."""
    return value if value.tzinfo is not None else value.replace(tzinfo=CHINA)


def _check_options(errors: ErrorCollector, data: VoteData) -> list[OptionData]:
    options = list(data.options)
    if data.ballot_kind == BallotKind.FOR_AGAINST_ABSTAIN:
        if not options:
            options = [OptionData(label, stance) for label, stance in DEFAULT_STANCE_OPTIONS]
        stances = [o.stance for o in options]
        # Each option has its own stance, and one of them is FOR (the motion).
        unique = None not in stances and len(set(stances)) == len(stances)
        if not unique or OptionStance.FOR not in stances:
            errors.add(ErrorCode.INVALID, "options")
    elif any(o.stance is not None for o in options):
        errors.add(ErrorCode.INVALID, "options")
    if not 2 <= len(options) <= MAX_OPTIONS:
        errors.add(ErrorCode.OUT_OF_RANGE, "options", min=2, max=MAX_OPTIONS)
    labels: list[str] = []
    for i, option in enumerate(options):
        label = errors.check(required_text, option.label, f"options.{i}.label", LABEL_MAX)
        if label is not None and label in labels:
            errors.add(ErrorCode.DUPLICATE, f"options.{i}.label")
        labels.append(label or "")
        option.label = label or ""
    return options


def _check_choices(
    errors: ErrorCollector, data: VoteData, option_count: int
) -> tuple[int, int | None]:
    top = max(option_count, 1)
    if data.ballot_kind != BallotKind.MULTIPLE:
        if data.max_choices not in (None, 1):
            errors.add(ErrorCode.INVALID, "maxChoices")
        if data.seats is not None:
            errors.add(ErrorCode.INVALID, "seats")
        return 1, None
    max_choices = data.max_choices if data.max_choices is not None else top
    if not 1 <= max_choices <= top:
        errors.add(ErrorCode.OUT_OF_RANGE, "maxChoices", min=1, max=top)
    if data.seats is not None and not 1 <= data.seats <= top:
        errors.add(ErrorCode.OUT_OF_RANGE, "seats", min=1, max=top)
    return max_choices, data.seats


async def _check_scope_object(
    scope: Scope, errors: ErrorCollector, data: VoteData, community: Division | None
) -> dict[str, int | None]:
    keys: dict[str, int | None] = {"grid_id": None, "compound_id": None, "building_id": None}
    if data.scope_kind == ScopeKind.COMMUNITY:
        if data.scope_object_id is not None:
            errors.add(ErrorCode.INVALID, "scopeId")
        return keys
    if data.scope_object_id is None:
        errors.add(ErrorCode.REQUIRED, "scopeId")
        return keys
    pk = data.scope_object_id
    community_id: int | None = None
    if data.scope_kind == ScopeKind.GRID:
        grid = await errors.check_async(get_in_scope(Grid, pk, scope.grids, "scopeId"))
        community_id = grid.community_id if grid else None
        keys["grid_id"] = pk
    elif data.scope_kind == ScopeKind.COMPOUND:
        compound = await errors.check_async(get_in_scope(Compound, pk, scope.compounds, "scopeId"))
        community_id = compound.community_id if compound else None
        keys["compound_id"] = pk
    else:
        building = await errors.check_async(get_in_scope(Building, pk, scope.buildings, "scopeId"))
        if building is not None:
            compound = await Compound.get(id=building.compound_id)
            community_id = compound.community_id
        keys["building_id"] = pk
    if community is not None and community_id is not None and community_id != community.pk:
        errors.add(ErrorCode.OUTSIDE_COMMUNITY, "scopeId")
    return keys


async def _check_link(
    scope: Scope,
    errors: ErrorCollector,
    model: type[Topic] | type[ConsultationSession],
    pk: int | None,
    field_name: str,
    community: Division | None,
) -> None:
    """The topic or session exists in the caller's region (else FORBIDDEN or NOT_FOUND, as
    for any foreign ID) and belongs to the vote's community."""
    if pk is None:
        return
    qs = model.filter(id=pk)
    region = region_filter(scope, "community__code")
    row = await (qs.filter(region) if region is not None else qs).first()
    if row is None:
        errors.errors.append(not_found(scope, field_name))
    elif community is not None and row.community_id != community.pk:
        errors.add(ErrorCode.OUTSIDE_COMMUNITY, field_name)


async def create_vote(scope: Scope, account_id: int, data: VoteData) -> Vote:
    """A DRAFT vote with its options. Everything is checked before anything is written."""
    errors = ErrorCollector()
    community = await errors.check_async(
        get_in_scope(Division, data.community_id, scope.divisions, "communityId")
    )
    if community is not None and community.level != DivisionLevel.COMMUNITY:
        errors.add(ErrorCode.INVALID, "communityId")
        community = None
    question = errors.check(required_text, data.question, "question", QUESTION_MAX)
    description = errors.check(optional_text, data.description, "description", DESCRIPTION_MAX)
    options = _check_options(errors, data)
    max_choices, seats = _check_choices(errors, data, len(options))
    rule = rules.DecisionRule(data.decision_rule.value)
    if rules.check_rule(rule, data.voting_unit) is not None:
        errors.add(ErrorCode.RULE_NEEDS_OWNER_UNITS, "decisionRule")
    opens_at, closes_at = _aware(data.opens_at), _aware(data.closes_at)
    if closes_at <= opens_at:
        errors.add(ErrorCode.INVALID_RANGE, "closesAt")
    elif closes_at <= now():
        errors.add(ErrorCode.IN_THE_PAST, "closesAt")
    keys = await _check_scope_object(scope, errors, data, community)
    await _check_link(scope, errors, Topic, data.topic_id, "topicId", community)
    await _check_link(scope, errors, ConsultationSession, data.session_id, "sessionId", community)
    errors.raise_if_any()
    assert community is not None and question is not None
    async with in_transaction():
        vote = await Vote.create(
            community_id=community.pk,
            scope_kind=data.scope_kind,
            grid_id=keys["grid_id"],
            compound_id=keys["compound_id"],
            building_id=keys["building_id"],
            topic_id=data.topic_id,
            session_id=data.session_id,
            question=question,
            description=description or "",
            ballot_kind=data.ballot_kind,
            max_choices=max_choices,
            seats=seats,
            allow_empty=data.allow_empty,
            voting_unit=data.voting_unit,
            decision_rule=data.decision_rule,
            opens_at=opens_at,
            closes_at=closes_at,
            secret=data.secret,
            results_live=data.results_live,
            allow_change=data.allow_change,
            created_by_id=account_id,
        )
        await VoteOption.bulk_create(
            [
                VoteOption(vote_id=vote.pk, label=o.label, position=i, stance=o.stance)
                for i, o in enumerate(options)
            ]
        )
    return vote


# --- the eligibility snapshot -----------------------------------------------------------------


def _in_scope(vote: Vote, paths: dict[ScopeKind, str], qs: QuerySet[Any]) -> QuerySet[Any]:
    path = paths[vote.scope_kind]
    value = {
        ScopeKind.COMMUNITY: vote.community_id,
        ScopeKind.GRID: vote.grid_id,
        ScopeKind.COMPOUND: vote.compound_id,
        ScopeKind.BUILDING: vote.building_id,
    }[vote.scope_kind]
    return qs.filter(**{path: value})


RESIDENT_PATHS = {
    ScopeKind.COMMUNITY: "grid__community_id",
    ScopeKind.GRID: "grid_id",
    ScopeKind.COMPOUND: "household__dwelling__building__compound_id",
    ScopeKind.BUILDING: "household__dwelling__building_id",
}
HOUSEHOLD_PATHS = {
    ScopeKind.COMMUNITY: "grid__community_id",
    ScopeKind.GRID: "grid_id",
    ScopeKind.COMPOUND: "dwelling__building__compound_id",
    ScopeKind.BUILDING: "dwelling__building_id",
}
DWELLING_PATHS = {
    ScopeKind.COMMUNITY: "building__compound__community_id",
    ScopeKind.GRID: "building__grid_id",
    ScopeKind.COMPOUND: "building__compound_id",
    ScopeKind.BUILDING: "building_id",
}


@dataclass
class SnapshotData:
    snapshot: units.Snapshot
    labels: dict[str, str]


def _label(parts: list[str]) -> str:
    text = "、".join(p for p in parts if p)
    return text if len(text) <= UNIT_LABEL_MAX else text[: UNIT_LABEL_MAX - 1] + "…"


async def _person_snapshot(vote: Vote, opening: dt.date) -> SnapshotData:
    rows = await _in_scope(vote, RESIDENT_PATHS, Resident.all()).values_list(
        "id", "birth_date", "household__number"
    )
    snapshot = units.person_snapshot(
        (units.PersonFact(pk, birth) for pk, birth, _ in rows), opening
    )
    numbers = {pk: number or "" for pk, _, number in rows}
    return SnapshotData(
        snapshot, {u.key: _label([numbers[u.voter_ids[0]]]) for u in snapshot.units}
    )


async def _household_snapshot(vote: Vote, opening: dt.date) -> SnapshotData:
    households = _in_scope(vote, HOUSEHOLD_PATHS, Household.all())
    numbers = dict(await households.values_list("id", "number"))
    members = await Resident.filter(household_id__in=Subquery(households.values("id"))).values_list(
        "household_id", "id", "birth_date"
    )
    by_household: dict[int, list[units.PersonFact]] = {pk: [] for pk in numbers}
    for household_id, pk, birth in members:
        by_household.setdefault(household_id, []).append(units.PersonFact(pk, birth))
    snapshot = units.household_snapshot(
        (units.HouseholdFact(pk, tuple(people)) for pk, people in by_household.items()), opening
    )
    labels = {u.key: _label([numbers.get(int(u.key.split(":", 1)[1]), "")]) for u in snapshot.units}
    return SnapshotData(snapshot, labels)


async def _owner_snapshot(vote: Vote) -> SnapshotData:
    dwellings = _in_scope(vote, DWELLING_PATHS, Dwelling.all())
    rows = await dwellings.values_list(
        "id", "floor_area", "unit_number", "building__name", "building__compound__name"
    )
    owners: dict[int, set[int]] = {row[0]: set() for row in rows}
    links = await DwellingOwner.filter(
        dwelling_id__in=Subquery(dwellings.values("id"))
    ).values_list("dwelling_id", "owner_id")
    for dwelling_id, owner_id in links:
        owners.setdefault(dwelling_id, set()).add(owner_id)
    snapshot = units.owner_snapshot(
        units.DwellingFact(pk, Decimal(str(area)), frozenset(owners.get(pk, ())))
        for pk, area, *_ in rows
    )
    names = {pk: f"{compound} {building} {unit}" for pk, _, unit, building, compound in rows}
    labels = {u.key: _label([names[d] for d in u.dwelling_ids]) for u in snapshot.units}
    return SnapshotData(snapshot, labels)


async def take_snapshot(vote: Vote, opening: dt.date) -> SnapshotData:
    """The voting units of ``vote`` from the register as it is now (read, nothing written)."""
    if vote.voting_unit == VotingUnit.PERSON:
        return await _person_snapshot(vote, opening)
    if vote.voting_unit == VotingUnit.HOUSEHOLD:
        return await _household_snapshot(vote, opening)
    return await _owner_snapshot(vote)


async def open_vote(scope: Scope, vote_id: int) -> Vote:
    """DRAFT → OPEN with the eligibility snapshot, in one transaction (a second, concurrent
    open finds the vote no longer DRAFT and changes nothing)."""

    async def run() -> Vote:
        async with in_transaction():
            vote = await managed_vote(scope, vote_id, for_update=True)
            if vote.state != VoteState.DRAFT:
                code = (
                    ErrorCode.VOTE_CLOSED
                    if vote.state == VoteState.CLOSED
                    else ErrorCode.VOTE_ALREADY_OPENED
                )
                raise DomainError(code, "voteId")
            at = now()
            if at >= vote.closes_at:
                raise DomainError(ErrorCode.VOTE_CLOSED, "voteId")
            # Adults on the day the vote opens (a snapshot taken early looks at that day).
            opening = max(at.astimezone(CHINA).date(), vote.opens_at.astimezone(CHINA).date())
            data = await take_snapshot(vote, opening)
            snap = data.snapshot
            changed = await Vote.filter(id=vote.pk, state=VoteState.DRAFT).update(
                state=VoteState.OPEN,
                snapshot_at=at,
                eligible_unit_count=len(snap.units),
                eligible_headcount=snap.headcount,
                eligible_area=snap.total_area,
                snapshot_excluded=[{"ref": e.ref, "reason": e.reason.value} for e in snap.excluded],
                updated_at=at,
            )
            if not changed:
                raise DomainError(ErrorCode.VOTE_ALREADY_OPENED, "voteId")
            await EligibleUnit.bulk_create(
                [
                    EligibleUnit(
                        vote_id=vote.pk,
                        unit_key=u.key,
                        headcount=u.headcount,
                        area=u.area,
                        label=data.labels.get(u.key, ""),
                        dwelling_ids=list(u.dwelling_ids),
                    )
                    for u in snap.units
                ],
                batch_size=500,
            )
            ids = dict(await EligibleUnit.filter(vote_id=vote.pk).values_list("unit_key", "id"))
            await EligibleVoter.bulk_create(
                [
                    EligibleVoter(vote_id=vote.pk, unit_id=ids[u.key], resident_id=voter)
                    for u in snap.units
                    for voter in u.voter_ids
                ],
                batch_size=500,
            )
            return await Vote.get(id=vote.pk)

    return await retrying(run)
