"""Production mode (issue 3): the app starts only with its secrets set, and hardens its API.

The settings checks run in-process; the rest starts the real server (``python -m backend.cli
serve``, uvicorn) on a free port of 127.0.0.1 with ``APP_ENV=production`` and a fresh database
of the run's backend, and talks to it over HTTP.
"""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from backend.config import DEFAULT_DATA_DIR, PROJECT_ROOT, ConfigError, load_settings
from tests.conftest import BACKEND, POSTGRES_URL

MASKED = "Internal server error"


def production_env(
    database_url: str = "sqlite:///tmp/gongzhi-production.sqlite3",
) -> dict[str, str]:
    """Every setting production needs, with fresh random secrets."""
    return {
        "APP_ENV": "production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATA_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "DATA_HASH_KEY": secrets.token_urlsafe(32),
        "SMS_SENDER": "http",
        "SMS_HTTP_URL": "http://127.0.0.1:9/sms",  # never called by these tests
    }


# --- settings -----------------------------------------------------------------------------------


def test_production_settings_load_when_every_secret_is_set(tmp_path: Path) -> None:
    settings = load_settings({**production_env(), "DATA_DIR": str(tmp_path)})
    assert settings.is_production
    assert list(tmp_path.iterdir()) == []  # nothing generated: production brings its own


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"SECRET_KEY": ""}, "production needs these settings: SECRET_KEY"),
        ({"SECRET_KEY": "short-but-random-Xq3"}, "SECRET_KEY must be at least 32 characters"),
        (
            {"SECRET_KEY": "change-me-to-a-long-random-string-of-48-characters"},
            "must not be placeholder values",
        ),
        ({"DATA_ENCRYPTION_KEY": ""}, "production needs these settings: DATA_ENCRYPTION_KEY"),
        ({"DATA_ENCRYPTION_KEY": "c2hvcnQ="}, "DATA_ENCRYPTION_KEY must be 32 bytes"),
        ({"DATA_ENCRYPTION_KEY": "change-me"}, "DATA_ENCRYPTION_KEY must be 32 bytes"),
        ({"DATA_ENCRYPTION_OLD_KEYS": "not-a-key"}, "must be 32 bytes"),
        ({"DATA_HASH_KEY": ""}, "production needs these settings: DATA_HASH_KEY"),
        ({"DATA_HASH_KEY": "changeme"}, "must not be placeholder values"),
        ({"DATABASE_URL": ""}, "production needs these settings: DATABASE_URL"),
        ({"SMS_SENDER": "log"}, "production needs a real SMS sender"),
        ({"SMS_HTTP_URL": ""}, "production needs a real SMS sender"),
        ({"SMS_SENDER": "carrier-pigeon"}, "SMS_SENDER must be log or http"),
    ],
)
def test_production_refuses_missing_short_or_placeholder_secrets(
    tmp_path: Path, changes: dict[str, str], message: str
) -> None:
    environ = {**production_env(), "DATA_DIR": str(tmp_path), **changes}
    with pytest.raises(ConfigError, match=message):
        load_settings(environ)
    assert list(tmp_path.iterdir()) == []  # no development secrets were generated instead


def test_the_generated_development_secrets_are_ignored_by_git() -> None:
    if shutil.which("git") is None or not (PROJECT_ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    secrets_file = (DEFAULT_DATA_DIR / "dev-secrets.env").relative_to(PROJECT_ROOT)
    ignored = subprocess.run(
        ["git", "check-ignore", "--quiet", "--no-index", str(secrets_file)],
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert ignored.returncode == 0, f"{secrets_file} is not covered by .gitignore"


# --- the real server ------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_env(settings: dict[str, str], tmp_path: Path, port: int) -> dict[str, str]:
    """The child's whole environment: nothing leaks in from the test run's own."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(tmp_path),
        "DATA_DIR": str(tmp_path / "data"),
        "FRONTEND_DIST": str(tmp_path / "no-frontend"),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        **settings,
    }


def _serve(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "backend.cli", "serve"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture
async def production_database(tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of this run's backend for the server to migrate."""
    if BACKEND != "postgres":
        yield f"sqlite://{tmp_path / 'production.sqlite3'}"
        return
    import asyncpg

    assert POSTGRES_URL is not None
    name = f"gongzhi_prod_{uuid.uuid4().hex[:12]}"
    admin = urlunsplit(urlsplit(POSTGRES_URL)._replace(path="/postgres"))
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
        yield urlunsplit(urlsplit(POSTGRES_URL)._replace(path=f"/{name}"))
    finally:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"SECRET_KEY": ""}, "production needs these settings: SECRET_KEY"),
        ({"DATA_HASH_KEY": ""}, "production needs these settings: DATA_HASH_KEY"),
        ({"DATA_ENCRYPTION_KEY": "c2hvcnQ="}, "DATA_ENCRYPTION_KEY must be 32 bytes"),
        ({"SMS_HTTP_URL": ""}, "production needs a real SMS sender"),
    ],
)
def test_the_server_does_not_start_without_its_secrets(
    tmp_path: Path, changes: dict[str, str], message: str
) -> None:
    port = _free_port()
    # An empty value, not a missing one: a developer's .env must not fill the gap.
    env = _server_env(
        {**production_env(f"sqlite://{tmp_path}/p.sqlite3"), **changes}, tmp_path, port
    )
    log = tmp_path / "server.log"
    process = _serve(env, log)
    try:
        returncode = process.wait(timeout=30)
    finally:
        _stop(process)
    output = log.read_text(encoding="utf-8", errors="replace")
    assert returncode != 0
    assert message in output
    assert "Traceback" not in output  # one clear line, not a stack
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0  # nothing ever listened


@pytest.fixture
def production_server(tmp_path: Path, production_database: str) -> Iterator[dict[str, Any]]:
    port = _free_port()
    env = _server_env(production_env(production_database), tmp_path, port)
    log = tmp_path / "server.log"
    process = _serve(env, log)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text(encoding="utf-8", errors="replace")
            try:
                if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not answer /healthz in 60 s"
            time.sleep(0.1)
        yield {"url": base_url, "database": production_database, "log": log}
    finally:
        _stop(process)


async def _graphql(http: httpx.AsyncClient, query: str, **headers: str) -> dict[str, Any]:
    response = await http.post("/graphql", json={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _break_the_accounts_table(database_url: str) -> None:
    """Something no request can cause: the table behind logins disappears."""
    statement = "ALTER TABLE account RENAME TO account_gone"
    if database_url.startswith("sqlite://"):
        with sqlite3.connect(database_url.removeprefix("sqlite://")) as conn:
            conn.execute(statement)
        return
    import asyncpg

    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def test_the_production_server_hardens_its_api(production_server: dict[str, Any]) -> None:
    async with httpx.AsyncClient(base_url=production_server["url"]) as http:
        assert (await http.get("/healthz")).json() == {"status": "ok"}

        graphiql = await http.get("/graphql", headers={"Accept": "text/html"})
        assert graphiql.status_code == 404
        assert "graphiql" not in graphiql.text.lower()

        schema = await _graphql(
            http, "{ __schema { types { name } } }", **{"Accept-Language": "en"}
        )
        assert schema.get("data") is None
        [refusal] = schema["errors"]
        assert refusal["extensions"]["code"] == "INTROSPECTION_DISABLED"
        assert "Introspection is not available to anonymous callers" in refusal["message"]
        one_type = await _graphql(http, 'query { __type(name: "Resident") { fields { name } } }')
        assert one_type["errors"][0]["extensions"]["code"] == "INTROSPECTION_DISABLED"

        misspelled = await _graphql(http, "{ viewr { authenticated } }")
        [error] = misspelled["errors"]
        assert error["message"].startswith("Cannot query field 'viewr' on type 'Query'")
        assert "Did you mean" not in error["message"]
        assert "viewer" not in error["message"]

        login = (
            'mutation { authLogin(input: {username: "nobody", password: "x"}) { errors { code } } }'
        )
        assert "errors" not in await _graphql(http, login)  # an expected failure: in the payload
        await _break_the_accounts_table(production_server["database"])
        broken = await _graphql(http, login)
    assert broken["errors"] == [
        {"message": MASKED, "locations": [{"line": 1, "column": 12}], "path": ["authLogin"]}
    ]
    log = production_server["log"].read_text(encoding="utf-8", errors="replace")
    assert "unexpected error at ['authLogin']" in log  # the operator still learns where
    assert "no such table" not in log and "does not exist" not in log  # not the driver's words
