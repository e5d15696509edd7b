"""Base DataLoaders. Every loader applies the caller's scope, so a relation never leaks a row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
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
