"""Vote events for live turnout and results: services publish, subscriptions listen.

In one process (SQLite, the embedded default) events go through in-process queues. With
several workers on PostgreSQL they must go through LISTEN/NOTIFY so every worker sees every
event; ``backend/consultations/subscriptions`` builds that on top of this interface.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from enum import StrEnum


class VoteEventKind(StrEnum):
    TURNOUT = "TURNOUT"  # a ballot was counted, changed or replaced
    CLOSED = "CLOSED"  # the tally is frozen; results may be shown


@dataclass(frozen=True)
class VoteEvent:
    vote_id: int
    kind: VoteEventKind


class LocalBus:
    """In-process fan-out: each listener has its own bounded queue."""

    def __init__(self) -> None:
        self._listeners: dict[int, set[asyncio.Queue[VoteEvent]]] = defaultdict(set)

    async def publish(self, event: VoteEvent) -> None:
        for queue in list(self._listeners.get(event.vote_id, ())):
            if queue.full():
                # A slow listener only needs to know that something changed since it last read.
                continue
            queue.put_nowait(event)

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


async def publish(vote_id: int, kind: VoteEventKind) -> None:
    """Called by the voting services after the change is committed."""
    await bus.publish(VoteEvent(vote_id, kind))
