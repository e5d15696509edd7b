"""议题 services: proposing within one's own scope, thresholds, support once, the state machine."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from backend.consultations import sessions, topics
from backend.consultations.models import (
    ConsultationSettings,
    ScopeKind,
    SessionMode,
    SessionState,
    SessionTopic,
    Topic,
    TopicCategory,
    TopicState,
    TopicSupport,
)
from backend.consultations.topics import ReviewDecision, TopicData
from backend.core.errors import DomainError, DomainErrors
from tests.consultations.topic_world import TopicWorld, build_topic_world
from tests.factories import make_household, make_resident


@pytest.fixture
async def world(db: str) -> TopicWorld:
    return await build_topic_world()


def codes(exc: pytest.ExceptionInfo[BaseException]) -> list[tuple[str | None, str]]:
    found = exc.value.errors if isinstance(exc.value, DomainErrors) else [exc.value]
    return sorted((e.field, e.code.value) for e in found)  # type: ignore[attr-defined]


def data(kind: ScopeKind = ScopeKind.COMMUNITY, scope_id: int | None = None, **kw) -> TopicData:
    values = {
        "title": "楼道堆物清理",
        "description": "三号楼楼道长期堆放杂物，存在消防隐患。",
        "category": TopicCategory.SAFETY,
        "scope_kind": kind,
        "scope_id": scope_id,
    }
    values.update(kw)
    return TopicData(**values)  # type: ignore[arg-type]


async def set_rule(world: TopicWorld, count: int | None, share: str | None) -> None:
    await topics.set_settings(
        world.staff(),
        world.tree["c1"].pk,
        topics.SettingsData(support_threshold_count=count, support_threshold_share=share),
    )


async def propose(world: TopicWorld, who: str = "a1", **kw) -> Topic:
    return await topics.propose_topic(await world.resident(who), data(**kw))


async def test_a_resident_proposes_for_a_scope_that_contains_their_home(world) -> None:
    a1 = world.residents["a1"]
    community = await propose(world)
    assert (community.state, community.scope_kind, community.community_id) == (
        TopicState.PROPOSED,
        ScopeKind.COMMUNITY,
        world.tree["c1"].pk,
    )
    assert (community.proposer_id, community.support_count) == (a1.pk, 0)
    assert community.support_threshold == 10  # the default rule, no settings row
    grid = await propose(world, kind=ScopeKind.GRID, scope_id=world.grids["GA"].pk)
    building = world.dwellings["a1"].building_id
    on_building = await propose(world, kind=ScopeKind.BUILDING, scope_id=building)
    on_compound = await propose(world, kind=ScopeKind.COMPOUND, scope_id=world.compound_id)
    assert (grid.grid_id, on_building.building_id, on_compound.compound_id) == (
        world.grids["GA"].pk,
        building,
        world.compound_id,
    )
    same = await propose(world, kind=ScopeKind.COMMUNITY, scope_id=world.tree["c1"].pk)
    assert same.community_id == world.tree["c1"].pk


@pytest.mark.parametrize(
    ("who", "kind", "target", "expected"),
    [
        ("a1", ScopeKind.GRID, "GB", ("scopeId", "NOT_IN_SCOPE")),
        ("b1", ScopeKind.BUILDING, "building_a1", ("scopeId", "NOT_IN_SCOPE")),
        ("a3", ScopeKind.COMPOUND, "compound", ("scopeId", "NOT_IN_SCOPE")),  # no dwelling
        ("a1", ScopeKind.COMMUNITY, "sub", ("scopeId", "NOT_IN_SCOPE")),  # its subdistrict
        # Places of another community answer like places that do not exist.
        ("a1", ScopeKind.COMMUNITY, "c2", ("scopeId", "FORBIDDEN")),
        ("c1", ScopeKind.GRID, "GA", ("scopeId", "FORBIDDEN")),
        ("a1", ScopeKind.GRID, "missing", ("scopeId", "FORBIDDEN")),
        ("a1", ScopeKind.GRID, None, ("scopeId", "REQUIRED")),
    ],
)
async def test_a_scope_without_the_proposers_home_is_refused(
    world, who: str, kind: ScopeKind, target: str | None, expected: tuple[str, str]
) -> None:
    ids = {
        "GB": world.grids["GB"].pk,
        "GA": world.grids["GA"].pk,
        "building_a1": world.dwellings["a1"].building_id,
        "compound": world.compound_id,
        "c2": world.tree["c2"].pk,
        "sub": world.tree["sub"].pk,
        "missing": 99999,
        None: None,
    }
    with pytest.raises(DomainError) as raised:
        await propose(world, who, kind=kind, scope_id=ids[target])
    assert codes(raised) == [expected]
    assert await Topic.all().count() == 0


async def test_bad_text_is_refused_field_by_field(world) -> None:
    with pytest.raises(DomainErrors) as raised:
        await propose(world, title="  ", description="x" * 5001)
    assert codes(raised) == [("description", "TOO_LONG"), ("title", "REQUIRED")]
    with pytest.raises(DomainError) as nul:
        await propose(world, title="a\x00b")
    assert codes(nul) == [("title", "INVALID")]
    assert await Topic.all().count() == 0


async def test_staff_cannot_propose_or_support(world) -> None:
    with pytest.raises(DomainError) as raised:
        await topics.propose_topic(world.staff(), data())
    assert codes(raised) == [(None, "FORBIDDEN")]
    topic = await propose(world)
    with pytest.raises(DomainError) as support:
        await topics.add_support(world.staff(), topic.pk)
    assert codes(support) == [("topicId", "FORBIDDEN")]


# --- thresholds ---------------------------------------------------------------------------


async def supporters(world: TopicWorld, n: int, grid: str = "GA") -> list:
    """``n`` more residents of ``grid``, each with a household of their own (no dwelling)."""
    viewers = []
    for i in range(n):
        household = await make_household(world.grids[grid])
        resident = await make_resident(
            world.grids[grid], f"居民{i}", household=household, phone=None, relation="HEAD"
        )
        key = f"extra{resident.pk}"
        world.residents[key] = resident
        viewers.append(await world.resident(key))
    return viewers


async def test_threshold_by_count_moves_the_topic_exactly_at_the_count(world) -> None:
    await set_rule(world, count=3, share=None)
    topic = await propose(world)
    assert topic.support_threshold == 3
    viewers = [await world.resident(k) for k in ("a1", "a2", "a3")]
    first = await topics.add_support(viewers[0], topic.pk)
    second = await topics.add_support(viewers[1], topic.pk)
    assert (second.topic.support_count, second.topic.state) == (2, TopicState.PROPOSED)
    assert not first.moved_to_review and not second.moved_to_review
    assert second.topic.threshold_reached_at is None
    third = await topics.add_support(viewers[2], topic.pk)
    assert (third.topic.support_count, third.topic.state) == (3, TopicState.UNDER_REVIEW)
    assert third.moved_to_review and third.topic.threshold_reached_at is not None
    # Support continues during review without another transition.
    more = await topics.add_support(await world.resident("b1"), topic.pk)
    assert (more.topic.support_count, more.topic.state, more.moved_to_review) == (
        4,
        TopicState.UNDER_REVIEW,
        False,
    )


@pytest.mark.parametrize(
    ("share", "households", "threshold"),
    [
        ("0.5000", 4, 2),  # exactly half of 4
        ("0.3000", 4, 2),  # 1.2 rounds up
        ("0.2500", 4, 1),
        ("0.2501", 4, 2),  # just above a quarter
        ("1", 4, 4),
    ],
)
async def test_threshold_by_share_of_households_in_scope(
    world, share: str, households: int, threshold: int
) -> None:
    await set_rule(world, count=None, share=share)
    topic = await propose(world)  # community c1: a1, a2, a3, b1
    assert await topics.households_in_scope(ScopeKind.COMMUNITY, world.tree["c1"].pk, None) == (
        households
    )
    assert topic.support_threshold == threshold
    keys = ["a1", "a2", "a3", "b1"]
    for key in keys[: threshold - 1]:
        below = await topics.add_support(await world.resident(key), topic.pk)
        assert below.topic.state == TopicState.PROPOSED
    reached = await topics.add_support(await world.resident(keys[threshold - 1]), topic.pk)
    assert (reached.topic.state, reached.moved_to_review) == (TopicState.UNDER_REVIEW, True)


async def test_share_counts_the_households_of_the_scope_only(world) -> None:
    await set_rule(world, count=None, share="0.5")
    building = world.dwellings["a1"].building_id
    on_building = await propose(world, kind=ScopeKind.BUILDING, scope_id=building)
    assert on_building.support_threshold == 1  # a1 and a2 live in building GA
    on_grid = await propose(world, kind=ScopeKind.GRID, scope_id=world.grids["GA"].pk)
    assert on_grid.support_threshold == 2  # a1, a2 and a3: 1.5 rounds up
    on_compound = await propose(world, kind=ScopeKind.COMPOUND, scope_id=world.compound_id)
    assert on_compound.support_threshold == 2  # a1, a2 and b1


async def test_count_and_share_together_need_both(world) -> None:
    await set_rule(world, count=3, share="0.25")
    assert (await propose(world)).support_threshold == 3
    await set_rule(world, count=1, share="0.75")
    assert (await propose(world)).support_threshold == 3


async def test_a_changed_rule_does_not_move_the_goal_of_existing_topics(world) -> None:
    await set_rule(world, count=2, share=None)
    topic = await propose(world)
    await set_rule(world, count=50, share=None)
    await topics.add_support(await world.resident("a1"), topic.pk)
    reached = await topics.add_support(await world.resident("a2"), topic.pk)
    assert reached.topic.state == TopicState.UNDER_REVIEW
    assert await ConsultationSettings.all().count() == 1


async def test_settings_are_checked(world) -> None:
    staff = world.staff()
    bad = topics.SettingsData(
        support_threshold_count=0,
        support_threshold_share="1.5",
        comment_edit_minutes=-1,
        notice_days=0,
    )
    with pytest.raises(DomainErrors) as raised:
        await topics.set_settings(staff, world.tree["c1"].pk, bad)
    assert codes(raised) == [
        ("commentEditMinutes", "OUT_OF_RANGE"),
        ("noticeDays", "OUT_OF_RANGE"),
        ("supportThresholdCount", "OUT_OF_RANGE"),
        ("supportThresholdShare", "OUT_OF_RANGE"),
    ]
    neither = topics.SettingsData(support_threshold_count=None, support_threshold_share=None)
    with pytest.raises(DomainError) as none_set:
        await topics.set_settings(staff, world.tree["c1"].pk, neither)
    assert codes(none_set) == [("supportThresholdCount", "REQUIRED")]
    fine = topics.SettingsData(support_threshold_count=5, support_threshold_share="0.12345")
    with pytest.raises(DomainError) as precise:
        await topics.set_settings(staff, world.tree["c1"].pk, fine)
    assert codes(precise) == [("supportThresholdShare", "INVALID")]
    other = topics.SettingsData(support_threshold_count=5, support_threshold_share=None)
    with pytest.raises(DomainError) as foreign:
        await topics.set_settings(staff, world.tree["c2"].pk, other)
    assert codes(foreign) == [("communityId", "FORBIDDEN")]
    with pytest.raises(DomainError) as not_community:
        await topics.set_settings(staff, world.tree["sub"].pk, other)
    assert codes(not_community) == [("communityId", "FORBIDDEN")]
    assert await ConsultationSettings.all().count() == 0
    saved = await topics.set_settings(
        staff,
        world.tree["c1"].pk,
        topics.SettingsData(support_threshold_count=None, support_threshold_share=0.05),
    )
    assert saved.support_threshold_share == Decimal("0.0500")


# --- support once, in scope ---------------------------------------------------------------


async def test_a_resident_supports_once(world) -> None:
    topic = await propose(world)
    a2 = await world.resident("a2")
    await topics.add_support(a2, topic.pk)
    with pytest.raises(DomainError) as raised:
        await topics.add_support(a2, topic.pk)
    assert codes(raised) == [("topicId", "ALREADY_SUPPORTED")]
    fresh = await Topic.get(id=topic.pk)
    assert fresh.support_count == 1 == await TopicSupport.filter(topic_id=topic.pk).count()


async def test_support_outside_the_scope_is_refused(world) -> None:
    on_grid = await propose(world, kind=ScopeKind.GRID, scope_id=world.grids["GA"].pk)
    building = world.dwellings["a1"].building_id
    on_building = await propose(world, kind=ScopeKind.BUILDING, scope_id=building)
    for who, topic in (("b1", on_grid), ("c1", on_grid), ("a3", on_building)):
        with pytest.raises(DomainError) as raised:
            await topics.add_support(await world.resident(who), topic.pk)
        assert codes(raised) == [("topicId", "FORBIDDEN")]
    assert await TopicSupport.all().count() == 0
    assert await Topic.filter(support_count__gt=0).count() == 0
    ok = await topics.add_support(await world.resident("a2"), on_building.pk)
    assert ok.topic.support_count == 1


async def test_support_closes_with_the_review(world) -> None:
    await set_rule(world, count=1, share=None)
    topic = await propose(world)
    await topics.add_support(await world.resident("a1"), topic.pk)
    await topics.review_topic(world.staff(), topic.pk, ReviewDecision.ACCEPT)
    with pytest.raises(DomainError) as raised:
        await topics.add_support(await world.resident("a2"), topic.pk)
    assert codes(raised) == [("topicId", "SUPPORT_CLOSED")]
    assert (await Topic.get(id=topic.pk)).support_count == 1


# --- review and the state machine ---------------------------------------------------------


async def under_review(world: TopicWorld) -> Topic:
    await set_rule(world, count=1, share=None)
    topic = await propose(world)
    return (await topics.add_support(await world.resident("a2"), topic.pk)).topic


async def test_review_needs_a_topic_under_review(world) -> None:
    topic = await propose(world)
    with pytest.raises(DomainError) as raised:
        await topics.review_topic(world.staff(), topic.pk, ReviewDecision.ACCEPT)
    assert codes(raised) == [("topicId", "INVALID_TRANSITION")]
    assert (await Topic.get(id=topic.pk)).state == TopicState.PROPOSED


async def test_reject_needs_a_public_reason(world) -> None:
    topic = await under_review(world)
    with pytest.raises(DomainError) as raised:
        await topics.review_topic(world.staff(), topic.pk, ReviewDecision.REJECT, "  ")
    assert codes(raised) == [("reason", "REQUIRED")]
    rejected = await topics.review_topic(
        world.staff(), topic.pk, ReviewDecision.REJECT, "属于物业合同事项，请联系业委会。"
    )
    assert (rejected.state, rejected.rejection_reason) == (
        TopicState.REJECTED,
        "属于物业合同事项，请联系业委会。",
    )
    assert rejected.reviewed_by_id == world.accounts["staff_c1"].pk
    for target in TopicState:
        with pytest.raises(DomainError) as stuck:
            await topics.set_topic_state(world.staff(), topic.pk, target)
        assert codes(stuck)[0][1] == "INVALID_TRANSITION"
    assert (await Topic.get(id=topic.pk)).state == TopicState.REJECTED


async def test_staff_of_another_community_cannot_review(world) -> None:
    topic = await under_review(world)
    with pytest.raises(DomainError) as raised:
        await topics.review_topic(world.staff("c2"), topic.pk, ReviewDecision.ACCEPT)
    assert codes(raised) == [("topicId", "FORBIDDEN")]


async def test_the_whole_way_from_accepted_to_implemented(world) -> None:
    topic = await under_review(world)
    staff = world.staff()
    accepted = await topics.review_topic(staff, topic.pk, ReviewDecision.ACCEPT)
    assert accepted.state == TopicState.ACCEPTED
    illegal = [TopicState.DECIDED, TopicState.IMPLEMENTED]
    for target in illegal:
        with pytest.raises(DomainError) as raised:
            await topics.set_topic_state(staff, topic.pk, target)
        assert codes(raised) == [("topicId", "INVALID_TRANSITION")]
    for target in (TopicState.PROPOSED, TopicState.UNDER_REVIEW, TopicState.REJECTED):
        with pytest.raises(DomainError) as manual:
            await topics.set_topic_state(staff, topic.pk, target)
        assert codes(manual) == [("state", "INVALID_TRANSITION")]
    step = await topics.set_topic_state(staff, topic.pk, TopicState.IN_CONSULTATION)
    assert step.state == TopicState.IN_CONSULTATION
    with pytest.raises(DomainError) as again:
        await topics.set_topic_state(staff, topic.pk, TopicState.IN_CONSULTATION)
    assert codes(again) == [("topicId", "INVALID_TRANSITION")]
    assert (await topics.set_topic_state(staff, topic.pk, TopicState.DECIDED)).state == (
        TopicState.DECIDED
    )
    assert (await topics.implement_topic(staff, topic.pk)).state == TopicState.IMPLEMENTED
    with pytest.raises(DomainError) as done:
        await topics.implement_topic(staff, topic.pk)
    assert codes(done) == [("topicId", "INVALID_TRANSITION")]


async def _session(world: TopicWorld, **kw) -> sessions.ConsultationSession:
    import datetime as dt

    start = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    return await sessions.create_session(
        world.staff(),
        sessions.SessionData(
            community_id=world.tree["c1"].pk,
            title="三月议事会",
            mode=SessionMode.ON_SITE,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            place="社区议事厅",
            **kw,
        ),
    )


async def test_accepting_onto_a_session_puts_the_topic_on_its_agenda(world) -> None:
    topic = await under_review(world)
    session = await _session(world)
    accepted = await topics.review_topic(
        world.staff(), topic.pk, ReviewDecision.ACCEPT, session_id=session.pk
    )
    assert accepted.state == TopicState.ACCEPTED
    assert await SessionTopic.filter(session_id=session.pk, topic_id=topic.pk).exists()


async def test_accepting_onto_a_running_session_starts_the_consultation(world) -> None:
    topic = await under_review(world)
    session = await _session(world)
    await sessions.update_session(
        world.staff(), session.pk, sessions.SessionPatch(state=SessionState.IN_PROGRESS)
    )
    accepted = await topics.review_topic(
        world.staff(), topic.pk, ReviewDecision.ACCEPT, session_id=session.pk
    )
    assert accepted.state == TopicState.IN_CONSULTATION


async def test_a_session_that_ended_or_a_reject_with_a_session_is_refused(world) -> None:
    topic = await under_review(world)
    session = await _session(world)
    staff = world.staff()
    await sessions.update_session(
        staff, session.pk, sessions.SessionPatch(state=SessionState.CANCELLED)
    )
    with pytest.raises(DomainError) as raised:
        await topics.review_topic(staff, topic.pk, ReviewDecision.ACCEPT, session_id=session.pk)
    assert codes(raised) == [("sessionId", "INVALID_TRANSITION")]
    with pytest.raises(DomainError) as reject:
        await topics.review_topic(staff, topic.pk, ReviewDecision.REJECT, "重复", session.pk)
    assert codes(reject) == [("sessionId", "INVALID")]
    assert (await Topic.get(id=topic.pk)).state == TopicState.UNDER_REVIEW


# --- concurrency (PostgreSQL) ---------------------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.parametrize(("threshold", "supporters_count"), [(5, 5), (5, 12), (12, 11)])
async def test_concurrent_supports_count_each_once_and_move_once(
    world, threshold: int, supporters_count: int
) -> None:
    await set_rule(world, count=threshold, share=None)
    topic = await propose(world)
    viewers = await supporters(world, supporters_count)
    outcomes = await asyncio.gather(*(topics.add_support(v, topic.pk) for v in viewers))
    fresh = await Topic.get(id=topic.pk)
    assert fresh.support_count == supporters_count
    assert await TopicSupport.filter(topic_id=topic.pk).count() == supporters_count
    moves = sum(o.moved_to_review for o in outcomes)
    if supporters_count >= threshold:
        assert (fresh.state, moves) == (TopicState.UNDER_REVIEW, 1)
        # The support that moved it saw exactly the threshold.
        (mover,) = [o for o in outcomes if o.moved_to_review]
        assert mover.topic.threshold_reached_at == fresh.threshold_reached_at
    else:
        assert (fresh.state, moves) == (TopicState.PROPOSED, 0)


@pytest.mark.postgres_only
async def test_concurrent_supports_of_one_resident_count_once(world) -> None:
    topic = await propose(world)
    a2 = await world.resident("a2")
    results = await asyncio.gather(
        *(topics.add_support(a2, topic.pk) for _ in range(20)), return_exceptions=True
    )
    ok = [r for r in results if isinstance(r, topics.SupportOutcome)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert (len(ok), len(refused)) == (1, 19)
    assert {e.code.value for e in refused} == {"ALREADY_SUPPORTED"}
    assert (await Topic.get(id=topic.pk)).support_count == 1


@pytest.mark.postgres_only
async def test_concurrent_reviews_make_one_decision(world) -> None:
    topic = await under_review(world)
    staff = world.staff()
    results = await asyncio.gather(
        *(
            topics.review_topic(staff, topic.pk, ReviewDecision.REJECT, f"理由{i}")
            if i % 2
            else topics.review_topic(staff, topic.pk, ReviewDecision.ACCEPT)
            for i in range(10)
        ),
        return_exceptions=True,
    )
    ok = [r for r in results if isinstance(r, Topic)]
    assert len(ok) == 1
    assert all(isinstance(r, DomainError) and r.code.value == "INVALID_TRANSITION"
               for r in results if not isinstance(r, Topic))  # fmt: skip
    assert (await Topic.get(id=topic.pk)).state == ok[0].state
