"""Account rules without HTTP: passwords, staff accounts, and the append-only audit log."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from tortoise import Tortoise

from backend.audit.models import AuditEntry, AuditOutcome
from backend.audit.services import Actor, purge, record
from backend.auth import services
from backend.auth.models import Account
from backend.auth.passwords import check_password_rules, verify_password
from backend.auth.roles import Role
from backend.core.errors import DomainError, ErrorCode
from tests.auth.support import snapshot
from tests.factories import make_tree, make_worker

PASSWORD = "Anquan2024x"


@pytest.mark.parametrize(
    "password",
    [
        "Short1a",  # under 10 characters
        "abcdefghijkl",  # no digit
        "123456789012",  # no letter
        "xwang.li2024",  # contains the username
        "WANG.LI-2024x",  # in any case
    ],
)
def test_a_weak_password_is_refused(password: str) -> None:
    with pytest.raises(DomainError) as raised:
        check_password_rules(password, "wang.li")
    assert (raised.value.code, raised.value.field, raised.value.params) == (
        ErrorCode.WEAK_PASSWORD,
        "password",
        {"min": 10},
    )


def test_a_password_of_ten_characters_with_letters_and_digits_is_accepted() -> None:
    check_password_rules("abcdefghi1", "wang.li")
    check_password_rules("安全口令abcd2024", "wang.li")


async def test_a_staff_account_keeps_an_argon2id_hash_and_never_the_password(db) -> None:
    tree = await make_tree()
    first = await services.create_user(
        "Wang.Li", PASSWORD, Role.DIVISION_STAFF, division_codes=[tree["c1"].code]
    )
    second = await services.create_user(
        "li.na", PASSWORD, Role.DIVISION_STAFF, division_codes=[tree["sub"].code]
    )
    assert first.username == "wang.li"  # usernames are case-insensitive
    assert first.password_hash is not None and second.password_hash is not None
    assert first.password_hash.startswith("$argon2id$")
    assert first.password_hash != second.password_hash  # salted
    assert verify_password(first.password_hash, PASSWORD)
    assert not verify_password(first.password_hash, PASSWORD.lower())
    assert not verify_password(None, PASSWORD)
    stored = json.dumps(await snapshot(), ensure_ascii=False, default=str)
    assert PASSWORD not in stored and PASSWORD.lower() not in stored


@pytest.mark.parametrize(
    ("username", "password", "role", "extra", "error"),
    [
        ("w", PASSWORD, Role.PLATFORM_ADMIN, {}, (ErrorCode.INVALID, "username")),
        ("王丽", PASSWORD, Role.PLATFORM_ADMIN, {}, (ErrorCode.INVALID, "username")),
        ("wang.li", "weak", Role.PLATFORM_ADMIN, {}, (ErrorCode.WEAK_PASSWORD, "password")),
        ("wang.li", PASSWORD, Role.RESIDENT, {}, (ErrorCode.INVALID, "role")),
        ("wang.li", PASSWORD, Role.PARTNER, {}, (ErrorCode.INVALID, "role")),
        ("wang.li", PASSWORD, Role.DIVISION_STAFF, {}, (ErrorCode.REQUIRED, "scopeDivision")),
        (
            "wang.li",
            PASSWORD,
            Role.DIVISION_STAFF,
            {"division_codes": ["110105009001"]},
            (ErrorCode.NOT_FOUND, "scopeDivision"),
        ),
        (
            "wang.li",
            PASSWORD,
            Role.DIVISION_STAFF,
            {"division_codes": ["1101"]},
            (ErrorCode.INVALID_DIVISION_CODE, "scopeDivision"),
        ),
        (
            "wang.li",
            PASSWORD,
            Role.GRID_WORKER,
            {"grid_worker_employee_no": "NOPE"},
            (ErrorCode.NOT_FOUND, "gridWorker"),
        ),
        ("admin", PASSWORD, Role.PLATFORM_ADMIN, {}, (ErrorCode.DUPLICATE, "username")),
    ],
)
async def test_create_user_refuses_invalid_accounts_and_creates_nothing(
    db, username, password, role, extra, error
) -> None:
    await make_tree()
    await services.create_user("admin", PASSWORD, Role.PLATFORM_ADMIN)
    with pytest.raises(DomainError) as raised:
        await services.create_user(username, password, role, **extra)
    assert (raised.value.code, raised.value.field) == error
    assert await Account.all().values_list("username", flat=True) == ["admin"]


async def test_a_grid_worker_account_is_tied_to_the_worker_by_employee_number(db) -> None:
    worker = await make_worker("王网格", "W0001")
    account = await services.create_user(
        "wang.wangge", PASSWORD, Role.GRID_WORKER, grid_worker_employee_no="W0001"
    )
    assert (account.grid_worker_id, account.division_codes) == (worker.pk, [])


# --- the audit log is append-only ------------------------------------------------------------

ACTOR = Actor(account_id=7, api_key_id=None, role="GRID_WORKER", client_address="10.0.0.8")


async def _entries() -> list[tuple[str, str]]:
    return await AuditEntry.all().order_by("id").values_list("operation", "outcome")


async def test_the_database_refuses_to_change_an_audit_entry(db) -> None:
    await record(ACTOR, "residentReveal", AuditOutcome.DENIED, object_ids=["Resident:3"])
    conn = Tortoise.get_connection("default")
    with pytest.raises(Exception, match="append-only"):
        await conn.execute_query("UPDATE audit_entry SET outcome = 'OK'")
    with pytest.raises(Exception, match="append-only"):
        await AuditEntry.all().update(detail="nothing happened")
    assert await _entries() == [("residentReveal", "DENIED")]


async def test_the_database_refuses_to_delete_a_recent_audit_entry(db) -> None:
    await record(ACTOR, "residentUpdate", AuditOutcome.OK)
    await AuditEntry.create(
        operation="residentCreate",
        outcome=AuditOutcome.OK,
        at=dt.datetime.now(dt.UTC) - dt.timedelta(days=179),
    )
    conn = Tortoise.get_connection("default")
    with pytest.raises(Exception, match="kept at least 180 days"):
        await conn.execute_query("DELETE FROM audit_entry")
    with pytest.raises(Exception, match="kept at least 180 days"):
        await AuditEntry.filter(operation="residentCreate").delete()
    assert await _entries() == [("residentUpdate", "OK"), ("residentCreate", "OK")]


async def test_purge_deletes_only_entries_older_than_the_retention_and_never_under_180_days(
    db,
) -> None:
    now = dt.datetime.now(dt.UTC)
    for days in (400, 200, 181, 179, 0):
        await AuditEntry.create(
            operation=f"age{days}", outcome=AuditOutcome.OK, at=now - dt.timedelta(days=days)
        )
    assert await purge(365) == 1
    assert await AuditEntry.all().order_by("id").values_list("operation", flat=True) == [
        "age200",
        "age181",
        "age179",
        "age0",
    ]
    assert await purge(30) == 2  # clamped to the 180-day minimum
    assert await AuditEntry.all().order_by("id").values_list("operation", flat=True) == [
        "age179",
        "age0",
    ]
    assert await purge(180) == 0


async def test_still_signed_in_follows_revocation_expiry_and_deactivation(db) -> None:
    from backend.auth.models import ApiKey, Session
    from backend.auth.principal import ANONYMOUS
    from backend.auth.sessions import create_session, principal_for_credential, still_signed_in
    from tests.conftest import TEST_SETTINGS

    account = await Account.create(role=Role.PLATFORM_ADMIN, display_name="admin")
    session, token = await create_session(TEST_SETTINGS, account)
    by_session = await principal_for_credential(token, via_cookie=False)
    _, key = await services.create_api_key("partner", ["register:read"])
    by_key = await principal_for_credential(key, via_cookie=False)
    assert await still_signed_in(by_session) and await still_signed_in(by_key)
    assert await still_signed_in(ANONYMOUS)  # nothing to lose

    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    await Session.filter(id=session.pk).update(expires_at=past)
    assert not await still_signed_in(by_session)
    await Session.filter(id=session.pk).update(expires_at=past + dt.timedelta(hours=1))
    assert await still_signed_in(by_session)
    await Account.filter(id=account.pk).update(is_active=False)
    assert not await still_signed_in(by_session)
    await Account.filter(id=account.pk).update(is_active=True)
    await Session.filter(id=session.pk).update(revoked_at=past)
    assert not await still_signed_in(by_session)

    await ApiKey.filter(id=by_key.api_key_id).update(expires_at=past)
    assert not await still_signed_in(by_key)
    await ApiKey.filter(id=by_key.api_key_id).update(expires_at=None, revoked_at=past)
    assert not await still_signed_in(by_key)
