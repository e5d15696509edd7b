"""Load generation with wrk (Debian's ``wrk``), a bounded async client for requests that
must all differ, and single requests for checks and counts.

wrk runs one thread with a fixed number of keep-alive connections for a fixed duration, and
a Lua ``done`` hook prints its exact totals as one JSON line: requests, bytes read (headers
included), socket errors, HTTP status errors (>= 400) and timeouts, latency percentiles.

``drive`` sends a list of distinct requests (one per voter for ``vote_cast``) over a fixed
number of keep-alive connections (asyncio on uvloop, responses parsed by httptools, the
parser uvicorn uses) and keeps every answer, so the caller can check each one. It stops when
the list is used up or the duration ends, whichever comes first.
"""

from __future__ import annotations

import asyncio
import http.client
import itertools
import json
import resource
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
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


# ---------------------------------------------------------------- the bounded async client


def raw_request(port: int, path: str, body: bytes, headers: dict[str, str] | None = None) -> bytes:
    """One HTTP/1.1 POST on a keep-alive connection, as bytes ready to write."""
    head = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    head += [f"{k}: {v}" for k, v in _headers(headers).items()]
    head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


@dataclass(frozen=True)
class Answer:
    index: int  # position of the request in the list sent
    status: int  # HTTP status; 0 when no answer came (``error`` says why)
    body: bytes
    latency_s: float
    error: str = ""  # "timeout" or the socket error


@dataclass
class Drive:
    answers: list[Answer]
    elapsed_s: float  # connections open: first request sent to the last answer
    exhausted: bool  # every request of the list was sent
    client_cpu_s: float
    connections: int

    @property
    def timeouts(self) -> int:
        return sum(1 for a in self.answers if a.error == "timeout")

    @property
    def socket_errors(self) -> int:
        return sum(1 for a in self.answers if a.error and a.error != "timeout")


class _Connection(asyncio.Protocol):
    """One keep-alive connection: one request in flight, its answer parsed by httptools."""

    def __init__(self) -> None:
        import httptools

        self.parser = httptools.HttpResponseParser(self)
        self.transport: asyncio.Transport | None = None
        self.waiter: asyncio.Future[tuple[int, bytes]] | None = None
        self.chunks: list[bytes] = []
        self.keep_alive = True
        self.closed = False
        self.made: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is not a subclass
        if not self.made.done():
            self.made.set_result(None)

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except Exception as exc:  # httptools.HttpParserError and its kinds
            self._fail(ConnectionError(f"unparsable response: {exc}"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._fail(ConnectionError(f"connection closed: {exc or 'by the server'}"))

    def _fail(self, exc: Exception) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(exc)
        self.close()

    # httptools callbacks
    def on_body(self, body: bytes) -> None:
        self.chunks.append(body)

    def on_message_complete(self) -> None:
        self.keep_alive = self.parser.should_keep_alive()
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result((self.parser.get_status_code(), b"".join(self.chunks)))

    async def send(self, raw: bytes) -> tuple[int, bytes]:
        assert self.transport is not None
        self.chunks = []
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(raw)
        return await self.waiter

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()


async def _connect(port: int) -> _Connection:
    loop = asyncio.get_running_loop()
    _, protocol = await loop.create_connection(_Connection, "127.0.0.1", port)
    await protocol.made  # uvloop may call connection_made after create_connection returns
    return protocol


async def drive_async(
    port: int,
    requests: Sequence[bytes],
    connections: int,
    duration: float,
    answer_timeout: float = WRK_TIMEOUT_S,
) -> Drive:
    """Send ``requests`` (from ``raw_request``) in order over ``connections`` keep-alive
    connections until all are sent or ``duration`` seconds have passed; every request is sent
    once. Connections are opened before the clock starts, as wrk does."""
    pool = [await _connect(port) for _ in range(max(1, connections))]
    answers: list[Answer] = []
    cursor = itertools.count()
    cpu_before = resource.getrusage(resource.RUSAGE_THREAD)
    started = time.perf_counter()
    deadline = started + duration

    async def worker(slot: int) -> None:
        conn: _Connection | None = pool[slot]
        while time.perf_counter() < deadline:
            index = next(cursor)
            if index >= len(requests):
                break
            sent = time.perf_counter()
            try:
                if conn is None or conn.closed:
                    conn = await _connect(port)
                async with asyncio.timeout(answer_timeout):
                    status, body = await conn.send(requests[index])
            except TimeoutError:
                answers.append(Answer(index, 0, b"", time.perf_counter() - sent, "timeout"))
                if conn is not None:
                    conn.close()
                conn = None
                continue
            except OSError as exc:  # ConnectionError included
                error = f"{type(exc).__name__}: {exc}"[:200]
                answers.append(Answer(index, 0, b"", time.perf_counter() - sent, error))
                conn = None
                continue
            answers.append(Answer(index, status, body, time.perf_counter() - sent))
            if not conn.keep_alive:
                conn.close()
                conn = None
        if conn is not None:
            conn.close()

    try:
        await asyncio.gather(*(worker(slot) for slot in range(len(pool))))
    finally:
        for conn in pool:
            conn.close()
    elapsed = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_THREAD)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    sent_all = len(answers) >= len(requests)
    answers.sort(key=lambda a: a.index)
    return Drive(answers, elapsed, sent_all, cpu, len(pool))


def drive(
    port: int,
    requests: Sequence[bytes],
    connections: int,
    duration: float,
    timeout: float = WRK_TIMEOUT_S,
) -> Drive:
    """``drive_async`` on its own uvloop event loop (the runner is synchronous)."""
    import uvloop

    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(drive_async(port, requests, connections, duration, timeout))
