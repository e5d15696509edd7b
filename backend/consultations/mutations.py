"""Mutations of topics (议题), resolutions (决议), evaluations and settings.

``ConsultationMutation`` is what the schema merges: these and the session and comment ones.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from backend.api.context import Info
from backend.api.errors import UserError
from backend.api.relay import decode_id, decode_optional_id
from backend.consultations import models as m
from backend.consultations import resolutions, topics
from backend.consultations.payloads import MANAGE, PARTICIPATE, Payload
from backend.consultations.resolution_types import (
    ConsultationSettings,
    Evaluation,
    EvaluationRating,
    ImplementationUpdate,
    Resolution,
)
from backend.consultations.session_mutations import ConsultationSessionMutation
from backend.consultations.types import ScopeKind, Topic, TopicCategory, TopicState

# What a scope id names, by scope kind.
SCOPE_TYPES = {
    ScopeKind.COMMUNITY: "Division",
    ScopeKind.GRID: "Grid",
    ScopeKind.COMPOUND: "Compound",
    ScopeKind.BUILDING: "Building",
}


@strawberry.enum(
    description="Review decision 审核结果: ACCEPT 受理, REJECT 不予受理 (with a public reason)."
)
class TopicReviewDecision(Enum):
    ACCEPT = "ACCEPT"
    REJECT = "REJECT"


@strawberry.input(description="A new topic 提出议题, for a scope that contains one's home.")
class TopicProposeInput:
    title: str = strawberry.field(description="Title 标题 (at most 100 characters).")
    description: str = strawberry.field(description="Description 内容.")
    category: TopicCategory = strawberry.field(description="Category 类别.")
    scope_kind: ScopeKind = strawberry.field(description="Kind of scope 范围类型.")
    scope_id: strawberry.ID | None = strawberry.field(
        default=None,
        description=(
            "The Grid, Compound or Building of the scope 范围对象 (a community scope may leave it "
            "out: the proposer's own community)."
        ),
    )


@strawberry.input(description="Support a topic 附议 (once).")
class TopicSupportInput:
    topic_id: strawberry.ID = strawberry.field(description="The topic.")


@strawberry.input(description="Review a topic under review 审核议题.")
class TopicReviewInput:
    topic_id: strawberry.ID = strawberry.field(description="The topic.")
    decision: TopicReviewDecision = strawberry.field(description="Accept or reject 审核结果.")
    reason: str | None = strawberry.field(
        default=None, description="Public reason 理由 (required to reject)."
    )
    session_id: strawberry.ID | None = strawberry.field(
        default=None, description="Session to put an accepted topic on 安排协商会议."
    )


@strawberry.input(
    description="Move a topic on 变更议题状态: to IN_CONSULTATION, DECIDED or IMPLEMENTED."
)
class TopicStateSetInput:
    topic_id: strawberry.ID = strawberry.field(description="The topic.")
    state: TopicState = strawberry.field(description="The next state 目标状态.")


@strawberry.input(description="Mark a decided topic implemented 落实完成.")
class TopicImplementInput:
    topic_id: strawberry.ID = strawberry.field(description="The topic.")


@strawberry.input(description="Publish a resolution as a public notice 发布决议公示.")
class ResolutionPublishInput:
    text: str = strawberry.field(description="Text 决议内容.")
    topic_id: strawberry.ID | None = strawberry.field(
        default=None, description="Topic in consultation 议题 (becomes DECIDED)."
    )
    session_id: strawberry.ID | None = strawberry.field(
        default=None, description="Session 协商会议 (with the topic on its agenda)."
    )
    title: str | None = strawberry.field(
        default=None, description="Title 标题 (the topic's or session's when left out)."
    )
    notice_days: int | None = strawberry.field(
        default=None, description="Notice period in days 公示天数 (1–90; the community's default)."
    )


@strawberry.input(description="Post progress on a resolution 发布落实进展.")
class ImplementationUpdateCreateInput:
    resolution_id: strawberry.ID = strawberry.field(description="The resolution.")
    text: str = strawberry.field(description="What was done 进展.")


@strawberry.input(description="Rate a resolution 满意度评价 (once; a later call changes it).")
class EvaluationSubmitInput:
    resolution_id: strawberry.ID = strawberry.field(description="The resolution.")
    rating: EvaluationRating = strawberry.field(description="Rating 评价.")
    comment: str | None = strawberry.field(default=None, description="Comment 意见.")


@strawberry.input(description="Set a community's consultation rules 协商议事设置.")
class ConsultationSettingsSetInput:
    community_id: strawberry.ID = strawberry.field(description="Community 社区 (Division).")
    support_threshold_count: int | None = strawberry.field(
        default=None, description="Supports a topic needs 附议人数门槛 (null: no count rule)."
    )
    support_threshold_share: float | None = strawberry.field(
        default=None,
        description=(
            "Share of the households in the topic's scope 附议户数比例 (0 < share ≤ 1, four "
            "decimals; null: no share rule). With a count as well, both must be met."
        ),
    )
    comment_edit_minutes: int | None = strawberry.field(
        default=None,
        description=(
            "Minutes a comment stays editable 评论可修改分钟数 (0–10080; unchanged if null)."
        ),
    )
    notice_days: int | None = strawberry.field(
        default=None, description="Default notice in days 默认公示天数 (1–90; unchanged if null)."
    )


@strawberry.type(description="Result of a topic mutation.")
class TopicPayload:
    topic: Topic | None = strawberry.field(description="The topic after the change.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


@strawberry.type(description="Result of resolutionPublish.")
class ResolutionPayload:
    resolution: Resolution | None = strawberry.field(description="The resolution.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


@strawberry.type(description="Result of implementationUpdateCreate.")
class ImplementationUpdatePayload:
    update: ImplementationUpdate | None = strawberry.field(description="The update posted.")
    resolution: Resolution | None = strawberry.field(description="Its resolution.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


@strawberry.type(description="Result of evaluationSubmit.")
class EvaluationPayload:
    evaluation: Evaluation | None = strawberry.field(description="The caller's rating.")
    resolution: Resolution | None = strawberry.field(description="The resolution rated.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


@strawberry.type(description="Result of consultationSettingsSet.")
class ConsultationSettingsPayload:
    settings: ConsultationSettings | None = strawberry.field(description="The settings.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


def _topic_id(raw: strawberry.ID) -> int:
    return decode_id(raw, "Topic", "topicId")


def _resolution_id(raw: strawberry.ID) -> int:
    return decode_id(raw, "Resolution", "resolutionId")


def _topic_data(input: TopicProposeInput) -> topics.TopicData:
    return topics.TopicData(
        title=input.title,
        description=input.description,
        category=input.category,
        scope_kind=input.scope_kind,
        scope_id=decode_optional_id(input.scope_id, SCOPE_TYPES[input.scope_kind], "scopeId"),
    )


def _resolution_data(input: ResolutionPublishInput) -> resolutions.ResolutionData:
    return resolutions.ResolutionData(
        text=input.text,
        topic_id=decode_optional_id(input.topic_id, "Topic", "topicId"),
        session_id=decode_optional_id(input.session_id, "ConsultationSession", "sessionId"),
        title=input.title,
        notice_days=input.notice_days,
    )


def _settings_data(input: ConsultationSettingsSetInput) -> topics.SettingsData:
    return topics.SettingsData(
        support_threshold_count=input.support_threshold_count,
        support_threshold_share=input.support_threshold_share,
        comment_edit_minutes=input.comment_edit_minutes,
        notice_days=input.notice_days,
    )


async def _resolution(pk: int) -> Resolution:
    return Resolution.from_model(await m.Resolution.get(id=pk))


async def _update_posted(row: m.ImplementationUpdate) -> ImplementationUpdatePayload:
    return ImplementationUpdatePayload(
        update=ImplementationUpdate.from_model(row),
        resolution=await _resolution(row.resolution_id),
        errors=[],
    )


async def _evaluated(row: m.Evaluation) -> EvaluationPayload:
    return EvaluationPayload(
        evaluation=Evaluation.from_model(row),
        resolution=await _resolution(row.resolution_id),
        errors=[],
    )


TOPIC: Payload[m.Topic, TopicPayload] = Payload(
    lambda row: TopicPayload(topic=Topic.from_model(row), errors=[]),
    lambda errors: TopicPayload(topic=None, errors=errors),
)
RESOLUTION: Payload[m.Resolution, ResolutionPayload] = Payload(
    lambda row: ResolutionPayload(resolution=Resolution.from_model(row), errors=[]),
    lambda errors: ResolutionPayload(resolution=None, errors=errors),
)
UPDATE: Payload[m.ImplementationUpdate, ImplementationUpdatePayload] = Payload(
    _update_posted,
    lambda errors: ImplementationUpdatePayload(update=None, resolution=None, errors=errors),
)
EVALUATION: Payload[m.Evaluation, EvaluationPayload] = Payload(
    _evaluated,
    lambda errors: EvaluationPayload(evaluation=None, resolution=None, errors=errors),
)
SETTINGS: Payload[m.ConsultationSettings, ConsultationSettingsPayload] = Payload(
    lambda row: ConsultationSettingsPayload(
        settings=ConsultationSettings.from_model(row), errors=[]
    ),
    lambda errors: ConsultationSettingsPayload(settings=None, errors=errors),
)


@strawberry.type
class TopicMutation:
    @strawberry.mutation(
        description="Propose a topic 提出议题 (residents, for a scope containing their home).",
        permission_classes=PARTICIPATE,
    )
    async def topic_propose(self, info: Info, input: TopicProposeInput) -> TopicPayload:
        return await TOPIC.as_viewer(
            info, input, lambda viewer: topics.propose_topic(viewer, _topic_data(input))
        )

    @strawberry.mutation(
        description=(
            "Support a topic 附议, once; the support that reaches the threshold sends the topic "
            "to review."
        ),
        permission_classes=PARTICIPATE,
    )
    async def topic_support(self, info: Info, input: TopicSupportInput) -> TopicPayload:
        return await TOPIC.as_viewer(
            info, input, lambda viewer: topics.support_topic(viewer, _topic_id(input.topic_id))
        )

    @strawberry.mutation(
        description="Accept (optionally onto a session) or reject a topic under review 审核议题.",
        permission_classes=MANAGE,
    )
    async def topic_review(self, info: Info, input: TopicReviewInput) -> TopicPayload:
        return await TOPIC.as_viewer(
            info,
            input,
            lambda viewer: topics.review_topic(
                viewer,
                _topic_id(input.topic_id),
                topics.ReviewDecision(input.decision.value),
                input.reason,
                decode_optional_id(input.session_id, "ConsultationSession", "sessionId"),
            ),
        )

    @strawberry.mutation(
        description=(
            "Move a topic on 变更议题状态: ACCEPTED → IN_CONSULTATION → DECIDED → IMPLEMENTED; "
            "any other change is INVALID_TRANSITION."
        ),
        permission_classes=MANAGE,
    )
    async def topic_state_set(self, info: Info, input: TopicStateSetInput) -> TopicPayload:
        return await TOPIC.as_viewer(
            info,
            input,
            lambda viewer: topics.set_topic_state(viewer, _topic_id(input.topic_id), input.state),
        )

    @strawberry.mutation(
        description="Mark a decided topic implemented 落实完成.", permission_classes=MANAGE
    )
    async def topic_implement(self, info: Info, input: TopicImplementInput) -> TopicPayload:
        return await TOPIC.as_viewer(
            info, input, lambda viewer: topics.implement_topic(viewer, _topic_id(input.topic_id))
        )

    @strawberry.mutation(
        description="Publish a resolution as a public notice 发布决议公示; the topic is DECIDED.",
        permission_classes=MANAGE,
    )
    async def resolution_publish(
        self, info: Info, input: ResolutionPublishInput
    ) -> ResolutionPayload:
        return await RESOLUTION.as_viewer(
            info,
            input,
            lambda viewer: resolutions.publish_resolution(viewer, _resolution_data(input)),
        )

    @strawberry.mutation(
        description="Post progress on carrying out a resolution 发布落实进展.",
        permission_classes=MANAGE,
    )
    async def implementation_update_create(
        self, info: Info, input: ImplementationUpdateCreateInput
    ) -> ImplementationUpdatePayload:
        return await UPDATE.as_viewer(
            info,
            input,
            lambda viewer: resolutions.post_update(
                viewer, _resolution_id(input.resolution_id), input.text
            ),
        )

    @strawberry.mutation(
        description="Rate how a resolution was carried out 满意度评价 (residents in scope).",
        permission_classes=PARTICIPATE,
    )
    async def evaluation_submit(
        self, info: Info, input: EvaluationSubmitInput
    ) -> EvaluationPayload:
        return await EVALUATION.as_viewer(
            info,
            input,
            lambda viewer: resolutions.submit_evaluation(
                viewer, _resolution_id(input.resolution_id), input.rating, input.comment
            ),
        )

    @strawberry.mutation(
        description=(
            "Set a community's consultation rules 协商议事设置: support threshold, comment edit "
            "window, notice period. Topics already proposed keep their threshold."
        ),
        permission_classes=MANAGE,
    )
    async def consultation_settings_set(
        self, info: Info, input: ConsultationSettingsSetInput
    ) -> ConsultationSettingsPayload:
        return await SETTINGS.as_viewer(
            info,
            input,
            lambda viewer: topics.set_settings(
                viewer,
                decode_id(input.community_id, "Division", "communityId"),
                _settings_data(input),
            ),
        )


@strawberry.type
class ConsultationMutation(TopicMutation, ConsultationSessionMutation):
    """Every mutation of topics, sessions, comments and resolutions (votes have their own)."""
