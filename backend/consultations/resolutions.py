"""决议: publishing a resolution as a public notice (公示), implementation updates (落实) and
residents' evaluations (满意度).

Publishing a topic's resolution moves the topic from IN_CONSULTATION to DECIDED in the same
transaction. Residents who can see the resolution (its topic covers their home, or its session
is in their community) evaluate it once each and may change their rating later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from backend.consultations import access
from backend.consultations.access import Viewer
from backend.consultations.models import (
    ConsultationSession,
    Evaluation,
    EvaluationRating,
    ImplementationUpdate,
    Resolution,
    SessionState,
    SessionTopic,
    Topic,
    TopicState,
)
from backend.consultations.topics import (
    MAX_NOTICE_DAYS,
    invalid_transition,
    move,
    now,
    settings_for,
)
from backend.core.errors import DomainError, ErrorCode, ErrorCollector
from backend.core.validators import optional_text, required_text

TITLE_MAX = 200
TEXT_MAX = 20000
UPDATE_MAX = 5000
EVALUATION_COMMENT_MAX = 500


@dataclass
class ResolutionData:
    text: str
    topic_id: int | None = None
    session_id: int | None = None
    title: str | None = None  # the topic's or session's title when left out
    notice_days: int | None = None  # the community's setting when left out


async def publish_resolution(viewer: Viewer, data: ResolutionData) -> Resolution:
    """Publish a resolution of a topic (then DECIDED) and/or a session as a public notice."""
    errors = ErrorCollector()
    topic: Topic | None = None
    session: ConsultationSession | None = None
    if data.topic_id is None and data.session_id is None:
        errors.add(ErrorCode.REQUIRED, "topicId")
    if data.topic_id is not None:
        topic = await errors.check_async(
            access.get_visible(access.topics(viewer), data.topic_id, viewer, "topicId")
        )
        if topic is not None and topic.state != TopicState.IN_CONSULTATION:
            errors.errors.append(invalid_transition("topicId", topic.state))
    if data.session_id is not None:
        session = await errors.check_async(
            access.get_visible(access.sessions(viewer), data.session_id, viewer, "sessionId")
        )
        if session is not None and session.state not in (
            SessionState.IN_PROGRESS,
            SessionState.CONCLUDED,
        ):
            errors.errors.append(invalid_transition("sessionId", session.state))
    if topic is not None and session is not None:
        on_agenda = await SessionTopic.filter(session_id=session.pk, topic_id=topic.pk).exists()
        if not on_agenda:
            errors.add(ErrorCode.INVALID, "sessionId")
    text = errors.check(required_text, data.text, "text", TEXT_MAX)
    title = errors.check(optional_text, data.title, "title", TITLE_MAX)
    days = data.notice_days
    if days is not None and not 1 <= days <= MAX_NOTICE_DAYS:
        errors.add(ErrorCode.OUT_OF_RANGE, "noticeDays", min=1, max=MAX_NOTICE_DAYS)
    errors.raise_if_any()
    subject = topic or session
    assert subject is not None and viewer.account_id is not None
    if days is None:
        days = (await settings_for(subject.community_id)).notice_days
    at = now()
    async with in_transaction():
        resolution = await Resolution.create(
            topic_id=topic.pk if topic else None,
            session_id=session.pk if session else None,
            title=title or subject.title,
            text=text,
            published_at=at,
            published_by_id=viewer.account_id,
            notice_until=at + dt.timedelta(days=days),
            created_by_id=viewer.account_id,
        )
        if topic is not None:
            await move(topic, TopicState.IN_CONSULTATION, TopicState.DECIDED, "topicId")
    return resolution


async def _published(viewer: Viewer, resolution_id: int, field: str) -> Resolution:
    resolution = await access.get_visible(access.resolutions(viewer), resolution_id, viewer, field)
    if resolution.published_at is None:
        raise DomainError(ErrorCode.INVALID_TRANSITION, field, state="DRAFT")
    return resolution


async def post_update(viewer: Viewer, resolution_id: int, text: str) -> ImplementationUpdate:
    """Staff report progress on carrying out a published resolution."""
    resolution = await _published(viewer, resolution_id, "resolutionId")
    body = required_text(text, "text", UPDATE_MAX)
    assert viewer.account_id is not None
    return await ImplementationUpdate.create(
        resolution_id=resolution.pk, text=body, posted_by_id=viewer.account_id
    )


async def submit_evaluation(
    viewer: Viewer, resolution_id: int, rating: EvaluationRating, comment: str | None = None
) -> Evaluation:
    """A resident rates how the resolution was carried out; a second call changes the rating."""
    place = access.require_resident(viewer, "resolutionId")
    resolution = await _published(viewer, resolution_id, "resolutionId")
    note = optional_text(comment, "comment", EVALUATION_COMMENT_MAX)
    at = now()
    mine = Evaluation.filter(resolution_id=resolution.pk, resident_id=place.resident_id)
    if not await mine.update(rating=rating, comment=note, updated_at=at):
        try:
            async with in_transaction():
                return await Evaluation.create(
                    resolution_id=resolution.pk,
                    resident_id=place.resident_id,
                    rating=rating,
                    comment=note,
                )
        except IntegrityError:  # the same resident's concurrent first evaluation won
            await mine.update(rating=rating, comment=note, updated_at=at)
    return await mine.get()


def filter_resolutions(
    viewer: Viewer,
    community_code: str | None = None,
    topic_id: int | None = None,
    session_id: int | None = None,
    in_notice_period: bool | None = None,
) -> QuerySet[Resolution]:
    code = access.community_code(community_code, "filter.communityCode")
    qs = access.resolutions(viewer)
    if code is not None:
        topics = Topic.filter(community__code=code).values("id")
        sessions = ConsultationSession.filter(community__code=code).values("id")
        qs = qs.filter(
            Q(topic_id__in=Subquery(topics))
            | Q(topic_id__isnull=True, session_id__in=Subquery(sessions))
        )
    if topic_id is not None:
        qs = qs.filter(topic_id=topic_id)
    if session_id is not None:
        qs = qs.filter(session_id=session_id)
    if in_notice_period is not None:
        at = now()
        running = Q(published_at__lte=at, notice_until__gte=at)
        qs = qs.filter(running) if in_notice_period else qs.exclude(running)
    return qs
