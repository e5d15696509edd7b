"""The plumbing every consultation mutation shares around its one service call.

A mutation parses its input and calls one service inside ``call`` (so a malformed ID is a user
error like any other); ``attempt`` turns domain errors into ``UserError``s and writes the audit
entry; a ``Payload`` builds the mutation's payload, from the service's result or, when it
failed, with every object null and the errors.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from inspect import isawaitable
from typing import Generic, TypeVar, cast

from backend.api.context import Info
from backend.api.errors import UserError, attempt
from backend.api.permissions import requires
from backend.auth.roles import Capability
from backend.consultations.access import Viewer

T = TypeVar("T")
P = TypeVar("P")

MANAGE = [requires(Capability.CONSULTATION_MANAGE)]
PARTICIPATE = [requires(Capability.CONSULTATION_PARTICIPATE)]


@dataclass(frozen=True)
class Payload(Generic[T, P]):
    """How one payload type is built: ``ok`` from a service's result (may await a related
    object), ``failed`` from the user errors."""

    ok: Callable[[T], P | Awaitable[P]]
    failed: Callable[[list[UserError]], P]

    async def run(self, info: Info, audited: object, call: Callable[[], Awaitable[T]]) -> P:
        """Run ``call`` through ``attempt``; ``audited`` is the input whose ids are audited."""
        result, errors = await attempt(info, call, audited)
        if result is None:
            return self.failed(errors)
        built = self.ok(result)
        return await built if isawaitable(built) else cast(P, built)

    async def as_viewer(
        self, info: Info, audited: object, call: Callable[[Viewer], Awaitable[T]]
    ) -> P:
        """``run`` for a service that takes the caller, as a ``Viewer``, first."""

        async def run() -> T:
            return await call(await info.context.consultations.viewer())

        return await self.run(info, audited, run)
