"""Schema fuzzing: no generated query or mutation makes the server fail (issue 3).

schemathesis (GraphQL, through hypothesis-graphql) writes documents for every root field of the
schema the app itself introspects, over a small seeded register; they are posted to the ASGI app
as a platform administrator, as a designated staff member and as an anonymous caller. A server
error is an HTTP 5xx or a GraphQL error masked as "Internal server error" (an unexpected
exception, see ``backend/api/schema.py``). Hypothesis shrinks a failure to a small document.

Hypothesis runs in a worker thread and hands each request to the test's event loop, where the
database connections live. The run is derandomized (the same documents on every run, so CI is
reproducible) and bounded so the test finishes in well under a minute on either backend.

Inputs the fuzzer found once are kept as plain regression tests at the end.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import datetime as dt
import json
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from string import Template
from typing import Any

import graphql
import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from schemathesis.generation.feedback import NO_FEEDBACK
from schemathesis.graphql import nodes

from backend.core.validators import id_check_character
from backend.special.models import SpecialPopulationCategory
from backend.special.services import RecordData, create_record
from tests.conftest import TEST_SETTINGS, GraphQLClient, session_token_for
from tests.factories import (
    EVERYTHING,
    make_dwelling,
    make_grid,
    make_household,
    make_resident,
    make_tree,
)

MASKED = "Internal server error"

# --- values shaped like this API's inputs, so the fuzzer gets past the first validation --------


def _global_id(kind: str, pk: Any) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{pk}".encode()).decode()


def _cursor(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def _id_number(birth: dt.date, order: int) -> str:
    first17 = f"110105{birth.year:04d}{birth.month:02d}{birth.day:02d}{order:03d}"
    return first17 + id_check_character(first17)


JSON_LEAVES = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.from_regex(r"\A[a-z][A-Za-z0-9_]{0,7}\Z"), children, max_size=4)
    ),
    max_leaves=12,
)
# Mostly primary keys of seeded rows; sometimes ones past every integer column's range.
SMALL_PKS = st.integers(1, 15)
ODD_PKS = st.sampled_from([0, -1, 2**31 - 1, 2**31, 2**63, 10**30]) | st.integers()
PKS = st.one_of(SMALL_PKS, SMALL_PKS, SMALL_PKS, ODD_PKS)
# Text that databases, LIKE patterns and parsers treat specially.
NASTY = st.sampled_from(
    [
        *(
            "",
            " ",
            "\x00",
            "a\x00b",
            "%",
            "_",
            "\\",
            "'",
            '"',
            "\n",
            "\u202e",
            "名" * 300,
            "x" * 5000,
        ),
        *("0", "-1", "1e309", "null", "[]", "{}", "1980-02-30", "2999-01-01", "0000-00-00"),
    ]
)
CODES = st.sampled_from(["110105000000", "110105001000", "110105001001", "110105001001001"]) | (
    st.from_regex(r"\A(110105|110101|990000)[0-9]{3}[0-9]{3}([0-9]{3})?\Z")
)
POSITIONS = st.lists(st.floats(-200, 200, allow_nan=False), min_size=2, max_size=3)
GEOJSON = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["Polygon", "MultiPolygon", "Point", "polygon", ""]),
        "coordinates": st.lists(st.lists(POSITIONS, max_size=6), max_size=2) | JSON_VALUES,
    }
)
SQUARE = [[116.4, 39.9], [116.5, 39.9], [116.5, 40.0], [116.4, 39.9]]
INTS = st.one_of(
    st.integers(0, 120),
    st.sampled_from([-1, 0, 1, 20, 100, 101, 2**31 - 1, -(2**31)]),
    st.integers(-(2**31), 2**31 - 1),
)
OFFSETS = st.builds(dt.timezone, st.timedeltas(dt.timedelta(hours=-23), dt.timedelta(hours=23)))
DATETIMES = st.datetimes(timezones=st.none() | st.just(dt.UTC) | OFFSETS).map(dt.datetime.isoformat)


def _kinds(schema: graphql.GraphQLSchema) -> list[str]:
    node = schema.get_type("Node")
    return sorted(
        name
        for name, kind in schema.type_map.items()
        if isinstance(kind, graphql.GraphQLObjectType) and node in kind.interfaces
    )


def _value_node(value: Any) -> graphql.ValueNode:
    """A GraphQL literal for a JSON value (the JSON scalar takes object and list literals)."""
    if value is None:
        return graphql.NullValueNode()
    if isinstance(value, bool):
        return nodes.Boolean(value)
    if isinstance(value, int):
        return nodes.Int(value)
    if isinstance(value, float):
        return nodes.Float(value)
    if isinstance(value, str):
        return nodes.String(value)
    if isinstance(value, list):
        return nodes.List([_value_node(v) for v in value])
    return nodes.Object(
        [
            graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=_value_node(v))
            for k, v in value.items()
        ]
    )


def register_scalars(kinds: list[str]) -> None:
    """Strategies for the schema's scalars that also produce this API's shapes of input.

    Plain random text never gets past global-ID, cursor, division-code or ID-number parsing, and
    random 32-bit integers never make a valid page size, so the resolvers behind them would go
    untested. Each strategy still draws arbitrary values too.
    """
    pks = PKS | st.sampled_from(["", "x", " 1", "1_0", "١", "1.5", "-0"])
    global_ids = st.builds(_global_id, st.sampled_from(kinds), pks) | st.builds(
        _global_id, st.sampled_from(["Account", "Nope", ""]), pks
    )
    sort_values = st.one_of(CODES, st.dates().map(str), SMALL_PKS, NASTY, JSON_VALUES)
    cursors = st.builds(_cursor, st.tuples(sort_values, PKS).map(list) | JSON_VALUES)
    text = st.one_of(
        st.text(),
        NASTY,
        NASTY,
        CODES,
        cursors,
        global_ids,
        st.builds(_id_number, st.dates(), st.integers(0, 999)),
        st.from_regex(r"\A(\+86)?1[3-9][0-9]{9}\Z"),
        st.dates().map(str),
    )
    json_values = st.one_of(
        GEOJSON, JSON_VALUES, st.just({"type": "Polygon", "coordinates": [SQUARE]})
    )
    scalars = {
        "ID": st.one_of(global_ids, global_ids, global_ids, NASTY, st.text()).map(nodes.String),
        "String": text.map(nodes.String),
        "Int": INTS.map(nodes.Int),
        "JSON": json_values.map(_value_node),
        "Date": (st.dates().map(str) | NASTY).map(nodes.String),
        "DateTime": (DATETIMES | NASTY).map(nodes.String),
    }
    for name, strategy in scalars.items():
        schemathesis.graphql.scalar(name, strategy)


# --- arguments that fit together -----------------------------------------------------------

# The kind of object an ID argument names, by the argument's name.
KIND_OF_ARGUMENT = {
    "communityId": "Division",
    "parentId": "Division",
    "gridId": "Grid",
    "workerId": "GridWorker",
    "compoundId": "Compound",
    "buildingId": "Building",
    "dwellingId": "Dwelling",
    "householdId": "Household",
    "sourceId": "Household",
    "targetId": "Household",
    "residentId": "Resident",
    "ownerIds": "Resident",
    "accountId": "Account",
}
VERBS = ("Create", "Update", "End", "Reveal", "Move", "Merge", "Set", "Assign")


def _replace(node: Any, **changes: Any) -> Any:
    """AST nodes are immutable: a copy with some attributes changed."""
    return node.__class__(**{key: changes.get(key, getattr(node, key)) for key in node.keys})


class Plausible:
    """Rewrites a generated document so that its arguments more often fit together.

    Each argument is left as generated, dropped when optional, or (for page sizes, cursors and
    IDs) replaced by a value this API accepts: a small page, no cursor, the global ID of a seeded
    row of the kind the argument names. Every choice is drawn from ``rnd``, Hypothesis' random.
    """

    def __init__(self, schema: graphql.GraphQLSchema, kinds: list[str], rnd: Any) -> None:
        self.schema, self.kinds, self.rnd = schema, kinds, rnd

    def document(self, document: graphql.DocumentNode) -> graphql.DocumentNode:
        definitions = []
        for definition in document.definitions:
            if isinstance(definition, graphql.OperationDefinitionNode):
                root = self.schema.get_root_type(definition.operation)
                selection_set = self.selections(definition.selection_set, root, None)
                definition = _replace(definition, selection_set=selection_set)
            definitions.append(definition)
        return _replace(document, definitions=tuple(definitions))

    def selections(self, selection_set: Any, parent: Any, root: str | None) -> Any:
        selections = []
        for selection in selection_set.selections:
            if isinstance(selection, graphql.FieldNode) and selection.name.value in getattr(
                parent, "fields", {}
            ):
                definition = parent.fields[selection.name.value]
                name = root or selection.name.value
                arguments = [
                    _replace(argument, value=value)
                    for argument in selection.arguments or ()
                    if (value := self.value(argument, definition.args[argument.name.value], name))
                    is not None
                ]
                inner = selection.selection_set
                if inner is not None:
                    inner = self.selections(inner, graphql.get_named_type(definition.type), name)
                selection = _replace(selection, arguments=tuple(arguments), selection_set=inner)
            elif isinstance(selection, graphql.InlineFragmentNode):
                kind = self.schema.get_type(selection.type_condition.name.value)
                inner = self.selections(selection.selection_set, kind, root)
                selection = _replace(selection, selection_set=inner)
            selections.append(selection)
        return _replace(selection_set, selections=tuple(selections))

    def value(self, node: Any, definition: Any, root: str) -> Any:
        """The new value of an argument or input field ``node``; None drops it."""
        name, kind, value = node.name.value, definition.type, node.value
        optional = not isinstance(kind, graphql.GraphQLNonNull)
        if optional and (self.rnd.random() < 0.4 or name in ("after", "before", "last")):
            return None
        named = graphql.get_named_type(kind)
        if name in ("first", "last") and self.rnd.random() < 0.8:
            return nodes.Int(self.rnd.randint(1, 25))
        if named.name == "ID" and self.rnd.random() < 0.8:
            if isinstance(value, graphql.ListValueNode):
                ids = [self.global_id(name, root) for _ in range(self.rnd.randint(1, 3))]
                return nodes.List(ids)
            return self.global_id(name, root)
        if isinstance(named, graphql.GraphQLInputObjectType) and isinstance(
            value, graphql.ObjectValueNode
        ):
            fields = [
                _replace(field, value=new)
                for field in value.fields
                if (new := self.value(field, named.fields[field.name.value], root)) is not None
            ]
            return _replace(value, fields=tuple(fields))
        return value

    def global_id(self, name: str, root: str) -> graphql.ValueNode:
        kind = KIND_OF_ARGUMENT.get(name)
        if kind is None and name in ("id", "ids"):
            noun = next((root[: -len(v)] for v in VERBS if root.endswith(v)), None)
            kind = noun[:1].upper() + noun[1:] if noun else self.rnd.choice(self.kinds)
        return nodes.String(
            _global_id(kind or self.rnd.choice(self.kinds), self.rnd.randint(1, 12))
        )


def register_plausible_arguments(schema: Any, kinds: list[str]) -> None:
    client_schema = schema.client_schema

    def flatmap_body(context: Any, body: graphql.DocumentNode) -> st.SearchStrategy[Any]:
        rewritten = st.randoms().map(
            lambda rnd: Plausible(client_schema, kinds, rnd).document(body)
        )
        return st.just(body) | rewritten

    schema.hooks.register_hook_with_name(flatmap_body, "flatmap_body")


# --- the test ---------------------------------------------------------------------------------


async def _seed() -> None:
    tree = await make_tree()
    grids = [
        await make_grid(tree["c1"], "110105001001001"),
        await make_grid(tree["c1"], "110105001001002"),
        await make_grid(tree["c2"], "110105002001001"),
    ]
    for grid in grids:
        dwelling = await make_dwelling(grid, unit="101")
        household = await make_household(grid, dwelling)
        await make_resident(grid, "李四", household=household, relation="HEAD")
        await make_resident(grid, "王五", household=household, relation="SPOUSE", male=False)
        await make_resident(grid, "赵六", phone=None)
    for resident_id, category in ((1, "COMMUNITY_CORRECTION"), (4, "OTHER")):
        data = RecordData(resident_id, SpecialPopulationCategory(category), notes="定期走访")
        await create_record(EVERYTHING, data, None)


def server_errors(response: httpx.Response) -> list[str]:
    """What in a response shows a server error: a 5xx, or a GraphQL error masked as one."""
    problems = []
    if response.status_code >= 500:
        problems.append(f"HTTP {response.status_code}: {response.text[:500]}")
    if "json" in response.headers.get("content-type", ""):
        body = response.json()
        errors = (body.get("errors") or []) if isinstance(body, dict) else []
        problems += [f"{MASKED} at {e.get('path')}" for e in errors if e.get("message") == MASKED]
    return problems


# Each caller and its share of documents, spread evenly over the root fields (at least 3 per
# field), so the run stays bounded as the schema grows: about 1,000 requests for 65 root fields,
# 30-55 s for all three on either backend on this project's 2-core machine while other test runs
# kept it at a load of 6-9 (less on a machine of its own). The administrator reaches every
# resolver; the designated staff member the special-population ones and a scope below the top;
# the anonymous caller the authentication paths and every permission refusal.
CALLERS: dict[str, tuple[dict[str, Any] | None, int]] = {
    "platform_admin": ({"role": "PLATFORM_ADMIN"}, 640),
    "designated_staff": (
        {
            "role": "DIVISION_STAFF",
            "division_codes": ["110105000000"],
            "special_population_designee": True,
        },
        280,
    ),
    "anonymous": (None, 200),
}
MIN_EXAMPLES = 3

FUZZ_SETTINGS = settings(
    derandomize=True,  # the same documents on every run: a CI failure reproduces locally
    database=None,  # nothing kept between runs
    deadline=None,  # a request's time depends on the machine and the backend, not the input
    phases=[Phase.explicit, Phase.generate, Phase.shrink],  # no slow "explain" phase
    # A document drawn from the whole schema is larger and slower to build than Hypothesis
    # expects of one example; that is the generator's cost, not a fault of the API under test.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
)


async def _token(caller: str) -> str | None:
    account, _ = CALLERS[caller]
    return None if account is None else await session_token_for(**account)


@dataclasses.dataclass
class Sender:
    """Posts documents as one caller; counts what it sent."""

    http: httpx.AsyncClient
    caller: str
    token: str | None = None
    sent: int = 0
    statuses: Counter[int] = dataclasses.field(default_factory=Counter)

    async def __call__(self, body: str, field: str) -> list[str]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = await self.http.post("/graphql", json={"query": body}, headers=headers)
        self.http.cookies.clear()  # a lucky login must not turn the caller into someone else
        self.sent += 1
        self.statuses[response.status_code] += 1
        if field == "authLogout" and self.token:
            self.token = await _token(self.caller)  # it may have ended the session
        return server_errors(response)


def _fuzz(
    operation: Any,
    examples: int,
    send: Callable[[str, str], Awaitable[list[str]]],
    loop: asyncio.AbstractEventLoop,
) -> None:
    """Hypothesis on one root field, in a worker thread; each request runs on ``loop``."""
    field = operation.definition.field_name

    @settings(FUZZ_SETTINGS, max_examples=examples)
    @given(case=operation.as_strategy(feedback=NO_FEEDBACK))
    def check(case: Any) -> None:
        note(case.body)
        problems = asyncio.run_coroutine_threadsafe(send(case.body, field), loop).result(60)
        assert not problems, f"{operation.label}: {problems}"

    check()


@pytest.mark.parametrize("caller", list(CALLERS))
async def test_fuzzed_queries_and_mutations_cause_no_server_error(db: str, caller: str) -> None:
    from backend.app import create_app

    await _seed()
    # The fuzzer sends more in a minute than any one caller may: rate limits are tested elsewhere.
    app_settings = dataclasses.replace(
        TEST_SETTINGS, rate_limit_per_address=0, rate_limit_per_user=0, rate_limit_per_api_key=0
    )
    transport = httpx.ASGITransport(app=create_app(app_settings, migrate=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        admin = {"Authorization": f"Bearer {await session_token_for('PLATFORM_ADMIN')}"}
        introspection = await http.post(
            "/graphql", json={"query": graphql.get_introspection_query()}, headers=admin
        )
        assert introspection.status_code == 200, introspection.text
        schema = schemathesis.graphql.from_dict(introspection.json())
        kinds = _kinds(schema.client_schema)
        register_scalars(kinds)
        register_plausible_arguments(schema, kinds)
        operations = [result.ok() for result in schema.get_all_operations()]
        query, mutation = schema.client_schema.query_type, schema.client_schema.mutation_type
        assert query is not None and mutation is not None
        fields = {operation.definition.field_name for operation in operations}
        assert fields == {*query.fields, *mutation.fields}  # every root field is fuzzed

        send = Sender(http, caller, await _token(caller))
        examples = max(MIN_EXAMPLES, CALLERS[caller][1] // len(operations))
        started = time.monotonic()
        for operation in operations:
            await asyncio.to_thread(_fuzz, operation, examples, send, asyncio.get_running_loop())
        elapsed = time.monotonic() - started
    print(
        f"fuzz as {caller} on {db}: {send.sent} requests in {elapsed:.1f} s, {dict(send.statuses)}"
    )
    assert send.sent >= len(operations) * examples  # shrinking only ever adds requests


# Inputs that once gave a server error, and the error code (top-level or in the payload) each
# gets now; None: no error at all.
REGRESSIONS = [
    # strawberry's Info has no parent_type: every permission refusal was an internal error
    pytest.param(
        "anonymous",
        '{ division(code: "110105000000") { name } }',
        "UNAUTHENTICATED",
        id="permission-refusal",
    ),
    # values longer than their column reached the ORM's validation
    pytest.param(
        "platform_admin",
        '{ division(code: "1101050000001") { name } }',
        None,
        id="long-division-code",
    ),
    pytest.param(
        "anonymous",
        Template(
            'mutation { authLogin(input: {username: "$u", password: "x"}) { errors { code } } }'
        ).substitute(u="u" * 65),
        "INVALID_CREDENTIALS",
        id="long-username",
    ),
    pytest.param(
        "platform_admin",
        Template('{ auditEntries(filter: {operation: "$op"}) { totalCount } }').substitute(
            op="x" * 65
        ),
        "TOO_LONG",
        id="long-audit-operation",
    ),
    # cursors: an id past 64 bits, a sort value of the wrong type
    pytest.param(
        "platform_admin",
        Template('{ gridWorkers(after: "$c") { edges { cursor } } }').substitute(
            c=_cursor(["x", 2**63])
        ),
        "INVALID",
        id="cursor-id-overflow",
    ),
    pytest.param(
        "platform_admin",
        Template(
            '{ residents(sort: {field: BIRTH_DATE, direction: ASC}, after: "$c") { totalCount } }'
        ).substitute(c=_cursor([True, 1])),
        "INVALID",
        id="cursor-sort-value-type",
    ),
    # NUL characters, which PostgreSQL text cannot hold
    pytest.param(
        "platform_admin",
        '{ compounds(filter: {namePrefix: "a\\u0000"}) { totalCount } }',
        "INVALID",
        id="nul-in-filter",
    ),
    pytest.param(
        "platform_admin",
        Template(
            'mutation { gridCreate(input: {communityId: "$c", code: "a\\u0000", name: "x"})'
            " { errors { code } } }"
        ).substitute(c=_global_id("Division", 4)),
        "INVALID",
        id="nul-in-input",
    ),
    # a time without an offset went to the ORM naive (a RuntimeWarning, an error under pytest)
    pytest.param(
        "platform_admin",
        '{ auditEntries(filter: {since: "2000-02-01T00:03:00"}) { totalCount } }',
        None,
        id="naive-datetime",
    ),
]


@pytest.mark.parametrize(("caller", "query", "code"), REGRESSIONS)
async def test_inputs_that_once_broke_the_server_get_an_answer(
    client: httpx.AsyncClient, caller: str, query: str, code: str | None
) -> None:
    await _seed()
    body = await GraphQLClient(client, await _token(caller))(query)
    errors = body.get("errors") or []
    assert all(e["message"] != MASKED for e in errors), errors
    payload_errors = [
        e
        for value in (body.get("data") or {}).values()
        if isinstance(value, dict)
        for e in value.get("errors") or []
    ]
    codes = {(e.get("extensions") or {}).get("code") for e in errors} | {
        e.get("code") for e in payload_errors
    }
    assert codes == ({code} if code else set()), body
