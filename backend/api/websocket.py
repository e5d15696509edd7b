"""GraphQL over WebSocket (graphql-transport-ws) on /graphql: who is calling, and what may run.

Credentials. The handshake's session cookie counts only when the handshake comes from our own
origin (``http_auth.is_cross_origin``: the Origin header against Host and ALLOWED_ORIGINS);
browsers attach cookies to WebSocket handshakes from any page, and CORS does not apply to
them, so a page of another origin gets an anonymous connection instead of the user's
(cross-site WebSocket hijacking). A bearer token works from anywhere: in the handshake's
``Authorization`` header, or, since browsers cannot set headers on a WebSocket, in the
``connection_init`` payload as ``{"authorization": "Bearer …"}``, which then replaces what
the handshake carried. An invalid token leaves the connection anonymous, as over HTTP: its
operations answer UNAUTHENTICATED.

Operations. Only subscriptions run over the socket; queries and mutations get an ``error``
message (code SUBSCRIPTIONS_ONLY) and go over HTTP, behind the HTTP limits (rate, time, body
size), the CSRF check and a fresh context per request. The GraphQL limits (depth, aliases,
cost) are schema extensions and apply to subscriptions too; the token limit is checked here
as well, before the operation starts, so that it is answered with an ``error`` message.

A connection must send ``connection_init`` within ``CONNECTION_INIT_TIMEOUT`` and may hold at
most ``MAX_SUBSCRIPTIONS`` operations. Handshakes count against a per-address limit of their
own (``rate_limit_per_address`` per window, like HTTP requests); a refused handshake gets 403.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    OperationType,
    parse,
)
from starlette.websockets import WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)

from backend.api.context import Context
from backend.api.http_auth import bearer_token, credential, is_cross_origin
from backend.api.http_limits import FixedWindowCounter
from backend.api.limits import rewrite_error
from backend.auth.sessions import principal_for_credential
from backend.config import Settings
from backend.core.messages import pick_language

CONNECTION_INIT_TIMEOUT = dt.timedelta(seconds=10)
MAX_SUBSCRIPTIONS = 10


@dataclass
class WebSocketContext(Context):
    """The context of one WebSocket connection, shared by its operations."""

    # The connection_init payload; strawberry sets it before ``on_ws_connect``.
    connection_params: dict[str, Any] = field(default_factory=dict)


async def handshake_context(websocket: Any, settings: Settings) -> WebSocketContext:
    """The caller as the handshake shows them (before ``connection_init``)."""
    token, via_cookie = credential(websocket)
    if via_cookie and is_cross_origin(websocket.headers, settings):
        token, via_cookie = None, False  # another origin's page: never the user's cookie
    client = websocket.client.host if websocket.client else ""
    context = WebSocketContext(
        request=websocket,
        response=websocket,
        settings=settings,
        lang=pick_language(websocket.headers.get("accept-language")),
        client_address=client,
    )
    # A connection serves many operations: its caller is looked up once, at the handshake.
    context.principal = await principal_for_credential(token, via_cookie=via_cookie)
    return context


async def apply_connection_params(context: Any) -> None:
    """A bearer token (and a language) from the ``connection_init`` payload."""
    params = getattr(context, "connection_params", None)
    if not isinstance(params, dict) or not isinstance(context, WebSocketContext):
        return
    language = params.get("acceptLanguage")
    if isinstance(language, str):
        context.lang = pick_language(language)
    authorization = params.get("authorization", params.get("Authorization"))
    if authorization is None:
        return
    token = None
    if isinstance(authorization, str):
        token = bearer_token({"authorization": authorization})
    context.principal = await principal_for_credential(token, via_cookie=False)


REFUSAL = {
    "zh": "WebSocket 连接只用于订阅；查询和变更请通过 HTTP 发送",
    "en": "Only subscriptions run over the WebSocket; send queries and mutations over HTTP",
}


def _refusal(message: Any, context: Any) -> GraphQLError | None:
    """Why a subscribe message is refused before it runs: not a subscription, or above the
    token limit (strawberry would drop that error on a stream). None lets it run; a bad
    message, document or operation name is then answered by strawberry's own checks."""
    settings, lang = context.settings, "en" if context.lang == "en" else "zh"
    try:
        payload = message["payload"]
        query, name = payload["query"], payload.get("operationName")
        document = parse(query, max_tokens=settings.max_tokens or None)
    except GraphQLSyntaxError as error:
        rewritten = rewrite_error(error, lang, settings.is_production)
        too_long = (rewritten.extensions or {}).get("code") == "TOO_MANY_TOKENS"
        return rewritten if too_long else None
    except Exception:  # not a well-formed subscribe message
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name:
        operations = [o for o in operations if o.name is not None and o.name.value == name]
    if len(operations) != 1 or operations[0].operation == OperationType.SUBSCRIPTION:
        return None
    return GraphQLError(REFUSAL[lang], extensions={"code": "SUBSCRIPTIONS_ONLY"})


class SubscriptionsOnlyHandler(BaseGraphQLTransportWSHandler[Any, Any]):
    """graphql-transport-ws that answers queries, mutations and documents above the token
    limit with an ``error`` message."""

    async def handle_subscribe(self, message: Any) -> None:
        if self.connection_acknowledged and message.get("id") not in self.operations:
            error = _refusal(message, self.context)
            if error is not None:
                await self.send_message(
                    {"id": message["id"], "type": "error", "payload": [error.formatted]}
                )
                return
        await super().handle_subscribe(message)


class TextFramesAdapter(ASGIWebSocketAdapter):
    """Messages go out as text frames: graphql-transport-ws messages are JSON text, and the
    app's ``encode_json`` (orjson) returns bytes, which strawberry would send as binary frames
    (browser clients such as graphql-ws close the connection on those)."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        encoded = self.view.encode_json(message)
        text = encoded.decode() if isinstance(encoded, bytes) else encoded
        try:
            await self.ws.send_text(text)
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


class HandshakeLimit:
    """WebSocket handshakes per client address and window (0 switches it off)."""

    def __init__(self, settings: Settings) -> None:
        limit, window = settings.rate_limit_per_address, settings.rate_limit_window_seconds
        self.counter = (
            FixedWindowCounter(limit, window, time.monotonic) if limit > 0 and window > 0 else None
        )

    def allows(self, scope: Any) -> bool:
        if self.counter is None:
            return True
        client = scope.get("client")
        return self.counter.hit(client[0] if client else "unknown") is None
