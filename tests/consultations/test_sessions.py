"""协商会议 services: agenda, participants by role, mode, times, materials, minutes, states."""

from __future__ import annotations

import datetime as dt

import pytest

from backend.consultations import sessions, topics
from backend.consultations.models import (
    ConsultationSession,
    ParticipantRole,
    SessionMaterial,
    SessionMode,
    SessionParticipant,
    SessionState,
    SessionTopic,
    Topic,
    TopicState,
)
from backend.consultations.sessions import MaterialData, ParticipantData, SessionData, SessionPatch
from backend.core.errors import DomainError, DomainErrors
from tests.consultations.test_topics import codes, propose, set_rule
from tests.consultations.topic_world import TopicWorld, build_topic_world

START = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)


@pytest.fixture
async def world(db: str) -> TopicWorld:
    return await build_topic_world()


async def accepted_topic(world: TopicWorld, who: str = "a1") -> Topic:
    await set_rule(world, count=1, share=None)
    topic = await propose(world, who)
    await topics.add_support(await world.resident(who), topic.pk)
    return await topics.review_topic(world.staff(), topic.pk, topics.ReviewDecision.ACCEPT)


def session_data(world: TopicWorld, **kw) -> SessionData:
    values = {
        "community_id": world.tree["c1"].pk,
        "title": "三月居民议事会",
        "mode": SessionMode.ON_SITE,
        "starts_at": START,
        "ends_at": START + dt.timedelta(hours=2),
        "place": "社区议事厅",
    }
    values.update(kw)
    return SessionData(**values)  # type: ignore[arg-type]


async def test_a_session_with_agenda_participants_and_materials(world) -> None:
    topic = await accepted_topic(world)
    session = await sessions.create_session(
        world.staff(),
        session_data(
            world,
            mode=SessionMode.HYBRID,
            online_link="https://meeting.example.cn/r/123",
            topic_ids=[topic.pk],
            participants=[
                ParticipantData(ParticipantRole.PARTY_ORGANISATION, "永安里社区党委"),
                ParticipantData(
                    ParticipantRole.RESIDENT_REPRESENTATIVE, resident_id=world.residents["a2"].pk
                ),
                ParticipantData(ParticipantRole.PROPERTY_SERVICE, "安和物业"),
            ],
            materials=[
                MaterialData("现场照片", url="https://files.example.cn/p.jpg"),
                MaterialData("情况说明", body="楼道堆物情况如下……"),
            ],
        ),
    )
    assert (session.state, session.mode, session.created_by_id) == (
        SessionState.SCHEDULED,
        SessionMode.HYBRID,
        world.accounts["staff_c1"].pk,
    )
    agenda = await SessionTopic.filter(session_id=session.pk).values_list("topic_id", flat=True)
    assert agenda == [topic.pk]
    people = await SessionParticipant.filter(session_id=session.pk).order_by("id")
    assert [(p.role, p.name) for p in people] == [
        (ParticipantRole.PARTY_ORGANISATION, "永安里社区党委"),
        (ParticipantRole.RESIDENT_REPRESENTATIVE, "李*"),  # masked unless staff name them
        (ParticipantRole.PROPERTY_SERVICE, "安和物业"),
    ]
    materials = await SessionMaterial.filter(session_id=session.pk).order_by("position")
    assert [(m.title, m.url is None, m.body is None) for m in materials] == [
        ("现场照片", False, True),
        ("情况说明", True, False),
    ]


async def test_bad_session_input_is_refused_field_by_field(world) -> None:
    proposed = await propose(world)
    with pytest.raises(DomainErrors) as raised:
        await sessions.create_session(
            world.staff(),
            session_data(
                world,
                title="",
                mode=SessionMode.HYBRID,
                place="",
                online_link="ftp://x",
                ends_at=START,
                topic_ids=[proposed.pk, 99999],
                participants=[
                    ParticipantData(ParticipantRole.OWNERS_COMMITTEE, ""),
                    ParticipantData(
                        ParticipantRole.RESIDENT_REPRESENTATIVE,
                        resident_id=world.residents["c1"].pk,
                    ),
                ],
                materials=[MaterialData("空"), MaterialData("两者", url="https://a.cn", body="b")],
            ),
        )
    assert codes(raised) == [
        ("endsAt", "INVALID_RANGE"),
        ("materials.0.url", "REQUIRED"),
        ("materials.1.body", "INVALID"),
        ("onlineLink", "INVALID"),
        ("participants.0.name", "REQUIRED"),
        ("participants.1.residentId", "FORBIDDEN"),  # staff of c1 do not see c2's people
        ("place", "REQUIRED"),
        ("title", "REQUIRED"),
        ("topicIds.0", "INVALID_TRANSITION"),
        ("topicIds.1", "FORBIDDEN"),
    ]
    assert await ConsultationSession.all().count() == 0


async def test_a_participant_from_another_community_is_refused(world) -> None:
    from backend.auth.scope import Scope
    from backend.consultations.access import Viewer

    admin = Viewer(Scope.everything(), world.accounts["staff_c1"].pk, manager=True)
    other = ParticipantData(ParticipantRole.OWNERS_COMMITTEE, resident_id=world.residents["c1"].pk)
    missing = ParticipantData(ParticipantRole.OWNERS_COMMITTEE, resident_id=99999)
    with pytest.raises(DomainErrors) as raised:
        await sessions.create_session(admin, session_data(world, participants=[other, missing]))
    assert codes(raised) == [
        ("participants.0.residentId", "OUTSIDE_COMMUNITY"),
        ("participants.1.residentId", "NOT_FOUND"),
    ]


async def test_mode_decides_what_is_required(world) -> None:
    online = await sessions.create_session(
        world.staff(),
        session_data(world, mode=SessionMode.ONLINE, place="", online_link="https://m.cn/1"),
    )
    assert online.place == ""
    with pytest.raises(DomainError) as raised:
        await sessions.create_session(world.staff(), session_data(world, mode=SessionMode.ONLINE))
    assert codes(raised) == [("onlineLink", "REQUIRED")]


async def test_a_session_elsewhere_is_refused(world) -> None:
    with pytest.raises(DomainError) as raised:
        await sessions.create_session(
            world.staff(), session_data(world, community_id=world.tree["c2"].pk)
        )
    assert codes(raised) == [("communityId", "FORBIDDEN")]
    other = await sessions.create_session(
        world.staff("c2"), session_data(world, community_id=world.tree["c2"].pk)
    )
    with pytest.raises(DomainError) as update:
        await sessions.update_session(world.staff(), other.pk, SessionPatch(title="改"))
    assert codes(update) == [("id", "FORBIDDEN")]
    topic = await accepted_topic(world)
    with pytest.raises(DomainError) as agenda:
        await sessions.update_session(
            world.staff("c2"), other.pk, SessionPatch(topic_ids=[topic.pk])
        )
    assert codes(agenda) == [("topicIds.0", "FORBIDDEN")]


async def test_naive_times_are_utc(world) -> None:
    session = await sessions.create_session(
        world.staff(),
        session_data(
            world, starts_at=dt.datetime(2026, 3, 1, 9), ends_at=dt.datetime(2026, 3, 1, 11)
        ),
    )
    fresh = await ConsultationSession.get(id=session.pk)
    assert fresh.starts_at == START


async def test_states_move_forward_only_and_starting_opens_the_consultation(world) -> None:
    topic = await accepted_topic(world)
    staff = world.staff()
    session = await sessions.create_session(staff, session_data(world, topic_ids=[topic.pk]))
    with pytest.raises(DomainError) as skip:
        await sessions.update_session(staff, session.pk, SessionPatch(state=SessionState.CONCLUDED))
    assert codes(skip) == [("state", "INVALID_TRANSITION")]
    with pytest.raises(DomainError) as early:
        await sessions.set_minutes(staff, session.pk, "纪要", None)
    assert codes(early) == [("sessionId", "INVALID_TRANSITION")]
    started = await sessions.update_session(
        staff, session.pk, SessionPatch(state=SessionState.IN_PROGRESS)
    )
    assert started.state == SessionState.IN_PROGRESS
    assert (await Topic.get(id=topic.pk)).state == TopicState.IN_CONSULTATION
    minuted = await sessions.set_minutes(staff, session.pk, "到会 23 人……", "同意清理楼道堆物")
    assert (minuted.minutes, minuted.resolution_text) == ("到会 23 人……", "同意清理楼道堆物")
    done = await sessions.update_session(
        staff, session.pk, SessionPatch(state=SessionState.CONCLUDED)
    )
    assert done.state == SessionState.CONCLUDED
    for patch in (SessionPatch(title="改名"), SessionPatch(state=SessionState.CANCELLED)):
        with pytest.raises(DomainError) as ended:
            await sessions.update_session(staff, session.pk, patch)
        assert codes(ended)[0][1] == "INVALID_TRANSITION"
    # Minutes may still be corrected after the session.
    assert (await sessions.set_minutes(staff, session.pk, "更正后的纪要", None)).minutes == (
        "更正后的纪要"
    )


async def test_update_replaces_the_agenda_and_participants_and_checks_times(world) -> None:
    first, second = await accepted_topic(world), await accepted_topic(world, "a2")
    staff = world.staff()
    session = await sessions.create_session(staff, session_data(world, topic_ids=[first.pk]))
    updated = await sessions.update_session(
        staff,
        session.pk,
        SessionPatch(
            topic_ids=[second.pk, first.pk],
            participants=[ParticipantData(ParticipantRole.SOCIAL_ORGANISATION, "阳光社工")],
            place="社区活动室",
        ),
    )
    agenda = await SessionTopic.filter(session_id=session.pk).order_by("position")
    assert [a.topic_id for a in agenda] == [second.pk, first.pk]
    assert updated.place == "社区活动室"
    assert await SessionParticipant.filter(session_id=session.pk).count() == 1
    with pytest.raises(DomainError) as raised:
        await sessions.update_session(
            staff, session.pk, SessionPatch(ends_at=START - dt.timedelta(hours=1))
        )
    assert codes(raised) == [("endsAt", "INVALID_RANGE")]
    with pytest.raises(DomainError) as place:
        await sessions.update_session(staff, session.pk, SessionPatch(place=""))
    assert codes(place) == [("place", "REQUIRED")]
    assert (await ConsultationSession.get(id=session.pk)).place == "社区活动室"


async def test_materials_are_added_in_order(world) -> None:
    staff = world.staff()
    session = await sessions.create_session(staff, session_data(world))
    one = await sessions.add_material(staff, session.pk, MaterialData("方案一", body="……"))
    two = await sessions.add_material(
        staff, session.pk, MaterialData("方案二", url="https://a.cn/2")
    )
    assert (one.position, two.position) == (0, 1)
    with pytest.raises(DomainErrors) as both:
        await sessions.add_material(staff, session.pk, MaterialData("", url="javascript:x"))
    assert codes(both) == [("title", "REQUIRED"), ("url", "INVALID")]
    await sessions.update_session(staff, session.pk, SessionPatch(state=SessionState.CANCELLED))
    with pytest.raises(DomainError) as cancelled:
        await sessions.add_material(staff, session.pk, MaterialData("晚到", body="…"))
    assert codes(cancelled) == [("sessionId", "INVALID_TRANSITION")]
