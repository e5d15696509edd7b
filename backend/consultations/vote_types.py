"""GraphQL types of votes (表决).

Secrecy: no type here carries the choice of a ballot of a secret vote. A voter's own ballot,
a receipt and a conflict tell when, by which channel and whether it is counted; choices appear
only as aggregates (results) and, for open ballots (``secret`` false), on conflicts for the
staff who resolve them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from backend.api.context import Info
from backend.api.node import register_node
from backend.api.permissions import requires
from backend.api.relay import Connection, Node, build_connection, to_global_id
from backend.auth.roles import Capability
from backend.consultations import models, rules, voting
from backend.consultations.models import (
    BallotChannel,
    BallotKind,
    ConflictStatus,
    DecisionRule,
    OptionStance,
    ScopeKind,
    VoteState,
    VotingUnit,
)
from backend.consultations.voting_results import parse_fraction, tally_from_json

if TYPE_CHECKING:
    from backend.divisions.types import Division


def _enum(cls: type[Enum], description: str, name: str | None = None) -> None:
    """Register an enum once (another consultation module may have registered it first)."""
    if not hasattr(cls, "_enum_definition"):
        strawberry.enum(cls, name=name, description=description)


_enum(VoteState, "State of a vote 表决状态: DRAFT 草稿, OPEN 投票中, CLOSED 已结束.")
_enum(
    ScopeKind,
    "Scope of a topic or vote 范围: COMMUNITY 社区, GRID 网格, COMPOUND 小区, BUILDING 楼栋.",
)
_enum(
    BallotKind,
    "Kind of ballot 票型: SINGLE 单选, MULTIPLE 多选 (at most maxChoices), "
    "FOR_AGAINST_ABSTAIN 赞成/反对/弃权.",
)
_enum(
    VotingUnit,  # the unit rules' UnitKind, under its schema name
    "Voting unit 投票单位: PERSON 居民 (aged 18+), HOUSEHOLD 户, OWNER 业主 (area-weighted).",
    name="VotingUnit",
)
_enum(
    DecisionRule,
    "Decision rule 表决规则: SIMPLE_MAJORITY 过半数, TWO_THIRDS 三分之二, OWNERS_ORDINARY "
    "业主共同决定一般事项 and OWNERS_MAJOR 重大事项 (Civil Code art. 278).",
)
_enum(
    OptionStance,
    "What an option means to the rules 选项立场: FOR 赞成, AGAINST 反对, ABSTAIN 弃权.",
)
_enum(BallotChannel, "How a ballot was cast 投票渠道: ONLINE 线上, PAPER 纸质, ON_SITE 现场.")
_enum(
    ConflictStatus,
    "State of a ballot conflict 冲突状态: OPEN 待处理, KEPT_EXISTING 保留原票, REPLACED 已替换.",
)
_enum(
    voting.ReceiptStatus,
    "What became of a ballot 回执状态: COUNTED 已计入, PENDING 待核实 (a conflict not yet "
    "resolved), NOT_COUNTED 未计入 (kept aside, or replaced by a later ballot of its unit).",
)
_enum(
    rules.Reason,
    "Why a vote passed or not 结果原因: NO_ELIGIBLE_UNITS, TURNOUT_NOT_MET 参与率不足, "
    "NO_BALLOTS, TIE 平票, APPROVED 通过, NOT_APPROVED 未通过.",
)
ReceiptStatus = voting.ReceiptStatus
OutcomeReason = rules.Reason


def _ratio(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


@strawberry.type(description="An option of a vote 表决选项.")
class VoteOption(Node):
    _m: strawberry.Private[models.VoteOption]
    label: str = strawberry.field(description="Label 选项内容.")
    position: int = strawberry.field(description="Position, from 0 排序.")
    stance: OptionStance | None = strawberry.field(
        description="FOR / AGAINST / ABSTAIN for a FOR_AGAINST_ABSTAIN vote 立场; else null."
    )

    @classmethod
    def from_model(cls, m: models.VoteOption) -> VoteOption:
        return cls(
            _m=m,
            id=to_global_id("VoteOption", m.pk),
            label=m.label,
            position=m.position,
            stance=m.stance,
        )


@strawberry.type(description="A snapshot exclusion 未列入名单: in scope but not a voting unit.")
class SnapshotExclusion:
    ref: str = strawberry.field(description="`dwelling:<id>` or `household:<id>`.")
    reason: str = strawberry.field(
        description="NO_OWNER (a dwelling without owner) or NO_ADULT_MEMBER 无成年成员."
    )


@strawberry.type(
    description="Eligibility snapshot 投票名单快照, taken from the register when the vote opened."
)
class VoteSnapshot:
    eligible_headcount: int = strawberry.field(description="Eligible headcount 应参与人数.")
    total_area: float = strawberry.field(description="Total area in m² 总面积 (owners' votes).")
    unit_count: int = strawberry.field(description="Voting units 投票单位数.")
    taken_at: dt.datetime = strawberry.field(description="When it was taken 快照时间.")
    excluded: list[SnapshotExclusion] = strawberry.field(
        description="What was in scope but could not vote, for staff to fix the register."
    )


@strawberry.type(description="Turnout 投票率: ballots so far against the snapshot.")
class VoteTurnout:
    ballots: int = strawberry.field(description="Counted ballots 已投票数 (one per unit).")
    headcount: int = strawberry.field(description="Participating headcount 参与人数.")
    area: float = strawberry.field(description="Participating area in m² 参与面积.")
    headcount_ratio: float | None = strawberry.field(
        description="Headcount turnout 人数参与率, 0-1; null when nobody is eligible."
    )
    area_ratio: float | None = strawberry.field(
        description="Area turnout 面积参与率, 0-1; null when the eligible area is 0."
    )

    @classmethod
    def of(cls, t: voting.Turnout) -> VoteTurnout:
        return cls(
            ballots=t.ballots,
            headcount=t.headcount,
            area=float(t.area),
            headcount_ratio=_ratio(t.headcount_ratio),
            area_ratio=_ratio(t.area_ratio),
        )


@strawberry.type(description="The count of one option 选项计票 (aggregate, never per voter).")
class VoteOptionResult:
    option: VoteOption = strawberry.field(description="The option 选项.")
    headcount: int = strawberry.field(description="Headcount choosing it 票数 (人数).")
    area: float = strawberry.field(description="Area choosing it in m² 面积.")
    headcount_ratio: float | None = strawberry.field(
        description="Share of the participating headcount 占参与人数比例."
    )
    area_ratio: float | None = strawberry.field(
        description="Share of the participating area 占参与面积比例."
    )
    meets_threshold: bool | None = strawberry.field(
        description="Meets the approval threshold 达到通过门槛 (null before close)."
    )
    passed: bool | None = strawberry.field(description="Adopted 通过 (null before close).")


@strawberry.type(description="A threshold 门槛: a share, inclusive (≥) or not (>).")
class VoteThreshold:
    ratio: float = strawberry.field(description="The share 比例, 0-1.")
    ratio_text: str = strawberry.field(description="The exact share, e.g. `2/3` 精确比例.")
    inclusive: bool = strawberry.field(description="≥ when true, > when false 含本数.")

    @classmethod
    def of(cls, data: dict[str, Any] | None) -> VoteThreshold | None:
        if data is None:
            return None
        value = Fraction(data["ratio"])
        return cls(ratio=float(value), ratio_text=data["ratio"], inclusive=data["inclusive"])


@strawberry.type(
    description="Outcome 表决结果 computed at close with its full breakdown (exact rules)."
)
class VoteOutcome:
    _data: strawberry.Private[dict[str, Any]]
    _options: strawberry.Private[dict[int, VoteOption]]
    rule: DecisionRule = strawberry.field(description="Decision rule 表决规则.")
    approval: VoteThreshold = strawberry.field(description="Approval threshold 通过门槛.")
    turnout: VoteThreshold | None = strawberry.field(
        description="Turnout threshold 参与门槛 (owners' rules); null when none."
    )
    by_area: bool = strawberry.field(description="Area counts as well as heads 按面积计.")
    eligible_headcount: int = strawberry.field(description="Eligible headcount 应参与人数.")
    eligible_area: float = strawberry.field(description="Eligible area 总面积 (m²).")
    participating_headcount: int = strawberry.field(description="Participating headcount.")
    participating_area: float = strawberry.field(description="Participating area (m²).")
    ballots: int = strawberry.field(description="Counted ballots 有效票数.")
    empty_ballots: int = strawberry.field(description="Empty ballots 空白票.")
    turnout_headcount_ratio: float | None = strawberry.field(description="人数参与率.")
    turnout_area_ratio: float | None = strawberry.field(description="面积参与率.")
    turnout_headcount_met: bool = strawberry.field(description="Headcount turnout met.")
    turnout_area_met: bool = strawberry.field(description="Area turnout met.")
    turnout_met: bool = strawberry.field(description="Turnout met 参与率达标.")
    passed: bool = strawberry.field(description="At least one option adopted 通过.")
    reason: OutcomeReason = strawberry.field(description="Why 原因.")

    @classmethod
    def of(cls, data: dict[str, Any], options: dict[int, VoteOption]) -> VoteOutcome:
        return cls(
            _data=data,
            _options=options,
            rule=DecisionRule(data["rule"]),
            approval=VoteThreshold.of(data["approval"]),  # type: ignore[arg-type]
            turnout=VoteThreshold.of(data["turnout"]),
            by_area=data["byArea"],
            eligible_headcount=data["eligibleHeadcount"],
            eligible_area=float(Decimal(data["eligibleArea"])),
            participating_headcount=data["participatingHeadcount"],
            participating_area=float(Decimal(data["participatingArea"])),
            ballots=data["ballots"],
            empty_ballots=data["emptyBallots"],
            turnout_headcount_ratio=_ratio(parse_fraction(data["turnoutHeadcountRatio"])),
            turnout_area_ratio=_ratio(parse_fraction(data["turnoutAreaRatio"])),
            turnout_headcount_met=data["turnoutHeadcountMet"],
            turnout_area_met=data["turnoutAreaMet"],
            turnout_met=data["turnoutMet"],
            passed=data["passed"],
            reason=rules.Reason(data["reason"]),
        )

    @strawberry.field(description="Options adopted, best first 通过的选项.")
    def passed_options(self) -> list[VoteOption]:
        return [self._options[i] for i in self._data["passedOptionIds"] if i in self._options]

    @strawberry.field(description="Options tied across the last seat 平票选项.")
    def tied_options(self) -> list[VoteOption]:
        return [self._options[i] for i in self._data["tiedOptionIds"] if i in self._options]


@strawberry.type(
    description="Results 计票结果: final after close, live while open when the vote says so."
)
class VoteResults:
    final: bool = strawberry.field(description="Frozen at close 最终结果.")
    ballots: int = strawberry.field(description="Counted ballots 有效票数.")
    headcount: int = strawberry.field(description="Participating headcount 参与人数.")
    area: float = strawberry.field(description="Participating area 参与面积 (m²).")
    empty_ballots: int = strawberry.field(description="Empty ballots 空白票.")
    options: list[VoteOptionResult] = strawberry.field(description="Per option 各选项.")
    outcome: VoteOutcome | None = strawberry.field(
        description="Outcome with its breakdown 表决结果; null until the vote is closed."
    )

    @classmethod
    def of(
        cls,
        counts: rules.Tally,
        options: list[VoteOption],
        outcome: dict[str, Any] | None,
    ) -> VoteResults:
        by_id = {o._m.pk: o for o in options}
        decided = {o["optionId"]: o for o in (outcome or {}).get("options", [])}
        rows = []
        for c in counts.options:
            if c.option_id not in by_id:
                continue
            d = decided.get(c.option_id)
            rows.append(
                VoteOptionResult(
                    option=by_id[c.option_id],
                    headcount=c.headcount,
                    area=float(c.area),
                    headcount_ratio=_ratio(rules.ratio(c.headcount, counts.headcount)),
                    area_ratio=_ratio(rules.ratio(c.area, counts.area)),
                    meets_threshold=d["meetsThreshold"] if d else None,
                    passed=d["passed"] if d else None,
                )
            )
        return cls(
            final=outcome is not None,
            ballots=counts.ballots,
            headcount=counts.headcount,
            area=float(counts.area),
            empty_ballots=counts.empty_ballots,
            options=rows,
            outcome=VoteOutcome.of(outcome, by_id) if outcome is not None else None,
        )


@strawberry.type(
    description="A ballot of the caller's unit 我的选票: receipt, time, channel; never the choice."
)
class MyBallot:
    receipt_code: str = strawberry.field(description="Receipt code 回执码 (16 characters).")
    cast_at: dt.datetime = strawberry.field(description="Cast at 投票时间.")
    channel: BallotChannel = strawberry.field(description="Channel 渠道.")
    changed_at: dt.datetime | None = strawberry.field(description="Last changed 修改时间.")
    unit_key: str = strawberry.field(description="The voting unit 投票单位.")

    @classmethod
    def of(cls, b: voting.CastBallot) -> MyBallot:
        return cls(
            receipt_code=b.receipt_code,
            cast_at=b.cast_at,
            channel=b.channel,
            changed_at=b.changed_at,
            unit_key=b.unit_key,
        )


@strawberry.type(description="A voting unit the caller may cast the ballot of 我的投票单位.")
class MyVotingUnit:
    key: str = strawberry.field(description="Unit key 单位标识 (pass as `unitKey`).")
    label: str = strawberry.field(description="Household number or dwellings 户号/房屋.")
    headcount: int = strawberry.field(description="Heads it counts for 人数 (1).")
    area: float = strawberry.field(description="Area it counts for 面积 (m², owners' votes).")
    ballot: MyBallot | None = strawberry.field(description="Its ballot, once cast 已投选票.")


@strawberry.type(description="Whether and for which units the caller may vote 我的投票资格.")
class VoteEligibility:
    eligible: bool = strawberry.field(description="On the voting list 在投票名单中.")
    units: list[MyVotingUnit] = strawberry.field(description="The caller's units 我的投票单位.")


@strawberry.type(description="A unit of the eligibility snapshot 投票单位 (staff: paper entry).")
class EligibleUnit:
    _m: strawberry.Private[models.EligibleUnit]
    key: str = strawberry.field(description="Unit key 单位标识 (pass as `unitKey`).")
    label: str = strawberry.field(description="Household number or dwellings 户号/房屋.")
    headcount: int = strawberry.field(description="Heads 人数.")
    area: float = strawberry.field(description="Area 面积 (m²).")

    @classmethod
    def from_model(cls, m: models.EligibleUnit) -> EligibleUnit:
        return cls(_m=m, key=m.unit_key, label=m.label, headcount=m.headcount, area=float(m.area))


async def _options(info: Info, vote_id: int) -> list[VoteOption]:
    rows = await info.context.votes.options.load(vote_id)
    return [VoteOption.from_model(r) for r in rows]


def _has_snapshot(m: models.Vote) -> bool:
    return m.snapshot_at is not None and m.state != VoteState.DRAFT


@strawberry.type(description="表决: a consultation vote with its options, snapshot and results.")
class Vote(Node):
    _m: strawberry.Private[models.Vote]
    question: str = strawberry.field(description="Question 表决事项.")
    description: str = strawberry.field(description="Explanation 说明.")
    ballot_kind: BallotKind = strawberry.field(description="Kind of ballot 票型.")
    max_choices: int = strawberry.field(description="Most options per ballot 最多可选项数.")
    seats: int | None = strawberry.field(
        description="MULTIPLE: options that can be adopted 可当选数 (null: maxChoices)."
    )
    allow_empty: bool = strawberry.field(description="Empty ballots accepted 接受空白票.")
    voting_unit: VotingUnit = strawberry.field(description="Voting unit 投票单位.")
    decision_rule: DecisionRule = strawberry.field(description="Decision rule 表决规则.")
    scope_kind: ScopeKind = strawberry.field(description="Scope 范围.")
    scope_id: strawberry.ID | None = strawberry.field(
        description="The grid, compound or building of the scope 范围对象; null for COMMUNITY."
    )
    opens_at: dt.datetime = strawberry.field(description="Opens at 开始时间.")
    closes_at: dt.datetime = strawberry.field(description="Closes at 截止时间.")
    state: VoteState = strawberry.field(description="State 状态.")
    secret: bool = strawberry.field(description="Secret ballot 无记名投票 (default).")
    results_live: bool = strawberry.field(description="Results shown while open 实时公开结果.")
    allow_change: bool = strawberry.field(description="A ballot may be changed 允许改票.")
    closed_at: dt.datetime | None = strawberry.field(description="Closed at 结束时间.")
    topic_id: strawberry.ID | None = strawberry.field(description="Topic 议题 (global ID).")
    session_id: strawberry.ID | None = strawberry.field(
        description="Consultation session 协商会议 (global ID)."
    )
    created_at: dt.datetime = strawberry.field(description="Created at 创建时间.")

    @classmethod
    def from_model(cls, m: models.Vote) -> Vote:
        scope_type, scope_pk = {
            ScopeKind.COMMUNITY: (None, None),
            ScopeKind.GRID: ("Grid", m.grid_id),
            ScopeKind.COMPOUND: ("Compound", m.compound_id),
            ScopeKind.BUILDING: ("Building", m.building_id),
        }[m.scope_kind]
        return cls(
            _m=m,
            id=to_global_id("Vote", m.pk),
            question=m.question,
            description=m.description,
            ballot_kind=m.ballot_kind,
            max_choices=m.max_choices,
            seats=m.seats,
            allow_empty=m.allow_empty,
            voting_unit=m.voting_unit,
            decision_rule=m.decision_rule,
            scope_kind=m.scope_kind,
            scope_id=to_global_id(scope_type, scope_pk) if scope_type and scope_pk else None,
            opens_at=m.opens_at,
            closes_at=m.closes_at,
            state=m.state,
            secret=m.secret,
            results_live=m.results_live,
            allow_change=m.allow_change,
            closed_at=m.closed_at,
            topic_id=to_global_id("Topic", m.topic_id) if m.topic_id else None,
            session_id=(
                to_global_id("ConsultationSession", m.session_id) if m.session_id else None
            ),
            created_at=m.created_at,
        )

    @strawberry.field(description="Online ballots are accepted now 正在接受投票.")
    def accepting_ballots(self) -> bool:
        return voting.accepting_ballots(self._m)

    @strawberry.field(description="Community 所属社区 (null when outside the caller's region).")
    async def community(
        self, info: Info
    ) -> Annotated[Division, strawberry.lazy("backend.divisions.types")] | None:
        from backend.divisions.types import load_division

        return await load_division(info, self._m.community_id)

    @strawberry.field(description="Options in order 选项.")
    async def options(self, info: Info) -> list[VoteOption]:
        return await _options(info, self._m.pk)

    @strawberry.field(description="Eligibility snapshot 投票名单快照; null before the vote opens.")
    def snapshot(self) -> VoteSnapshot | None:
        m = self._m
        if not _has_snapshot(m) or m.snapshot_at is None:
            return None
        return VoteSnapshot(
            eligible_headcount=m.eligible_headcount or 0,
            total_area=float(m.eligible_area or 0),
            unit_count=m.eligible_unit_count or 0,
            taken_at=m.snapshot_at,
            excluded=[
                SnapshotExclusion(ref=e["ref"], reason=e["reason"])
                for e in (m.snapshot_excluded or [])
            ],
        )

    @strawberry.field(description="Turnout 投票率: live while open, frozen at close.")
    async def turnout(self, info: Info) -> VoteTurnout | None:
        m = self._m
        frozen = voting.frozen_turnout(m)
        if frozen is not None:
            return VoteTurnout.of(frozen)
        if not _has_snapshot(m):
            return None
        key = (m.pk, m.eligible_headcount or 0, Decimal(str(m.eligible_area or 0)))
        return VoteTurnout.of(await info.context.votes.live_turnout.load(key))

    @strawberry.field(
        description=(
            "Results 计票结果: null until the vote closes unless results are live; the outcome"
            " with its breakdown after close. Aggregates only, never a voter's choice."
        )
    )
    async def results(self, info: Info) -> VoteResults | None:
        m = self._m
        options = await _options(info, m.pk)
        if m.state == VoteState.CLOSED and isinstance(m.tally, dict):
            return VoteResults.of(tally_from_json(m.tally), options, m.outcome)
        if m.state == VoteState.OPEN and m.results_live:
            counts = await info.context.votes.live_tally.load(m.pk)
            return VoteResults.of(counts, options, None)
        return None

    @strawberry.field(
        description="The caller's eligibility 我的投票资格 (units, ballots); null before opening."
    )
    async def my_eligibility(self, info: Info) -> VoteEligibility | None:
        if not _has_snapshot(self._m):
            return None
        found = await info.context.votes.my_units.load(self._m.pk)
        return VoteEligibility(
            eligible=bool(found),
            units=[
                MyVotingUnit(
                    key=u.unit_key,
                    label=u.label,
                    headcount=u.headcount,
                    area=float(u.area),
                    ballot=MyBallot.of(u.ballot) if u.ballot else None,
                )
                for u in found
            ],
        )

    @strawberry.field(
        description=(
            "The ballot of the caller's unit 我的选票 (receipt, time, channel; never the choice):"
            " of `unitKey`, or of the caller's only unit; null when not cast."
        )
    )
    async def my_ballot(self, info: Info, unit_key: str | None = None) -> MyBallot | None:
        found = await info.context.votes.my_units.load(self._m.pk)
        if unit_key is not None:
            found = [u for u in found if u.unit_key == unit_key]
        cast = [u.ballot for u in found if u.ballot is not None]
        if unit_key is None and len(found) > 1:
            cast = cast[:1] if len(cast) == 1 else []
        return MyBallot.of(cast[0]) if len(cast) == 1 else None

    @strawberry.field(
        description="Units of the snapshot 投票单位列表 (staff, for paper entry).",
        permission_classes=[requires(Capability.CONSULTATION_MANAGE)],
    )
    async def eligible_units(
        self,
        info: Info,
        search: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[EligibleUnit]:
        from backend.api.errors import resolve_or_raise

        async def run() -> Connection[EligibleUnit]:
            qs = await voting.filter_units(info.context.scope, self._m.pk, search)
            return await build_connection(qs, EligibleUnit.from_model, first=first, after=after)

        return await resolve_or_raise(run, info.context.lang)

    @strawberry.field(
        description="Ballot conflicts waiting for a decision 待处理冲突数 (staff).",
        permission_classes=[requires(Capability.CONSULTATION_MANAGE)],
    )
    async def open_conflict_count(self, info: Info) -> int:
        return await models.BallotConflict.filter(
            vote_id=self._m.pk, status=ConflictStatus.OPEN
        ).count()


@strawberry.type(
    description="回执查询: what became of a ballot, by its receipt code; never the choice."
)
class BallotReceipt:
    code: str = strawberry.field(description="The receipt code 回执码.")
    counted: bool = strawberry.field(description="Counted in the tally 已计入.")
    status: ReceiptStatus = strawberry.field(description="What became of it 状态.")
    cast_at: dt.datetime = strawberry.field(description="Cast or entered at 投票时间.")
    channel: BallotChannel = strawberry.field(description="Channel 渠道.")
    vote_question: str = strawberry.field(description="The vote's question 表决事项.")

    @classmethod
    def of(cls, r: voting.Receipt) -> BallotReceipt:
        return cls(
            code=r.code,
            counted=r.counted,
            status=r.status,
            cast_at=r.cast_at,
            channel=r.channel,
            vote_question=r.vote_question,
        )


@strawberry.type(
    description=(
        "选票冲突: a ballot entered for a unit that already had one, kept apart until staff"
        " keep the existing ballot or replace it. Choices only for open (non-secret) votes."
    )
)
class BallotConflict(Node):
    _m: strawberry.Private[models.BallotConflict]
    status: ConflictStatus = strawberry.field(description="State 状态.")
    vote_id: strawberry.ID = strawberry.field(description="The vote 表决 (global ID).")
    channel: BallotChannel = strawberry.field(description="Channel of the new ballot 渠道.")
    sheet_reference: str | None = strawberry.field(description="Its sheet 纸质票编号.")
    submitted_at: dt.datetime = strawberry.field(description="Entered at 录入时间.")
    resolved_at: dt.datetime | None = strawberry.field(description="Resolved at 处理时间.")
    note: str = strawberry.field(description="Resolution note 处理说明.")

    @classmethod
    def from_model(cls, m: models.BallotConflict) -> BallotConflict:
        return cls(
            _m=m,
            id=to_global_id("BallotConflict", m.pk),
            status=m.status,
            vote_id=to_global_id("Vote", m.vote_id),
            channel=m.channel,
            sheet_reference=m.sheet_reference,
            submitted_at=m.submitted_at,
            resolved_at=m.resolved_at,
            note=m.note,
        )

    @strawberry.field(description="The voting unit 投票单位.")
    async def unit(self) -> EligibleUnit:
        return EligibleUnit.from_model(await models.EligibleUnit.get(id=self._m.unit_id))

    @strawberry.field(description="The counted ballot it conflicts with 已计入的选票.")
    async def existing(self) -> ConflictingBallot:
        ballot = await models.Ballot.get(id=self._m.ballot_id)
        return ConflictingBallot(
            channel=ballot.channel,
            sheet_reference=ballot.sheet_reference,
            cast_at=ballot.cast_at,
            changed_at=ballot.changed_at,
        )

    @strawberry.field(
        description="Choices of the new ballot 新票选择 (open votes only; null when secret)."
    )
    async def incoming_choices(self, info: Info) -> list[VoteOption] | None:
        vote = await models.Vote.get(id=self._m.vote_id)
        if vote.secret:
            return None
        ids = await models.BallotConflictChoice.filter(conflict_id=self._m.pk).values_list(
            "option_id", flat=True
        )
        rows = await info.context.votes.options.load(vote.pk)
        return [VoteOption.from_model(r) for r in rows if r.pk in set(ids)]

    @strawberry.field(
        description="Choices of the counted ballot 原票选择 (open votes only; null when secret)."
    )
    async def existing_choices(self, info: Info) -> list[VoteOption] | None:
        vote = await models.Vote.get(id=self._m.vote_id)
        if vote.secret:
            return None
        ids = await models.BallotChoice.filter(ballot_id=self._m.ballot_id).values_list(
            "option_id", flat=True
        )
        rows = await info.context.votes.options.load(vote.pk)
        return [VoteOption.from_model(r) for r in rows if r.pk in set(ids)]


@strawberry.type(description="The counted ballot of a conflict 原选票 (no receipt, no choice).")
class ConflictingBallot:
    channel: BallotChannel = strawberry.field(description="Channel 渠道.")
    sheet_reference: str | None = strawberry.field(description="Sheet 纸质票编号.")
    cast_at: dt.datetime = strawberry.field(description="Cast at 投票时间.")
    changed_at: dt.datetime | None = strawberry.field(description="Last changed 修改时间.")


@strawberry.type(description="Counts of a tally 计票 (aggregate), as stored or recounted.")
class VoteTally:
    ballots: int = strawberry.field(description="Counted ballots 有效票数.")
    headcount: int = strawberry.field(description="Participating headcount 参与人数.")
    area: float = strawberry.field(description="Participating area 参与面积 (m²).")
    area_text: str = strawberry.field(description="Participating area, exact 精确面积.")
    empty_ballots: int = strawberry.field(description="Empty ballots 空白票.")
    options: list[VoteTallyOption] = strawberry.field(description="Per option 各选项.")

    @classmethod
    def of(cls, t: rules.Tally) -> VoteTally:
        return cls(
            ballots=t.ballots,
            headcount=t.headcount,
            area=float(t.area),
            area_text=str(t.area),
            empty_ballots=t.empty_ballots,
            options=[
                VoteTallyOption(
                    option_id=to_global_id("VoteOption", c.option_id),
                    headcount=c.headcount,
                    area=float(c.area),
                    area_text=str(c.area),
                )
                for c in t.options
            ],
        )


@strawberry.type(description="The count of one option in a tally 选项计票.")
class VoteTallyOption:
    option_id: strawberry.ID = strawberry.field(description="The option 选项 (global ID).")
    headcount: int = strawberry.field(description="Headcount 人数.")
    area: float = strawberry.field(description="Area 面积 (m²).")
    area_text: str = strawberry.field(description="Area, exact 精确面积.")


register_node("Vote", lambda ctx: ctx.votes.by_id, Vote.from_model)
register_node("VoteOption", lambda ctx: ctx.votes.option_by_id, VoteOption.from_model)
register_node("BallotConflict", lambda ctx: ctx.votes.conflicts, BallotConflict.from_model)
