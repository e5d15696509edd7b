"""Logging in (staff passwords, resident one-time codes), and creating staff and partner keys."""

from __future__ import annotations

import datetime as dt
import re

from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from backend.audit.models import AuditOutcome
from backend.audit.services import Actor, record
from backend.auth.models import Account, ApiKey, OtpChallenge
from backend.auth.passwords import (
    check_password_rules,
    hash_password,
    needs_rehash,
    verify_password,
)
from backend.auth.roles import API_KEY_SCOPES, DIVISION_SCOPED_ROLES, Role
from backend.auth.secrets import new_api_key, new_otp_code, otp_code_hash, same, token_hash
from backend.auth.sessions import create_session
from backend.auth.sms import SmsSender
from backend.config import Settings
from backend.core import crypto
from backend.core.errors import DomainError, ErrorCode
from backend.core.validators import division_level_of, normalize_phone, required_text
from backend.divisions.models import Division
from backend.grids.models import GridWorker
from backend.residents.models import Resident

_USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
# Lockout doubles with every failure past the limit, up to a day.
_MAX_LOCKOUT = dt.timedelta(days=1)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _seconds_until(moment: dt.datetime) -> int:
    return max(1, int((moment - _now()).total_seconds() + 0.999))


async def login(
    settings: Settings, actor: Actor, username: str, password: str
) -> tuple[Account, str]:
    """Check a staff password; returns the account and a new session token."""
    name = (username or "").strip().lower()
    # A name no account can have (too long for the column, say) is an unknown account.
    known = _USERNAME_RE.match(name)
    account = await Account.filter(username=name, is_active=True).first() if known else None
    if account is None:
        verify_password(None, password)  # same work as a real check: no username oracle
        await record(actor, "authLogin", AuditOutcome.REJECTED, detail="unknown account")
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, "password")
    who = Actor(account.pk, None, account.role.value, actor.client_address)
    if not await _claim_try(settings, account.pk):
        await record(who, "authLogin", AuditOutcome.DENIED, detail="locked")
        raise DomainError(
            ErrorCode.ACCOUNT_LOCKED, "username", seconds=await _lockout_left(settings, account)
        )
    if not verify_password(account.password_hash, password):
        await _lock_if_over(settings, account)
        await record(who, "authLogin", AuditOutcome.REJECTED, detail="wrong password")
        raise DomainError(ErrorCode.INVALID_CREDENTIALS, "password")
    changes: dict[str, object] = {"failed_logins": 0, "locked_until": None}
    if account.password_hash and needs_rehash(account.password_hash):
        changes["password_hash"] = hash_password(password)
    await Account.filter(id=account.pk).update(**changes)
    _, token = await create_session(settings, account)
    await record(who, "authLogin", AuditOutcome.OK, object_ids=[f"Account:{account.pk}"])
    return account, token


async def _claim_try(settings: Settings, pk: int) -> bool:
    """Count a try before the password is checked, in one conditional UPDATE, so concurrent
    guesses cannot get more tries than ``login_max_failures`` between them (a success resets
    the count). Past the limit, one try is allowed each time a lockout has run out."""
    now = _now()
    limit = settings.login_max_failures
    unlocked = Q(locked_until=None) | Q(locked_until__lte=now)
    under_limit = Account.filter(unlocked, id=pk, failed_logins__lt=limit)
    if await under_limit.update(failed_logins=F("failed_logins") + 1):
        return True
    # Locked at once (until this try's outcome sets the real lockout), so it is the only one.
    lockout_over = Account.filter(id=pk, failed_logins__gte=limit, locked_until__lte=now)
    return bool(
        await lockout_over.update(
            failed_logins=F("failed_logins") + 1, locked_until=now + _MAX_LOCKOUT
        )
    )


async def _lock_if_over(settings: Settings, account: Account) -> None:
    refreshed = await Account.filter(id=account.pk).only("id", "failed_logins").first()
    count = refreshed.failed_logins if refreshed else 0
    if count >= settings.login_max_failures:
        extra = min(count - settings.login_max_failures, 20)
        lockout = min(dt.timedelta(seconds=settings.login_lockout_seconds * 2**extra), _MAX_LOCKOUT)
        await Account.filter(id=account.pk).update(locked_until=_now() + lockout)


async def _lockout_left(settings: Settings, account: Account) -> int:
    refreshed = await Account.filter(id=account.pk).only("id", "locked_until").first()
    until = refreshed.locked_until if refreshed else None
    if until is None or until <= _now():  # another try's outcome is still being decided
        return settings.login_lockout_seconds
    return _seconds_until(until)


def _division_code(code: str) -> str:
    candidate = (code or "").strip()
    try:
        division_level_of(candidate)
    except ValueError:
        raise DomainError(ErrorCode.INVALID_DIVISION_CODE, "scopeDivision") from None
    return candidate


def _phone_hash(phone: str) -> str:
    return crypto.get_cipher().lookup_hash(phone, crypto.PHONE)


async def request_otp(settings: Settings, sender: SmsSender, actor: Actor, phone: str) -> int:
    """Send a login code if the phone belongs to a registered resident; returns the seconds
    until another code may be requested. The answer is the same for unknown phones."""
    try:
        number = normalize_phone(phone, "phone")
        phone_hash = _phone_hash(number)
        code = await _new_challenge(settings, phone_hash)
    except DomainError as exc:  # a throttled request is what an auditor looks for
        await record(actor, "authOtpRequest", AuditOutcome.REJECTED, detail=exc.code.value)
        raise
    registered = await Resident.filter(phone_hash=phone_hash).exists()
    if registered:
        minutes = max(1, settings.otp_ttl_seconds // 60)
        await sender.send(number, f"【共治】验证码 {code}，{minutes} 分钟内有效。请勿告诉他人。")
    await record(actor, "authOtpRequest", AuditOutcome.OK, detail="sent" if registered else "")
    return settings.otp_resend_seconds


async def _new_challenge(settings: Settings, phone_hash: str) -> str:
    """Check the resend wait and the daily cap, then store a new code. Requests for one phone
    take turns (a transaction-scoped lock on PostgreSQL, across workers; SQLite runs one
    transaction at a time), so concurrent requests cannot all pass the checks."""
    async with in_transaction() as conn:
        if conn.capabilities.dialect == "postgres":
            await conn.execute_query("SELECT pg_advisory_xact_lock(hashtext($1))", [phone_hash])
        now = _now()
        latest = await OtpChallenge.filter(phone_hash=phone_hash).order_by("-created_at").first()
        if latest is not None:
            wait_until = latest.created_at + dt.timedelta(seconds=settings.otp_resend_seconds)
            if wait_until > now:
                seconds = _seconds_until(wait_until)
                raise DomainError(ErrorCode.OTP_THROTTLED, "phone", seconds=seconds)
        day_ago = now - dt.timedelta(days=1)
        sent_today = await OtpChallenge.filter(phone_hash=phone_hash, created_at__gt=day_ago)
        if len(sent_today) >= settings.otp_max_per_phone_per_day:
            oldest = min(c.created_at for c in sent_today)
            seconds = _seconds_until(oldest + dt.timedelta(days=1))
            raise DomainError(ErrorCode.OTP_THROTTLED, "phone", seconds=seconds)
        code = new_otp_code()
        await OtpChallenge.create(
            phone_hash=phone_hash,
            code_hash=otp_code_hash(settings.secret_key, phone_hash, code),
            expires_at=now + dt.timedelta(seconds=settings.otp_ttl_seconds),
        )
    return code


async def verify_otp(
    settings: Settings, actor: Actor, phone: str, code: str
) -> tuple[Account, str]:
    try:
        number = normalize_phone(phone, "phone")
    except DomainError as exc:
        await record(actor, "authOtpVerify", AuditOutcome.REJECTED, detail=exc.code.value)
        raise
    phone_hash = _phone_hash(number)
    challenge = (
        await OtpChallenge.filter(phone_hash=phone_hash, consumed_at=None)
        .order_by("-created_at")
        .first()
    )
    if challenge is None or challenge.expires_at <= _now():
        await record(actor, "authOtpVerify", AuditOutcome.REJECTED, detail="expired")
        raise DomainError(ErrorCode.OTP_EXPIRED, "code")
    # The try is spent before the code is compared, in one conditional UPDATE: parallel
    # guesses cannot get more than the allowed number of tries between them.
    spent = await OtpChallenge.filter(
        id=challenge.pk, consumed_at=None, attempts__lt=settings.otp_max_attempts
    ).update(attempts=F("attempts") + 1)
    if not spent:
        await record(actor, "authOtpVerify", AuditOutcome.DENIED, detail="too many attempts")
        raise DomainError(ErrorCode.OTP_TOO_MANY_ATTEMPTS, "code")
    expected = challenge.code_hash
    if not same(expected, otp_code_hash(settings.secret_key, phone_hash, (code or "").strip())):
        await record(actor, "authOtpVerify", AuditOutcome.REJECTED, detail="wrong code")
        raise DomainError(ErrorCode.OTP_INVALID, "code")
    consumed = await OtpChallenge.filter(id=challenge.pk, consumed_at=None).update(
        consumed_at=_now()
    )
    resident = await Resident.filter(phone_hash=phone_hash).order_by("id").first()
    if not consumed or resident is None:
        await record(actor, "authOtpVerify", AuditOutcome.REJECTED, detail="no resident")
        raise DomainError(ErrorCode.OTP_INVALID, "code")
    account = await _resident_account(phone_hash, resident)
    _, token = await create_session(settings, account)
    who = Actor(account.pk, None, account.role.value, actor.client_address)
    await record(who, "authOtpVerify", AuditOutcome.OK, object_ids=[f"Account:{account.pk}"])
    return account, token


async def _resident_account(phone_hash: str, resident: Resident) -> Account:
    account = await Account.filter(phone_hash=phone_hash).first()
    if account is None:
        account, _ = await Account.get_or_create(
            phone_hash=phone_hash,
            defaults={
                "role": Role.RESIDENT,
                "display_name": resident.name,
                "resident_id": resident.pk,
            },
        )
    elif account.resident_id != resident.pk:
        await Account.filter(id=account.pk).update(resident_id=resident.pk)
        account.resident_id = resident.pk
    return account


async def create_user(
    username: str,
    password: str,
    role: Role,
    *,
    display_name: str | None = None,
    division_codes: list[str] | None = None,
    grid_worker_employee_no: str | None = None,
    special_population_designee: bool = False,
) -> Account:
    name = (username or "").strip().lower()
    if not _USERNAME_RE.match(name):
        raise DomainError(ErrorCode.INVALID, "username")
    if role in {Role.RESIDENT, Role.PARTNER}:
        raise DomainError(ErrorCode.INVALID, "role")
    check_password_rules(password, name)
    codes = [_division_code(c) for c in division_codes or []]
    if role in DIVISION_SCOPED_ROLES and not codes:
        raise DomainError(ErrorCode.REQUIRED, "scopeDivision")
    found = await Division.filter(code__in=codes).count()
    if found != len(set(codes)):
        raise DomainError(ErrorCode.NOT_FOUND, "scopeDivision")
    worker_id = None
    if role == Role.GRID_WORKER:
        worker = await GridWorker.filter(employee_no=grid_worker_employee_no or "").first()
        if worker is None:
            raise DomainError(ErrorCode.NOT_FOUND, "gridWorker")
        worker_id = worker.pk
    if await Account.filter(username=name).exists():
        raise DomainError(ErrorCode.DUPLICATE, "username")
    return await Account.create(
        username=name,
        password_hash=hash_password(password),
        display_name=required_text(display_name or name, "displayName", 50),
        role=role,
        division_codes=codes,
        grid_worker_id=worker_id,
        special_population_designee=special_population_designee,
    )


async def create_api_key(
    name: str,
    scopes: list[str],
    *,
    division_codes: list[str] | None = None,
    expires_at: dt.datetime | None = None,
) -> tuple[ApiKey, str]:
    """A new partner key; the full key is returned once and only its hash is kept."""
    label = required_text(name, "name", 100)
    unknown = sorted(set(scopes) - API_KEY_SCOPES.keys())
    if not scopes or unknown:
        raise DomainError(ErrorCode.INVALID, "scope")
    codes = [_division_code(c) for c in division_codes or []]
    key, prefix = new_api_key()
    row = await ApiKey.create(
        name=label,
        prefix=prefix,
        key_hash=token_hash(key),
        scopes=sorted(set(scopes)),
        division_codes=codes,
        expires_at=expires_at,
    )
    return row, key


async def revoke_api_key(prefix: str) -> bool:
    return bool(await ApiKey.filter(prefix=prefix, revoked_at=None).update(revoked_at=_now()))
