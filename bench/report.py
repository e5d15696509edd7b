"""The Markdown table beside ``latest.json``: machine, versions, commands and the numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TARGET_ORDER = ("gongzhi", "postgraphile", "floor", "gongzhi_sqlite")


def _num(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _ratio(value: Any) -> str:
    return "–" if value is None else f"{value:.2f}×"


def render(report: dict[str, Any]) -> str:
    m = report["machine"]
    v = m["versions"]
    s = report["settings"]
    d = report["dataset"]
    lines = [
        f"# Gongzhi load benchmark — {d['size']} ({d['residents']:,} residents,"
        f" {d['grids']:,} grids)",
        "",
        f"Run {report['generated_at']} at commit `{m['git_commit']}`"
        + (" (backend with uncommitted changes)" if m["backend_has_uncommitted_changes"] else "")
        + f", {report['wall_time_s'] / 60:.1f} min in all.",
        "",
        f"**Machine**: {m['cpu_model']}, {m['cores']} cores, {m['memory_gb']} GB, {m['os']}"
        f" (kernel {m['kernel']}). Client, servers and PostgreSQL share these cores.",
        "",
        f"**Versions**: Python {v['python']}, PostgreSQL {v['postgresql']}, Node {v['node']},"
        f" PostGraphile {v['postgraphile']} (+ connection-filter"
        f" {v['postgraphile-plugin-connection-filter']}), strawberry-graphql"
        f" {v['strawberry-graphql']}, graphql-core {v['graphql-core']}, starlette"
        f" {v['starlette']}, uvicorn {v['uvicorn']} (uvloop {v['uvloop']}, httptools"
        f" {v['httptools']}), tortoise-orm {v['tortoise-orm']}, asyncpg {v['asyncpg']},"
        f" orjson {v['orjson']}, {v['wrk']}.",
        "",
        f"**Load**: wrk, 1 thread, {s['connections']} connections, {s['warmup_s']:g} s warm-up"
        f" per target, then {s['rounds']} rounds × {s['duration_s']:g} s per target in rotated"
        " order; medians of the rounds. One server process per target. Ratios are Gongzhi's"
        " requests/s over the reference's in the same run (higher is better). vote_cast"
        " uses the bounded async client instead of wrk (every request a different voter's"
        " first ballot) and its req/s are acknowledged ballots per second.",
        "",
        "| shape | Gongzhi req/s | p50 ms | p99 ms | × PostGraphile | × floor |"
        " SQL/request | server CPU ms/req | PostgreSQL CPU ms/req | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    details: list[str] = []
    for name, shape in report["shapes"].items():
        if shape.get("available") is False:
            lines.append(f"| {name} | not available: {shape['reason']} ||||||||||")
            continue
        if "targets" not in shape:
            problems = "; ".join(shape["check_problems"])
            lines.append(f"| {name} | not timed, answers differ: {problems} ||||||||||")
            continue
        invalid = "" if shape["valid"] else " ⚠ invalid runs"
        if shape.get("correct") is False:
            invalid += " ⚠ BALLOTS LOST, DOUBLED OR MISCOUNTED"
        versus_pg = _ratio(shape["ratio_vs_postgraphile"])
        if shape.get("ratio_vs_postgraphile_note"):
            versus_pg = "n/a"
        lines.append(
            f"| {name}{invalid} | {_num(shape['rps'], 0)} | {_num(shape['p50_ms'])}"
            f" | {_num(shape['p99_ms'])} | {versus_pg}"
            f" | {_ratio(shape['ratio_vs_floor'])} | {_num(shape['sql_per_request'], 1)}"
            f" | {_num(shape['server_cpu_ms_per_request'], 3)}"
            f" | {_num(shape['postgres_cpu_ms_per_request'], 3)}"
            f" | {_num(shape['peak_rss_mb'], 1)} |"
        )
        details.append(_details(name, shape))
    busy = _other_load(report)
    if busy is not None and busy > OTHER_LOAD_WARNING:
        lines += [
            "",
            f"⚠ Other work on the machine used a median {busy:.0f} % of its CPU during the timed"
            " runs (column *other CPU %* below): absolute numbers are low and ratios noisier"
            " than on an idle machine.",
        ]
    lines += [
        "",
        "Other CPU %: CPU time of everything but the target, its PostgreSQL backends and wrk"
        " (other users of the machine, this runner), as a share of all cores during the runs.",
        "",
        "SQL/request: statements (Execute or simple Query messages) the server sent to"
        " PostgreSQL per request, counted by a wire-protocol proxy over"
        f" {s['sql_requests']} sequential requests after a warm-up; asyncpg's pool reset on"
        " release is counted apart (resets/request below).",
        "",
        "## Goals of this round",
        "",
        *_goals(report.get("goals", {})),
        "",
        *details,
        "## Commands",
        "",
        "```",
        *report["commands"],
        "```",
        "",
    ]
    return "\n".join(lines)


OTHER_LOAD_WARNING = 20.0  # % of the machine used by other work during the timed runs


def _other_load(report: dict[str, Any]) -> float | None:
    """Median share of the machine that other work used during the timed runs."""
    values = sorted(
        run["other_cpu_pct"]
        for shape in report["shapes"].values()
        for target in shape.get("targets", {}).values()
        for run in target["rounds"]
    )
    return values[len(values) // 2] if values else None


def _goals(goals: dict[str, Any]) -> list[str]:
    lines = []
    for name, goal in goals.items():
        state = {True: "met", False: "**not met**", None: "not measured"}[goal["met"]]
        value = "" if goal["value"] is None else f": {goal['value']}"
        note = f" ({goal['note']})" if goal.get("note") else ""
        lines.append(f"- {name}{value} — {state}{note}")
    return lines


def _details(name: str, shape: dict[str, Any]) -> str:
    rows = [
        f"### {name}: {shape['description']}",
        "",
        *(f"- {note}" for note in shape["notes"]),
        *_correctness(shape),
        "",
        "| target | req/s | p50 ms | p99 ms | server CPU ms/req | PostgreSQL CPU ms/req |"
        " client CPU ms/req | other CPU % | peak RSS MB | response B | SQL/req | resets/req |"
        " errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    targets = shape["targets"]
    for target in sorted(targets, key=lambda t: TARGET_ORDER.index(t)):
        t = targets[target]
        sql = t.get("sql") or {}
        errors = t["non_2xx"] + t["timeouts"] + t["socket_errors"] + t.get("failed", 0)
        state = "none" if errors == 0 and t["valid"] else f"{errors} ⚠"
        rows.append(
            f"| {target} | {_num(t['rps'], 0)} | {_num(t['p50_ms'])} | {_num(t['p99_ms'])}"
            f" | {_num(t['server_cpu_ms_per_request'], 3)}"
            f" | {_num(t['postgres_cpu_ms_per_request'], 3)}"
            f" | {_num(t['client_cpu_ms_per_request'], 3)} | {_num(t['other_cpu_pct'], 1)}"
            f" | {_num(t['peak_rss_mb'], 1)}"
            f" | {_num(t['response_bytes'])} | {_num(sql.get('sql_per_request'), 1)}"
            f" | {_num(sql.get('pool_resets_per_request'), 1)} | {state} |"
        )
    return "\n".join([*rows, ""])


def _correctness(shape: dict[str, Any]) -> list[str]:
    """vote_cast: what the database check after each run found, per target."""
    if "correct" not in shape:
        return []
    lines = []
    for target in sorted(shape["targets"], key=lambda t: TARGET_ORDER.index(t)):
        t = shape["targets"][target]
        problems = [
            f"round {run['round']}: " + "; ".join(run["correctness"]["problems"])
            for run in t["rounds"]
            if run["correctness"]["problems"]
        ]
        if t["warmup_correctness"]["problems"]:
            problems.append("warm-up: " + "; ".join(t["warmup_correctness"]["problems"]))
        used_up = t["voters_exhausted_rounds"]
        state = (
            "the database holds exactly the acknowledged ballots, one per unit, and the"
            " tally and recount agree"
            if not problems
            else "**FAILED**: " + " | ".join(problems)
        )
        lines.append(
            f"- {target}: {t['ballots']:,} ballots acknowledged in {len(t['rounds'])} rounds"
            f" ({t['failed']} failed answers; voters used up in {used_up} rounds): {state}"
        )
    return lines


def write_markdown(report: dict[str, Any], path: Path) -> None:
    path.write_text(render(report), encoding="utf-8")
