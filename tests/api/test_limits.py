"""API limits (DESIGN §6): each limit refuses a request just over it, with its code and message,
and lets one at the limit through."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from graphql import build_schema, parse, validate
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from backend.api import http_limits
from backend.api.http_limits import (
    BodyLimit,
    FixedWindowCounter,
    RateLimit,
    Timeout,
    limit_graphql,
)
from backend.api.limits import MAX_EXPANDED_FIELDS, AuthMutationRule, query_cost
from backend.api.schema import schema
from backend.app import create_app
from backend.config import Settings
from tests.conftest import TEST_SETTINGS


@asynccontextmanager
async def serve(
    app: Any, client: tuple[str, int] = ("127.0.0.1", 123)
) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=client)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


def app_with(**changes: Any) -> Any:
    return create_app(dataclasses.replace(TEST_SETTINGS, **changes), migrate=False)


async def ask(
    http: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    lang: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    sent = {**({"Accept-Language": lang} if lang else {}), **(headers or {})}
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=sent
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def codes(body: dict[str, Any]) -> list[str | None]:
    return [(e.get("extensions") or {}).get("code") for e in body.get("errors") or []]


def nested_children(levels: int) -> str:
    return "{ divisionTree " + "{ children " * levels + "{ id }" + " }" * levels + " }"


def doubled_fragments(levels: int) -> str:
    """A document whose fragments expand to 2**levels fields."""
    lines = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    return "\n".join(["{ ...F0 }", *lines, f"fragment F{levels} on Query {{ __typename }}"])


# --- GraphQL limits at the default settings ------------------------------------------------


async def test_depth_limit(client: httpx.AsyncClient) -> None:
    assert TEST_SETTINGS.max_query_depth == 10
    body = await ask(client, nested_children(10))
    assert body["data"] is None
    assert body["errors"][0]["message"] == "查询嵌套过深：最多 10 层"
    assert body["errors"][0]["extensions"] == {"code": "QUERY_TOO_DEEP", "limit": 10}
    english = await ask(client, nested_children(10), lang="en")
    assert english["errors"][0]["message"] == (
        "The query is nested too deeply: at most 10 levels are allowed"
    )
    under = await ask(client, nested_children(9))
    assert "QUERY_TOO_DEEP" not in codes(under)
    assert "cost" in under["extensions"]  # validated and on to execution


async def test_alias_limit(client: httpx.AsyncClient) -> None:
    assert TEST_SETTINGS.max_aliases == 15
    over = await ask(client, "{ " + " ".join(f"a{i}: __typename" for i in range(16)) + " }")
    assert over["data"] is None
    assert over["errors"][0]["message"] == "查询使用了 16 个别名，最多 15 个"
    assert over["errors"][0]["extensions"] == {"code": "TOO_MANY_ALIASES", "count": 16, "limit": 15}
    under = await ask(client, "{ " + " ".join(f"a{i}: __typename" for i in range(15)) + " }")
    assert "errors" not in under
    assert len(under["data"]) == 15


async def test_token_limit_counts_comments_too(client: httpx.AsyncClient) -> None:
    assert TEST_SETTINGS.max_tokens == 2000
    # "{ __typename }" is three tokens; every comment line is one more.
    over = await ask(client, "{ __typename }" + "\n#" * 1998)
    assert over["data"] is None
    assert over["errors"][0]["message"] == "查询过长：最多 2000 个词法单元"
    assert over["errors"][0]["extensions"] == {"code": "TOO_MANY_TOKENS", "limit": 2000}
    under = await ask(client, "{ __typename }" + "\n#" * 1997)
    assert under["data"] == {"__typename": "Query"}


async def test_fragments_that_expand_exponentially_are_refused_quickly(
    client: httpx.AsyncClient,
) -> None:
    # Strawberry's depth and alias limiters walk every spread again: 2**14 walks here, 2**40
    # with a few more lines. The guard counts the expansion in linear time first.
    assert 2**13 <= MAX_EXPANDED_FIELDS < 2**14
    started = time.perf_counter()
    over = await ask(client, doubled_fragments(14))
    assert time.perf_counter() - started < 2
    assert over["errors"][0]["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "count": 2**14,
        "limit": MAX_EXPANDED_FIELDS,
    }
    assert over["errors"][0]["message"] == (
        f"查询的片段展开后有 {2**14} 个字段，最多 {MAX_EXPANDED_FIELDS} 个"
    )
    huge = await ask(client, doubled_fragments(60))
    assert "QUERY_TOO_COMPLEX" in codes(huge)
    under = await ask(client, doubled_fragments(13))
    assert under["data"] == {"__typename": "Query"}


# --- cost ----------------------------------------------------------------------------------

GRID_PAGE = "{ grids(first: 20) { edges { node { id residents(first: 20) { edges { node { id household { id } } } } } } } }"


def cost(query: str, variables: dict[str, Any] | None = None, name: str | None = None) -> int:
    return query_cost(schema._schema, parse(query), name, variables, 100)


def test_cost_counts_objects_and_multiplies_by_page_sizes() -> None:
    # household 1, resident 1+1, edge 1+2, residents 20*(1+3), grid 1+80, edge 1+81, grids 20*83
    assert cost(GRID_PAGE) == 1660
    assert cost("{ __typename }") == 0
    assert cost("{ viewer { authenticated displayName } }") == 1  # leaves cost nothing


def test_cost_takes_page_sizes_from_literals_variables_and_defaults() -> None:
    page = "query($n: Int) { grids(first: $n) { edges { node { id } } } }"
    assert cost(page, {"n": 7}) == 7 * 3
    assert cost(page, {}) == 100 * 3  # absent: the largest page
    assert cost(page, {"n": None}) == 100 * 3
    assert cost(page, {"n": 1000}) == 100 * 3  # the connection refuses it; counted as 100
    assert cost("query($n: Int = 5) { grids(first: $n) { edges { node { id } } } }") == 5 * 3
    assert cost("{ residents(last: 4) { edges { node { id } } } }") == 4 * 3
    # Grid.residents declares first = 20 in the schema.
    assert cost("{ grids(first: 1) { edges { node { residents { totalCount } } } } }") == 23


def test_cost_counts_nodes_by_ids_and_expands_fragments() -> None:
    assert cost('{ nodes(ids: ["a", "b", "c"]) { id } }') == 3
    assert cost("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ["a"] * 5}) == 5
    assert cost('{ node(id: "a") { id ... on Grid { community { id } } } }') == 2
    shared = "fragment F on Query { grids(first: 2) { edges { node { id } } } }"
    assert cost("{ ...F } " + shared) == 6
    assert cost("{ ...F ...G } fragment G on Query { ...F } " + shared) == 12
    two = "query A { grids(first: 2) { totalCount } } query B { grids(first: 9) { totalCount } }"
    assert cost(two, name="A") == 2
    assert cost(two, name="B") == 9


async def test_cost_is_reported_and_refused_over_the_limit(db: str) -> None:
    query = "query($n: Int) { grids(first: $n) { edges { node { id } } } }"
    async with serve(app_with(max_query_cost=21)) as http:
        at = await ask(http, query, {"n": 7})
        assert at["extensions"]["cost"] == {"requested": 21, "limit": 21}
        assert "QUERY_TOO_COSTLY" not in codes(at)
    async with serve(app_with(max_query_cost=20)) as http:
        over = await ask(http, query, {"n": 7})
        assert over["data"] is None
        assert over["errors"][0]["extensions"] == {
            "code": "QUERY_TOO_COSTLY",
            "cost": 21,
            "limit": 20,
        }
        assert over["errors"][0]["message"] == (
            "查询最多可能返回 21 个对象，超过上限 20；请减小分页大小或嵌套层数"
        )
        english = await ask(http, query, {"n": 7}, lang="en")
        assert english["errors"][0]["message"] == (
            "The query may return up to 21 objects, more than the limit of 20;"
            " ask for smaller pages or less nesting"
        )


async def test_default_cost_limit_refuses_two_full_nested_pages(client: httpx.AsyncClient) -> None:
    assert TEST_SETTINGS.max_query_cost == 50_000
    query = "{ grids(first: 100) { edges { node { residents(first: 100) { edges { node { household { members { id } } } } } } } } }"
    body = await ask(client, query)
    assert body["errors"][0]["extensions"] == {
        "code": "QUERY_TOO_COSTLY",
        "cost": 50_300,
        "limit": 50_000,
    }
    smaller = await ask(
        client,
        query.replace(
            "first: 100) { edges { node { household", "first: 99) { edges { node { household"
        ),
    )
    assert "QUERY_TOO_COSTLY" not in codes(smaller)
    assert smaller["extensions"]["cost"]["requested"] == 49_800


# --- authentication mutations --------------------------------------------------------------

VERIFY = (
    'authOtpVerify(input: {phone: "13800000000", code: "000000", tokenInResponse: true}) { token }'
)


async def test_auth_mutations_cannot_be_aliased_or_repeated(client: httpx.AsyncClient) -> None:
    aliased = await ask(client, f"mutation {{ a: {VERIFY} }}")
    assert aliased["data"] is None
    assert aliased["errors"][0]["extensions"] == {
        "code": "AUTH_MUTATION_ALIAS",
        "field": "authOtpVerify",
    }
    assert aliased["errors"][0]["message"] == "登录类操作 authOtpVerify 不能使用别名"
    many = "mutation { " + " ".join(f"a{i}: {VERIFY}" for i in range(3)) + " }"
    assert codes(await ask(client, many)).count("AUTH_MUTATION_ALIAS") == 3
    repeated = await ask(client, f"mutation A {{ {VERIFY} }} mutation B {{ {VERIFY} }}", lang="en")
    assert repeated["errors"][0]["extensions"] == {
        "code": "AUTH_MUTATION_REPEATED",
        "field": "authOtpVerify",
    }
    assert repeated["errors"][0]["message"] == (
        "The authentication mutation authOtpVerify may appear only once per request"
    )
    once = await ask(client, f"mutation {{ {VERIFY} }}")
    assert not any(str(c).startswith("AUTH_MUTATION") for c in codes(once))
    assert "authOtpVerify" in (once["data"] or {})


def test_auth_mutation_rule_covers_every_auth_field_and_only_those() -> None:
    small = build_schema(
        "type Query { a: Int } type Mutation { authAnything(x: Int): Int other(x: Int): Int }"
    )

    def errors(document: str) -> list[str]:
        found = validate(small, parse(document), [AuthMutationRule])
        return [(e.extensions or {})["code"] for e in found]

    assert errors("mutation { x: authAnything(x: 1) }") == ["AUTH_MUTATION_ALIAS"]
    assert errors("mutation { ...M } fragment M on Mutation { y: authAnything }") == [
        "AUTH_MUTATION_ALIAS"
    ]
    doubled = [f"fragment F{i} on Mutation {{ ...F{i + 1} ...F{i + 1} }}" for i in range(40)]
    nested = "\n".join(
        ["mutation { ...F0 }", *doubled, "fragment F40 on Mutation { y: authAnything }"]
    )
    assert errors(nested) == ["AUTH_MUTATION_ALIAS"]  # each fragment is looked at once
    assert errors("mutation { a: other(x: 1) b: other(x: 2) }") == []
    assert errors("mutation { authAnything }") == []
    assert errors("query { a } mutation { authAnything }") == []


# --- production ----------------------------------------------------------------------------


async def test_production_hides_suggestions_introspection_and_graphiql(db: str) -> None:
    async with serve(app_with()) as http:
        development = await ask(http, "{ gridz { id } }")
        assert "Did you mean 'grids'?" in development["errors"][0]["message"]
        schema_name = await ask(http, "{ __schema { queryType { name } } }")
        assert schema_name["data"] == {"__schema": {"queryType": {"name": "Query"}}}
        ide = await http.get("/graphql", headers={"Accept": "text/html"})
        assert ide.status_code == 200 and "GraphiQL" in ide.text
    async with serve(app_with(app_env="production")) as http:
        body = await ask(http, "{ gridz { id } }")
        assert body["errors"][0]["message"] == "Cannot query field 'gridz' on type 'Query'."
        body = await ask(http, "{ grids(frist: 1) { totalCount } }")
        assert body["errors"][0]["message"] == "Unknown argument 'frist' on field 'Query.grids'."
        body = await ask(http, "{ divisions(level: COMMUNTY) { id } }")
        assert "Did you mean" not in body["errors"][0]["message"]
        for query in (
            "{ __schema { queryType { name } } }",
            '{ __type(name: "Grid") { name } }',
            "{ ...I } fragment I on Query { __schema { types { name } } }",
        ):
            refused = await ask(http, query)
            assert refused["data"] is None
            assert refused["errors"][0]["extensions"] == {"code": "INTROSPECTION_DISABLED"}
            assert refused["errors"][0]["message"] == (
                "生产环境不向未登录的调用方提供接口结构查询（内省），请先登录"
            )
        assert (await ask(http, "{ __typename }"))["data"] == {"__typename": "Query"}
        ide = await http.get("/graphql", headers={"Accept": "text/html"})
        assert "GraphiQL" not in ide.text
        assert ide.status_code != 200


async def test_production_introspection_is_open_to_logged_in_callers() -> None:
    production = dataclasses.replace(TEST_SETTINGS, app_env="production")
    query = "{ __schema { queryType { name } } }"

    def context(anonymous: bool) -> Any:
        principal = SimpleNamespace(is_anonymous=anonymous)
        return SimpleNamespace(settings=production, lang="en", principal=principal)

    result = await schema.execute(query, context_value=context(False))
    assert result.errors is None
    assert result.data == {"__schema": {"queryType": {"name": "Query"}}}
    refused = await schema.execute(query, context_value=context(True))
    assert refused.errors is not None
    assert refused.errors[0].extensions == {"code": "INTROSPECTION_DISABLED"}
    no_principal = await schema.execute(
        query, context_value=SimpleNamespace(settings=production, lang="zh")
    )
    assert no_principal.errors is not None  # no principal at all counts as anonymous


# --- HTTP: body size and batching ----------------------------------------------------------


def padded_body(size: int) -> bytes:
    head, tail = b'{"query": "{ __typename }", "variables": {"pad": "', b'"}}'
    return head + b"x" * (size - len(head) - len(tail)) + tail


async def test_body_limit(client: httpx.AsyncClient) -> None:
    limit = TEST_SETTINGS.max_body_bytes
    assert limit == 1_048_576
    json_type = {"Content-Type": "application/json"}
    over = await client.post("/graphql", content=padded_body(limit + 1), headers=json_type)
    assert over.status_code == 413
    assert over.json() == {
        "errors": [
            {
                "message": "请求体过大：最多 1048576 字节",
                "extensions": {"code": "BODY_TOO_LARGE", "limit": limit},
            }
        ]
    }
    at = await client.post("/graphql", content=padded_body(limit), headers=json_type)
    assert at.status_code == 200
    assert at.json()["data"] == {"__typename": "Query"}


async def test_body_limit_counts_a_streamed_body() -> None:
    seen: list[bytes] = []

    async def endpoint(scope: Any, receive: Any, send: Any) -> None:
        seen.append((await receive())["body"])
        await Response("ok")(scope, receive, send)

    app = BodyLimit(endpoint, dataclasses.replace(TEST_SETTINGS, max_body_bytes=10))

    async def chunks(*parts: bytes) -> AsyncIterator[bytes]:
        for part in parts:
            yield part

    async with serve(app) as http:
        over = await http.post("/", content=chunks(b"123456", b"78901"))
        assert "content-length" not in over.request.headers
        assert over.status_code == 413
        assert over.json()["errors"][0]["extensions"]["code"] == "BODY_TOO_LARGE"
        assert seen == []
        at = await http.post("/", content=chunks(b"12345", b"67890"))
        assert at.status_code == 200
        assert seen == [b"1234567890"]


async def test_batched_requests_are_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        content=b' [{"query": "{ __typename }"}, {"query": "{ __typename }"}]',
        headers={"Content-Type": "application/json", "Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "message": (
                    "Batched requests are not supported: send one GraphQL operation per request"
                ),
                "extensions": {"code": "BATCH_NOT_SUPPORTED"},
            }
        ]
    }


# --- HTTP: rate limits ---------------------------------------------------------------------


async def typename(http: httpx.AsyncClient, headers: dict[str, str] | None = None) -> int:
    response = await http.post("/graphql", json={"query": "{ __typename }"}, headers=headers)
    return response.status_code


async def test_rate_limit_per_address(db: str) -> None:
    app = app_with(rate_limit_per_address=3)
    async with serve(app) as http:
        assert [await typename(http) for _ in range(3)] == [200, 200, 200]
        refused = await http.post("/graphql", json={"query": "{ __typename }"})
        assert refused.status_code == 429
        retry_after = int(refused.headers["Retry-After"])
        assert 1 <= retry_after <= TEST_SETTINGS.rate_limit_window_seconds
        assert refused.json() == {
            "errors": [
                {
                    "message": f"请求过于频繁，请 {retry_after} 秒后再试",
                    "extensions": {"code": "RATE_LIMITED", "retryAfter": retry_after},
                }
            ]
        }
    async with serve(app, client=("192.0.2.7", 4000)) as other:
        assert await typename(other) == 200  # another address has its own counter


async def test_rate_limit_per_session_and_per_api_key(db: str) -> None:
    app = app_with(rate_limit_per_address=100, rate_limit_per_user=2, rate_limit_per_api_key=2)
    alice = {"Authorization": "Bearer gzs_alice"}
    bob_cookie = {"Cookie": "gongzhi_session=gzs_bob"}
    partner_a = {"Authorization": "Bearer gzk_abcd1234_first-secret"}
    partner_a_again = {"Authorization": "Bearer gzk_abcd1234_second-secret"}
    partner_b = {"Authorization": "Bearer gzk_zzzz9999_secret"}
    async with serve(app) as http:
        assert [await typename(http, alice) for _ in range(3)] == [200, 200, 429]
        assert [await typename(http, bob_cookie) for _ in range(3)] == [200, 200, 429]
        # One key, whatever the secret: the visible prefix is the key.
        assert await typename(http, partner_a) == 200
        assert await typename(http, partner_a_again) == 200
        assert await typename(http, partner_a) == 429
        assert await typename(http, partner_b) == 200
        assert await typename(http) == 200  # anonymous: only the address counts


def tiny_app() -> Any:
    async def ok(scope: Any, receive: Any, send: Any) -> None:
        await Response("ok")(scope, receive, send)

    return ok


async def test_rate_limit_windows_start_empty_and_keep_a_bounded_number_of_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [960.0]  # windows are aligned to multiples of their length
    settings = dataclasses.replace(
        TEST_SETTINGS, rate_limit_per_address=2, rate_limit_window_seconds=60
    )
    app = RateLimit(tiny_app(), settings, clock=lambda: now[0])
    async with serve(app) as http:
        assert [(await http.get("/")).status_code for _ in range(3)] == [200, 200, 429]
        now[0] = 1010.0
        assert (await http.get("/")).headers["Retry-After"] == "10"
        now[0] = 1020.0  # the next window
        assert (await http.get("/")).status_code == 200
    monkeypatch.setattr(http_limits, "MAX_KEYS", 2)
    counter = FixedWindowCounter(limit=2, window_seconds=60, clock=lambda: 0.0)
    assert counter.hit("a") is None
    assert counter.hit("b") is None
    assert counter.hit("c") is None  # beyond two keys, new keys share one counter
    assert counter.hit("d") is None
    assert counter.hit("e") == 60
    assert set(counter.counts) == {"a", "b", "(overflow)"}
    assert counter.hit("a") is None  # known keys keep their own count


def test_a_rate_limit_of_zero_is_off() -> None:
    off = dataclasses.replace(
        TEST_SETTINGS, rate_limit_per_address=0, rate_limit_per_user=0, rate_limit_per_api_key=0
    )
    assert RateLimit(tiny_app(), off).counters == [None, None, None]


# --- HTTP: timeout -------------------------------------------------------------------------


def slow_app() -> Starlette:
    async def slow(request: Request) -> Response:
        await asyncio.sleep(5)
        return JSONResponse({"late": True})

    async def fast(request: Request) -> Response:
        return JSONResponse({"fast": True})

    async def stream(request: Request) -> Response:
        async def parts() -> AsyncIterator[bytes]:
            yield b"first "
            await asyncio.sleep(0.3)
            yield b"second"

        return StreamingResponse(parts())

    return Starlette(routes=[Route("/slow", slow), Route("/fast", fast), Route("/stream", stream)])


def with_timeout(seconds: float) -> Settings:
    return dataclasses.replace(TEST_SETTINGS, request_timeout_seconds=seconds)


async def test_timeout() -> None:
    app = Timeout(slow_app(), with_timeout(0.1))
    async with serve(app) as http:
        started = time.perf_counter()
        late = await http.get("/slow")
        assert time.perf_counter() - started < 2
        assert late.status_code == 504
        assert late.json() == {
            "errors": [
                {
                    "message": "请求处理超时（超过 0.1 秒）",
                    "extensions": {"code": "REQUEST_TIMEOUT", "limit": 0.1},
                }
            ]
        }
        assert (await http.get("/fast")).json() == {"fast": True}
        # A response that started in time is not cut.
        assert (await http.get("/stream")).text == "first second"


async def test_timeout_lets_the_apps_own_timeout_errors_through() -> None:
    async def failing(scope: Any, receive: Any, send: Any) -> None:
        raise TimeoutError("the app's own")

    app = Timeout(failing, with_timeout(5))
    with pytest.raises(TimeoutError, match="the app's own"):
        await app({"type": "http", "headers": []}, receive_nothing, send_nothing)


async def receive_nothing() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


async def send_nothing(message: Any) -> None:
    return None


async def test_the_graphql_route_carries_the_http_limits(db: str) -> None:
    # limit_graphql stacks rate, timeout and body limits in front of the GraphQL app.
    stack: Callable[..., Any] = limit_graphql(tiny_app(), TEST_SETTINGS)
    assert isinstance(stack, RateLimit)
    assert isinstance(stack.app, Timeout)
    assert isinstance(stack.app.app, BodyLimit)
    async with serve(app_with(max_body_bytes=100)) as http:
        response = await http.post("/graphql", content=b"x" * 101)
        assert response.status_code == 413
