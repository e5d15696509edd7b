"""Comments: who may comment where, one level of replies, the edit window, reports, hiding."""

from __future__ import annotations

import datetime as dt

import pytest

from backend.consultations import comments, sessions, topics
from backend.consultations.models import Comment, CommentReport, ScopeKind, SessionMode
from backend.core.errors import DomainError
from tests.consultations.test_topics import codes, propose
from tests.consultations.topic_world import TopicWorld, build_topic_world


@pytest.fixture
async def world(db: str) -> TopicWorld:
    return await build_topic_world()


async def session_of(world: TopicWorld, community: str = "c1") -> int:
    start = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    session = await sessions.create_session(
        world.staff(community),
        sessions.SessionData(
            community_id=world.tree[community].pk,
            title="议事会",
            mode=SessionMode.ONLINE,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            online_link="https://m.example.cn/1",
        ),
    )
    return session.pk


async def test_residents_comment_on_topics_and_sessions_they_can_see(world) -> None:
    topic = await propose(world)
    a2 = await world.resident("a2")
    on_topic = await comments.create_comment(a2, "支持清理，建议周末统一行动。", topic_id=topic.pk)
    assert (on_topic.topic_id, on_topic.session_id, on_topic.author_id) == (
        topic.pk,
        None,
        world.residents["a2"].pk,
    )
    session_id = await session_of(world)
    on_session = await comments.create_comment(
        await world.resident("b1"), "希望线上也能发言。", session_id=session_id
    )
    assert on_session.session_id == session_id


async def test_comments_outside_the_scope_or_without_a_target_are_refused(world) -> None:
    on_grid = await propose(world, kind=ScopeKind.GRID, scope_id=world.grids["GA"].pk)
    b1 = await world.resident("b1")
    with pytest.raises(DomainError) as raised:
        await comments.create_comment(b1, "我也想说", topic_id=on_grid.pk)
    assert codes(raised) == [("topicId", "FORBIDDEN")]
    other_session = await session_of(world, "c2")
    with pytest.raises(DomainError) as elsewhere:
        await comments.create_comment(b1, "我也想说", session_id=other_session)
    assert codes(elsewhere) == [("sessionId", "FORBIDDEN")]
    with pytest.raises(DomainError) as nothing:
        await comments.create_comment(b1, "说点什么")
    assert codes(nothing) == [("topicId", "REQUIRED")]
    with pytest.raises(DomainError) as both:
        await comments.create_comment(
            await world.resident("a1"),
            "两边都说",
            topic_id=on_grid.pk,
            session_id=await session_of(world),
        )
    assert codes(both) == [("sessionId", "INVALID")]
    with pytest.raises(DomainError) as empty:
        await comments.create_comment(await world.resident("a1"), " ", topic_id=on_grid.pk)
    assert codes(empty) == [("body", "REQUIRED")]
    with pytest.raises(DomainError) as staff:
        await comments.create_comment(world.staff(), "工作人员", topic_id=on_grid.pk)
    assert codes(staff) == [(None, "FORBIDDEN")]
    assert await Comment.all().count() == 0


async def test_replies_go_one_level_deep(world) -> None:
    topic = await propose(world)
    a1, a2 = await world.resident("a1"), await world.resident("a2")
    root = await comments.create_comment(a1, "主评论", topic_id=topic.pk)
    reply = await comments.create_comment(a2, "回复", parent_id=root.pk)
    assert (reply.parent_id, reply.topic_id) == (root.pk, topic.pk)
    with pytest.raises(DomainError) as raised:
        await comments.create_comment(a1, "回复的回复", parent_id=reply.pk)
    assert codes(raised) == [("parentId", "REPLY_TOO_DEEP")]
    other = await propose(world)
    with pytest.raises(DomainError) as mismatch:
        await comments.create_comment(a1, "错位", parent_id=root.pk, topic_id=other.pk)
    assert codes(mismatch) == [("parentId", "INVALID")]
    assert await Comment.all().count() == 2


async def test_the_author_edits_within_the_window_only(world) -> None:
    topic = await propose(world)
    a1 = await world.resident("a1")
    comment = await comments.create_comment(a1, "初稿", topic_id=topic.pk)
    edited = await comments.update_comment(a1, comment.pk, "修改后")
    assert (edited.body, edited.edited_at is not None) == ("修改后", True)
    with pytest.raises(DomainError) as not_author:
        await comments.update_comment(await world.resident("a2"), comment.pk, "改别人的")
    assert codes(not_author) == [("id", "FORBIDDEN")]
    # Just inside the 15-minute default window, then just outside it.
    edge = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=14, seconds=50)
    await Comment.filter(id=comment.pk).update(created_at=edge)
    assert (await comments.update_comment(a1, comment.pk, "再改")).body == "再改"
    late = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=15, seconds=1)
    await Comment.filter(id=comment.pk).update(created_at=late)
    with pytest.raises(DomainError) as closed:
        await comments.update_comment(a1, comment.pk, "太晚了")
    assert codes(closed) == [("id", "EDIT_WINDOW_CLOSED")]
    assert closed.value.params == {"minutes": 15}
    assert (await Comment.get(id=comment.pk)).body == "再改"


async def test_the_window_follows_the_community_setting(world) -> None:
    await topics.set_settings(
        world.staff(),
        world.tree["c1"].pk,
        topics.SettingsData(support_threshold_count=3, support_threshold_share=None,
                            comment_edit_minutes=0),
    )  # fmt: skip
    topic = await propose(world)
    a1 = await world.resident("a1")
    comment = await comments.create_comment(a1, "不能改", topic_id=topic.pk)
    await Comment.filter(id=comment.pk).update(
        created_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    )
    with pytest.raises(DomainError) as raised:
        await comments.update_comment(a1, comment.pk, "改")
    assert codes(raised) == [("id", "EDIT_WINDOW_CLOSED")]


async def test_a_comment_is_reported_once_per_resident_and_hidden_by_a_moderator(world) -> None:
    topic = await propose(world)
    comment = await comments.create_comment(
        await world.resident("a1"), "不当言论", topic_id=topic.pk
    )
    a2 = await world.resident("a2")
    await comments.report_comment(a2, comment.pk, "人身攻击")
    with pytest.raises(DomainError) as again:
        await comments.report_comment(a2, comment.pk, "再举报一次")
    assert codes(again) == [("commentId", "ALREADY_REPORTED")]
    await comments.report_comment(await world.resident("b1"), comment.pk, "不文明")
    assert await CommentReport.filter(comment_id=comment.pk).count() == 2
    with pytest.raises(DomainError) as no_reason:
        await comments.hide_comment(world.staff(), comment.pk, "")
    assert codes(no_reason) == [("reason", "REQUIRED")]
    with pytest.raises(DomainError) as foreign:
        await comments.hide_comment(world.staff("c2"), comment.pk, "违规")
    assert codes(foreign) == [("id", "FORBIDDEN")]
    hidden = await comments.hide_comment(world.staff(), comment.pk, "含人身攻击内容")
    assert (hidden.hidden, hidden.hidden_reason, hidden.hidden_by_id) == (
        True,
        "含人身攻击内容",
        world.accounts["staff_c1"].pk,
    )
    assert await CommentReport.filter(comment_id=comment.pk, reviewed_at__isnull=True).count() == 0
    with pytest.raises(DomainError) as twice:
        await comments.hide_comment(world.staff(), comment.pk, "再隐藏")
    assert codes(twice) == [("id", "INVALID_TRANSITION")]
    for call in (
        comments.create_comment(a2, "回复被隐藏的", parent_id=comment.pk),
        comments.report_comment(await world.resident("a3"), comment.pk, "举报"),
        comments.update_comment(await world.resident("a1"), comment.pk, "改"),
    ):
        with pytest.raises(DomainError) as refused:
            await call
        assert codes(refused)[0][1] == "INVALID_TRANSITION"
