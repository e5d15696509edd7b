"""议题: proposing, supporting (附议), review and the topic's state machine.

States: PROPOSED → UNDER_REVIEW (when supports reach the threshold, in the transaction that
adds the deciding support) → ACCEPTED | REJECTED (staff review) → IN_CONSULTATION → DECIDED
(a resolution is published) → IMPLEMENTED. Every change of state is one conditional UPDATE
(``WHERE state = <expected>``), so two requests racing for the same transition cannot both
make it, and a request that loses gets INVALID_TRANSITION with nothing written.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.models import Model
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from backend.consultations import access
from backend.consultations.access import Viewer
from backend.consultations.models import (
    DEFAULT_COMMENT_EDIT_MINUTES,
    DEFAULT_NOTICE_DAYS,
    DEFAULT_SUPPORT_THRESHOLD_COUNT,
    ConsultationSession,
    ConsultationSettings,
    Resolution,
    ScopeKind,
    SessionState,
    SessionTopic,
    Topic,
    TopicCategory,
    TopicState,
    TopicSupport,
)
from backend.core.errors import DomainError, ErrorCode, ErrorCollector
from backend.core.validators import optional_text, required_text
from backend.divisions.models import Division, DivisionLevel
from backend.grids.models import Grid
from backend.housing.models import Building, Compound
from backend.residents.models import Household

TITLE_MAX = 100
DESCRIPTION_MAX = 5000
REASON_MAX = 500
MAX_THRESHOLD_COUNT = 100_000
MAX_EDIT_MINUTES = 7 * 24 * 60
MAX_NOTICE_DAYS = 90

# Topics still collecting support (附议): supports keep counting while staff review.
COLLECTING = (TopicState.PROPOSED, TopicState.UNDER_REVIEW)

# What staff may move a topic to by hand, from which state. UNDER_REVIEW is reached by
# supports only, ACCEPTED and REJECTED by review only.
MANUAL_TRANSITIONS: dict[TopicState, TopicState] = {
    TopicState.IN_CONSULTATION: TopicState.ACCEPTED,
    TopicState.DECIDED: TopicState.IN_CONSULTATION,
    TopicState.IMPLEMENTED: TopicState.DECIDED,
}


class ReviewDecision(StrEnum):
    ACCEPT = "ACCEPT"
    REJECT = "REJECT"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- settings ----------------------------------------------------------------------------


@dataclass
class SettingsData:
    """A community's rule. The threshold is given whole (a count, a share or both); the edit
    window and the notice period stay as they are when None."""

    support_threshold_count: int | None
    support_threshold_share: Decimal | float | str | None
    comment_edit_minutes: int | None = None
    notice_days: int | None = None


async def settings_for(community_id: int) -> ConsultationSettings:
    """The community's settings, or an unsaved row with the defaults when it has none."""
    found = await ConsultationSettings.filter(community_id=community_id).first()
    if found is not None:
        return found
    return ConsultationSettings(
        community_id=community_id,
        support_threshold_count=DEFAULT_SUPPORT_THRESHOLD_COUNT,
        support_threshold_share=None,
        comment_edit_minutes=DEFAULT_COMMENT_EDIT_MINUTES,
        notice_days=DEFAULT_NOTICE_DAYS,
    )


def _share(value: Decimal | float | str | None, errors: ErrorCollector) -> Decimal | None:
    if value is None:
        return None
    try:
        share = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.add(ErrorCode.INVALID, "supportThresholdShare")
        return None
    if not share.is_finite() or not Decimal(0) < share <= Decimal(1):
        errors.add(ErrorCode.OUT_OF_RANGE, "supportThresholdShare", min="0.0001", max=1)
        return None
    if share != share.quantize(Decimal("0.0001")):
        errors.add(ErrorCode.INVALID, "supportThresholdShare")
        return None
    return share.quantize(Decimal("0.0001"))


async def community_in_region(viewer: Viewer, community_id: int, field: str) -> Division:
    qs = Division.filter(level=DivisionLevel.COMMUNITY)
    condition = access.region(viewer.scope, "code")
    if condition is not None:
        qs = qs.filter(condition)
    return await access.get_visible(qs, community_id, viewer, field)


async def set_settings(
    viewer: Viewer, community_id: int, data: SettingsData
) -> ConsultationSettings:
    """Set a community's rules; topics already proposed keep the threshold they were given."""
    errors = ErrorCollector()
    community = await errors.check_async(community_in_region(viewer, community_id, "communityId"))
    count = data.support_threshold_count
    if count is not None and not 1 <= count <= MAX_THRESHOLD_COUNT:
        errors.add(ErrorCode.OUT_OF_RANGE, "supportThresholdCount", min=1, max=MAX_THRESHOLD_COUNT)
    share = _share(data.support_threshold_share, errors)
    if count is None and data.support_threshold_share is None:
        errors.add(ErrorCode.REQUIRED, "supportThresholdCount")
    minutes, days = data.comment_edit_minutes, data.notice_days
    if minutes is not None and not 0 <= minutes <= MAX_EDIT_MINUTES:
        errors.add(ErrorCode.OUT_OF_RANGE, "commentEditMinutes", min=0, max=MAX_EDIT_MINUTES)
    if days is not None and not 1 <= days <= MAX_NOTICE_DAYS:
        errors.add(ErrorCode.OUT_OF_RANGE, "noticeDays", min=1, max=MAX_NOTICE_DAYS)
    errors.raise_if_any()
    assert community is not None
    values: dict[str, Any] = {
        "support_threshold_count": count,
        "support_threshold_share": share,
        "updated_by_id": viewer.account_id,
    }
    if minutes is not None:
        values["comment_edit_minutes"] = minutes
    if days is not None:
        values["notice_days"] = days
    row = await ConsultationSettings.filter(community_id=community.pk).first()
    if row is None:
        try:
            return await ConsultationSettings.create(community_id=community.pk, **values)
        except IntegrityError:  # created by a concurrent request: update that one
            row = await ConsultationSettings.get(community_id=community.pk)
    row.update_from_dict(values)
    await row.save()
    return row


async def households_in_scope(kind: ScopeKind, community_id: int, target_id: int | None) -> int:
    """Households whose home lies in the scope (the denominator of a share threshold)."""
    qs = Household.all()
    if kind == ScopeKind.COMMUNITY:
        qs = qs.filter(grid__community_id=community_id)
    elif kind == ScopeKind.GRID:
        qs = qs.filter(grid_id=target_id)
    elif kind == ScopeKind.COMPOUND:
        qs = qs.filter(dwelling__building__compound_id=target_id)
    else:
        qs = qs.filter(dwelling_id__isnull=False, dwelling__building_id=target_id)
    return await qs.count()


def support_threshold(settings: ConsultationSettings, households: int) -> int:
    """Supports needed: the count, the share of households rounded up, or the larger of the
    two when both are set (both must be met); never less than one."""
    goals = [1]
    if settings.support_threshold_count is not None:
        goals.append(settings.support_threshold_count)
    if settings.support_threshold_share is not None:
        share = Decimal(str(settings.support_threshold_share))
        goals.append(math.ceil(share * households))
    return max(goals)


# --- proposing ---------------------------------------------------------------------------


@dataclass
class TopicData:
    title: str
    description: str
    category: TopicCategory
    scope_kind: ScopeKind
    # The Division, Grid, Compound or Building the scope kind names (a community scope may
    # leave it out: the proposer's own community).
    scope_id: int | None = None


async def _scope_target(
    viewer: Viewer, place: access.Place, kind: ScopeKind, scope_id: int | None
) -> int | None:
    """Check that the scope contains the proposer's home; returns its key. A place the caller
    cannot see (another community's, or none at all) is FORBIDDEN alike; a visible one that
    does not contain their home is NOT_IN_SCOPE."""
    if scope_id is None:
        if kind == ScopeKind.COMMUNITY:
            return None
        raise DomainError(ErrorCode.REQUIRED, "scopeId")
    scope = viewer.scope
    lookups: dict[ScopeKind, tuple[type[Model], Callable[[QuerySet[Any]], QuerySet[Any]]]] = {
        ScopeKind.COMMUNITY: (Division, scope.divisions),
        ScopeKind.GRID: (Grid, scope.grids),
        ScopeKind.COMPOUND: (Compound, scope.compounds),
        ScopeKind.BUILDING: (Building, scope.buildings),
    }
    model, visible = lookups[kind]
    await access.get_visible(visible(model.all()), scope_id, viewer, "scopeId")
    own = {
        ScopeKind.COMMUNITY: place.community_id,
        ScopeKind.GRID: place.grid_id,
        ScopeKind.COMPOUND: place.compound_id,
        ScopeKind.BUILDING: place.building_id,
    }[kind]
    if own != scope_id:
        raise DomainError(ErrorCode.NOT_IN_SCOPE, "scopeId")
    return None if kind == ScopeKind.COMMUNITY else scope_id


async def propose_topic(viewer: Viewer, data: TopicData) -> Topic:
    """A resident proposes a topic for a scope that contains their home."""
    place = access.require_resident(viewer)
    errors = ErrorCollector()
    title = errors.check(required_text, data.title, "title", TITLE_MAX)
    description = errors.check(required_text, data.description, "description", DESCRIPTION_MAX)
    target = await errors.check_async(_scope_target(viewer, place, data.scope_kind, data.scope_id))
    errors.raise_if_any()
    settings = await settings_for(place.community_id)
    households = await households_in_scope(data.scope_kind, place.community_id, target)
    return await Topic.create(
        community_id=place.community_id,
        scope_kind=data.scope_kind,
        grid_id=target if data.scope_kind == ScopeKind.GRID else None,
        compound_id=target if data.scope_kind == ScopeKind.COMPOUND else None,
        building_id=target if data.scope_kind == ScopeKind.BUILDING else None,
        title=title,
        description=description,
        category=data.category,
        proposer_id=place.resident_id,
        proposed_by_id=viewer.account_id,
        support_threshold=support_threshold(settings, households),
    )


# --- support (附议) ------------------------------------------------------------------------


@dataclass
class SupportOutcome:
    topic: Topic
    moved_to_review: bool  # this support was the one that reached the threshold


async def add_support(viewer: Viewer, topic_id: int) -> SupportOutcome:
    """Support a topic once. The support row, the count and the move to review are written in
    one transaction; the count is incremented in the database, never read and written back,
    and only the UPDATE that finds the topic still PROPOSED with enough supports moves it."""
    place = access.require_resident(viewer, "topicId")
    topic = await access.get_visible(access.topics(viewer), topic_id, viewer, "topicId")
    if topic.state not in COLLECTING:
        raise DomainError(ErrorCode.SUPPORT_CLOSED, "topicId")
    if await TopicSupport.filter(topic_id=topic.pk, resident_id=place.resident_id).exists():
        raise DomainError(ErrorCode.ALREADY_SUPPORTED, "topicId")
    at = now()
    try:
        async with in_transaction():
            await TopicSupport.create(topic_id=topic.pk, resident_id=place.resident_id)
            counted = await Topic.filter(id=topic.pk, state__in=COLLECTING).update(
                support_count=F("support_count") + 1, updated_at=at
            )
            if not counted:  # reviewed since we read it: the insert is rolled back
                raise DomainError(ErrorCode.SUPPORT_CLOSED, "topicId")
            moved = await Topic.filter(
                id=topic.pk,
                state=TopicState.PROPOSED,
                support_count__gte=F("support_threshold"),
            ).update(state=TopicState.UNDER_REVIEW, threshold_reached_at=at, updated_at=at)
    except IntegrityError:
        # The same resident's concurrent request inserted first (unique topic, resident).
        raise DomainError(ErrorCode.ALREADY_SUPPORTED, "topicId") from None
    return SupportOutcome(await Topic.get(id=topic.pk), bool(moved))


async def support_topic(viewer: Viewer, topic_id: int) -> Topic:
    return (await add_support(viewer, topic_id)).topic


# --- review and state ----------------------------------------------------------------------


async def _managed_topic(viewer: Viewer, topic_id: int, field: str = "topicId") -> Topic:
    return await access.get_visible(access.topics(viewer), topic_id, viewer, field)


def invalid_transition(field: str | None, state: StrEnum) -> DomainError:
    return DomainError(ErrorCode.INVALID_TRANSITION, field, state=state.value)


async def move(
    topic: Topic, expected: TopicState, target: TopicState, field: str, **changes: object
) -> None:
    """Compare-and-set the topic's state; INVALID_TRANSITION when it is no longer ``expected``."""
    at = now()
    moved = await Topic.filter(id=topic.pk, state=expected).update(
        state=target, updated_at=at, **changes
    )
    if not moved:
        current = await Topic.filter(id=topic.pk).first()
        raise invalid_transition(field, current.state if current else expected)


async def _schedulable_session(
    viewer: Viewer, topic: Topic, session_id: int
) -> ConsultationSession:
    session = await access.get_visible(access.sessions(viewer), session_id, viewer, "sessionId")
    if session.community_id != topic.community_id:
        raise DomainError(ErrorCode.OUTSIDE_COMMUNITY, "sessionId")
    if session.state not in (SessionState.SCHEDULED, SessionState.IN_PROGRESS):
        raise invalid_transition("sessionId", session.state)
    return session


async def add_to_agenda(session: ConsultationSession, topic_id: int) -> None:
    if await SessionTopic.filter(session_id=session.pk, topic_id=topic_id).exists():
        return
    last = await SessionTopic.filter(session_id=session.pk).order_by("-position").first()
    await SessionTopic.create(
        session_id=session.pk, topic_id=topic_id, position=(last.position + 1) if last else 0
    )


async def review_topic(
    viewer: Viewer,
    topic_id: int,
    decision: ReviewDecision,
    reason: str | None = None,
    session_id: int | None = None,
) -> Topic:
    """Accept a topic under review (optionally onto a session's agenda) or reject it with a
    public reason."""
    topic = await _managed_topic(viewer, topic_id)
    errors = ErrorCollector()
    if topic.state != TopicState.UNDER_REVIEW:
        errors.errors.append(invalid_transition("topicId", topic.state))
    text = errors.check(optional_text, reason, "reason", REASON_MAX) or ""
    session = None
    if decision == ReviewDecision.REJECT:
        if not text and not errors.has("reason"):
            errors.add(ErrorCode.REQUIRED, "reason")
        if session_id is not None:
            errors.add(ErrorCode.INVALID, "sessionId")
    elif session_id is not None:
        session = await errors.check_async(_schedulable_session(viewer, topic, session_id))
    errors.raise_if_any()
    at = now()
    review = {"reviewed_by_id": viewer.account_id, "reviewed_at": at}
    async with in_transaction():
        if decision == ReviewDecision.REJECT:
            await move(
                topic, TopicState.UNDER_REVIEW, TopicState.REJECTED, "topicId",
                rejection_reason=text, **review,
            )  # fmt: skip
        else:
            await move(topic, TopicState.UNDER_REVIEW, TopicState.ACCEPTED, "topicId", **review)
            if session is not None:
                await add_to_agenda(session, topic.pk)
                if session.state == SessionState.IN_PROGRESS:
                    await move(topic, TopicState.ACCEPTED, TopicState.IN_CONSULTATION, "topicId")
    return await Topic.get(id=topic.pk)


async def set_topic_state(viewer: Viewer, topic_id: int, target: TopicState) -> Topic:
    """Staff move a topic on: ACCEPTED → IN_CONSULTATION → DECIDED → IMPLEMENTED."""
    topic = await _managed_topic(viewer, topic_id)
    expected = MANUAL_TRANSITIONS.get(target)
    if expected is None:
        raise invalid_transition("state", topic.state)
    if topic.state != expected:
        raise invalid_transition("topicId", topic.state)
    async with in_transaction():
        await move(topic, expected, target, "topicId")
        if target == TopicState.IMPLEMENTED:
            await Resolution.filter(
                topic_id=topic.pk, published_at__isnull=False, implemented_at__isnull=True
            ).update(implemented_at=now())
    return await Topic.get(id=topic.pk)


async def implement_topic(viewer: Viewer, topic_id: int) -> Topic:
    """落实完成: the decided topic is implemented (its published resolutions are stamped)."""
    return await set_topic_state(viewer, topic_id, TopicState.IMPLEMENTED)


# --- listing -------------------------------------------------------------------------------


@dataclass
class TopicFilter:
    state: TopicState | None = None
    scope_kind: ScopeKind | None = None
    community_code: str | None = None
    mine: bool = False  # proposed by the caller


def filter_topics(viewer: Viewer, f: TopicFilter) -> QuerySet[Topic]:
    code = access.community_code(f.community_code, "filter.communityCode")
    qs = access.topics(viewer)
    if f.state is not None:
        qs = qs.filter(state=f.state)
    if f.scope_kind is not None:
        qs = qs.filter(scope_kind=f.scope_kind)
    if code is not None:
        qs = qs.filter(community__code=code)
    if f.mine:
        if viewer.place is not None:
            qs = qs.filter(proposer_id=viewer.place.resident_id)
        else:
            qs = qs.filter(proposed_by_id=viewer.account_id or 0)
    return qs
