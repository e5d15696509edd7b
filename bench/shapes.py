"""The request shapes: one question asked of Gongzhi, of PostGraphile and of the floor.

Each shape gives, per target dialect, the HTTP request to time and a function that turns the
response into a canonical structure (global IDs decoded to primary keys, connections to
lists, PostGraphile's column names to Gongzhi's), so the runner can check before timing that
every target returns the same data. The floor answers in Gongzhi's dialect, built by
PostgreSQL in one statement (see ``bench/floor.py``).
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson

GONGZHI, POSTGRAPHILE, FLOOR = "gongzhi", "postgraphile", "floor"

SUBDISTRICT_CODE = "110105001000"  # the first subdistrict: the same at every dataset size
SEARCH_PREFIX = "王晓"
SEARCH_AGE_MIN, SEARCH_AGE_MAX = 18, 59
PAGE_GRIDS, PAGE_RESIDENTS, SEARCH_PAGE = 20, 20, 20


@dataclass(frozen=True)
class Request:
    path: str
    body: bytes


@dataclass
class Shape:
    name: str
    description: str
    requests: dict[str, Request]
    canonical: dict[str, Callable[[Any], Any]]
    notes: list[str] = field(default_factory=list)
    variant: str = "standard"


class ShapeError(AssertionError):
    """A response that is not the data the shape asks for."""


def _graphql(query: str, variables: dict[str, Any] | None = None) -> bytes:
    return orjson.dumps({"query": " ".join(query.split()), "variables": variables or {}})


def global_id(type_name: str, pk: int) -> str:
    """Gongzhi's global ID (backend/api/relay.py): urlsafe base64 of ``Type:pk``."""
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode()


def global_pk(value: str, type_name: str) -> int:
    raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
    kind, _, pk = raw.partition(":")
    if kind != type_name:
        raise ShapeError(f"expected a {type_name} ID, got {raw!r}")
    return int(pk)


def _data(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict) or body.get("errors") or not isinstance(body.get("data"), dict):
        raise ShapeError(f"not a successful GraphQL response: {str(body)[:300]}")
    data: dict[str, Any] = body["data"]
    return data


def years_ago(years: int, today: dt.date) -> dt.date:
    # As backend/residents/services.py computes age filters (29 February → 28 February).
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


# ---------------------------------------------------------------- residents in both dialects

RESIDENT_FIELDS = (
    "id name gender age residency relationToHead idNumber phone"
    " household { id number } careTags { kind tier }"
)
RESIDENT_FIELDS_PG = (
    "rowId name gender age residency relationToHead idNumberMasked phoneMasked"
    " householdByHouseholdId { rowId number }"
    " careTagsByResidentId(orderBy: KIND_ASC) { nodes { kind tier } }"
)
SEARCH_FIELDS = "id name gender age residency careTags { kind tier } household { id number }"
SEARCH_FIELDS_PG = (
    "rowId name gender age residency"
    " careTagsByResidentId(orderBy: KIND_ASC) { nodes { kind tier } }"
    " householdByHouseholdId { rowId number }"
)


def _resident(node: dict[str, Any]) -> dict[str, Any]:
    out = dict(node)
    out["id"] = global_pk(node["id"], "Resident")
    if node.get("household") is not None:
        out["household"] = {
            "id": global_pk(node["household"]["id"], "Household"),
            "number": node["household"]["number"],
        }
    return out


def _resident_pg(node: dict[str, Any]) -> dict[str, Any]:
    renames = {
        "rowId": "id",
        "idNumberMasked": "idNumber",
        "phoneMasked": "phone",
        "householdByHouseholdId": "household",
        "careTagsByResidentId": "careTags",
    }
    out = {renames.get(k, k): v for k, v in node.items()}
    if "phone" in out:
        out["phone"] = out["phone"] or None  # Gongzhi shows no phone as null, stored as ""
    if out.get("household") is not None:
        out["household"] = {"id": out["household"]["rowId"], "number": out["household"]["number"]}
    if "careTags" in out:
        out["careTags"] = out["careTags"]["nodes"]
    return out


# ---------------------------------------------------------------- the shapes


def typename() -> Shape:
    query = _graphql("{ __typename }")

    def canonical(body: Any) -> Any:
        return _data(body)

    return Shape(
        "typename",
        "{ __typename }: the cost of one GraphQL request with no data",
        {
            GONGZHI: Request("/graphql", query),
            POSTGRAPHILE: Request("/graphql", query),
            FLOOR: Request("/bench/typename", b"{}"),
        },
        dict.fromkeys((GONGZHI, POSTGRAPHILE, FLOOR), canonical),
        ["floor: a constant JSON body from Starlette, no database"],
    )


def grid_page(nested: bool, grid_ids: list[str] | None = None) -> Shape:
    """20 grids by code, each with its first 20 residents (household, care tags) by id.

    ``nested`` uses ``Grid.residents(first:)`` when the schema has it; otherwise the only form
    the schema allows: ``grids`` plus one aliased ``residents(filter: {gridId})`` per grid.
    """
    if nested:
        gongzhi = _graphql(
            f"""query GridPage {{ grids(first: {PAGE_GRIDS}) {{ edges {{ node {{ id code name
            residents(first: {PAGE_RESIDENTS}) {{ edges {{ node {{ {RESIDENT_FIELDS} }} }} }}
            }} }} }} }}"""
        )
    else:
        if not grid_ids:
            raise ValueError("the aliased grid page needs the grid IDs")
        aliases = " ".join(
            f'g{i:02d}: residents(filter: {{gridId: "{gid}"}}, first: {PAGE_RESIDENTS})'
            f" {{ edges {{ node {{ {RESIDENT_FIELDS} }} }} }}"
            for i, gid in enumerate(grid_ids)
        )
        gongzhi = _graphql(
            f"query GridPage {{ grids(first: {PAGE_GRIDS})"
            f" {{ edges {{ node {{ id code name }} }} }} {aliases} }}"
        )
    postgraphile = _graphql(
        f"""query GridPage {{ allGrids(first: {PAGE_GRIDS}, orderBy: CODE_ASC) {{ nodes {{
        rowId code name residentsByGridId(first: {PAGE_RESIDENTS}, orderBy: PRIMARY_KEY_ASC) {{
        nodes {{ {RESIDENT_FIELDS_PG} }} }} }} }} }}"""
    )

    def canonical_gongzhi(body: Any) -> Any:
        data = _data(body)
        grids = [edge["node"] for edge in data["grids"]["edges"]]
        out = []
        for index, grid in enumerate(grids):
            residents = grid["residents"] if nested else data[f"g{index:02d}"]
            out.append(
                {
                    "id": global_pk(grid["id"], "Grid"),
                    "code": grid["code"],
                    "name": grid["name"],
                    "residents": [_resident(edge["node"]) for edge in residents["edges"]],
                }
            )
        return out

    def canonical_postgraphile(body: Any) -> Any:
        return [
            {
                "id": grid["rowId"],
                "code": grid["code"],
                "name": grid["name"],
                "residents": [_resident_pg(n) for n in grid["residentsByGridId"]["nodes"]],
            }
            for grid in _data(body)["allGrids"]["nodes"]
        ]

    notes = [
        "Gongzhi: grids(first: 20) { residents(first: 20) } in one query"
        if nested
        else "Gongzhi has no Grid.residents yet: grids(first: 20) plus 20 aliased"
        " residents(filter: {gridId}, first: 20) root fields in the same request"
    ]
    return Shape(
        "grid_page",
        "20 grids x 20 residents with household and care tags",
        {
            GONGZHI: Request("/graphql", gongzhi),
            POSTGRAPHILE: Request("/graphql", postgraphile),
            FLOOR: Request("/bench/grid_page", b"{}"),
        },
        {
            GONGZHI: canonical_gongzhi,
            POSTGRAPHILE: canonical_postgraphile,
            FLOOR: _floor_grid_page,
        },
        notes,
        "nested" if nested else "aliased",
    )


def _floor_grid_page(body: Any) -> Any:
    # The floor always answers in the nested form.
    data = _data(body)
    return [
        {
            "id": global_pk(grid["id"], "Grid"),
            "code": grid["code"],
            "name": grid["name"],
            "residents": [_resident(e["node"]) for e in grid["residents"]["edges"]],
        }
        for grid in (edge["node"] for edge in data["grids"]["edges"])
    ]


def search_dates(today: dt.date) -> tuple[dt.date, dt.date]:
    """(born after, born on or before) for ages SEARCH_AGE_MIN..SEARCH_AGE_MAX today."""
    return years_ago(SEARCH_AGE_MAX + 1, today), years_ago(SEARCH_AGE_MIN, today)


def resident_search(today: dt.date) -> Shape:
    """Name prefix with an age range, first page of 20 by id, with the total count."""
    born_after, born_by = search_dates(today)
    gongzhi = _graphql(
        f"""query Search($filter: ResidentFilter!) {{ residents(filter: $filter,
        first: {SEARCH_PAGE}) {{ totalCount pageInfo {{ hasNextPage endCursor }}
        edges {{ node {{ {SEARCH_FIELDS} }} }} }} }}""",
        {
            "filter": {
                "namePrefix": SEARCH_PREFIX,
                "ageMin": SEARCH_AGE_MIN,
                "ageMax": SEARCH_AGE_MAX,
            }
        },
    )
    postgraphile = _graphql(
        f"""query Search($prefix: String!, $bornAfter: Date!, $bornBy: Date!) {{
        allResidents(first: {SEARCH_PAGE}, orderBy: PRIMARY_KEY_ASC, filter: {{
        name: {{ startsWith: $prefix }},
        birthDate: {{ greaterThan: $bornAfter, lessThanOrEqualTo: $bornBy }} }}) {{
        totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ {SEARCH_FIELDS_PG} }} }} }}""",
        {
            "prefix": SEARCH_PREFIX,
            "bornAfter": born_after.isoformat(),
            "bornBy": born_by.isoformat(),
        },
    )
    floor = orjson.dumps(
        {
            "prefix": SEARCH_PREFIX,
            "bornAfter": born_after.isoformat(),
            "bornBy": born_by.isoformat(),
        }
    )

    def canonical_gongzhi(body: Any) -> Any:
        found = _data(body)["residents"]
        return {
            "totalCount": found["totalCount"],
            "hasNextPage": found["pageInfo"]["hasNextPage"],
            "nodes": [_resident(edge["node"]) for edge in found["edges"]],
        }

    def canonical_postgraphile(body: Any) -> Any:
        found = _data(body)["allResidents"]
        return {
            "totalCount": found["totalCount"],
            "hasNextPage": found["pageInfo"]["hasNextPage"],
            "nodes": [_resident_pg(node) for node in found["nodes"]],
        }

    return Shape(
        "resident_search",
        f"name prefix {SEARCH_PREFIX!r}, age {SEARCH_AGE_MIN}-{SEARCH_AGE_MAX}:"
        f" first {SEARCH_PAGE} by id with totalCount",
        {
            GONGZHI: Request("/graphql", gongzhi),
            POSTGRAPHILE: Request("/graphql", postgraphile),
            FLOOR: Request("/bench/resident_search", floor),
        },
        {
            GONGZHI: canonical_gongzhi,
            POSTGRAPHILE: canonical_postgraphile,
            FLOOR: canonical_gongzhi,
        },
        ["the residents' list query of the frontend (Residents in residents.graphql)"],
    )


def dashboard() -> Shape:
    """A subdistrict's communities and grids, with residents and residents per care tag."""
    gongzhi = _graphql(
        """query Dashboard($code: String!) { division(code: $code) { code name children {
        code name grids { code name residentCount careTagCounts { kind count } } } } }""",
        {"code": SUBDISTRICT_CODE},
    )
    postgraphile = _graphql(
        """query Dashboard($code: String!) { divisionByCode(code: $code) { code name
        divisionsByParentId(orderBy: CODE_ASC) { nodes { code name
        gridsByCommunityId(orderBy: CODE_ASC) { nodes { code name
        residentsByGridId { totalCount } careTagCounts { nodes { kind count } } } } } } } }""",
        {"code": SUBDISTRICT_CODE},
    )
    floor = orjson.dumps({"code": SUBDISTRICT_CODE})

    def canonical_gongzhi(body: Any) -> Any:
        division = _data(body)["division"]
        if division is None:
            raise ShapeError(f"no division {SUBDISTRICT_CODE}")
        return division

    def canonical_postgraphile(body: Any) -> Any:
        division = _data(body)["divisionByCode"]
        if division is None:
            raise ShapeError(f"no division {SUBDISTRICT_CODE}")
        return {
            "code": division["code"],
            "name": division["name"],
            "children": [
                {
                    "code": community["code"],
                    "name": community["name"],
                    "grids": [
                        {
                            "code": grid["code"],
                            "name": grid["name"],
                            "residentCount": grid["residentsByGridId"]["totalCount"],
                            "careTagCounts": grid["careTagCounts"]["nodes"],
                        }
                        for grid in community["gridsByCommunityId"]["nodes"]
                    ],
                }
                for community in division["divisionsByParentId"]["nodes"]
            ],
        }

    return Shape(
        "dashboard",
        "residents and residents per care tag in each grid of one subdistrict",
        {
            GONGZHI: Request("/graphql", gongzhi),
            POSTGRAPHILE: Request("/graphql", postgraphile),
            FLOOR: Request("/bench/dashboard", floor),
        },
        {
            GONGZHI: canonical_gongzhi,
            POSTGRAPHILE: canonical_postgraphile,
            FLOOR: canonical_gongzhi,
        },
        [
            "PostGraphile: residentsByGridId.totalCount and the grid_care_tag_counts() computed"
            " column (bench/postgraphile/reference.sql)"
        ],
    )


# Shapes of the performance issue that cannot be measured yet, with the reason.
NOT_AVAILABLE: dict[str, str] = {}
# vote_cast is timed by bench/vote_cast.py (every request a different voter), not with wrk.
SHAPE_NAMES = ("typename", "grid_page", "resident_search", "dashboard", "vote_cast")

# Probe for Grid.residents: the nested grid page needs it.
GRID_FIELDS_PROBE = _graphql('{ __type(name: "Grid") { fields { name args { name } } } }')
GRID_IDS_QUERY = _graphql(f"{{ grids(first: {PAGE_GRIDS}) {{ edges {{ node {{ id }} }} }} }}")


def grid_has_residents(body: Any) -> bool:
    fields = {f["name"]: {a["name"] for a in f["args"]} for f in _data(body)["__type"]["fields"]}
    return "first" in fields.get("residents", set())
