"""Scoped fetches shared by services: a row outside the scope is reported as not found."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

from backend.core.errors import DomainError, ErrorCode

M = TypeVar("M", bound=Model)


async def get_in_scope(
    model: type[M],
    pk: int,
    scope_filter: Callable[[QuerySet[Any]], QuerySet[Any]],
    field: str,
    *,
    for_update: bool = False,
) -> M:
    qs = scope_filter(model.filter(pk=pk))
    if for_update:
        qs = qs.select_for_update()
    row = await qs.first()
    if row is None:
        # A caller limited to a region gets FORBIDDEN both for rows outside it and for ids that
        # do not exist, so the answer never tells whether another community's row exists.
        scope = getattr(scope_filter, "__self__", None)
        restricted = scope is not None and not getattr(scope, "is_unrestricted", True)
        raise DomainError(ErrorCode.FORBIDDEN if restricted else ErrorCode.NOT_FOUND, field)
    return row
