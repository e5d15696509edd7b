"""Comments on topics and sessions: one level of replies, an edit window, reports, moderation.

A resident comments on what they can see: a topic whose scope covers their home, or a session
of their community. Moderators (staff who run consultations) hide a comment with a reason; a
hidden comment keeps its place in the thread with the reason, its text is shown to moderators
only, and it takes no replies, edits or reports.
"""

from __future__ import annotations

import datetime as dt

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from backend.consultations import access
from backend.consultations.access import Viewer
from backend.consultations.models import Comment, CommentReport, ConsultationSession, Topic
from backend.consultations.topics import now, settings_for
from backend.core.errors import DomainError, ErrorCode, ErrorCollector
from backend.core.validators import required_text

BODY_MAX = 1000
REASON_MAX = 200


async def _visible_comment(viewer: Viewer, comment_id: int, field: str) -> Comment:
    return await access.get_visible(access.comments(viewer), comment_id, viewer, field)


async def community_of(comment: Comment) -> int:
    if comment.topic_id is not None:
        topic = await Topic.get(id=comment.topic_id)
        return topic.community_id
    session = await ConsultationSession.get(id=comment.session_id)
    return session.community_id


async def edit_deadline(comment: Comment) -> dt.datetime:
    settings = await settings_for(await community_of(comment))
    return comment.created_at + dt.timedelta(minutes=settings.comment_edit_minutes)


async def create_comment(
    viewer: Viewer,
    body: str,
    *,
    topic_id: int | None = None,
    session_id: int | None = None,
    parent_id: int | None = None,
) -> Comment:
    """Comment on a topic or a session, or reply to a comment (then the target is the
    parent's; a reply to a reply is refused)."""
    place = access.require_resident(viewer)
    errors = ErrorCollector()
    text = errors.check(required_text, body, "body", BODY_MAX)
    if topic_id is not None:
        await errors.check_async(
            access.get_visible(access.topics(viewer), topic_id, viewer, "topicId")
        )
    if session_id is not None:
        await errors.check_async(
            access.get_visible(access.sessions(viewer), session_id, viewer, "sessionId")
        )
    parent = None
    if parent_id is not None:
        parent = await errors.check_async(_visible_comment(viewer, parent_id, "parentId"))
    if parent is not None:
        if parent.parent_id is not None:
            errors.add(ErrorCode.REPLY_TOO_DEEP, "parentId")
        elif parent.hidden:
            errors.errors.append(access.hidden_error("parentId"))
        elif (topic_id is not None and topic_id != parent.topic_id) or (
            session_id is not None and session_id != parent.session_id
        ):
            errors.add(ErrorCode.INVALID, "parentId")
        topic_id, session_id = parent.topic_id, parent.session_id
    elif parent_id is None and topic_id is None and session_id is None:
        errors.add(ErrorCode.REQUIRED, "topicId")
    elif topic_id is not None and session_id is not None and not errors.has("sessionId"):
        errors.add(ErrorCode.INVALID, "sessionId")
    errors.raise_if_any()
    return await Comment.create(
        topic_id=topic_id,
        session_id=session_id,
        parent_id=parent.pk if parent else None,
        author_id=place.resident_id,
        body=text,
    )


async def update_comment(viewer: Viewer, comment_id: int, body: str) -> Comment:
    """The author corrects a comment within the community's edit window."""
    place = access.require_resident(viewer, "id")
    comment = await _visible_comment(viewer, comment_id, "id")
    if comment.author_id != place.resident_id:
        raise DomainError(ErrorCode.FORBIDDEN, "id")
    if comment.hidden:
        raise access.hidden_error("id")
    text = required_text(body, "body", BODY_MAX)
    settings = await settings_for(await community_of(comment))
    minutes = settings.comment_edit_minutes
    at = now()
    if at > comment.created_at + dt.timedelta(minutes=minutes):
        raise DomainError(ErrorCode.EDIT_WINDOW_CLOSED, "id", minutes=minutes)
    comment.body = text
    comment.edited_at = at
    await comment.save(update_fields=["body", "edited_at"])
    return comment


async def report_comment(viewer: Viewer, comment_id: int, reason: str) -> Comment:
    """Report a comment to the moderators, once per resident."""
    place = access.require_resident(viewer, "commentId")
    comment = await _visible_comment(viewer, comment_id, "commentId")
    text = required_text(reason, "reason", REASON_MAX)
    if comment.hidden:
        raise access.hidden_error("commentId")
    try:
        await CommentReport.create(
            comment_id=comment.pk, reporter_id=place.resident_id, reason=text
        )
    except IntegrityError:
        raise DomainError(ErrorCode.ALREADY_REPORTED, "commentId") from None
    return comment


async def hide_comment(viewer: Viewer, comment_id: int, reason: str) -> Comment:
    """A moderator hides a comment with a reason; its open reports count as reviewed."""
    comment = await _visible_comment(viewer, comment_id, "id")
    text = required_text(reason, "reason", REASON_MAX)
    at = now()
    async with in_transaction():
        hidden = await Comment.filter(id=comment.pk, hidden=False).update(
            hidden=True, hidden_by_id=viewer.account_id, hidden_at=at, hidden_reason=text
        )
        if not hidden:
            raise access.hidden_error("id")
        await CommentReport.filter(comment_id=comment.pk, reviewed_at__isnull=True).update(
            reviewed_by_id=viewer.account_id, reviewed_at=at
        )
    return await Comment.get(id=comment.pk)


def filter_comments(
    viewer: Viewer,
    community_code: str | None = None,
    reported_only: bool = False,
    hidden: bool | None = None,
) -> QuerySet[Comment]:
    """Comments for moderation: all visible ones, those with unreviewed reports, hidden ones."""
    code = access.community_code(community_code, "filter.communityCode")
    qs = access.comments(viewer)
    if code is not None:
        qs = qs.filter(
            Q(topic_id__in=Subquery(Topic.filter(community__code=code).values("id")))
            | Q(
                session_id__in=Subquery(
                    ConsultationSession.filter(community__code=code).values("id")
                )
            )
        )
    if reported_only:
        pending = CommentReport.filter(reviewed_at__isnull=True).values("comment_id")
        qs = qs.filter(id__in=Subquery(pending))
    if hidden is not None:
        qs = qs.filter(hidden=hidden)
    return qs
