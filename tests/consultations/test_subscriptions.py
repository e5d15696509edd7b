"""Live turnout over graphql-transport-ws, through a real WebSocket on 127.0.0.1.

The app is served by uvicorn in the test's event loop (so it shares the test database) and
spoken to with the ``websockets`` client: connection_init / connection_ack, subscribe, next,
error, complete. On PostgreSQL two separate uvicorn processes show that an event reaches a
subscriber of the other process through LISTEN/NOTIFY.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import itertools
import os
import re
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
import orjson
import pytest
import strawberry
import uvicorn
from tortoise import Tortoise
from tortoise.transactions import in_transaction
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from backend.api.pipeline import pipeline_extensions
from backend.api.relay import to_global_id
from backend.app import create_app
from backend.auth.models import Account
from backend.auth.roles import Role
from backend.auth.scope import Scope
from backend.auth.sessions import create_session
from backend.config import PROJECT_ROOT, Settings
from backend.consultations import events, live, voting
from backend.consultations.events import VoteEventKind
from backend.consultations.models import (
    BallotKind,
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
from backend.divisions.models import Division
from backend.residents.models import Resident
from tests.conftest import TEST_DATA_DIR, TEST_SETTINGS
from tests.factories import make_grid, make_resident, make_tree

PROTOCOL = "graphql-transport-ws"
WAIT = 10.0  # seconds any single expected message may take
QUIET = 0.6  # seconds of silence that show no further message is coming
NOW = dt.datetime.now(dt.UTC)

TURNOUT = """subscription Turnout($id: ID!) {
  voteTurnout(voteId: $id) {
    voteId state ballots headcount area eligibleUnits eligibleHeadcount eligibleArea
    headcountRatio areaRatio at
  }
}"""


# --- a served app and a graphql-transport-ws client --------------------------------------------


@contextlib.asynccontextmanager
async def served(settings: Settings = TEST_SETTINGS) -> AsyncIterator[str]:
    """The app on an ephemeral 127.0.0.1 port in this event loop; yields its host:port."""
    app = create_app(settings, migrate=False)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    host, port = sock.getsockname()
    config = uvicorn.Config(app, lifespan="off", log_level="warning", ws="websockets-sansio")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with asyncio.timeout(WAIT):
            while not server.started:  # noqa: ASYNC110  uvicorn offers no event to wait on
                await asyncio.sleep(0.01)
        yield f"{host}:{port}"
    finally:
        server.should_exit = True
        async with asyncio.timeout(WAIT):
            await task
        sock.close()


class GraphQLSocket:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send(orjson.dumps(message).decode())

    async def receive(self, seconds: float = WAIT) -> dict[str, Any]:
        async with asyncio.timeout(seconds):
            frame = await self.ws.recv()
        assert isinstance(frame, str), "graphql-transport-ws messages are text frames"
        message: dict[str, Any] = orjson.loads(frame)
        return message

    async def init(self, payload: dict[str, Any] | None = None) -> None:
        await self.send({"type": "connection_init", "payload": payload or {}})
        assert (await self.receive())["type"] == "connection_ack"

    async def subscribe(
        self,
        id: str,
        query: str,
        variables: dict[str, Any] | None = None,
        operation: str | None = None,
    ) -> None:
        payload = {"query": query, "variables": variables or {}, "operationName": operation}
        await self.send({"id": id, "type": "subscribe", "payload": payload})

    async def next_data(self, id: str) -> dict[str, Any]:
        message = await self.receive()
        assert message["id"] == id and message["type"] == "next", message
        assert "errors" not in message["payload"], message
        data: dict[str, Any] = message["payload"]["data"]
        return data

    async def silence(self, seconds: float = QUIET) -> None:
        """Nothing arrives for ``seconds``."""
        with pytest.raises(TimeoutError):
            await self.receive(seconds)


@contextlib.asynccontextmanager
async def graphql_socket(
    address: str,
    *,
    token: str | None = None,
    headers: dict[str, str] | None = None,
    init: bool = True,
) -> AsyncIterator[GraphQLSocket]:
    async with connect(
        f"ws://{address}/graphql",
        subprotocols=[PROTOCOL],  # type: ignore[list-item]
        additional_headers=headers or {},
        open_timeout=WAIT,
        close_timeout=2,
    ) as ws:
        assert ws.subprotocol == PROTOCOL
        client = GraphQLSocket(ws)
        if init:
            await client.init({"authorization": f"Bearer {token}"} if token else None)
        yield client


async def nobody_listens() -> None:
    async with asyncio.timeout(WAIT):
        while events.bus.listened_votes():  # noqa: ASYNC110  polled: the bus has no event
            await asyncio.sleep(0.01)


# --- a vote with its eligibility snapshot ------------------------------------------------------


@dataclass
class World:
    community: Division
    other_community: Division
    vote: Vote
    vote_id: str  # global ID
    for_option: VoteOption
    units: list[EligibleUnit]
    voters: list[Resident]
    staff_token: str
    other_staff_token: str
    resident_token: str


async def _token(role: Role, **account: Any) -> str:
    row = await Account.create(role=role, display_name=role.value.lower(), **account)
    _, token = await create_session(TEST_SETTINGS, row)
    return token


@pytest.fixture(autouse=True)
async def _no_listener_left() -> AsyncIterator[None]:
    yield
    await events.stop()  # what the app's shutdown does


@pytest.fixture
async def world(db: str) -> World:
    tree = await make_tree()
    community, other = tree["c1"], tree["c2"]
    grid = await make_grid(community, "G001")
    staff = await Account.create(role=Role.DIVISION_STAFF, display_name="社区工作人员")
    voters = [await make_resident(grid, f"业主{i}") for i in range(12)]
    areas = [Decimal("88.50"), Decimal("120.25"), Decimal("66.10")] * 4
    vote = await Vote.create(
        community=community,
        scope_kind=ScopeKind.COMMUNITY,
        question="是否更换物业公司",
        ballot_kind=BallotKind.FOR_AGAINST_ABSTAIN,
        voting_unit=VotingUnit.OWNER,
        decision_rule=DecisionRule.OWNERS_ORDINARY,
        opens_at=NOW - dt.timedelta(days=1),
        closes_at=NOW + dt.timedelta(days=6),
        state=VoteState.OPEN,
        snapshot_at=NOW - dt.timedelta(days=1),
        eligible_unit_count=12,
        eligible_headcount=12,
        eligible_area=sum(areas, Decimal(0)),
        created_by=staff,
    )
    options = [
        await VoteOption.create(vote=vote, label=label, position=i, stance=stance)
        for i, (stance, label) in enumerate(
            [
                (OptionStance.FOR, "同意"),
                (OptionStance.AGAINST, "反对"),
                (OptionStance.ABSTAIN, "弃权"),
            ]
        )
    ]
    units = []
    for voter, area in zip(voters, areas, strict=True):
        unit = await EligibleUnit.create(vote=vote, unit_key=f"owner:{voter.pk}", area=area)
        await EligibleVoter.create(vote=vote, unit=unit, resident=voter)
        units.append(unit)
    resident_account = await Account.create(
        role=Role.RESIDENT, display_name="业主0", resident_id=voters[0].pk
    )
    _, resident_token = await create_session(TEST_SETTINGS, resident_account)
    return World(
        community=community,
        other_community=other,
        vote=vote,
        vote_id=to_global_id("Vote", vote.pk),
        for_option=options[0],
        units=units,
        voters=voters,
        staff_token=await _token(Role.DIVISION_STAFF, division_codes=[community.code]),
        other_staff_token=await _token(Role.DIVISION_STAFF, division_codes=[other.code]),
        resident_token=resident_token,
    )


async def cast(world: World, index: int) -> None:
    """Voter ``index`` votes FOR online (the service sends the event after its commit)."""
    voter = world.voters[index]
    scope = Scope(
        division_prefixes=(world.community.code,),
        people="own",
        own_resident_id=voter.pk,
        own_household_id=voter.household_id,
    )
    await voting.cast_online(scope, world.vote.pk, [world.for_option.pk])


async def close(world: World) -> None:
    await voting.close_vote(Scope.for_division_codes([world.community.code]), world.vote.pk)


VOTE_CAST = """mutation Cast($input: VoteCastInput!) {
  voteCast(input: $input) { ballot { receiptCode } errors { code } }
}"""


async def _vote_cast_through(address: str, world: World) -> None:
    """The resident's ballot, cast over HTTP through the worker at ``address``."""
    variables = {
        "input": {
            "voteId": world.vote_id,
            "optionIds": [to_global_id("VoteOption", world.for_option.pk)],
        }
    }
    async with httpx.AsyncClient(base_url=f"http://{address}", timeout=WAIT) as http:
        response = await http.post(
            "/graphql",
            json={"query": VOTE_CAST, "variables": variables},
            headers={"Authorization": f"Bearer {world.resident_token}"},
        )
    payload = response.json()["data"]["voteCast"]
    assert payload["errors"] == [] and payload["ballot"]["receiptCode"], payload


# --- turnout ---------------------------------------------------------------------------------


async def test_a_turnout_subscription_receives_updates_as_ballots_arrive(world: World) -> None:
    async with served() as address, graphql_socket(address, token=world.staff_token) as gql:
        await gql.subscribe("t", TURNOUT, {"id": world.vote_id})
        first = (await gql.next_data("t"))["voteTurnout"]
        assert first["voteId"] == world.vote_id
        assert first["state"] == "OPEN"
        assert (first["ballots"], first["headcount"], first["area"]) == (0, 0, 0)
        assert (first["eligibleUnits"], first["eligibleHeadcount"]) == (12, 12)
        assert first["eligibleArea"] == pytest.approx(1099.40)
        assert first["headcountRatio"] == 0 and first["areaRatio"] == 0

        await _vote_cast_through(address, world)  # the resident votes (voter 0)
        update = (await gql.next_data("t"))["voteTurnout"]
        assert (update["ballots"], update["headcount"], update["area"]) == (1, 1, 88.5)
        assert update["headcountRatio"] == pytest.approx(1 / 12)
        assert update["areaRatio"] == pytest.approx(88.5 / 1099.40)

        await cast(world, 1)
        update = (await gql.next_data("t"))["voteTurnout"]
        assert (update["ballots"], update["headcount"], update["area"]) == (2, 2, 208.75)
        assert update["at"] >= first["at"]

        await close(world)
        final = (await gql.next_data("t"))["voteTurnout"]
        assert final["state"] == "CLOSED" and final["ballots"] == 2
        assert await gql.receive() == {"id": "t", "type": "complete"}


async def test_a_burst_of_ballots_is_coalesced(world: World) -> None:
    async with served() as address, graphql_socket(address, token=world.staff_token) as gql:
        await gql.subscribe("t", TURNOUT, {"id": world.vote_id})
        assert (await gql.next_data("t"))["voteTurnout"]["ballots"] == 0
        await asyncio.gather(*(cast(world, index) for index in range(10)))
        updates: list[dict[str, Any]] = []
        while not updates or updates[-1]["ballots"] < 10:
            updates.append((await gql.next_data("t"))["voteTurnout"])
        counts = [u["ballots"] for u in updates]
        assert counts == sorted(counts) and len(counts) < 10, counts
        # Reads for one subscriber are at least MIN_INTERVAL apart (`at` is the server's).
        times = [dt.datetime.fromisoformat(u["at"]) for u in updates]
        gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
        assert all(gap >= live.MIN_INTERVAL for gap in gaps), gaps
        # An event without a change (a repeated or late notification) sends nothing.
        await events.publish(world.vote.pk, VoteEventKind.TURNOUT)
        await gql.silence()


async def test_residents_in_scope_watch_too_and_leaving_stops_listening(world: World) -> None:
    async with served() as address, graphql_socket(address, token=world.resident_token) as gql:
        await gql.subscribe("t", TURNOUT, {"id": world.vote_id})
        assert (await gql.next_data("t"))["voteTurnout"]["ballots"] == 0
        assert events.bus.listened_votes() == [world.vote.pk]
        await gql.send({"id": "t", "type": "complete"})
        await nobody_listens()
        # The connection stays usable after the operation ended.
        await gql.subscribe("t2", TURNOUT, {"id": world.vote_id})
        assert (await gql.next_data("t2"))["voteTurnout"]["ballots"] == 0
    await nobody_listens()  # a dropped connection stops listening as well


async def test_a_revoked_session_gets_no_further_updates(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backend.auth.models import Session
    from backend.consultations import subscriptions

    monkeypatch.setattr(subscriptions, "RECHECK_SECONDS", 0.0)  # recheck before every update
    async with served() as address, graphql_socket(address, token=world.staff_token) as gql:
        await gql.subscribe("t", TURNOUT, {"id": world.vote_id})
        assert (await gql.next_data("t"))["voteTurnout"]["ballots"] == 0
        await cast(world, 0)
        assert (await gql.next_data("t"))["voteTurnout"]["ballots"] == 1
        # Logged out everywhere (another device): the next update is refused, the stream ends.
        await Session.filter(revoked_at=None).update(revoked_at=dt.datetime.now(dt.UTC))
        await cast(world, 1)
        message = await gql.receive()
        assert message["id"] == "t" and message["type"] in {"next", "error"}, message
        errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
        assert [e["extensions"]["code"] for e in errors] == ["UNAUTHENTICATED"]
        assert "data" not in message["payload"] or not message["payload"].get("data")
        if message["type"] == "next":
            assert await gql.receive() == {"id": "t", "type": "complete"}
        await nobody_listens()


async def test_a_closed_vote_answers_once_and_completes(world: World) -> None:
    await cast(world, 0)
    await close(world)
    async with served() as address, graphql_socket(address, token=world.staff_token) as gql:
        await gql.subscribe("t", TURNOUT, {"id": world.vote_id})
        data = (await gql.next_data("t"))["voteTurnout"]
        assert (data["state"], data["ballots"]) == ("CLOSED", 1)
        assert await gql.receive() == {"id": "t", "type": "complete"}


# --- results ---------------------------------------------------------------------------------

RESULTS = """subscription Results($id: ID!) {
  voteResults(voteId: $id) {
    final ballots headcount area emptyBallots
    options { option { label stance } headcount area headcountRatio meetsThreshold passed }
    outcome { passed reason turnoutMet participatingHeadcount }
  }
}"""


def _for_count(results: dict[str, Any]) -> int:
    (found,) = [o for o in results["options"] if o["option"]["stance"] == "FOR"]
    count: int = found["headcount"]
    return count


async def test_hidden_results_arrive_when_the_vote_closes(world: World) -> None:
    async with served() as address, graphql_socket(address, token=world.resident_token) as gql:
        await gql.subscribe("r", RESULTS, {"id": world.vote_id})
        await cast(world, 0)
        await gql.silence()  # secret until close: not even an empty update
        for index in range(1, 9):
            await cast(world, index)
        await close(world)
        results = (await gql.next_data("r"))["voteResults"]
        assert results["final"] is True
        assert (results["ballots"], results["headcount"], _for_count(results)) == (9, 9, 9)
        assert results["outcome"]["participatingHeadcount"] == 9
        assert results["outcome"]["turnoutMet"] is True  # 9 of 12 heads, area 2/3 or more
        assert results["outcome"]["reason"] == "APPROVED"
        assert await gql.receive() == {"id": "r", "type": "complete"}


async def test_live_results_follow_the_ballots(world: World) -> None:
    await Vote.filter(id=world.vote.pk).update(results_live=True)
    async with served() as address, graphql_socket(address, token=world.resident_token) as gql:
        await gql.subscribe("r", RESULTS, {"id": world.vote_id})
        results = (await gql.next_data("r"))["voteResults"]
        assert (results["final"], results["ballots"], results["outcome"]) == (False, 0, None)
        assert [o["option"]["label"] for o in results["options"]] == ["同意", "反对", "弃权"]
        assert results["options"][0]["meetsThreshold"] is None  # decided at close only
        await cast(world, 0)
        results = (await gql.next_data("r"))["voteResults"]
        assert (results["final"], results["ballots"], _for_count(results)) == (False, 1, 1)
        assert results["options"][0]["headcountRatio"] == 1.0
        await close(world)
        results = (await gql.next_data("r"))["voteResults"]
        assert results["final"] is True and results["outcome"]["reason"] == "TURNOUT_NOT_MET"
        assert await gql.receive() == {"id": "r", "type": "complete"}


async def test_results_of_a_closed_vote_answer_once(world: World) -> None:
    await cast(world, 0)
    await close(world)
    async with served() as address, graphql_socket(address, token=world.staff_token) as gql:
        await gql.subscribe("r", RESULTS, {"id": world.vote_id})
        results = (await gql.next_data("r"))["voteResults"]
        assert (results["final"], results["ballots"]) == (True, 1)
        assert await gql.receive() == {"id": "r", "type": "complete"}
        error = await _refusal(address, {"id": world.vote_id}, query=RESULTS)
        assert error["extensions"] == {"code": "UNAUTHENTICATED"}
        error = await _refusal(
            address, {"id": world.vote_id}, query=RESULTS, token=world.other_staff_token
        )
        assert error["extensions"] == {"code": "FORBIDDEN", "field": "voteId"}


# --- who may watch ---------------------------------------------------------------------------


async def _refusal(
    address: str, variables: dict[str, Any], query: str = TURNOUT, **connection: Any
) -> dict[str, Any]:
    async with graphql_socket(address, **connection) as gql:
        await gql.subscribe("t", query, variables)
        message = await gql.receive()
        assert message["type"] == "error" and message["id"] == "t", message
        assert len(message["payload"]) == 1
        error: dict[str, Any] = message["payload"][0]
        await gql.silence(0.3)  # no data follows
        return error


async def test_anonymous_and_out_of_scope_subscribers_get_an_error(world: World) -> None:
    draft = await Vote.create(
        community=world.community,
        scope_kind=ScopeKind.COMMUNITY,
        question="草稿",
        ballot_kind=BallotKind.SINGLE,
        voting_unit=VotingUnit.PERSON,
        decision_rule=DecisionRule.SIMPLE_MAJORITY,
        opens_at=NOW + dt.timedelta(days=1),
        closes_at=NOW + dt.timedelta(days=2),
        created_by_id=world.vote.created_by_id,
    )
    vote = {"id": world.vote_id}
    async with served() as address:
        error = await _refusal(address, vote)
        assert error["extensions"] == {"code": "UNAUTHENTICATED"}
        error = await _refusal(address, vote, token="gzs_not-a-session")
        assert error["extensions"] == {"code": "UNAUTHENTICATED"}
        # A caller limited to a region is never told whether another region's vote exists.
        forbidden = {"code": "FORBIDDEN", "field": "voteId"}
        error = await _refusal(address, vote, token=world.other_staff_token)
        assert error["extensions"] == forbidden
        partner = await _token(Role.PARTNER)  # no CONSULTATIONS_READ
        error = await _refusal(address, vote, token=partner)
        assert error["extensions"] == {"code": "FORBIDDEN"}
        draft_id = {"id": to_global_id("Vote", draft.pk)}
        error = await _refusal(address, draft_id, token=world.resident_token)
        assert error["extensions"] == forbidden
        absent = {"id": to_global_id("Vote", 999_999)}
        error = await _refusal(address, absent, token=world.staff_token)
        assert error["extensions"] == forbidden
        admin = await _token(Role.PLATFORM_ADMIN)
        error = await _refusal(address, absent, token=admin)
        assert error["extensions"] == {"code": "NOT_FOUND", "field": "voteId"}
        error = await _refusal(address, {"id": "not-an-id"}, token=world.staff_token)
        assert error["extensions"] == {"code": "INVALID", "field": "voteId"}
        error = await _refusal(
            address, {"id": to_global_id("Topic", world.vote.pk)}, token=world.staff_token
        )
        assert error["extensions"] == {"code": "WRONG_TYPE", "field": "voteId"}
        # Staff who manage votes may watch a draft.
        async with graphql_socket(address, token=world.staff_token) as gql:
            await gql.subscribe("t", TURNOUT, draft_id)
            data = (await gql.next_data("t"))["voteTurnout"]
            assert (data["state"], data["eligibleHeadcount"], data["headcountRatio"]) == (
                "DRAFT",
                None,
                None,
            )


async def test_errors_speak_the_language_of_the_connection(world: World) -> None:
    async with served() as address:
        async with graphql_socket(address, init=False) as gql:
            await gql.init({"acceptLanguage": "en"})
            await gql.subscribe("t", TURNOUT, {"id": world.vote_id})
            message = await gql.receive()
        assert message["payload"][0]["message"] == "Please log in first"
        error = await _refusal(address, {"id": world.vote_id}, headers={"Accept-Language": "en"})
        assert error["message"] == "Please log in first"


async def test_the_cookie_counts_only_from_our_own_origin(world: World) -> None:
    cookie = {"Cookie": f"gongzhi_session={world.staff_token}"}
    async with served() as address:
        for origin in (None, f"http://{address}"):
            headers = {**cookie, **({"Origin": origin} if origin else {})}
            async with graphql_socket(address, headers=headers) as gql:
                await gql.subscribe("t", TURNOUT, {"id": world.vote_id})
                assert (await gql.next_data("t"))["voteTurnout"]["ballots"] == 0
        evil = {**cookie, "Origin": "https://evil.example"}
        error = await _refusal(address, {"id": world.vote_id}, headers=evil)
        assert error["extensions"] == {"code": "UNAUTHENTICATED"}
        # Another origin's page with its own bearer token is served (no ambient credential).
        async with graphql_socket(address, headers=evil, token=world.staff_token) as gql:
            await gql.subscribe("t", TURNOUT, {"id": world.vote_id})
            assert (await gql.next_data("t"))["voteTurnout"]["ballots"] == 0
        # A bearer token in the handshake's headers (clients that can set them).
        bearer = {"Authorization": f"Bearer {world.staff_token}"}
        async with graphql_socket(address, headers=bearer) as gql:
            await gql.subscribe("t", TURNOUT, {"id": world.vote_id})
            assert (await gql.next_data("t"))["voteTurnout"]["ballots"] == 0
    allowed = dataclasses.replace(TEST_SETTINGS, allowed_origins=("https://partner.example",))
    async with served(allowed) as address:
        headers = {**cookie, "Origin": "https://partner.example"}
        async with graphql_socket(address, headers=headers) as gql:
            await gql.subscribe("t", TURNOUT, {"id": world.vote_id})
            assert (await gql.next_data("t"))["voteTurnout"]["ballots"] == 0


# --- what may run over the socket ------------------------------------------------------------


async def test_only_subscriptions_run_over_the_socket(world: World) -> None:
    async with served() as address, graphql_socket(address, token=world.staff_token) as gql:
        for id, document, name in (
            ("q", "{ viewer { authenticated } }", None),
            ("m", "mutation { authLogout { errors { code } } }", None),
            ("n", "query A { __typename } " + TURNOUT, "A"),
        ):
            await gql.subscribe(id, document, {"id": world.vote_id}, name)
            message = await gql.receive()
            assert message["type"] == "error" and message["id"] == id, message
            assert message["payload"][0]["extensions"] == {"code": "SUBSCRIPTIONS_ONLY"}
        await gql.subscribe(
            "s", "query A { __typename } " + TURNOUT, {"id": world.vote_id}, "Turnout"
        )
        assert (await gql.next_data("s"))["voteTurnout"]["ballots"] == 0


async def test_graphql_limits_apply_to_subscriptions(world: World) -> None:
    aliased = f'subscription {{ voteTurnout(voteId: "{world.vote_id}") {{ a: ballots b: ballots c: ballots }} }}'
    settings = dataclasses.replace(TEST_SETTINGS, max_aliases=2, max_tokens=25)
    async with served(settings) as address, graphql_socket(address, token=world.staff_token) as gql:
        await gql.subscribe("a", aliased)
        message = await gql.receive()
        assert message["type"] == "error", message
        assert message["payload"][0]["extensions"] == {
            "code": "TOO_MANY_ALIASES",
            "count": 3,
            "limit": 2,
        }
        await gql.subscribe("t", TURNOUT, {"id": world.vote_id})
        message = await gql.receive()
        assert message["type"] == "error", message
        assert message["payload"][0]["extensions"] == {"code": "TOO_MANY_TOKENS", "limit": 25}


@strawberry.type
class _Leaf:
    n: int


@strawberry.type
class _Page:
    @strawberry.field
    def items(self, first: int = 10) -> list[_Leaf]:
        return [_Leaf(n=i) for i in range(first)]


@strawberry.type
class _Query:
    ok: bool = True


@strawberry.type
class _Subscription:
    @strawberry.subscription
    async def pages(self) -> AsyncIterator[_Page]:
        yield _Page()


async def test_the_cost_limit_refuses_a_subscription() -> None:
    """The cost rule counts subscriptions like queries (a schema of its own: the real
    subscription returns one object, below any sensible limit)."""
    settings = dataclasses.replace(TEST_SETTINGS, max_query_cost=50)
    small = strawberry.Schema(
        query=_Query, subscription=_Subscription, extensions=pipeline_extensions(settings)
    )
    stream = await small.subscribe("subscription { pages { items(first: 100) { n } } }")
    results = [r async for r in stream]  # type: ignore[union-attr]
    assert [r.data for r in results] == [None]
    assert results[0].errors and results[0].errors[0].extensions == {
        "code": "QUERY_TOO_COSTLY",
        "cost": 101,
        "limit": 50,
    }
    stream = await small.subscribe("subscription { pages { items(first: 5) { n } } }")
    results = [r async for r in stream]  # type: ignore[union-attr]
    assert results[0].data == {"pages": {"items": [{"n": i} for i in range(5)]}}


async def test_handshakes_count_against_the_address_limit(world: World) -> None:
    settings = dataclasses.replace(TEST_SETTINGS, rate_limit_per_address=2)
    async with served(settings) as address:
        for _ in range(2):
            async with graphql_socket(address, token=world.staff_token):
                pass
        with pytest.raises(InvalidStatus) as refused:
            async with graphql_socket(address, token=world.staff_token):
                pass
        assert refused.value.response.status_code == 403


async def test_a_connection_without_init_is_closed(world: World) -> None:
    async with served() as address, graphql_socket(address, init=False) as gql:
        await gql.subscribe("t", TURNOUT, {"id": world.vote_id})
        with pytest.raises(ConnectionClosed) as closed:
            await gql.receive()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401


# --- events ------------------------------------------------------------------------------------


def test_event_payloads() -> None:
    event = events.VoteEvent(42, VoteEventKind.CLOSED)
    assert event.encode() == "42:CLOSED"
    assert events.VoteEvent.decode("42:CLOSED") == event
    for bad in ("", "42", "42:", ":TURNOUT", "x:TURNOUT", "42:OPENED", "-1:TURNOUT", "4 2:CLOSED"):
        assert events.VoteEvent.decode(bad) is None, bad


async def _next_event(queue: asyncio.Queue[events.VoteEvent]) -> events.VoteEvent:
    async with asyncio.timeout(WAIT):
        return await queue.get()


async def _no_event(queue: asyncio.Queue[events.VoteEvent], seconds: float = QUIET) -> None:
    await asyncio.sleep(seconds)
    assert queue.empty()


async def test_events_reach_listeners_of_their_vote_only(db: str) -> None:
    async with events.listen(1) as one, events.listen(2) as two:
        await events.publish(1, VoteEventKind.TURNOUT)
        assert await _next_event(one) == events.VoteEvent(1, VoteEventKind.TURNOUT)
        await _no_event(two, 0.2 if db == "sqlite" else QUIET)
    assert events.bus.listened_votes() == []


@pytest.mark.postgres_only
async def test_a_notification_sent_in_a_transaction_goes_out_at_commit(db: str) -> None:
    async with events.listen(7) as queue:
        async with in_transaction():
            await events.publish(7, VoteEventKind.TURNOUT)
            await _no_event(queue)
        assert await _next_event(queue) == events.VoteEvent(7, VoteEventKind.TURNOUT)
        with pytest.raises(RuntimeError):
            async with in_transaction():
                await events.publish(7, VoteEventKind.CLOSED)
                raise RuntimeError("rolled back")
        await _no_event(queue)


@pytest.mark.postgres_only
async def test_the_listener_reconnects_and_tells_listeners_to_read_again(db: str) -> None:
    async with events.listen(7) as queue:
        listener = events.hub.listener
        assert listener is not None and listener.connection is not None
        pid = listener.connection.get_server_pid()
        db_client = Tortoise.get_connection("default")
        await db_client.execute_query("SELECT pg_terminate_backend($1)", [pid])
        # Whatever was sent while it was away is lost: a TURNOUT makes everyone read again.
        assert await _next_event(queue) == events.VoteEvent(7, VoteEventKind.TURNOUT)
        assert listener.connections_made == 2
        assert listener.connection.get_server_pid() != pid
        await events.publish(7, VoteEventKind.CLOSED)
        assert await _next_event(queue) == events.VoteEvent(7, VoteEventKind.CLOSED)


# --- several worker processes on PostgreSQL ----------------------------------------------------


@dataclass
class Worker:
    process: asyncio.subprocess.Process
    address: str
    log: list[str]
    drain: asyncio.Task[None]


def _database_url() -> str:
    client: Any = Tortoise.get_connection("default")
    password = f":{client.password}" if client.password else ""
    return f"postgres://{client.user}{password}@{client.host}:{client.port}/{client.database}"


async def _start_worker(name: str) -> Worker:
    """``uvicorn backend.app:create_app`` in a process of its own, on an ephemeral port."""
    env = {
        **os.environ,
        "APP_ENV": "test",
        "DATABASE_URL": _database_url(),
        "DATA_DIR": str(TEST_DATA_DIR / name),
        "SECRET_KEY": TEST_SETTINGS.secret_key,
        "DATA_ENCRYPTION_KEY": TEST_SETTINGS.data_encryption_key,
        "DATA_HASH_KEY": TEST_SETTINGS.data_hash_key,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "uvicorn", "backend.app:create_app", "--factory"),
        *("--host", "127.0.0.1", "--port", "0", "--workers", "1", "--log-level", "info"),
        *("--ws", "websockets-sansio", "--no-access-log"),
        env=env,
        cwd=PROJECT_ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    log: list[str] = []
    address = None
    try:
        async with asyncio.timeout(30):
            while address is None:
                line = (await process.stderr.readline()).decode()
                if not line:
                    raise AssertionError(f"worker {name} exited:\n" + "".join(log))
                log.append(line)
                found = re.search(r"running on http://(127\.0\.0\.1:\d+)", line)
                address = found.group(1) if found else None
    except BaseException:
        await _stop_worker(process)
        raise

    async def drain(stream: asyncio.StreamReader) -> None:
        while line := await stream.readline():
            log.append(line.decode())

    return Worker(process, address, log, asyncio.create_task(drain(process.stderr)))


async def _stop_worker(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()  # uvicorn shuts down: the lifespan closes LISTEN and the pool
        try:
            async with asyncio.timeout(WAIT):
                await process.wait()
        except TimeoutError:
            process.kill()
            await process.wait()


@contextlib.asynccontextmanager
async def workers(*names: str) -> AsyncIterator[list[Worker]]:
    started: list[Worker] = []
    try:
        for name in names:
            started.append(await _start_worker(name))
        yield started
    finally:
        for worker in started:
            await _stop_worker(worker.process)
            worker.drain.cancel()


@pytest.mark.postgres_only
async def test_an_update_reaches_subscribers_of_every_worker(world: World) -> None:
    """Two uvicorn worker processes, each with its own LISTEN connection: a ballot cast
    through one reaches the subscribers of both (DESIGN §7, scaling out)."""
    async with (
        workers("worker-a", "worker-b") as (a, b),
        graphql_socket(a.address, token=world.staff_token) as on_a,
        graphql_socket(b.address, token=world.resident_token) as on_b,
    ):
        for gql in (on_a, on_b):
            await gql.subscribe("t", TURNOUT, {"id": world.vote_id})
            assert (await gql.next_data("t"))["voteTurnout"]["ballots"] == 0
        await _vote_cast_through(b.address, world)
        for gql in (on_a, on_b):
            data = (await gql.next_data("t"))["voteTurnout"]
            assert (data["ballots"], data["area"]) == (1, 88.5)
        await cast(world, 1)  # a third process (this one) only sends NOTIFY
        for gql in (on_a, on_b):
            assert (await gql.next_data("t"))["voteTurnout"]["ballots"] == 2
        await close(world)
        for gql in (on_a, on_b):
            assert (await gql.next_data("t"))["voteTurnout"]["state"] == "CLOSED"
            assert await gql.receive() == {"id": "t", "type": "complete"}
