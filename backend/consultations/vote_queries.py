from __future__ import annotations

import strawberry

from backend.api.context import Info
from backend.api.errors import resolve_or_raise
from backend.api.permissions import requires
from backend.api.relay import Connection, build_connection, decode_id, decode_optional_id
from backend.auth.roles import Capability
from backend.consultations import voting
from backend.consultations.models import ConflictStatus, VoteState
from backend.consultations.vote_types import BallotConflict, BallotReceipt, Vote
from backend.core.pagination import SortKey

NEWEST_FIRST = SortKey("id")


@strawberry.input(description="Vote filter 表决筛选; all given conditions must hold.")
class VoteFilter:
    state: VoteState | None = strawberry.field(default=None, description="State 状态.")
    community_code: str | None = strawberry.field(
        default=None, description="Community by its 12-digit code 社区代码."
    )
    topic_id: strawberry.ID | None = strawberry.field(default=None, description="Topic 议题.")
    session_id: strawberry.ID | None = strawberry.field(
        default=None, description="Consultation session 协商会议."
    )


@strawberry.type
class VoteQuery:
    @strawberry.field(
        description=(
            "Votes in scope 表决列表, newest first: residents see those covering their home (or"
            " naming them on the voting list), staff their region's."
        ),
        permission_classes=[requires(Capability.CONSULTATIONS_READ)],
    )
    async def votes(
        self,
        info: Info,
        filter: VoteFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Vote]:
        ctx = info.context
        f = filter or VoteFilter()

        async def run() -> Connection[Vote]:
            qs = voting.filter_votes(
                ctx.scope,
                state=f.state,
                community_code=f.community_code,
                topic_id=decode_optional_id(f.topic_id, "Topic", "filter.topicId"),
                session_id=decode_optional_id(
                    f.session_id, "ConsultationSession", "filter.sessionId"
                ),
            )
            return await build_connection(
                qs, Vote.from_model, key=NEWEST_FIRST, descending=True, first=first, after=after
            )

        return await resolve_or_raise(run, ctx.lang)

    @strawberry.field(
        description=(
            "Look up a ballot by its receipt code 回执查询 (anyone, no login needed): whether it"
            " is counted, when and by which channel, and the vote's question; never the choice"
            " or the voter. Null for an unknown code. Receipt codes are long random codes, so"
            " they cannot be guessed; lookups count against the per-address rate limit."
        )
    )
    async def ballot_receipt(self, info: Info, code: str) -> BallotReceipt | None:
        found = await voting.lookup_receipt(code)
        return BallotReceipt.of(found) if found else None

    @strawberry.field(
        description="Ballot conflicts of a vote 选票冲突 (staff), oldest first.",
        permission_classes=[requires(Capability.CONSULTATION_MANAGE)],
    )
    async def vote_conflicts(
        self,
        info: Info,
        vote_id: strawberry.ID,
        status: ConflictStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[BallotConflict]:
        ctx = info.context

        async def run() -> Connection[BallotConflict]:
            pk = decode_id(vote_id, "Vote", "voteId")
            qs = await voting.filter_conflicts(ctx.scope, pk, status)
            return await build_connection(qs, BallotConflict.from_model, first=first, after=after)

        return await resolve_or_raise(run, ctx.lang)
