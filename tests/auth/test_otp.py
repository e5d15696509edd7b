"""Resident login by SMS code: expiry, tries, throttling, no phone enumeration, and no way to
try more codes through aliases, batches or concurrent requests."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from backend.audit.models import AuditEntry
from backend.auth.models import Account, DevSmsMessage, OtpChallenge, Session
from tests.auth.support import UNLIMITED, World, phone_hash
from tests.conftest import GraphQLClient

REQUEST = """
mutation ($phone: String!) {
  authOtpRequest(input: { phone: $phone }) { sent retryAfterSeconds errors { field code message } }
}"""

VERIFY = """
mutation ($phone: String!, $code: String!) {
  authOtpVerify(input: { phone: $phone, code: $code, tokenInResponse: true }) {
    viewer { roles displayName resident { name } }
    token
    errors { field code message }
  }
}"""

TWO_ALIASES = """
mutation ($phone: String!) {
  first: authOtpVerify(input: { phone: $phone, code: "000001" }) { token errors { code } }
  second: authOtpVerify(input: { phone: $phone, code: "000002" }) { token errors { code } }
}"""

ONE_ALIAS = """
mutation ($phone: String!) {
  guess: authOtpVerify(input: { phone: $phone, code: "000001" }) { token errors { code } }
}"""

TWICE_THROUGH_FRAGMENTS = """
mutation ($phone: String!) { ...One ...Two }
fragment One on Mutation {
  authOtpVerify(input: { phone: $phone, code: "000001" }) { token errors { code } }
}
fragment Two on Mutation {
  authOtpVerify(input: { phone: $phone, code: "000001" }) { token errors { code } }
}"""

WHO = "query { viewer { authenticated roles resident { name } } }"

PHONE = "13800000102"  # 甲二, a registered resident without an account yet
UNKNOWN = "13600000000"


@asynccontextmanager
async def app_client(**changes: Any) -> AsyncIterator[httpx.AsyncClient]:
    from backend.app import create_app

    app = create_app(dataclasses.replace(UNLIMITED, **changes), migrate=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield client


async def ask(gql: GraphQLClient, phone: str, lang: str | None = None) -> dict[str, Any]:
    body = await gql(REQUEST, {"phone": phone}, lang=lang)
    result: dict[str, Any] = body["data"]["authOtpRequest"]
    return result


async def verify(gql: GraphQLClient, phone: str, code: str, lang: str | None = None) -> Any:
    return (await gql(VERIFY, {"phone": phone, "code": code}, lang=lang))["data"]["authOtpVerify"]


async def sent_code(phone: str) -> str:
    message = await DevSmsMessage.filter(phone_hash=phone_hash(phone)).order_by("-id").first()
    assert message is not None
    found = re.search(r"验证码 (\d{6})，", message.text)
    assert found is not None
    return found.group(1)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def challenge(phone: str) -> OtpChallenge:
    return await OtpChallenge.filter(phone_hash=phone_hash(phone)).order_by("-id").first()  # type: ignore[return-value]


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


ACCEPTED = {"sent": True, "retryAfterSeconds": 60, "errors": []}


async def test_a_registered_phone_gets_a_code_that_logs_the_resident_in_once(
    client, world: World
) -> None:
    gql = GraphQLClient(client)
    assert await ask(gql, " 138 0000 0102 ") == ACCEPTED
    code = await sent_code(PHONE)
    messages = await DevSmsMessage.all().values_list("text", flat=True)
    assert messages == [f"【共治】验证码 {code}，5 分钟内有效。请勿告诉他人。"]
    row = await challenge(PHONE)
    assert row.code_hash != code and code not in row.code_hash
    assert (row.expires_at - row.created_at).total_seconds() == pytest.approx(300, abs=1)
    assert (row.attempts, row.consumed_at) == (0, None)

    answer = await verify(gql, PHONE, code)
    assert answer["errors"] == []
    assert answer["viewer"] == {
        "roles": ["RESIDENT"],
        "displayName": "甲二",
        "resident": {"name": "甲二"},
    }
    account = await Account.get(phone_hash=phone_hash(PHONE))
    assert (account.role.value, account.resident_id, account.username) == (
        "RESIDENT",
        world.a.residents[1].pk,
        None,
    )
    client.cookies.clear()
    me = await GraphQLClient(client, answer["token"])(WHO)
    assert me["data"]["viewer"] == {
        "authenticated": True,
        "roles": ["RESIDENT"],
        "resident": {"name": "甲二"},
    }
    # The code is spent: it does not log in a second time.
    again = await verify(gql, PHONE, code)
    assert (again["token"], codes(again)) == (None, ["OTP_EXPIRED"])
    assert await Session.filter(account_id=account.pk).count() == 1
    audit = (
        await AuditEntry.filter(operation__startswith="authOtp")
        .order_by("id")
        .values_list("operation", "account_id", "outcome", "detail")
    )
    assert audit == [
        ("authOtpRequest", None, "OK", "sent"),
        ("authOtpVerify", account.pk, "OK", ""),
        ("authOtpVerify", None, "REJECTED", "expired"),
    ]


async def test_an_unknown_phone_gets_the_same_answers_and_no_message_is_sent(client, world) -> None:
    gql = GraphQLClient(client)
    assert await ask(gql, UNKNOWN) == await ask(gql, PHONE) == ACCEPTED
    assert await DevSmsMessage.filter(phone_hash=phone_hash(UNKNOWN)).count() == 0
    assert await DevSmsMessage.all().count() == 1  # the registered phone's only
    # Guessing at the unknown phone looks exactly like guessing at a registered one.
    known_code = await sent_code(PHONE)
    for guess in ("000000", "123456", known_code):
        assert await verify(gql, UNKNOWN, guess) == await verify(gql, PHONE, wrong(known_code))
    assert await ask(gql, UNKNOWN) == await ask(gql, PHONE)  # both throttled alike
    assert await Account.filter(phone_hash=phone_hash(UNKNOWN)).count() == 0
    assert await DevSmsMessage.filter(phone_hash=phone_hash(UNKNOWN)).count() == 0


async def test_a_code_expires_after_five_minutes(client, world) -> None:
    gql = GraphQLClient(client)
    await ask(gql, PHONE)
    code = await sent_code(PHONE)
    row = await challenge(PHONE)
    await OtpChallenge.filter(pk=row.pk).update(
        expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    )
    answer = await verify(gql, PHONE, code, lang="en")
    assert answer == {
        "viewer": None,
        "token": None,
        "errors": [
            {
                "field": "code",
                "code": "OTP_EXPIRED",
                "message": "The code has expired; request a new one",
            }
        ],
    }
    assert await Session.filter(account__phone_hash=phone_hash(PHONE)).count() == 0


async def test_the_code_lifetime_follows_the_settings(world) -> None:
    async with app_client(otp_ttl_seconds=120) as client:
        await ask(GraphQLClient(client), PHONE)
    row = await challenge(PHONE)
    assert (row.expires_at - row.created_at).total_seconds() == pytest.approx(120, abs=1)
    assert "2 分钟内有效" in (await DevSmsMessage.get()).text


async def test_five_wrong_codes_burn_the_challenge_and_the_right_one_then_fails(
    client, world
) -> None:
    gql = GraphQLClient(client)
    await ask(gql, PHONE)
    code = await sent_code(PHONE)
    for attempt in range(5):
        answer = await verify(gql, PHONE, wrong(code), lang="en" if attempt else None)
        message = "Wrong verification code" if attempt else "验证码错误"
        assert answer["errors"] == [{"field": "code", "code": "OTP_INVALID", "message": message}]
    answer = await verify(gql, PHONE, code)
    assert answer == {
        "viewer": None,
        "token": None,
        "errors": [
            {
                "field": "code",
                "code": "OTP_TOO_MANY_ATTEMPTS",
                "message": "验证码错误次数过多，请重新获取",
            }
        ],
    }
    assert (await challenge(PHONE)).attempts == 5
    assert await Account.filter(phone_hash=phone_hash(PHONE)).count() == 0
    # A new code (after the resend wait) gets a new set of tries.
    await OtpChallenge.all().update(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=61))
    assert await ask(gql, PHONE) == ACCEPTED
    assert codes(await verify(gql, PHONE, await sent_code(PHONE))) == []


async def test_a_new_code_waits_a_minute_and_the_answer_says_how_long(client, world) -> None:
    gql = GraphQLClient(client)
    assert await ask(gql, PHONE) == ACCEPTED
    for lang, pattern in (
        (None, r"发送过于频繁，请 (\d+) 秒后再试"),
        ("en", r"try again in (\d+) seconds"),
    ):
        answer = await ask(gql, PHONE, lang=lang)
        assert (answer["sent"], codes(answer)) == (False, ["OTP_THROTTLED"])
        assert answer["errors"][0]["field"] == "phone"
        found = re.search(pattern, answer["errors"][0]["message"])
        assert found is not None and 55 <= int(found.group(1)) <= 60
        # The phone screen's countdown starts from the same number the message gives.
        assert answer["retryAfterSeconds"] == int(found.group(1))
    assert await DevSmsMessage.all().count() == 1
    assert await OtpChallenge.all().count() == 1


async def test_a_phone_gets_at_most_the_daily_number_of_codes(world) -> None:
    async with app_client(otp_resend_seconds=0, otp_max_per_phone_per_day=3) as client:
        gql = GraphQLClient(client)
        answers = [await ask(gql, PHONE) for _ in range(4)]
    assert [codes(a) for a in answers] == [[], [], [], ["OTP_THROTTLED"]]
    seconds = int(re.findall(r"\d+", answers[3]["errors"][0]["message"])[0])
    assert 86_000 < seconds <= 86_400
    assert await DevSmsMessage.all().count() == 3


async def test_concurrent_code_requests_send_one_code_within_the_wait(client, world) -> None:
    gql = GraphQLClient(client)
    answers = await asyncio.gather(*(ask(gql, PHONE) for _ in range(10)))
    assert sorted(codes(a) for a in answers) == [[]] + [["OTP_THROTTLED"]] * 9
    assert (await OtpChallenge.all().count(), await DevSmsMessage.all().count()) == (1, 1)


async def test_concurrent_code_requests_stay_within_the_daily_number(world) -> None:
    async with app_client(otp_resend_seconds=0, otp_max_per_phone_per_day=3) as client:
        gql = GraphQLClient(client)
        answers = await asyncio.gather(*(ask(gql, PHONE) for _ in range(10)))
    assert sorted(codes(a) for a in answers) == [[]] * 3 + [["OTP_THROTTLED"]] * 7
    assert (await OtpChallenge.all().count(), await DevSmsMessage.all().count()) == (3, 3)


async def test_an_aliased_or_repeated_verify_in_one_document_is_refused_before_any_try(
    client, world
) -> None:
    gql = GraphQLClient(client)
    await ask(gql, PHONE)
    refused = {}
    for name, document in (
        ("two aliases", TWO_ALIASES),
        ("one alias", ONE_ALIAS),
        ("twice through fragments", TWICE_THROUGH_FRAGMENTS),
    ):
        body = await gql(document, {"phone": PHONE})
        assert body.get("data") is None, name
        refused[name] = sorted({e["extensions"]["code"] for e in body["errors"]})
    assert refused == {
        "two aliases": ["AUTH_MUTATION_ALIAS", "AUTH_MUTATION_REPEATED"],
        "one alias": ["AUTH_MUTATION_ALIAS"],
        "twice through fragments": ["AUTH_MUTATION_REPEATED"],
    }
    assert (await challenge(PHONE)).attempts == 0


async def test_a_batch_of_verify_operations_is_refused_with_400_before_any_try(
    client, world
) -> None:
    await ask(GraphQLClient(client), PHONE)
    batch = [
        {"query": VERIFY, "variables": {"phone": PHONE, "code": f"{i:06d}"}} for i in range(10)
    ]
    response = await client.post("/graphql", json=batch)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {"code": "BATCH_NOT_SUPPORTED"}
    assert (await challenge(PHONE)).attempts == 0


@pytest.mark.postgres_only
async def test_twenty_concurrent_wrong_codes_use_at_most_five_tries(client, world) -> None:
    gql = GraphQLClient(client)
    await ask(gql, PHONE)
    code = await sent_code(PHONE)
    answers = await asyncio.gather(*(verify(gql, PHONE, wrong(code)) for _ in range(20)))
    outcome = sorted(codes(a)[0] for a in answers)
    assert outcome == ["OTP_INVALID"] * 5 + ["OTP_TOO_MANY_ATTEMPTS"] * 15
    assert (await challenge(PHONE)).attempts == 5
    assert codes(await verify(gql, PHONE, code)) == ["OTP_TOO_MANY_ATTEMPTS"]
    assert await Session.filter(account__phone_hash=phone_hash(PHONE)).count() == 0
