"""Global object identification and Relay connections (DESIGN §5)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Mapping
from enum import Enum
from typing import Any, Generic, TypeVar

import strawberry
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)
from tortoise.queryset import QuerySet

from backend.core.errors import DomainError, ErrorCode
from backend.core.pagination import ID_KEY, Page, SortKey, paginate

T = TypeVar("T")


@strawberry.interface(description="An object with a global ID (Relay 全局对象标识).")
class Node:
    id: strawberry.ID = strawberry.field(description="Opaque global ID 全局 ID.")


_URLSAFE = bytes.maketrans(b"+/", b"-_")


def to_global_id(type_name: str, pk: int) -> strawberry.ID:
    # base64.urlsafe_b64encode in one step: pages build hundreds of these per request.
    raw = binascii.b2a_base64(f"{type_name}:{pk}".encode(), newline=False)
    return strawberry.ID(raw.translate(_URLSAFE).decode())


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


def _field_nodes(
    selection_set: SelectionSetNode | None,
    fragments: Mapping[str, FragmentDefinitionNode],
    name: str | None = None,
    spread: frozenset[str] = frozenset(),
) -> list[FieldNode]:
    """The field nodes of a selection, fragments flattened (only those named ``name``)."""
    found: list[FieldNode] = []
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            if name is None or selection.name.value == name:
                found.append(selection)
        elif isinstance(selection, InlineFragmentNode):
            found += _field_nodes(selection.selection_set, fragments, name, spread)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None and fragment.name.value not in spread:
                inner = spread | {fragment.name.value}
                found += _field_nodes(fragment.selection_set, fragments, name, inner)
    return found


# (ids of the connection's field nodes) -> (selected node field names, the nodes kept alive)
_node_fields: dict[tuple[int, ...], tuple[frozenset[str], Any]] = {}


def selected_node_fields(info: Any) -> frozenset[str]:
    """Names of the fields asked for on ``edges { node { … } }`` of the connection being resolved.

    A connection resolver uses it to load only the relations the client selected. Read from
    the query's syntax tree, once per document (a page of grids asks it for every grid).
    """
    raw = info._raw_info
    nodes = raw.field_nodes
    key = tuple(id(node) for node in nodes)
    cached = _node_fields.get(key)
    if cached is not None:
        return cached[0]
    fragments = raw.fragments
    names = frozenset(
        field.name.value
        for connection in nodes
        for edges in _field_nodes(connection.selection_set, fragments, "edges")
        for node in _field_nodes(edges.selection_set, fragments, "node")
        for field in _field_nodes(node.selection_set, fragments)
    )
    if len(_node_fields) >= 1024:
        _node_fields.clear()
    _node_fields[key] = (names, nodes)
    return names
