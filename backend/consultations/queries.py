"""Root queries of topics, sessions, resolutions, comments (moderation) and settings."""

from __future__ import annotations

import datetime as dt

import strawberry

from backend.api.context import Info
from backend.api.errors import resolve_or_raise
from backend.api.permissions import requires
from backend.api.relay import (
    Connection,
    build_connection,
    decode_optional_id,
    selected_node_fields,
)
from backend.auth.roles import Capability
from backend.consultations import access, comments, resolutions, sessions, topics
from backend.consultations import models as m
from backend.consultations.resolution_types import ConsultationSettings, Resolution
from backend.consultations.types import (
    Comment,
    ConsultationSession,
    ScopeKind,
    SessionState,
    Topic,
    TopicState,
    scope_key,
)
from backend.core.pagination import SortKey
from backend.divisions.models import Division, DivisionLevel

STARTS_AT = SortKey("starts_at", parse=dt.datetime.fromisoformat, dump=lambda d: d.isoformat())


@strawberry.input(description="Topic filter 议题筛选; all given conditions must hold.")
class TopicFilter:
    state: TopicState | None = strawberry.field(default=None, description="State 状态.")
    scope_kind: ScopeKind | None = strawberry.field(default=None, description="Scope 范围类型.")
    community_code: str | None = strawberry.field(
        default=None, description="Community code 社区代码 (12 digits)."
    )
    mine: bool = strawberry.field(default=False, description="Proposed by me 我提出的.")


@strawberry.input(description="Session filter 会议筛选.")
class ConsultationSessionFilter:
    state: SessionState | None = strawberry.field(default=None, description="State 状态.")
    community_code: str | None = strawberry.field(
        default=None, description="Community code 社区代码."
    )
    topic_id: strawberry.ID | None = strawberry.field(
        default=None, description="Sessions with this topic on the agenda 议题."
    )


@strawberry.input(description="Resolution filter 决议筛选.")
class ResolutionFilter:
    community_code: str | None = strawberry.field(
        default=None, description="Community code 社区代码."
    )
    topic_id: strawberry.ID | None = strawberry.field(default=None, description="Topic 议题.")
    session_id: strawberry.ID | None = strawberry.field(
        default=None, description="Session 协商会议."
    )
    in_notice_period: bool | None = strawberry.field(
        default=None, description="Only those in (true) or out of (false) their notice 公示中."
    )


@strawberry.input(description="Comment filter for moderation 评论管理筛选.")
class ConsultationCommentFilter:
    community_code: str | None = strawberry.field(
        default=None, description="Community code 社区代码."
    )
    reported_only: bool = strawberry.field(
        default=False, description="Only comments with reports not yet reviewed 待处理举报."
    )
    hidden: bool | None = strawberry.field(default=None, description="Hidden or not 已隐藏.")


async def _prefetch_topics(info: Info, rows: list[m.Topic]) -> None:
    """Batch what a list of topics usually shows, so those fields answer synchronously."""
    fields = selected_node_fields(info)
    loaders = info.context.consultations
    if "scopeLabel" in fields:
        await loaders.scope_labels.load_many([scope_key(r) for r in rows])
    if "supportedByMe" in fields and info.context.principal.scope.own_resident_id is not None:
        await loaders.supported_by_me.load_many([r.pk for r in rows])
    if "proposerName" in fields:
        await loaders.names.load_many(sorted({r.proposer_id for r in rows if r.proposer_id}))
    if "commentCount" in fields:
        await loaders.comment_counts.load_many([r.pk for r in rows])


@strawberry.type
class ConsultationQuery:
    @strawberry.field(
        description=(
            "Topics 议题, newest first: a resident sees those whose scope covers their home, "
            "staff and partners those of their region."
        ),
        permission_classes=[requires(Capability.CONSULTATIONS_READ)],
    )
    async def topics(
        self,
        info: Info,
        filter: TopicFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Topic]:
        ctx = info.context
        f = filter or TopicFilter()

        async def run() -> Connection[Topic]:
            viewer = await ctx.consultations.viewer()
            qs = topics.filter_topics(
                viewer,
                topics.TopicFilter(
                    state=f.state,
                    scope_kind=f.scope_kind,
                    community_code=f.community_code,
                    mine=f.mine,
                ),
            )

            async def prefetch(rows: list[m.Topic]) -> None:
                await _prefetch_topics(info, rows)

            return await build_connection(
                qs, Topic.from_model, descending=True, first=first, after=after, prefetch=prefetch
            )

        return await resolve_or_raise(run, ctx.lang)

    @strawberry.field(
        description="Consultation sessions 协商会议 in scope, latest start first.",
        permission_classes=[requires(Capability.CONSULTATIONS_READ)],
    )
    async def consultation_sessions(
        self,
        info: Info,
        filter: ConsultationSessionFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[ConsultationSession]:
        ctx = info.context
        f = filter or ConsultationSessionFilter()

        async def run() -> Connection[ConsultationSession]:
            qs = sessions.filter_sessions(
                await ctx.consultations.viewer(),
                state=f.state,
                community_code=f.community_code,
                topic_id=decode_optional_id(f.topic_id, "Topic", "filter.topicId"),
            )
            return await build_connection(
                qs,
                ConsultationSession.from_model,
                key=STARTS_AT,
                descending=True,
                first=first,
                after=after,
            )

        return await resolve_or_raise(run, ctx.lang)

    @strawberry.field(
        description=(
            "Resolutions 决议, newest first: published ones (staff also see drafts) of topics "
            "and sessions the caller can see."
        ),
        permission_classes=[requires(Capability.CONSULTATIONS_READ)],
    )
    async def resolutions(
        self,
        info: Info,
        filter: ResolutionFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Resolution]:
        ctx = info.context
        f = filter or ResolutionFilter()

        async def run() -> Connection[Resolution]:
            qs = resolutions.filter_resolutions(
                await ctx.consultations.viewer(),
                community_code=f.community_code,
                topic_id=decode_optional_id(f.topic_id, "Topic", "filter.topicId"),
                session_id=decode_optional_id(
                    f.session_id, "ConsultationSession", "filter.sessionId"
                ),
                in_notice_period=f.in_notice_period,
            )
            return await build_connection(
                qs, Resolution.from_model, descending=True, first=first, after=after
            )

        return await resolve_or_raise(run, ctx.lang)

    @strawberry.field(
        description="Comments for moderators 评论管理, newest first (reported, hidden …).",
        permission_classes=[requires(Capability.CONSULTATION_MANAGE)],
    )
    async def consultation_comments(
        self,
        info: Info,
        filter: ConsultationCommentFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Comment]:
        ctx = info.context
        f = filter or ConsultationCommentFilter()

        async def run() -> Connection[Comment]:
            qs = comments.filter_comments(
                await ctx.consultations.viewer(),
                community_code=f.community_code,
                reported_only=f.reported_only,
                hidden=f.hidden,
            )
            return await build_connection(
                qs, Comment.from_model, descending=True, first=first, after=after
            )

        return await resolve_or_raise(run, ctx.lang)

    @strawberry.field(
        description=(
            "A community's consultation settings 协商议事设置 (the defaults when never set); "
            "null for a community outside the caller's scope."
        ),
        permission_classes=[requires(Capability.CONSULTATIONS_READ)],
    )
    async def consultation_settings(
        self, info: Info, community_code: str
    ) -> ConsultationSettings | None:
        ctx = info.context

        async def run() -> ConsultationSettings | None:
            code = access.community_code(community_code, "communityCode")
            viewer = await ctx.consultations.viewer()
            qs = Division.filter(code=code, level=DivisionLevel.COMMUNITY)
            condition = access.region(viewer.scope, "code")
            community = await (qs.filter(condition) if condition is not None else qs).first()
            if community is None:
                return None
            return ConsultationSettings.from_model(await topics.settings_for(community.pk))

        return await resolve_or_raise(run, ctx.lang)
