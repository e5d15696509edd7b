"""Writing, reading and purging the audit log. Entries hold ids, codes and outcomes only."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from tortoise.queryset import QuerySet

from backend.audit.models import AuditEntry, AuditOutcome
from backend.config import MIN_AUDIT_RETENTION_DAYS
from backend.core.validators import optional_text

logger = logging.getLogger("gongzhi.audit")


@dataclass(frozen=True)
class Actor:
    account_id: int | None
    api_key_id: int | None
    role: str
    client_address: str


async def record(
    actor: Actor,
    operation: str,
    outcome: AuditOutcome,
    *,
    object_ids: Iterable[str] = (),
    detail: str = "",
) -> None:
    await AuditEntry.create(
        account_id=actor.account_id,
        api_key_id=actor.api_key_id,
        role=actor.role,
        operation=operation[:64],
        object_ids=sorted(set(object_ids))[:50],
        client_address=actor.client_address[:64],
        outcome=outcome,
        detail=detail[:300],
    )


@dataclass(frozen=True)
class AuditFilter:
    account_id: int | None = None
    operation: str | None = None
    outcome: AuditOutcome | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


def _aware(moment: dt.datetime) -> dt.datetime:
    """A time without an offset is read as UTC, the database's zone (not left to the ORM's
    warning about naive datetimes)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def filter_entries(f: AuditFilter) -> QuerySet[AuditEntry]:
    qs = AuditEntry.all()
    if f.account_id is not None:
        qs = qs.filter(account_id=f.account_id)
    operation = optional_text(f.operation, "filter.operation", 64)  # the column's length
    if operation:
        qs = qs.filter(operation=operation)
    if f.outcome is not None:
        qs = qs.filter(outcome=f.outcome)
    if f.since is not None:
        qs = qs.filter(at__gte=_aware(f.since))
    if f.until is not None:
        qs = qs.filter(at__lt=_aware(f.until))
    return qs


async def purge(retention_days: int, now: dt.datetime | None = None) -> int:
    """Delete entries older than the retention; never younger than the legal minimum."""
    days = max(retention_days, MIN_AUDIT_RETENTION_DAYS)
    cutoff = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days)
    deleted = await AuditEntry.filter(at__lt=cutoff).delete()
    logger.info("audit purge removed %d entries older than %d days", deleted, days)
    return deleted
