"""HTTP limits in front of /graphql (DESIGN §6): rate, request time, body size, no batching.

Pure ASGI middlewares; ``limit_graphql(app, settings)`` stacks them around the GraphQL app in
that order, so a refused request costs as little as possible. Each refusal is JSON shaped like
a GraphQL response, ``{"errors": [{"message", "extensions": {"code"}}]}``, with a zh-CN message
(English with ``Accept-Language: en``):

* 429 ``RATE_LIMITED`` with ``Retry-After``: more than the allowed requests in the current
  window (fixed windows of ``rate_limit_window_seconds``) from one client address, one session
  (keyed by the SHA-256 of its token, so no credential is kept in memory) or one API key
  (keyed by its visible prefix ``gzk_xxxxxxxx``). Every request counts against its address,
  and also against its session or key when it carries one: counting credentials alone would
  let a client escape every limit by sending made-up tokens. A limit of 0 switches it off.
* 504 ``REQUEST_TIMEOUT``: no response started within ``request_timeout_seconds``; the
  request's work is cancelled. A response that has started (a stream) is not cut.
* 413 ``BODY_TOO_LARGE``: a body above ``max_body_bytes``, by ``Content-Length`` or counted
  while it streams in.
* 400 ``BATCH_NOT_SUPPORTED``: a JSON array of operations (strawberry would answer a plain-text
  400 without a code).

The counters live in this process. Several workers or hosts each count on their own, which
multiplies the effective limits by their number; the reverse proxy's limit is the deployment's
outer ring, these are the inner one. Behind a proxy the client address is the one uvicorn takes
from ``X-Forwarded-For`` of trusted proxies (``--forwarded-allow-ips``, default 127.0.0.1).
Memory is bounded: each window starts with empty counters, and a window keeps at most
``MAX_KEYS`` keys per kind, beyond which new keys share one counter.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson
from starlette.datastructures import Headers
from starlette.requests import cookie_parser

from backend.api.http_auth import SESSION_COOKIE, bearer_token
from backend.auth.secrets import SESSION_TOKEN_PREFIX, api_key_prefix
from backend.config import Settings
from backend.core.messages import pick_language

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_KEYS = 100_000
_OVERFLOW = "(overflow)"

MESSAGES: dict[str, dict[str, str]] = {
    "RATE_LIMITED": {
        "zh": "请求过于频繁，请 {retryAfter} 秒后再试",
        "en": "Too many requests; try again in {retryAfter} seconds",
    },
    "REQUEST_TIMEOUT": {
        "zh": "请求处理超时（超过 {limit:g} 秒）",
        "en": "The request took longer than {limit:g} seconds",
    },
    "BODY_TOO_LARGE": {
        "zh": "请求体过大：最多 {limit} 字节",
        "en": "The request body is too large: at most {limit} bytes",
    },
    "BATCH_NOT_SUPPORTED": {
        "zh": "不支持批量请求：每个请求只能包含一个 GraphQL 操作",
        "en": "Batched requests are not supported: send one GraphQL operation per request",
    },
}


def _lang(scope: Scope) -> str:
    return pick_language(Headers(scope=scope).get("accept-language"))


async def refuse(
    send: Send,
    scope: Scope,
    status: int,
    code: str,
    headers: dict[str, str] | None = None,
    **params: Any,
) -> None:
    """Answer with one GraphQL-shaped error."""
    message = MESSAGES[code][_lang(scope)].format(**params)
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code, **params}}]})
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *((k.lower().encode(), v.encode()) for k, v in (headers or {}).items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})


class FixedWindowCounter:
    """Requests per key in the current window; a new window starts with no keys."""

    def __init__(
        self, limit: int, window_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window_seconds
        self.clock = clock
        self.index = -1
        self.counts: dict[Any, int] = {}

    def hit(self, key: Any) -> float | None:
        """Count one request; the seconds until the window ends when ``key`` is over its limit."""
        now = self.clock()
        index = int(now // self.window)
        if index != self.index:
            self.index, self.counts = index, {}
        if key not in self.counts and len(self.counts) >= MAX_KEYS:
            key = _OVERFLOW
        count = self.counts.get(key, 0) + 1
        self.counts[key] = count
        if count <= self.limit:
            return None
        return (index + 1) * self.window - now


def _credential(scope: Scope) -> tuple[str | None, bool]:
    """``http_auth.credential`` read straight from the raw headers (no Request to build)."""
    authorization = cookie = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            authorization = value.decode("latin-1")
        elif name == b"cookie":
            cookie = value.decode("latin-1")
    token = bearer_token({"authorization": authorization}) if authorization else None
    if token:
        return token, False
    session = cookie_parser(cookie).get(SESSION_COOKIE) if cookie else None
    return (session, True) if session else (None, False)


def caller_keys(scope: Scope) -> tuple[str, bytes | None, str | None]:
    """(client address, SHA-256 of the session token, visible API key prefix) of a request."""
    client = scope.get("client")
    address = client[0] if client else "unknown"
    token, via_cookie = _credential(scope)
    if not token:
        return address, None, None
    if token.startswith(SESSION_TOKEN_PREFIX):
        return address, hashlib.sha256(token.encode()).digest(), None
    return address, None, None if via_cookie else api_key_prefix(token)


class RateLimit:
    """429 with ``Retry-After`` when the address, session or API key is over its limit."""

    def __init__(
        self, app: ASGIApp, settings: Settings, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.app = app
        window = settings.rate_limit_window_seconds
        self.counters = [
            FixedWindowCounter(limit, window, clock) if limit > 0 and window > 0 else None
            for limit in (
                settings.rate_limit_per_address,
                settings.rate_limit_per_user,
                settings.rate_limit_per_api_key,
            )
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not any(self.counters):
            await self.app(scope, receive, send)
            return
        waits = [
            counter.hit(key)
            for counter, key in zip(self.counters, caller_keys(scope), strict=True)
            if counter is not None and key is not None
        ]
        wait = max((w for w in waits if w is not None), default=None)
        if wait is None:
            await self.app(scope, receive, send)
            return
        seconds = max(1, math.ceil(wait))
        await refuse(
            send, scope, 429, "RATE_LIMITED", {"Retry-After": str(seconds)}, retryAfter=seconds
        )


class Timeout:
    """504 when the app has not started its response within ``request_timeout_seconds``."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.seconds = settings.request_timeout_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.seconds <= 0:
            await self.app(scope, receive, send)
            return
        started = False
        try:
            async with asyncio.timeout(self.seconds) as timer:

                async def send_started(message: Message) -> None:
                    nonlocal started
                    if message["type"] == "http.response.start" and not started:
                        started = True
                        timer.reschedule(None)  # the answer is on its way: let it finish
                    await send(message)

                await self.app(scope, receive, send_started)
        except TimeoutError:
            if started or not timer.expired():
                raise  # a TimeoutError of the app's own making
            await refuse(send, scope, 504, "REQUEST_TIMEOUT", limit=self.seconds)


class BodyLimit:
    """413 for bodies above ``max_body_bytes``; 400 for batched (JSON array) requests."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.limit = settings.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            await refuse(send, scope, 413, "BODY_TOO_LARGE", limit=self.limit)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await refuse(send, scope, 413, "BODY_TOO_LARGE", limit=self.limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body.lstrip()[:1] == b"[" and "json" in headers.get("content-type", ""):
            await refuse(send, scope, 400, "BATCH_NOT_SUPPORTED")
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def limit_graphql(app: ASGIApp, settings: Settings) -> ASGIApp:
    """The GraphQL endpoint behind its HTTP limits: rate, then time, then body."""
    return RateLimit(Timeout(BodyLimit(app, settings), settings), settings)
