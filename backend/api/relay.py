"""Global object identification and Relay connections (DESIGN §5)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.types.nodes import SelectedField
from tortoise.queryset import QuerySet

from backend.core.errors import DomainError, ErrorCode
from backend.core.pagination import ID_KEY, Page, SortKey, paginate

T = TypeVar("T")


@strawberry.interface(description="An object with a global ID (Relay 全局对象标识).")
class Node:
    id: strawberry.ID = strawberry.field(description="Opaque global ID 全局 ID.")


def to_global_id(type_name: str, pk: int) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode())


# Primary keys are 32-bit integers; a forged ID beyond them would reach the database as an
# out-of-range parameter (an internal error on PostgreSQL) instead of being refused here.
MAX_PK = 2**31 - 1


def parse_global_id(global_id: str) -> tuple[str, int] | None:
    try:
        raw = base64.urlsafe_b64decode(global_id.encode() + b"=" * (-len(global_id) % 4))
        type_name, _, pk = raw.decode().partition(":")
        number = int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return (type_name, number) if 0 < number <= MAX_PK else None


def decode_id(global_id: str, expected: str, field: str) -> int:
    """The primary key behind ``global_id`` if it names an ``expected`` object."""
    parsed = parse_global_id(global_id)
    if parsed is None:
        raise DomainError(ErrorCode.INVALID, field)
    type_name, pk = parsed
    if type_name != expected:
        raise DomainError(ErrorCode.WRONG_TYPE, field, expected=expected)
    return pk


def decode_optional_id(global_id: str | None, expected: str, field: str) -> int | None:
    return None if global_id is None else decode_id(global_id, expected, field)


@strawberry.type(description="Pagination state of a connection 分页信息.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More objects follow this page 有下一页.")
    has_previous_page: bool = strawberry.field(description="Objects precede this page 有上一页.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge.")


@strawberry.type(description="An edge in a connection.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque cursor for `after` / `before`.")
    node: T = strawberry.field(description="The object.")


@strawberry.type(description="A page of a list, with the total count of matching objects.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The objects of this page.")
    page_info: PageInfo = strawberry.field(description="Pagination state 分页信息.")
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Number of objects matching the filter, across all pages 总数.")
    async def total_count(self) -> int:
        return await self._count()

    @classmethod
    def from_page(
        cls, page: Page[Any], wrap: Callable[[Any], T], count: Callable[[], Awaitable[int]]
    ) -> Connection[T]:
        return cls(
            edges=[
                Edge(cursor=c, node=wrap(item))
                for c, item in zip(page.cursors, page.items, strict=True)
            ],
            page_info=PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=page.cursors[0] if page.cursors else None,
                end_cursor=page.cursors[-1] if page.cursors else None,
            ),
            _count=count,
        )


async def build_connection(
    qs: QuerySet[Any],
    wrap: Callable[[Any], T],
    *,
    key: SortKey = ID_KEY,
    descending: bool = False,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    prefetch: Callable[[list[Any]], Awaitable[None]] | None = None,
) -> Connection[T]:
    page = await paginate(
        qs, key, descending=descending, first=first, after=after, last=last, before=before
    )
    if prefetch is not None:
        await prefetch(page.items)
    return Connection.from_page(page, wrap, qs.count)


@strawberry.enum(description="Sort direction 排序方向.")
class SortDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


def _fields(selections: list[Any], name: str | None = None) -> list[SelectedField]:
    """Flatten fragments; keep the fields (named ``name`` when given)."""
    found: list[SelectedField] = []
    for selection in selections:
        if isinstance(selection, SelectedField):
            if name is None or selection.name == name:
                found.append(selection)
        else:
            found += _fields(selection.selections, name)
    return found


def selected_node_fields(info: Any) -> set[str]:
    """Names of the fields asked for on ``edges { node { … } }`` of the connection being resolved.

    A connection resolver uses it to load only the relations the client selected.
    """
    names: set[str] = set()
    for connection in info.selected_fields:
        for edges in _fields(connection.selections, "edges"):
            for node in _fields(edges.selections, "node"):
                names.update(field.name for field in _fields(node.selections))
    return names
