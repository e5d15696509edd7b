"""Load benchmark: Gongzhi against PostGraphile and the machine's floor, side by side.

    .venv/bin/python -m bench.run --size small          # the default; under 10 minutes
    .venv/bin/python -m bench.run --size large          # 1M residents (long dataset load)

1. Loads the dataset (``bench.dataset``; reuses a matching database) into PostgreSQL and,
   for small, into SQLite.
2. Starts every target on 127.0.0.1, one process each: Gongzhi (``gongzhi serve``) on
   PostgreSQL, PostGraphile V5 over the same tables, the floor (``bench.floor``) and, for
   small, Gongzhi on SQLite (informational).
3. Checks that every target returns the same data for each shape (canonical form: IDs
   decoded) and records each response's size on the wire. For ``vote_cast``,
   ``bench.voters`` opens one vote per target and round and gives the voters sessions.
4. Counts SQL statements per request through a wire-protocol proxy (``bench.sqlcount``),
   on second instances of the servers, sequentially, never while timing.
5. Times each shape: a warm-up per target, then ``--rounds`` rounds running the targets in
   rotated order, each a wrk run with fixed connections and duration; a run with errors,
   timeouts or responses of the wrong size is marked invalid. ``vote_cast`` sends a different
   voter's ballot per request (``bench.vote_cast``) and checks the ballots in the database
   after every run.
6. Writes ``bench/results/latest.json`` and ``latest.md`` (other sizes: ``latest-<size>``)
   and stops every process it started, by pid.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson

from bench import env, loadgen, shapes, vote_cast, voters
from bench.dataset import SIZES
from bench.machine import machine
from bench.measure import check_equal, count_statements, time_shape
from bench.procstat import memory_kib
from bench.report import write_markdown
from bench.servers import (
    PG_DIR,
    Processes,
    Servers,
    Target,
    ensure_postgraphile,
    log,
    node_binary,
    relative,
)


def load_datasets(
    size: str, seed: int, fresh: bool, sqlite: bool, commands: list[str], votes: int = 0
) -> dict[str, str]:
    """Load (or reuse) the datasets; a session token of the bench caller per backend.

    ``votes``: open that many bench votes on PostgreSQL, with voter sessions (vote_cast).
    """
    backends = ["postgres", *(["sqlite"] if sqlite else [])]
    tokens = {}
    for backend in backends:
        argv = ["-m", "bench.dataset", "--size", size, "--seed", str(seed), "--backend", backend]
        if fresh:
            argv.append("--fresh")
        commands.append(".venv/bin/python " + shlex.join(argv))
        # One process per backend: Tortoise keeps the first SQL dialect it sees.
        subprocess.run([sys.executable, *argv], cwd=env.PROJECT_ROOT, check=True)
        login = ["-m", "bench.login", "--size", size, "--backend", backend]
        commands.append(".venv/bin/python " + shlex.join(login) + "  # prints the bearer token")
        out = subprocess.run(
            [sys.executable, *login],
            cwd=env.PROJECT_ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        tokens[backend] = out.stdout.strip().splitlines()[-1]
        if backend == "postgres" and votes:
            prepare = ["-m", "bench.voters", "--size", size, "--votes", str(votes)]
            commands.append(".venv/bin/python " + shlex.join(prepare) + "  # vote_cast")
            subprocess.run([sys.executable, *prepare], cwd=env.PROJECT_ROOT, check=True)
    return tokens


async def _apply_reference_sql(url: str) -> str:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute((PG_DIR / "reference.sql").read_text(encoding="utf-8"))
        version: str = await conn.fetchval("SHOW server_version")
        return version
    finally:
        await conn.close()


def build_shapes(gongzhi: Target, names: list[str]) -> list[shapes.Shape]:
    auth = gongzhi.headers
    probe = loadgen.post(gongzhi.port, "/graphql", shapes.GRID_FIELDS_PROBE, headers=auth)
    nested = shapes.grid_has_residents(orjson.loads(probe.body))
    grid_ids = None
    if not nested:
        asked = loadgen.post(gongzhi.port, "/graphql", shapes.GRID_IDS_QUERY, headers=auth)
        body = orjson.loads(asked.body)
        grid_ids = [edge["node"]["id"] for edge in body["data"]["grids"]["edges"]]
    makers = {
        "typename": shapes.typename,
        "grid_page": lambda: shapes.grid_page(nested, grid_ids),
        "resident_search": lambda: shapes.resident_search(dt.date.today()),
        "dashboard": shapes.dashboard,
    }
    return [makers[name]() for name in names if name in makers]


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Gongzhi load benchmark (see bench/README.md)")
    parser.add_argument("--size", choices=[s for s in SIZES if s != "tiny"], default="small")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--shapes", default=",".join(shapes.SHAPE_NAMES))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per timed run")
    parser.add_argument("--warmup", type=int, default=2, help="seconds per warm-up run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--sql-requests", type=int, default=20, help="requests per SQL count")
    parser.add_argument("--sqlite", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--fresh", action="store_true", help="regenerate the dataset")
    parser.add_argument("--output", help="result file stem (default bench/results/latest)")
    args = parser.parse_args(argv)
    if args.rounds < 3:
        parser.error("at least 3 rounds")
    if not 0 < args.duration <= 120 or not 0 < args.warmup <= 60:
        parser.error("durations: 0 < duration <= 120 s, 0 < warmup <= 60 s")
    if not 1 <= args.connections <= 256:
        parser.error("connections: 1..256")
    unknown = set(args.shapes.split(",")) - set(shapes.SHAPE_NAMES)
    if unknown:
        parser.error(f"unknown shapes: {', '.join(sorted(unknown))}")
    if args.sqlite is None:
        args.sqlite = args.size == "small"
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    # A terminated runner still stops its servers (the finally clause below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if loadgen.wrk_path() is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    shape_names = args.shapes.split(",")
    commands = [(".venv/bin/python -m bench.run " + shlex.join(argv or sys.argv[1:])).strip()]
    n_targets = 4 if args.sqlite else 3
    per_target = args.rounds * args.duration + args.warmup
    wrk_shapes = [name for name in shape_names if name != vote_cast.NAME]
    estimate = len(wrk_shapes) * n_targets * per_target
    votes = 0
    if vote_cast.NAME in shape_names:
        estimate += len(vote_cast.TIMED) * per_target
        votes = vote_cast.Plan.votes_needed(args.rounds)
    log(f"size {args.size}: timed runs take about {estimate / 60:.1f} min after setup")

    tokens = load_datasets(args.size, args.seed, args.fresh, args.sqlite, commands, votes)
    ensure_postgraphile(commands)
    node, node_version = node_binary()
    postgres_version = asyncio.run(_apply_reference_sql(env.postgres_url(args.size)))

    procs = Processes()
    servers = Servers(args.size, procs, node, args.sqlite, tokens)
    results: dict[str, Any] = {}
    exit_code = 0
    try:
        targets = servers.timed()
        commands.extend(t.display for t in targets if t.name != "gongzhi_sqlite")
        shape_list = build_shapes(targets[0], shape_names)
        checks = {shape.name: check_equal(shape, targets) for shape in shape_list}
        for name, check in checks.items():
            state = "equal" if check["equal"] else "NOT EQUAL: " + " | ".join(check["problems"])
            log(f"check {name}: {state}")
        plan = None
        sequences: dict[str, Any] = {}
        if votes:
            plan = vote_cast.Plan(voters.read(voters.pool_path(args.size)), args.rounds)
            sequences[vote_cast.NAME] = plan.counting(3 + args.sql_requests)
        counts = count_statements(servers, shape_list, args.sql_requests, sequences)
        for name, per_target in counts.items():
            log(
                f"SQL per request {name}: "
                + ", ".join(f"{t} {c['sql_per_request']}" for t, c in per_target.items())
            )
        commands.append(
            "wrk "
            + shlex.join(loadgen.command(args.connections, args.duration, "<url>", "<lua>")[1:])
        )
        for shape in shape_list:
            check = checks[shape.name]
            entry: dict[str, Any] = {
                "description": shape.description,
                "variant": shape.variant,
                "notes": shape.notes,
                "equal_data": check["equal"],
                "check_problems": check["problems"],
            }
            if check["equal"]:
                timed = time_shape(shape, targets, check["response_bytes"], args)
                entry.update(_headline(timed, counts[shape.name]))
                for name, summary in timed.items():
                    summary["sql"] = counts[shape.name].get(name)
                entry["targets"] = timed
            else:
                exit_code = 1
            results[shape.name] = entry
        if plan is not None:
            entry = vote_cast.run_shape(
                plan, targets, counts[vote_cast.NAME], args, env.postgres_url(args.size)
            )
            if "targets" in entry:
                entry.update(_headline(entry["targets"], counts[vote_cast.NAME]))
                entry["ratio_vs_postgraphile"] = None
                entry["ratio_vs_postgraphile_note"] = vote_cast.POSTGRAPHILE_REASON
                entry["valid"] = entry["valid"] and entry["correct"]
            if not entry["equal_data"] or not entry.get("correct", False):
                exit_code = 1
            results[vote_cast.NAME] = entry
        for target in targets:
            results.setdefault("_memory", {})[target.name] = memory_kib(target.pid)
    finally:
        procs.stop_all()
    memory = results.pop("_memory", {})
    for name, reason in shapes.NOT_AVAILABLE.items():
        results[name] = {"available": False, "reason": reason}
    goals = check_goals(args.size, results)

    report = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "size": args.size,
        "dataset": {
            "size": args.size,
            "residents": SIZES[args.size].residents,
            "grids": SIZES[args.size].grids,
            "seed": args.seed,
            "postgres_database": env.database_name(args.size),
        },
        "settings": {
            "rounds": args.rounds,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "connections": args.connections,
            "wrk_threads": 1,
            "sql_requests": args.sql_requests,
            "ratios": "Gongzhi's median requests/s divided by the reference's, same run",
            "gongzhi_pool": "Tortoise asyncpg pool, max 5",
            "floor_pool": "asyncpg pool of 5, no reset on release",
            "postgraphile_pool": "node-postgres default pool, max 10",
        },
        "machine": machine(postgres_version, node_version),
        "commands": commands,
        "peak_rss_kib_at_end": memory,
        "shapes": results,
        "goals": goals,
        "wall_time_s": round(time.monotonic() - started, 1),
    }
    stem = Path(args.output) if args.output else env.RESULTS_DIR / _stem(args.size)
    stem.parent.mkdir(parents=True, exist_ok=True)
    json_path = stem.with_suffix(".json")
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    md_path = stem.with_suffix(".md")
    write_markdown(report, md_path)
    minutes = report["wall_time_s"] / 60
    log(f"wrote {relative(json_path)} and {relative(md_path)} in {minutes:.1f} min")
    print(md_path.read_text(encoding="utf-8"))
    return exit_code


# The targets of the performance issue: ratios in the same run, and scaling from 10k to 1M.
RATIO_GOALS = {"grid_page": 0.5, "typename": 0.3}
SCALING_GOALS = ("resident_search", "dashboard")
SCALING_LIMIT = 2.0


def check_goals(size: str, results: dict[str, Any]) -> dict[str, Any]:
    goals: dict[str, Any] = {}
    for name, minimum in RATIO_GOALS.items():
        value = results.get(name, {}).get("ratio_vs_postgraphile")
        valid = results.get(name, {}).get("valid", False)
        goals[f"{name} >= {minimum}x PostGraphile"] = {
            "value": value,
            "met": value is not None and valid and value >= minimum,
        }
    small_file = env.RESULTS_DIR / "latest.json"
    small = None
    if size != "small" and small_file.exists():
        small = json.loads(small_file.read_text(encoding="utf-8"))
    for name in SCALING_GOALS:
        key = f"{name} p50 at {size if size != 'small' else 'large'} within 2x of small"
        here = results.get(name, {}).get("p50_ms")
        there = (small or {}).get("shapes", {}).get(name, {}).get("p50_ms")
        if size == "small" or not here or not there:
            goals[key] = {
                "value": None,
                "met": None,
                "note": "needs a large run and bench/results/latest.json from a small run",
            }
            continue
        assert small is not None
        value = round(here / there, 2)
        goals[key] = {
            "value": value,
            "met": value <= SCALING_LIMIT,
            "small_run": f"{small['generated_at']} at {small['machine']['git_commit']}",
        }
    return goals


def _stem(size: str) -> str:
    return "latest" if size == "small" else f"latest-{size}"


def _headline(timed: dict[str, dict[str, Any]], counts: dict[str, Any]) -> dict[str, Any]:
    gongzhi = timed["gongzhi"]

    def ratio(reference: str) -> float | None:
        other = timed.get(reference)
        if not other or not other["rps"]:
            return None
        return round(gongzhi["rps"] / other["rps"], 3)

    sql = counts.get("gongzhi", {})
    return {
        "ratio_vs_postgraphile": ratio("postgraphile"),
        "ratio_vs_floor": ratio("floor"),
        "rps": gongzhi["rps"],
        "p50_ms": gongzhi["p50_ms"],
        "p99_ms": gongzhi["p99_ms"],
        "sql_per_request": sql.get("sql_per_request"),
        "pool_resets_per_request": sql.get("pool_resets_per_request"),
        "server_cpu_ms_per_request": gongzhi["server_cpu_ms_per_request"],
        "postgres_cpu_ms_per_request": gongzhi["postgres_cpu_ms_per_request"],
        "peak_rss_mb": gongzhi["peak_rss_mb"],
        "valid": all(t["valid"] for t in timed.values()),
    }


if __name__ == "__main__":
    sys.exit(main())
