"""Who sees which consultation rows, applied in SQL by every query, loader and service.

A resident sees the topics (and votes) whose scope covers their home: the whole community,
their grid, their compound or their building. Sessions are community-wide. Staff, grid
workers and partner keys see everything in their region (the ``Scope``'s division prefixes),
filtered on the row's community. A resolution is seen with its topic, or without a topic with
its session, or without either with its vote; residents and partners see published ones only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TypeVar

from tortoise.expressions import Q, Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet

from backend.auth.scope import Scope
from backend.consultations.models import (
    Comment,
    ConsultationSession,
    Resolution,
    ScopeKind,
    Topic,
    Vote,
)
from backend.core.errors import DomainError, ErrorCode
from backend.residents.models import Resident

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Place:
    """Where a resident lives, as the consultation scopes see it."""

    resident_id: int
    household_id: int | None
    community_id: int
    grid_id: int
    compound_id: int | None
    building_id: int | None


@dataclass(frozen=True)
class Viewer:
    """The caller of a consultation service.

    ``place`` is set for a resident (whose scope is their own household); ``manager`` for
    callers who run consultations in their region (they also see unpublished resolutions and
    the bodies of hidden comments).
    """

    scope: Scope
    account_id: int | None = None
    place: Place | None = None
    manager: bool = False

    @property
    def is_resident(self) -> bool:
        return self.scope.people == "own"

    @property
    def sees_people(self) -> bool:
        """Partner keys see no people at all, not even masked names."""
        return self.scope.people != "none"


async def resident_place(resident_id: int | None) -> Place | None:
    if resident_id is None:
        return None
    rows = await Resident.filter(id=resident_id).values(
        "household_id",
        "grid_id",
        "grid__community_id",
        "household__dwelling__building_id",
        "household__dwelling__building__compound_id",
    )
    if not rows:
        return None
    row = rows[0]
    return Place(
        resident_id=resident_id,
        household_id=row["household_id"],
        community_id=row["grid__community_id"],
        grid_id=row["grid_id"],
        compound_id=row["household__dwelling__building__compound_id"],
        building_id=row["household__dwelling__building_id"],
    )


def _nothing(qs: QuerySet[M]) -> QuerySet[M]:
    return qs.filter(pk__in=[])


def region(scope: Scope, code_path: str) -> Q | None:
    """Rows whose community code starts with one of the scope's prefixes (None: no limit)."""
    prefixes = scope.division_prefixes
    if prefixes is None:
        return None
    if not prefixes:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{code_path}__startswith": p}) for p in prefixes))


def covers(place: Place) -> Q:
    """Topics or votes whose scope contains this home (the CHECK constraint guarantees that
    only the key of the row's own scope kind is set)."""
    within = Q(scope_kind=ScopeKind.COMMUNITY) | Q(grid_id=place.grid_id)
    if place.compound_id is not None:
        within |= Q(compound_id=place.compound_id)
    if place.building_id is not None:
        within |= Q(building_id=place.building_id)
    return Q(community_id=place.community_id) & within


def place_in_scope(place: Place, row: Topic | Vote) -> bool:
    """The same test as ``covers`` for one row already read."""
    if row.community_id != place.community_id:
        return False
    if row.scope_kind == ScopeKind.COMMUNITY:
        return True
    if row.scope_kind == ScopeKind.GRID:
        return row.grid_id == place.grid_id
    if row.scope_kind == ScopeKind.COMPOUND:
        return row.compound_id is not None and row.compound_id == place.compound_id
    return row.building_id is not None and row.building_id == place.building_id


def _scoped(viewer: Viewer, qs: QuerySet[M], *, by_place: bool) -> QuerySet[M]:
    if viewer.is_resident:
        if viewer.place is None:
            return _nothing(qs)
        if by_place:
            return qs.filter(covers(viewer.place))
        return qs.filter(community_id=viewer.place.community_id)
    condition = region(viewer.scope, "community__code")
    return qs if condition is None else qs.filter(condition)


def topics(viewer: Viewer, qs: QuerySet[Topic] | None = None) -> QuerySet[Topic]:
    return _scoped(viewer, Topic.all() if qs is None else qs, by_place=True)


def votes(viewer: Viewer, qs: QuerySet[Vote] | None = None) -> QuerySet[Vote]:
    return _scoped(viewer, Vote.all() if qs is None else qs, by_place=True)


def sessions(
    viewer: Viewer, qs: QuerySet[ConsultationSession] | None = None
) -> QuerySet[ConsultationSession]:
    return _scoped(viewer, ConsultationSession.all() if qs is None else qs, by_place=False)


def resolutions(viewer: Viewer, qs: QuerySet[Resolution] | None = None) -> QuerySet[Resolution]:
    qs = Resolution.all() if qs is None else qs
    seen = (
        Q(topic_id__in=Subquery(topics(viewer).values("id")))
        | Q(topic_id__isnull=True, session_id__in=Subquery(sessions(viewer).values("id")))
        | Q(
            topic_id__isnull=True,
            session_id__isnull=True,
            vote_id__in=Subquery(votes(viewer).values("id")),
        )
    )
    qs = qs.filter(seen)
    if not viewer.manager:
        qs = qs.filter(published_at__isnull=False)
    return qs


def comments(viewer: Viewer, qs: QuerySet[Comment] | None = None) -> QuerySet[Comment]:
    qs = Comment.all() if qs is None else qs
    return qs.filter(
        Q(topic_id__in=Subquery(topics(viewer).values("id")))
        | Q(session_id__in=Subquery(sessions(viewer).values("id")))
    )


async def get_visible(qs: QuerySet[M], pk: int, viewer: Viewer, field: str) -> M:
    """The row if the caller may see it; otherwise FORBIDDEN for a caller limited to a region
    (the answer never tells whether another community's row exists), NOT_FOUND for others."""
    row = await qs.filter(id=pk).first()
    if row is None:
        restricted = not viewer.scope.is_unrestricted
        raise DomainError(ErrorCode.FORBIDDEN if restricted else ErrorCode.NOT_FOUND, field)
    return row


def require_resident(viewer: Viewer, field: str | None = None) -> Place:
    """Only residents on the register take part (propose, support, comment, evaluate)."""
    if viewer.place is None:
        raise DomainError(ErrorCode.FORBIDDEN, field)
    return viewer.place


def hidden_error(field: str) -> DomainError:
    """A hidden comment takes no replies, edits, reports or second hiding."""
    return DomainError(ErrorCode.INVALID_TRANSITION, field, state="HIDDEN")


def masked_name(name: str | None) -> str | None:
    """A person as others see them on the consultation pages: the surname and stars (张*)."""
    if not name:
        return None
    return name[0] + "*" * max(1, len(name) - 1)


def community_code(value: str | None, field: str) -> str | None:
    """A community code given as a filter: exactly 12 digits, else INVALID."""
    if value is None:
        return None
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise DomainError(ErrorCode.INVALID, field)
    return value
