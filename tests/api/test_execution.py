"""The fast execution context answers exactly what graphql-core answers, errors included."""

from __future__ import annotations

from enum import Enum
from typing import Any

import pytest
import strawberry

from backend.api.execution import NOT_READ, FastExecutionContext, prefetched


@strawberry.enum
class Colour(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Tag:
    label: str
    colour: Colour


CALLS: list[str] = []


@strawberry.type
class Item:
    id: strawberry.ID
    name: str
    note: str | None
    tags: list[Tag]
    _owner: strawberry.Private[Any] = NOT_READ

    @strawberry.field(metadata=prefetched("_owner"))
    def owner(self) -> Person | None:
        if self._owner is not NOT_READ:
            return self._owner  # type: ignore[no-any-return]
        CALLS.append("owner")
        return Person(name="loaded", items=[])

    @strawberry.field
    def shout(self) -> str:
        CALLS.append("shout")
        return self.name.upper()


@strawberry.type
class Person:
    name: str
    items: list[Item]


def _items(broken: bool = False, owned: bool = True) -> list[Item]:
    owner = Person(name="王", items=[]) if owned else NOT_READ
    return [
        Item(
            id=strawberry.ID(str(n)),
            name=None if broken and n == 1 else f"item{n}",  # type: ignore[arg-type]
            note=None if n % 2 else "note",
            tags=[Tag(label=f"t{n}", colour=Colour.RED), Tag(label="x", colour=Colour.BLUE)],
            _owner=owner,
        )
        for n in range(3)
    ]


@strawberry.type
class Query:
    @strawberry.field
    def items(self, broken: bool = False, owned: bool = True) -> list[Item]:
        return _items(broken, owned)

    @strawberry.field
    async def later(self) -> list[Item]:
        return _items()

    @strawberry.field
    def person(self) -> Person:
        return Person(name="李", items=_items())


plain = strawberry.Schema(query=Query)
fast = strawberry.Schema(query=Query, execution_context_class=FastExecutionContext)

QUERIES = [
    "{ items { id name note tags { label colour } owner { name } } }",
    "{ items { ...F } } fragment F on Item { id ... on Item { name tags { ...T } } }"
    " fragment T on Tag { label __typename }",
    "{ items { a: name b: name name note } later { name owner { name } } }",
    "{ person { name items { id owner { name items { id } } } } }",
    "{ items(owned: false) { name owner { name } } }",
    "{ items { name shout tags { colour } } }",
    "query ($on: Boolean!) { items { name @include(if: $on) note } }",
    "{ items { id ...on Item { id note } } }",
]


@pytest.mark.parametrize("query", QUERIES)
async def test_same_answers_as_graphql_core(query: str) -> None:
    variables = {"on": True} if "$on" in query else None
    expected = await plain.execute(query, variable_values=variables)
    CALLS.clear()
    found = await fast.execute(query, variable_values=variables)
    assert found.errors == expected.errors
    assert found.data == expected.data
    repeated = await fast.execute(query, variable_values=variables)  # from the plan cache
    assert repeated.data == expected.data


async def test_a_null_in_a_non_null_field_is_graphql_cores_error() -> None:
    query = "{ items(broken: true) { id name tags { label } } }"
    expected = await plain.execute(query)
    found = await fast.execute(query)
    assert expected.errors and found.errors
    assert [e.formatted for e in found.errors] == [e.formatted for e in expected.errors]
    assert found.data == expected.data


async def test_a_prefetched_field_skips_its_resolver_only_when_the_value_is_there() -> None:
    CALLS.clear()
    await fast.execute("{ items { owner { name } } }")
    assert CALLS == []
    await fast.execute("{ items(owned: false) { owner { name } } }")
    assert CALLS == ["owner"] * 3
    CALLS.clear()
    await fast.execute("{ items { shout } }")
    assert CALLS == ["shout"] * 3  # resolvers still run


def test_the_app_schema_uses_it() -> None:
    from backend.api.schema import schema

    assert schema.execution_context_class is FastExecutionContext


class CountingContext(FastExecutionContext):
    fields = 0

    def execute_fields(self, *args: Any, **kwargs: Any) -> Any:
        CountingContext.fields += len(args[3])
        return super().execute_fields(*args, **kwargs)


counting = strawberry.Schema(query=Query, execution_context_class=CountingContext)


@pytest.mark.parametrize("query", QUERIES[:4])
async def test_plain_subtrees_are_built_without_graphql_cores_field_loop(query: str) -> None:
    CountingContext.fields = 0
    result = await counting.execute(query)
    assert result.errors is None
    assert CountingContext.fields <= 2  # the root fields only
