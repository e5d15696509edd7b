"""Count the SQL statements a server sends, with a PostgreSQL wire-protocol proxy.

The server under count connects to this proxy instead of PostgreSQL (its DATABASE_URL names
the proxy's port). The proxy forwards every byte and reads the client's messages: a simple
``Query`` ('Q') or an extended-protocol ``Execute`` ('E') is one statement, attributed to the
SQL text of its ``Parse`` ('P') through ``Bind`` ('B'). asyncpg's pool reset on release
(``SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL;``) is a simple query
counted apart, as a round trip that is not a statement of the request. SSL is refused at the
proxy so the stream stays readable (the servers then connect in clear).

Runs its own event loop in a background thread; used by the runner between the equality
checks and the timed runs, never while timing.
"""

from __future__ import annotations

import asyncio
import re
import struct
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

SSL_REQUEST, GSS_REQUEST, CANCEL_REQUEST = 80877103, 80877104, 80877102
RESET_MARKERS = ("pg_advisory_unlock_all", "RESET ALL", "UNLISTEN", "DISCARD ALL")
TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "START TRANSACTION")


_PARAMETER_LIST = re.compile(r"\$\d+(?:\s*,\s*\$\d+)+")
_COLUMN_LIST = re.compile(r"^SELECT\s+(?:\"[^\"]+\"\s*,\s*)+\"[^\"]+\"\s+FROM", re.IGNORECASE)


def statement_shape(sql: str) -> str:
    """SQL text with its column list and IN lists folded, to group statements by kind."""
    text = " ".join(sql.split())
    text = _COLUMN_LIST.sub("SELECT … FROM", text)
    text = _PARAMETER_LIST.sub("$…", text)
    return text if len(text) <= 240 else text[:239] + "…"


def classify(sql: str) -> str:
    text = sql.strip()
    upper = text.upper()
    if any(marker.upper() in upper for marker in RESET_MARKERS):
        return "reset"
    if upper.startswith(TRANSACTION):
        return "transaction"
    return "statement"


@dataclass
class Tally:
    statements: int = 0
    transactions: int = 0
    resets: int = 0
    texts: Counter[str] = field(default_factory=Counter)

    def add(self, sql: str) -> None:
        kind = classify(sql)
        if kind == "reset":
            self.resets += 1
        elif kind == "transaction":
            self.transactions += 1
        else:
            self.statements += 1
            self.texts[statement_shape(sql)] += 1


def _cstring(data: bytes, start: int) -> tuple[str, int]:
    end = data.index(b"\0", start)
    return data[start:end].decode(errors="replace"), end + 1


class _ClientStream:
    """Parses the frontend side of one connection."""

    def __init__(self, record: Callable[[str], None]) -> None:
        self.buffer = bytearray()
        self.started = False
        self.statements: dict[str, str] = {}
        self.portals: dict[str, str] = {}
        self.record = record

    def feed(self, data: bytes) -> tuple[bytes, bytes]:
        """Return (bytes to forward to the server, bytes to answer the client with)."""
        self.buffer += data
        forward, answer = bytearray(), bytearray()
        while True:
            if not self.started:
                if len(self.buffer) < 8:
                    break
                length, code = struct.unpack("!ii", self.buffer[:8])
                if len(self.buffer) < length:
                    break
                packet = bytes(self.buffer[:length])
                del self.buffer[:length]
                if code in (SSL_REQUEST, GSS_REQUEST):
                    answer += b"N"  # no encryption: the stream must stay readable
                    continue
                self.started = code != CANCEL_REQUEST
                forward += packet
                continue
            if len(self.buffer) < 5:
                break
            kind = self.buffer[0:1]
            (length,) = struct.unpack("!i", self.buffer[1:5])
            if len(self.buffer) < length + 1:
                break
            message = bytes(self.buffer[: length + 1])
            del self.buffer[: length + 1]
            self._read(kind, message[5:])
            forward += message
        return bytes(forward), bytes(answer)

    def _read(self, kind: bytes, body: bytes) -> None:
        if kind == b"P":
            name, at = _cstring(body, 0)
            sql, _ = _cstring(body, at)
            self.statements[name] = sql
        elif kind == b"B":
            portal, at = _cstring(body, 0)
            statement, _ = _cstring(body, at)
            self.portals[portal] = self.statements.get(statement, "?")
        elif kind == b"E":
            portal, _ = _cstring(body, 0)
            self.record(self.portals.get(portal, "?"))
        elif kind == b"Q":
            sql, _ = _cstring(body, 0)
            self.record(sql)


class CountingProxy:
    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.tally = Tally()
        self.lock = threading.Lock()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def start(self) -> int:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._listen(), self._loop)
        self.port = future.result(timeout=10)
        return self.port

    async def _listen(self) -> int:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            writer.close()
            return
        stream = _ClientStream(self.record)

        async def client_to_server() -> None:
            while data := await reader.read(65536):
                forward, answer = stream.feed(data)
                if answer:
                    writer.write(answer)
                    await writer.drain()
                if forward:
                    up_writer.write(forward)
                    await up_writer.drain()
            up_writer.close()

        async def server_to_client() -> None:
            while data := await up_reader.read(65536):
                writer.write(data)
                await writer.drain()
            writer.close()

        try:
            await asyncio.gather(client_to_server(), server_to_client())
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()
            up_writer.close()

    def record(self, sql: str) -> None:
        with self.lock:
            self.tally.add(sql)

    def reset(self) -> None:
        with self.lock:
            self.tally = Tally()

    def snapshot(self) -> Tally:
        with self.lock:
            return Tally(
                self.tally.statements,
                self.tally.transactions,
                self.tally.resets,
                Counter(self.tally.texts),
            )

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
