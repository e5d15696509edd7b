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
        # Whether the row exists elsewhere is not revealed: outside the scope is "not found".
        raise DomainError(ErrorCode.NOT_FOUND, field)
    return row
