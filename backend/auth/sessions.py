"""From a credential (session token or partner API key) to a ``Principal`` with its scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from backend.auth.models import Account, ApiKey, Session
from backend.auth.principal import ANONYMOUS, Principal
from backend.auth.roles import (
    Role,
    capabilities_for,
    capabilities_for_key_scopes,
)
from backend.auth.scope import Scope
from backend.auth.secrets import (
    SESSION_TOKEN_PREFIX,
    api_key_prefix,
    new_session_token,
    same,
    token_hash,
)
from backend.config import Settings
from backend.grids.models import GridAssignment
from backend.residents.models import Resident

# last_used_at of an API key is refreshed at most this often, not on every request.
_KEY_TOUCH_INTERVAL = dt.timedelta(minutes=5)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def create_session(settings: Settings, account: Account) -> tuple[Session, str]:
    hours = (
        settings.resident_session_ttl_hours
        if account.role == Role.RESIDENT
        else settings.session_ttl_hours
    )
    token = new_session_token()
    session = await Session.create(
        token_hash=token_hash(token),
        account_id=account.pk,
        expires_at=_now() + dt.timedelta(hours=hours),
    )
    return session, token


async def revoke_session(session_id: int) -> None:
    await Session.filter(id=session_id, revoked_at=None).update(revoked_at=_now())


async def revoke_all_sessions(account_id: int) -> int:
    return await Session.filter(account_id=account_id, revoked_at=None).update(revoked_at=_now())


async def principal_for_credential(credential: str | None, *, via_cookie: bool) -> Principal:
    """The caller behind a bearer token or cookie; anonymous when it is missing or invalid."""
    if not credential:
        return ANONYMOUS
    if credential.startswith(SESSION_TOKEN_PREFIX):
        return await _principal_for_session(credential, via_cookie)
    if not via_cookie and api_key_prefix(credential):
        return await _principal_for_api_key(credential)
    return ANONYMOUS


@dataclass(frozen=True)
class _SessionAccount:
    """The account columns a principal is built from, as the session statement reads them."""

    pk: int
    role: Role
    display_name: str
    division_codes: list[str]
    grid_worker_id: int | None
    resident_id: int | None
    special_population_designee: bool
    # A resident's household and community, read by the same statement (None: not found).
    resident_place: tuple[int | None, str] | None = None


# Every request with a session token runs this: one indexed statement, no ORM query building
# and no model instances (it ran ~40 % of a `{ __typename }` request through the ORM). A
# resident's household and community come with it, so a resident's request (most of the
# phone traffic: votes, topics) needs no second statement to know its scope.
_SESSION_SQL = (
    'SELECT s."id", s."expires_at", a."id" AS "account_id", a."role", a."display_name",'
    ' a."division_codes", a."grid_worker_id", a."resident_id", a."special_population_designee",'
    ' r."id" AS "found_resident_id", r."household_id", d."code" AS "community_code"'
    ' FROM "auth_session" s JOIN "account" a ON a."id" = s."account_id"'
    ' LEFT JOIN "resident" r ON r."id" = a."resident_id"'
    ' LEFT JOIN "grid" g ON g."id" = r."grid_id"'
    ' LEFT JOIN "division" d ON d."id" = g."community_id"'
    ' WHERE s."token_hash" = {} AND s."revoked_at" IS NULL AND a."is_active"'
)


def _session_sql(dialect: str) -> str:
    return _SESSION_SQL.format("?" if dialect == "sqlite" else "$1")


async def _principal_for_session(token: str, via_cookie: bool) -> Principal:
    db = Session._meta.db
    _, rows = await db.execute_query(_session_sql(db.capabilities.dialect), [token_hash(token)])
    if not rows:
        return ANONYMOUS
    row = rows[0]
    fields = Account._meta.fields_map
    # SQLite returns text and integers: the fields convert as the ORM would.
    expires_at = Session._meta.fields_map["expires_at"].to_python_value(row["expires_at"])
    if expires_at <= _now():
        return ANONYMOUS
    account = _SessionAccount(
        pk=row["account_id"],
        role=Role(row["role"]),
        display_name=row["display_name"],
        division_codes=fields["division_codes"].to_python_value(row["division_codes"]) or [],
        grid_worker_id=row["grid_worker_id"],
        resident_id=row["resident_id"],
        special_population_designee=bool(row["special_population_designee"]),
        resident_place=(row["household_id"], str(row["community_code"]))
        if row["found_resident_id"] is not None
        else None,
    )
    return await principal_for_account(account, session_id=row["id"], via_cookie=via_cookie)


async def principal_for_account(
    account: Account | _SessionAccount,
    *,
    session_id: int | None = None,
    via_cookie: bool = False,
) -> Principal:
    role = account.role
    caps = capabilities_for(role, special_population_designee=account.special_population_designee)
    common: dict[str, Any] = {
        "role": role,
        "capabilities": caps,
        "account_id": account.pk,
        "session_id": session_id,
        "display_name": account.display_name,
        "via_cookie": via_cookie,
    }
    if role == Role.PLATFORM_ADMIN:
        return Principal(scope=Scope.everything(), **common)
    if role == Role.GRID_WORKER:
        rows = await GridAssignment.filter(worker_id=account.grid_worker_id or 0).values_list(
            "grid_id", "grid__community__code"
        )
        grid_ids = frozenset(int(r[0]) for r in rows)
        communities = tuple(sorted({str(r[1]) for r in rows}))
        scope = Scope.for_division_codes(list(communities))
        scope = Scope(division_prefixes=scope.division_prefixes, grid_ids=grid_ids)
        return Principal(
            scope=scope,
            division_codes=communities,
            grid_ids=tuple(sorted(grid_ids)),
            **common,
        )
    if role == Role.RESIDENT:
        place = await _resident_place(account)
        if place is None:
            return Principal(scope=Scope.nothing(), **{**common, "capabilities": frozenset()})
        household_id, community = place
        scope = Scope(
            division_prefixes=Scope.for_division_codes([str(community)]).division_prefixes,
            people="own",
            own_resident_id=account.resident_id,
            own_household_id=household_id,
        )
        return Principal(scope=scope, division_codes=(str(community),), **common)
    codes = tuple(account.division_codes or ())
    return Principal(scope=Scope.for_division_codes(list(codes)), division_codes=codes, **common)


async def _resident_place(account: Account | _SessionAccount) -> tuple[int | None, str] | None:
    """The resident's household and community code; None when the register has no such
    resident (the session statement has read it already)."""
    if isinstance(account, _SessionAccount):
        return account.resident_place
    found = await Resident.filter(id=account.resident_id or 0).values_list(
        "household_id", "grid__community__code"
    )
    return (found[0][0], str(found[0][1])) if found else None


async def still_signed_in(principal: Principal) -> bool:
    """Whether the session or API key a principal was built from is still valid (not revoked,
    not expired, its account active). Long-lived connections ask again while they run."""
    now = _now()
    if principal.session_id is not None:
        return await Session.filter(
            id=principal.session_id,
            revoked_at=None,
            expires_at__gt=now,
            account__is_active=True,
        ).exists()
    if principal.api_key_id is not None:
        row = await ApiKey.filter(id=principal.api_key_id, revoked_at=None).first()
        return row is not None and (row.expires_at is None or row.expires_at > now)
    return principal.is_anonymous


async def _principal_for_api_key(key: str) -> Principal:
    prefix = api_key_prefix(key)
    row = await ApiKey.filter(prefix=prefix or "", revoked_at=None).first()
    now = _now()
    if row is None or not same(row.key_hash, token_hash(key)):
        return ANONYMOUS
    if row.expires_at is not None and row.expires_at <= now:
        return ANONYMOUS
    if row.last_used_at is None or now - row.last_used_at > _KEY_TOUCH_INTERVAL:
        await ApiKey.filter(id=row.pk).update(last_used_at=now)
    codes = tuple(row.division_codes or ())
    region = Scope.for_division_codes(list(codes)).division_prefixes if codes else None
    return Principal(
        role=Role.PARTNER,
        capabilities=capabilities_for_key_scopes(list(row.scopes or [])),
        scope=Scope(division_prefixes=region, people="none"),
        api_key_id=row.pk,
        display_name=row.name,
        division_codes=codes,
        key_scopes=tuple(row.scopes or ()),
    )
