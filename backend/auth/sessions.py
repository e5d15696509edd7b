"""From a credential (session token or partner API key) to a ``Principal`` with its scope."""

from __future__ import annotations

import datetime as dt

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


async def _principal_for_session(token: str, via_cookie: bool) -> Principal:
    session = (
        await Session.filter(token_hash=token_hash(token), revoked_at=None, expires_at__gt=_now())
        .select_related("account")
        .first()
    )
    if session is None or not session.account.is_active:
        return ANONYMOUS
    return await principal_for_account(
        session.account, session_id=session.pk, via_cookie=via_cookie
    )


async def principal_for_account(
    account: Account, *, session_id: int | None = None, via_cookie: bool = False
) -> Principal:
    role = account.role
    caps = capabilities_for(role, special_population_designee=account.special_population_designee)
    common = {
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
        found = await Resident.filter(id=account.resident_id or 0).values_list(
            "household_id", "grid__community__code"
        )
        if not found:
            return Principal(scope=Scope.nothing(), **{**common, "capabilities": frozenset()})
        household_id, community = found[0]
        scope = Scope(
            division_prefixes=Scope.for_division_codes([str(community)]).division_prefixes,
            people="own",
            own_resident_id=account.resident_id,
            own_household_id=household_id,
        )
        return Principal(scope=scope, division_codes=(str(community),), **common)
    codes = tuple(account.division_codes or ())
    return Principal(scope=Scope.for_division_codes(list(codes)), division_codes=codes, **common)


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
