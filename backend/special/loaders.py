"""DataLoaders for 特殊人群 records.

A non-designated staff member has the same region scope as a designated one, so the row scope
alone is not enough here: callers without ``Capability.SPECIAL_POPULATION`` load with an empty
scope, and every record read by ID (``node``, ``nodes``) is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from tortoise.queryset import QuerySet

from backend.api.loading import ByIdLoader
from backend.audit.models import AuditOutcome
from backend.audit.services import Actor, record
from backend.auth.principal import Principal
from backend.auth.roles import Capability
from backend.auth.scope import Scope
from backend.special.models import SpecialPopulationRecord


def _records_in_scope(scope: Scope, qs: QuerySet[Any]) -> QuerySet[Any]:
    return scope.people_by(qs, "resident")


class RecordsByIdLoader(ByIdLoader[SpecialPopulationRecord]):
    model = SpecialPopulationRecord
    scope_filter = _records_in_scope


class AuditedRecordsByIdLoader(RecordsByIdLoader):
    """Records by ID for ``node``/``nodes``: one audit entry per batch of records found."""

    def __init__(self, scope: Scope, actor: Actor) -> None:
        super().__init__(scope)
        self.actor = actor

    async def _load(self, keys: Sequence[int]) -> list[SpecialPopulationRecord | None]:
        rows = await super()._load(keys)
        found = [f"SpecialPopulationRecord:{row.pk}" for row in rows if row is not None]
        if found:
            await record(self.actor, "node", AuditOutcome.OK, object_ids=found)
        return rows


class SpecialLoaders:
    def __init__(self, principal: Principal, actor: Actor) -> None:
        allowed = principal.can(Capability.SPECIAL_POPULATION)
        self.scope = principal.scope if allowed else Scope.nothing()
        self.actor = actor

    @cached_property
    def by_id(self) -> AuditedRecordsByIdLoader:
        return AuditedRecordsByIdLoader(self.scope, self.actor)
