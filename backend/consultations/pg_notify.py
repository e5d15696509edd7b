"""Vote events between processes through PostgreSQL LISTEN/NOTIFY (DESIGN §7, scaling out).

``notify`` sends one event on the channel ``gongzhi_votes`` with ``pg_notify`` and a bound
parameter, through the connection the caller is using: inside a transaction PostgreSQL holds
the notification until the commit and drops it on a rollback, so a listener never hears of a
ballot that is not there; outside one it goes out at once.

``Listener`` keeps one dedicated connection per worker process (not one from the pool: a
pooled connection is shared and reset, and ``LISTEN`` is session state). It is opened when
first needed, hands every payload to a callback, checks the connection every
``health_interval`` seconds (a dropped TCP connection is only noticed when something is sent)
and reconnects with a growing delay when the connection is lost. Notifications sent while it
was away are gone: ``on_reconnect`` is called after every reconnection so that the caller can
tell its listeners to read the current state again.

No strawberry or starlette here: the voting services import this module through ``events``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

CHANNEL = "gongzhi_votes"
# PostgreSQL refuses payloads of 8000 bytes or more; ours are "<vote id>:<kind>".
MAX_PAYLOAD = 7999

logger = logging.getLogger("gongzhi.events")

Connect = Callable[[], Awaitable[Any]]


async def notify(connection: Any, payload: str) -> None:
    """``NOTIFY gongzhi_votes, payload`` through a Tortoise connection (or transaction)."""
    if len(payload.encode()) > MAX_PAYLOAD:
        raise ValueError("notification payload too long")
    await connection.execute_query("SELECT pg_notify($1, $2)", [CHANNEL, payload])


def connect_like(client: Any, application_name: str = "gongzhi-listen") -> Connect:
    """A function opening one plain asyncpg connection to the database of a Tortoise asyncpg
    client, with the same server, credentials and TLS settings as its pool."""
    params: dict[str, Any] = {
        "host": client.host,
        "port": client.port,
        "user": client.user,
        "password": client.password,
        "database": client.database,
        "server_settings": {"application_name": application_name},
    }
    extra = getattr(client, "extra", {}) or {}
    for name in ("ssl", "direct_tls", "timeout", "command_timeout"):
        if name in extra:
            params[name] = extra[name]

    async def connect() -> Any:
        return await asyncpg.connect(**params)

    return connect


class Listener:
    """One ``LISTEN`` connection, kept open (and reopened) until ``stop``."""

    def __init__(
        self,
        connect: Connect,
        on_payload: Callable[[str], None],
        on_reconnect: Callable[[], None],
        *,
        health_interval: float = 30.0,
        retry_delays: tuple[float, ...] = (0.1, 0.5, 1.0, 2.0, 5.0),
    ) -> None:
        self._connect = connect
        self._on_payload = on_payload
        self._on_reconnect = on_reconnect
        self.health_interval = health_interval
        self.retry_delays = retry_delays
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self.connection: Any = None
        self.connections_made = 0

    @property
    def listening(self) -> bool:
        return self._ready.is_set()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="gongzhi-pg-listener")

    async def wait_ready(self, seconds: float) -> bool:
        """Start if needed and wait until ``LISTEN`` is in place; False after ``seconds``."""
        self.start()
        try:
            async with asyncio.timeout(seconds):
                await self._ready.wait()
        except TimeoutError:
            return False
        return True

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._ready.clear()

    async def _run(self) -> None:
        failures = 0
        while True:
            lost = asyncio.Event()
            connection = None
            try:
                connection = await self._connect()
                connection.add_termination_listener(_setter(lost))
                await connection.add_listener(CHANNEL, self._deliver)
                self.connection = connection
                self.connections_made += 1
                failures = 0
                self._ready.set()
                if self.connections_made > 1:
                    logger.info("vote events: listening again on %s", CHANNEL)
                    self._on_reconnect()
                await self._watch(connection, lost)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # any failure of the connection: start over
                logger.warning("vote events: listen connection failed (%s)", type(exc).__name__)
            finally:
                self._ready.clear()
                self.connection = None
                if connection is not None:
                    await _close_quietly(connection)
            delay = self.retry_delays[min(failures, len(self.retry_delays) - 1)]
            failures += 1
            await asyncio.sleep(delay)

    async def _watch(self, connection: Any, lost: asyncio.Event) -> None:
        """Return when the connection is lost or stops answering."""
        while not connection.is_closed():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.health_interval):
                    await lost.wait()
            if lost.is_set() or connection.is_closed():
                return
            async with asyncio.timeout(self.health_interval):
                await connection.execute("SELECT 1")

    def _deliver(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        try:
            self._on_payload(payload)
        except Exception:  # a bad payload must not stop the listener
            logger.exception("vote events: could not deliver a notification")


def _setter(event: asyncio.Event) -> Callable[[Any], None]:
    return lambda _connection: event.set()


async def _close_quietly(connection: Any) -> None:
    try:
        async with asyncio.timeout(2):
            await connection.close()
    except Exception:  # closing a broken connection: terminate it instead
        connection.terminate()
