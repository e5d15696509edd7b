"""Base DataLoaders. Every loader applies the caller's scope, so a relation never leaks a row."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from strawberry.dataloader import DataLoader
from tortoise.models import Model
from tortoise.queryset import QuerySet

from backend.auth.scope import Scope

M = TypeVar("M", bound=Model)
ScopeFilter = Callable[[Scope, QuerySet[Any]], QuerySet[Any]]


class ByIdLoader(DataLoader[int, M | None], Generic[M]):
    """Loads rows by primary key; an id outside the scope loads as None."""

    model: ClassVar[type[Model]]
    scope_filter: ClassVar[ScopeFilter]

    def __init__(self, scope: Scope) -> None:
        super().__init__(load_fn=self._load)
        self.scope = scope

    async def _load(self, keys: Sequence[int]) -> list[M | None]:
        qs = type(self).scope_filter(self.scope, self.model.filter(id__in=list(keys)))
        found = {row.pk: row for row in await qs}
        return [found.get(k) for k in keys]


class GroupLoader(DataLoader[int, list[M]], Generic[M]):
    """Loads the rows pointing at each key through ``foreign_key`` (one query for all keys)."""

    model: ClassVar[type[Model]]
    foreign_key: ClassVar[str]
    scope_filter: ClassVar[ScopeFilter]
    ordering: ClassVar[tuple[str, ...]] = ("id",)

    def __init__(self, scope: Scope) -> None:
        super().__init__(load_fn=self._load)
        self.scope = scope

    async def _load(self, keys: Sequence[int]) -> list[list[M]]:
        qs = self.model.filter(**{f"{self.foreign_key}__in": list(keys)})
        qs = type(self).scope_filter(self.scope, qs).order_by(*self.ordering)
        grouped: dict[int, list[M]] = defaultdict(list)
        for row in await qs:
            grouped[getattr(row, self.foreign_key)].append(row)  # type: ignore[arg-type]
        return [grouped.get(k, []) for k in keys]


class CountLoader(DataLoader[int, int]):
    """Counts rows per key with one GROUP BY statement."""

    def __init__(self, scope: Scope) -> None:
        super().__init__(load_fn=self._load)
        self.scope = scope

    async def counts(self, keys: list[int]) -> Iterable[tuple[int, int]]:
        raise NotImplementedError

    async def _load(self, keys: Sequence[int]) -> list[int]:
        found = dict(await self.counts(list(keys)))
        return [found.get(k, 0) for k in keys]


K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")


def now_or_later(loader: DataLoader[K, V], key: K, wrap: Callable[[V], R]) -> R | Awaitable[R]:
    """The wrapped value at once when the loader already holds it, else an awaitable of it.

    Lists resolve thousands of these fields: when the parent prefetched the values, returning
    them synchronously saves a task and a future per field.
    """
    future: asyncio.Future[V] = loader.load(key)  # type: ignore[assignment]
    if future.done():
        return wrap(future.result())

    async def later() -> R:
        return wrap(await future)

    return later()
