from __future__ import annotations

import datetime as dt

import strawberry

from backend.api.context import Info
from backend.api.errors import resolve_or_raise
from backend.api.permissions import requires
from backend.api.relay import Connection, build_connection, decode_optional_id
from backend.audit import services
from backend.audit.types import AuditEntry, AuditOutcome
from backend.auth.roles import Capability


@strawberry.input(description="Filter the audit log 审计日志筛选.")
class AuditEntryFilter:
    account_id: strawberry.ID | None = strawberry.field(default=None, description="Account 账号.")
    operation: str | None = strawberry.field(default=None, description="Operation 操作.")
    outcome: AuditOutcome | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Outcome 结果."
    )
    since: dt.datetime | None = strawberry.field(default=None, description="From 起始时间.")
    until: dt.datetime | None = strawberry.field(default=None, description="Before 截止时间.")


@strawberry.type
class AuditQuery:
    @strawberry.field(
        description="The audit log, newest first 审计日志 (platform administrators).",
        permission_classes=[requires(Capability.AUDIT_READ)],
    )
    async def audit_entries(
        self,
        info: Info,
        filter: AuditEntryFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[AuditEntry]:
        f = filter or AuditEntryFilter()

        async def run() -> Connection[AuditEntry]:
            qs = services.filter_entries(
                services.AuditFilter(
                    account_id=decode_optional_id(f.account_id, "Account", "accountId"),
                    operation=f.operation,
                    outcome=f.outcome,
                    since=f.since,
                    until=f.until,
                )
            )
            return await build_connection(
                qs, AuditEntry.from_model, descending=True, first=first, after=after
            )

        return await resolve_or_raise(run, info.context.lang)
