"""Vote events for live turnout and results: services publish, subscriptions listen.

The voting services call ``await publish(vote_id, VoteEventKind.TURNOUT)`` once a ballot is
committed (``CLOSED`` once the tally is frozen). Subscriptions register with
``listen(vote_id)`` and read the current state again from the database when an event comes:
an event says *that* something changed, never *what*, so a lost or repeated event costs at most
one extra read.

Where events travel depends on the configured database (the Tortoise connection ``default``,
built from ``DATABASE_URL``):

* SQLite (the embedded default, one process): ``publish`` hands the event to the in-process
  bus directly.
* PostgreSQL (several uvicorn workers or hosts): ``publish`` sends
  ``NOTIFY gongzhi_votes, '<vote id>:<kind>'`` and never delivers locally; every process that
  has subscribers keeps one ``LISTEN`` connection (``pg_notify.Listener``, opened by the first
  subscription, closed by ``stop`` at shutdown) that feeds its own bus. Called inside a
  transaction, the notification is sent at commit; after a commit, at once. If the
  notification cannot be sent the event is delivered in this process only, and the failure
  is logged: the ballot is committed, so the caller must not fail for it.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from tortoise import Tortoise

from backend.consultations import pg_notify

logger = logging.getLogger("gongzhi.events")

# How long a new subscription waits for the LISTEN connection before going on without it
# (it keeps trying in the background; a reconnection tells every listener to read again).
LISTEN_READY_TIMEOUT = 5.0


class VoteEventKind(StrEnum):
    TURNOUT = "TURNOUT"  # a ballot was counted, changed or replaced
    CLOSED = "CLOSED"  # the tally is frozen; results may be shown


@dataclass(frozen=True)
class VoteEvent:
    vote_id: int
    kind: VoteEventKind

    def encode(self) -> str:
        return f"{self.vote_id}:{self.kind.value}"

    @classmethod
    def decode(cls, payload: str) -> VoteEvent | None:
        vote_id, _, kind = payload.partition(":")
        if not vote_id.isdigit() or kind not in VoteEventKind.__members__:
            return None
        return cls(int(vote_id), VoteEventKind(kind))


class LocalBus:
    """In-process fan-out: each listener has its own bounded queue."""

    def __init__(self) -> None:
        self._listeners: dict[int, set[asyncio.Queue[VoteEvent]]] = defaultdict(set)

    def deliver(self, event: VoteEvent) -> None:
        for queue in list(self._listeners.get(event.vote_id, ())):
            if queue.full():
                # A slow listener only needs to know that something changed since it last read.
                continue
            queue.put_nowait(event)

    async def publish(self, event: VoteEvent) -> None:
        self.deliver(event)

    def listened_votes(self) -> list[int]:
        return list(self._listeners)

    @asynccontextmanager
    async def listen(self, vote_id: int) -> AsyncIterator[asyncio.Queue[VoteEvent]]:
        queue: asyncio.Queue[VoteEvent] = asyncio.Queue(maxsize=16)
        self._listeners[vote_id].add(queue)
        try:
            yield queue
        finally:
            self._listeners[vote_id].discard(queue)
            if not self._listeners[vote_id]:
                del self._listeners[vote_id]


bus = LocalBus()


def _database() -> Any:
    """The configured database's client, or None when Tortoise is not initialised."""
    try:
        return Tortoise.get_connection("default")
    except Exception:  # not initialised (a unit test of the bus alone)
        return None


def uses_postgres(connection: Any = None) -> bool:
    connection = connection if connection is not None else _database()
    return connection is not None and connection.capabilities.dialect == "postgres"


class _Hub:
    """This process's LISTEN connection (PostgreSQL only), started by the first listener."""

    def __init__(self) -> None:
        self.listener: pg_notify.Listener | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    def _on_payload(self, payload: str) -> None:
        event = VoteEvent.decode(payload)
        if event is None:
            logger.warning("vote events: ignored a malformed notification")
            return
        bus.deliver(event)

    def _on_reconnect(self) -> None:
        # Notifications sent while the connection was down are lost: everyone reads again.
        for vote_id in bus.listened_votes():
            bus.deliver(VoteEvent(vote_id, VoteEventKind.TURNOUT))

    async def ensure_listening(self) -> None:
        loop = asyncio.get_running_loop()
        if self.listener is not None and self.loop is not loop:
            self.listener = None  # left behind by another event loop (tests): start afresh
        if self.listener is None:
            client = _database()
            if not uses_postgres(client):
                return
            self.loop = loop
            self.listener = pg_notify.Listener(
                pg_notify.connect_like(_root(client)), self._on_payload, self._on_reconnect
            )
        if not await self.listener.wait_ready(LISTEN_READY_TIMEOUT):
            logger.warning("vote events: LISTEN is not ready; live updates may be late")

    async def stop(self) -> None:
        listener, self.listener = self.listener, None
        if listener is not None:
            await listener.stop()


def _root(client: Any) -> Any:
    """The pool client behind a transaction wrapper (which has no connection settings)."""
    return getattr(client, "_parent", None) or client


hub = _Hub()


async def publish(vote_id: int, kind: VoteEventKind) -> None:
    """Called by the voting services after the change is committed (or inside its transaction,
    on PostgreSQL only: the notification then goes out at commit)."""
    event = VoteEvent(vote_id, kind)
    connection = _database()
    if not uses_postgres(connection):
        bus.deliver(event)
        return
    try:
        await pg_notify.notify(connection, event.encode())
    except Exception as exc:  # the change is committed: never fail the caller for the event
        logger.warning("vote events: NOTIFY failed (%s); delivered here only", type(exc).__name__)
        bus.deliver(event)


@asynccontextmanager
async def listen(vote_id: int) -> AsyncIterator[asyncio.Queue[VoteEvent]]:
    """Events of one vote for as long as the block runs, from every process.

    The queue is registered before ``LISTEN`` is confirmed, so a state read after entering the
    block misses nothing that is published after that read.
    """
    async with bus.listen(vote_id) as queue:
        await hub.ensure_listening()
        yield queue


async def stop() -> None:
    """Close this process's LISTEN connection (the app's shutdown)."""
    await hub.stop()
