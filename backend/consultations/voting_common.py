"""Shared by the voting services (表决): time, retries, which votes a caller sees, vote locks.

Visibility of votes
- Staff, grid workers and partners: the votes of the communities in their region (partners and
  residents never see a DRAFT).
- Residents: the votes whose scope covers where they live (their community, their grid, the
  compound or building of their household's dwelling), and every vote whose eligibility
  snapshot names them (an owner may live elsewhere). All in SQL, as subqueries, so the same
  filter serves lists, node lookups and mutations.

Locks (PostgreSQL; SQLite runs one transaction at a time). Every ballot write takes a SHARE
lock on its vote row first; closing takes FOR UPDATE on it. So a close waits for the ballots
being written and a ballot written after the close sees the vote CLOSED: the frozen tally holds
every ballot that was acknowledged. Order is always vote, then conflict, then ballot.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections.abc import Awaitable, Callable
from functools import reduce
from operator import or_
from typing import Any, TypeVar

from tortoise import connections
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from backend.auth.scope import Scope
from backend.consultations.models import EligibleVoter, ScopeKind, Vote, VoteState
from backend.core.errors import DomainError, ErrorCode
from backend.core.validators import optional_text
from backend.residents.models import Household, Resident

T = TypeVar("T")
# ``visible_votes`` or ``managed_votes``: which votes a caller reaches.
VoteFilter = Callable[[Scope, QuerySet[Vote]], QuerySet[Vote]]

# China has one time zone and no daylight saving: the "opening date" of a vote is a date there.
CHINA = dt.timezone(dt.timedelta(hours=8), "CST")
MAX_ATTEMPTS = 6
# SQLSTATEs of a transaction PostgreSQL rolled back and that may simply run again.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})  # serialization failure, deadlock


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _sqlstate(exc: BaseException | None) -> str | None:
    seen = 0
    while exc is not None and seen < 8:
        state = getattr(exc, "sqlstate", None)
        if isinstance(state, str):
            return state
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def is_retryable(exc: BaseException) -> bool:
    return _sqlstate(exc) in RETRYABLE_SQLSTATES


async def retrying(call: Callable[[], Awaitable[T]], attempts: int = MAX_ATTEMPTS) -> T:
    """Run a transaction again when PostgreSQL rolled it back for a serialization failure or a
    deadlock (a bounded number of times, with a short random back-off)."""
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except Exception as exc:
            if attempt == attempts or not is_retryable(exc):
                raise
            await asyncio.sleep(random.uniform(0, 0.01 * 2**attempt))
    raise AssertionError("unreachable")


def region_filter(scope: Scope, path: str) -> Q | None:
    """Rows of the caller's region by a division code at ``path``; None: no limit."""
    if scope.division_prefixes is None:
        return None
    if not scope.division_prefixes:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{path}__startswith": prefix}) for prefix in scope.division_prefixes))


def _resident_votes(scope: Scope) -> Q:
    resident_id = scope.own_resident_id or 0
    household_id = scope.own_household_id or 0
    community = region_filter(scope, "community__code") or Q()
    home = Household.filter(id=household_id)
    where = (
        Q(Q(scope_kind=ScopeKind.COMMUNITY), community)
        | Q(
            scope_kind=ScopeKind.GRID,
            grid_id__in=Subquery(Resident.filter(id=resident_id).values("grid_id")),
        )
        | Q(
            scope_kind=ScopeKind.COMPOUND,
            compound_id__in=Subquery(home.values("dwelling__building__compound_id")),
        )
        | Q(
            scope_kind=ScopeKind.BUILDING,
            building_id__in=Subquery(home.values("dwelling__building_id")),
        )
        | Q(id__in=Subquery(EligibleVoter.filter(resident_id=resident_id).values("vote_id")))
    )
    return Q(where, ~Q(state=VoteState.DRAFT))


def visible_votes(scope: Scope, qs: QuerySet[Vote]) -> QuerySet[Vote]:
    """The votes ``scope`` may see (see the module docstring)."""
    if scope.people == "own":
        return qs.filter(_resident_votes(scope))
    region = region_filter(scope, "community__code")
    if region is not None:
        qs = qs.filter(region)
    if scope.people == "none":
        qs = qs.exclude(state=VoteState.DRAFT)
    return qs


def managed_votes(scope: Scope, qs: QuerySet[Vote]) -> QuerySet[Vote]:
    """The votes a staff caller may act on: their region's (never a resident's view)."""
    if scope.people != "region":
        return qs.filter(pk__in=[])
    region = region_filter(scope, "community__code")
    return qs if region is None else qs.filter(region)


def not_found(scope: Scope, field: str) -> DomainError:
    """FORBIDDEN for a caller limited to a region (whether or not the row exists), else
    NOT_FOUND: the answer never tells whether another community's vote exists."""
    code = ErrorCode.NOT_FOUND if scope.is_unrestricted else ErrorCode.FORBIDDEN
    return DomainError(code, field)


async def lock_vote_shared(vote_id: int) -> None:
    """SHARE lock on the vote row until the transaction ends (PostgreSQL; see the docstring).
    Must run inside ``in_transaction()``."""
    conn = connections.get("default")
    if conn.capabilities.dialect == "postgres":
        await conn.execute_query('SELECT "id" FROM "vote" WHERE "id" = $1 FOR SHARE', [vote_id])


async def vote_locked_shared(vote_id: int) -> Vote | None:
    """The vote, read and SHARE-locked in one statement (PostgreSQL; see ``lock_vote_shared``).
    Must run inside ``in_transaction()``."""
    conn = connections.get("default")
    if conn.capabilities.dialect != "postgres":
        return await Vote.filter(id=vote_id).first()
    # Tortoise has no FOR SHARE; the id is an int, so the literal is safe.
    found: list[Vote] | object = await Vote.raw(
        f'SELECT * FROM "vote" WHERE "id" = {int(vote_id)} FOR SHARE'
    )
    return found[0] if isinstance(found, list) and found else None


async def managed_vote(
    scope: Scope, vote_id: int, field: str = "voteId", *, for_update: bool = False
) -> Vote:
    qs = managed_votes(scope, Vote.filter(id=vote_id))
    if for_update:
        qs = qs.select_for_update()
    vote = await qs.first()
    if vote is None:
        raise not_found(scope, field)
    return vote


def check_open_for_ballots(vote: Vote, at: dt.datetime, *, window: bool = True) -> None:
    """A ballot may be written: the vote is OPEN and, when ``window``, within its times.

    Staff may enter paper ballots after ``closes_at`` until the vote is closed (ballot boxes
    are counted after the polls close); online ballots need the window.
    """
    if vote.state == VoteState.DRAFT:
        raise DomainError(ErrorCode.VOTE_NOT_OPEN, "voteId")
    if vote.state == VoteState.CLOSED:
        raise DomainError(ErrorCode.VOTE_CLOSED, "voteId")
    if window and at < vote.opens_at:
        raise DomainError(ErrorCode.VOTE_NOT_OPEN, "voteId")
    if window and at >= vote.closes_at:
        raise DomainError(ErrorCode.VOTE_CLOSED, "voteId")


def accepting_ballots(vote: Vote, at: dt.datetime | None = None) -> bool:
    at = at or now()
    return vote.state == VoteState.OPEN and vote.opens_at <= at < vote.closes_at


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def filter_votes(
    scope: Scope,
    state: VoteState | None = None,
    community_code: str | None = None,
    topic_id: int | None = None,
    session_id: int | None = None,
) -> QuerySet[Vote]:
    """The scoped query behind the votes connection."""
    qs = visible_votes(scope, Vote.all())
    if state is not None:
        qs = qs.filter(state=state)
    code = optional_text(community_code, "filter.communityCode", 12)
    if code:
        qs = qs.filter(community__code=code)
    if topic_id is not None:
        qs = qs.filter(topic_id=topic_id)
    if session_id is not None:
        qs = qs.filter(session_id=session_id)
    return qs
