"""The ``gongzhi`` command: serve, migrate, seed-demo, export-schema, import-residents."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from backend.config import PROJECT_ROOT, get_settings


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
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    args: Any = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
