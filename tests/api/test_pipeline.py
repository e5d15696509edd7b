"""The request pipeline: the caller is looked up only when the operation can depend on it."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import parse

from backend.api.context import Context
from backend.api.pipeline import needs_caller
from tests.conftest import TEST_SETTINGS, session_token_for

TYPENAME = "{ __typename }"
VIEWER = "{ viewer { roles } }"
TYPENAME_AND_VIEWER = "{ __typename viewer { roles } }"
TWO_OPERATIONS = "query Probe { __typename } query Me { viewer { roles } }"


async def _post(client: Any, token: str, query: str, operation: str | None = None) -> Any:
    response = await client.post(
        "/graphql",
        json={"query": query, "operationName": operation},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_typename_alone_sends_no_statement_even_with_a_session(
    client, db, sql_counter
) -> None:
    token = await session_token_for("DIVISION_STAFF", division_codes=["110105001001"])
    sql_counter.count = 0
    body = await _post(client, token, TYPENAME)
    assert body["data"] == {"__typename": "Query"}
    assert "errors" not in body
    assert sql_counter.count == 0


@pytest.mark.parametrize(
    ("query", "operation"),
    [(VIEWER, None), (TYPENAME_AND_VIEWER, None), (TWO_OPERATIONS, "Me")],
)
async def test_any_other_field_looks_the_caller_up(
    client, db, sql_counter, query: str, operation: str | None
) -> None:
    token = await session_token_for("DIVISION_STAFF", division_codes=["110105001001"])
    sql_counter.count = 0
    body = await _post(client, token, query, operation)
    assert body["data"]["viewer"]["roles"] == ["DIVISION_STAFF"]
    assert sql_counter.count >= 1


async def test_the_probe_operation_of_a_document_sends_no_statement(
    client, db, sql_counter
) -> None:
    token = await session_token_for("PLATFORM_ADMIN")
    sql_counter.count = 0
    body = await _post(client, token, TWO_OPERATIONS, "Probe")
    assert body["data"] == {"__typename": "Query"}
    assert sql_counter.count == 0


def test_needs_caller_only_spares_plain_typename_selections() -> None:
    assert not needs_caller(parse("{ __typename }"), None)
    assert not needs_caller(parse("{ a: __typename b: __typename }"), None)
    assert needs_caller(parse("{ ... on Query { __typename } }"), None)
    assert needs_caller(parse("fragment F on Query { viewer { roles } } { ...F }"), None)
    assert needs_caller(parse("{ __schema { queryType { name } } }"), None)
    assert not needs_caller(parse("mutation { __typename }"), None)  # no mutation runs
    assert needs_caller(parse("query A { __typename }"), "B")  # no such operation


def test_reading_the_caller_before_the_lookup_is_an_error() -> None:
    context = Context(
        request=None,
        response=None,
        settings=TEST_SETTINGS,
        pending_credential=("gzs_not-looked-up", False),
    )
    with pytest.raises(RuntimeError):
        _ = context.principal
    with pytest.raises(RuntimeError):
        _ = context.scope


async def test_typename_with_a_session_in_production_answers_without_a_lookup(
    db, sql_counter
) -> None:
    import dataclasses

    import httpx

    from backend.app import create_app

    production = create_app(dataclasses.replace(TEST_SETTINGS, app_env="production"), migrate=False)
    token = await session_token_for("PLATFORM_ADMIN")
    transport = httpx.ASGITransport(app=production)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        sql_counter.count = 0
        body = await _post(http, token, TYPENAME)
        assert body == {
            "data": {"__typename": "Query"},
            "extensions": {"cost": {"requested": 0, "limit": TEST_SETTINGS.max_query_cost}},
        }
        assert sql_counter.count == 0
        # Introspection needs the caller: looked up, and allowed for a logged-in one.
        schema_name = await _post(http, token, "{ __schema { queryType { name } } }")
        assert schema_name["data"] == {"__schema": {"queryType": {"name": "Query"}}}


async def test_a_failure_in_the_pipeline_itself_is_masked(
    client, db, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from backend.api import pipeline

    def broken(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("secret 110105199001011234")

    monkeypatch.setattr(pipeline, "query_cost", broken)
    token = await session_token_for("PLATFORM_ADMIN")
    body = await _post(client, token, VIEWER)
    assert body["data"] is None
    assert [e["message"] for e in body["errors"]] == ["Internal server error"]
    assert "110105" not in str(body)
    assert "RuntimeError" in caplog.text and "110105" not in caplog.text
