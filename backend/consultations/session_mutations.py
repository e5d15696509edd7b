"""Mutations of sessions (协商会议), their materials and minutes, and of comments."""

from __future__ import annotations

import datetime as dt

import strawberry

from backend.api.context import Info
from backend.api.errors import UserError
from backend.api.relay import decode_id, decode_optional_id
from backend.consultations import comments, sessions
from backend.consultations import models as m
from backend.consultations.access import Viewer
from backend.consultations.payloads import MANAGE, PARTICIPATE, Payload
from backend.consultations.types import (
    Comment,
    ConsultationSession,
    ParticipantRole,
    SessionMaterial,
    SessionMode,
    SessionState,
)


@strawberry.input(description="A participant of a session 参会方.")
class SessionParticipantInput:
    role: ParticipantRole = strawberry.field(description="Role 参会身份.")
    name: str | None = strawberry.field(
        default=None,
        description="Name for the minutes 名称 (a resident's masked name when left out).",
    )
    resident_id: strawberry.ID | None = strawberry.field(
        default=None, description="The resident, when on the register 居民."
    )


@strawberry.input(description="Material of a session 会议材料: a link or a text, not both.")
class SessionMaterialInput:
    title: str = strawberry.field(description="Title 标题.")
    url: str | None = strawberry.field(default=None, description="Link 链接 (http/https).")
    body: str | None = strawberry.field(default=None, description="Text 正文.")


@strawberry.input(description="A new consultation session 新建协商会议.")
class ConsultationSessionCreateInput:
    community_id: strawberry.ID = strawberry.field(description="Community 社区 (Division).")
    title: str = strawberry.field(description="Title 会议名称.")
    mode: SessionMode = strawberry.field(description="Mode 会议形式.")
    starts_at: dt.datetime = strawberry.field(description="Starts at 开始时间.")
    ends_at: dt.datetime = strawberry.field(description="Ends at 结束时间.")
    description: str = strawberry.field(default="", description="Description 说明.")
    place: str = strawberry.field(default="", description="Place 地点 (on site, hybrid).")
    online_link: str = strawberry.field(
        default="", description="Link to join 线上链接 (online, hybrid)."
    )
    topic_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Agenda 议程: accepted topics, in order."
    )
    participants: list[SessionParticipantInput] = strawberry.field(
        default_factory=list, description="Participants 参会方."
    )
    materials: list[SessionMaterialInput] = strawberry.field(
        default_factory=list, description="Materials 会议材料."
    )


@strawberry.input(
    description="Changes to a session 修改协商会议; omitted fields stay, lists replace."
)
class ConsultationSessionUpdateInput:
    id: strawberry.ID = strawberry.field(description="The session.")
    title: str | None = strawberry.field(default=None, description="Title 会议名称.")
    description: str | None = strawberry.field(default=None, description="Description 说明.")
    mode: SessionMode | None = strawberry.field(default=None, description="Mode 会议形式.")
    starts_at: dt.datetime | None = strawberry.field(default=None, description="Starts at.")
    ends_at: dt.datetime | None = strawberry.field(default=None, description="Ends at.")
    place: str | None = strawberry.field(default=None, description="Place 地点.")
    online_link: str | None = strawberry.field(default=None, description="Link 线上链接.")
    state: SessionState | None = strawberry.field(
        default=None,
        description="Move on 状态: SCHEDULED → IN_PROGRESS → CONCLUDED, or CANCELLED.",
    )
    topic_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Replaces the agenda 议程."
    )
    participants: list[SessionParticipantInput] | None = strawberry.field(
        default=None, description="Replaces the participants 参会方."
    )


@strawberry.input(description="Add a material to a session 添加会议材料.")
class SessionMaterialAddInput:
    session_id: strawberry.ID = strawberry.field(description="The session.")
    title: str = strawberry.field(description="Title 标题.")
    url: str | None = strawberry.field(default=None, description="Link 链接 (http/https).")
    body: str | None = strawberry.field(default=None, description="Text 正文.")


@strawberry.input(description="Minutes and resolution text of a session 会议纪要.")
class SessionMinutesSetInput:
    session_id: strawberry.ID = strawberry.field(description="The session.")
    minutes: str | None = strawberry.field(default=None, description="Minutes 会议纪要.")
    resolution_text: str | None = strawberry.field(
        default=None, description="Resolution text 决议内容."
    )


@strawberry.input(description="A comment or a reply 发表评论: a topic, a session or a parent.")
class CommentCreateInput:
    body: str = strawberry.field(description="Text 内容 (at most 1000 characters).")
    topic_id: strawberry.ID | None = strawberry.field(default=None, description="Topic 议题.")
    session_id: strawberry.ID | None = strawberry.field(
        default=None, description="Session 协商会议."
    )
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="The comment replied to 回复的评论 (not itself a reply)."
    )


@strawberry.input(description="Edit one's own comment within the edit window 修改评论.")
class CommentUpdateInput:
    id: strawberry.ID = strawberry.field(description="The comment.")
    body: str = strawberry.field(description="New text 内容.")


@strawberry.input(description="Report a comment to the moderators 举报评论 (once).")
class CommentReportInput:
    comment_id: strawberry.ID = strawberry.field(description="The comment.")
    reason: str = strawberry.field(description="Why 举报原因 (at most 200 characters).")


@strawberry.input(description="Hide a comment 隐藏评论 (moderators), with a public reason.")
class CommentHideInput:
    id: strawberry.ID = strawberry.field(description="The comment.")
    reason: str = strawberry.field(description="Reason 隐藏原因 (shown in its place).")


@strawberry.type(description="Result of a session mutation.")
class ConsultationSessionPayload:
    session: ConsultationSession | None = strawberry.field(description="The session.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


@strawberry.type(description="Result of sessionMaterialAdd.")
class SessionMaterialPayload:
    material: SessionMaterial | None = strawberry.field(description="The material added.")
    session: ConsultationSession | None = strawberry.field(description="Its session.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


@strawberry.type(description="Result of a comment mutation.")
class CommentPayload:
    comment: Comment | None = strawberry.field(description="The comment.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


def _participants(
    items: list[SessionParticipantInput] | None,
) -> list[sessions.ParticipantData] | None:
    if items is None:
        return None
    return [
        sessions.ParticipantData(
            role=p.role,
            name=p.name,
            resident_id=decode_optional_id(
                p.resident_id, "Resident", f"participants.{i}.residentId"
            ),
        )
        for i, p in enumerate(items)
    ]


def _topic_ids(ids: list[strawberry.ID] | None) -> list[int] | None:
    if ids is None:
        return None
    return [decode_id(t, "Topic", f"topicIds.{i}") for i, t in enumerate(ids)]


def _session_id(raw: strawberry.ID) -> int:
    return decode_id(raw, "ConsultationSession", "sessionId")


def _session_data(input: ConsultationSessionCreateInput) -> sessions.SessionData:
    return sessions.SessionData(
        community_id=decode_id(input.community_id, "Division", "communityId"),
        title=input.title,
        mode=input.mode,
        starts_at=input.starts_at,
        ends_at=input.ends_at,
        description=input.description,
        place=input.place,
        online_link=input.online_link,
        topic_ids=_topic_ids(input.topic_ids) or [],
        participants=_participants(input.participants) or [],
        materials=[
            sessions.MaterialData(title=x.title, url=x.url, body=x.body) for x in input.materials
        ],
    )


def _session_patch(input: ConsultationSessionUpdateInput) -> sessions.SessionPatch:
    return sessions.SessionPatch(
        title=input.title,
        description=input.description,
        mode=input.mode,
        starts_at=input.starts_at,
        ends_at=input.ends_at,
        place=input.place,
        online_link=input.online_link,
        state=input.state,
        topic_ids=_topic_ids(input.topic_ids),
        participants=_participants(input.participants),
    )


async def _material_added(row: m.SessionMaterial) -> SessionMaterialPayload:
    session = await m.ConsultationSession.get(id=row.session_id)
    return SessionMaterialPayload(
        material=SessionMaterial.from_model(row),
        session=ConsultationSession.from_model(session),
        errors=[],
    )


SESSION: Payload[m.ConsultationSession, ConsultationSessionPayload] = Payload(
    lambda row: ConsultationSessionPayload(session=ConsultationSession.from_model(row), errors=[]),
    lambda errors: ConsultationSessionPayload(session=None, errors=errors),
)
MATERIAL: Payload[m.SessionMaterial, SessionMaterialPayload] = Payload(
    _material_added,
    lambda errors: SessionMaterialPayload(material=None, session=None, errors=errors),
)
COMMENT: Payload[m.Comment, CommentPayload] = Payload(
    lambda row: CommentPayload(comment=Comment.from_model(row), errors=[]),
    lambda errors: CommentPayload(comment=None, errors=errors),
)


@strawberry.type
class ConsultationSessionMutation:
    @strawberry.mutation(
        description="Create a consultation session 新建协商会议.", permission_classes=MANAGE
    )
    async def consultation_session_create(
        self, info: Info, input: ConsultationSessionCreateInput
    ) -> ConsultationSessionPayload:
        return await SESSION.as_viewer(
            info, input, lambda viewer: sessions.create_session(viewer, _session_data(input))
        )

    @strawberry.mutation(
        description="Change a session 修改协商会议: time, place, agenda, participants, state.",
        permission_classes=MANAGE,
    )
    async def consultation_session_update(
        self, info: Info, input: ConsultationSessionUpdateInput
    ) -> ConsultationSessionPayload:
        async def call(viewer: Viewer) -> m.ConsultationSession:
            patch = _session_patch(input)
            pk = decode_id(input.id, "ConsultationSession", "id")
            return await sessions.update_session(viewer, pk, patch)

        return await SESSION.as_viewer(info, input, call)

    @strawberry.mutation(
        description="Add a material to a session 添加会议材料.", permission_classes=MANAGE
    )
    async def session_material_add(
        self, info: Info, input: SessionMaterialAddInput
    ) -> SessionMaterialPayload:
        return await MATERIAL.as_viewer(
            info,
            input,
            lambda viewer: sessions.add_material(
                viewer,
                _session_id(input.session_id),
                sessions.MaterialData(title=input.title, url=input.url, body=input.body),
            ),
        )

    @strawberry.mutation(
        description="Write the minutes and resolution text of a session 会议纪要.",
        permission_classes=MANAGE,
    )
    async def session_minutes_set(
        self, info: Info, input: SessionMinutesSetInput
    ) -> ConsultationSessionPayload:
        return await SESSION.as_viewer(
            info,
            input,
            lambda viewer: sessions.set_minutes(
                viewer, _session_id(input.session_id), input.minutes, input.resolution_text
            ),
        )

    @strawberry.mutation(
        description="Comment on a topic or a session, or reply 发表评论.",
        permission_classes=PARTICIPATE,
    )
    async def comment_create(self, info: Info, input: CommentCreateInput) -> CommentPayload:
        return await COMMENT.as_viewer(
            info,
            input,
            lambda viewer: comments.create_comment(
                viewer,
                input.body,
                topic_id=decode_optional_id(input.topic_id, "Topic", "topicId"),
                session_id=decode_optional_id(input.session_id, "ConsultationSession", "sessionId"),
                parent_id=decode_optional_id(input.parent_id, "Comment", "parentId"),
            ),
        )

    @strawberry.mutation(
        description="Edit one's own comment within the edit window 修改评论.",
        permission_classes=PARTICIPATE,
    )
    async def comment_update(self, info: Info, input: CommentUpdateInput) -> CommentPayload:
        return await COMMENT.as_viewer(
            info,
            input,
            lambda viewer: comments.update_comment(
                viewer, decode_id(input.id, "Comment", "id"), input.body
            ),
        )

    @strawberry.mutation(
        description="Report a comment to the moderators 举报评论, once per resident.",
        permission_classes=PARTICIPATE,
    )
    async def comment_report(self, info: Info, input: CommentReportInput) -> CommentPayload:
        return await COMMENT.as_viewer(
            info,
            input,
            lambda viewer: comments.report_comment(
                viewer, decode_id(input.comment_id, "Comment", "commentId"), input.reason
            ),
        )

    @strawberry.mutation(
        description="Hide a comment with a reason 隐藏评论 (moderators).", permission_classes=MANAGE
    )
    async def comment_hide(self, info: Info, input: CommentHideInput) -> CommentPayload:
        return await COMMENT.as_viewer(
            info,
            input,
            lambda viewer: comments.hide_comment(
                viewer, decode_id(input.id, "Comment", "id"), input.reason
            ),
        )
