"""Voting services (表决) without HTTP: snapshot, ballots on every channel, conflicts, close,
recount, receipts; and every refused input leaves every voting table exactly as it was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from backend.auth.scope import Scope
from backend.consultations import voting
from backend.consultations.models import (
    Ballot,
    BallotChannel,
    BallotChoice,
    BallotConflict,
    BallotKind,
    ConflictStatus,
    DecisionRule,
    EligibleUnit,
    EligibleVoter,
    OptionStance,
    ScopeKind,
    Vote,
    VoteOption,
    VoteState,
    VotingUnit,
)
from backend.consultations.voting_results import outcome_to_json, tally_to_json
from backend.core.errors import DomainError, DomainErrors
from backend.residents.models import Resident
from tests.consultations.voting_world import (
    VotingWorld,
    build_voting_world,
    now,
    open_vote,
    rows,
    vote_data,
)
from tests.factories import make_resident


@pytest.fixture
async def world(db: str) -> VotingWorld:
    return await build_voting_world()


async def options(vote: Vote) -> dict[str, int]:
    """Option ids by label."""
    return dict(await VoteOption.filter(vote_id=vote.pk).values_list("label", "id"))


async def refused(call: Awaitable[Any], code: str, field: str | None = "voteId") -> None:
    """``call`` fails with exactly this one field error and no voting row changed."""
    before = await rows()
    with pytest.raises(DomainError) as raised:
        await call
    assert (raised.value.code.value, raised.value.field) == (code, field)
    assert await rows() == before


def unit_key(*people: Any, kind: str = "owner") -> str:
    return f"{kind}:" + "+".join(str(p.pk) for p in sorted(people, key=lambda p: p.pk))


# --- the eligibility snapshot -----------------------------------------------------------------


async def test_open_takes_a_person_snapshot_of_adults_only(world: VotingWorld) -> None:
    vote = await open_vote(world)
    assert vote.state == VoteState.OPEN and vote.snapshot_at is not None
    p = world.people
    keys = (
        await EligibleUnit.filter(vote_id=vote.pk)
        .order_by("unit_key")
        .values_list("unit_key", flat=True)
    )
    assert sorted(keys) == sorted(f"person:{p[n].pk}" for n in ("甲", "乙", "丙", "丁"))
    assert (vote.eligible_unit_count, vote.eligible_headcount) == (4, 4)
    assert vote.eligible_area == Decimal("0")
    voters = await EligibleVoter.filter(vote_id=vote.pk).values_list("resident_id", flat=True)
    assert sorted(voters) == sorted(p[n].pk for n in ("甲", "乙", "丙", "丁"))
    # Minors (小甲, 幼) and residents of the other community (戊) have no unit.
    for name in ("小甲", "幼", "戊"):
        assert not await EligibleVoter.filter(vote_id=vote.pk, resident_id=p[name].pk).exists()


async def test_open_takes_a_household_snapshot(world: VotingWorld) -> None:
    vote = await open_vote(world, voting_unit=VotingUnit.HOUSEHOLD)
    h, p = world.households, world.people
    units = {
        u.unit_key: u for u in await EligibleUnit.filter(vote_id=vote.pk).prefetch_related("voters")
    }
    assert sorted(units) == sorted(f"household:{h[n].pk}" for n in ("H1", "H2", "H3"))
    h1 = units[f"household:{h['H1'].pk}"]
    assert sorted(v.resident_id for v in h1.voters) == sorted([p["甲"].pk, p["乙"].pk])
    assert h1.label == h["H1"].number
    assert vote.eligible_headcount == 3
    assert vote.snapshot_excluded == [
        {"ref": f"household:{h['H4'].pk}", "reason": "NO_ADULT_MEMBER"}
    ]


async def test_open_takes_an_owner_snapshot_with_co_owned_and_multi_dwelling_owners(
    world: VotingWorld,
) -> None:
    vote = await open_vote(
        world,
        voting_unit=VotingUnit.OWNER,
        decision_rule=DecisionRule.OWNERS_ORDINARY,
        scope_kind=ScopeKind.COMPOUND,
        scope_object_id=world.compound.pk,
    )
    p, d = world.people, world.dwellings
    units = {
        u["unit_key"]: u
        for u in await EligibleUnit.filter(vote_id=vote.pk).values(
            "unit_key", "headcount", "area", "dwelling_ids", "label"
        )
    }
    assert {k: (u["headcount"], u["area"], u["dwelling_ids"]) for k, u in units.items()} == {
        unit_key(p["甲"], p["乙"]): (1, Decimal("88.50"), [d["101"].pk]),
        unit_key(p["丙"]): (1, Decimal("180.25"), sorted([d["102"].pk, d["103"].pk])),
        unit_key(p["戊"]): (1, Decimal("99.99"), [d["104"].pk]),
        unit_key(p["丁"]): (1, Decimal("75.50"), [d["201"].pk]),
    }
    assert "102" in units[unit_key(p["丙"])]["label"]
    assert "103" in units[unit_key(p["丙"])]["label"]
    assert (vote.eligible_headcount, vote.eligible_area) == (4, Decimal("444.24"))
    assert vote.snapshot_excluded == [{"ref": f"dwelling:{d['105'].pk}", "reason": "NO_OWNER"}]
    # Co-owners may each cast the one ballot of their dwelling.
    co_owned = await EligibleUnit.get(vote_id=vote.pk, unit_key=unit_key(p["甲"], p["乙"]))
    assert sorted(
        await EligibleVoter.filter(unit_id=co_owned.pk).values_list("resident_id", flat=True)
    ) == sorted([p["甲"].pk, p["乙"].pk])

    # The snapshot is shown with the results: an owner living in another community votes, the
    # co-owned dwelling votes once, and the outcome is computed on the snapshot's totals.
    ids = await options(vote)
    await voting.cast_online(world.resident_scope("戊"), vote.pk, [ids["同意"]])
    await voting.cast_online(world.resident_scope("乙"), vote.pk, [ids["同意"]])
    await refused(
        voting.cast_online(world.resident_scope("甲"), vote.pk, [ids["反对"]]), "ALREADY_VOTED"
    )
    await voting.cast_online(world.resident_scope("丙"), vote.pk, [ids["同意"]])
    closed = await voting.close_vote(world.staff_scope, vote.pk)
    outcome = closed.outcome
    assert outcome["eligibleHeadcount"] == 4 and Decimal(outcome["eligibleArea"]) == Decimal(
        "444.24"
    )
    assert outcome["participatingHeadcount"] == 3
    assert Decimal(outcome["participatingArea"]) == Decimal("368.74")
    assert outcome["turnoutHeadcountRatio"] == "3/4"
    assert Fraction(outcome["turnoutAreaRatio"]) == Fraction("368.74") / Fraction("444.24")
    assert outcome["turnoutMet"] is True and outcome["passed"] is True
    assert outcome["reason"] == "APPROVED"


async def test_a_grid_or_building_scope_takes_only_its_people(world: VotingWorld) -> None:
    grid_vote = await open_vote(
        world, scope_kind=ScopeKind.GRID, scope_object_id=world.grids["GB"].pk
    )
    assert grid_vote.eligible_headcount == 1  # 丁
    building = world.dwellings["101"].building_id
    building_vote = await open_vote(
        world,
        voting_unit=VotingUnit.HOUSEHOLD,
        scope_kind=ScopeKind.BUILDING,
        scope_object_id=building,
    )
    assert building_vote.eligible_headcount == 2  # H1 and H2; H4 has no dwelling there


async def test_later_register_changes_do_not_move_the_snapshot(world: VotingWorld) -> None:
    vote = await open_vote(world)
    newcomer = await make_resident(world.grids["GA"], "新来", birth=dt.date(1960, 1, 1))
    await Resident.filter(id=world.people["丁"].pk).update(grid_id=world.grids["GC"].pk)
    assert await EligibleUnit.filter(vote_id=vote.pk).count() == 4
    assert (await Vote.get(id=vote.pk)).eligible_headcount == 4
    ids = await options(vote)
    # The newcomer is not on the list; 丁, who moved away, still is.
    newcomer_scope = Scope(
        division_prefixes=(world.c1.code,), people="own", own_resident_id=newcomer.pk
    )
    await refused(voting.cast_online(newcomer_scope, vote.pk, [ids["同意"]]), "NOT_ELIGIBLE")
    await voting.cast_online(world.resident_scope("丁"), vote.pk, [ids["同意"]])


async def test_a_vote_opens_once(world: VotingWorld) -> None:
    vote = await open_vote(world)
    await refused(voting.open_vote(world.staff_scope, vote.pk), "VOTE_ALREADY_OPENED")


# --- creating -----------------------------------------------------------------------------


async def test_create_refuses_bad_input_and_writes_nothing(world: VotingWorld) -> None:
    scope, staff = world.staff_scope, world.staff.pk
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"decision_rule": DecisionRule.OWNERS_MAJOR}, "RULE_NEEDS_OWNER_UNITS", "decisionRule"),
        ({"question": "  "}, "REQUIRED", "question"),
        ({"closes_at": now() - dt.timedelta(days=2)}, "INVALID_RANGE", "closesAt"),
        (
            {
                "opens_at": now() - dt.timedelta(days=3),
                "closes_at": now() - dt.timedelta(days=1),
            },
            "IN_THE_PAST",
            "closesAt",
        ),
        ({"scope_kind": ScopeKind.GRID}, "REQUIRED", "scopeId"),
        (
            {"scope_kind": ScopeKind.GRID, "scope_object_id": world.grids["GC"].pk},
            "FORBIDDEN",
            "scopeId",
        ),
        ({"community_id": world.tree["c2"].pk}, "FORBIDDEN", "communityId"),
        ({"community_id": world.tree["sub"].pk}, "INVALID", "communityId"),
        (
            {
                "ballot_kind": BallotKind.SINGLE,
                "options": [voting.OptionData("甲方案")],
            },
            "OUT_OF_RANGE",
            "options",
        ),
        (
            {
                "ballot_kind": BallotKind.MULTIPLE,
                "max_choices": 3,
                "options": [voting.OptionData("甲"), voting.OptionData("乙")],
            },
            "OUT_OF_RANGE",
            "maxChoices",
        ),
        (
            {
                "ballot_kind": BallotKind.SINGLE,
                "options": [voting.OptionData("甲"), voting.OptionData("甲")],
            },
            "DUPLICATE",
            "options.1.label",
        ),
        (
            {"options": [voting.OptionData("同意"), voting.OptionData("反对")]},
            "INVALID",
            "options",
        ),
    ]
    for changes, code, field in cases:
        await refused(voting.create_vote(scope, staff, vote_data(world, **changes)), code, field)
    # A region's staff cannot use another community's grid even with an unrestricted check.
    admin_scope = Scope.everything()
    await refused(
        voting.create_vote(
            admin_scope,
            staff,
            vote_data(world, scope_kind=ScopeKind.GRID, scope_object_id=world.grids["GC"].pk),
        ),
        "OUTSIDE_COMMUNITY",
        "scopeId",
    )
    before = await rows()
    with pytest.raises(DomainErrors) as several:
        later = now() + dt.timedelta(hours=1)
        await voting.create_vote(
            scope, staff, vote_data(world, question="", opens_at=later, closes_at=later)
        )
    assert {(e.code.value, e.field) for e in several.value.errors} == {
        ("REQUIRED", "question"),
        ("INVALID_RANGE", "closesAt"),
    }
    assert await rows() == before


async def test_for_against_abstain_gets_its_three_options_by_default(world: VotingWorld) -> None:
    vote = await voting.create_vote(world.staff_scope, world.staff.pk, vote_data(world))
    found = (
        await VoteOption.filter(vote_id=vote.pk).order_by("position").values_list("label", "stance")
    )
    assert found == [
        ("同意", OptionStance.FOR),
        ("反对", OptionStance.AGAINST),
        ("弃权", OptionStance.ABSTAIN),
    ]
    assert vote.state == VoteState.DRAFT and vote.secret and not vote.allow_change


# --- casting ------------------------------------------------------------------------------


async def test_cast_counts_one_ballot_with_a_receipt(world: VotingWorld) -> None:
    vote = await open_vote(world)
    ids = await options(vote)
    cast = await voting.cast_online(world.resident_scope("甲"), vote.pk, [ids["同意"]])
    assert cast.channel == BallotChannel.ONLINE and len(cast.receipt_code) == 16
    assert cast.unit_key == f"person:{world.people['甲'].pk}"
    receipt = await voting.lookup_receipt(cast.receipt_code.lower())
    assert receipt is not None and receipt.counted and receipt.vote_question == vote.question
    assert receipt.status == voting.ReceiptStatus.COUNTED
    assert await voting.lookup_receipt("0" * 16) is None
    assert await voting.lookup_receipt("not a code") is None


async def test_voting_twice_is_refused_and_changes_nothing(world: VotingWorld) -> None:
    vote = await open_vote(world)
    ids = await options(vote)
    scope = world.resident_scope("甲")
    await voting.cast_online(scope, vote.pk, [ids["同意"]])
    await refused(voting.cast_online(scope, vote.pk, [ids["反对"]]), "ALREADY_VOTED")
    assert await Ballot.filter(vote_id=vote.pk).count() == 1


async def test_a_change_rewrites_the_choices_when_the_vote_allows_it(world: VotingWorld) -> None:
    vote = await open_vote(world, allow_change=True, voting_unit=VotingUnit.HOUSEHOLD)
    ids = await options(vote)
    first = await voting.cast_online(world.resident_scope("甲"), vote.pk, [ids["同意"]])
    second = await voting.cast_online(world.resident_scope("甲"), vote.pk, [ids["反对"]])
    assert second.receipt_code == first.receipt_code and second.revision == 2
    assert second.changed_at is not None
    ballot = await Ballot.get(receipt_code=first.receipt_code)
    chosen = await BallotChoice.filter(ballot_id=ballot.pk).values_list("option_id", flat=True)
    assert chosen == [ids["反对"]]
    # Another member of the household cannot overwrite the ballot someone else cast.
    await refused(
        voting.cast_online(world.resident_scope("乙"), vote.pk, [ids["弃权"]]), "ALREADY_VOTED"
    )


async def test_bad_ballots_are_refused_and_change_nothing(world: VotingWorld) -> None:
    vote = await open_vote(world)
    other = await open_vote(world, question="另一个表决")
    ids, other_ids = await options(vote), await options(other)
    me = world.resident_scope("甲")
    await refused(
        voting.cast_online(me, vote.pk, [other_ids["同意"]]), "OPTION_NOT_IN_VOTE", "optionIds"
    )
    await refused(
        voting.cast_online(me, vote.pk, [ids["同意"], ids["反对"]]),
        "TOO_MANY_CHOICES",
        "optionIds",
    )
    await refused(
        voting.cast_online(me, vote.pk, [ids["同意"], ids["同意"]]),
        "DUPLICATE_CHOICE",
        "optionIds",
    )
    # Outside the vote's scope: a grid vote of GB is not even visible to a resident of GA, so
    # it answers like a vote that does not exist (and its options like foreign IDs) …
    grid_vote = await open_vote(
        world, scope_kind=ScopeKind.GRID, scope_object_id=world.grids["GB"].pk
    )
    grid_ids = await options(grid_vote)
    await refused(voting.cast_online(me, grid_vote.pk, [grid_ids["同意"]]), "FORBIDDEN")
    await refused(voting.cast_online(me, 987654, [grid_ids["同意"]]), "FORBIDDEN")
    await refused(
        voting.cast_online(me, vote.pk, [ids["同意"], grid_ids["同意"]]),
        "FORBIDDEN",
        "optionIds.1",
    )
    await refused(voting.cast_online(me, vote.pk, [987654]), "FORBIDDEN", "optionIds.0")
    # … a minor sees the vote but is not on its list; a resident of another community does
    # not see it at all.
    await refused(
        voting.cast_online(world.resident_scope("小甲"), vote.pk, [ids["同意"]]), "NOT_ELIGIBLE"
    )
    await refused(
        voting.cast_online(world.resident_scope("戊"), vote.pk, [ids["同意"]]), "FORBIDDEN"
    )
    # Staff have no unit of their own.
    await refused(voting.cast_online(world.staff_scope, vote.pk, [ids["同意"]]), "NOT_ELIGIBLE")
    assert await Ballot.all().count() == 0


async def test_empty_ballots_count_unless_the_vote_refuses_them(world: VotingWorld) -> None:
    vote = await open_vote(world)
    cast = await voting.cast_online(world.resident_scope("甲"), vote.pk, [])
    assert (await voting.lookup_receipt(cast.receipt_code)) is not None
    strict = await open_vote(world, allow_empty=False, question="不收空白票")
    await refused(
        voting.cast_online(world.resident_scope("甲"), strict.pk, []), "EMPTY_BALLOT", "optionIds"
    )


async def test_no_ballot_before_the_opening_or_after_the_closing(world: VotingWorld) -> None:
    draft = await voting.create_vote(world.staff_scope, world.staff.pk, vote_data(world))
    draft_ids = await options(draft)
    # A DRAFT is not visible to residents at all.
    await refused(
        voting.cast_online(world.resident_scope("甲"), draft.pk, [draft_ids["同意"]]), "FORBIDDEN"
    )
    later = await open_vote(world, opens_at=now() + dt.timedelta(hours=1))
    later_ids = await options(later)
    await refused(
        voting.cast_online(world.resident_scope("甲"), later.pk, [later_ids["同意"]]),
        "VOTE_NOT_OPEN",
    )
    vote = await open_vote(world)
    ids = await options(vote)
    await Vote.filter(id=vote.pk).update(
        opens_at=now() - dt.timedelta(days=2), closes_at=now() - dt.timedelta(seconds=1)
    )
    await refused(
        voting.cast_online(world.resident_scope("甲"), vote.pk, [ids["同意"]]), "VOTE_CLOSED"
    )
    # Paper ballots may still be entered until staff close the vote; then nothing more.
    entry = await voting.enter_paper(
        world.staff_scope,
        world.staff.pk,
        vote.pk,
        [ids["同意"]],
        "第1册-001",
        BallotChannel.PAPER,
        resident_id=world.people["乙"].pk,
    )
    assert entry.ballot is not None
    await voting.close_vote(world.staff_scope, vote.pk)
    await refused(
        voting.enter_paper(
            world.staff_scope,
            world.staff.pk,
            vote.pk,
            [ids["同意"]],
            "第1册-002",
            BallotChannel.PAPER,
            resident_id=world.people["丙"].pk,
        ),
        "VOTE_CLOSED",
    )


async def test_an_owner_of_two_units_chooses_which_one_votes(world: VotingWorld) -> None:
    # 甲 owns 101 with 乙; give 甲 a dwelling alone as well: two units, two ballots.
    from backend.housing.models import DwellingOwner

    await DwellingOwner.create(dwelling=world.dwellings["105"], owner=world.people["甲"])
    vote = await open_vote(
        world,
        voting_unit=VotingUnit.OWNER,
        decision_rule=DecisionRule.OWNERS_MAJOR,
        scope_kind=ScopeKind.COMPOUND,
        scope_object_id=world.compound.pk,
    )
    ids = await options(vote)
    me = world.resident_scope("甲")
    await refused(voting.cast_online(me, vote.pk, [ids["同意"]]), "UNIT_REQUIRED", "unitKey")
    await refused(
        voting.cast_online(me, vote.pk, [ids["同意"]], unit_key=unit_key(world.people["丙"])),
        "NOT_ELIGIBLE",
        "unitKey",
    )
    alone = unit_key(world.people["甲"])
    together = unit_key(world.people["甲"], world.people["乙"])
    await voting.cast_online(me, vote.pk, [ids["同意"]], unit_key=alone)
    await voting.cast_online(me, vote.pk, [ids["反对"]], unit_key=together)
    assert await Ballot.filter(vote_id=vote.pk).count() == 2
    mine = await voting.voter_units([vote.pk], world.people["甲"].pk)
    assert [(u.unit_key, u.ballot is not None) for u in mine[vote.pk]] == sorted(
        [(alone, True), (together, True)]
    )


# --- paper ballots and conflicts ----------------------------------------------------------


async def test_paper_ballots_merge_per_unit_and_conflicts_are_kept(world: VotingWorld) -> None:
    vote = await open_vote(world, voting_unit=VotingUnit.HOUSEHOLD)
    ids = await options(vote)
    h1 = f"household:{world.households['H1'].pk}"
    staff, account = world.staff_scope, world.staff.pk
    online = await voting.cast_online(world.resident_scope("甲"), vote.pk, [ids["同意"]])
    # The same household on paper: not counted twice, not dropped, but a conflict.
    entry = await voting.enter_paper(
        staff, account, vote.pk, [ids["反对"]], "第1册-001", BallotChannel.PAPER, unit_key=h1
    )
    assert entry.ballot is None and entry.conflict is not None
    assert entry.conflict.status == ConflictStatus.OPEN
    pending = await voting.lookup_receipt(entry.conflict.receipt_code)
    assert pending is not None and pending.status == voting.ReceiptStatus.PENDING
    assert not pending.counted
    assert await Ballot.filter(vote_id=vote.pk).count() == 1
    # Another household on site, named by its signer.
    counted = await voting.enter_paper(
        staff,
        account,
        vote.pk,
        [ids["同意"]],
        "现场-01",
        BallotChannel.ON_SITE,
        resident_id=world.people["丙"].pk,
    )
    assert counted.ballot is not None and counted.ballot.channel == BallotChannel.ON_SITE
    # Bad entries change nothing.
    await refused(
        voting.enter_paper(
            staff,
            account,
            vote.pk,
            [ids["同意"]],
            "现场-01",
            BallotChannel.PAPER,
            resident_id=world.people["丁"].pk,
        ),
        "DUPLICATE",
        "sheetReference",
    )
    await refused(
        voting.enter_paper(
            staff,
            account,
            vote.pk,
            [ids["同意"]],
            "第1册-009",
            BallotChannel.PAPER,
            unit_key="household:999999",
        ),
        "NOT_ELIGIBLE",
        "unitKey",
    )
    await refused(
        voting.enter_paper(
            staff,
            account,
            vote.pk,
            [ids["同意"]],
            "第1册-009",
            BallotChannel.PAPER,
            resident_id=world.people["小甲"].pk,
        ),
        "NOT_ELIGIBLE",
        "residentId",
    )
    await refused(
        voting.enter_paper(
            world.other_staff_scope,
            world.other_staff.pk,
            vote.pk,
            [ids["同意"]],
            "X-1",
            BallotChannel.PAPER,
            unit_key=h1,
        ),
        "FORBIDDEN",
    )
    # Closing with an open conflict would drop it silently: refused.
    await refused(voting.close_vote(staff, vote.pk), "OPEN_CONFLICTS")
    resolved = await voting.resolve_conflict(
        staff, account, entry.conflict.pk, True, "纸质票为本人签字"
    )
    assert resolved.status == ConflictStatus.REPLACED
    await refused(
        voting.resolve_conflict(staff, account, entry.conflict.pk, False, "再次处理"),
        "CONFLICT_RESOLVED",
        "conflictId",
    )
    # The ballot keeps its receipt and now holds the paper choices; the receipts tell which
    # ballot is counted.
    ballot = await Ballot.get(receipt_code=online.receipt_code)
    assert ballot.channel == BallotChannel.PAPER and ballot.revision == 2
    assert await BallotChoice.filter(ballot_id=ballot.pk).values_list("option_id", flat=True) == [
        ids["反对"]
    ]
    replaced = await voting.lookup_receipt(online.receipt_code)
    now_counted = await voting.lookup_receipt(entry.conflict.receipt_code)
    assert replaced is not None and replaced.status == voting.ReceiptStatus.NOT_COUNTED
    assert now_counted is not None and now_counted.counted
    closed = await voting.close_vote(staff, vote.pk)
    assert closed.tally["ballots"] == 2  # H1 (replaced, once) and H2


async def test_keeping_the_existing_ballot_leaves_it_counted(world: VotingWorld) -> None:
    vote = await open_vote(world)
    ids = await options(vote)
    online = await voting.cast_online(world.resident_scope("甲"), vote.pk, [ids["同意"]])
    entry = await voting.enter_paper(
        world.staff_scope,
        world.staff.pk,
        vote.pk,
        [ids["反对"]],
        "第2册-001",
        BallotChannel.PAPER,
        resident_id=world.people["甲"].pk,
    )
    assert entry.conflict is not None
    await refused(
        voting.resolve_conflict(world.staff_scope, world.staff.pk, entry.conflict.pk, False, " "),
        "REQUIRED",
        "note",
    )
    await voting.resolve_conflict(
        world.staff_scope, world.staff.pk, entry.conflict.pk, False, "本人已在线投票"
    )
    kept = await voting.lookup_receipt(online.receipt_code)
    aside = await voting.lookup_receipt(entry.conflict.receipt_code)
    assert kept is not None and kept.counted
    assert aside is not None and aside.status == voting.ReceiptStatus.NOT_COUNTED
    ballot = await Ballot.get(receipt_code=online.receipt_code)
    assert await BallotChoice.filter(ballot_id=ballot.pk).values_list("option_id", flat=True) == [
        ids["同意"]
    ]
    assert await BallotConflict.filter(vote_id=vote.pk).count() == 1  # kept as evidence


# --- close and recount --------------------------------------------------------------------


async def test_close_freezes_tally_and_outcome_and_a_recount_equals_it(world: VotingWorld) -> None:
    vote = await open_vote(world, decision_rule=DecisionRule.TWO_THIRDS)
    ids = await options(vote)
    for name, choice in (("甲", "同意"), ("乙", "同意"), ("丙", "弃权")):
        await voting.cast_online(world.resident_scope(name), vote.pk, [ids[choice]])
    await refused(voting.recount_vote(world.staff_scope, vote.pk), "VOTE_NOT_CLOSED")
    closed = await voting.close_vote(world.staff_scope, vote.pk)
    assert closed.state == VoteState.CLOSED and closed.closed_at is not None
    counts = await voting.raw_tally(vote.pk)
    assert closed.tally == tally_to_json(counts)
    by_option = {o["optionId"]: o["headcount"] for o in closed.tally["options"]}
    assert by_option == {ids["同意"]: 2, ids["反对"]: 0, ids["弃权"]: 1}
    assert closed.outcome["reason"] == "APPROVED"  # 2 of 3 cast: exactly two thirds
    assert closed.outcome["passedOptionIds"] == [ids["同意"]]
    assert closed.outcome["turnoutHeadcountRatio"] == "3/4"
    recount = await voting.recount_vote(world.staff_scope, vote.pk)
    assert recount.matches and recount.stored == recount.recounted == counts
    await refused(voting.close_vote(world.staff_scope, vote.pk), "VOTE_CLOSED")
    await refused(
        voting.cast_online(world.resident_scope("丁"), vote.pk, [ids["同意"]]), "VOTE_CLOSED"
    )

    # A ballot changed in the database behind the services' back is found by the recount.
    ballot = await Ballot.filter(vote_id=vote.pk).first()
    assert ballot is not None
    await BallotChoice.filter(ballot_id=ballot.pk).delete()
    tampered = await voting.recount_vote(world.staff_scope, vote.pk)
    assert not tampered.matches and tampered.stored == counts


async def test_the_outcome_json_is_exact(world: VotingWorld) -> None:
    from backend.consultations import rules

    counts = rules.Tally(
        options=(
            rules.OptionCount(1, 1, Decimal("0.10")),
            rules.OptionCount(2, 2, Decimal("0.20")),
        ),
        ballots=3,
        headcount=3,
        area=Decimal("0.30"),
        empty_ballots=0,
    )
    outcome = rules.decide(
        rules.DecisionRule.OWNERS_ORDINARY,
        rules.BallotKind.SINGLE,
        counts,
        eligible_headcount=3,
        eligible_area=Decimal("0.30"),
    )
    data = outcome_to_json(outcome)
    assert data["options"][1]["areaRatio"] == "2/3" and data["turnoutAreaRatio"] == "1/1"
    assert voting.tally_from_json(tally_to_json(counts)) == counts


async def test_staff_of_another_community_cannot_act_on_the_vote(world: VotingWorld) -> None:
    vote = await voting.create_vote(world.staff_scope, world.staff.pk, vote_data(world))
    other = world.other_staff_scope
    await refused(voting.open_vote(other, vote.pk), "FORBIDDEN")
    await voting.open_vote(world.staff_scope, vote.pk)
    await refused(voting.close_vote(other, vote.pk), "FORBIDDEN")
    await refused(voting.recount_vote(other, vote.pk), "FORBIDDEN")
    await refused(voting.filter_conflicts(other, vote.pk), "FORBIDDEN")


async def test_residents_see_the_votes_that_cover_them(world: VotingWorld) -> None:
    community = await open_vote(world, question="社区")
    grid_b = await open_vote(
        world, question="乙网格", scope_kind=ScopeKind.GRID, scope_object_id=world.grids["GB"].pk
    )
    owners = await open_vote(
        world,
        question="业主",
        voting_unit=VotingUnit.OWNER,
        scope_kind=ScopeKind.COMPOUND,
        scope_object_id=world.compound.pk,
    )
    draft = await voting.create_vote(world.staff_scope, world.staff.pk, vote_data(world))

    async def seen(scope: Any) -> set[int]:
        return set(await voting.visible_votes(scope, Vote.all()).values_list("id", flat=True))

    assert await seen(world.resident_scope("甲")) == {community.pk, owners.pk}
    assert await seen(world.resident_scope("丁")) == {community.pk, grid_b.pk, owners.pk}
    # 戊 lives in the other community but owns a dwelling here: the snapshot names them.
    assert await seen(world.resident_scope("戊")) == {owners.pk}
    assert await seen(world.staff_scope) == {community.pk, grid_b.pk, owners.pk, draft.pk}
    assert await seen(world.other_staff_scope) == set()
