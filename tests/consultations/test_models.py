"""Integrity of the consultation tables, held by the database itself (on SQLite and PostgreSQL).

Rows are written directly with the ORM or with SQL, bypassing any service: what is refused
here is refused whatever code path writes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from contextlib import AbstractContextManager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from tortoise import Tortoise
from tortoise.exceptions import IntegrityError

from backend.auth.models import Account
from backend.auth.roles import Role
from backend.consultations.models import (
    RECEIPT_ALPHABET,
    RECEIPT_LENGTH,
    Ballot,
    BallotChannel,
    BallotChoice,
    BallotConflict,
    BallotConflictChoice,
    BallotKind,
    Comment,
    ConflictStatus,
    ConsultationSession,
    ConsultationSettings,
    DecisionRule,
    EligibleUnit,
    EligibleVoter,
    OptionStance,
    Resolution,
    ScopeKind,
    SessionMaterial,
    SessionMode,
    Topic,
    TopicCategory,
    TopicState,
    TopicSupport,
    Vote,
    VoteOption,
    VoteState,
    VotingUnit,
    new_receipt_code,
)
from backend.divisions.models import Division
from backend.grids.models import Grid
from backend.housing.models import Dwelling
from backend.residents.models import Resident
from tests.factories import make_dwelling, make_grid, make_resident, make_tree

NOW = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)


@dataclass
class World:
    community: Division
    grid: Grid
    dwelling: Dwelling
    staff: Account
    alice: Resident
    bob: Resident
    vote: Vote
    options: dict[OptionStance, VoteOption]
    unit_a: EligibleUnit  # {alice}
    unit_ab: EligibleUnit  # {alice, bob}: alice stands in two owner units
    other_vote: Vote
    other_option: VoteOption
    other_unit: EligibleUnit


async def _vote(world_staff: Account, community: Division, question: str) -> Vote:
    return await Vote.create(
        community=community,
        scope_kind=ScopeKind.COMMUNITY,
        question=question,
        ballot_kind=BallotKind.FOR_AGAINST_ABSTAIN,
        voting_unit=VotingUnit.OWNER,
        decision_rule=DecisionRule.OWNERS_ORDINARY,
        opens_at=NOW,
        closes_at=NOW + dt.timedelta(days=7),
        state=VoteState.OPEN,
        snapshot_at=NOW,
        eligible_unit_count=2,
        eligible_headcount=2,
        eligible_area=Decimal("177.00"),
        created_by=world_staff,
    )


async def _options(vote: Vote) -> dict[OptionStance, VoteOption]:
    return {
        stance: await VoteOption.create(vote=vote, label=label, position=i, stance=stance)
        for i, (stance, label) in enumerate(
            [
                (OptionStance.FOR, "同意"),
                (OptionStance.AGAINST, "反对"),
                (OptionStance.ABSTAIN, "弃权"),
            ]
        )
    }


@pytest.fixture
async def world(db: str) -> World:
    tree = await make_tree()
    community = tree["c1"]
    grid = await make_grid(community, "G001")
    dwelling = await make_dwelling(grid)
    staff = await Account.create(role=Role.DIVISION_STAFF, display_name="社区工作人员")
    alice = await make_resident(grid, "李四")
    bob = await make_resident(grid, "王五", male=False)
    vote = await _vote(staff, community, "是否更换物业公司")
    options = await _options(vote)
    unit_a = await EligibleUnit.create(
        vote=vote, unit_key=f"owner:{alice.pk}", area=Decimal("88.50"), dwelling_ids=[1]
    )
    unit_ab = await EligibleUnit.create(
        vote=vote, unit_key=f"owner:{alice.pk}+{bob.pk}", area=Decimal("88.50"), dwelling_ids=[2]
    )
    for unit, resident in [(unit_a, alice), (unit_ab, alice), (unit_ab, bob)]:
        await EligibleVoter.create(vote=vote, unit=unit, resident=resident)
    other_vote = await _vote(staff, community, "是否加装电梯")
    other_option = await VoteOption.create(vote=other_vote, label="同意", position=0)
    other_unit = await EligibleUnit.create(vote=other_vote, unit_key=f"owner:{alice.pk}")
    return World(
        community,
        grid,
        dwelling,
        staff,
        alice,
        bob,
        vote,
        options,
        unit_a,
        unit_ab,
        other_vote,
        other_option,
        other_unit,
    )


async def _online(world: World, unit: EligibleUnit, **extra: Any) -> Ballot:
    fields: dict[str, Any] = {
        "vote": world.vote,
        "unit": unit,
        "channel": BallotChannel.ONLINE,
        "cast_by": world.alice,
        "cast_at": NOW,
    }
    return await Ballot.create(**(fields | extra))


UNIQUE = "(?i)unique"
FK = "(?i)foreign key"


def refused(why: str) -> AbstractContextManager[Any]:
    """The database refuses the write, for the reason named (a constraint or trigger)."""
    return pytest.raises(IntegrityError, match=why)


def _sql(db: str, sql: str) -> str:
    """``?`` placeholders for SQLite, ``$1 …`` for PostgreSQL."""
    if db == "sqlite":
        return sql
    parts = sql.split("?")
    return parts[0] + "".join(f"${i}{part}" for i, part in enumerate(parts[1:], start=1))


def _at(db: str, value: dt.datetime) -> Any:
    return value.isoformat() if db == "sqlite" else value


# --- one counted ballot per unit ----------------------------------------------------------


async def test_a_unit_has_one_counted_ballot_whatever_the_channel(world: World) -> None:
    await _online(world, world.unit_a)
    with refused(UNIQUE):
        await Ballot.create(
            vote=world.vote,
            unit=world.unit_a,
            channel=BallotChannel.PAPER,
            sheet_reference="第1册-001",
            entered_by=world.staff,
            cast_at=NOW,
        )
    # The same owner casts the other unit he stands in: a different unit, so it is counted.
    await _online(world, world.unit_ab)
    assert await Ballot.filter(vote=world.vote).count() == 2


async def test_a_second_ballot_inserted_with_sql_is_refused(world: World, db: str) -> None:
    await _online(world, world.unit_a)
    conn = Tortoise.get_connection("default")
    insert = _sql(
        db,
        "INSERT INTO ballot (vote_id, unit_id, channel, receipt_code, sheet_reference,"
        " entered_by_id, cast_at, revision) VALUES (?, ?, 'PAPER', ?, 'S-1', ?, ?, 1)",
    )
    with refused(UNIQUE):
        await conn.execute_query(
            insert,
            [world.vote.pk, world.unit_a.pk, new_receipt_code(), world.staff.pk, _at(db, NOW)],
        )
    assert await Ballot.filter(vote=world.vote, unit=world.unit_a).count() == 1


async def test_a_conflicting_paper_ballot_is_kept_apart_and_not_counted(world: World) -> None:
    counted = await _online(world, world.unit_a)
    await BallotChoice.create(ballot=counted, option=world.options[OptionStance.FOR])
    conflict = await BallotConflict.create(
        vote=world.vote,
        unit=world.unit_a,
        ballot=counted,
        channel=BallotChannel.PAPER,
        sheet_reference="第1册-002",
        entered_by=world.staff,
        submitted_at=NOW + dt.timedelta(hours=1),
    )
    await BallotConflictChoice.create(conflict=conflict, option=world.options[OptionStance.AGAINST])
    assert conflict.status is ConflictStatus.OPEN
    assert await Ballot.filter(vote=world.vote).count() == 1
    assert await BallotChoice.filter(ballot__vote=world.vote).count() == 1

    # Resolving needs who and when.
    conflict.status = ConflictStatus.KEPT_EXISTING
    with refused("ballot_conflict_resolution"):
        await conflict.save()
    conflict.resolved_by = world.staff
    conflict.resolved_at = NOW + dt.timedelta(hours=2)
    await conflict.save()


async def test_a_conflict_points_at_the_counted_ballot_of_its_own_unit(world: World) -> None:
    counted = await _online(world, world.unit_a)
    with refused("ballot_conflict: unit or ballot"):
        await BallotConflict.create(
            vote=world.vote,
            unit=world.unit_ab,
            ballot=counted,
            channel=BallotChannel.PAPER,
            sheet_reference="第1册-003",
            entered_by=world.staff,
            submitted_at=NOW,
        )


async def test_the_same_paper_sheet_cannot_be_entered_twice(world: World) -> None:
    paper = {"channel": BallotChannel.PAPER, "entered_by": world.staff, "cast_by": None}
    await _online(world, world.unit_a, sheet_reference="第2册-010", **paper)
    with refused(UNIQUE):
        await _online(world, world.unit_ab, sheet_reference="第2册-010", **paper)


async def test_a_ballot_names_its_voter_or_its_sheet_and_clerk(world: World) -> None:
    with refused("ballot_entry"):  # online without the voter
        await _online(world, world.unit_a, cast_by=None)
    with refused("ballot_entry"):  # online with a clerk
        await _online(world, world.unit_a, entered_by=world.staff)
    with refused("ballot_entry"):  # paper without a sheet reference
        await _online(world, world.unit_a, channel=BallotChannel.PAPER, entered_by=world.staff)
    with refused("ballot_entry"):  # on site without the clerk
        await _online(world, world.unit_a, channel=BallotChannel.ON_SITE, sheet_reference="A1")
    assert await Ballot.all().count() == 0


# --- receipts ---------------------------------------------------------------------------


async def test_receipt_codes_are_random_and_unique(world: World) -> None:
    first = await _online(world, world.unit_a)
    assert len(first.receipt_code) == RECEIPT_LENGTH
    assert set(first.receipt_code) <= set(RECEIPT_ALPHABET)
    assert len({new_receipt_code() for _ in range(1000)}) == 1000
    with refused(UNIQUE):
        await _online(world, world.unit_ab, receipt_code=first.receipt_code)
    found = await Ballot.get(receipt_code=first.receipt_code)
    assert found.pk == first.pk


# --- options and units belong to their vote ---------------------------------------------


async def test_a_choice_must_be_an_option_of_the_ballots_vote(world: World) -> None:
    ballot = await _online(world, world.unit_a)
    with refused("ballot_choice: option of another vote"):
        await BallotChoice.create(ballot=ballot, option=world.other_option)
    await BallotChoice.create(ballot=ballot, option=world.options[OptionStance.FOR])
    with refused(UNIQUE):  # the same option twice
        await BallotChoice.create(ballot=ballot, option=world.options[OptionStance.FOR])
    choice = await BallotChoice.get(ballot=ballot)
    choice.option = world.other_option
    with refused("ballot_choice: option of another vote"):
        await choice.save()


async def test_a_ballot_and_a_voter_need_a_unit_of_their_own_vote(world: World) -> None:
    with refused("ballot: unit of another vote"):
        await _online(world, world.other_unit)
    with refused("eligible_voter: unit of another vote"):
        await EligibleVoter.create(vote=world.vote, unit=world.other_unit, resident=world.bob)
    with refused("vote_option: vote_id cannot change"):
        await VoteOption.filter(pk=world.other_option.pk).update(vote_id=world.vote.pk)
    with refused("eligible_unit: vote_id cannot change"):
        await EligibleUnit.filter(pk=world.other_unit.pk).update(vote_id=world.vote.pk)


async def test_a_conflict_choice_must_be_an_option_of_the_vote(world: World) -> None:
    counted = await _online(world, world.unit_a)
    conflict = await BallotConflict.create(
        vote=world.vote,
        unit=world.unit_a,
        ballot=counted,
        channel=BallotChannel.ON_SITE,
        sheet_reference="现场-01",
        entered_by=world.staff,
        submitted_at=NOW,
    )
    with refused("ballot_conflict_choice: option of another vote"):
        await BallotConflictChoice.create(conflict=conflict, option=world.other_option)


# --- eligibility --------------------------------------------------------------------------


async def test_which_units_a_resident_may_vote_for_is_one_indexed_lookup(
    world: World, db: str
) -> None:
    units = await EligibleVoter.filter(vote=world.vote, resident=world.alice).values_list(
        "unit_id", flat=True
    )
    assert sorted(units) == sorted([world.unit_a.pk, world.unit_ab.pk])
    assert not await EligibleVoter.filter(vote=world.other_vote, resident=world.bob).exists()
    with refused(UNIQUE):
        await EligibleVoter.create(vote=world.vote, unit=world.unit_a, resident=world.alice)
    if db == "sqlite":
        conn = Tortoise.get_connection("default")
        _, plan = await conn.execute_query(
            "EXPLAIN QUERY PLAN SELECT unit_id FROM eligible_voter"
            " WHERE vote_id = ? AND resident_id = ?",
            [world.vote.pk, world.alice.pk],
        )
        detail = " ".join(str(row[3]) for row in plan)
        assert "COVERING INDEX" in detail, detail


async def test_a_unit_key_is_unique_within_a_vote_and_weights_are_sane(world: World) -> None:
    with refused(UNIQUE):
        await EligibleUnit.create(vote=world.vote, unit_key=world.unit_a.unit_key)
    with refused("eligible_unit_weights"):
        await EligibleUnit.create(vote=world.vote, unit_key="owner:x", area=Decimal("-0.01"))
    with refused("eligible_unit_weights"):
        await EligibleUnit.create(vote=world.vote, unit_key="owner:y", headcount=0)
    await EligibleUnit.create(vote=world.vote, unit_key="owner:z", area=Decimal("1000.25"))


# --- what a ballot depends on cannot be deleted ------------------------------------------


async def test_what_a_ballot_depends_on_cannot_be_deleted(world: World) -> None:
    ballot = await _online(world, world.unit_a)
    await BallotChoice.create(ballot=ballot, option=world.options[OptionStance.FOR])
    with refused(FK):
        await world.options[OptionStance.FOR].delete()
    with refused(FK):
        await world.unit_a.delete()
    with refused(FK):
        await world.vote.delete()
    with refused(FK):
        await world.alice.delete()
    assert await Ballot.filter(pk=ballot.pk).exists()
    assert await BallotChoice.filter(ballot=ballot).count() == 1


# --- votes ------------------------------------------------------------------------------


async def test_vote_settings_are_consistent(world: World) -> None:
    base: dict[str, Any] = {
        "community": world.community,
        "scope_kind": ScopeKind.COMMUNITY,
        "question": "q",
        "ballot_kind": BallotKind.SINGLE,
        "voting_unit": VotingUnit.PERSON,
        "decision_rule": DecisionRule.SIMPLE_MAJORITY,
        "opens_at": NOW,
        "closes_at": NOW + dt.timedelta(days=1),
        "created_by": world.staff,
    }
    draft = await Vote.create(**base)
    assert (draft.state, draft.secret, draft.results_live, draft.allow_change) == (
        VoteState.DRAFT,
        True,
        False,
        False,
    )
    bad: list[tuple[dict[str, Any], str]] = [
        ({"max_choices": 2}, "vote_max_choices"),  # SINGLE allows one choice
        ({"ballot_kind": BallotKind.MULTIPLE, "max_choices": 0}, "vote_max_choices"),
        ({"seats": 1}, "vote_max_choices"),  # seats only for MULTIPLE
        ({"decision_rule": DecisionRule.OWNERS_MAJOR}, "vote_owner_rules"),  # needs OWNER units
        ({"closes_at": NOW}, "vote_window"),  # closes when it opens
        ({"state": VoteState.OPEN}, "vote_snapshot"),  # open without a snapshot
        ({"scope_kind": ScopeKind.GRID}, "vote_scope"),  # a grid scope without the grid
        ({"grid": world.grid}, "vote_scope"),  # a community scope with a grid
    ]
    for change, why in bad:
        with refused(why):
            await Vote.create(**(base | change))
    await Vote.create(**(base | {"ballot_kind": BallotKind.MULTIPLE, "max_choices": 3}))
    await Vote.create(**(base | {"scope_kind": ScopeKind.GRID, "grid": world.grid}))

    # Closing freezes the tally and the outcome in the same row.
    world.vote.state = VoteState.CLOSED
    with refused("vote_frozen"):
        await world.vote.save()
    world.vote.closed_at = NOW + dt.timedelta(days=7)
    world.vote.tally = {"ballots": 0, "options": []}
    world.vote.outcome = {"passed": False, "reason": "NO_BALLOTS"}
    await world.vote.save()


async def test_options_have_distinct_positions_labels_and_stances(world: World) -> None:
    for clash in [
        {"label": "其他", "position": 0},
        {"label": "同意", "position": 9},
        {"label": "其他", "position": 9, "stance": OptionStance.FOR},
    ]:
        with refused(UNIQUE):
            await VoteOption.create(vote=world.vote, **clash)
    await VoteOption.create(vote=world.vote, label="其他", position=9)


# --- topics -----------------------------------------------------------------------------


async def _topic(world: World, **extra: Any) -> Topic:
    fields: dict[str, Any] = {
        "community": world.community,
        "scope_kind": ScopeKind.COMMUNITY,
        "title": "楼道堆物清理",
        "description": "三号楼楼道长期堆放杂物，存在消防隐患。",
        "category": TopicCategory.SAFETY,
        "proposer": world.alice,
        "support_threshold": 10,
    }
    return await Topic.create(**(fields | extra))


async def test_a_resident_supports_a_topic_once(world: World) -> None:
    topic = await _topic(world)
    await TopicSupport.create(topic=topic, resident=world.bob)
    with refused(UNIQUE):
        await TopicSupport.create(topic=topic, resident=world.bob)
    await TopicSupport.create(topic=topic, resident=world.alice)
    assert await TopicSupport.filter(topic=topic).count() == 2


async def test_a_topic_scope_names_exactly_its_object(world: World) -> None:
    building = await world.dwelling.building
    assert (await _topic(world, scope_kind=ScopeKind.BUILDING, building=building)).pk
    assert (await _topic(world, scope_kind=ScopeKind.COMPOUND, compound_id=building.compound_id)).pk
    for bad, why in [
        ({"scope_kind": ScopeKind.BUILDING}, "topic_scope"),
        ({"scope_kind": ScopeKind.GRID, "building": building}, "topic_scope"),
        ({"scope_kind": ScopeKind.GRID, "grid": world.grid, "building": building}, "topic_scope"),
        ({"scope_kind": ScopeKind.COMMUNITY, "compound_id": building.compound_id}, "topic_scope"),
        ({"support_threshold": 0}, "topic_support_numbers"),
    ]:
        with refused(why):
            await _topic(world, **bad)


async def test_a_rejected_topic_has_a_public_reason(world: World) -> None:
    topic = await _topic(world)
    topic.state = TopicState.REJECTED
    with refused("topic_rejection_reason"):
        await topic.save()
    topic.rejection_reason = "属于物业合同约定事项，请通过业主委员会处理。"
    await topic.save()


# --- sessions, comments, resolutions, settings ------------------------------------------


async def test_sessions_comments_and_resolutions_are_consistent(world: World) -> None:
    topic = await _topic(world)
    session = await ConsultationSession.create(
        community=world.community,
        title="三号楼楼道治理议事会",
        mode=SessionMode.HYBRID,
        starts_at=NOW,
        ends_at=NOW + dt.timedelta(hours=2),
        created_by=world.staff,
    )
    with refused("consultation_session_times"):
        await ConsultationSession.create(
            community=world.community,
            title="x",
            mode=SessionMode.ONLINE,
            starts_at=NOW,
            ends_at=NOW,
            created_by=world.staff,
        )
    material = {"session": session, "title": "现场照片", "added_by": world.staff}
    await SessionMaterial.create(**material, url="https://example.org/a.jpg")
    for content in [{}, {"url": "https://example.org/b", "body": "正文"}]:
        with refused("session_material_content"):
            await SessionMaterial.create(**material, **content)

    comment = await Comment.create(topic=topic, author=world.bob, body="支持尽快清理。")
    with refused("consultation_comment_target"):  # on a topic and a session at once
        await Comment.create(topic=topic, session=session, author=world.bob, body="x")
    with refused("consultation_comment_target"):  # on nothing
        await Comment.create(author=world.bob, body="x")
    comment.hidden = True
    with refused("consultation_comment_hidden"):  # hidden without moderator and reason
        await comment.save()
    comment.hidden_by = world.staff
    comment.hidden_at = NOW
    comment.hidden_reason = "含个人信息"
    await comment.save()

    with refused("resolution_subject"):  # about nothing
        await Resolution.create(title="决议", text="…", created_by=world.staff)
    resolution = await Resolution.create(
        topic=topic, session=session, title="决议", text="…", created_by=world.staff
    )
    resolution.published_at = NOW
    resolution.published_by = world.staff
    with refused("resolution_notice"):  # published without a notice period
        await resolution.save()
    resolution.notice_until = NOW + dt.timedelta(days=7)
    await resolution.save()
    with refused(UNIQUE):  # one resolution per vote
        await Resolution.create(vote=world.vote, title="a", text="a", created_by=world.staff)
        await Resolution.create(vote=world.vote, title="b", text="b", created_by=world.staff)


async def test_settings_thresholds_are_compared_as_numbers(world: World) -> None:
    other = await Division.get(code="110105002001")
    for bad in [
        {"support_threshold_count": None, "support_threshold_share": None},
        {"support_threshold_count": 0},
        {"support_threshold_share": Decimal("0")},
        {"support_threshold_share": Decimal("1.0001")},
    ]:
        with refused("consultation_settings_values"):
            await ConsultationSettings.create(community=world.community, **bad)
    # 1.0000 and 0.0500 are text on SQLite; the checks compare them as numbers.
    settings = await ConsultationSettings.create(
        community=world.community, support_threshold_share=Decimal("1.0000")
    )
    assert settings.support_threshold_count == 10
    await ConsultationSettings.create(
        community=other, support_threshold_count=None, support_threshold_share=Decimal("0.0500")
    )
    with refused(UNIQUE):  # one row per community
        await ConsultationSettings.create(community=world.community)


# --- concurrency --------------------------------------------------------------------------


@pytest.mark.postgres_only
async def test_concurrent_inserts_for_one_unit_leave_one_ballot(world: World) -> None:
    async def cast(i: int) -> bool:
        try:
            await Ballot.create(
                vote=world.vote,
                unit=world.unit_a,
                channel=BallotChannel.PAPER if i % 2 else BallotChannel.ONLINE,
                cast_by=None if i % 2 else world.alice,
                sheet_reference=f"S-{i}" if i % 2 else None,
                entered_by=world.staff if i % 2 else None,
                cast_at=NOW,
            )
        except IntegrityError:
            return False
        return True

    results = await asyncio.gather(*(cast(i) for i in range(30)))
    assert results.count(True) == 1
    assert await Ballot.filter(vote=world.vote, unit=world.unit_a).count() == 1
