"""Concurrent ballots on PostgreSQL, through a real server: uvicorn on 127.0.0.1 in the test's
event loop (sharing the test database), called over many HTTP connections at once.

- 50 concurrent ``voteCast`` of one voter leave exactly one ballot: one receipt, 49
  ALREADY_VOTED, no server error. With changes allowed, all 50 are changes of that one ballot.
- 500 voters casting at once: every acknowledged ballot is stored with its receipt and the
  tally frozen at close equals the acknowledged ballots, option by option.
- Voters casting while staff close the vote: what was acknowledged is in the frozen tally,
  what came after is refused with VOTE_CLOSED; nothing acknowledged is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import socket
import time
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import uvicorn

from backend.api.relay import to_global_id
from backend.app import create_app
from backend.auth.models import Account
from backend.auth.roles import Role
from backend.auth.sessions import create_session
from backend.consultations.models import (
    Ballot,
    BallotChoice,
    Vote,
    VoteOption,
    VoteState,
)
from backend.grids.models import Grid
from backend.residents.models import Residency, Resident
from backend.residents.services import sealed_id_number
from tests.conftest import TEST_SETTINGS
from tests.consultations.voting_world import ready_vote
from tests.factories import make_grid, make_id_number, make_tree

pytestmark = pytest.mark.postgres_only

# Rate limits off: hundreds of requests come from one address within a second.
SETTINGS = dataclasses.replace(
    TEST_SETTINGS, rate_limit_per_address=0, rate_limit_per_user=0, rate_limit_per_api_key=0
)
CONNECTIONS = 50  # concurrent HTTP connections to the server
BOUND = 120.0  # seconds any one burst may take

CAST = """
mutation ($input: VoteCastInput!) {
  voteCast(input: $input) { ballot { receiptCode castAt channel } errors { field code } } }"""
CLOSE = """
mutation ($id: ID!) {
  voteClose(input: { voteId: $id }) {
    vote { state results { ballots options { option { id } headcount } } }
    errors { code } } }"""
RECOUNT = """
mutation ($id: ID!) {
  voteRecount(input: { voteId: $id }) { matches recounted { ballots } errors { code } } }"""


@contextlib.asynccontextmanager
async def server() -> AsyncIterator[httpx.AsyncClient]:
    """The app served by uvicorn on an ephemeral port, and a client with many connections."""
    app = create_app(SETTINGS, migrate=False)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    host, port = sock.getsockname()
    config = uvicorn.Config(app, lifespan="off", log_level="warning", backlog=1024)
    uv = uvicorn.Server(config)
    task = asyncio.create_task(uv.serve(sockets=[sock]))
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    try:
        async with asyncio.timeout(10):
            while not uv.started:  # noqa: ASYNC110  uvicorn has no event to wait for
                await asyncio.sleep(0.01)
        async with httpx.AsyncClient(
            base_url=f"http://{host}:{port}", limits=limits, timeout=60
        ) as client:
            yield client
    finally:
        uv.should_exit = True
        async with asyncio.timeout(10):
            await task
        sock.close()


# httpx queues requests beyond its connections in a list it scans for every request (quadratic
# in a burst of hundreds, in the event loop the server shares): at most one per connection.
_in_flight = asyncio.Semaphore(CONNECTIONS)


async def post(
    client: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    async with _in_flight:
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 200, response.text  # never a server error
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body


async def residents(grid: Grid, count: int) -> list[Resident]:
    """``count`` adults of ``grid`` (written in one statement, IDs valid and unique)."""
    start = dt.date(1960, 1, 1)
    rows = [
        Resident(
            name=f"居民{i:03d}",
            gender="MALE" if i % 2 else "FEMALE",
            birth_date=start + dt.timedelta(days=i // 2),
            residency=Residency.REGISTERED,
            grid_id=grid.pk,
            **sealed_id_number(make_id_number(start + dt.timedelta(days=i // 2), male=bool(i % 2))),
        )
        for i in range(count)
    ]
    await Resident.bulk_create(rows, batch_size=500)
    return await Resident.filter(grid_id=grid.pk).order_by("id")


async def tokens_for(people: list[Resident]) -> list[str]:
    accounts = [Account(role=Role.RESIDENT, display_name=p.name, resident_id=p.pk) for p in people]
    await Account.bulk_create(accounts, batch_size=500)
    found = {a.resident_id: a for a in await Account.filter(role=Role.RESIDENT)}
    return [(await create_session(SETTINGS, found[p.pk]))[1] for p in people]


async def setup(count: int, **vote: Any) -> tuple[Vote, list[str], list[str], str]:
    """A community of ``count`` adults with an open PERSON vote; their tokens, the option ids
    and a staff token."""
    tree = await make_tree()
    grid = await make_grid(tree["c1"], "G-并发")
    people = await residents(grid, count)
    staff = await Account.create(
        role=Role.DIVISION_STAFF, display_name="工作人员", division_codes=[tree["c1"].code]
    )
    opened = await ready_vote(tree["c1"], staff.pk, **vote)
    assert opened.eligible_headcount == count
    options = await VoteOption.filter(vote_id=opened.pk).order_by("position")
    staff_token = (await create_session(SETTINGS, staff))[1]
    return (
        opened,
        await tokens_for(people),
        [to_global_id("VoteOption", o.pk) for o in options],
        staff_token,
    )


def cast_input(vote: Vote, option: str) -> dict[str, Any]:
    return {"input": {"voteId": to_global_id("Vote", vote.pk), "optionIds": [option]}}


async def burst(calls: list[Any]) -> tuple[list[dict[str, Any]], float]:
    started = time.perf_counter()
    async with asyncio.timeout(BOUND):
        results = await asyncio.gather(*calls)
    return results, time.perf_counter() - started


def outcome(body: dict[str, Any]) -> str:
    payload = body["data"]["voteCast"]
    if payload["errors"]:
        return payload["errors"][0]["code"]
    return "OK"


@pytest.mark.parametrize("allow_change", [False, True], ids=["once", "changes-allowed"])
async def test_fifty_concurrent_casts_of_one_voter_leave_one_ballot(
    db: str, allow_change: bool
) -> None:
    vote, tokens, options, _ = await setup(1, allow_change=allow_change)
    token = tokens[0]
    async with server() as client:
        calls = [post(client, token, CAST, cast_input(vote, options[i % 3])) for i in range(50)]
        results, seconds = await burst(calls)
    codes = Counter(outcome(r) for r in results)
    ballots = await Ballot.filter(vote_id=vote.pk)
    assert len(ballots) == 1
    assert await BallotChoice.filter(ballot_id=ballots[0].pk).count() == 1
    receipts = {
        r["data"]["voteCast"]["ballot"]["receiptCode"] for r in results if outcome(r) == "OK"
    }
    assert receipts == {ballots[0].receipt_code}
    if allow_change:
        assert codes == {"OK": 50}
        assert ballots[0].revision == 50  # every call changed the one ballot, in turn
    else:
        assert codes == {"OK": 1, "ALREADY_VOTED": 49}
    print(f"\n50 concurrent voteCast of one voter ({codes}): {seconds:.2f} s")


async def test_five_hundred_voters_at_once_lose_nothing(db: str) -> None:
    vote, tokens, options, staff = await setup(500)
    chosen = [options[i % 3] for i in range(len(tokens))]
    async with server() as client:
        calls = [
            post(client, token, CAST, cast_input(vote, option))
            for token, option in zip(tokens, chosen, strict=True)
        ]
        results, seconds = await burst(calls)
        codes = Counter(outcome(r) for r in results)
        assert codes == {"OK": 500}
        acknowledged = [r["data"]["voteCast"]["ballot"]["receiptCode"] for r in results]
        # Every acknowledged ballot is stored under its receipt.
        assert await Ballot.filter(receipt_code__in=acknowledged).count() == 500
        assert len(set(acknowledged)) == 500
        vote_id = to_global_id("Vote", vote.pk)
        closed = (await post(client, staff, CLOSE, {"id": vote_id}))["data"]["voteClose"]
        assert closed["errors"] == [] and closed["vote"]["state"] == "CLOSED"
        published = closed["vote"]["results"]
        assert published["ballots"] == 500
        counts = {o["option"]["id"]: o["headcount"] for o in published["options"]}
        assert counts == dict(Counter(chosen))
        recount = (await post(client, staff, RECOUNT, {"id": vote_id}))["data"]["voteRecount"]
        assert recount["matches"] is True and recount["recounted"]["ballots"] == 500
    print(f"\n500 voters, concurrent voteCast over {CONNECTIONS} connections: {seconds:.2f} s")


async def test_ballots_racing_the_close_are_counted_or_refused_never_lost(db: str) -> None:
    vote, tokens, options, staff = await setup(300)
    vote_id = to_global_id("Vote", vote.pk)
    async with server() as client:

        async def close_midway() -> dict[str, Any]:
            while await Ballot.filter(vote_id=vote.pk).count() < 100:  # noqa: ASYNC110
                await asyncio.sleep(0.005)
            return await post(client, staff, CLOSE, {"id": vote_id})

        calls = [post(client, t, CAST, cast_input(vote, options[0])) for t in tokens]
        results, seconds = await burst([close_midway(), *calls])
    closed = results[0]["data"]["voteClose"]
    assert closed["errors"] == []
    codes = Counter(outcome(r) for r in results[1:])
    assert set(codes) <= {"OK", "VOTE_CLOSED"} and codes["OK"] >= 100
    acknowledged = [
        r["data"]["voteCast"]["ballot"]["receiptCode"] for r in results[1:] if outcome(r) == "OK"
    ]
    frozen = await Vote.get(id=vote.pk)
    assert frozen.state == VoteState.CLOSED
    # The frozen tally holds exactly the acknowledged ballots, and no ballot came after it.
    assert frozen.tally["ballots"] == len(acknowledged) == codes["OK"]
    assert await Ballot.filter(vote_id=vote.pk).count() == len(acknowledged)
    assert await Ballot.filter(receipt_code__in=acknowledged).count() == len(acknowledged)
    print(f"\nclose during 300 concurrent casts: {dict(codes)} in {seconds:.2f} s")
