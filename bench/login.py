"""A logged-in caller for the benchmark: a platform administrator and a fresh session.

    .venv/bin/python -m bench.login --size small --backend postgres   # prints the token

Every query but ``viewer`` needs a login, so the runner sends ``Authorization: Bearer
<token>`` on every request to Gongzhi. The account (``bench-admin``, PLATFORM_ADMIN: the whole
district, as PostGraphile sees it) is created through the app's models, and the session
through ``backend.auth.sessions.create_session``, so the token is stored as the app stores it
(its SHA-256 only). Earlier sessions of the account are deleted first: one per run is kept.
One process per backend, as for the dataset (Tortoise keeps the first dialect it sees).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

from bench import env
from bench.dataset import SIZES

if TYPE_CHECKING:
    from backend.auth.models import Account
    from backend.config import Settings

USERNAME = "bench-admin"


async def bench_account() -> Account:
    """The bench account, created when missing."""
    from backend.auth.models import Account
    from backend.auth.roles import Role

    account, _ = await Account.get_or_create(
        username=USERNAME,
        defaults={"display_name": "基准测试", "role": Role.PLATFORM_ADMIN},
    )
    return account


async def new_session(settings: Settings) -> str:
    """The bench account (created when missing) with one new session: its token."""
    from backend.auth.models import Session
    from backend.auth.sessions import create_session

    account = await bench_account()
    await Session.filter(account_id=account.pk).delete()
    _, token = await create_session(settings, account)
    return token


async def bench_session(database_url: str) -> str:
    """``new_session`` on a benchmark database (with the bench's settings)."""
    from backend.config import get_settings
    from backend.db import close_db, init_db

    env.use_bench_settings(database_url)
    settings = get_settings()
    await init_db(settings, database_url)
    try:
        return await new_session(settings)
    finally:
        await close_db()


def database_url(size: str, backend: str) -> str:
    return env.postgres_url(size) if backend == "postgres" else f"sqlite://{env.sqlite_path(size)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A session token for the benchmark's caller.")
    parser.add_argument("--size", choices=tuple(SIZES), default="small")
    parser.add_argument("--backend", choices=("postgres", "sqlite"), default="postgres")
    args = parser.parse_args(argv)
    print(asyncio.run(bench_session(database_url(args.size, args.backend))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
