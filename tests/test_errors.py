"""Unexpected errors are masked for clients and logged without personal data."""

from __future__ import annotations

import logging

import pytest

from backend.residents import services
from tests.factories import make_grid, make_tree

SECRET_ID = "11010519491231002X"
QUERY = "{ residents(first: 5) { totalCount } }"


async def test_an_unexpected_error_is_masked_and_its_message_is_not_logged(
    gql, db, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    await make_grid((await make_tree())["c1"], "G1")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"driver said: duplicate key {SECRET_ID}")

    monkeypatch.setattr(services, "filter_residents", broken)
    with caplog.at_level(logging.DEBUG, logger="gongzhi"):
        body = await gql(QUERY)
    assert body["data"] is None
    assert body["errors"][0]["message"] == "Internal server error"
    assert "extensions" not in body["errors"][0]
    assert SECRET_ID not in caplog.text
    assert "RuntimeError" in caplog.text  # the kind and place of the bug are still logged


async def test_validation_errors_keep_their_message(gql, db) -> None:
    body = await gql("{ residents(first: 5) { nosuchfield } }")
    assert "nosuchfield" in body["errors"][0]["message"]


async def test_a_bad_enum_variable_keeps_its_validation_message(gql) -> None:
    body = await gql(
        "query ($l: DivisionLevel!) { divisions(level: $l) { code } }", {"l": "COMMUNTY"}
    )
    assert body["data"] is None
    message = body["errors"][0]["message"]
    assert message != "Internal server error"
    assert "COMMUNTY" in message or "DivisionLevel" in message
