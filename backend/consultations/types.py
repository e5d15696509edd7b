"""GraphQL types of topics (议题), sessions (协商会议) and comments.

People appear on these pages only as masked names (张*) and never to partner keys; whether a
row is the caller's own (``supportedByMe``, ``mine``, ``isMe``) is answered from the caller's
session, not by showing who else did what.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated, TypeVar

import strawberry

from backend.api.context import Info
from backend.api.errors import resolve_or_raise
from backend.api.loading import now_or_later
from backend.api.node import register_node
from backend.api.relay import Connection, Node, build_connection, to_global_id
from backend.auth.roles import Capability
from backend.consultations import models
from backend.consultations.models import (
    ParticipantRole,
    ScopeKind,
    SessionMode,
    SessionState,
    TopicCategory,
    TopicState,
)

if TYPE_CHECKING:
    from backend.consultations.resolution_types import Resolution
    from backend.divisions.types import Division


def _enum(cls: type[Enum], description: str) -> None:
    """Register an enum once (the votes' types register some of the same)."""
    if not hasattr(cls, "_enum_definition"):
        strawberry.enum(cls, description=description)


_enum(
    ScopeKind,
    "Scope of a topic or vote 范围: COMMUNITY 社区, GRID 网格, COMPOUND 小区, BUILDING 楼栋.",
)
_enum(
    TopicCategory,
    "Topic category 议题类别: ENVIRONMENT 环境卫生, PUBLIC_FACILITIES 公共设施, PROPERTY_SERVICE "
    "物业服务, PARKING_TRAFFIC 停车交通, SAFETY 安全消防, ELDERLY_CHILDREN 一老一小, "
    "CULTURE_SPORTS 文体活动, NEIGHBOURHOOD 邻里关系, HOUSING_RENEWAL 老旧小区改造/加装电梯/"
    "维修资金, OTHER 其他.",
)
_enum(
    TopicState,
    "State of a topic 议题状态: PROPOSED 征集附议, UNDER_REVIEW 审核中, ACCEPTED 已受理, "
    "REJECTED 不予受理, IN_CONSULTATION 协商中, DECIDED 已决议, IMPLEMENTED 已落实.",
)
_enum(SessionMode, "How a session meets 会议形式: ON_SITE 现场, ONLINE 线上, HYBRID 线上线下结合.")
_enum(
    SessionState,
    "State of a session 会议状态: SCHEDULED 待召开, IN_PROGRESS 进行中, CONCLUDED 已结束, "
    "CANCELLED 已取消.",
)
_enum(
    ParticipantRole,
    "Role of a session participant 参会身份: PARTY_ORGANISATION 党组织, RESIDENT_REPRESENTATIVE "
    "居民代表, SOCIAL_ORGANISATION 社会组织, OWNERS_COMMITTEE 业委会, PROPERTY_SERVICE 物业.",
)

T = TypeVar("T")

ResolutionType = Annotated["Resolution", strawberry.lazy("backend.consultations.resolution_types")]
DivisionType = Annotated["Division", strawberry.lazy("backend.divisions.types")]

_SCOPE_TYPES = {
    ScopeKind.COMMUNITY: "Division",
    ScopeKind.GRID: "Grid",
    ScopeKind.COMPOUND: "Compound",
    ScopeKind.BUILDING: "Building",
}


def scope_key(m: models.Topic) -> tuple[ScopeKind, int]:
    """The kind and primary key of the object a topic's scope names."""
    pk = {
        ScopeKind.COMMUNITY: m.community_id,
        ScopeKind.GRID: m.grid_id,
        ScopeKind.COMPOUND: m.compound_id,
        ScopeKind.BUILDING: m.building_id,
    }[m.scope_kind]
    assert pk is not None  # the topic_scope CHECK constraint
    return m.scope_kind, pk


def _same(value: T) -> T:
    return value


async def _comments(
    info: Info, qs: object, first: int | None, after: str | None
) -> Connection[Comment]:
    async def run() -> Connection[Comment]:
        return await build_connection(
            qs,  # type: ignore[arg-type]
            Comment.from_model,
            descending=True,
            first=first,
            after=after,
        )

    return await resolve_or_raise(run, info.context.lang)


@strawberry.type(
    description=(
        "议题: a matter residents raise for their community, grid, compound or building. "
        "Residents in scope support it (附议); at the threshold it goes to review."
    )
)
class Topic(Node):
    _m: strawberry.Private[models.Topic]
    title: str = strawberry.field(description="Title 标题.")
    description: str = strawberry.field(description="Description 内容.")
    category: TopicCategory = strawberry.field(description="Category 类别.")
    scope_kind: ScopeKind = strawberry.field(description="Kind of scope 范围类型.")
    scope_id: strawberry.ID = strawberry.field(
        description="The Division, Grid, Compound or Building the scope names 范围对象."
    )
    state: TopicState = strawberry.field(description="State 状态.")
    support_count: int = strawberry.field(description="Supports so far 附议人数.")
    support_threshold: int = strawberry.field(
        description="Supports needed for review 附议门槛 (fixed when proposed)."
    )
    rejection_reason: str | None = strawberry.field(
        description="Public reason of a rejection 不予受理理由; null unless REJECTED."
    )
    created_at: dt.datetime = strawberry.field(description="Proposed at 提出时间.")
    threshold_reached_at: dt.datetime | None = strawberry.field(
        description="When the supports reached the threshold 达到门槛时间."
    )
    reviewed_at: dt.datetime | None = strawberry.field(description="Reviewed at 审核时间.")

    @classmethod
    def from_model(cls, m: models.Topic) -> Topic:
        kind, pk = scope_key(m)
        return cls(
            _m=m,
            id=to_global_id("Topic", m.pk),
            title=m.title,
            description=m.description,
            category=m.category,
            scope_kind=m.scope_kind,
            scope_id=to_global_id(_SCOPE_TYPES[kind], pk),
            state=m.state,
            support_count=m.support_count,
            support_threshold=m.support_threshold,
            rejection_reason=m.rejection_reason or None,
            created_at=m.created_at,
            threshold_reached_at=m.threshold_reached_at,
            reviewed_at=m.reviewed_at,
        )

    @strawberry.field(description="Name of the scope 范围名称 (社区, 网格, 小区 or 小区 楼栋).")
    def scope_label(self, info: Info) -> str:
        loader = info.context.consultations.scope_labels
        return now_or_later(loader, scope_key(self._m), _same)  # type: ignore[return-value]

    @strawberry.field(description="The caller has supported this topic 我已附议.")
    def supported_by_me(self, info: Info) -> bool:
        if info.context.principal.scope.own_resident_id is None:
            return False
        loader = info.context.consultations.supported_by_me
        return now_or_later(loader, self._m.pk, _same)  # type: ignore[return-value]

    @strawberry.field(description="The caller proposed this topic 我提出的.")
    def proposed_by_me(self, info: Info) -> bool:
        own = info.context.principal.scope.own_resident_id
        return own is not None and own == self._m.proposer_id

    @strawberry.field(
        description="Proposer as others see them 提议人 (surname only, 张*); null for partners."
    )
    def proposer_name(self, info: Info) -> str | None:
        if self._m.proposer_id is None:
            return None
        loader = info.context.consultations.names
        return now_or_later(loader, self._m.proposer_id, _same)  # type: ignore[return-value]

    @strawberry.field(description="Number of comments, replies included 评论数.")
    def comment_count(self, info: Info) -> int:
        loader = info.context.consultations.comment_counts
        return now_or_later(loader, self._m.pk, _same)  # type: ignore[return-value]

    @strawberry.field(description="Community 所属社区.")
    async def community(self, info: Info) -> DivisionType | None:
        from backend.divisions.types import load_division

        return await load_division(info, self._m.community_id)

    @strawberry.field(description="Sessions with this topic on the agenda 协商会议.")
    async def sessions(self, info: Info) -> list[ConsultationSession]:
        loaders = info.context.consultations
        links = await loaders.topic_sessions.load(self._m.pk)
        rows = await loaders.sessions.load_many([link.session_id for link in links])
        return [ConsultationSession.from_model(r) for r in rows if r is not None]

    @strawberry.field(description="Comments, newest first; replies under each 评论.")
    async def comments(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Comment]:
        qs = models.Comment.filter(topic_id=self._m.pk, parent_id__isnull=True)
        return await _comments(info, qs, first, after)

    @strawberry.field(description="The latest resolution 决议 (published, or a draft for staff).")
    async def resolution(self, info: Info) -> ResolutionType | None:
        from backend.consultations.resolution_types import Resolution

        rows = await info.context.consultations.topic_resolutions.load(self._m.pk)
        return Resolution.from_model(rows[0]) if rows else None


@strawberry.type(description="A participant of a session 参会方, by role.")
class SessionParticipant:
    role: ParticipantRole = strawberry.field(description="Role 参会身份.")
    name: str = strawberry.field(description="Name as shown in the minutes 名称.")
    is_me: bool = strawberry.field(description="The caller is this participant 是我.")


@strawberry.type(description="Material of a session 会议材料: a link or a text.")
class SessionMaterial(Node):
    _m: strawberry.Private[models.SessionMaterial]
    title: str = strawberry.field(description="Title 标题.")
    url: str | None = strawberry.field(description="Link 链接 (or null with a body).")
    body: str | None = strawberry.field(description="Text 正文 (or null with a link).")
    position: int = strawberry.field(description="Order, from 0 顺序.")
    created_at: dt.datetime = strawberry.field(description="Added at 添加时间.")

    @classmethod
    def from_model(cls, m: models.SessionMaterial) -> SessionMaterial:
        return cls(
            _m=m,
            id=to_global_id("SessionMaterial", m.pk),
            title=m.title,
            url=m.url,
            body=m.body,
            position=m.position,
            created_at=m.created_at,
        )


@strawberry.type(
    description=(
        "协商会议: a consultation session of a community, with its agenda of topics, "
        "participants by role, materials, comments, minutes and resolution text."
    )
)
class ConsultationSession(Node):
    _m: strawberry.Private[models.ConsultationSession]
    title: str = strawberry.field(description="Title 会议名称.")
    description: str = strawberry.field(description="Description 说明.")
    mode: SessionMode = strawberry.field(description="Mode 会议形式.")
    starts_at: dt.datetime = strawberry.field(description="Starts at 开始时间.")
    ends_at: dt.datetime = strawberry.field(description="Ends at 结束时间.")
    place: str = strawberry.field(description="Place 地点 (on site).")
    online_link: str = strawberry.field(description="Link to join 线上参会链接 (online).")
    state: SessionState = strawberry.field(description="State 状态.")
    minutes: str = strawberry.field(description="Minutes 会议纪要.")
    resolution_text: str = strawberry.field(description="Resolution text 决议内容.")

    @classmethod
    def from_model(cls, m: models.ConsultationSession) -> ConsultationSession:
        return cls(
            _m=m,
            id=to_global_id("ConsultationSession", m.pk),
            title=m.title,
            description=m.description,
            mode=m.mode,
            starts_at=m.starts_at,
            ends_at=m.ends_at,
            place=m.place,
            online_link=m.online_link,
            state=m.state,
            minutes=m.minutes,
            resolution_text=m.resolution_text,
        )

    @strawberry.field(description="Community 所属社区.")
    async def community(self, info: Info) -> DivisionType | None:
        from backend.divisions.types import load_division

        return await load_division(info, self._m.community_id)

    @strawberry.field(description="Agenda 议程: the topics, in order.")
    async def topics(self, info: Info) -> list[Topic]:
        loaders = info.context.consultations
        links = await loaders.agenda.load(self._m.pk)
        rows = await loaders.topics.load_many([link.topic_id for link in links])
        return [Topic.from_model(r) for r in rows if r is not None]

    @strawberry.field(description="Participants by role 参会方.")
    async def participants(self, info: Info) -> list[SessionParticipant]:
        own = info.context.principal.scope.own_resident_id
        rows = await info.context.consultations.participants.load(self._m.pk)
        return [
            SessionParticipant(
                role=r.role, name=r.name, is_me=own is not None and r.resident_id == own
            )
            for r in rows
        ]

    @strawberry.field(description="Materials 会议材料, in order.")
    async def materials(self, info: Info) -> list[SessionMaterial]:
        rows = await info.context.consultations.session_materials.load(self._m.pk)
        return [SessionMaterial.from_model(r) for r in rows]

    @strawberry.field(description="Comments, newest first; replies under each 评论.")
    async def comments(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Comment]:
        qs = models.Comment.filter(session_id=self._m.pk, parent_id__isnull=True)
        return await _comments(info, qs, first, after)

    @strawberry.field(description="Resolutions of this session 决议, newest first.")
    async def resolutions(self, info: Info) -> list[ResolutionType]:
        from backend.consultations.resolution_types import Resolution

        rows = await info.context.consultations.session_resolutions.load(self._m.pk)
        return [Resolution.from_model(r) for r in rows]


@strawberry.type(
    description=(
        "评论 on a topic or a session; replies go one level deep. A hidden comment keeps its "
        "place with the moderator's reason, its text shown to moderators only."
    )
)
class Comment(Node):
    _m: strawberry.Private[models.Comment]
    hidden: bool = strawberry.field(description="Hidden by a moderator 已隐藏.")
    hidden_reason: str | None = strawberry.field(description="Why it was hidden 隐藏原因.")
    created_at: dt.datetime = strawberry.field(description="Posted at 发表时间.")
    edited_at: dt.datetime | None = strawberry.field(description="Last edited at 修改时间.")

    @classmethod
    def from_model(cls, m: models.Comment) -> Comment:
        return cls(
            _m=m,
            id=to_global_id("Comment", m.pk),
            hidden=m.hidden,
            hidden_reason=m.hidden_reason or None,
            created_at=m.created_at,
            edited_at=m.edited_at,
        )

    @strawberry.field(description="Text 内容; null when hidden (moderators still see it).")
    def body(self, info: Info) -> str | None:
        if self._m.hidden and not info.context.principal.can(Capability.CONSULTATION_MANAGE):
            return None
        return self._m.body

    @strawberry.field(description="Author as others see them 发表人 (张*); null for partners.")
    def author_name(self, info: Info) -> str | None:
        loader = info.context.consultations.names
        return now_or_later(loader, self._m.author_id, _same)  # type: ignore[return-value]

    @strawberry.field(description="Written by the caller 我发表的.")
    def mine(self, info: Info) -> bool:
        return info.context.principal.scope.own_resident_id == self._m.author_id

    @strawberry.field(description="The caller has reported it 我已举报.")
    def reported_by_me(self, info: Info) -> bool:
        if info.context.principal.scope.own_resident_id is None:
            return False
        loader = info.context.consultations.reported_by_me
        return now_or_later(loader, self._m.pk, _same)  # type: ignore[return-value]

    @strawberry.field(description="Reports received 被举报次数 (moderators only; else null).")
    def report_count(self, info: Info) -> int | None:
        if not info.context.principal.can(Capability.CONSULTATION_MANAGE):
            return None
        loader = info.context.consultations.report_counts
        return now_or_later(loader, self._m.pk, _same)  # type: ignore[return-value]

    @strawberry.field(
        description="Until when the caller may edit it 可修改截止 (own comments; else null)."
    )
    async def editable_until(self, info: Info) -> dt.datetime | None:
        own = info.context.principal.scope.own_resident_id
        if own is None or own != self._m.author_id or self._m.hidden:
            return None
        loaders = info.context.consultations
        if self._m.topic_id is not None:
            parent = await loaders.topics.load(self._m.topic_id)
        elif self._m.session_id is not None:
            parent = await loaders.sessions.load(self._m.session_id)
        else:
            return None
        if parent is None:
            return None
        settings = await loaders.settings.load(parent.community_id)
        return self._m.created_at + dt.timedelta(minutes=settings.comment_edit_minutes)

    @strawberry.field(description="Replies, oldest first 回复 (empty for a reply).")
    async def replies(self, info: Info) -> list[Comment]:
        if self._m.parent_id is not None:
            return []
        rows = await info.context.consultations.replies.load(self._m.pk)
        return [Comment.from_model(r) for r in rows]

    @strawberry.field(description="Topic commented on 所属议题 (null for a session's comment).")
    async def topic(self, info: Info) -> Topic | None:
        if self._m.topic_id is None:
            return None
        row = await info.context.consultations.topics.load(self._m.topic_id)
        return Topic.from_model(row) if row else None

    @strawberry.field(description="Session commented on 所属会议 (null for a topic's comment).")
    async def session(self, info: Info) -> ConsultationSession | None:
        if self._m.session_id is None:
            return None
        row = await info.context.consultations.sessions.load(self._m.session_id)
        return ConsultationSession.from_model(row) if row else None


register_node("Topic", lambda ctx: ctx.consultations.topics, Topic.from_model)
register_node(
    "ConsultationSession", lambda ctx: ctx.consultations.sessions, ConsultationSession.from_model
)
register_node("Comment", lambda ctx: ctx.consultations.comments, Comment.from_model)
register_node(
    "SessionMaterial", lambda ctx: ctx.consultations.materials, SessionMaterial.from_model
)
