"""Accounts, sessions, API keys, personal data and the audit log, through HTTP and GraphQL."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from backend.api.relay import to_global_id
from backend.audit.models import AuditEntry
from backend.auth import services
from backend.auth.models import Account, ApiKey, Session
from backend.auth.roles import Role
from backend.core import crypto
from tests.auth.support import (
    ADMIN,
    ANONYMOUS,
    CALLERS,
    DESIGNEE,
    PARTNER,
    RESIDENT,
    STAFF,
    UNLIMITED,
    WORKER,
    World,
    errors_of,
    extra_session,
    snapshot,
)
from tests.conftest import GraphQLClient

PASSWORD = "Anquan2024x"

LOGIN = """
mutation ($input: AuthLoginInput!) {
  authLogin(input: $input) {
    viewer { authenticated displayName roles divisionCodes landingApp }
    token
    errors { field code message }
  }
}"""

LOGOUT = """
mutation ($input: AuthLogoutInput) { authLogout(input: $input) { endedSessions errors { code } } }"""

VIEWER = """
query {
  viewer {
    authenticated accountId displayName roles capabilities divisionCodes gridIds apiKeyScopes
    landingApp resident { name idNumber phone }
  }
}"""

WHO = "query { viewer { authenticated roles } }"

RESIDENTS = """
query { residents { edges { node { id name idNumber phone } } } }"""

REVEAL = """
mutation ($input: ResidentRevealInput!) {
  residentReveal(input: $input) {
    revealed { resident { name } idNumber phone birthDate }
    errors { field code message }
  }
}"""

RESIDENT_UPDATE = """
mutation ($input: ResidentUpdateInput!) {
  residentUpdate(input: $input) { resident { name phone } errors { field code } }
}"""

AUDIT = """
query ($filter: AuditEntryFilter, $first: Int) {
  auditEntries(filter: $filter, first: $first) {
    totalCount
    edges { node { accountId role operation objectIds clientAddress outcome detail } }
  }
}"""


@pytest.fixture
async def staff(world: World) -> Account:
    return await services.create_user(
        "wang.li",
        PASSWORD,
        Role.DIVISION_STAFF,
        display_name="王丽",
        division_codes=[world.tree["c1"].code],
    )


async def login(
    client: httpx.AsyncClient,
    username: str,
    password: str,
    *,
    lang: str | None = None,
    token: bool = False,
) -> tuple[httpx.Response, dict[str, Any]]:
    headers = {"Accept-Language": lang} if lang else {}
    variables = {"input": {"username": username, "password": password, "tokenInResponse": token}}
    response = await client.post(
        "/graphql", json={"query": LOGIN, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response, response.json()["data"]["authLogin"]


@pytest.fixture
async def app_with(db: str) -> AsyncIterator[Any]:
    """Clients of apps with other settings: ``async with app_with(**changes) as client``."""
    from contextlib import asynccontextmanager

    from backend.app import create_app

    @asynccontextmanager
    async def open_client(
        base_url: str = "http://testserver", **changes: Any
    ) -> AsyncIterator[httpx.AsyncClient]:
        app = create_app(dataclasses.replace(UNLIMITED, **changes), migrate=False)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as c:
            yield c

    yield open_client


def _all_text(tables: dict[str, list[dict[str, Any]]]) -> str:
    return json.dumps(tables, ensure_ascii=False, default=str)


# --- staff login -----------------------------------------------------------------------------


async def test_staff_login_answers_the_viewer_and_sets_an_httponly_samesite_lax_cookie(
    client, staff
) -> None:
    response, payload = await login(client, "Wang.Li ", PASSWORD)
    assert payload == {
        "viewer": {
            "authenticated": True,
            "displayName": "王丽",
            "roles": ["DIVISION_STAFF"],
            "divisionCodes": ["110105001001"],
            "landingApp": "admin",
        },
        "token": None,  # only with tokenInResponse
        "errors": [],
    }
    cookie = response.headers["set-cookie"]
    name, _, value = cookie.split(";")[0].partition("=")
    assert name == "gongzhi_session" and value.startswith("gzs_")
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert attributes == {"httponly", "max-age=43200", "path=/", "samesite=lax"}
    # The cookie is the session: the same client is now logged in.
    assert (await client.post("/graphql", json={"query": WHO})).json()["data"] == {
        "viewer": {"authenticated": True, "roles": ["DIVISION_STAFF"]}
    }


@pytest.mark.parametrize(
    ("base_url", "changes"),
    [("http://testserver", {"cookie_secure": True}), ("https://testserver", {})],
)
async def test_the_session_cookie_is_secure_behind_https_or_with_cookie_secure(
    app_with, staff, base_url, changes
) -> None:
    async with app_with(base_url, **changes) as client:
        response, payload = await login(client, "wang.li", PASSWORD)
    assert payload["errors"] == []
    attributes = {p.strip().lower() for p in response.headers["set-cookie"].split(";")[1:]}
    assert "secure" in attributes and "httponly" in attributes and "samesite=lax" in attributes


async def test_a_wrong_password_and_an_unknown_user_get_the_same_field_error_in_both_languages(
    client, staff
) -> None:
    answers = {}
    for username, password in (("wang.li", "Wrong2024xx"), ("zhang.wei", PASSWORD)):
        for lang in (None, "en"):
            response, payload = await login(client, username, password, lang=lang)
            assert "set-cookie" not in response.headers
            answers[(username, lang)] = payload
    chinese = {
        "viewer": None,
        "token": None,
        "errors": [
            {"field": "password", "code": "INVALID_CREDENTIALS", "message": "用户名或密码错误"}
        ],
    }
    english = {
        **chinese,
        "errors": [
            {
                "field": "password",
                "code": "INVALID_CREDENTIALS",
                "message": "Wrong username or password",
            }
        ],
    }
    assert answers == {
        ("wang.li", None): chinese,
        ("wang.li", "en"): english,
        ("zhang.wei", None): chinese,
        ("zhang.wei", "en"): english,
    }


async def test_failed_logins_lock_the_account_with_a_longer_lockout_each_time(
    app_with, staff
) -> None:
    async with app_with(login_max_failures=3, login_lockout_seconds=60) as client:
        for _ in range(3):
            _, payload = await login(client, "wang.li", "Wrong2024xx")
            assert [e["code"] for e in payload["errors"]] == ["INVALID_CREDENTIALS"]
        # Locked: even the right password is refused, with the wait in the message.
        _, payload = await login(client, "wang.li", PASSWORD)
        assert payload["viewer"] is None and payload["token"] is None
        assert payload["errors"] == [
            {
                "field": "username",
                "code": "ACCOUNT_LOCKED",
                "message": "登录失败次数过多，请 60 秒后再试",
            }
        ]
        _, payload = await login(client, "wang.li", PASSWORD, lang="en")
        assert payload["errors"][0]["message"] == "Too many failed logins; try again in 60 seconds"
        first = await Account.get(username="wang.li")
        assert first.failed_logins == 3 and first.locked_until is not None
        assert await Session.filter(account_id=first.pk).count() == 0

        # The lockout ends; one more wrong password locks again, twice as long.
        await Account.filter(pk=first.pk).update(
            locked_until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        )
        await login(client, "wang.li", "Wrong2024xx")
        second = await Account.get(pk=first.pk)
        assert second.failed_logins == 4
        assert second.locked_until is not None
        remaining = (second.locked_until - dt.datetime.now(dt.UTC)).total_seconds()
        assert 110 < remaining <= 120
        _, payload = await login(client, "wang.li", PASSWORD)
        assert payload["errors"][0]["message"] == "登录失败次数过多，请 120 秒后再试"

        # After it, the right password logs in and clears the count.
        await Account.filter(pk=first.pk).update(
            locked_until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        )
        _, payload = await login(client, "wang.li", PASSWORD)
        assert payload["errors"] == [] and payload["viewer"]["authenticated"] is True
        cleared = await Account.get(pk=first.pk)
        assert (cleared.failed_logins, cleared.locked_until) == (0, None)


async def test_concurrent_wrong_passwords_get_no_more_tries_than_the_limit(client, staff) -> None:
    answers = await asyncio.gather(*(login(client, "wang.li", "Wrong2024xx") for _ in range(20)))
    outcome = sorted(payload["errors"][0]["code"] for _, payload in answers)
    assert outcome == ["ACCOUNT_LOCKED"] * 15 + ["INVALID_CREDENTIALS"] * 5
    account = await Account.get(pk=staff.pk)
    assert account.failed_logins == 5 and account.locked_until is not None
    _, payload = await login(client, "wang.li", PASSWORD)
    assert [e["code"] for e in payload["errors"]] == ["ACCOUNT_LOCKED"]


async def test_sessions_are_stored_as_hashes_and_the_token_works_as_a_bearer_token(
    client, staff
) -> None:
    response, payload = await login(client, "wang.li", PASSWORD, token=True)
    token = payload["token"]
    assert token.startswith("gzs_") and len(token) > 40
    assert response.cookies["gongzhi_session"] == token
    session = await Session.get(account_id=staff.pk)
    assert session.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = _all_text(await snapshot())
    assert token not in stored and token.removeprefix("gzs_") not in stored
    client.cookies.clear()
    body = await GraphQLClient(client, token)(WHO)
    assert body["data"]["viewer"] == {"authenticated": True, "roles": ["DIVISION_STAFF"]}


async def test_logout_ends_this_session_only_and_clears_the_cookie(client, staff) -> None:
    _, first = await login(client, "wang.li", PASSWORD, token=True)
    _, second = await login(client, "wang.li", PASSWORD, token=True)
    client.cookies.clear()
    response = await client.post(
        "/graphql",
        json={"query": LOGOUT},
        headers={"Authorization": f"Bearer {first['token']}"},
    )
    assert response.json()["data"] == {"authLogout": {"endedSessions": 1, "errors": []}}
    assert response.headers["set-cookie"].startswith('gongzhi_session="";')
    assert "max-age=0" in response.headers["set-cookie"].lower()
    who = {t: (await GraphQLClient(client, t)(WHO))["data"]["viewer"] for t in (first["token"],)}
    assert who[first["token"]] == {"authenticated": False, "roles": []}
    still = await GraphQLClient(client, second["token"])(WHO)
    assert still["data"]["viewer"]["authenticated"] is True
    revoked = (
        await Session.filter(account_id=staff.pk)
        .order_by("id")
        .values_list("revoked_at", flat=True)
    )
    assert [r is not None for r in revoked] == [True, False]


async def test_logout_everywhere_ends_every_session_of_the_account(client, staff) -> None:
    tokens = [(await login(client, "wang.li", PASSWORD, token=True))[1]["token"] for _ in range(3)]
    client.cookies.clear()
    other = await services.create_user(
        "li.na", PASSWORD, Role.DIVISION_STAFF, division_codes=["110105001001"]
    )
    _, others = await login(client, "li.na", PASSWORD, token=True)
    client.cookies.clear()
    body = await GraphQLClient(client, tokens[0])(LOGOUT, {"input": {"everywhere": True}})
    assert body["data"] == {"authLogout": {"endedSessions": 3, "errors": []}}
    for token in tokens:
        assert (await GraphQLClient(client, token)(WHO))["data"]["viewer"]["authenticated"] is False
    assert (await GraphQLClient(client, others["token"])(WHO))["data"]["viewer"][
        "authenticated"
    ] is True
    assert await Session.filter(account_id=other.pk, revoked_at=None).count() == 1


async def test_an_expired_session_or_a_deactivated_account_is_anonymous(
    client, world, staff
) -> None:
    _, payload = await login(client, "wang.li", PASSWORD, token=True)
    client.cookies.clear()
    gql = GraphQLClient(client, payload["token"])
    assert (await gql(WHO))["data"]["viewer"]["authenticated"] is True
    await Session.filter(account_id=staff.pk).update(
        expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    )
    assert (await gql(WHO))["data"]["viewer"] == {"authenticated": False, "roles": []}
    denied = await gql(RESIDENTS)
    assert (errors_of(denied), denied["data"]) == (["UNAUTHENTICATED"], None)

    _, payload = await login(client, "wang.li", PASSWORD, token=True)
    client.cookies.clear()
    await Account.filter(pk=staff.pk).update(is_active=False)
    assert (await GraphQLClient(client, payload["token"])(WHO))["data"]["viewer"][
        "authenticated"
    ] is False
    _, again = await login(client, "wang.li", PASSWORD)
    assert [e["code"] for e in again["errors"]] == ["INVALID_CREDENTIALS"]


async def test_a_made_up_or_malformed_credential_is_anonymous(client, world) -> None:
    for credential in ("gzs_" + "x" * 43, "gzk_abcdefgh_" + "y" * 43, "garbage", "gzk_"):
        body = await GraphQLClient(client, credential)(WHO)
        assert body["data"]["viewer"] == {"authenticated": False, "roles": []}, credential


# --- partner API keys ------------------------------------------------------------------------


async def test_an_api_key_is_shown_once_and_stored_as_a_hash_under_its_visible_prefix(
    client, world
) -> None:
    row, key = await services.create_api_key(
        "社工机构", ["register:read", "consultations:read", "register:read"]
    )
    prefix, _, secret = key[4:].partition("_")
    assert key.startswith("gzk_") and len(prefix) == 8 and len(secret) >= 40
    stored = await ApiKey.get(pk=row.pk)
    assert stored.prefix == key[:12] == f"gzk_{prefix}"
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert stored.scopes == ["consultations:read", "register:read"]
    assert secret not in _all_text(await snapshot())
    body = await GraphQLClient(client, key)(VIEWER)
    assert body["data"]["viewer"] == {
        "authenticated": True,
        "accountId": None,
        "displayName": "社工机构",
        "roles": ["PARTNER"],
        "capabilities": ["CONSULTATIONS_READ", "STRUCTURE_READ"],
        "divisionCodes": [],
        "gridIds": [],
        "apiKeyScopes": ["consultations:read", "register:read"],
        "landingApp": "admin",
        "resident": None,
    }
    assert (await ApiKey.get(pk=row.pk)).last_used_at is not None


async def test_an_api_key_stops_working_when_expired_revoked_altered_or_sent_as_a_cookie(
    client, world
) -> None:
    _, expiring = await services.create_api_key(
        "到期", ["register:read"], expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    )
    _, revoked = await services.create_api_key("吊销", ["register:read"])
    gql = GraphQLClient(client, expiring)
    assert (await gql(WHO))["data"]["viewer"]["authenticated"] is True
    await ApiKey.filter(prefix=expiring[:12]).update(
        expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    )
    assert (await gql(WHO))["data"]["viewer"]["authenticated"] is False

    assert await services.revoke_api_key(revoked[:12]) is True
    assert await services.revoke_api_key(revoked[:12]) is False
    assert (await GraphQLClient(client, revoked)(WHO))["data"]["viewer"]["authenticated"] is False

    live = world.partner_key
    altered = live[:-4] + ("AAAA" if not live.endswith("AAAA") else "BBBB")
    assert (await GraphQLClient(client, altered)(WHO))["data"]["viewer"]["authenticated"] is False
    client.cookies.set("gongzhi_session", live)
    as_cookie = await client.post("/graphql", json={"query": WHO})
    assert as_cookie.json()["data"]["viewer"]["authenticated"] is False


async def test_an_api_key_for_a_region_sees_only_that_region(client, world) -> None:
    _, key = await services.create_api_key(
        "朝外街道合作方", ["register:read"], division_codes=[world.tree["sub2"].code]
    )
    gql = GraphQLClient(client, key)
    grids = await gql("query { grids { edges { node { code residentCount } } } }")
    assert grids["data"]["grids"]["edges"] == [{"node": {"code": "GC", "residentCount": 0}}]
    other = await gql(
        "query ($code: String!) { division(code: $code) { code } }",
        {"code": world.tree["c1"].code},
    )
    assert other["data"] == {"division": None}


async def test_api_keys_take_only_known_scopes(world) -> None:
    from backend.core.errors import DomainError

    for scopes in ([], ["people:read"], ["register:read", "admin"]):
        with pytest.raises(DomainError) as raised:
            await services.create_api_key("合作方", scopes)
        assert (raised.value.code.value, raised.value.field) == ("INVALID", "scope")
    assert await ApiKey.all().count() == 1  # the world's own key


# --- viewer ----------------------------------------------------------------------------------


async def test_viewer_describes_each_kind_of_caller(client, world) -> None:
    seen = {}
    for caller in (ANONYMOUS, ADMIN, STAFF, DESIGNEE, WORKER, RESIDENT, PARTNER):
        body = await GraphQLClient(client, world.tokens[caller])(VIEWER)
        assert "errors" not in body
        seen[caller] = body["data"]["viewer"]
    account = {name: to_global_id("Account", a.pk) for name, a in world.accounts.items()}
    staff_caps = [
        "CONSULTATIONS_READ",
        "PEOPLE_READ",
        "PEOPLE_WRITE",
        "PERSONAL_DATA_REVEAL",
        "STRUCTURE_READ",
    ]
    nobody = {"divisionCodes": [], "gridIds": [], "apiKeyScopes": [], "resident": None}
    assert seen == {
        ANONYMOUS: {
            "authenticated": False,
            "accountId": None,
            "displayName": None,
            "roles": [],
            "capabilities": [],
            "landingApp": None,
            **nobody,
        },
        ADMIN: {
            "authenticated": True,
            "accountId": account["admin"],
            "displayName": "platform_admin",
            "roles": ["PLATFORM_ADMIN"],
            "capabilities": sorted(
                [*staff_caps, "AUDIT_READ", "CONSULTATION_MANAGE", "DIVISION_MANAGE", "GRID_MANAGE"]
            ),
            "landingApp": "admin",
            **nobody,
        },
        STAFF: {
            "authenticated": True,
            "accountId": account["staff"],
            "displayName": "division_staff",
            "roles": ["DIVISION_STAFF"],
            "capabilities": sorted([*staff_caps, "CONSULTATION_MANAGE", "GRID_MANAGE"]),
            "landingApp": "admin",
            **nobody,
            "divisionCodes": ["110105001001"],
        },
        DESIGNEE: {
            "authenticated": True,
            "accountId": account["designee"],
            "displayName": "division_staff",
            "roles": ["DIVISION_STAFF"],
            "capabilities": sorted(
                [*staff_caps, "CONSULTATION_MANAGE", "GRID_MANAGE", "SPECIAL_POPULATION"]
            ),
            "landingApp": "admin",
            **nobody,
            "divisionCodes": ["110105001001"],
        },
        WORKER: {
            "authenticated": True,
            "accountId": account["worker"],
            "displayName": "grid_worker",
            "roles": ["GRID_WORKER"],
            "capabilities": staff_caps,
            "landingApp": "grid",
            **nobody,
            "divisionCodes": ["110105001001"],
            "gridIds": [world.a.ids()["grid"]],
        },
        RESIDENT: {
            "authenticated": True,
            "accountId": account["RESIDENT"],
            "displayName": "甲一",
            "roles": ["RESIDENT"],
            "capabilities": [
                "CONSULTATIONS_READ",
                "CONSULTATION_PARTICIPATE",
                "PEOPLE_READ",
                "STRUCTURE_READ",
            ],
            "landingApp": "consult",
            **nobody,
            "divisionCodes": ["110105001001"],
            "resident": {
                "name": "甲一",
                "idNumber": world.a.residents[0].id_number_masked,
                "phone": "138****0101",
            },
        },
        PARTNER: {
            "authenticated": True,
            "accountId": None,
            "displayName": "合作方",
            "roles": ["PARTNER"],
            "capabilities": ["STRUCTURE_READ"],
            "landingApp": "admin",
            **nobody,
            "apiKeyScopes": ["register:read"],
        },
    }


# --- personal data ---------------------------------------------------------------------------


def _plain(world: World) -> list[str]:
    """Full ID numbers and phones of every resident."""
    cipher = crypto.get_cipher()
    values = []
    for place in (world.a, world.b, world.c):
        for r in place.residents:
            values.append(cipher.decrypt(r.id_number_cipher, crypto.ID_NUMBER))
            values.append(cipher.decrypt(r.phone_cipher, crypto.PHONE))
    return values


async def test_anonymous_callers_get_no_personal_data_from_any_query(client, world) -> None:
    from tests.auth.test_matrix import OPERATIONS

    gql = GraphQLClient(client)
    names = [r.name for p in (world.a, world.b, world.c) for r in p.residents]
    for field, operation in OPERATIONS.items():
        if operation.document.lstrip().startswith("mutation"):
            continue
        body = await gql(operation.document, await operation.variables(world))
        text = json.dumps(body, ensure_ascii=False)
        assert not [v for v in names + _plain(world) if v in text], field
        # Public: who is calling, and a receipt lookup (counted, when, channel; no person).
        if field not in ("viewer", "ballotReceipt"):
            assert errors_of(body) == ["UNAUTHENTICATED"], field
    viewer = await gql(VIEWER)
    assert viewer["data"]["viewer"]["resident"] is None


async def test_id_numbers_and_phones_are_masked_in_every_read(client, world) -> None:
    body = await GraphQLClient(client, world.tokens[STAFF])(RESIDENTS)
    rows = [edge["node"] for edge in body["data"]["residents"]["edges"]]
    assert [(r["name"], r["phone"]) for r in rows] == [
        ("甲一", "138****0101"),
        ("甲二", "138****0102"),
        ("甲三", "138****0103"),
        ("乙一", "139****0201"),
        ("乙二", "139****0202"),
        ("乙三", "139****0203"),
    ]
    for row in rows:
        assert row["idNumber"][:6] == "110105" and row["idNumber"][6:14] == "********"
        assert len(row["idNumber"]) == 18
    text = json.dumps(body)
    assert not [v for v in _plain(world) if v in text]


async def test_a_reveal_needs_a_reason_and_writes_an_audit_entry_without_the_revealed_data(
    client, world
) -> None:
    gql = GraphQLClient(client, world.tokens[WORKER])
    a1 = world.a.residents[0]
    target = world.a.ids()["resident0"]
    for reason, lang, message in (
        ("", None, "请填写查看原因（至少 4 个字）"),
        ("看看", "en", "Give a reason (at least 4 characters)"),
    ):
        body = await gql(REVEAL, {"input": {"id": target, "reason": reason}}, lang=lang)
        assert body["data"]["residentReveal"] == {
            "revealed": None,
            "errors": [{"field": "reason", "code": "REASON_REQUIRED", "message": message}],
        }
    body = await gql(REVEAL, {"input": {"id": target, "reason": "  入户走访核对身份  "}})
    id_number, phone = _plain(world)[:2]
    assert body["data"]["residentReveal"] == {
        "revealed": {
            "resident": {"name": "甲一"},
            "idNumber": id_number,
            "phone": phone,
            "birthDate": a1.birth_date.isoformat(),
        },
        "errors": [],
    }
    worker = world.accounts["worker"].pk
    entries = (
        await AuditEntry.filter(operation="residentReveal")
        .order_by("id")
        .values("account_id", "role", "object_ids", "client_address", "outcome", "detail")
    )
    common = {
        "account_id": worker,
        "role": "GRID_WORKER",
        "object_ids": [f"Resident:{a1.pk}"],
        "client_address": "127.0.0.1",
    }
    assert entries == [
        {**common, "outcome": "REJECTED", "detail": "REASON_REQUIRED"},
        {**common, "outcome": "REJECTED", "detail": "REASON_REQUIRED"},
        {**common, "outcome": "OK", "detail": "reason: 入户走访核对身份"},
    ]
    audit_text = _all_text({"audit": await AuditEntry.all().values()})
    names = [r.name for p in (world.a, world.b, world.c) for r in p.residents]
    assert not [v for v in _plain(world) + names if v in audit_text]


async def test_residents_and_partners_may_not_reveal_and_foreign_residents_are_forbidden(
    client, world
) -> None:
    reveal_a1 = {"input": {"id": world.a.ids()["resident0"], "reason": "核对身份信息"}}
    for caller in (RESIDENT, PARTNER, ANONYMOUS):
        body = await GraphQLClient(client, world.tokens[caller])(REVEAL, reveal_a1)
        expected = "UNAUTHENTICATED" if caller == ANONYMOUS else "FORBIDDEN"
        assert (errors_of(body), body["data"]) == ([expected], None)
    foreign = {"input": {"id": world.b.ids()["resident0"], "reason": "核对身份信息"}}
    body = await GraphQLClient(client, world.tokens[WORKER])(REVEAL, foreign)
    assert body["data"]["residentReveal"]["errors"] == [
        {"field": "id", "code": "FORBIDDEN", "message": "无权操作此对象"}
    ]
    entries = (
        await AuditEntry.filter(operation="residentReveal")
        .order_by("id")
        .values_list("role", "outcome", "detail", "object_ids")
    )
    assert entries == [
        ("RESIDENT", "DENIED", "FORBIDDEN", []),
        ("PARTNER", "DENIED", "FORBIDDEN", []),
        ("", "DENIED", "UNAUTHENTICATED", []),
        ("GRID_WORKER", "DENIED", "FORBIDDEN", [f"Resident:{world.b.residents[0].pk}"]),
    ]


# --- the audit log ---------------------------------------------------------------------------


async def test_every_mutation_is_audited_with_actor_role_objects_address_and_outcome(
    client, world
) -> None:
    worker = GraphQLClient(client, world.tokens[WORKER])
    a2, b1 = world.a.residents[1], world.b.residents[0]
    ok = await worker(
        RESIDENT_UPDATE, {"input": {"id": world.a.ids()["resident1"], "phone": "13811112222"}}
    )
    assert ok["data"]["residentUpdate"]["errors"] == []
    rejected = await worker(
        RESIDENT_UPDATE, {"input": {"id": world.a.ids()["resident1"], "phone": "12345"}}
    )
    assert rejected["data"]["residentUpdate"]["errors"] == [
        {"field": "phone", "code": "INVALID_PHONE"}
    ]
    await worker(RESIDENT_UPDATE, {"input": {"id": world.b.ids()["resident0"], "name": "改"}})
    await GraphQLClient(client, world.tokens[RESIDENT])(
        RESIDENT_UPDATE, {"input": {"id": world.a.ids()["resident0"], "name": "改"}}
    )
    await GraphQLClient(client)(
        RESIDENT_UPDATE, {"input": {"id": world.a.ids()["resident0"], "name": "改"}}
    )
    rows = (
        await AuditEntry.filter(operation="residentUpdate")
        .order_by("id")
        .values(
            "account_id", "api_key_id", "role", "object_ids", "client_address", "outcome", "detail"
        )
    )
    by_worker = {
        "account_id": world.accounts["worker"].pk,
        "api_key_id": None,
        "role": "GRID_WORKER",
        "client_address": "127.0.0.1",
    }
    assert rows == [
        {**by_worker, "object_ids": [f"Resident:{a2.pk}"], "outcome": "OK", "detail": ""},
        {
            **by_worker,
            "object_ids": [f"Resident:{a2.pk}"],
            "outcome": "REJECTED",
            "detail": "INVALID_PHONE",
        },
        {
            **by_worker,
            "object_ids": [f"Resident:{b1.pk}"],
            "outcome": "DENIED",
            "detail": "FORBIDDEN",
        },
        {
            "account_id": world.accounts["RESIDENT"].pk,
            "api_key_id": None,
            "role": "RESIDENT",
            "object_ids": [],
            "client_address": "127.0.0.1",
            "outcome": "DENIED",
            "detail": "FORBIDDEN",
        },
        {
            "account_id": None,
            "api_key_id": None,
            "role": "",
            "object_ids": [],
            "client_address": "127.0.0.1",
            "outcome": "DENIED",
            "detail": "UNAUTHENTICATED",
        },
    ]
    # The new phone went to the register, not to the log.
    assert "13811112222" not in _all_text({"audit": await AuditEntry.all().values()})


async def test_every_mutation_writes_one_audit_entry_per_call_for_every_caller(
    client, world
) -> None:
    from tests.auth.test_matrix import EXPECTED, OPERATIONS

    partner_key = await ApiKey.get(prefix=world.partner_key[:12])
    roles = {caller: caller.split()[0] for caller in CALLERS}
    roles[ANONYMOUS] = ""
    wrong = []
    for field, operation in OPERATIONS.items():
        if not operation.document.lstrip().startswith("mutation"):
            continue
        for caller in CALLERS:
            token = world.tokens[caller]
            if field == "authLogout":
                token = await extra_session(world, caller)
            variables = await operation.variables(world)
            last = await AuditEntry.all().order_by("-id").first()
            await GraphQLClient(client, token)(operation.document, variables)
            new = await AuditEntry.filter(id__gt=last.pk if last else 0).values(
                "operation", "role", "account_id", "api_key_id", "client_address", "outcome"
            )
            if EXPECTED[field][caller] == "DENY":
                outcome = "DENIED"
            else:
                outcome = "REJECTED" if operation.payload_errors else "OK"
            account = world.accounts.get(_USERNAMES.get(caller, ""))
            expected = {
                "operation": field,
                "role": roles[caller],
                "account_id": account.pk if account else None,
                "api_key_id": partner_key.pk if caller == PARTNER else None,
                "client_address": "127.0.0.1",
                "outcome": outcome,
            }
            if new != [expected]:
                wrong.append((field, caller, new, expected))
    assert wrong == []


_USERNAMES = {
    ADMIN: "admin",
    STAFF: "staff",
    DESIGNEE: "designee",
    WORKER: "worker",
    RESIDENT: "RESIDENT",
}


async def test_throttled_or_malformed_code_requests_are_audited_as_rejected(client, world) -> None:
    gql = GraphQLClient(client)
    request = "mutation ($p: String!) { authOtpRequest(input: { phone: $p }) { sent } }"
    verify = """
mutation ($p: String!) { authOtpVerify(input: { phone: $p, code: "123456" }) { token } }"""
    await gql(request, {"p": "13612345678"})
    await gql(request, {"p": "13612345678"})
    await gql(request, {"p": "12345"})
    await gql(verify, {"p": "12345"})
    rows = await AuditEntry.all().order_by("id").values_list("operation", "outcome", "detail")
    assert rows == [
        ("authOtpRequest", "OK", ""),
        ("authOtpRequest", "REJECTED", "OTP_THROTTLED"),
        ("authOtpRequest", "REJECTED", "INVALID_PHONE"),
        ("authOtpVerify", "REJECTED", "INVALID_PHONE"),
    ]


async def test_logins_and_logouts_are_audited(client, staff) -> None:
    await login(client, "wang.li", "Wrong2024xx")
    await login(client, "nobody", PASSWORD)
    _, payload = await login(client, "wang.li", PASSWORD, token=True)
    client.cookies.clear()
    await GraphQLClient(client, payload["token"])(LOGOUT)
    rows = (
        await AuditEntry.filter(operation__startswith="auth")
        .order_by("id")
        .values_list("operation", "account_id", "outcome", "detail", "object_ids")
    )
    assert rows == [
        ("authLogin", staff.pk, "REJECTED", "wrong password", []),
        ("authLogin", None, "REJECTED", "unknown account", []),
        ("authLogin", staff.pk, "OK", "", [f"Account:{staff.pk}"]),
        ("authLogout", staff.pk, "OK", "sessions=1", []),
    ]
    assert PASSWORD not in _all_text({"audit": await AuditEntry.all().values()})


async def test_the_audit_log_query_filters_by_account_operation_outcome_and_time(
    client, world
) -> None:
    admin = GraphQLClient(client, world.tokens[ADMIN])
    worker = GraphQLClient(client, world.tokens[WORKER])
    reveal = {"input": {"id": world.a.ids()["resident0"], "reason": "核对身份信息"}}
    await worker(REVEAL, reveal)
    await worker(REVEAL, {"input": {**reveal["input"], "reason": ""}})
    await admin(REVEAL, reveal)
    worker_id = to_global_id("Account", world.accounts["worker"].pk)
    everything = await admin(AUDIT)
    assert everything["data"]["auditEntries"]["totalCount"] == 3
    assert [e["node"]["role"] for e in everything["data"]["auditEntries"]["edges"]] == [
        "PLATFORM_ADMIN",
        "GRID_WORKER",
        "GRID_WORKER",
    ]  # newest first
    mine = await admin(AUDIT, {"filter": {"accountId": worker_id, "outcome": "OK"}})
    assert mine["data"]["auditEntries"] == {
        "totalCount": 1,
        "edges": [
            {
                "node": {
                    "accountId": worker_id,
                    "role": "GRID_WORKER",
                    "operation": "residentReveal",
                    "objectIds": [f"Resident:{world.a.residents[0].pk}"],
                    "clientAddress": "127.0.0.1",
                    "outcome": "OK",
                    "detail": "reason: 核对身份信息",
                }
            }
        ],
    }
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)).isoformat()
    assert (await admin(AUDIT, {"filter": {"since": later}}))["data"]["auditEntries"][
        "totalCount"
    ] == 0
    assert (await admin(AUDIT, {"filter": {"until": later, "operation": "residentReveal"}}))[
        "data"
    ]["auditEntries"]["totalCount"] == 3
    assert (await admin(AUDIT, {"filter": {"operation": "gridCreate"}}))["data"]["auditEntries"][
        "totalCount"
    ] == 0
    for caller in (STAFF, WORKER, RESIDENT, PARTNER):
        denied = await GraphQLClient(client, world.tokens[caller])(AUDIT)
        assert (errors_of(denied), denied["data"]) == (["FORBIDDEN"], None)


# --- cross-site requests ---------------------------------------------------------------------


async def _cookie_session(client: httpx.AsyncClient, world: World) -> str:
    token = world.tokens[WORKER]
    assert token is not None
    client.cookies.set("gongzhi_session", token)
    return token


async def test_a_cookie_request_from_another_origin_is_refused_and_changes_nothing(
    client, world
) -> None:
    await _cookie_session(client, world)
    update = {
        "query": RESIDENT_UPDATE,
        "variables": {"input": {"id": world.a.ids()["resident1"], "name": "被改"}},
    }
    before = await snapshot()
    for headers in (
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page.html"},
        {"Origin": "http://testserver.evil.example"},
    ):
        response = await client.post("/graphql", json=update, headers=headers)
        assert response.status_code == 403, headers
        assert response.json() == {
            "errors": [
                {
                    "message": "拒绝来自其他站点且携带登录凭证的请求",
                    "extensions": {"code": "CSRF_REJECTED"},
                }
            ]
        }
    english = await client.post(
        "/graphql",
        json=update,
        headers={"Origin": "https://evil.example", "Accept-Language": "en"},
    )
    assert english.json()["errors"][0]["message"] == (
        "Cross-origin requests with the session cookie are refused"
    )
    read = await client.post(
        "/graphql", json={"query": RESIDENTS}, headers={"Origin": "https://evil.example"}
    )
    assert read.status_code == 403
    form = await client.post(  # what a plain HTML form on another site would send
        "/graphql",
        content=b"query=" + RESIDENT_UPDATE.encode(),
        headers={
            "Origin": "https://evil.example",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert form.status_code == 403
    assert await snapshot() == before
    assert await AuditEntry.filter(operation="residentUpdate").count() == 0


async def test_same_origin_cookie_requests_and_bearer_tokens_from_anywhere_are_served(
    client, world
) -> None:
    await _cookie_session(client, world)
    update = {
        "query": RESIDENT_UPDATE,
        "variables": {"input": {"id": world.a.ids()["resident1"], "name": "甲二"}},
    }
    for headers in (
        {"Origin": "http://testserver"},
        {"Referer": "http://testserver/grid/residents"},
        {},  # not a browser page
    ):
        response = await client.post("/graphql", json=update, headers=headers)
        assert response.status_code == 200, headers
        assert response.json()["data"]["residentUpdate"]["errors"] == []
    client.cookies.clear()
    bearer = await client.post(
        "/graphql",
        json=update,
        headers={
            "Origin": "https://evil.example",
            "Authorization": f"Bearer {world.tokens[WORKER]}",
        },
    )
    assert bearer.status_code == 200 and bearer.json()["data"]["residentUpdate"]["errors"] == []
    partner = await client.post(
        "/graphql",
        json={"query": WHO},
        headers={"Origin": "https://evil.example", "Authorization": f"Bearer {world.partner_key}"},
    )
    assert partner.json()["data"]["viewer"] == {"authenticated": True, "roles": ["PARTNER"]}


async def test_an_allowed_origin_may_send_the_cookie(app_with, world) -> None:
    async with app_with(allowed_origins=("https://app.gongzhi.example",)) as client:
        await _cookie_session(client, world)
        allowed = await client.post(
            "/graphql", json={"query": WHO}, headers={"Origin": "https://app.gongzhi.example"}
        )
        other = await client.post(
            "/graphql", json={"query": WHO}, headers={"Origin": "https://evil.example"}
        )
    assert allowed.json()["data"]["viewer"]["authenticated"] is True
    assert other.status_code == 403


async def test_a_cross_site_login_without_any_cookie_is_refused(client) -> None:
    from backend.audit.models import AuditEntry

    response = await client.post(
        "/graphql",
        json={
            "query": 'mutation { authLogin(input: {username: "admin", password: "x"}) { errors { code } } }'
        },
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_REJECTED"
    assert await AuditEntry.all().count() == 0  # refused before any login attempt
