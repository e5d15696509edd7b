"""The one place where domain errors become GraphQL ``UserError`` objects."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from graphql import GraphQLError

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


async def attempt(call: Callable[[], Awaitable[T]], lang: str) -> tuple[T | None, list[UserError]]:
    """Parse input and run a service: expected failures become user errors, others propagate."""
    try:
        return await call(), []
    except (core_errors.DomainError, core_errors.DomainErrors) as exc:
        return None, to_user_errors(exc, lang)


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
