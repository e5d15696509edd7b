"""The ``gongzhi`` command: serve, migrate, seed-demo, export-schema, import-residents, and the
account commands (create-user, create-api-key, revoke-api-key, otp-peek, audit-purge)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from backend.config import PROJECT_ROOT, ConfigError, get_settings


def _with_db(work: Callable[[], Awaitable[int]]) -> int:
    from backend.db import close_db, init_db
    from backend.migrate import apply_migrations

    async def run() -> int:
        settings = get_settings()
        await apply_migrations(settings)
        await init_db(settings)
        try:
            return await work()
        finally:
            await close_db()

    return asyncio.run(run())


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "backend.app:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers,
        loop="uvloop",
        http="httptools",
        log_level=settings.log_level.lower(),
        access_log=False,
        # Neither header helps a client; leaving them out saves work on every response.
        server_header=False,
        date_header=False,
    )
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from backend.migrate import apply_migrations

    asyncio.run(apply_migrations(get_settings()))
    print("migrations applied")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from backend.demo.seed import seed_demo_if_empty

    async def work() -> int:
        summary = await seed_demo_if_empty(seed=args.seed)
        print(summary)
        return 0

    return _with_db(work)


def cmd_export_schema(args: argparse.Namespace) -> int:
    from backend.api.export import schema_sdl

    output = Path(args.output)
    output.write_text(schema_sdl(), encoding="utf-8")
    print(f"wrote {output}")
    return 0


def cmd_import_residents(args: argparse.Namespace) -> int:
    from backend.residents.importer import import_residents_file

    async def work() -> int:
        report = await import_residents_file(Path(args.file), dry_run=args.dry_run)
        for line in report.lines():
            print(line)
        return 0 if report.ok else 1

    return _with_db(work)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def cmd_create_user(args: argparse.Namespace) -> int:
    import getpass

    from backend.auth.roles import Role
    from backend.auth.services import create_user
    from backend.core.errors import DomainError
    from backend.core.messages import message_for

    password = args.password or os.environ.get("GONGZHI_PASSWORD")
    if not password:
        password = getpass.getpass("password: ")

    async def work() -> int:
        try:
            account = await create_user(
                args.username,
                password,
                Role(args.role),
                display_name=args.display_name,
                division_codes=args.scope_division,
                grid_worker_employee_no=args.grid_worker,
                special_population_designee=args.special_population,
            )
        except DomainError as exc:
            return _fail(f"{exc.field}: {message_for(exc.code, 'en', **exc.params)}")
        print(f"created {account.role.value} {account.username} (account {account.pk})")
        return 0

    return _with_db(work)


def cmd_create_api_key(args: argparse.Namespace) -> int:
    import datetime as dt

    from backend.auth.services import create_api_key
    from backend.core.errors import DomainError
    from backend.core.messages import message_for

    expires = None
    if args.expires_days:
        expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=args.expires_days)

    async def work() -> int:
        try:
            row, key = await create_api_key(
                args.name, args.scope, division_codes=args.scope_division, expires_at=expires
            )
        except DomainError as exc:
            return _fail(f"{exc.field}: {message_for(exc.code, 'en', **exc.params)}")
        until = row.expires_at.isoformat() if row.expires_at else "never"
        print(
            f"API key {row.prefix} for {row.name}: scopes {', '.join(row.scopes)}; expires {until}"
        )
        print("The key is shown this once; store it now:")
        print(key)
        return 0

    return _with_db(work)


def cmd_revoke_api_key(args: argparse.Namespace) -> int:
    from backend.auth.services import revoke_api_key

    async def work() -> int:
        if not await revoke_api_key(args.prefix):
            return _fail(f"no active API key with prefix {args.prefix}")
        print(f"revoked {args.prefix}")
        return 0

    return _with_db(work)


def cmd_otp_peek(args: argparse.Namespace) -> int:
    from backend.auth.sms import latest_dev_message

    if get_settings().is_production:
        return _fail("otp-peek is for development only")

    async def work() -> int:
        text = await latest_dev_message(args.phone)
        if text is None:
            return _fail("no code was sent to this phone (is it registered to a resident?)")
        print(text)
        return 0

    return _with_db(work)


def cmd_reencrypt(args: argparse.Namespace) -> int:
    from backend.residents.rekey import reencrypt_personal_data

    async def work() -> int:
        report = await reencrypt_personal_data()
        print(
            f"re-encrypted {report.residents} residents and {report.special_records} "
            "special-population records with the current key"
        )
        return 0

    return _with_db(work)


def cmd_audit_purge(args: argparse.Namespace) -> int:
    from backend.audit.services import purge

    async def work() -> int:
        days = get_settings().audit_retention_days
        removed = await purge(days)
        print(f"removed {removed} audit entries older than {days} days")
        return 0

    return _with_db(work)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gongzhi", description="Gongzhi 共治 command line")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the web server (uvicorn, uvloop, httptools)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)

    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)

    seed = sub.add_parser("seed-demo", help="load the demo district into an empty database")
    seed.add_argument("--seed", type=int, default=2026)
    seed.set_defaults(func=cmd_seed_demo)

    export = sub.add_parser("export-schema", help="write the GraphQL schema (SDL)")
    export.add_argument("--output", default=str(PROJECT_ROOT / "schema.graphql"))
    export.set_defaults(func=cmd_export_schema)

    imp = sub.add_parser("import-residents", help="import residents from CSV or XLSX")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    imp.set_defaults(func=cmd_import_residents)

    from backend.auth.roles import API_KEY_SCOPES, Role

    user = sub.add_parser("create-user", help="create a staff account")
    user.add_argument("--username", required=True)
    user.add_argument("--role", required=True, choices=[r.value for r in Role])
    user.add_argument("--scope-division", action="append", default=[], metavar="CODE")
    user.add_argument("--grid-worker", metavar="EMPLOYEE_NO", help="for GRID_WORKER accounts")
    user.add_argument("--display-name")
    user.add_argument("--special-population", action="store_true", help="designated for 特殊人群")
    user.add_argument("--password", help="default: $GONGZHI_PASSWORD, else asked without echo")
    user.set_defaults(func=cmd_create_user)

    key = sub.add_parser("create-api-key", help="create a partner API key (printed once)")
    key.add_argument("--name", required=True)
    key.add_argument("--scope", action="append", required=True, choices=sorted(API_KEY_SCOPES))
    key.add_argument("--scope-division", action="append", default=[], metavar="CODE")
    key.add_argument("--expires-days", type=int)
    key.set_defaults(func=cmd_create_api_key)

    revoke = sub.add_parser("revoke-api-key", help="revoke a partner API key by its prefix")
    revoke.add_argument("prefix")
    revoke.set_defaults(func=cmd_revoke_api_key)

    peek = sub.add_parser("otp-peek", help="show the last login code sent to a phone (dev only)")
    peek.add_argument("phone")
    peek.set_defaults(func=cmd_otp_peek)

    sub.add_parser(
        "reencrypt", help="rewrite personal data encrypted with an old key (key rotation)"
    ).set_defaults(func=cmd_reencrypt)

    sub.add_parser(
        "audit-purge", help="delete audit entries older than AUDIT_RETENTION_DAYS"
    ).set_defaults(func=cmd_audit_purge)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # Start-up and shut-down chatter would bury what a command prints (an API key, a code).
    logging.getLogger("tortoise").setLevel(logging.WARNING)
    args: Any = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ConfigError as exc:
        # A configuration mistake is the operator's to fix: say what, without a stack trace.
        print(f"gongzhi: configuration error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
