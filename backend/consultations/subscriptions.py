"""Live votes over graphql-transport-ws (DESIGN §5): ``voteTurnout`` and ``voteResults``.

The subscriber needs CONSULTATIONS_READ and a vote they see (the rule of the ``votes``
query); otherwise the subscription answers one error (UNAUTHENTICATED, FORBIDDEN or NOT_FOUND)
and no data. The check runs before the stream starts, so the error arrives as the protocol's
``error`` message. How updates are paced and where the events come from: ``live``, ``events``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import AsyncIterator
from typing import TypeVar

import strawberry
from graphql import GraphQLError

from backend.api.context import Info
from backend.api.errors import resolve_or_raise
from backend.api.permissions import requires
from backend.api.relay import decode_id, to_global_id
from backend.auth.principal import Principal
from backend.auth.roles import Capability
from backend.auth.sessions import still_signed_in
from backend.consultations import live
from backend.consultations import models as vote_models
from backend.consultations.models import VoteState
from backend.consultations.vote_types import VoteOption, VoteResults

if not hasattr(VoteState, "_enum_definition"):  # the vote types may have registered it
    strawberry.enum(
        VoteState,
        description="State of a vote 表决状态: DRAFT 草稿, OPEN 投票中, CLOSED 已结束.",
    )


@strawberry.type(
    description=(
        "Turnout of a vote 投票率 at one moment: counted ballots and the headcount and area of"
        " the voting units that cast them, against the eligibility snapshot taken at opening."
    )
)
class VoteTurnoutUpdate:
    vote_id: strawberry.ID = strawberry.field(description="The vote 表决 (global ID).")
    state: VoteState = strawberry.field(description="State of the vote now 表决状态.")
    ballots: int = strawberry.field(description="Counted ballots 已投票数 (one per voting unit).")
    headcount: int = strawberry.field(
        description="Participating headcount 参与人数 (units with a counted ballot)."
    )
    area: float = strawberry.field(
        description="Participating area in m² 参与面积 (owners' votes; 0 otherwise)."
    )
    eligible_units: int | None = strawberry.field(
        description="Voting units in the snapshot 应投单位数; null before the vote opens."
    )
    eligible_headcount: int | None = strawberry.field(
        description="Eligible headcount of the snapshot 应参与人数; null before the vote opens."
    )
    eligible_area: float | None = strawberry.field(
        description="Eligible area of the snapshot in m² 总面积; null before the vote opens."
    )
    headcount_ratio: float | None = strawberry.field(
        description="Headcount turnout 人数参与率, 0-1; null when nobody is eligible."
    )
    area_ratio: float | None = strawberry.field(
        description="Area turnout 面积参与率, 0-1; null when the eligible area is 0."
    )
    at: dt.datetime = strawberry.field(description="When these figures were read 统计时间.")

    @classmethod
    def from_turnout(cls, t: live.Turnout) -> VoteTurnoutUpdate:
        headcount_ratio, area_ratio = t.headcount_ratio, t.area_ratio
        return cls(
            vote_id=to_global_id("Vote", t.vote_id),
            state=t.state,
            ballots=t.ballots,
            headcount=t.headcount,
            area=float(t.area),
            eligible_units=t.eligible_units,
            eligible_headcount=t.eligible_headcount,
            eligible_area=None if t.eligible_area is None else float(t.eligible_area),
            headcount_ratio=None if headcount_ratio is None else float(headcount_ratio),
            area_ratio=None if area_ratio is None else float(area_ratio),
            at=t.at,
        )


async def _watched_vote(info: Info, vote_id: strawberry.ID) -> int:
    async def check() -> int:
        pk = decode_id(vote_id, "Vote", "voteId")
        await live.check_visible(info.context.scope, pk)
        return pk

    return await resolve_or_raise(check, info.context.lang)


T = TypeVar("T")

# A subscription outlives the request that started it: before an update goes out, the
# session or API key it was opened with is checked again, at most this often, so a logout
# (or a revoked key) stops the updates within this many seconds.
RECHECK_SECONDS = 10.0
SIGNED_OUT = {"zh": "登录已失效，请重新登录", "en": "The session has ended; log in again"}


async def _while_signed_in(
    principal: Principal, lang: str, stream: AsyncIterator[T]
) -> AsyncIterator[T]:
    checked_at = time.monotonic()  # the subscription's own start checked the caller
    try:
        async for update in stream:
            if time.monotonic() - checked_at >= RECHECK_SECONDS:
                if not await still_signed_in(principal):
                    message = SIGNED_OUT["en" if lang == "en" else "zh"]
                    raise GraphQLError(message, extensions={"code": "UNAUTHENTICATED"})
                checked_at = time.monotonic()
            yield update
    finally:
        # Stop listening for the vote's events now, not when the stream is collected.
        close = getattr(stream, "aclose", None)
        if close is not None:
            await close()


async def _turnout_stream(vote_id: int) -> AsyncIterator[VoteTurnoutUpdate]:
    async for turnout in live.turnout_updates(vote_id):
        yield VoteTurnoutUpdate.from_turnout(turnout)


async def _results_stream(vote_id: int) -> AsyncIterator[VoteResults]:
    options: list[VoteOption] | None = None
    async for results in live.results_updates(vote_id):
        if options is None:  # they never change once the vote is open
            rows = await vote_models.VoteOption.filter(vote_id=vote_id).order_by("position")
            options = [VoteOption.from_model(row) for row in rows]
        assert results.counts is not None  # only shown results are streamed
        yield VoteResults.of(results.counts, options, results.outcome)


@strawberry.type
class VoteSubscription:
    @strawberry.subscription(
        description=(
            "Live turnout of a vote 实时投票率: the figures now, then after ballots arrive (at"
            " most 5 updates a second, only when they change); ends after the update that"
            " shows the vote CLOSED."
        ),
        permission_classes=[requires(Capability.CONSULTATIONS_READ)],
    )
    async def vote_turnout(
        self, info: Info, vote_id: strawberry.ID
    ) -> AsyncIterator[VoteTurnoutUpdate]:
        # A coroutine returning the stream (not a generator): access is refused before the
        # stream exists, so a refusal is a clean `error` message with no data.
        pk = await _watched_vote(info, vote_id)
        ctx = info.context
        return _while_signed_in(ctx.principal, ctx.lang, _turnout_stream(pk))

    @strawberry.subscription(
        description=(
            "Live results of a vote 实时计票结果, aggregates only: when the vote shows live"
            " results, the counts now and after ballots arrive (at most 5 updates a second);"
            " otherwise nothing until it closes. Ends with the final results and outcome"
            " (`final` true) once the vote is closed."
        ),
        permission_classes=[requires(Capability.CONSULTATIONS_READ)],
    )
    async def vote_results(self, info: Info, vote_id: strawberry.ID) -> AsyncIterator[VoteResults]:
        pk = await _watched_vote(info, vote_id)
        ctx = info.context
        return _while_signed_in(ctx.principal, ctx.lang, _results_stream(pk))
