"""Demo votes (表决) for the first community, seeded after ``backend.consultations.demo``.

- An OPEN owners' vote in the compound where a demo resident co-owns a flat (永安里东区 with the
  default seed; the login 13800138001): using the special maintenance fund (专项维修资金) to
  redo the roofs' waterproofing, an ordinary matter under Civil Code art. 278 (> 1/2 of the
  participating area and owners). It opened three days ago and closes in five; a good share of
  the owners have voted online, one paper ballot is entered with its sheet reference and one
  paper sheet waits as a conflict. The demo resident's unit has not voted.
- A CLOSED owners' vote in the same compound on renewing the property service company (续聘物业
  服务企业, also ordinary) with online, paper and on-site ballots and one settled conflict. Its
  topic is DECIDED with a published resolution in its notice period and an implementation
  update; the demo resident voted in it and can look up their receipt.
- A CLOSED secret PERSON vote of the whole community choosing the pocket park's design (the topic
  and session of ``demo``), so the result charts show headcount.

The voting services create and open the votes (the eligibility snapshot), enter the paper
ballots and conflicts, cast the demo resident's ballot, settle the conflict and close the votes
(the frozen tally and outcome, from the raw ballots). The other residents' online ballots are
inserted in bulk as ``cast_online`` writes them (one row per unit under the same unique
constraint, the receipt from the model's generator, the choices): hundreds of calls one by one
would make ``seed-demo`` several times slower. The services stamp the present moment, so the
windows and the times of the ballots they wrote are moved back afterwards. Development data
only; who votes and how is drawn from the seed (receipt codes are random, as always).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from backend.auth.models import Account
from backend.auth.scope import Scope
from backend.consultations import resolutions, voting
from backend.consultations.access import Viewer
from backend.consultations.demo import (
    LOCAL,
    TOPICS,
    Person,
    Seeder,
    TopicSpec,
    adults_of,
    demo_residents,
    staff_account,
)
from backend.consultations.models import (
    Ballot,
    BallotChannel,
    BallotChoice,
    BallotConflict,
    BallotKind,
    ConsultationSession,
    DecisionRule,
    EligibleUnit,
    EligibleVoter,
    ImplementationUpdate,
    Resolution,
    ScopeKind,
    Topic,
    TopicCategory,
    TopicState,
    Vote,
    VoteOption,
    VotingUnit,
)
from backend.divisions.models import Division, DivisionLevel
from backend.grids.models import Grid
from backend.housing.models import Compound, DwellingOwner

FUND_TOPIC = TopicSpec(
    "使用专项维修资金翻修屋面防水层",
    "多栋楼顶层住户反映雨季屋顶渗水，墙面发霉。建议使用专项维修资金统一翻修屋面防水层，"
    "费用按各楼实际面积分摊，工程由业委会和物业共同监督。",
    TopicCategory.HOUSING_RENEWAL,
    TopicState.IN_CONSULTATION,
    11,
    ScopeKind.COMPOUND,
)
PROPERTY_TOPIC = TopicSpec(
    "续聘物业服务企业",
    "现物业服务合同年底到期。业委会建议续聘现物业服务企业三年，物业费标准不变，"
    "同时在合同中增加服务质量考核条款。",
    TopicCategory.PROPERTY_SERVICE,
    TopicState.IN_CONSULTATION,  # DECIDED once its resolution is published
    9,
    ScopeKind.COMPOUND,
)
FOR, AGAINST, ABSTAIN = 0, 1, 2  # positions of the default options 同意 / 反对 / 弃权
NEIGHBOURS = 20  # residents of the compound who propose and support each topic


@dataclass(frozen=True)
class Unit:
    """A voting unit of a snapshot and the residents who may cast its ballot."""

    id: int
    key: str
    area: Decimal
    voters: tuple[int, ...]


class VoteSeeder:
    def __init__(self, s: Seeder, community: Division, staff: Account) -> None:
        self.s = s
        self.rng = s.rng
        self.community = community
        self.staff = staff
        self.staff_scope = Scope.for_division_codes([community.code])

    async def vote(self, data: voting.VoteData) -> Vote:
        """Create and open the vote now (``settle`` moves its window afterwards)."""
        vote = await voting.create_vote(self.staff_scope, self.staff.pk, data)
        return await voting.open_vote(self.staff_scope, vote.pk)

    async def units(self, vote: Vote) -> list[Unit]:
        """The snapshot's units in register order (by first dwelling, or by person), so the
        same seed picks the same voters whatever ids the database gave."""
        voters: dict[int, list[int]] = {}
        for unit_id, resident_id in await EligibleVoter.filter(vote_id=vote.pk).values_list(
            "unit_id", "resident_id"
        ):
            voters.setdefault(unit_id, []).append(resident_id)
        rows = await EligibleUnit.filter(vote_id=vote.pk).values_list(
            "id", "unit_key", "area", "dwelling_ids"
        )
        found = [
            (
                min(dwellings) if dwellings else min(voters[pk]),
                Unit(pk, key, Decimal(str(area)), tuple(sorted(voters[pk]))),
            )
            for pk, key, area, dwellings in rows
        ]
        return [unit for _, unit in sorted(found, key=lambda pair: pair[0])]

    async def options(self, vote: Vote) -> list[int]:
        found = (
            await VoteOption.filter(vote_id=vote.pk)
            .order_by("position")
            .values_list("id", flat=True)
        )
        return [int(pk) for pk in found]  # type: ignore[call-overload]

    async def crowd(
        self,
        vote: Vote,
        units: list[Unit],
        options: list[int],
        weights: tuple[float, ...],
        opens: dt.datetime,
        until: dt.datetime,
    ) -> None:
        """Online ballots of ``units`` (each cast by its first voter, with a choice drawn by
        ``weights``) at times spread over ``opens``–``until``, in the order of ``units``."""
        span = (until - opens).total_seconds()
        times = sorted(self.rng.uniform(0, span) for _ in units)
        choices = {u.id: self.rng.choices(options, weights=weights) for u in units}
        await Ballot.bulk_create(
            [
                Ballot(
                    vote_id=vote.pk,
                    unit_id=u.id,
                    channel=BallotChannel.ONLINE,
                    cast_by_id=u.voters[0],
                    cast_at=opens + dt.timedelta(seconds=round(t)),
                )
                for u, t in zip(units, times, strict=True)
            ],
            batch_size=500,
        )
        ids = dict(
            await Ballot.filter(vote_id=vote.pk, unit_id__in=list(choices)).values_list(
                "unit_id", "id"
            )
        )
        await BallotChoice.bulk_create(
            [
                BallotChoice(ballot_id=ids[unit_id], option_id=option)
                for unit_id, chosen in choices.items()
                for option in chosen
            ],
            batch_size=500,
        )

    async def online(self, vote: Vote, unit: Unit, choice: list[int], voter: int) -> None:
        scope = Scope(people="own", own_resident_id=voter)
        await voting.cast_online(scope, vote.pk, choice, unit.key)

    async def paper(
        self, vote: Vote, unit: Unit, choice: list[int], sheet: str, channel: BallotChannel
    ) -> voting.PaperEntry:
        return await voting.enter_paper(
            self.staff_scope,
            self.staff.pk,
            vote.pk,
            choice,
            sheet,
            channel,
            unit_key=unit.key,
            resident_id=unit.voters[0],
        )

    async def settle(
        self,
        vote: Vote,
        opens: dt.datetime,
        closes: dt.datetime,
        until: dt.datetime,
        closed: dt.datetime | None = None,
    ) -> None:
        """Move the vote's window to ``opens``–``closes``, the ballots the services stamped
        with the present moment to times over ``opens``–``until``, and the conflicts (entered
        after the ballots they conflict with) to shortly before ``until``."""
        await Vote.filter(id=vote.pk).update(
            opens_at=opens,
            closes_at=closes,
            snapshot_at=opens - dt.timedelta(hours=1),
            closed_at=closed,
            created_at=opens - dt.timedelta(days=2),
        )
        stamped = (
            await Ballot.filter(vote_id=vote.pk, cast_at__gt=until)
            .order_by("id")
            .values_list("id", flat=True)
        )
        span = (until - opens).total_seconds()
        for pk in stamped:
            at = opens + dt.timedelta(seconds=round(self.rng.uniform(0, span)))
            await Ballot.filter(id=pk).update(cast_at=at)
        conflicts = await BallotConflict.filter(vote_id=vote.pk).order_by("id")
        for i, conflict in enumerate(conflicts):
            submitted = until - dt.timedelta(hours=2 + i)
            resolved = submitted + dt.timedelta(minutes=30) if conflict.resolved_at else None
            await BallotConflict.filter(id=conflict.pk).update(
                submitted_at=submitted, resolved_at=resolved
            )


def _share(units: list[Unit], share: float) -> int:
    return max(1, math.ceil(len(units) * share))


def _area(units: list[Unit]) -> Decimal:
    return sum((u.area for u in units), Decimal(0))


async def _owners_compound(community: Division, demo: list[Person]) -> tuple[int, Person | None]:
    """The compound where a demo resident owns a flat (and that resident), else the
    community's compound with the most ownerships."""
    owned = DwellingOwner.filter(dwelling__building__compound__community_id=community.pk)
    for person in demo:
        mine = (
            await owned.filter(owner_id=person.id)
            .order_by("dwelling_id")
            .values_list("dwelling__building__compound_id", flat=True)
        )
        if mine:
            return int(mine[0]), person  # type: ignore[call-overload]
    counts: dict[int, int] = {}
    for pk in await owned.values_list("dwelling__building__compound_id", flat=True):
        counts[int(pk)] = counts.get(int(pk), 0) + 1  # type: ignore[call-overload]
    return max(sorted(counts), key=lambda pk: counts[pk]), None


async def _topic(s: Seeder, spec: TopicSpec, neighbours: list[Person], age: int) -> Topic:
    """A topic of the compound the neighbours live in, proposed by the first of them."""
    proposer, supporters = neighbours[0], neighbours[1:]
    return await s.topic(spec, proposer, supporters, s.ago(age), proposer)


async def _open_fund_vote(
    v: VoteSeeder, compound: Compound, topic: Topic, reserved: set[int], evening: dt.datetime
) -> Vote:
    s = v.s
    opens, closes, until = s.ago(3), evening + dt.timedelta(days=5), s.ago(0, 1)
    vote = await v.vote(
        voting.VoteData(
            community_id=v.community.pk,
            scope_kind=ScopeKind.COMPOUND,
            scope_object_id=compound.pk,
            question=f"是否同意使用专项维修资金翻修{compound.name}各楼屋面防水层",
            description=(
                "工程预算约 86 万元，从专项维修资金中按各楼实际面积分摊列支；施工单位由业委会"
                "公开比选，物业和业主代表全程监督。依《民法典》第二百七十八条，须由专有部分面积"
                "和人数均占三分之二以上的业主参与表决，并经参与表决专有部分面积过半数且参与表决"
                "人数过半数的业主同意。"
            ),
            ballot_kind=BallotKind.FOR_AGAINST_ABSTAIN,
            voting_unit=VotingUnit.OWNER,
            decision_rule=DecisionRule.OWNERS_ORDINARY,
            opens_at=opens,
            closes_at=closes,
            topic_id=topic.pk,
        )
    )
    options = await v.options(vote)
    # The demo residents' units (and so whoever shares one with them) have not voted yet.
    units = [u for u in await v.units(vote) if not reserved & set(u.voters)]
    v.rng.shuffle(units)
    voted = units[: _share(units, 0.46)]
    await v.crowd(vote, voted, options, (0.64, 0.24, 0.12), opens, until)
    # An elderly owner's paper ballot, entered by staff from the sheet collected at the door;
    # and a paper sheet of an owner who had voted online: a conflict waiting for staff.
    await v.paper(vote, units[len(voted)], [options[FOR]], "WXZJ-001", BallotChannel.PAPER)
    await v.paper(vote, voted[0], [options[AGAINST]], "WXZJ-002", BallotChannel.PAPER)
    await v.settle(vote, opens, closes, until)
    return vote


async def _closed_property_vote(
    v: VoteSeeder, compound: Compound, topic: Topic, demo_voter: Person | None
) -> Vote:
    s = v.s
    opens, closes = s.ago(20), s.ago(6)
    vote = await v.vote(
        voting.VoteData(
            community_id=v.community.pk,
            scope_kind=ScopeKind.COMPOUND,
            scope_object_id=compound.pk,
            question=f"是否同意续聘现物业服务企业为{compound.name}物业服务企业（合同期三年）",
            description=(
                "物业费标准不变；新合同增加服务质量考核条款，考核结果每半年公示。依《民法典》"
                "第二百七十八条，选聘物业服务企业须由专有部分面积和人数均占三分之二以上的业主"
                "参与表决，并经参与表决专有部分面积过半数且参与表决人数过半数的业主同意。"
            ),
            ballot_kind=BallotKind.FOR_AGAINST_ABSTAIN,
            voting_unit=VotingUnit.OWNER,
            decision_rule=DecisionRule.OWNERS_ORDINARY,
            opens_at=s.now - dt.timedelta(hours=1),
            closes_at=s.now + dt.timedelta(days=1),
            topic_id=topic.pk,
        )
    )
    options = await v.options(vote)
    units = await v.units(vote)
    mine = [u for u in units if demo_voter is not None and demo_voter.id in u.voters]
    others = [u for u in units if u not in mine]
    v.rng.shuffle(others)
    # Well above the two-thirds turnout (by head and by area) that the owners' rules require.
    voted = others[: _share(others, 0.78)]
    while _area(voted) < _area(units) * Decimal("0.7") and len(voted) < len(others):
        voted = others[: len(voted) + 1]
    weights = (0.74, 0.17, 0.09)
    on_paper = len(voted) // 8
    online, paper = voted[on_paper + 1 :], voted[: on_paper + 1]
    await v.crowd(vote, online, options, weights, opens, closes)
    for unit in mine:
        assert demo_voter is not None
        await v.online(vote, unit, [options[FOR]], demo_voter.id)
    for i, unit in enumerate(paper):
        choice = v.rng.choices(options, weights=weights)
        if i < on_paper:
            await v.paper(vote, unit, choice, f"XP-{i + 1:03d}", BallotChannel.PAPER)
        else:  # handed in at the owners' meeting in the compound
            await v.paper(vote, unit, choice, "XP-XC-001", BallotChannel.ON_SITE)
    # An owner who had voted online handed in a paper sheet too: the online ballot stays.
    entry = await v.paper(
        vote, online[0], [options[ABSTAIN]], f"XP-{on_paper + 1:03d}", BallotChannel.PAPER
    )
    assert entry.conflict is not None
    await voting.resolve_conflict(
        v.staff_scope, v.staff.pk, entry.conflict.pk, False, "业主本人确认以线上投票为准"
    )
    closed = await voting.close_vote(v.staff_scope, vote.pk)
    await v.settle(vote, opens, closes, closes, closes + dt.timedelta(hours=2))
    return closed


async def _publish(
    v: VoteSeeder, topic: Topic, vote: Vote, text: str, days_ago: float, update: str
) -> Resolution:
    """Publish the topic's resolution with the service (the topic becomes DECIDED), move it
    back ``days_ago`` with its notice period, link it to the vote and post an update."""
    viewer = Viewer(v.staff_scope, account_id=v.staff.pk, manager=True)
    resolution = await resolutions.publish_resolution(
        viewer,
        resolutions.ResolutionData(
            text=text, topic_id=topic.pk, title=f"关于“{topic.title}”的决议"
        ),
    )
    assert resolution.published_at is not None and resolution.notice_until is not None
    published = v.s.ago(days_ago)
    await Resolution.filter(id=resolution.pk).update(
        vote_id=vote.pk,
        published_at=published,
        notice_until=published + (resolution.notice_until - resolution.published_at),
    )
    row = await resolutions.post_update(viewer, resolution.pk, update)
    await ImplementationUpdate.filter(id=row.pk).update(posted_at=v.s.ago(1, 3))
    return await Resolution.get(id=resolution.pk)


async def _closed_park_vote(v: VoteSeeder) -> Vote | None:
    """The residents' choice between the pocket park's designs, before the session decided."""
    title = TOPICS["greenbelt"].title
    topic = await Topic.filter(community_id=v.community.pk, title=title).first()
    if topic is None:
        return None
    session = (
        await ConsultationSession.filter(agenda__topic_id=topic.pk).order_by("starts_at").first()
    )
    s = v.s
    opens, closes = s.ago(60), s.ago(52)
    vote = await v.vote(
        voting.VoteData(
            community_id=v.community.pk,
            scope_kind=ScopeKind.COMMUNITY,
            question="中心绿地改造为口袋公园：您支持哪个方案",
            description="两个方案的效果图和费用测算见议事会材料；结果提交居民议事会讨论。",
            ballot_kind=BallotKind.SINGLE,
            voting_unit=VotingUnit.PERSON,
            decision_rule=DecisionRule.SIMPLE_MAJORITY,
            opens_at=s.now - dt.timedelta(hours=1),
            closes_at=s.now + dt.timedelta(days=1),
            options=[
                voting.OptionData("方案一：保留草坪，增设环形步道"),
                voting.OptionData("方案二：座椅、儿童游乐区和健身步道"),
                voting.OptionData("维持现状"),
            ],
            secret=True,
            topic_id=topic.pk,
            session_id=session.pk if session else None,
        )
    )
    options = await v.options(vote)
    units = await v.units(vote)
    v.rng.shuffle(units)
    voted = units[: _share(units, 0.09)]
    await v.crowd(vote, voted, options, (0.3, 0.62, 0.08), opens, closes)
    closed = await voting.close_vote(v.staff_scope, vote.pk)
    await v.settle(vote, opens, closes, closes, closes + dt.timedelta(hours=1))
    return closed


async def seed_votes(seed: int) -> None:
    """Write the demo votes unless votes exist; needs the demo consultations (their topics and
    the community staff account, so never in production). Runs in the caller's transaction."""
    if await Vote.exists():
        return
    community = await Division.filter(level=DivisionLevel.COMMUNITY).order_by("code").first()
    staff = await staff_account()
    if community is None or staff is None or not await Topic.exists():
        return
    owned = DwellingOwner.filter(dwelling__building__compound__community_id=community.pk)
    if not await owned.exists():
        return
    grids = list(await Grid.filter(community_id=community.pk).order_by("code"))
    people = await adults_of(community)
    demo = demo_residents(people, grids)
    compound_id, owner = await _owners_compound(community, demo)
    compound = await Compound.get(id=compound_id)
    rng = random.Random(f"{seed}:votes")
    s = Seeder(rng, community, staff)
    v = VoteSeeder(s, community, staff)
    neighbours = [p for p in people if p.compound_id == compound.pk and p not in demo]
    if len(neighbours) < 2 * NEIGHBOURS:
        return
    rng.shuffle(neighbours)
    fund_topic = await _topic(s, FUND_TOPIC, neighbours[:NEIGHBOURS], 14)
    property_topic = await _topic(s, PROPERTY_TOPIC, neighbours[NEIGHBOURS : 2 * NEIGHBOURS], 40)
    # Oldest first, so that lists (newest first) show the open vote on top.
    await _closed_park_vote(v)
    closed = await _closed_property_vote(v, compound, property_topic, owner)
    await _publish(
        v,
        property_topic,
        closed,
        f"经业主表决，同意续聘现物业服务企业为{compound.name}物业服务企业，合同期三年，"
        "物业费标准不变；新合同增加服务质量考核条款，考核结果每半年公示。",
        4,
        "业委会已与物业服务企业签订续聘合同，合同文本在物业服务中心公示栏公示。",
    )
    evening = s.now.astimezone(LOCAL).replace(hour=20).astimezone(dt.UTC)  # 20:00 in Beijing
    await _open_fund_vote(v, compound, fund_topic, {p.id for p in demo}, evening)
