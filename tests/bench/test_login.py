"""The benchmark's caller: a platform administrator whose bearer token the runner sends."""

from __future__ import annotations

from backend.auth.models import Session
from bench import loadgen, login
from tests.conftest import TEST_SETTINGS


async def test_each_run_gets_a_new_session_and_the_old_one_stops_working(db, anonymous_gql):
    first = await login.new_session(TEST_SETTINGS)
    second = await login.new_session(TEST_SETTINGS)

    assert await Session.all().count() == 1  # one per run, earlier ones deleted
    viewer = "{ viewer { roles displayName } }"
    body = await anonymous_gql.as_token(second)(viewer)
    assert body["data"]["viewer"] == {"roles": ["PLATFORM_ADMIN"], "displayName": "基准测试"}
    grids = await anonymous_gql.as_token(second)("{ grids(first: 1) { totalCount } }")
    assert "errors" not in grids, grids
    refused = await anonymous_gql.as_token(first)("{ grids(first: 1) { totalCount } }")
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_the_wrk_script_sends_the_bearer_token() -> None:
    lua = loadgen.script(b'{"query": "{ __typename }"}', {"Authorization": "Bearer gzs_x"})
    assert 'wrk.headers["Authorization"] = "Bearer gzs_x"' in lua
    assert 'wrk.headers["Content-Type"] = "application/json"' in lua
