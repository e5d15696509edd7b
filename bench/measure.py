"""Before timing: equal answers and SQL statements per request; then the timed wrk runs."""

from __future__ import annotations

import argparse
import os
import statistics
from typing import Any, Protocol
from urllib.parse import urlsplit

import orjson

from bench import env, loadgen, shapes
from bench.procstat import Sampler
from bench.servers import Servers, Target, log
from bench.sqlcount import CountingProxy

SIZE_TOLERANCE = 0.05  # a run's mean response size must be within 5 % of the checked one


def _first_difference(a: Any, b: Any, path: str = "") -> str | None:
    if type(a) is not type(b):
        return f"{path or '.'}: {a!r:.80} != {b!r:.80}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}.{key}: present in only one"
            found = _first_difference(a[key], b[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)} items"
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _first_difference(x, y, f"{path}[{index}]")
            if found:
                return found
        return None
    return None if a == b else f"{path}: {a!r:.80} != {b!r:.80}"


def _sanity(shape: str, data: Any) -> str | None:
    """The reference answer must be the full shape, so that empty answers cannot pass."""
    full_page = [shapes.PAGE_RESIDENTS] * shapes.PAGE_GRIDS
    if shape == "grid_page" and [len(g["residents"]) for g in data] != full_page:
        return "grid_page: expected 20 grids of 20 residents"
    if shape == "resident_search" and (
        len(data["nodes"]) != shapes.SEARCH_PAGE or not data["hasNextPage"]
    ):
        return "resident_search: expected a full first page with more to follow"
    if shape == "dashboard" and (
        not data["children"] or not all(c["grids"] for c in data["children"])
    ):
        return "dashboard: expected communities with grids"
    return None


def check_equal(shape: shapes.Shape, targets: list[Target]) -> dict[str, Any]:
    """Ask every target once; compare canonical answers with Gongzhi's on PostgreSQL."""
    answers: dict[str, Any] = {}
    sizes: dict[str, int] = {}
    problems: list[str] = []
    for target in targets:
        request = shape.requests[target.dialect]
        response = loadgen.post(target.port, request.path, request.body, headers=target.headers)
        sizes[target.name] = response.wire_bytes
        if response.status != 200:
            problems.append(f"{target.name}: HTTP {response.status}: {response.body[:200]!r}")
            continue
        try:
            answers[target.name] = shape.canonical[target.dialect](orjson.loads(response.body))
        except (shapes.ShapeError, KeyError, TypeError, ValueError) as exc:
            problems.append(f"{target.name}: {type(exc).__name__}: {str(exc)[:300]}")
    reference = answers.get("gongzhi")
    if reference is not None:
        sane = _sanity(shape.name, reference)
        if sane:
            problems.append(sane)
        for name, answer in answers.items():
            difference = _first_difference(reference, answer)
            if difference:
                problems.append(f"{name} differs from gongzhi at {difference}")
    elif not problems:
        problems.append("no answer from gongzhi")
    return {"equal": not problems, "problems": problems, "response_bytes": sizes}


# ---------------------------------------------------------------- SQL statements per request


class RequestSequence(Protocol):
    """Requests that must all differ (``vote_cast``: one voter each), in the order to send."""

    def requests(self, target: Target) -> list[tuple[shapes.Request, dict[str, str]]]: ...

    def check(self, target: Target, index: int, status: int, body: bytes) -> str | None: ...


def _tally(proxy: CountingProxy, requests: int) -> dict[str, Any]:
    tally = proxy.snapshot()
    return {
        "sql_per_request": round(tally.statements / requests, 2),
        "transaction_statements_per_request": round(tally.transactions / requests, 2),
        "pool_resets_per_request": round(tally.resets / requests, 2),
        "statements": {text: round(n / requests, 2) for text, n in tally.texts.most_common(12)},
    }


def _count_sequence(
    proxy: CountingProxy, target: Target, sequence: RequestSequence, requests: int
) -> dict[str, Any] | None:
    """3 warm-up requests, then ``requests`` counted ones, each a different request."""
    items = sequence.requests(target)[: 3 + requests]
    if not items:
        return None
    if len(items) < 4:
        return {"sql_per_request": None, "problem": "not enough distinct requests"}
    for index, (request, headers) in enumerate(items):
        if index == 3:
            proxy.reset()
        response = loadgen.post(target.port, request.path, request.body, headers=headers)
        problem = sequence.check(target, index, response.status, response.body)
        if problem:
            return {"sql_per_request": None, "problem": f"request {index}: {problem}"}
    return _tally(proxy, len(items) - 3)


def count_statements(
    servers: Servers,
    shape_list: list[shapes.Shape],
    requests: int,
    sequences: dict[str, RequestSequence] | None = None,
) -> dict[str, dict[str, Any]]:
    host_port = urlsplit(env.ADMIN_URL)
    proxy = CountingProxy(host_port.hostname or "127.0.0.1", host_port.port or 5432)
    proxy_port = proxy.start()
    url = env.with_port(servers.pg_url, proxy_port)
    counted: dict[str, dict[str, Any]] = {shape.name: {} for shape in shape_list}
    counted.update({name: {} for name in sequences or {}})
    procs = servers.procs
    try:
        for start in (
            lambda: servers.gongzhi("gongzhi_count", url, None),
            lambda: servers.postgraphile("postgraphile_count", url),
            lambda: servers.floor("floor_count", url),
        ):
            target = start()
            try:
                for shape in shape_list:
                    request = shape.requests[target.dialect]
                    ask = (target.port, request.path, request.body)
                    for _ in range(3):  # warm: type introspection, prepared statements
                        loadgen.post(*ask, headers=target.headers)
                    proxy.reset()
                    for _ in range(requests):
                        response = loadgen.post(*ask, headers=target.headers)
                        if response.status != 200:
                            raise RuntimeError(f"{target.name} {shape.name}: {response.status}")
                    counted[shape.name][target.name.removesuffix("_count")] = _tally(
                        proxy, requests
                    )
                for name, sequence in (sequences or {}).items():
                    found = _count_sequence(proxy, target, sequence, requests)
                    if found is not None:
                        counted[name][target.name.removesuffix("_count")] = found
            finally:
                procs.stop(target)
    finally:
        proxy.stop()
    return counted


# ---------------------------------------------------------------- timing


def time_run(
    target: Target, request: shapes.Request, connections: int, duration: float, expected: int
) -> dict[str, Any]:
    sampler = Sampler(target.pid, target.database)
    sampler.start()
    try:
        result = loadgen.run(
            target.port, request.path, request.body, connections, duration, target.headers
        )
    finally:
        usage = sampler.stop()
    requests = max(result["requests"], 1)
    seconds = result["duration_us"] / 1e6
    mean_bytes = result["bytes"] / requests
    errors = {k: result[k] for k in ("status", "timeout", "connect", "read", "write")}
    problems = [f"{k} errors: {v}" for k, v in errors.items() if v]
    if abs(mean_bytes - expected) > SIZE_TOLERANCE * expected:
        problems.append(f"mean response {mean_bytes:.0f} B, checked response {expected} B")
    if result["requests"] == 0:
        problems.append("no request completed")
    measured = usage.server_cpu_s + usage.postgres_cpu_s + result["client_cpu_s"]
    cores = os.cpu_count() or 1
    other = max(0.0, usage.machine_busy_s - measured) / (result["wall_s"] * cores) * 100
    return {
        "requests": result["requests"],
        "rps": round(result["requests"] / seconds, 1),
        "p50_ms": round(result["p50_us"] / 1000, 3),
        "p90_ms": round(result["p90_us"] / 1000, 3),
        "p99_ms": round(result["p99_us"] / 1000, 3),
        "max_ms": round(result["max_us"] / 1000, 3),
        "server_cpu_ms_per_request": round(usage.server_cpu_s * 1000 / requests, 4),
        "postgres_cpu_ms_per_request": round(usage.postgres_cpu_s * 1000 / requests, 4),
        "client_cpu_ms_per_request": round(result["client_cpu_s"] * 1000 / requests, 4),
        "peak_rss_mb": round(usage.peak_rss_kib / 1024, 1),
        "postgres_backends": usage.postgres_backends,
        # CPU of everything else on the machine (other users, this runner), % of all cores.
        "other_cpu_pct": round(other, 1),
        "mean_response_bytes": round(mean_bytes, 1),
        "errors": errors,
        "valid": not problems,
        "problems": problems,
    }


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return round(statistics.median(run[key] for run in runs), 4)


def summarise(runs: list[dict[str, Any]], expected_bytes: int) -> dict[str, Any]:
    return {
        "rps": round(_median(runs, "rps"), 1),
        "p50_ms": _median(runs, "p50_ms"),
        "p99_ms": _median(runs, "p99_ms"),
        "server_cpu_ms_per_request": _median(runs, "server_cpu_ms_per_request"),
        "postgres_cpu_ms_per_request": _median(runs, "postgres_cpu_ms_per_request"),
        "client_cpu_ms_per_request": _median(runs, "client_cpu_ms_per_request"),
        "other_cpu_pct": _median(runs, "other_cpu_pct"),
        "peak_rss_mb": max(run["peak_rss_mb"] for run in runs),
        "response_bytes": expected_bytes,
        "non_2xx": sum(run["errors"]["status"] for run in runs),
        "timeouts": sum(run["errors"]["timeout"] for run in runs),
        "socket_errors": sum(
            run["errors"][k] for run in runs for k in ("connect", "read", "write")
        ),
        "valid": all(run["valid"] for run in runs),
        "rounds": runs,
    }


def time_shape(
    shape: shapes.Shape,
    targets: list[Target],
    expected: dict[str, int],
    args: argparse.Namespace,
) -> dict[str, dict[str, Any]]:
    for target in targets:
        request = shape.requests[target.dialect]
        loadgen.run(
            target.port, request.path, request.body, args.connections, args.warmup, target.headers
        )
    runs: dict[str, list[dict[str, Any]]] = {t.name: [] for t in targets}
    for round_index in range(args.rounds):
        shift = round_index % len(targets)
        order = targets[shift:] + targets[:shift]
        for target in order:
            request = shape.requests[target.dialect]
            run = time_run(target, request, args.connections, args.duration, expected[target.name])
            run["round"] = round_index + 1
            runs[target.name].append(run)
            flag = "" if run["valid"] else "  INVALID: " + "; ".join(run["problems"])
            if run["other_cpu_pct"] > 10:
                flag += f"  (other load {run['other_cpu_pct']:.0f} % of the machine)"
            log(
                f"{shape.name:16} round {round_index + 1} {target.name:15}"
                f" {run['rps']:9.1f} req/s  p50 {run['p50_ms']:7.2f} ms"
                f"  p99 {run['p99_ms']:7.2f} ms{flag}"
            )
    return {name: summarise(r, expected[name]) for name, r in runs.items()}
