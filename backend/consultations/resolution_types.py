"""GraphQL types of resolutions (决议), implementation updates (落实), evaluations (满意度)
and a community's consultation settings."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.api.context import Info
from backend.api.node import register_node
from backend.api.relay import Node, to_global_id
from backend.consultations import models
from backend.consultations.models import EvaluationRating
from backend.consultations.types import ConsultationSession, Topic, _enum

if TYPE_CHECKING:
    from backend.divisions.types import Division

_enum(
    EvaluationRating,
    "Residents' rating of how a resolution was carried out 满意度评价: SATISFIED 满意, "
    "BASICALLY_SATISFIED 基本满意, NOT_SATISFIED 不满意.",
)


@strawberry.type(description="Progress on carrying out a resolution 落实进展, posted by staff.")
class ImplementationUpdate:
    text: str = strawberry.field(description="What was done 进展.")
    posted_at: dt.datetime = strawberry.field(description="Posted at 发布时间.")

    @classmethod
    def from_model(cls, m: models.ImplementationUpdate) -> ImplementationUpdate:
        return cls(text=m.text, posted_at=m.posted_at)


@strawberry.type(description="Ratings of a resolution 满意度统计.")
class EvaluationSummary:
    satisfied: int = strawberry.field(description="满意.")
    basically_satisfied: int = strawberry.field(description="基本满意.")
    not_satisfied: int = strawberry.field(description="不满意.")
    total: int = strawberry.field(description="Residents who rated it 评价人数.")


@strawberry.type(description="The caller's own rating of a resolution 我的评价.")
class Evaluation:
    rating: EvaluationRating = strawberry.field(description="Rating 评价.")
    comment: str = strawberry.field(description="Comment 意见.")
    updated_at: dt.datetime = strawberry.field(description="Last changed at 评价时间.")

    @classmethod
    def from_model(cls, m: models.Evaluation) -> Evaluation:
        return cls(rating=m.rating, comment=m.comment, updated_at=m.updated_at)


@strawberry.type(
    description=(
        "决议: the outcome of a topic or a session, published as a public notice (公示) for a "
        "notice period; staff post implementation updates and residents evaluate it."
    )
)
class Resolution(Node):
    _m: strawberry.Private[models.Resolution]
    title: str = strawberry.field(description="Title 标题.")
    text: str = strawberry.field(description="Text 决议内容.")
    published_at: dt.datetime | None = strawberry.field(
        description="Published at 公示时间; null for a draft (staff only)."
    )
    notice_until: dt.datetime | None = strawberry.field(description="End of the notice 公示截止.")
    implemented_at: dt.datetime | None = strawberry.field(
        description="When its topic was implemented 落实完成时间."
    )

    @classmethod
    def from_model(cls, m: models.Resolution) -> Resolution:
        return cls(
            _m=m,
            id=to_global_id("Resolution", m.pk),
            title=m.title,
            text=m.text,
            published_at=m.published_at,
            notice_until=m.notice_until,
            implemented_at=m.implemented_at,
        )

    @strawberry.field(description="The notice period is running now 公示中.")
    def in_notice_period(self) -> bool:
        m = self._m
        if m.published_at is None or m.notice_until is None:
            return False
        return m.published_at <= dt.datetime.now(dt.UTC) <= m.notice_until

    @strawberry.field(description="Topic 议题.")
    async def topic(self, info: Info) -> Topic | None:
        if self._m.topic_id is None:
            return None
        row = await info.context.consultations.topics.load(self._m.topic_id)
        return Topic.from_model(row) if row else None

    @strawberry.field(description="Session 协商会议.")
    async def session(self, info: Info) -> ConsultationSession | None:
        if self._m.session_id is None:
            return None
        row = await info.context.consultations.sessions.load(self._m.session_id)
        return ConsultationSession.from_model(row) if row else None

    @strawberry.field(description="Implementation updates, oldest first 落实进展.")
    async def updates(self, info: Info) -> list[ImplementationUpdate]:
        rows = await info.context.consultations.updates.load(self._m.pk)
        return [ImplementationUpdate.from_model(r) for r in rows]

    @strawberry.field(description="Ratings so far 满意度统计.")
    async def evaluation_summary(self, info: Info) -> EvaluationSummary:
        counts = await info.context.consultations.evaluation_summaries.load(self._m.pk)
        satisfied = counts[EvaluationRating.SATISFIED.value]
        basically = counts[EvaluationRating.BASICALLY_SATISFIED.value]
        not_satisfied = counts[EvaluationRating.NOT_SATISFIED.value]
        return EvaluationSummary(
            satisfied=satisfied,
            basically_satisfied=basically,
            not_satisfied=not_satisfied,
            total=satisfied + basically + not_satisfied,
        )

    @strawberry.field(description="The caller's rating 我的评价; null before rating.")
    async def my_evaluation(self, info: Info) -> Evaluation | None:
        if info.context.principal.scope.own_resident_id is None:
            return None
        row = await info.context.consultations.my_evaluations.load(self._m.pk)
        return Evaluation.from_model(row) if row else None


@strawberry.type(
    description=(
        "协商议事 settings of a community: the support threshold (a number, a share of the "
        "households in the topic's scope, or both), the comment edit window, the notice period."
    )
)
class ConsultationSettings:
    _m: strawberry.Private[models.ConsultationSettings]
    support_threshold_count: int | None = strawberry.field(
        description="Supports a topic needs 附议人数门槛; null when only the share applies."
    )
    support_threshold_share: float | None = strawberry.field(
        description="Share of households in scope 附议户数比例 (0.05 = 5 %); null if unused."
    )
    comment_edit_minutes: int = strawberry.field(
        description="Minutes a comment stays editable 评论可修改分钟数."
    )
    notice_days: int = strawberry.field(description="Default notice period 默认公示天数.")

    @classmethod
    def from_model(cls, m: models.ConsultationSettings) -> ConsultationSettings:
        share = m.support_threshold_share
        return cls(
            _m=m,
            support_threshold_count=m.support_threshold_count,
            support_threshold_share=None if share is None else float(share),
            comment_edit_minutes=m.comment_edit_minutes,
            notice_days=m.notice_days,
        )

    @strawberry.field(description="Community 社区.")
    async def community(
        self, info: Info
    ) -> Annotated[Division, strawberry.lazy("backend.divisions.types")] | None:
        from backend.divisions.types import load_division

        return await load_division(info, self._m.community_id)


register_node("Resolution", lambda ctx: ctx.consultations.resolutions, Resolution.from_model)
