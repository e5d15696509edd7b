"""Load generation with wrk (Debian's ``wrk``) and single requests for checks and counts.

wrk runs one thread with a fixed number of keep-alive connections for a fixed duration, and
a Lua ``done`` hook prints its exact totals as one JSON line: requests, bytes read (headers
included), socket errors, HTTP status errors (>= 400) and timeouts, latency percentiles.
"""

from __future__ import annotations

import http.client
import json
import resource
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WRK_TIMEOUT_S = 10

_DONE = r"""
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"bytes":%d,"duration_us":%d,"connect":%d,"read":%d,' ..
    '"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.bytes, summary.duration, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean))
end
"""


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    wire_bytes: int  # status line + headers + body, as wrk counts them


def post(
    port: int,
    path: str,
    body: bytes,
    timeout: float = 30.0,
    headers: dict[str, str] | None = None,
) -> Response:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", path, body, _headers(headers))
        response = conn.getresponse()
        data = response.read()
        head = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + 2
        head += sum(len(f"{k}: {v}\r\n") for k, v in response.getheaders())
        return Response(response.status, data, head + len(data))
    finally:
        conn.close()


def get(port: int, path: str, timeout: float = 2.0) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _headers(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {"Content-Type": "application/json", "Accept": "application/json", **(extra or {})}


def _lua_long_string(text: str) -> str:
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    eq = "=" * level
    return f"[{eq}[{text}]{eq}]"


def script(body: bytes, headers: dict[str, str] | None = None) -> str:
    lines = ['wrk.method = "POST"']
    for key, value in _headers(headers).items():
        lines.append(f'wrk.headers["{key}"] = "{value}"')
    lines.append(f"wrk.body = {_lua_long_string(body.decode())}")
    return "\n".join(lines) + "\n" + _DONE


def wrk_path() -> str | None:
    return shutil.which("wrk")


def wrk_version() -> str:
    path = wrk_path()
    if path is None:
        return "not installed"
    out = subprocess.run([path, "-v"], capture_output=True, text=True, check=False)
    return (out.stdout + out.stderr).strip().splitlines()[0]


def command(connections: int, duration: float, url: str, script_name: str) -> list[str]:
    return [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{duration:g}s",
        f"--timeout={WRK_TIMEOUT_S}s",
        "--latency",
        "-s",
        script_name,
        url,
    ]


def run(
    port: int,
    path: str,
    body: bytes,
    connections: int,
    duration: float,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One bounded load run against 127.0.0.1; returns wrk's totals and the client's CPU.

    ``headers`` (the bearer token) go into the Lua script, not onto wrk's command line.
    """
    with tempfile.TemporaryDirectory(prefix="gongzhi-wrk-") as tmp:
        lua = Path(tmp) / "request.lua"
        lua.write_text(script(body, headers), encoding="utf-8")
        argv = command(connections, duration, f"http://127.0.0.1:{port}{path}", str(lua))
        argv[0] = wrk_path() or "wrk"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        out = subprocess.run(
            argv, capture_output=True, text=True, timeout=duration + 60, check=False
        )
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if out.returncode != 0 or line is None:
        raise RuntimeError(
            f"wrk failed ({out.returncode}): {out.stdout[-500:]} {out.stderr[-500:]}"
        )
    result: dict[str, Any] = json.loads(line.removeprefix("WRKJSON "))
    result["client_cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result["wall_s"] = elapsed
    return result
