"""The audit log: append-only (the database refuses updates and early deletes)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class AuditOutcome(StrEnum):
    OK = "OK"
    REJECTED = "REJECTED"  # user errors: nothing changed
    DENIED = "DENIED"  # permission or scope
    FAILED = "FAILED"  # unexpected error


class AuditEntry(Model):
    """审计日志 entry. Holds ids and codes, never personal data."""

    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True, db_index=True)
    account_id = fields.IntField(null=True, db_index=True)
    api_key_id = fields.IntField(null=True)
    role = fields.CharField(max_length=24, default="")
    operation = fields.CharField(max_length=64, db_index=True)
    object_ids: Any = fields.JSONField(default=list)
    client_address = fields.CharField(max_length=64, default="")
    outcome = fields.CharEnumField(AuditOutcome, max_length=12)
    detail = fields.CharField(max_length=300, default="")

    class Meta:
        table = "audit_entry"
