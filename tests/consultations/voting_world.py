"""A small register for the voting tests: households, adults and minors, owners and areas.

Community 永安里 (c1) has grids GA and GB and the compound 安和小区 with a building in each
grid; community 吉祥里 (c2) has grid GC.

    dwelling  building  area     owners       household living there
    101       GA 号楼   88.50    甲 + 乙       H1: 甲 (head), 乙 (spouse), 小甲 (child, 2015)
    102       GA 号楼   120.00   丙            H2: 丙
    103       GA 号楼   60.25    丙            -
    104       GA 号楼   99.99    戊 (lives c2) -
    105       GA 号楼   70.00    nobody        -
    201       GB 号楼   75.50    丁            H3: 丁
    -         (GA)                            H4: 幼 (a minor alone)
    -         (GC, c2)                        H5: 戊

So PERSON in c1: 甲 乙 丙 丁 (4; 小甲 and 幼 are minors); HOUSEHOLD in c1: H1 H2 H3 (3; H4 has
no adult); OWNER in 安和小区: {甲, 乙} 88.50, {丙} 102 + 103 = 180.25, {戊} 99.99, {丁} 75.50
(4 heads, 444.24 m²; 105 has no owner).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tortoise import Tortoise

from backend.auth.models import Account
from backend.auth.roles import Role
from backend.auth.scope import Scope
from backend.consultations import voting
from backend.consultations.models import (
    BallotChannel,
    BallotKind,
    DecisionRule,
    ScopeKind,
    Vote,
    VoteOption,
    VotingUnit,
)
from backend.divisions.models import Division
from backend.grids.models import Grid
from backend.housing.models import Compound, Dwelling, DwellingOwner
from backend.residents.models import Household, Resident
from tests.factories import make_dwelling, make_grid, make_household, make_resident, make_tree

ADULT = dt.date(1980, 5, 17)
CHILD = dt.date(2015, 3, 1)


@dataclass
class VotingWorld:
    tree: dict[str, Division]
    grids: dict[str, Grid]
    compound: Compound
    dwellings: dict[str, Dwelling]
    households: dict[str, Household]
    people: dict[str, Resident]
    staff: Account
    other_staff: Account  # of community c2

    @property
    def c1(self) -> Division:
        return self.tree["c1"]

    @property
    def staff_scope(self) -> Scope:
        return Scope.for_division_codes([self.c1.code])

    @property
    def other_staff_scope(self) -> Scope:
        return Scope.for_division_codes([self.tree["c2"].code])

    def resident_scope(self, name: str) -> Scope:
        """The scope ``principal_for_account`` gives a resident's account."""
        person = self.people[name]
        community = self.c1 if person.grid_id != self.grids["GC"].pk else self.tree["c2"]
        return Scope(
            division_prefixes=(community.code,),
            people="own",
            own_resident_id=person.pk,
            own_household_id=person.household_id,
        )


async def _dwelling(grid: Grid, unit: str, area: str) -> Dwelling:
    dwelling = await make_dwelling(grid, "安和小区", unit)
    await Dwelling.filter(id=dwelling.pk).update(floor_area=Decimal(area))
    return await Dwelling.get(id=dwelling.pk)


async def build_voting_world() -> VotingWorld:
    tree = await make_tree()
    grids = {
        "GA": await make_grid(tree["c1"], "GA"),
        "GB": await make_grid(tree["c1"], "GB"),
        "GC": await make_grid(tree["c2"], "GC"),
    }
    ga, gb, gc = grids["GA"], grids["GB"], grids["GC"]
    dwellings = {
        "101": await _dwelling(ga, "101", "88.50"),
        "102": await _dwelling(ga, "102", "120.00"),
        "103": await _dwelling(ga, "103", "60.25"),
        "104": await _dwelling(ga, "104", "99.99"),
        "105": await _dwelling(ga, "105", "70.00"),
        "201": await _dwelling(gb, "201", "75.50"),
    }
    compound = await Compound.get(name="安和小区")
    households = {
        "H1": await make_household(ga, dwellings["101"]),
        "H2": await make_household(ga, dwellings["102"]),
        "H3": await make_household(gb, dwellings["201"]),
        "H4": await make_household(ga),
        "H5": await make_household(gc),
    }
    h = households
    people = {
        "甲": await make_resident(ga, "甲", household=h["H1"], birth=ADULT, relation="HEAD"),
        "乙": await make_resident(
            ga, "乙", household=h["H1"], birth=dt.date(1982, 1, 9), male=False, relation="SPOUSE"
        ),
        "小甲": await make_resident(ga, "小甲", household=h["H1"], birth=CHILD, relation="CHILD"),
        "丙": await make_resident(ga, "丙", household=h["H2"], birth=dt.date(1970, 2, 2)),
        "丁": await make_resident(gb, "丁", household=h["H3"], birth=dt.date(1990, 7, 7)),
        "幼": await make_resident(ga, "幼", household=h["H4"], birth=dt.date(2012, 1, 1)),
        "戊": await make_resident(gc, "戊", household=h["H5"], birth=dt.date(1975, 3, 3)),
    }
    owners = {
        "101": ["甲", "乙"],
        "102": ["丙"],
        "103": ["丙"],
        "104": ["戊"],
        "201": ["丁"],
    }
    for unit, names in owners.items():
        for name in names:
            await DwellingOwner.create(dwelling=dwellings[unit], owner=people[name])
    staff = await Account.create(
        role=Role.DIVISION_STAFF,
        display_name="社区工作人员",
        username="vote-staff",
        division_codes=[tree["c1"].code],
    )
    other = await Account.create(
        role=Role.DIVISION_STAFF,
        display_name="吉祥里工作人员",
        username="vote-staff-c2",
        division_codes=[tree["c2"].code],
    )
    return VotingWorld(tree, grids, compound, dwellings, households, people, staff, other)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def vote_data(world: VotingWorld, **changes: Any) -> voting.VoteData:
    """A valid community-wide FOR/AGAINST/ABSTAIN vote of persons, open for a day."""
    fields: dict[str, Any] = {
        "community_id": world.c1.pk,
        "scope_kind": ScopeKind.COMMUNITY,
        "question": "是否在小区内增设电动自行车充电桩",
        "ballot_kind": BallotKind.FOR_AGAINST_ABSTAIN,
        "voting_unit": VotingUnit.PERSON,
        "decision_rule": DecisionRule.SIMPLE_MAJORITY,
        "opens_at": now() - dt.timedelta(minutes=1),
        "closes_at": now() + dt.timedelta(days=1),
    }
    fields.update(changes)
    return voting.VoteData(**fields)


async def open_vote(world: VotingWorld, **changes: Any) -> Vote:
    vote = await voting.create_vote(world.staff_scope, world.staff.pk, vote_data(world, **changes))
    return await voting.open_vote(world.staff_scope, vote.pk)


async def rows(*tables: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of the voting tables (or those named), to show a refusal changed nothing."""
    names = tables or (
        "vote",
        "vote_option",
        "eligible_unit",
        "eligible_voter",
        "ballot",
        "ballot_choice",
        "ballot_conflict",
        "ballot_conflict_choice",
    )
    conn = Tortoise.get_connection("default")
    found = {}
    for name in names:
        _, result = await conn.execute_query(f'SELECT * FROM "{name}" ORDER BY "id"')
        found[name] = [dict(r) for r in result]
    return found


async def ready_vote(
    community: Division, account_id: int, *, state: str = "OPEN", **changes: Any
) -> Vote:
    """A community-wide PERSON vote of ``community`` in ``state`` (DRAFT, OPEN or CLOSED), made
    through the services (for tests that need a fresh vote per call, like the access matrix)."""
    fields: dict[str, Any] = {
        "community_id": community.pk,
        "scope_kind": ScopeKind.COMMUNITY,
        "question": "是否同意调整小区停车收费标准",
        "ballot_kind": BallotKind.FOR_AGAINST_ABSTAIN,
        "voting_unit": VotingUnit.PERSON,
        "decision_rule": DecisionRule.SIMPLE_MAJORITY,
        "opens_at": now() - dt.timedelta(minutes=1),
        "closes_at": now() + dt.timedelta(days=1),
    }
    everything = Scope.everything()
    vote = await voting.create_vote(everything, account_id, voting.VoteData(**(fields | changes)))
    if state in ("OPEN", "CLOSED"):
        vote = await voting.open_vote(everything, vote.pk)
    if state == "CLOSED":
        vote = await voting.close_vote(everything, vote.pk)
    return vote


async def ready_conflict(community: Division, account_id: int, resident: Resident) -> int:
    """The id of an open conflict: ``resident`` voted online, then a paper ballot came in."""
    vote = await ready_vote(community, account_id)
    option = await VoteOption.filter(vote_id=vote.pk).order_by("position").first()
    assert option is not None
    own = Scope(
        division_prefixes=(community.code,),
        people="own",
        own_resident_id=resident.pk,
        own_household_id=resident.household_id,
    )
    await voting.cast_online(own, vote.pk, [option.pk])
    entry = await voting.enter_paper(
        Scope.everything(),
        account_id,
        vote.pk,
        [option.pk],
        "第9册-001",
        BallotChannel.PAPER,
        resident_id=resident.pk,
    )
    assert entry.conflict is not None
    return entry.conflict.pk


async def isolation_rows(
    c1: Division, c2: Division, grid_b: Grid, account_id: int, voters: list[Resident]
) -> dict[str, str]:
    """Global IDs of consultation rows for the access tests: votes of ``c1`` in every state
    (a DRAFT, OPEN ones, a CLOSED one), an open conflict, a topic and a session; and rows the
    callers of ``c1`` may not reach: a vote, option, conflict, topic and session of ``c2``, and a
    vote of grid ``grid_b`` (which a resident of another grid does not see).
    ``voters``: a resident of c1 and one of c2 (online voters of the two conflicts)."""
    from backend.api.relay import to_global_id
    from backend.consultations.models import (
        ConsultationSession,
        SessionMode,
        Topic,
        TopicCategory,
    )

    async def first_option(vote: Vote) -> str:
        option = await VoteOption.filter(vote_id=vote.pk).order_by("position").first()
        assert option is not None
        return to_global_id("VoteOption", option.pk)

    async def linked(community: Division) -> tuple[str, str]:
        topic = await Topic.create(
            community=community,
            scope_kind=ScopeKind.COMMUNITY,
            title="楼道堆物清理",
            description="楼道堆物影响消防通道",
            category=TopicCategory.SAFETY,
            support_threshold=10,
        )
        session = await ConsultationSession.create(
            community=community,
            title="居民议事会",
            mode=SessionMode.ON_SITE,
            starts_at=now() + dt.timedelta(days=1),
            ends_at=now() + dt.timedelta(days=1, hours=2),
            created_by_id=account_id,
        )
        return to_global_id("Topic", topic.pk), to_global_id("ConsultationSession", session.pk)

    def gid(vote: Vote) -> str:
        return to_global_id("Vote", vote.pk)

    rows: dict[str, str] = {}
    draft = await ready_vote(c1, account_id, state="DRAFT")
    opened = await ready_vote(c1, account_id)
    rows |= {"draft": gid(draft), "open": gid(opened), "open_option": await first_option(opened)}
    rows["to_close"] = gid(await ready_vote(c1, account_id))
    rows["closed"] = gid(await ready_vote(c1, account_id, state="CLOSED"))
    rows["conflict"] = to_global_id(
        "BallotConflict", await ready_conflict(c1, account_id, voters[0])
    )
    rows["topic"], rows["session"] = await linked(c1)
    other = await ready_vote(c2, account_id)
    rows |= {"vote_c2": gid(other), "option_c2": await first_option(other)}
    rows["conflict_c2"] = to_global_id(
        "BallotConflict", await ready_conflict(c2, account_id, voters[1])
    )
    rows["topic_c2"], rows["session_c2"] = await linked(c2)
    grid_vote = await ready_vote(
        c1, account_id, scope_kind=ScopeKind.GRID, scope_object_id=grid_b.pk
    )
    rows |= {"vote_gb": gid(grid_vote), "option_gb": await first_option(grid_vote)}
    return rows
