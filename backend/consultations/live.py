"""Live figures of a vote: who may watch them and the update streams (no GraphQL here).

What is shown comes from the voting services, so a subscription shows exactly what the vote's
fields show: turnout from ``voting.live_turnouts`` while the vote is open and from the frozen
tally once it is closed; results from ``voting.raw_tally`` while an open vote shows live
results (``results_live``) and from the frozen tally and outcome after close. Who may watch
is ``voting.visible_votes``, the rule of the ``votes`` query.

Pace. ``_updates`` reads the figures at once, then again after events of the vote
(``events.listen``): at most one update every ``MIN_INTERVAL`` seconds per subscriber (a burst
of ballots becomes one update), only when the figures changed, and once every
``REFRESH_INTERVAL`` seconds without an event (a vote closed by a path that sent no event).
It ends after the update that shows the vote closed. Subscribers of one vote in one process
share their reads (``SharedReads``): a read started after a subscriber was woken serves every
subscriber woken before it started, so the database sees about one read per vote and
interval, whatever the number of watchers.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Generic, TypeVar

from backend.auth.scope import Scope
from backend.consultations import events, rules, voting
from backend.consultations.models import Vote, VoteState
from backend.consultations.voting_common import not_found

MIN_INTERVAL = 0.2  # at most 5 updates a second
REFRESH_INTERVAL = 30.0

T = TypeVar("T")


async def check_visible(scope: Scope, vote_id: int) -> None:
    """FORBIDDEN (a caller limited to a region) or NOT_FOUND unless the caller sees the vote."""
    if not await voting.visible_votes(scope, Vote.filter(id=vote_id)).exists():
        raise not_found(scope, "voteId")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- turnout ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Turnout:
    """Participation in a vote so far, against its eligibility snapshot."""

    vote_id: int
    state: VoteState
    ballots: int  # counted ballots (one per unit)
    headcount: int  # headcount of the units with a counted ballot
    area: Decimal  # m² of the units with a counted ballot
    eligible_units: int | None  # the snapshot (None before the vote opens)
    eligible_headcount: int | None
    eligible_area: Decimal | None
    at: dt.datetime = field(compare=False)  # when it was read

    @property
    def headcount_ratio(self) -> Fraction | None:
        return (
            None
            if self.eligible_headcount is None
            else rules.ratio(self.headcount, self.eligible_headcount)
        )

    @property
    def area_ratio(self) -> Fraction | None:
        return None if self.eligible_area is None else rules.ratio(self.area, self.eligible_area)


async def read_turnout(vote_id: int) -> Turnout | None:
    """The vote's turnout now; None when the vote does not exist."""
    vote = await Vote.get_or_none(id=vote_id)
    if vote is None:
        return None
    counted = voting.frozen_turnout(vote) or (await voting.live_turnouts([vote]))[vote.pk]
    area = vote.eligible_area
    return Turnout(
        vote_id=vote_id,
        state=vote.state,
        ballots=counted.ballots,
        headcount=counted.headcount,
        area=counted.area,
        eligible_units=vote.eligible_unit_count,
        eligible_headcount=vote.eligible_headcount,
        eligible_area=None if area is None else Decimal(str(area)),
        at=_now(),
    )


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Results:
    """The counts of a vote when the caller may see them (``counts`` None while hidden)."""

    vote_id: int
    state: VoteState
    counts: rules.Tally | None
    outcome: dict[str, Any] | None  # frozen at close

    @property
    def visible(self) -> bool:
        return self.counts is not None


async def read_results(vote_id: int) -> Results | None:
    """Final results after close, live ones while an open vote shows them, else hidden."""
    vote = await Vote.get_or_none(id=vote_id)
    if vote is None:
        return None
    if vote.state == VoteState.CLOSED and isinstance(vote.tally, dict):
        counts = voting.tally_from_json(vote.tally)
        return Results(vote_id, vote.state, counts, vote.outcome)
    if vote.state == VoteState.OPEN and vote.results_live:
        return Results(vote_id, vote.state, await voting.raw_tally(vote_id), None)
    return Results(vote_id, vote.state, None, None)


# --- streams ----------------------------------------------------------------------------------


class SharedReads(Generic[T]):
    """One read per vote for every caller that asks for a value read after ``since``."""

    def __init__(self, read: Callable[[int], Awaitable[T]]) -> None:
        self._read = read
        self._cache: dict[int, tuple[float, T]] = {}
        self._locks: dict[int, asyncio.Lock] = {}

    async def get(self, vote_id: int, since: float) -> T:
        lock = self._locks.setdefault(vote_id, asyncio.Lock())
        async with lock:
            cached = self._cache.get(vote_id)
            if cached is not None and cached[0] >= since:
                return cached[1]
            started = time.monotonic()
            value = await self._read(vote_id)
            self._cache[vote_id] = (started, value)
            return value

    def forget(self, vote_id: int) -> None:
        """Drop the cache of a vote nobody in this process watches any more."""
        if vote_id not in events.bus.listened_votes():
            self._cache.pop(vote_id, None)
            lock = self._locks.get(vote_id)
            if lock is not None and not lock.locked():
                del self._locks[vote_id]


_turnouts: SharedReads[Turnout | None] = SharedReads(read_turnout)
_results: SharedReads[Results | None] = SharedReads(read_results)


async def _next_wake(queue: asyncio.Queue[events.VoteEvent], sent_at: float) -> None:
    """Wait for an event (or the refresh interval), then out the rest of ``MIN_INTERVAL``
    since the last update; the events that came meanwhile are covered by the next read."""
    try:
        async with asyncio.timeout(REFRESH_INTERVAL):
            await queue.get()
    except TimeoutError:
        pass
    delay = sent_at + MIN_INTERVAL - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)
    while not queue.empty():
        queue.get_nowait()


class _Figures(Generic[T]):
    def __init__(self, reads: SharedReads[T | None], shown: Callable[[T], bool]) -> None:
        self.reads = reads
        self.shown = shown

    async def updates(self, vote_id: int, closed: Callable[[T], bool]) -> AsyncIterator[T]:
        sent: T | None = None
        sent_at = -MIN_INTERVAL
        try:
            async with events.listen(vote_id) as queue:
                while True:
                    current = await self.reads.get(vote_id, time.monotonic())
                    if current is None:
                        return  # the vote is gone
                    if self.shown(current) and current != sent:
                        yield current
                        sent, sent_at = current, time.monotonic()
                    if closed(current):
                        return
                    await _next_wake(queue, sent_at)
        finally:
            self.reads.forget(vote_id)


def turnout_updates(vote_id: int) -> AsyncIterator[Turnout]:
    """The turnout now, then after every change, until the update showing the vote closed."""
    figures: _Figures[Turnout] = _Figures(_turnouts, lambda t: True)
    return figures.updates(vote_id, lambda t: t.state == VoteState.CLOSED)


def results_updates(vote_id: int) -> AsyncIterator[Results]:
    """Results as soon as they may be shown: live ones now and after every change when the
    vote shows live results, else nothing until the vote closes; ends with the final ones."""
    figures: _Figures[Results] = _Figures(_results, lambda r: r.visible)
    return figures.updates(vote_id, lambda r: r.state == VoteState.CLOSED)
