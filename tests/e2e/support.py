"""Helpers for the browser tests: valid ID numbers, a GraphQL client for the live server (logged
in with a bearer token), and the register every e2e module creates for itself through the
public mutations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import httpx

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def id_number(region: str, birth: dt.date, sequence: int) -> str:
    """An 18-character ID number with its GB 11643 check character (odd sequence: male)."""
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    assert len(body) == 17
    total = sum(int(digit) * weight for digit, weight in zip(body, WEIGHTS, strict=True))
    return body + CHECK_CHARS[total % 11]


def with_wrong_check(number: str) -> str:
    """The same ID number with a check character that does not match."""
    wrong = next(c for c in CHECK_CHARS if c != number[-1])
    return number[:-1] + wrong


def mask_id(number: str) -> str:
    return f"{number[:6]}{'*' * 8}{number[-4:]}"


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}"


def age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


class GraphQLFailed(AssertionError):
    pass


LOGIN = """
mutation($input: AuthLoginInput!) {
  authLogin(input: $input) { token viewer { landingApp } errors { field code message } }
}"""


class Api:
    """GraphQL over HTTP against the server under test (127.0.0.1 only); after `login` every
    request carries the session as a bearer token."""

    def __init__(self, base_url: str, token: str | None = None) -> None:
        self.base_url = base_url
        self.token = token

    def login(self, username: str, password: str) -> str:
        """Log in as a staff account; returns the session token (also the cookie's value)."""
        result = Api(self.base_url)(
            LOGIN,
            {"input": {"username": username, "password": password, "tokenInResponse": True}},
        )["authLogin"]
        if result["errors"] or not result["token"]:
            raise GraphQLFailed(f"login as {username} failed: {result['errors']}")
        self.token = result["token"]
        return str(result["token"])

    def __call__(
        self, query: str, variables: dict[str, Any] | None = None, *, lang: str = "zh-CN"
    ) -> dict[str, Any]:
        headers = {"Accept-Language": lang}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        response = httpx.post(
            f"{self.base_url}/graphql",
            json={"query": query, "variables": variables or {}},
            headers=headers,
            timeout=30,
        )
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        if body.get("errors"):
            raise GraphQLFailed(f"GraphQL errors: {body['errors']}")
        data: dict[str, Any] = body["data"]
        return data

    def mutate(self, name: str, input_type: str, selection: str, payload: dict[str, Any]) -> Any:
        """Run `name(input:)`, fail on any payload error, return the selected object."""
        query = (
            f"mutation($input: {input_type}!) {{ {name}(input: $input) "
            f"{{ {selection} errors {{ field code message }} }} }}"
        )
        result = self(query, {"input": payload})[name]
        if result["errors"]:
            raise GraphQLFailed(f"{name} failed: {result['errors']}")
        key = selection.split("{", 1)[0].strip()
        return result[key]


@dataclass
class Person:
    name: str
    id_number: str
    birth: dt.date
    gender: str  # label in zh-CN
    residency: str  # label in zh-CN
    phone: str | None = None
    relation: str | None = None  # label in zh-CN
    id: str = ""

    @property
    def age(self) -> int:
        return age_on(self.birth, dt.date.today())


@dataclass
class Register:
    """What a module's fixture created: names and IDs the tests assert against."""

    district_id: str = ""
    subdistrict_id: str = ""
    community_id: str = ""
    grid_ids: dict[str, str] = field(default_factory=dict)
    household_id: str = ""
    household_number: str = ""
    people: dict[str, Person] = field(default_factory=dict)


# Every account of the browser tests has this password.
PASSWORD = "e2e-Passw0rd-2026"

REGION = "110105"
DISTRICT = ("110105000000", "朝阳区")
SUBDISTRICT = ("110105001000", "建外街道")
COMMUNITY = ("110105001001", "永安里社区")
EMPTY_COMMUNITY = ("110105001002", "光华里社区")
GRID_ONE = ("110105001001-01", "永安里第一网格")
GRID_TWO = ("110105001001-02", "永安里第二网格")
HOUSEHOLD_NUMBER = "0101"

# Grid one: a household of two, an elderly woman living alone, a floating resident.
# Grid two: one resident. The register list of grid one is in creation order.
PEOPLE = [
    # (key, name, birth, sequence, gender, residency, phone, relation, grid, care tags)
    ("head", "张伟", dt.date(1975, 3, 12), 123, "男", "户籍", "13812341234", "户主", 1, []),
    ("spouse", "张丽", dt.date(1978, 8, 20), 246, "女", "户籍", None, "配偶", 1, []),
    (
        "elder",
        "李娜",
        dt.date(1941, 1, 5),
        88,
        "女",
        "常住",
        "13900001111",
        None,
        1,
        [("ELDERLY_ALONE", "HIGH")],
    ),
    ("floating", "王强", dt.date(1990, 11, 30), 311, "男", "流动", None, None, 1, []),
    ("other", "赵磊", dt.date(1985, 6, 1), 57, "男", "户籍", None, None, 2, []),
]

RESIDENCY = {"户籍": "REGISTERED", "常住": "PERMANENT", "流动": "FLOATING"}
RELATION = {"户主": "HEAD", "配偶": "SPOUSE"}


def create_register(api: Api) -> Register:
    """Divisions, two grids, one household and five residents, through the public API."""
    reg = Register()
    division = "division { id }"
    reg.district_id = api.mutate(
        "divisionCreate",
        "DivisionCreateInput",
        division,
        {"code": DISTRICT[0], "name": DISTRICT[1], "level": "DISTRICT"},
    )["id"]
    reg.subdistrict_id = api.mutate(
        "divisionCreate",
        "DivisionCreateInput",
        division,
        {
            "code": SUBDISTRICT[0],
            "name": SUBDISTRICT[1],
            "level": "SUBDISTRICT",
            "parentId": reg.district_id,
        },
    )["id"]
    reg.community_id = api.mutate(
        "divisionCreate",
        "DivisionCreateInput",
        division,
        {
            "code": COMMUNITY[0],
            "name": COMMUNITY[1],
            "level": "COMMUNITY",
            "parentId": reg.subdistrict_id,
        },
    )["id"]
    api.mutate(
        "divisionCreate",
        "DivisionCreateInput",
        division,
        {
            "code": EMPTY_COMMUNITY[0],
            "name": EMPTY_COMMUNITY[1],
            "level": "COMMUNITY",
            "parentId": reg.subdistrict_id,
        },
    )
    for index, (code, name) in enumerate((GRID_ONE, GRID_TWO), start=1):
        grid = api.mutate(
            "gridCreate",
            "GridCreateInput",
            "grid { id }",
            {"code": code, "name": name, "communityId": reg.community_id},
        )
        reg.grid_ids[str(index)] = grid["id"]
    household = api.mutate(
        "householdCreate",
        "HouseholdCreateInput",
        "household { id number }",
        {"gridId": reg.grid_ids["1"], "number": HOUSEHOLD_NUMBER},
    )
    reg.household_id = household["id"]
    reg.household_number = household["number"]
    for key, name, birth, seq, gender, residency, phone, relation, grid, tags in PEOPLE:
        person = Person(
            name=name,
            id_number=id_number(REGION, birth, seq),
            birth=birth,
            gender=gender,
            residency=residency,
            phone=phone,
            relation=relation,
        )
        payload: dict[str, Any] = {
            "name": name,
            "idNumber": person.id_number,
            "residency": RESIDENCY[residency],
            "phone": phone,
            "careTags": [{"kind": kind, "tier": tier} for kind, tier in tags],
        }
        if relation:
            payload["householdId"] = reg.household_id
            payload["relationToHead"] = RELATION[relation]
        else:
            payload["gridId"] = reg.grid_ids[str(grid)]
        person.id = api.mutate("residentCreate", "ResidentCreateInput", "resident { id }", payload)[
            "id"
        ]
        reg.people[key] = person
    return reg
