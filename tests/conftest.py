"""Test infrastructure. One pytest run uses one database backend, chosen by
``GONGZHI_TEST_BACKEND`` (``sqlite``, the default, or ``postgres``); ``make test`` runs both.

One process cannot switch Tortoise between backends: the models keep the first dialect.
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
import socket
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest
from tortoise import Tortoise

from backend.config import Settings, override_settings
from backend.core import crypto

TEST_DATA_DIR = Path(tempfile.mkdtemp(prefix="gongzhi-test-"))
TEST_SETTINGS = Settings(
    app_env="test",
    data_dir=TEST_DATA_DIR,
    secret_key=secrets.token_urlsafe(48),
    data_encryption_key=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    data_hash_key=secrets.token_urlsafe(32),
)
override_settings(TEST_SETTINGS)
crypto.get_cipher.cache_clear()


def _postgres_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return "postgres://postgres@127.0.0.1:5432/postgres"
    except OSError:
        return None


BACKEND = os.environ.get("GONGZHI_TEST_BACKEND", "sqlite")
POSTGRES_URL = _postgres_url() if BACKEND == "postgres" else None
if BACKEND == "postgres" and POSTGRES_URL is None:
    raise RuntimeError("GONGZHI_TEST_BACKEND=postgres but no PostgreSQL answers")


def pytest_report_header() -> str:
    return f"gongzhi database backend: {BACKEND}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="needs PostgreSQL (run with GONGZHI_TEST_BACKEND=postgres)")
    for item in items:
        if BACKEND != "postgres" and "postgres_only" in item.keywords:
            item.add_marker(skip)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


async def _admin_execute(sql: str) -> None:
    import asyncpg

    assert POSTGRES_URL is not None
    conn = await asyncpg.connect(_with_database(POSTGRES_URL, "postgres"))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
async def database() -> AsyncIterator[str]:
    """A fresh migrated database for the whole session."""
    from backend.db import init_db
    from backend.migrate import apply_migrations

    backend = BACKEND
    if backend == "sqlite":
        url = f"sqlite://{TEST_DATA_DIR / f'test-{uuid.uuid4().hex}.sqlite3'}"
        drop = None
    else:
        assert POSTGRES_URL is not None
        name = f"gongzhi_test_{uuid.uuid4().hex[:12]}"
        await _admin_execute(f'CREATE DATABASE "{name}"')
        url = _with_database(POSTGRES_URL, name)
        drop = name
    await apply_migrations(TEST_SETTINGS, url)
    await init_db(TEST_SETTINGS, url)
    try:
        yield backend
    finally:
        await Tortoise.close_connections()
        if drop:
            await _admin_execute(f'DROP DATABASE IF EXISTS "{drop}" WITH (FORCE)')


def _tables() -> list[str]:
    assert Tortoise.apps is not None
    return [model._meta.db_table for model in Tortoise.apps.get_models_iterable()]  # type: ignore[attr-defined]


async def _clean(backend: str) -> None:
    conn = Tortoise.get_connection("default")
    tables = _tables()
    if backend == "postgres":
        quoted = ", ".join(f'"{t}"' for t in tables)
        await conn.execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
    else:
        from backend.audit import guard

        # TRUNCATE skips PostgreSQL's row triggers; SQLite has no TRUNCATE, so the audit log's
        # append-only triggers are lifted for the clean-up only.
        await conn.execute_script(guard.drop_sql("sqlite"))
        await conn.execute_script("PRAGMA foreign_keys = OFF")
        for table in tables:
            await conn.execute_script(f'DELETE FROM "{table}"')
        await conn.execute_script("DELETE FROM sqlite_sequence")
        await conn.execute_script("PRAGMA foreign_keys = ON")
        await conn.execute_script(guard.create_sql("sqlite"))


@pytest.fixture
async def db(database: str) -> AsyncIterator[str]:
    """An empty database for one test; yields the backend name ('sqlite' or 'postgres')."""
    await _clean(database)
    yield database
    await _clean(database)


@pytest.fixture
def app(db: str) -> Any:
    from backend.app import create_app

    return create_app(TEST_SETTINGS, migrate=False)


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


class GraphQLClient:
    """Posts GraphQL documents, as the caller whose bearer token it holds (anonymous if none)."""

    def __init__(self, http: httpx.AsyncClient, token: str | None = None) -> None:
        self.http = http
        self.token = token

    def as_token(self, token: str | None) -> GraphQLClient:
        return GraphQLClient(self.http, token)

    async def __call__(
        self, query: str, variables: dict[str, Any] | None = None, *, lang: str | None = None
    ) -> dict[str, Any]:
        headers = {"Accept-Language": lang} if lang else {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


async def session_token_for(role: str = "PLATFORM_ADMIN", **account: Any) -> str:
    """A session token for a new account of ``role`` (no password: tests skip the login)."""
    from backend.auth.models import Account
    from backend.auth.roles import Role
    from backend.auth.sessions import create_session

    row = await Account.create(
        role=Role(role), display_name=account.pop("display_name", role.lower()), **account
    )
    _, token = await create_session(TEST_SETTINGS, row)
    return token


@pytest.fixture
async def anonymous_gql(client: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(client)


@pytest.fixture
async def gql(client: httpx.AsyncClient) -> GraphQLClient:
    """A platform administrator: every area's API tests start from full access."""
    return GraphQLClient(client, await session_token_for("PLATFORM_ADMIN"))


class StatementCounter(logging.Handler):
    """Counts SQL statements the ORM sends (every query is logged at DEBUG by tortoise)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@pytest.fixture
def sql_counter() -> Iterator[StatementCounter]:
    logger = logging.getLogger("tortoise.db_client")
    counter = StatementCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(previous)
