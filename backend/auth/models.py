"""Accounts, sessions, partner API keys and one-time codes. Secrets are stored as hashes only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from backend.auth.roles import Role

if TYPE_CHECKING:
    from backend.grids.models import GridWorker
    from backend.residents.models import Resident


class Account(Model):
    """账号: staff log in by username and password, residents by phone and a one-time code."""

    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64, unique=True, null=True)
    password_hash = fields.CharField(max_length=255, null=True)
    display_name = fields.CharField(max_length=50)
    role = fields.CharEnumField(Role, max_length=24)
    # Statistical codes of the divisions a staff account covers (and everything under them).
    division_codes: Any = fields.JSONField(default=list)
    grid_worker: fields.ForeignKeyNullableRelation[GridWorker] = fields.ForeignKeyField(
        "models.GridWorker", related_name="accounts", null=True, on_delete=fields.SET_NULL
    )
    grid_worker_id: int | None
    resident: fields.ForeignKeyNullableRelation[Resident] = fields.ForeignKeyField(
        "models.Resident", related_name="accounts", null=True, on_delete=fields.SET_NULL
    )
    resident_id: int | None
    # Keyed hash of the login phone of a resident account (never the phone itself).
    phone_hash = fields.CharField(max_length=64, unique=True, null=True)
    special_population_designee = fields.BooleanField(default=False)
    is_active = fields.BooleanField(default=True)
    failed_logins = fields.IntField(default=0)
    locked_until = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "account"


class Session(Model):
    """A login session: the browser cookie or bearer token is stored only as its SHA-256."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="sessions", on_delete=fields.CASCADE
    )
    account_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "auth_session"
        indexes = (("account_id", "revoked_at"),)


class ApiKey(Model):
    """合作方接口密钥: shown once, stored hashed, found by its visible prefix."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    prefix = fields.CharField(max_length=16, unique=True)
    key_hash = fields.CharField(max_length=64)
    scopes: Any = fields.JSONField(default=list)
    division_codes: Any = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_key"


class OtpChallenge(Model):
    """One-time login code for a phone: hashed code, expiry, tries left."""

    id = fields.IntField(primary_key=True)
    phone_hash = fields.CharField(max_length=64)
    code_hash = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    attempts = fields.IntField(default=0)
    consumed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "otp_challenge"
        indexes = (("phone_hash", "created_at"),)


class DevSmsMessage(Model):
    """Development outbox of the log SMS sender, read by the otp-peek command."""

    id = fields.IntField(primary_key=True)
    phone_hash = fields.CharField(max_length=64, db_index=True)
    text = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "dev_sms_message"
