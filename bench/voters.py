"""Votes and voters for the ``vote_cast`` shape, made with the app's own services.

    .venv/bin/python -m bench.voters --size small --votes 10   # bench/.data/vote_cast-small.json

One process per run, after ``bench.login`` (which creates the bench's administrator):

1. Earlier bench votes (question ``QUESTION``, created by the bench administrator) are
   deleted with their snapshots and ballots, so the database does not grow run after run.
2. ``--votes`` new PERSON votes (同意/反对/弃权, simple majority) over the whole first
   community of the first subdistrict (the same at every dataset size) are created and opened
   with ``voting.create_vote`` and ``voting.open_vote``: the eligibility snapshot (the adults
   of the community on the opening day) is taken as the app takes it. One vote per target and
   round, so every timed run casts first ballots.
3. The voters are the eligible residents who could log in: a registered phone whose login
   the app maps to them (the first resident with that phone). Each gets the resident account
   the OTP login would create (``phone_hash``, role RESIDENT) and one new session from
   ``backend.auth.sessions.create_session``; earlier sessions of these accounts are deleted.

The file (mode 0600, under the git-ignored ``bench/.data``) holds the votes' IDs and options
and the voters' resident IDs and bearer tokens, so tokens appear on no command line.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import env
from bench.dataset import SIZES
from bench.login import bench_account, database_url
from bench.shapes import SUBDISTRICT_CODE, global_id

if TYPE_CHECKING:
    from backend.config import Settings

QUESTION = "基准测试：是否同意该事项（vote_cast）"


@dataclass(frozen=True)
class PreparedVote:
    id: int
    gid: str
    option_ids: list[int]  # 同意, 反对, 弃权 in that order
    option_gids: list[str]
    eligible_units: int


@dataclass(frozen=True)
class Voter:
    resident_id: int
    token: str


@dataclass(frozen=True)
class Prepared:
    community_code: str
    votes: list[PreparedVote]
    voters: list[Voter]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Prepared:
        return cls(
            data["community_code"],
            [PreparedVote(**v) for v in data["votes"]],
            [Voter(**v) for v in data["voters"]],
        )


def _ints(values: Any) -> list[int]:
    """Primary keys from ``values_list(…, flat=True)`` (typed as tuples by Tortoise)."""
    return [int(v) for v in values]


def pool_path(size: str) -> Path:
    return env.DATA_DIR / f"vote_cast-{size}.json"


async def delete_bench_votes(account_id: int) -> int:
    """Earlier bench votes and everything under them; returns how many votes went."""
    from tortoise.expressions import Subquery
    from tortoise.transactions import in_transaction

    from backend.consultations.models import (
        Ballot,
        BallotChoice,
        BallotConflict,
        BallotConflictChoice,
        EligibleUnit,
        EligibleVoter,
        Vote,
        VoteOption,
    )

    ids = await Vote.filter(created_by_id=account_id, question=QUESTION).values_list(
        "id", flat=True
    )
    if not ids:
        return 0
    async with in_transaction():
        conflicts = BallotConflict.filter(vote_id__in=ids).values("id")
        await BallotConflictChoice.filter(conflict_id__in=Subquery(conflicts)).delete()
        await BallotConflict.filter(vote_id__in=ids).delete()
        ballots = Ballot.filter(vote_id__in=ids).values("id")
        await BallotChoice.filter(ballot_id__in=Subquery(ballots)).delete()
        await Ballot.filter(vote_id__in=ids).delete()
        await EligibleVoter.filter(vote_id__in=ids).delete()
        await EligibleUnit.filter(vote_id__in=ids).delete()
        await VoteOption.filter(vote_id__in=ids).delete()
        await Vote.filter(id__in=ids).delete()
    return len(ids)


async def open_votes(account_id: int, community_id: int, count: int) -> list[PreparedVote]:
    from backend.auth.scope import Scope
    from backend.consultations import voting
    from backend.consultations.models import (
        BallotKind,
        DecisionRule,
        ScopeKind,
        VoteOption,
        VotingUnit,
    )

    now = dt.datetime.now(dt.UTC)
    everything = Scope.everything()
    prepared = []
    for _ in range(count):
        data = voting.VoteData(
            community_id=community_id,
            scope_kind=ScopeKind.COMMUNITY,
            question=QUESTION,
            ballot_kind=BallotKind.FOR_AGAINST_ABSTAIN,  # the default 同意/反对/弃权
            voting_unit=VotingUnit.PERSON,
            decision_rule=DecisionRule.SIMPLE_MAJORITY,
            opens_at=now - dt.timedelta(minutes=5),
            closes_at=now + dt.timedelta(days=1),
        )
        vote = await voting.create_vote(everything, account_id, data)
        vote = await voting.open_vote(everything, vote.pk)
        options = _ints(
            await VoteOption.filter(vote_id=vote.pk)
            .order_by("position")
            .values_list("id", flat=True)
        )
        prepared.append(
            PreparedVote(
                vote.pk,
                global_id("Vote", vote.pk),
                options,
                [global_id("VoteOption", pk) for pk in options],
                vote.eligible_unit_count or 0,
            )
        )
    return prepared


async def voter_sessions(
    settings: Settings, vote_ids: list[int], limit: int | None = None
) -> list[Voter]:
    """Eligible in every vote and able to log in by phone: a resident account and a session."""
    from tortoise.transactions import in_transaction

    from backend.auth.models import Account, Session
    from backend.auth.roles import Role
    from backend.auth.sessions import create_session
    from backend.consultations.models import EligibleVoter
    from backend.residents.models import Resident

    eligible: set[int] | None = None
    for vote_id in vote_ids:
        found = set(
            _ints(await EligibleVoter.filter(vote_id=vote_id).values_list("resident_id", flat=True))
        )
        eligible = found if eligible is None else eligible & found
    rows = await Resident.filter(id__in=sorted(eligible or ()), phone_hash__not_isnull=True)
    rows = [r for r in rows if r.phone_hash]
    # The OTP login maps a phone to its first resident (backend/auth/services.py).
    first_of_phone: dict[str, int] = {}
    hashes = sorted({r.phone_hash for r in rows if r.phone_hash})
    for pk, phone_hash in (
        await Resident.filter(phone_hash__in=hashes).order_by("-id").values_list("id", "phone_hash")
    ):
        first_of_phone[phone_hash] = pk
    people = sorted(
        (r for r in rows if r.phone_hash and first_of_phone.get(r.phone_hash) == r.pk),
        key=lambda r: r.pk,
    )[:limit]
    accounts = {
        a.phone_hash: a for a in await Account.filter(phone_hash__in=[r.phone_hash for r in people])
    }
    await Account.bulk_create(
        [
            Account(
                role=Role.RESIDENT,
                display_name=r.name[:50],
                resident_id=r.pk,
                phone_hash=r.phone_hash,
            )
            for r in people
            if r.phone_hash not in accounts
        ],
        batch_size=500,
    )
    accounts = {
        a.phone_hash: a for a in await Account.filter(phone_hash__in=[r.phone_hash for r in people])
    }
    voters = []
    async with in_transaction():
        await Session.filter(account_id__in=[a.pk for a in accounts.values()]).delete()
        for r in people:
            account = accounts[r.phone_hash]
            if account.role != Role.RESIDENT or account.resident_id != r.pk:
                raise RuntimeError(f"the account of resident {r.pk}'s phone is not theirs")
            _, token = await create_session(settings, account)
            voters.append(Voter(r.pk, token))
    return voters


async def prepare(settings: Settings, votes: int, voters: int | None = None) -> Prepared:
    """Delete earlier bench votes; open ``votes`` new ones; sessions for their voters."""
    from backend.divisions.models import Division, DivisionLevel

    account = await bench_account()
    await delete_bench_votes(account.pk)
    community = (
        await Division.filter(level=DivisionLevel.COMMUNITY, parent__code=SUBDISTRICT_CODE)
        .order_by("code")
        .first()
    )
    if community is None:
        raise RuntimeError(f"no community under {SUBDISTRICT_CODE}: is the dataset loaded?")
    opened = await open_votes(account.pk, community.pk, votes)
    sessions = await voter_sessions(settings, [v.id for v in opened], voters)
    return Prepared(community.code, opened, sessions)


def write(prepared: Prepared, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(prepared.to_json(), out, ensure_ascii=False)


def read(path: Path) -> Prepared:
    return Prepared.from_json(json.loads(path.read_text(encoding="utf-8")))


async def _main(size: str, votes: int, voters: int | None, path: Path) -> Prepared:
    from backend.config import get_settings
    from backend.db import close_db, init_db

    url = database_url(size, "postgres")
    env.use_bench_settings(url)
    settings = get_settings()
    await init_db(settings, url)
    try:
        prepared = await prepare(settings, votes, voters)
    finally:
        await close_db()
    write(prepared, path)
    return prepared


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Votes and voter sessions for vote_cast.")
    parser.add_argument("--size", choices=tuple(SIZES), default="small")
    parser.add_argument("--votes", type=int, required=True)
    parser.add_argument("--voters", type=int, help="at most this many voters (default all)")
    parser.add_argument("--output", help="default bench/.data/vote_cast-<size>.json")
    args = parser.parse_args(argv)
    path = Path(args.output) if args.output else pool_path(args.size)
    prepared = asyncio.run(_main(args.size, args.votes, args.voters, path))
    print(
        f"[voters] {len(prepared.votes)} open votes in community {prepared.community_code},"
        f" {prepared.votes[0].eligible_units if prepared.votes else 0} eligible units each,"
        f" {len(prepared.voters)} voter sessions",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
