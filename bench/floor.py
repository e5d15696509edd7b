"""The floor: what one request of each shape costs on this machine when PostgreSQL builds the
whole JSON response in one statement and Python only passes it through.

    .venv/bin/python -m bench.floor --port 8100 --dsn postgres://…/gongzhi_bench_small

Plain Starlette on uvicorn (uvloop, httptools, one process) with an asyncpg pool. The JSON
is Gongzhi's response for the same query, global IDs and cursors included, so the runner
compares it with Gongzhi's answer before timing. ``typename`` answers a constant body.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.shapes import PAGE_GRIDS, PAGE_RESIDENTS, SEARCH_PAGE

POOL_SIZE = 5  # Tortoise's default pool size, which Gongzhi runs with
SERVER_SETTINGS = {"plan_cache_mode": "force_custom_plan", "statement_timeout": "10000"}
TYPENAME = b'{"data":{"__typename":"Query"}}'


def _b64(text_sql: str) -> str:
    """SQL for urlsafe base64 of a short text (PostgreSQL breaks lines only past 76 chars)."""
    return f"translate(encode(convert_to({text_sql}, 'UTF8'), 'base64'), '+/', '-_')"


def gid(type_name: str, column: str) -> str:
    """Gongzhi's global ID: urlsafe base64 of ``Type:pk`` (backend/api/relay.py)."""
    return _b64(f"'{type_name}:' || {column}")


def cursor(column: str) -> str:
    """Gongzhi's keyset cursor for the id order: base64 of ``[id,id]`` without padding."""
    encoded = _b64(f"'[' || {column} || ',' || {column} || ']'")
    return f"rtrim({encoded}, '=')"


def _household(r: str) -> str:
    return (
        f"(SELECT json_build_object('id', {gid('Household', 'h.id')}, 'number', h.number)"
        f" FROM household h WHERE h.id = {r}.household_id)"
    )


def _care_tags(r: str) -> str:
    return (
        "(SELECT coalesce(json_agg(json_build_object('kind', t.kind, 'tier', t.tier)"
        f" ORDER BY t.kind), '[]'::json) FROM care_tag t WHERE t.resident_id = {r}.id)"
    )


def _age(r: str) -> str:
    return f"extract(year FROM age(current_date, {r}.birth_date))::integer"


def _resident(r: str) -> str:
    return (
        f"json_build_object('id', {gid('Resident', f'{r}.id')}, 'name', {r}.name,"
        f" 'gender', {r}.gender, 'age', {_age(r)},"
        f" 'residency', {r}.residency, 'relationToHead', {r}.relation_to_head,"
        f" 'idNumber', {r}.id_number_masked, 'phone', nullif({r}.phone_masked, ''),"
        f" 'household', {_household(r)}, 'careTags', {_care_tags(r)})"
    )


def _search_resident(r: str) -> str:
    return (
        f"json_build_object('id', {gid('Resident', f'{r}.id')}, 'name', {r}.name,"
        f" 'gender', {r}.gender, 'age', {_age(r)}, 'residency', {r}.residency,"
        f" 'careTags', {_care_tags(r)}, 'household', {_household(r)})"
    )


GRID_PAGE_SQL = f"""
SELECT json_build_object('data', json_build_object('grids', json_build_object('edges',
  coalesce(json_agg(json_build_object('node', json_build_object(
    'id', {gid("Grid", "g.id")}, 'code', g.code, 'name', g.name,
    'residents', json_build_object('edges', (
      SELECT coalesce(json_agg(json_build_object('node', {_resident("r")}) ORDER BY r.id),
                      '[]'::json)
      FROM (SELECT * FROM resident WHERE grid_id = g.id ORDER BY id LIMIT {PAGE_RESIDENTS}) r))
  )) ORDER BY g.code), '[]'::json))))::text
FROM (SELECT * FROM grid ORDER BY code LIMIT {PAGE_GRIDS}) g
"""

END_CURSOR = cursor(f"max(r.id) FILTER (WHERE r.n <= {SEARCH_PAGE})")
SEARCH_WHERE = "name LIKE $1 AND birth_date > $2 AND birth_date <= $3"
RESIDENT_SEARCH_SQL = f"""
SELECT json_build_object('data', json_build_object('residents', json_build_object(
  'totalCount', (SELECT count(*) FROM resident WHERE {SEARCH_WHERE}),
  'pageInfo', json_build_object(
    'hasNextPage', count(*) > {SEARCH_PAGE},
    'endCursor', {END_CURSOR}),
  'edges', coalesce(json_agg(json_build_object('node', {_search_resident("r")}) ORDER BY r.id)
                    FILTER (WHERE r.n <= {SEARCH_PAGE}), '[]'::json))))::text
FROM (SELECT *, row_number() OVER (ORDER BY id) AS n
      FROM (SELECT * FROM resident WHERE {SEARCH_WHERE}
            ORDER BY id LIMIT {SEARCH_PAGE + 1}) page) r
"""

DASHBOARD_SQL = """
SELECT json_build_object('data', json_build_object('division', (
  SELECT json_build_object('code', d.code, 'name', d.name, 'children', (
    SELECT coalesce(json_agg(json_build_object('code', c.code, 'name', c.name, 'grids', (
      SELECT coalesce(json_agg(json_build_object(
        'code', g.code, 'name', g.name,
        'residentCount', (SELECT count(*) FROM resident r WHERE r.grid_id = g.id),
        'careTagCounts', (
          SELECT coalesce(json_agg(json_build_object('kind', k.kind, 'count', k.n)
                                   ORDER BY k.kind), '[]'::json)
          FROM (SELECT t.kind, count(*) AS n FROM care_tag t
                JOIN resident r ON r.id = t.resident_id
                WHERE r.grid_id = g.id GROUP BY t.kind) k)
      ) ORDER BY g.code), '[]'::json) FROM grid g WHERE g.community_id = c.id)
    ) ORDER BY c.code), '[]'::json) FROM division c WHERE c.parent_id = d.id))
  FROM division d WHERE d.code = $1)))::text
"""


def _like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


async def _keep_session(connection: asyncpg.Connection) -> None:
    """No reset round trip when a connection goes back to the pool: no session state is used."""


def create_app(dsn: str) -> Starlette:
    pool: asyncpg.Pool | None = None

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        nonlocal pool
        pool = await asyncpg.create_pool(
            dsn,
            min_size=POOL_SIZE,
            max_size=POOL_SIZE,
            server_settings=SERVER_SETTINGS,
            reset=_keep_session,
        )
        try:
            yield
        finally:
            await pool.close()

    async def one(sql: str, *args: Any) -> Response:
        assert pool is not None
        text = await pool.fetchval(sql, *args)
        return Response(text, media_type="application/json")

    async def typename(request: Request) -> Response:
        return Response(TYPENAME, media_type="application/json")

    async def grid_page(request: Request) -> Response:
        return await one(GRID_PAGE_SQL)

    async def resident_search(request: Request) -> Response:
        args = orjson.loads(await request.body())
        born_after = dt.date.fromisoformat(args["bornAfter"])
        born_by = dt.date.fromisoformat(args["bornBy"])
        return await one(RESIDENT_SEARCH_SQL, _like_prefix(args["prefix"]), born_after, born_by)

    async def dashboard(request: Request) -> Response:
        args = orjson.loads(await request.body())
        return await one(DASHBOARD_SQL, args["code"])

    async def healthz(request: Request) -> Response:
        return Response(b'{"status":"ok"}', media_type="application/json")

    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/bench/typename", typename, methods=["POST"]),
            Route("/bench/grid_page", grid_page, methods=["POST"]),
            Route("/bench/resident_search", resident_search, methods=["POST"]),
            Route("/bench/dashboard", dashboard, methods=["POST"]),
        ],
        lifespan=lifespan,
    )


def main(argv: list[str] | None = None) -> int:
    import uvicorn

    parser = argparse.ArgumentParser(description="The floor server of the load benchmark.")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dsn", required=True)
    args = parser.parse_args(argv)
    uvicorn.run(
        create_app(args.dsn),
        host="127.0.0.1",
        port=args.port,
        loop="uvloop",
        http="httptools",
        log_level="warning",
        access_log=False,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
