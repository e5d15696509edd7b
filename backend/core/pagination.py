"""Keyset pagination over Tortoise querysets (no offsets: page N costs what page 1 costs)."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import orjson
from tortoise.exceptions import ValidationError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from backend.core.errors import DomainError, ErrorCode

T = TypeVar("T")


@dataclass(frozen=True)
class SortKey:
    """One sortable column; the primary key always breaks ties so the order is total."""

    field: str
    parse: Callable[[Any], Any] = lambda v: v
    dump: Callable[[Any], Any] = lambda v: v


ID_KEY = SortKey("id")
# Primary keys are 32-bit: a forged cursor beyond them must not reach the database.
MAX_PK = 2**31 - 1
DATE_KEY = SortKey("birth_date", parse=dt.date.fromisoformat, dump=lambda d: d.isoformat())


@dataclass
class Page(Generic[T]):
    items: list[T]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(values)).decode().rstrip("=")


def decode_cursor(cursor: str, field: str) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = orjson.loads(raw)
    except (ValueError, orjson.JSONDecodeError):
        raise DomainError(ErrorCode.INVALID, field) from None
    if (
        not isinstance(values, list)
        or len(values) != 2
        or type(values[1]) is not int
        or not 0 < values[1] <= MAX_PK
    ):
        raise DomainError(ErrorCode.INVALID, field)
    return values


def _cursor_position(qs: QuerySet[Any], key: SortKey, cursor: str, field: str) -> tuple[Any, int]:
    """The sort value and id a cursor points after, checked against the sort column."""
    value, pk = decode_cursor(cursor, field)
    try:
        value = key.parse(value)
        qs.model._meta.fields_map[key.field].to_db_value(value, qs.model)
    except (TypeError, ValueError, ValidationError):
        raise DomainError(ErrorCode.INVALID, field) from None
    return value, pk


def _after(key: SortKey, value: Any, pk: int, descending: bool) -> Q:
    op = "lt" if descending else "gt"
    beyond: dict[str, Any] = {f"id__{op}": pk}
    if key.field == "id":
        return Q(**beyond)
    return Q(**{f"{key.field}__{op}": value}) | Q(**{key.field: value, **beyond})


def validate_page_args(
    first: int | None, last: int | None, max_size: int, default_size: int = 20
) -> tuple[int, bool]:
    """Return (size, backwards). Page sizes are 1..max_size; ``first`` wins when both are set."""
    if first is not None and last is not None:
        raise DomainError(ErrorCode.INVALID, "last")
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 1 <= value <= max_size:
            raise DomainError(ErrorCode.OUT_OF_RANGE, name, min=1, max=max_size)
    if last is not None:
        return last, True
    return (first if first is not None else default_size), False


async def paginate(
    qs: QuerySet[Any],
    key: SortKey,
    *,
    descending: bool = False,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    max_size: int = 100,
) -> Page[Any]:
    size, backwards = validate_page_args(first, last, max_size)
    if after:
        value, pk = _cursor_position(qs, key, after, "after")
        qs = qs.filter(_after(key, value, pk, descending))
    if before:
        value, pk = _cursor_position(qs, key, before, "before")
        qs = qs.filter(_after(key, value, pk, not descending))
    # Walking backwards means reading in reverse order and flipping the page afterwards.
    reverse = descending != backwards
    direction = "-" if reverse else ""
    ordering = [f"{direction}{f}" for f in dict.fromkeys((key.field, "id"))]
    rows = await qs.order_by(*ordering).limit(size + 1)
    has_more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    cursors = [encode_cursor([key.dump(getattr(row, key.field)), row.id]) for row in rows]
    return Page(
        items=rows,
        cursors=cursors,
        has_next_page=has_more if not backwards else bool(before),
        has_previous_page=has_more if backwards else bool(after),
    )


def page_by_id(rows: list[Any], size: int, after_given: bool) -> Page[Any]:
    """A forward page in id order from ``size + 1`` rows fetched past the cursor."""
    items = rows[:size]
    return Page(
        items=items,
        cursors=[encode_cursor([row.id, row.id]) for row in items],
        has_next_page=len(rows) > size,
        has_previous_page=after_given,
    )
