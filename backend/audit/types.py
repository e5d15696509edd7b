from __future__ import annotations

import datetime as dt

import strawberry

from backend.api.relay import Node, to_global_id
from backend.audit import models

AuditOutcome = strawberry.enum(
    models.AuditOutcome,
    description="Outcome 结果: OK, REJECTED (user errors), DENIED (permission), FAILED.",
)


@strawberry.type(description="审计日志 entry: who did what to which objects, when, from where.")
class AuditEntry(Node):
    at: dt.datetime = strawberry.field(description="Time 时间 (UTC).")
    account_id: strawberry.ID | None = strawberry.field(description="Account 账号.")
    api_key_id: strawberry.ID | None = strawberry.field(description="Partner API key 接口密钥.")
    role: str = strawberry.field(description="Role at the time 角色.")
    operation: str = strawberry.field(description="Operation 操作 (query or mutation name).")
    object_ids: list[str] = strawberry.field(description="Objects concerned, as `Type:id`.")
    client_address: str = strawberry.field(description="Client address 客户端地址.")
    outcome: AuditOutcome = strawberry.field(description="Outcome 结果.")  # type: ignore[valid-type]
    detail: str = strawberry.field(description="Codes or the stated reason 说明.")

    @classmethod
    def from_model(cls, m: models.AuditEntry) -> AuditEntry:
        return cls(
            id=to_global_id("AuditEntry", m.pk),
            at=m.at,
            account_id=to_global_id("Account", m.account_id) if m.account_id else None,
            api_key_id=to_global_id("ApiKey", m.api_key_id) if m.api_key_id else None,
            role=m.role,
            operation=m.operation,
            object_ids=list(m.object_ids or []),
            client_address=m.client_address,
            outcome=m.outcome,
            detail=m.detail,
        )
