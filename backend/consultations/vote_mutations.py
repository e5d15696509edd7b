"""Mutations of votes (表决): create, open, cast, paper ballots, conflicts, close, recount."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

import strawberry

from backend.api.context import Info
from backend.api.errors import UserError
from backend.api.relay import decode_id, decode_optional_id
from backend.consultations import models, voting
from backend.consultations.models import (
    BallotChannel,
    BallotKind,
    DecisionRule,
    OptionStance,
    ScopeKind,
    VotingUnit,
)
from backend.consultations.payloads import MANAGE, PARTICIPATE, Payload
from backend.consultations.vote_types import (
    BallotConflict,
    MyBallot,
    Vote,
    VoteTally,
)
from backend.core.errors import DomainError, ErrorCode

SCOPE_TYPES = {
    ScopeKind.GRID: "Grid",
    ScopeKind.COMPOUND: "Compound",
    ScopeKind.BUILDING: "Building",
}


@strawberry.enum(
    description="Channel of a ballot entered by staff 录入渠道: PAPER 纸质, ON_SITE 现场."
)
class BallotEntryChannel(Enum):
    PAPER = "PAPER"
    ON_SITE = "ON_SITE"


@strawberry.enum(
    description="How to resolve a ballot conflict 冲突处理: KEEP_EXISTING 保留原票, REPLACE 替换."
)
class ConflictResolution(Enum):
    KEEP_EXISTING = "KEEP_EXISTING"
    REPLACE = "REPLACE"


@strawberry.input(description="An option of a new vote 表决选项.")
class VoteOptionInput:
    label: str = strawberry.field(description="Label 选项内容 (1-100 characters, unique).")
    stance: OptionStance | None = strawberry.field(
        default=None, description="FOR / AGAINST / ABSTAIN, for FOR_AGAINST_ABSTAIN votes only."
    )


@strawberry.input(description="A new vote 新建表决 (a DRAFT until it is opened).")
class VoteCreateInput:
    community_id: strawberry.ID = strawberry.field(description="Community 社区 (a Division).")
    scope_kind: ScopeKind = strawberry.field(description="Scope 范围.")
    scope_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The Grid, Compound or Building of the scope 范围对象 (none for COMMUNITY).",
    )
    question: str = strawberry.field(description="Question 表决事项 (at most 300 characters).")
    description: str | None = strawberry.field(default=None, description="Explanation 说明.")
    ballot_kind: BallotKind = strawberry.field(description="Kind of ballot 票型.")
    options: list[VoteOptionInput] = strawberry.field(
        default_factory=list,
        description="Options 选项 (2-50); FOR_AGAINST_ABSTAIN defaults to 同意/反对/弃权.",
    )
    max_choices: int | None = strawberry.field(
        default=None, description="MULTIPLE: most options per ballot 最多可选 (default all)."
    )
    seats: int | None = strawberry.field(
        default=None, description="MULTIPLE: options that can be adopted 可当选数."
    )
    allow_empty: bool = strawberry.field(default=True, description="Accept empty ballots 空白票.")
    voting_unit: VotingUnit = strawberry.field(description="Voting unit 投票单位.")
    decision_rule: DecisionRule = strawberry.field(
        description="Decision rule 表决规则 (the owners' rules need OWNER units)."
    )
    opens_at: dt.datetime = strawberry.field(description="Opens at 开始时间.")
    closes_at: dt.datetime = strawberry.field(description="Closes at 截止时间 (after opensAt).")
    secret: bool = strawberry.field(default=True, description="Secret ballot 无记名 (default).")
    results_live: bool = strawberry.field(
        default=False, description="Show results while open 实时公开结果."
    )
    allow_change: bool = strawberry.field(
        default=False, description="Voters may change their ballot before close 允许改票."
    )
    topic_id: strawberry.ID | None = strawberry.field(default=None, description="Topic 议题.")
    session_id: strawberry.ID | None = strawberry.field(
        default=None, description="Consultation session 协商会议."
    )


@strawberry.input(description="Open a vote 开启表决.")
class VoteOpenInput:
    vote_id: strawberry.ID = strawberry.field(description="The vote (a DRAFT).")


@strawberry.input(description="Close a vote 结束表决.")
class VoteCloseInput:
    vote_id: strawberry.ID = strawberry.field(description="The vote (OPEN, no open conflicts).")


@strawberry.input(description="Recount a vote 重新计票.")
class VoteRecountInput:
    vote_id: strawberry.ID = strawberry.field(description="The vote (CLOSED).")


@strawberry.input(description="Cast the caller's ballot online 在线投票.")
class VoteCastInput:
    vote_id: strawberry.ID = strawberry.field(description="The vote.")
    option_ids: list[strawberry.ID] = strawberry.field(
        description="Options chosen 所选选项 (empty: an empty ballot, where allowed)."
    )
    unit_key: str | None = strawberry.field(
        default=None,
        description="The unit this ballot is for 投票单位, when the caller stands in several.",
    )


@strawberry.input(description="Enter a paper or on-site ballot 录入纸质/现场选票.")
class BallotPaperEnterInput:
    vote_id: strawberry.ID = strawberry.field(description="The vote.")
    option_ids: list[strawberry.ID] = strawberry.field(description="Options on the sheet 选项.")
    sheet_reference: str = strawberry.field(
        description="Sheet reference 选票编号 (unique within the vote, at most 64 characters)."
    )
    channel: BallotEntryChannel = strawberry.field(description="PAPER or ON_SITE 渠道.")
    unit_key: str | None = strawberry.field(
        default=None, description="The voting unit 投票单位 (or give the signer)."
    )
    resident_id: strawberry.ID | None = strawberry.field(
        default=None, description="The resident who signed the sheet 签名人 (finds the unit)."
    )


@strawberry.input(description="Resolve a ballot conflict 处理选票冲突.")
class BallotConflictResolveInput:
    conflict_id: strawberry.ID = strawberry.field(description="The conflict.")
    resolution: ConflictResolution = strawberry.field(description="Keep or replace 处理方式.")
    note: str = strawberry.field(description="Why 处理说明 (required, at most 500 characters).")


@strawberry.type(description="Result of a vote mutation.")
class VotePayload:
    vote: Vote | None = strawberry.field(description="The vote after the change.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


@strawberry.type(description="Result of casting a ballot 投票结果: the receipt, never the choice.")
class VoteCastPayload:
    ballot: MyBallot | None = strawberry.field(description="The counted ballot 选票回执.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


@strawberry.type(
    description="Result of a paper entry: a counted ballot, or a conflict kept for review."
)
class BallotPaperEnterPayload:
    ballot: MyBallot | None = strawberry.field(description="The counted ballot, if counted.")
    conflict: BallotConflict | None = strawberry.field(
        description="The conflict, when the unit already had a ballot 冲突选票."
    )
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


@strawberry.type(description="Result of resolving a ballot conflict.")
class BallotConflictPayload:
    conflict: BallotConflict | None = strawberry.field(description="The resolved conflict.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


@strawberry.type(description="Result of a recount 重新计票: the raw ballots against the tally.")
class VoteRecountPayload:
    matches: bool = strawberry.field(
        description="The recount equals the tally frozen at close 一致 (false on errors)."
    )
    stored: VoteTally | None = strawberry.field(description="The tally frozen at close.")
    recounted: VoteTally | None = strawberry.field(description="The tally from the raw ballots.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


@dataclass
class _Audited:
    """The ids a ballot mutation leaves in the audit log: the vote (and the signer of a paper
    sheet), never the options chosen, which would tie a voter to their choice."""

    vote_id: str
    resident_id: str | None = None


def _vote_id(raw: strawberry.ID) -> int:
    return decode_id(raw, "Vote", "voteId")


def _option_ids(ids: list[strawberry.ID]) -> list[int]:
    return [decode_id(v, "VoteOption", f"optionIds.{i}") for i, v in enumerate(ids)]


def _account(info: Info) -> int:
    account = info.context.principal.account_id
    if account is None:  # API keys never hold CONSULTATION_MANAGE
        raise DomainError(ErrorCode.FORBIDDEN, None)
    return account


def _vote_data(input: VoteCreateInput) -> voting.VoteData:
    scope_type = SCOPE_TYPES.get(input.scope_kind)
    scope_id = None
    if scope_type is not None:
        scope_id = decode_optional_id(input.scope_id, scope_type, "scopeId")
    elif input.scope_id is not None:
        raise DomainError(ErrorCode.INVALID, "scopeId")
    return voting.VoteData(
        community_id=decode_id(input.community_id, "Division", "communityId"),
        scope_kind=input.scope_kind,
        scope_object_id=scope_id,
        question=input.question,
        description=input.description,
        ballot_kind=input.ballot_kind,
        options=[voting.OptionData(o.label, o.stance) for o in input.options],
        max_choices=input.max_choices,
        seats=input.seats,
        allow_empty=input.allow_empty,
        voting_unit=input.voting_unit,
        decision_rule=input.decision_rule,
        opens_at=input.opens_at,
        closes_at=input.closes_at,
        secret=input.secret,
        results_live=input.results_live,
        allow_change=input.allow_change,
        topic_id=decode_optional_id(input.topic_id, "Topic", "topicId"),
        session_id=decode_optional_id(input.session_id, "ConsultationSession", "sessionId"),
    )


def _recounted(found: voting.Recount) -> VoteRecountPayload:
    return VoteRecountPayload(
        matches=found.matches,
        stored=VoteTally.of(found.stored),
        recounted=VoteTally.of(found.recounted),
        errors=[],
    )


VOTE: Payload[models.Vote, VotePayload] = Payload(
    lambda row: VotePayload(vote=Vote.from_model(row), errors=[]),
    lambda errors: VotePayload(vote=None, errors=errors),
)
CAST: Payload[voting.CastBallot, VoteCastPayload] = Payload(
    lambda cast: VoteCastPayload(ballot=MyBallot.of(cast), errors=[]),
    lambda errors: VoteCastPayload(ballot=None, errors=errors),
)
PAPER: Payload[voting.PaperEntry, BallotPaperEnterPayload] = Payload(
    lambda entry: BallotPaperEnterPayload(
        ballot=MyBallot.of(entry.ballot) if entry.ballot else None,
        conflict=BallotConflict.from_model(entry.conflict) if entry.conflict else None,
        errors=[],
    ),
    lambda errors: BallotPaperEnterPayload(ballot=None, conflict=None, errors=errors),
)
CONFLICT: Payload[models.BallotConflict, BallotConflictPayload] = Payload(
    lambda row: BallotConflictPayload(conflict=BallotConflict.from_model(row), errors=[]),
    lambda errors: BallotConflictPayload(conflict=None, errors=errors),
)
RECOUNT: Payload[voting.Recount, VoteRecountPayload] = Payload(
    _recounted,
    lambda errors: VoteRecountPayload(matches=False, stored=None, recounted=None, errors=errors),
)


@strawberry.type
class VoteMutation:
    @strawberry.mutation(description="Create a vote 新建表决 (DRAFT).", permission_classes=MANAGE)
    async def vote_create(self, info: Info, input: VoteCreateInput) -> VotePayload:
        async def run() -> models.Vote:
            data = _vote_data(input)
            return await voting.create_vote(info.context.scope, _account(info), data)

        return await VOTE.run(info, input, run)

    @strawberry.mutation(
        description="Open a vote 开启表决: takes the eligibility snapshot from the register.",
        permission_classes=MANAGE,
    )
    async def vote_open(self, info: Info, input: VoteOpenInput) -> VotePayload:
        return await VOTE.run(
            info, input, lambda: voting.open_vote(info.context.scope, _vote_id(input.vote_id))
        )

    @strawberry.mutation(
        description="Cast the caller's ballot 投票; returns the receipt, never the choice.",
        permission_classes=PARTICIPATE,
    )
    async def vote_cast(self, info: Info, input: VoteCastInput) -> VoteCastPayload:
        return await CAST.run(
            info,
            _Audited(input.vote_id),
            lambda: voting.cast_online(
                info.context.scope,
                _vote_id(input.vote_id),
                _option_ids(input.option_ids),
                input.unit_key,
            ),
        )

    @strawberry.mutation(
        description=(
            "Enter a paper or on-site ballot 录入选票: counted for a unit without a ballot,"
            " kept as a conflict for a unit that has one (never counted twice or dropped)."
        ),
        permission_classes=MANAGE,
    )
    async def ballot_paper_enter(
        self, info: Info, input: BallotPaperEnterInput
    ) -> BallotPaperEnterPayload:
        async def run() -> voting.PaperEntry:
            pk = _vote_id(input.vote_id)
            options = _option_ids(input.option_ids)
            resident = decode_optional_id(input.resident_id, "Resident", "residentId")
            return await voting.enter_paper(
                info.context.scope,
                _account(info),
                pk,
                options,
                input.sheet_reference,
                BallotChannel(input.channel.value),
                unit_key=input.unit_key,
                resident_id=resident,
            )

        return await PAPER.run(info, _Audited(input.vote_id, input.resident_id), run)

    @strawberry.mutation(
        description="Resolve a ballot conflict 处理冲突: keep the counted ballot or replace it.",
        permission_classes=MANAGE,
    )
    async def ballot_conflict_resolve(
        self, info: Info, input: BallotConflictResolveInput
    ) -> BallotConflictPayload:
        async def run() -> models.BallotConflict:
            pk = decode_id(input.conflict_id, "BallotConflict", "conflictId")
            replace = input.resolution == ConflictResolution.REPLACE
            return await voting.resolve_conflict(
                info.context.scope, _account(info), pk, replace, input.note
            )

        return await CONFLICT.run(info, input, run)

    @strawberry.mutation(
        description="Close a vote 结束表决: freezes the tally and computes the outcome.",
        permission_classes=MANAGE,
    )
    async def vote_close(self, info: Info, input: VoteCloseInput) -> VotePayload:
        return await VOTE.run(
            info, input, lambda: voting.close_vote(info.context.scope, _vote_id(input.vote_id))
        )

    @strawberry.mutation(
        description="Recount a closed vote 重新计票 from the raw ballots; must equal the tally.",
        permission_classes=MANAGE,
    )
    async def vote_recount(self, info: Info, input: VoteRecountInput) -> VoteRecountPayload:
        return await RECOUNT.run(
            info, input, lambda: voting.recount_vote(info.context.scope, _vote_id(input.vote_id))
        )
