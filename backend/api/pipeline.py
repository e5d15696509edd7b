"""The one schema extension every operation runs through (DESIGN §6, §9).

Strawberry spends work on every extension and every hook for every request, so one extension
does what would otherwise take four (parser cache, validation cache, limits, error masking):

* parse and validate: documents are parsed once per text and token limit, and validated once
  per document and rule set (bounded LRU caches); the limit rules of ``backend.api.limits``
  are added per request from the serving app's settings;
* execute: the checks that depend on the caller or the variables run: anonymous
  introspection in production, the cost limit. The caller has been looked up by then
  (``authenticate_for``, called by the HTTP view), unless the operation cannot depend on it:
  a root selection of plain ``__typename`` fields cannot;
* results: unexpected errors are masked ("Internal server error"; the schema logs them
  first), and limit errors get their code and the caller's language.

The schema is built once at import, so ``fallback`` settings only serve a request without an
app context (tests that execute the schema directly).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from graphql import ExecutionResult, FieldNode, GraphQLError
from graphql.language import DocumentNode
from graphql.language.parser import parse
from strawberry.exceptions import MissingQueryError
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType as StrawberryOperationType

from backend.api.limits import (
    SAFE_INTEGER,
    asks_introspection,
    limit_error,
    operation_named,
    query_cost,
    rewrite_error,
    validation_rules,
)
from backend.config import Settings

# Request errors strawberry turns into HTTP 400 answers of its own.
_ANSWERED_BY_STRAWBERRY = (
    MissingQueryError,
    CannotGetOperationTypeError,
    InvalidOperationTypeError,
)
DOCUMENT_CACHE_SIZE = 256  # distinct document texts kept parsed and validated
MASKED_MESSAGE = "Internal server error"

_cached_parse = lru_cache(maxsize=DOCUMENT_CACHE_SIZE)(parse)
_cached_validate = lru_cache(maxsize=DOCUMENT_CACHE_SIZE)(validate_document)


def needs_caller(document: DocumentNode, operation_name: str | None) -> bool:
    """Whether running the operation can depend on who asks: anything but a root selection of
    plain ``__typename`` fields (a liveness probe) may, and so does an unknown operation."""
    operation = operation_named(document, operation_name)
    if operation is None:
        return True
    return not all(
        isinstance(selection, FieldNode) and selection.name.value == "__typename"
        for selection in operation.selection_set.selections
    )


def _settings(execution_context: ExecutionContext, fallback: Settings) -> Settings:
    return _settings_of(execution_context.context, fallback)


def _lang(execution_context: ExecutionContext) -> str:
    return "en" if getattr(execution_context.context, "lang", "zh") == "en" else "zh"


def _is_anonymous(execution_context: ExecutionContext) -> bool:
    principal = getattr(execution_context.context, "principal", None)
    return bool(getattr(principal, "is_anonymous", True))


async def authenticate_for(context: Any, query: str | None, operation_name: str | None) -> None:
    """Look up the caller of an HTTP request before its operation runs, unless the operation
    cannot depend on it (see ``needs_caller``) or its document does not parse (it will not
    run). The view calls this; a WebSocket connection looks its caller up at the handshake."""
    if getattr(context, "is_authenticated", True):
        return
    if query:
        settings = _settings_of(context)
        options = {"max_tokens": settings.max_tokens} if settings.max_tokens > 0 else {}
        try:
            document = _cached_parse(query, **options)
        except GraphQLError:
            return
        if not needs_caller(document, operation_name):
            return
    await context.authenticate()


def _settings_of(context: Any, fallback: Settings | None = None) -> Settings:
    """The serving app's settings, carried by the request's context."""
    settings = getattr(context, "settings", None)
    if isinstance(settings, Settings):
        return settings
    return fallback if fallback is not None else Settings()


def _masked(error: GraphQLError) -> GraphQLError:
    return GraphQLError(
        MASKED_MESSAGE,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
    )


class RequestPipeline(SchemaExtension):
    def __init__(self, fallback: Settings, should_mask: Callable[[GraphQLError], bool]) -> None:
        self.fallback = fallback
        self.should_mask = should_mask
        self.cost: int | None = None
        self.limit = 0

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        settings = _settings(context, self.fallback)
        if settings.max_tokens > 0:
            context.parse_options["max_tokens"] = settings.max_tokens
        context.validation_rules = context.validation_rules + validation_rules(
            settings.max_query_depth, settings.max_aliases
        )
        self._prepare(context)
        try:
            yield
        except GraphQLError as error:
            coded = self._rewrite(error)
            if coded is error:
                raise
            raise coded from None
        except _ANSWERED_BY_STRAWBERRY:
            raise
        except Exception as error:
            # A failure in a hook escapes the operation, and strawberry would send its message
            # as is: mask it here (the original stays attached, so the schema logs its type).
            masked = GraphQLError(MASKED_MESSAGE, original_error=error)
            if not self.should_mask(masked):
                raise
            raise masked from error
        self._finish(self.execution_context.result)

    @staticmethod
    def _prepare(context: ExecutionContext) -> None:
        """The cached document and validation result, set here rather than in parse and
        validate hooks (strawberry skips a step whose result is set; each hook costs it work
        on every request). A document that does not parse is left to strawberry, whose
        parse step turns the error into the operation's result."""
        if context.graphql_document is not None or not context.query:
            return
        try:
            document = _cached_parse(context.query, **context.parse_options)
        except GraphQLError:
            return
        context.graphql_document = document
        if context.validation_rules:
            context.pre_execution_errors = _cached_validate(
                context.schema._schema, document, context.validation_rules
            )

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        error = self._refusal()
        if error is not None:
            if context.operation_type == StrawberryOperationType.SUBSCRIPTION:
                raise error  # a subscription does not look at a result set here
            context.result = ExecutionResult(data=None, errors=[error])
        yield

    def on_stream_result(self, result: Any) -> Iterator[None]:
        # Streamed results (subscriptions over the WebSocket) leave one by one, before
        # ``on_operation`` ends: each is finished on its way out.
        self._finish(result)
        yield

    def get_results(self) -> dict[str, Any]:
        if self.cost is None:
            return {}
        return {"cost": {"requested": self.cost, "limit": self.limit}}

    def _refusal(self) -> GraphQLError | None:
        context = self.execution_context
        document = context.graphql_document
        if document is None:
            return None
        settings = _settings(context, self.fallback)
        name = context.operation_name
        # Introspection needs the caller, so it has been looked up when it is asked for.
        if settings.is_production and asks_introspection(document, name) and _is_anonymous(context):
            return limit_error("INTROSPECTION_DISABLED", _lang(context))
        self.limit = settings.max_query_cost
        cost = query_cost(
            context.schema._schema, document, name, context.variables, settings.max_page_size
        )
        self.cost = min(cost, SAFE_INTEGER)
        if 0 < self.limit < self.cost:
            return limit_error("QUERY_TOO_COSTLY", _lang(context), cost=self.cost, limit=self.limit)
        return None

    def _finish(self, result: Any) -> None:
        """Mask unexpected errors, then give limit errors their code and language."""
        if result is None:
            return
        results = [result]
        initial = getattr(result, "initial_result", None)
        if initial is not None:
            results = [initial]
        for each in results:
            errors = getattr(each, "errors", None)
            if not errors:
                continue
            finished = [
                self._rewrite(_masked(error) if self.should_mask(error) else error)
                for error in errors
            ]
            if any(new is not old for new, old in zip(finished, errors, strict=True)):
                each.errors = finished  # a new list: never the cached validation list

    def _rewrite(self, error: GraphQLError) -> GraphQLError:
        production = _settings(self.execution_context, self.fallback).is_production
        return rewrite_error(error, _lang(self.execution_context), production)


def pipeline_extensions(
    settings: Settings, should_mask: Callable[[GraphQLError], bool] = lambda error: False
) -> list[Callable[[], SchemaExtension]]:
    """The extension factory (a fresh instance per request) for ``strawberry.Schema``."""
    return [lambda: RequestPipeline(settings, should_mask)]
