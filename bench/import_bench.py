"""Benchmark of ``gongzhi import-residents``: a deterministic 10,000-row register imported from
XLSX and from CSV into a fresh database, on SQLite and (when it answers on 127.0.0.1:5432) on
PostgreSQL. Prints rows per second and writes bench/results/import.json.

    .venv/bin/python -m bench.import_bench [--rows 10000]

Tortoise keeps the first SQL dialect it sees for the life of a process, so each backend runs
in a child process of this script.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import csv
import datetime as dt
import json
import os
import platform
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results" / "import.json"
POSTGRES_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
SEED = 2026
HEADER = [
    "姓名",
    "身份证号",
    "手机号",
    "居住类型",
    "网格编码",
    "户号",
    "与户主关系",
    "小区",
    "楼栋",
    "房号",
    "建筑面积",
    "关爱标签",
    "是否产权人",
]
COMMUNITIES = ("110105001001", "110105001002")
GRIDS = [
    f"G{n:02d}" for n in range(1, 11)
]  # G01-G05 in the first community, the rest in the second
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
AREAS = ("110105", "110101", "310104", "440106", "510107", "420106")
TAGS = ("独居老人:HIGH", "残疾:重点", "低保", "空巢老人:KEY", "优抚:一般", "留守儿童:高")


# ---------------------------------------------------------------- the dataset


def _id_number(rng: random.Random, used: set[str]) -> str:
    from backend.core.validators import id_check_character

    while True:
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(29000))
        first17 = f"{rng.choice(AREAS)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
        number = first17 + id_check_character(first17)
        if number not in used:
            used.add(number)
            return number


def _person(rng: random.Random, used: set[str]) -> list[str]:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}" if rng.random() < 0.7 else ""
    return [name, _id_number(rng, used), phone]


def generate_rows(count: int) -> list[list[str]]:
    """Households of one to four people, most in a dwelling, a tenth floating without one."""
    rng = random.Random(SEED)
    used: set[str] = set()
    rows: list[list[str]] = []
    household = 0
    while len(rows) < count:
        grid = rng.choice(GRIDS)
        if rng.random() < 0.1:
            tag = rng.choice(TAGS) if rng.random() < 0.1 else ""
            rows.append([*_person(rng, used), "流动", grid, "", "", "", "", "", "", tag, ""])
            continue
        household += 1
        number = f"{grid}-{household:05d}"
        place = ["", "", "", ""]
        if rng.random() < 0.85:
            compound = f"{grid}小区{rng.randrange(1, 4)}"
            unit = f"{rng.randrange(1, 19)}{rng.randrange(1, 5):02d}"
            area = f"{rng.randrange(45, 140)}.{rng.randrange(100):02d}"
            # Each household gets its own unit: the household number keeps it unique.
            place = [compound, f"{rng.randrange(1, 13)}号楼", f"{unit}-{household}", area]
        relations = ["户主", *rng.sample(["配偶", "子女", "父母", "子女"], rng.randrange(0, 4))]
        for relation in relations:
            if len(rows) >= count:
                break
            tag = rng.choice(TAGS) if rng.random() < 0.1 else ""
            owner = "是" if relation == "户主" and place[0] else ""
            residency = rng.choice(("户籍", "户籍", "常住"))
            rows.append(
                [*_person(rng, used), residency, grid, number, relation, *place, tag, owner]
            )
    return rows


def write_files(directory: Path, count: int) -> dict[str, Path]:
    import openpyxl

    rows = generate_rows(count)
    csv_path = directory / "residents.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    xlsx_path = directory / "residents.xlsx"
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in [HEADER, *rows]:
        sheet.append(row)
    workbook.save(xlsx_path)
    return {"xlsx": xlsx_path, "csv": csv_path}


# ---------------------------------------------------------------- one backend (child process)


def _settings(data_dir: Path) -> Any:
    from backend.config import Settings, override_settings
    from backend.core import crypto

    settings = Settings(
        app_env="test",
        data_dir=data_dir,
        secret_key=secrets.token_urlsafe(48),
        data_encryption_key=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        data_hash_key=secrets.token_urlsafe(32),
    )
    override_settings(settings)
    crypto.get_cipher.cache_clear()
    return settings


async def _admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(POSTGRES_ADMIN)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _setup_grids() -> None:
    from backend.divisions.models import Division, DivisionLevel
    from backend.grids.models import Grid

    district = await Division.create(
        code="110105000000", name="朝阳区", level=DivisionLevel.DISTRICT
    )
    sub = await Division.create(
        code="110105001000", name="建外街道", level=DivisionLevel.SUBDISTRICT, parent=district
    )
    communities = [
        await Division.create(code=code, name=name, level=DivisionLevel.COMMUNITY, parent=sub)
        for code, name in zip(COMMUNITIES, ("永安里社区", "建国门外社区"), strict=True)
    ]
    for index, code in enumerate(GRIDS):
        await Grid.create(code=code, name=f"{code} 网格", community=communities[index // 5])


async def _run_one(backend: str, path: Path, data_dir: Path) -> dict[str, Any]:
    from tortoise import Tortoise

    from backend.db import init_db
    from backend.migrate import apply_migrations
    from backend.residents.importer import import_residents_file

    settings = _settings(data_dir)
    name = f"gongzhi_import_bench_{uuid.uuid4().hex[:12]}"
    if backend == "postgres":
        await _admin(f'CREATE DATABASE "{name}"')
        url = POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    else:
        url = f"sqlite://{data_dir / (name + '.sqlite3')}"
    try:
        await apply_migrations(settings, url)
        await init_db(settings, url)
        await _setup_grids()
        started = time.perf_counter()
        dry = await import_residents_file(path, dry_run=True)
        dry_seconds = time.perf_counter() - started
        started = time.perf_counter()
        report = await import_residents_file(path, dry_run=False)
        seconds = time.perf_counter() - started
        if not report.ok:
            raise SystemExit("\n".join(report.lines()[:20]))
        from backend.residents.models import Resident

        assert await Resident.all().count() == report.rows == dry.rows
        created = vars(report.created)
    finally:
        await Tortoise.close_connections()
        if backend == "postgres":
            await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return {
        "rows": report.rows,
        "seconds": round(seconds, 3),
        "rows_per_second": round(report.rows / seconds),
        "dry_run_seconds": round(dry_seconds, 3),
        "created": created,
    }


def child(backend: str, directory: Path) -> None:
    async def run() -> dict[str, Any]:
        results = {}
        for fmt in ("xlsx", "csv"):
            path = directory / f"residents.{fmt}"
            results[fmt] = await _run_one(backend, path, directory)
        return results

    print(json.dumps(asyncio.run(run())))


# ---------------------------------------------------------------- the driver


def postgres_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return True
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--child", choices=("sqlite", "postgres"), help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, Path(args.dir))
        return 0

    backends = ["sqlite", *(["postgres"] if postgres_answers() else [])]
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="gongzhi-import-bench-") as tmp:
        directory = Path(tmp)
        started = time.perf_counter()
        write_files(directory, args.rows)
        print(f"generated {args.rows} rows (XLSX and CSV) in {time.perf_counter() - started:.1f} s")
        for backend in backends:
            out = subprocess.run(
                [sys.executable, "-m", "bench.import_bench", "--child", backend, "--dir", tmp],
                capture_output=True,
                text=True,
                check=False,
            )
            if out.returncode != 0:
                print(out.stdout + out.stderr, file=sys.stderr)
                return out.returncode
            results[backend] = json.loads(out.stdout.strip().splitlines()[-1])
            for fmt, r in results[backend].items():
                print(
                    f"{backend:8} {fmt:4}  {r['rows']} rows  {r['seconds']:6.2f} s  "
                    f"{r['rows_per_second']:6d} rows/s  (dry run {r['dry_run_seconds']:.2f} s)"
                )
    if "postgres" not in results:
        print("PostgreSQL does not answer on 127.0.0.1:5432; measured SQLite only")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    summary = {
        "benchmark": "import_residents_file, real import after a dry run, fresh database",
        "rows": args.rows,
        "seed": SEED,
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.system(),
        },
        "results": results,
    }
    RESULTS.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(RESULTS.parents[2])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
