"""The vote_cast shape: its answers, its database check, and a real tiny run on PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest
import uvicorn
from tortoise import Tortoise

from bench import dataset, floor, loadgen, vote_cast, voters
from bench.dataset import SIZES, TABLES
from bench.vote_cast import Ledger, Stored, StoredBallot, Tally
from bench.voters import PreparedVote, Voter
from tests.conftest import POSTGRES_URL, TEST_SETTINGS, _with_database

VOTE = PreparedVote(7, "Vm90ZTo3", [21, 22, 23], ["a", "b", "c"], 3)
VOTERS = [Voter(100 + i, f"gzs_token{i}") for i in range(3)]


def _cast_answer(receipt: str, resident_id: int, errors: list[Any] | None = None) -> bytes:
    ballot = {
        "receiptCode": receipt,
        "unitKey": f"person:{resident_id}",
        "castAt": "2026-11-21T10:00:00+00:00",
        "channel": "ONLINE",
    }
    return orjson.dumps(
        {"data": {"voteCast": {"ballot": None if errors else ballot, "errors": errors or []}}}
    )


def _three_ballots() -> tuple[Ledger, Stored, Tally]:
    ledger = Ledger(VOTE.id)
    rows = []
    for i, voter in enumerate(VOTERS):
        receipt = f"RECPT{i:011d}"
        option = vote_cast.option_of(VOTE, i)
        ledger.add(200, _cast_answer(receipt, voter.resident_id), voter, option)
        rows.append(
            StoredBallot(receipt, f"person:{voter.resident_id}", voter.resident_id, (option,))
        )
    tally = Tally(ballots=3, per_option={21: 1, 22: 1, 23: 1}, recount_matches=True)
    return ledger, Stored(rows, 3), tally


def test_the_check_passes_when_the_database_holds_exactly_the_acknowledged_ballots() -> None:
    ledger, stored, tally = _three_ballots()
    assert len(ledger.acknowledged) == 3
    assert vote_cast.verify(ledger, stored, tally) == []


def test_the_check_catches_a_lost_ballot() -> None:
    ledger, stored, tally = _three_ballots()
    lost = Stored(stored.ballots[1:], 2)
    tally.ballots, tally.per_option = 2, {22: 1, 23: 1}

    problems = vote_cast.verify(ledger, lost, tally)

    assert problems == [
        "1 acknowledged ballots lost (e.g. receipt RECPT00000000000)",
        "tally per option {22: 1, 23: 1} != acknowledged {21: 1, 22: 1, 23: 1}",
    ]


def test_the_check_catches_doubled_unacknowledged_and_miscounted_ballots() -> None:
    ledger, stored, tally = _three_ballots()
    extra = StoredBallot("RECPT00000000999", "person:100", 100, (21,))
    doubled = Stored([*stored.ballots, extra], 3)
    problems = vote_cast.verify(ledger, doubled, tally)
    assert "duplicate ballots: 4 ballot rows for 3 units" in problems
    assert "1 ballots stored that no answer acknowledged" in problems
    assert "tally: 3 ballots frozen, 4 ballot rows" in problems

    ledger, stored, tally = _three_ballots()
    tally.recount_matches = False
    assert vote_cast.verify(ledger, stored, tally) == [
        "the recount does not match the frozen tally"
    ]
    ledger, stored, _ = _three_ballots()
    other_choice = Stored([stored.ballots[0], stored.ballots[1], stored.ballots[2]], 3)
    other_choice.ballots[0] = StoredBallot("RECPT00000000000", "person:100", 100, (22,))
    problems = vote_cast.verify(ledger, other_choice, tally)
    assert "1 acknowledged ballots stored with another unit, voter or choice" in problems


def test_only_a_receipt_for_the_voters_own_unit_is_an_acknowledged_ballot() -> None:
    voter = VOTERS[0]
    assert vote_cast.read_answer(200, _cast_answer("0123456789ABCDEF", 100), voter) == (
        "0123456789ABCDEF",
        None,
    )
    refused = _cast_answer("", 100, [{"field": "voteId", "code": "ALREADY_VOTED"}])
    cases = {
        (500, b"Internal Server Error"): "HTTP 500",
        (0, b""): "no answer",
        (200, b"<html>"): "not JSON",
        (200, b'{"data":null,"errors":[{"message":"x"}]}'): "GraphQL errors: ERROR",
        (200, refused): "user errors: ALREADY_VOTED",
        (200, _cast_answer("0123456789ABCDEF", 101)): "another unit",
        (200, _cast_answer("not-a-receipt", 100)): "no receipt code",
    }
    for (status, body), problem in cases.items():
        assert vote_cast.read_answer(status, body, voter) == (None, problem)

    ledger = Ledger(VOTE.id)
    ledger.add(500, b"Internal Server Error", voter, 21)
    ledger.add(200, refused, voter, 21)
    assert ledger.failed == 2 and not ledger.acknowledged
    assert ledger.failures == {"HTTP 500": 1, "user errors: ALREADY_VOTED": 1}


def test_each_request_is_a_different_voters_ballot_with_their_own_token() -> None:
    gongzhi = [vote_cast.request("gongzhi", VOTE, v, i) for i, v in enumerate(VOTERS)]
    assert [h["Authorization"] for _, h in gongzhi] == [f"Bearer {v.token}" for v in VOTERS]
    inputs = [orjson.loads(r.body)["variables"]["input"] for r, _ in gongzhi]
    assert {i["voteId"] for i in inputs} == {VOTE.gid}
    assert [i["optionIds"] for i in inputs] == [
        ["Vm90ZU9wdGlvbjoyMQ=="],
        ["Vm90ZU9wdGlvbjoyMg=="],
        ["Vm90ZU9wdGlvbjoyMw=="],
    ]
    request, _ = vote_cast.request("floor", VOTE, VOTERS[1], 1)
    assert (request.path, orjson.loads(request.body)) == (
        "/bench/vote_cast",
        {"voteId": 7, "optionId": 22},
    )
    raw = vote_cast.raw_requests("gongzhi", 8000, VOTE, VOTERS, start=1)
    assert len(raw) == 2 and raw[0].startswith(b"POST /graphql HTTP/1.1\r\n")
    assert b"Authorization: Bearer gzs_token1\r\n" in raw[0]


# ---------------------------------------------------------------- a real tiny run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.asynccontextmanager
async def _serving(app: Any, lifespan: str) -> AsyncIterator[int]:
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan=lifespan, log_level="error")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        for _ in range(500):  # uvicorn has no event for it: up to 10 s
            if server.started:
                break
            await asyncio.sleep(0.02)
        assert server.started, "the server did not start"
        yield port
    finally:
        server.should_exit = True
        await task


async def _load_tiny() -> None:
    tiny = dataset.collect(SIZES["tiny"], seed=7)
    conn = Tortoise.get_connection("default")
    seal = dataset.sealer()
    for table in TABLES:
        rows = seal(tiny[table]) if table == "resident" else tiny[table]
        await conn.execute_many(dataset.insert_sql(table, lambda i: f"${i}"), rows)


@pytest.mark.postgres_only
async def test_a_tiny_run_on_gongzhi_and_the_floor_loses_and_doubles_nothing(app, gql) -> None:
    import asyncpg

    await _load_tiny()
    prepared = await voters.prepare(TEST_SETTINGS, votes=2, voters=30)
    assert len(prepared.voters) == 30
    assert all(v.eligible_units >= 30 for v in prepared.votes)
    assert POSTGRES_URL is not None
    dsn = _with_database(POSTGRES_URL, Tortoise.get_connection("default").database)
    conn = await asyncpg.connect(dsn)
    try:
        async with _serving(app, "off") as gongzhi, _serving(floor.create_app(dsn), "on") as flr:
            for (dialect, port), vote in zip(
                [("gongzhi", gongzhi), ("floor", flr)], prepared.votes, strict=True
            ):
                raws = vote_cast.raw_requests(dialect, port, vote, prepared.voters)
                run = await loadgen.drive_async(port, raws, connections=4, duration=20)
                ledger = vote_cast.ledger_of(run.answers, vote, prepared.voters)
                assert run.exhausted and ledger.failures == {}, (dialect, ledger.failures)
                assert len(ledger.acknowledged) == 30, dialect

                # The same voters again: refused, and counted as failures, never as ballots.
                again = await loadgen.drive_async(port, raws[:2], connections=2, duration=5)
                refused = vote_cast.ledger_of(again.answers, vote, prepared.voters)
                assert refused.failures == {"user errors: ALREADY_VOTED": 2}, dialect

                stored = await vote_cast.read_stored(conn, vote.id)
                close, recount = vote_cast.close_requests(vote)
                closed = await gql.http.post("/graphql", content=close, headers=_admin(gql))
                counted = await gql.http.post("/graphql", content=recount, headers=_admin(gql))
                tally = vote_cast.tally_of(closed.content, counted.content)
                assert tally.ballots == 30 and tally.per_option == ledger.per_option()
                assert vote_cast.verify(ledger, stored, tally) == [], dialect

                # A ballot that vanished from the database is caught.
                lost = Stored(stored.ballots[1:], stored.distinct_units - 1)
                problems = vote_cast.verify(ledger, lost, tally)
                assert problems[0].startswith("1 acknowledged ballots lost"), problems
    finally:
        await conn.close()


def _admin(gql: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {gql.token}", "Content-Type": "application/json"}
