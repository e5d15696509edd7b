"""The Starlette application: /graphql, /healthz and the built single-page frontend."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UNSET, UnsetType
from tortoise import Tortoise

from backend.api.context import Context
from backend.api.http_auth import credential, is_cross_origin
from backend.api.http_limits import limit_graphql
from backend.api.pipeline import authenticate_for
from backend.api.schema import schema
from backend.api.websocket import (
    CONNECTION_INIT_TIMEOUT,
    MAX_SUBSCRIPTIONS,
    HandshakeLimit,
    SubscriptionsOnlyHandler,
    TextFramesAdapter,
    apply_connection_params,
    handshake_context,
)
from backend.config import Settings, get_settings
from backend.consultations import events
from backend.core.messages import pick_language
from backend.db import close_db, init_db
from backend.migrate import apply_migrations

logger = logging.getLogger("gongzhi")


# The request's credential, read once from its headers and cookies (the scope is per request).
CREDENTIAL_KEY = "gongzhi.credential"


class GongzhiGraphQL(GraphQL[Context, None]):
    # Subscriptions over graphql-transport-ws only; see backend.api.websocket.
    graphql_transport_ws_handler_class = SubscriptionsOnlyHandler
    websocket_adapter_class = TextFramesAdapter

    def __init__(self, settings: Settings) -> None:
        super().__init__(
            schema,
            graphql_ide=None if settings.is_production else "graphiql",
            allow_queries_via_get=False,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=CONNECTION_INIT_TIMEOUT,
            max_subscriptions_per_connection=MAX_SUBSCRIPTIONS,
        )
        self.settings = settings
        self.handshakes = HandshakeLimit(settings)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            token, via_cookie = scope[CREDENTIAL_KEY] = credential(request)
            # Refused: a foreign page using the cookie (CSRF), and a foreign page without any
            # credential, which could log a victim into the attacker's account (login CSRF).
            # A bearer token is never sent by a browser on its own, so those calls stay open.
            if (via_cookie or token is None) and is_cross_origin(request.headers, self.settings):
                await _csrf_refusal(request)(scope, receive, send)
                return
        elif scope["type"] == "websocket" and not self.handshakes.allows(scope):
            await WebSocket(scope, receive, send).close(code=1008)  # 403 to the handshake
            return
        await super().__call__(scope, receive, send)

    def is_websocket_origin_allowed(self, request: Any, origin: str) -> bool:
        # Any origin may connect; another origin's page never gets the session cookie
        # (backend.api.websocket), only what its own bearer token grants.
        return True

    async def on_ws_connect(self, context: Context) -> UnsetType:
        await apply_connection_params(context)
        return UNSET  # a plain connection_ack

    async def get_context(self, request: Any, response: Any) -> Context:
        if request.scope["type"] == "websocket":
            return await handshake_context(request, self.settings)
        found = request.scope.get(CREDENTIAL_KEY)
        token, via_cookie = found if found is not None else credential(request)
        client = request.client.host if request.client else ""
        return Context(
            request=request,
            response=response,
            settings=self.settings,
            lang=pick_language(request.headers.get("accept-language")),
            client_address=client,
            pending_credential=(token, via_cookie) if token else None,
        )

    async def execute_operation(
        self,
        request: Any,
        request_adapter: Any,
        request_data: Any,
        context: Context,
        root_value: Any,
        sub_response: Any,
    ) -> Any:
        # Batches are refused before this point (backend.api.http_limits).
        if not isinstance(request_data, list):
            await authenticate_for(context, request_data.query, request_data.operation_name)
        return await super().execute_operation(
            request=request,
            request_adapter=request_adapter,
            request_data=request_data,
            context=context,
            root_value=root_value,
            sub_response=sub_response,
        )

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        # orjson's error subclasses json.JSONDecodeError, so bad bodies still get a 400.
        return orjson.loads(data)


def _csrf_refusal(request: Request) -> Response:
    lang = pick_language(request.headers.get("accept-language"))
    message = (
        "Cross-origin requests with the session cookie are refused"
        if lang == "en"
        else "拒绝来自其他站点且携带登录凭证的请求"
    )
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": "CSRF_REJECTED"}}]},
        status_code=403,
    )


async def healthz(request: Request) -> Response:
    try:
        await Tortoise.get_connection("default").execute_query("SELECT 1")
    except Exception:  # the probe reports any database failure as unavailable
        logger.warning("health check: database did not answer")
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})


# Vant sets inline styles and inlines its icon font as a data: URL.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


class SpaFiles(StaticFiles):
    """Serve built assets; any other path under / gets index.html so client routes work."""

    async def get_response(self, path: str, scope: Any) -> Response:
        try:
            response = await super().get_response(path, scope)
        except Exception as exc:  # starlette raises HTTPException(404) for a missing file
            if getattr(exc, "status_code", None) != 404:
                raise
            response = PlainTextResponse("Not Found", status_code=404)
        if response.status_code == 404 and not path.startswith("assets/"):
            response = FileResponse(Path(str(self.directory)) / "index.html")
        if path.startswith("assets/") and response.status_code == 200:
            # Built asset names carry a content hash, so they never change.
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        elif response.status_code == 200:
            response.headers["Cache-Control"] = "no-cache"
            response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


class GraphQLFirst:
    """Sends ``/graphql`` (POST, GET, WebSocket) straight to the endpoint and everything else
    through Starlette. The API is nearly all of the traffic, and Starlette's error and
    exception middleware and router cost a small request measurable CPU; the endpoint
    answers its own errors (strawberry's view) and uvicorn answers a crash with a 500."""

    def __init__(self, graphql: Any, rest: Starlette) -> None:
        self.graphql = graphql
        self.rest = rest

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        kind = scope["type"]
        if (
            kind != "lifespan"
            and scope["path"] == "/graphql"
            and (kind == "websocket" or scope["method"] in {"GET", "POST"})
        ):
            await self.graphql(scope, receive, send)
            return
        await self.rest(scope, receive, send)


def create_app(settings: Settings | None = None, *, migrate: bool = True) -> GraphQLFirst:
    settings = settings or get_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if migrate:
            await apply_migrations(settings)
        await init_db(settings)
        if settings.seed_demo_on_start:
            from backend.demo.seed import seed_demo_if_empty

            await seed_demo_if_empty()
        # Objects alive after start-up never die: keep them out of the collector's way.
        gc.collect()
        gc.freeze()
        gc.set_threshold(50_000, 20, 20)
        try:
            yield
        finally:
            await events.stop()  # this worker's LISTEN connection, if it opened one
            await close_db()

    graphql = limit_graphql(GongzhiGraphQL(settings), settings)  # DESIGN §6 HTTP limits
    routes: list[Any] = [
        Route("/healthz", healthz),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),  # the HTTP limits let websockets through
    ]
    if (settings.frontend_dist / "index.html").is_file():
        # Compress the frontend's files; API answers are left to a reverse proxy, because
        # wrapping every GraphQL response costs measurable CPU on small requests.
        spa = GZipMiddleware(
            SpaFiles(directory=settings.frontend_dist, html=True), minimum_size=1024
        )
        routes.append(Mount("/", spa))
    else:
        routes.append(Route("/", _no_frontend))
    return GraphQLFirst(graphql, Starlette(routes=routes, lifespan=lifespan))


async def _no_frontend(request: Request) -> Response:
    return PlainTextResponse(
        "The frontend is not built: run `make run` (or `npm run build` in frontend/).",
        status_code=503,
    )
