"""DataLoaders of the votes area (表决), fresh per request and scoped like every query."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import cached_property
from typing import Any

from strawberry.dataloader import DataLoader
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from backend.api.loading import ByIdLoader, GroupLoader
from backend.auth.principal import Principal
from backend.auth.roles import Capability
from backend.auth.scope import Scope
from backend.consultations import rules, voting
from backend.consultations.models import BallotConflict, Vote, VoteOption


def _options_of_visible_votes(scope: Scope, qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(vote_id__in=Subquery(voting.visible_votes(scope, Vote.all()).values("id")))


def _conflicts_of_managed_votes(scope: Scope, qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(vote_id__in=Subquery(voting.managed_votes(scope, Vote.all()).values("id")))


def _nothing(scope: Scope, qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(pk__in=[])


def _unscoped(scope: Scope, qs: QuerySet[Any]) -> QuerySet[Any]:
    """For children of a vote the caller already sees."""
    return qs


class VotesByIdLoader(ByIdLoader[Vote]):
    model = Vote
    scope_filter = voting.visible_votes


class VoteOptionsByIdLoader(ByIdLoader[VoteOption]):
    model = VoteOption
    scope_filter = _options_of_visible_votes


class OptionsByVoteIdLoader(GroupLoader[VoteOption]):
    model = VoteOption
    foreign_key = "vote_id"
    scope_filter = _unscoped
    ordering = ("position", "id")


class ConflictsByIdLoader(ByIdLoader[BallotConflict]):
    model = BallotConflict
    scope_filter = _conflicts_of_managed_votes


# (vote id, eligible headcount, eligible area): the totals come with the vote row.
TurnoutKey = tuple[int, int, Decimal]


class LiveTurnoutLoader(DataLoader[TurnoutKey, voting.Turnout]):
    """Turnout of open votes from their counted ballots, one statement per batch."""

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[TurnoutKey]) -> list[voting.Turnout]:
        stubs = [
            Vote(id=pk, eligible_headcount=heads, eligible_area=area) for pk, heads, area in keys
        ]
        found = await voting.live_turnouts(stubs)
        return [found[pk] for pk, _, _ in keys]


class LiveTallyLoader(DataLoader[int, rules.Tally]):
    """The tally of an open vote with live results, from its raw ballots."""

    def __init__(self) -> None:
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[int]) -> list[rules.Tally]:
        return [await voting.raw_tally(pk) for pk in keys]


class MyUnitsLoader(DataLoader[int, list[voting.VoterUnit]]):
    """The caller's voting units (and their ballots) per vote; none for non-residents."""

    def __init__(self, resident_id: int | None) -> None:
        super().__init__(load_fn=self._load)
        self.resident_id = resident_id

    async def _load(self, keys: Sequence[int]) -> list[list[voting.VoterUnit]]:
        if self.resident_id is None:
            return [[] for _ in keys]
        found = await voting.voter_units(list(keys), self.resident_id)
        return [found.get(k, []) for k in keys]


class NoVotesLoader(ByIdLoader[Any]):
    """For callers without the capability: ``node(id:)`` answers null, like for a foreign ID."""

    model = Vote
    scope_filter = _nothing


class VoteLoaders:
    """``node(id:)`` applies the fields' rules: votes and options need CONSULTATIONS_READ,
    conflicts CONSULTATION_MANAGE, besides the row scope."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal
        self.scope = principal.scope
        self.reads = principal.can(Capability.CONSULTATIONS_READ)
        self.manages = principal.can(Capability.CONSULTATION_MANAGE)

    @cached_property
    def by_id(self) -> VotesByIdLoader | NoVotesLoader:
        return VotesByIdLoader(self.scope) if self.reads else NoVotesLoader(self.scope)

    @cached_property
    def options(self) -> OptionsByVoteIdLoader:
        return OptionsByVoteIdLoader(self.scope)

    @cached_property
    def option_by_id(self) -> VoteOptionsByIdLoader | NoVotesLoader:
        return VoteOptionsByIdLoader(self.scope) if self.reads else NoVotesLoader(self.scope)

    @cached_property
    def conflicts(self) -> ConflictsByIdLoader | NoVotesLoader:
        return ConflictsByIdLoader(self.scope) if self.manages else NoVotesLoader(self.scope)

    @cached_property
    def live_turnout(self) -> LiveTurnoutLoader:
        return LiveTurnoutLoader()

    @cached_property
    def live_tally(self) -> LiveTallyLoader:
        return LiveTallyLoader()

    @cached_property
    def my_units(self) -> MyUnitsLoader:
        resident = self.scope.own_resident_id if self.scope.people == "own" else None
        return MyUnitsLoader(resident)
