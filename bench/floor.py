"""The floor: what one request of each shape costs on this machine when PostgreSQL builds the
whole JSON response in one statement and Python only passes it through.

    .venv/bin/python -m bench.floor --port 8100 --dsn postgres://…/gongzhi_bench_small

Plain Starlette on uvicorn (uvloop, httptools, one process) with an asyncpg pool. The JSON
is Gongzhi's response for the same query, global IDs and cursors included, so the runner
compares it with Gongzhi's answer before timing. ``typename`` answers a constant body.

``vote_cast`` writes: one statement authenticates the bearer token's session, takes the SHARE
lock on the open vote, finds the caller's unit in the eligibility snapshot, inserts the ballot
(``ON CONFLICT (vote_id, unit_id) DO NOTHING``) and its choice, the audit entry and the
turnout notification, and returns the receipt in Gongzhi's answer form.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import secrets
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


# The app's receipt codes (backend/consultations/models.py): 16 of Crockford's base32.
RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_LENGTH = 16

# $1 token hash, $2 vote id, $3 option id, $4 receipt code, $5 client address. What Gongzhi's
# voteCast does (backend/consultations/voting_ballots.py), as one statement: the caller's
# session, the vote OPEN within its times under a SHARE lock (a close waits for the ballot),
# the caller's unit in the snapshot, the option of this vote, one ballot per unit, its choice,
# the audit entry (backend/api/errors.py) and NOTIFY for the live turnout.
VOTE_CAST_SQL = """
WITH caller AS (
  SELECT a.id AS account_id, a.resident_id
  FROM auth_session s JOIN account a ON a.id = s.account_id
  WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
    AND a.is_active AND a.role = 'RESIDENT'
), open_vote AS (
  SELECT v.id FROM vote v
  WHERE v.id = $2 AND v.state = 'OPEN' AND v.opens_at <= now() AND now() < v.closes_at
  FOR SHARE
), unit AS (
  SELECT u.id, u.unit_key FROM eligible_voter ev JOIN eligible_unit u ON u.id = ev.unit_id
  WHERE ev.vote_id = (SELECT id FROM open_vote)
    AND ev.resident_id = (SELECT resident_id FROM caller)
  ORDER BY u.unit_key LIMIT 1
), chosen AS (
  SELECT o.id FROM vote_option o WHERE o.id = $3 AND o.vote_id = (SELECT id FROM open_vote)
), ballot AS (
  INSERT INTO ballot (vote_id, unit_id, channel, receipt_code, cast_by_id, cast_at, revision)
  SELECT $2, unit.id, 'ONLINE', $4, (SELECT resident_id FROM caller), now(), 1
  FROM unit WHERE EXISTS (SELECT 1 FROM chosen)
  ON CONFLICT (vote_id, unit_id) DO NOTHING
  RETURNING id, receipt_code, cast_at
), choice AS (
  INSERT INTO ballot_choice (ballot_id, option_id) SELECT id, $3 FROM ballot
  RETURNING ballot_id
), audit AS (
  INSERT INTO audit_entry (at, account_id, role, operation, object_ids, client_address,
                           outcome, detail)
  SELECT now(), caller.account_id, 'RESIDENT', 'voteCast', jsonb_build_array('Vote:' || $2),
         $5, CASE WHEN EXISTS (SELECT 1 FROM ballot) THEN 'OK' ELSE 'REJECTED' END, ''
  FROM caller
  RETURNING id
), notice AS (
  SELECT pg_notify('gongzhi_votes', $2 || ':TURNOUT') FROM choice
)
SELECT CASE WHEN b.id IS NOT NULL THEN
  json_build_object('data', json_build_object('voteCast', json_build_object(
    'ballot', json_build_object(
      'receiptCode', b.receipt_code,
      'unitKey', (SELECT unit_key FROM unit),
      'castAt', to_char(b.cast_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'),
      'channel', 'ONLINE'),
    'errors', '[]'::json)))::text
ELSE
  json_build_object('data', json_build_object('voteCast', json_build_object(
    'ballot', NULL,
    'errors', json_build_array(json_build_object('field', 'voteId', 'code', CASE
      WHEN NOT EXISTS (SELECT 1 FROM caller) THEN 'UNAUTHENTICATED'
      WHEN NOT EXISTS (SELECT 1 FROM open_vote) THEN 'VOTE_CLOSED'
      WHEN NOT EXISTS (SELECT 1 FROM unit) THEN 'NOT_ELIGIBLE'
      WHEN NOT EXISTS (SELECT 1 FROM chosen) THEN 'OPTION_NOT_IN_VOTE'
      ELSE 'ALREADY_VOTED' END)))))::text
END
FROM (SELECT 1) AS one
LEFT JOIN ballot b ON true
LEFT JOIN (SELECT count(*) AS n FROM notice) sent ON true
LEFT JOIN (SELECT count(*) AS n FROM audit) logged ON true
"""


def receipt_code() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


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

    async def vote_cast(request: Request) -> Response:
        args = orjson.loads(await request.body())
        credential = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        token_hash = hashlib.sha256(credential.encode()).hexdigest()
        client = request.client.host if request.client else ""
        return await one(
            VOTE_CAST_SQL,
            token_hash,
            int(args["voteId"]),
            int(args["optionId"]),
            receipt_code(),
            client,
        )

    async def healthz(request: Request) -> Response:
        return Response(b'{"status":"ok"}', media_type="application/json")

    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/bench/typename", typename, methods=["POST"]),
            Route("/bench/grid_page", grid_page, methods=["POST"]),
            Route("/bench/resident_search", resident_search, methods=["POST"]),
            Route("/bench/dashboard", dashboard, methods=["POST"]),
            Route("/bench/vote_cast", vote_cast, methods=["POST"]),
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
