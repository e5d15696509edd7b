"""The one place where domain errors become GraphQL ``UserError`` objects."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLError

from backend.api.relay import parse_global_id
from backend.audit.models import AuditOutcome
from backend.audit.services import record
from backend.core import errors as core_errors
from backend.core.messages import message_for

strawberry.enum(
    core_errors.ErrorCode, description="Machine-readable reason for a user error 错误代码."
)
ErrorCode = core_errors.ErrorCode

T = TypeVar("T")


@strawberry.type(description="An expected failure tied to an input field 输入错误.")
class UserError:
    field: str | None = strawberry.field(
        description="Input field path, e.g. `idNumber`; null when the whole input is at fault."
    )
    code: ErrorCode = strawberry.field(description="Error code 错误代码.")
    message: str = strawberry.field(description="Human message, zh-CN or English 提示.")


def to_user_errors(exc: Exception, lang: str) -> list[UserError]:
    found = exc.errors if isinstance(exc, core_errors.DomainErrors) else [exc]
    return [
        UserError(
            field=e.field,
            code=e.code,
            message=message_for(e.code, lang, **e.params),
        )
        for e in found
        if isinstance(e, core_errors.DomainError)
    ]


async def attempt(
    info: Any, call: Callable[[], Awaitable[T]], input: Any = None, *, audit: bool = True
) -> tuple[T | None, list[UserError]]:
    """Parse input and run a service: expected failures become user errors, others propagate.

    Every attempt is written to the audit log with the ids it named and its outcome; the input's
    other values (names, ID numbers, phones) never are.
    """
    ctx = info.context
    if not audit:  # the service writes its own, more precise entries (logins)
        try:
            return await call(), []
        except (core_errors.DomainError, core_errors.DomainErrors) as exc:
            return None, to_user_errors(exc, ctx.lang)
    ids = set(_global_ids(input))
    try:
        result = await call()
    except (core_errors.DomainError, core_errors.DomainErrors) as exc:
        errors = to_user_errors(exc, ctx.lang)
        codes = sorted({e.code.value for e in errors})
        outcome = AuditOutcome.DENIED if "FORBIDDEN" in codes else AuditOutcome.REJECTED
        await record(ctx.actor, info.field_name, outcome, object_ids=ids, detail=",".join(codes))
        return None, errors
    except Exception as exc:
        await record(
            ctx.actor,
            info.field_name,
            AuditOutcome.FAILED,
            object_ids=ids,
            detail=type(exc).__name__,
        )
        raise
    pk = getattr(result, "pk", None)
    if isinstance(pk, int):
        ids.add(f"{type(result).__name__}:{pk}")
    await record(ctx.actor, info.field_name, AuditOutcome.OK, object_ids=ids)
    return result, []


def _global_ids(value: Any) -> Iterator[str]:
    """``Type:pk`` of every ID-named field of a mutation input (nested inputs and lists too)."""
    if value is None or not dataclasses.is_dataclass(value):
        return
    for f in dataclasses.fields(value):
        item = getattr(value, f.name, None)
        if f.name == "id" or f.name.endswith(("_id", "_ids")):
            for raw in item if isinstance(item, list) else [item]:
                parsed = parse_global_id(raw) if isinstance(raw, str) else None
                if parsed is not None:
                    yield f"{parsed[0]}:{parsed[1]}"
        elif isinstance(item, list):
            for element in item:
                yield from _global_ids(element)
        else:
            yield from _global_ids(item)


class QueryInputError(GraphQLError):
    """A query argument failed validation; reported as a top-level error with its code."""


async def resolve_or_raise(call: Callable[[], Awaitable[T]], lang: str) -> T:
    """Queries have no payload: bad arguments become one GraphQL error with field and code."""
    try:
        return await call()
    except (core_errors.DomainError, core_errors.DomainErrors) as exc:
        first = to_user_errors(exc, lang)[0]
        raise QueryInputError(
            first.message, extensions={"code": first.code.value, "field": first.field}
        ) from None
