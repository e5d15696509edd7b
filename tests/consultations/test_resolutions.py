"""决议: publishing with a notice period (the topic becomes DECIDED), implementation updates,
evaluations once per resident (changeable), and the topic's way to IMPLEMENTED."""

from __future__ import annotations

import datetime as dt

import pytest

from backend.consultations import resolutions, sessions, topics
from backend.consultations.models import (
    Evaluation,
    EvaluationRating,
    ImplementationUpdate,
    Resolution,
    ScopeKind,
    SessionMode,
    SessionState,
    Topic,
    TopicState,
)
from backend.consultations.resolutions import ResolutionData
from backend.core.errors import DomainError
from tests.consultations.test_topics import codes, propose, set_rule
from tests.consultations.topic_world import TopicWorld, build_topic_world


@pytest.fixture
async def world(db: str) -> TopicWorld:
    return await build_topic_world()


async def in_consultation(world: TopicWorld, **kw) -> Topic:
    await set_rule(world, count=1, share=None)
    topic = await propose(world, **kw)
    await topics.add_support(await world.resident("a1"), topic.pk)
    staff = world.staff()
    await topics.review_topic(staff, topic.pk, topics.ReviewDecision.ACCEPT)
    return await topics.set_topic_state(staff, topic.pk, TopicState.IN_CONSULTATION)


async def test_publishing_makes_a_notice_and_decides_the_topic(world) -> None:
    topic = await in_consultation(world)
    before = dt.datetime.now(dt.UTC)
    resolution = await resolutions.publish_resolution(
        world.staff(),
        ResolutionData(text="同意于三月底前清理楼道堆物。", topic_id=topic.pk, notice_days=5),
    )
    assert resolution.title == topic.title
    assert resolution.published_at is not None and resolution.published_at >= before
    assert resolution.notice_until == resolution.published_at + dt.timedelta(days=5)
    assert (await Topic.get(id=topic.pk)).state == TopicState.DECIDED
    default = await resolutions.publish_resolution(
        world.staff(),
        ResolutionData(text="……", topic_id=(await in_consultation(world)).pk, title="决议二"),
    )
    assert default.notice_until == default.published_at + dt.timedelta(days=7)  # type: ignore[operator]


async def test_publishing_needs_a_topic_in_consultation(world) -> None:
    proposed = await propose(world)
    staff = world.staff()
    with pytest.raises(DomainError) as raised:
        await resolutions.publish_resolution(staff, ResolutionData(text="x", topic_id=proposed.pk))
    assert codes(raised) == [("topicId", "INVALID_TRANSITION")]
    with pytest.raises(DomainError) as nothing:
        await resolutions.publish_resolution(staff, ResolutionData(text="x"))
    assert codes(nothing) == [("topicId", "REQUIRED")]
    topic = await in_consultation(world)
    with pytest.raises(DomainError) as days:
        await resolutions.publish_resolution(
            staff, ResolutionData(text="x", topic_id=topic.pk, notice_days=0)
        )
    assert codes(days) == [("noticeDays", "OUT_OF_RANGE")]
    with pytest.raises(DomainError) as foreign:
        await resolutions.publish_resolution(
            world.staff("c2"), ResolutionData(text="x", topic_id=topic.pk)
        )
    assert codes(foreign) == [("topicId", "FORBIDDEN")]
    assert await Resolution.all().count() == 0
    assert (await Topic.get(id=topic.pk)).state == TopicState.IN_CONSULTATION


async def test_a_session_resolution_needs_the_topic_on_its_agenda(world) -> None:
    topic = await in_consultation(world)
    staff = world.staff()
    start = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    session = await sessions.create_session(
        staff,
        sessions.SessionData(
            community_id=world.tree["c1"].pk, title="议事会", mode=SessionMode.ON_SITE,
            starts_at=start, ends_at=start + dt.timedelta(hours=1), place="议事厅",
        ),
    )  # fmt: skip
    with pytest.raises(DomainError) as scheduled:
        await resolutions.publish_resolution(staff, ResolutionData(text="x", session_id=session.pk))
    assert codes(scheduled) == [("sessionId", "INVALID_TRANSITION")]
    await sessions.update_session(
        staff, session.pk, sessions.SessionPatch(state=SessionState.IN_PROGRESS)
    )
    with pytest.raises(DomainError) as off_agenda:
        await resolutions.publish_resolution(
            staff, ResolutionData(text="x", topic_id=topic.pk, session_id=session.pk)
        )
    assert codes(off_agenda) == [("sessionId", "INVALID")]
    await sessions.update_session(staff, session.pk, sessions.SessionPatch(topic_ids=[topic.pk]))
    both = await resolutions.publish_resolution(
        staff, ResolutionData(text="同意", topic_id=topic.pk, session_id=session.pk)
    )
    assert (both.topic_id, both.session_id) == (topic.pk, session.pk)
    alone = await resolutions.publish_resolution(
        staff, ResolutionData(text="会议决定", session_id=session.pk)
    )
    assert (alone.title, alone.topic_id) == ("议事会", None)


async def test_updates_evaluations_and_implementation(world) -> None:
    topic = await in_consultation(world, kind=ScopeKind.GRID, scope_id=world.grids["GA"].pk)
    staff = world.staff()
    resolution = await resolutions.publish_resolution(
        staff, ResolutionData(text="同意", topic_id=topic.pk)
    )
    update = await resolutions.post_update(staff, resolution.pk, "已联系物业，周六统一清理。")
    assert update.posted_by_id == world.accounts["staff_c1"].pk
    with pytest.raises(DomainError) as empty:
        await resolutions.post_update(staff, resolution.pk, "")
    assert codes(empty) == [("text", "REQUIRED")]
    a1, a2 = await world.resident("a1"), await world.resident("a2")
    first = await resolutions.submit_evaluation(a1, resolution.pk, EvaluationRating.NOT_SATISFIED)
    changed = await resolutions.submit_evaluation(
        a1, resolution.pk, EvaluationRating.SATISFIED, "清理得很干净"
    )
    assert changed.pk == first.pk
    assert (changed.rating, changed.comment) == (EvaluationRating.SATISFIED, "清理得很干净")
    await resolutions.submit_evaluation(a2, resolution.pk, EvaluationRating.BASICALLY_SATISFIED)
    assert await Evaluation.filter(resolution_id=resolution.pk).count() == 2
    for who in ("b1", "c1"):  # outside grid GA
        with pytest.raises(DomainError) as outside:
            await resolutions.submit_evaluation(
                await world.resident(who), resolution.pk, EvaluationRating.SATISFIED
            )
        assert codes(outside) == [("resolutionId", "FORBIDDEN")]
    with pytest.raises(DomainError) as staff_rating:
        await resolutions.submit_evaluation(staff, resolution.pk, EvaluationRating.SATISFIED)
    assert codes(staff_rating) == [("resolutionId", "FORBIDDEN")]
    implemented = await topics.implement_topic(staff, topic.pk)
    assert implemented.state == TopicState.IMPLEMENTED
    assert (await Resolution.get(id=resolution.pk)).implemented_at is not None
    assert await ImplementationUpdate.filter(resolution_id=resolution.pk).count() == 1


async def test_drafts_take_no_updates_or_evaluations(world) -> None:
    topic = await in_consultation(world)
    draft = await Resolution.create(
        topic_id=topic.pk, title="草稿", text="…", created_by_id=world.accounts["staff_c1"].pk
    )
    with pytest.raises(DomainError) as update:
        await resolutions.post_update(world.staff(), draft.pk, "进展")
    assert codes(update) == [("resolutionId", "INVALID_TRANSITION")]
    with pytest.raises(DomainError) as evaluation:
        await resolutions.submit_evaluation(
            await world.resident("a1"), draft.pk, EvaluationRating.SATISFIED
        )
    assert codes(evaluation) == [("resolutionId", "FORBIDDEN")]  # residents see no drafts
