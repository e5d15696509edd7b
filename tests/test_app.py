"""The HTTP surface: health, GraphQL over POST only, the frontend with client-side routes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx

from backend.app import create_app
from tests.conftest import TEST_SETTINGS


async def _client(settings) -> httpx.AsyncClient:  # type: ignore[no-untyped-def]
    app = create_app(settings, migrate=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def test_healthz_answers_when_the_database_does(db) -> None:
    async with await _client(TEST_SETTINGS) as client:
        response = await client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_frontend_routes_fall_back_to_index_and_assets_do_not(db, tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<div id=app></div>", encoding="utf-8")
    (tmp_path / "assets" / "app.js").write_text("console.log(1)", encoding="utf-8")
    async with await _client(replace(TEST_SETTINGS, frontend_dist=tmp_path)) as client:
        index = await client.get("/")
        assert index.text == "<div id=app></div>"
        assert index.headers["cache-control"] == "no-cache"
        assert "default-src 'self'" in index.headers["content-security-policy"]
        assert (await client.get("/grid/residents/abc")).text == "<div id=app></div>"
        asset = await client.get("/assets/app.js")
        assert asset.text == "console.log(1)"
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert (await client.get("/assets/missing.js")).status_code == 404


async def test_graphiql_is_served_in_development_but_not_in_production(db) -> None:
    html = {"Accept": "text/html"}
    async with await _client(replace(TEST_SETTINGS, app_env="development")) as client:
        assert (await client.get("/graphql", headers=html)).status_code == 200
    async with await _client(replace(TEST_SETTINGS, app_env="production")) as client:
        assert (await client.get("/graphql", headers=html)).status_code == 404


async def test_queries_over_get_are_refused(db) -> None:
    async with await _client(TEST_SETTINGS) as client:
        response = await client.get("/graphql", params={"query": "{ __typename }"})
    assert response.status_code in {400, 405}


async def test_large_responses_are_gzipped_for_clients_that_accept_it(db, tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<div id=app></div>", encoding="utf-8")
    (tmp_path / "assets" / "big.js").write_text("console.log('共治');\n" * 500, encoding="utf-8")
    async with await _client(replace(TEST_SETTINGS, frontend_dist=tmp_path)) as client:
        response = await client.get("/assets/big.js", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.text == "console.log('共治');\n" * 500
