"""GraphQL round trips for the resident register."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from backend.api.relay import to_global_id
from backend.residents.models import CareTag, CareTagKind, Household, Resident, VisitTier
from tests.factories import make_grid, make_household, make_id_number, make_resident, make_tree

RESIDENT_CREATE = """
mutation ($input: ResidentCreateInput!) {
  residentCreate(input: $input) {
    resident { id name gender age idNumber phone residency relationToHead
               grid { code } household { number } careTags { kind tier } }
    errors { field code message }
  }
}"""

RESIDENT_UPDATE = """
mutation ($input: ResidentUpdateInput!) {
  residentUpdate(input: $input) {
    resident { id name phone idNumber careTags { kind tier } }
    errors { field code message }
  }
}"""

RESIDENT_MOVE = """
mutation ($input: ResidentMoveInput!) {
  residentMove(input: $input) {
    resident { id relationToHead grid { code } household { number } }
    errors { field code message }
  }
}"""

RESIDENT_PAGE = """
query ($first: Int, $after: String, $filter: ResidentFilter, $sort: ResidentSort) {
  residents(first: $first, after: $after, filter: $filter, sort: $sort) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { id name } }
  }
}"""

RESIDENT_PAGE_NESTED = """
query ($first: Int) {
  residents(first: $first) {
    totalCount
    edges { node {
      id name idNumber phone age
      careTags { kind tier }
      grid { code }
      household { number members { name } dwelling { unitNumber floorArea building { name } } }
    } }
  }
}"""

NODE = "query ($id: ID!) { node(id: $id) { id ... on Resident { name idNumber } } }"


def age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


async def _counts() -> tuple[int, int, int]:
    return await Resident.all().count(), await Household.all().count(), await CareTag.all().count()


@pytest.fixture
async def grid(db: str) -> Any:
    tree = await make_tree()
    return await make_grid(tree["c1"], "G1")


async def test_resident_create_derives_gender_and_birth_date_and_masks_personal_data(
    gql, grid
) -> None:
    household = await make_household(grid)
    id_number = make_id_number(dt.date(1990, 2, 3), male=False)
    body = await gql(
        RESIDENT_CREATE,
        {
            "input": {
                "name": " 李四 ",
                "idNumber": id_number.lower(),
                "phone": "139 1234 5678",
                "residency": "PERMANENT",
                "householdId": to_global_id("Household", household.pk),
                "relationToHead": "HEAD",
                "careTags": [{"kind": "DISABLED", "tier": "KEY"}],
            }
        },
    )
    payload = body["data"]["residentCreate"]
    assert payload["errors"] == []
    resident = payload["resident"]
    assert resident | {"id": None} == {
        "id": None,
        "name": "李四",
        "gender": "FEMALE",
        "age": age_on(dt.date(1990, 2, 3), dt.date.today()),
        "idNumber": id_number[:6] + "********" + id_number[14:],
        "phone": "139****5678",
        "residency": "PERMANENT",
        "relationToHead": "HEAD",
        "grid": {"code": "G1"},
        "household": {"number": household.number},
        "careTags": [{"kind": "DISABLED", "tier": "KEY"}],
    }
    stored = await Resident.get(name="李四")
    assert id_number.encode() not in bytes(stored.id_number_cipher)
    assert stored.grid_id == grid.pk


async def test_invalid_id_number_and_phone_get_field_errors_in_chinese_and_nothing_is_written(
    gql, grid
) -> None:
    before = await _counts()
    body = await gql(
        RESIDENT_CREATE,
        {
            "input": {
                "name": "王五",
                "idNumber": "110105198005170011",
                "phone": "12345",
                "residency": "REGISTERED",
                "gridId": to_global_id("Grid", grid.pk),
            }
        },
    )
    payload = body["data"]["residentCreate"]
    assert payload["resident"] is None
    assert payload["errors"] == [
        {
            "field": "idNumber",
            "code": "INVALID_ID_NUMBER",
            "message": "身份证号码无效（须为 18 位且校验位正确）",
        },
        {
            "field": "phone",
            "code": "INVALID_PHONE",
            "message": "手机号码无效（须为 11 位，以 1 开头）",
        },
    ]
    assert await _counts() == before


async def test_field_errors_are_in_english_when_asked(gql, grid) -> None:
    body = await gql(
        RESIDENT_CREATE,
        {
            "input": {
                "name": "",
                "idNumber": make_id_number(),
                "residency": "REGISTERED",
                "gridId": to_global_id("Grid", grid.pk),
            }
        },
        lang="en-US,en;q=0.9,zh;q=0.5",
    )
    assert body["data"]["residentCreate"]["errors"] == [
        {"field": "name", "code": "REQUIRED", "message": "This field is required"}
    ]


async def test_birth_date_and_gender_must_agree_with_the_id_number(gql, grid) -> None:
    id_number = make_id_number(dt.date(1975, 6, 1), male=True)
    body = await gql(
        RESIDENT_CREATE,
        {
            "input": {
                "name": "赵六",
                "idNumber": id_number,
                "residency": "REGISTERED",
                "gridId": to_global_id("Grid", grid.pk),
                "gender": "FEMALE",
                "birthDate": "1975-06-02",
            }
        },
    )
    errors = body["data"]["residentCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [
        ("birthDate", "BIRTH_DATE_MISMATCH"),
        ("gender", "GENDER_MISMATCH"),
    ]
    assert await Resident.all().count() == 0


async def test_the_same_id_number_cannot_be_registered_twice(gql, grid) -> None:
    id_number = make_id_number()
    variables = {
        "input": {
            "name": "钱七",
            "idNumber": id_number,
            "residency": "REGISTERED",
            "gridId": to_global_id("Grid", grid.pk),
        }
    }
    assert (await gql(RESIDENT_CREATE, variables))["data"]["residentCreate"]["errors"] == []
    again = await gql(RESIDENT_CREATE, variables)
    assert [(e["field"], e["code"]) for e in again["data"]["residentCreate"]["errors"]] == [
        ("idNumber", "DUPLICATE")
    ]
    assert await Resident.all().count() == 1


async def test_a_household_has_only_one_head(gql, grid) -> None:
    household = await make_household(grid)
    await make_resident(grid, "户主甲", household=household, relation="HEAD")
    body = await gql(
        RESIDENT_CREATE,
        {
            "input": {
                "name": "户主乙",
                "idNumber": make_id_number(),
                "residency": "REGISTERED",
                "householdId": to_global_id("Household", household.pk),
                "relationToHead": "HEAD",
            }
        },
    )
    assert [(e["field"], e["code"]) for e in body["data"]["residentCreate"]["errors"]] == [
        ("relationToHead", "HOUSEHOLD_HAS_HEAD")
    ]
    assert await Resident.all().count() == 1


async def test_ids_of_the_wrong_type_or_unknown_rows_are_field_errors(gql, grid) -> None:
    body = await gql(
        RESIDENT_CREATE,
        {
            "input": {
                "name": "孙八",
                "idNumber": make_id_number(),
                "residency": "REGISTERED",
                "gridId": to_global_id("Household", grid.pk),
            }
        },
    )
    assert [(e["field"], e["code"]) for e in body["data"]["residentCreate"]["errors"]] == [
        ("gridId", "WRONG_TYPE")
    ]
    body = await gql(
        RESIDENT_CREATE,
        {
            "input": {
                "name": "孙八",
                "idNumber": make_id_number(),
                "residency": "REGISTERED",
                "gridId": to_global_id("Grid", 999_999),
            }
        },
    )
    assert [(e["field"], e["code"]) for e in body["data"]["residentCreate"]["errors"]] == [
        ("gridId", "NOT_FOUND")
    ]
    assert await Resident.all().count() == 0


async def test_resident_update_changes_only_the_given_fields(gql, grid) -> None:
    resident = await make_resident(grid, "周九", phone="13800001111")
    other = await make_resident(grid, "吴十")
    body = await gql(
        RESIDENT_UPDATE,
        {
            "input": {
                "id": to_global_id("Resident", resident.pk),
                "name": "周久",
                "careTags": [{"kind": "ELDERLY_ALONE", "tier": "HIGH"}],
            }
        },
    )
    payload = body["data"]["residentUpdate"]
    assert payload["errors"] == []
    assert payload["resident"]["name"] == "周久"
    assert payload["resident"]["phone"] == "138****1111"
    assert payload["resident"]["careTags"] == [{"kind": "ELDERLY_ALONE", "tier": "HIGH"}]
    untouched = await Resident.get(pk=other.pk)
    assert (untouched.name, untouched.phone_masked) == ("吴十", other.phone_masked)


async def test_resident_update_with_a_bad_phone_changes_nothing(gql, grid) -> None:
    resident = await make_resident(grid, "郑一", phone="13800001111")
    body = await gql(
        RESIDENT_UPDATE,
        {"input": {"id": to_global_id("Resident", resident.pk), "name": "郑二", "phone": "0000"}},
    )
    assert [(e["field"], e["code"]) for e in body["data"]["residentUpdate"]["errors"]] == [
        ("phone", "INVALID_PHONE")
    ]
    stored = await Resident.get(pk=resident.pk)
    assert (stored.name, stored.phone_masked) == ("郑一", "138****1111")


async def test_resident_move_to_a_household_in_another_grid_moves_the_grid_too(gql, grid) -> None:
    other_grid = (
        await make_grid(grid.community, "G2")
        if False
        else await make_grid(await grid.community, "G2")
    )
    target = await make_household(other_grid)
    resident = await make_resident(grid, "冯三")
    body = await gql(
        RESIDENT_MOVE,
        {
            "input": {
                "id": to_global_id("Resident", resident.pk),
                "householdId": to_global_id("Household", target.pk),
                "relationToHead": "CHILD",
            }
        },
    )
    payload = body["data"]["residentMove"]
    assert payload["errors"] == []
    assert payload["resident"] | {"id": None} == {
        "id": None,
        "relationToHead": "CHILD",
        "grid": {"code": "G2"},
        "household": {"number": target.number},
    }


async def test_residents_are_filtered_by_name_prefix_care_tag_age_and_residency(gql, grid) -> None:
    today = dt.date.today()
    old = await make_resident(grid, "陈老伯", birth=today.replace(year=today.year - 80), phone=None)
    await CareTag.create(resident=old, kind=CareTagKind.ELDERLY_ALONE, tier=VisitTier.HIGH)
    await make_resident(grid, "陈小明", birth=today.replace(year=today.year - 10), phone=None)
    await make_resident(grid, "林大山", birth=today.replace(year=today.year - 40))

    async def names(filter_: dict[str, Any]) -> list[str]:
        body = await gql(RESIDENT_PAGE, {"first": 10, "filter": filter_, "sort": {"field": "NAME"}})
        assert "errors" not in body, body
        return [e["node"]["name"] for e in body["data"]["residents"]["edges"]]

    assert await names({"namePrefix": "陈"}) == ["陈小明", "陈老伯"]
    assert await names({"careTag": "ELDERLY_ALONE"}) == ["陈老伯"]
    assert await names({"ageMin": 18, "ageMax": 60}) == ["林大山"]
    assert await names({"ageMin": 80}) == ["陈老伯"]
    assert await names({"residency": "FLOATING"}) == []
    assert await names({"gridId": to_global_id("Grid", grid.pk), "namePrefix": "林"}) == ["林大山"]


async def test_exact_search_by_phone_uses_the_keyed_hash(gql, grid) -> None:
    await make_resident(grid, "何一", phone="13911112222")
    await make_resident(grid, "何二", phone="13933334444")
    body = await gql(RESIDENT_PAGE, {"first": 10, "filter": {"phone": "139-3333-4444"}})
    assert [e["node"]["name"] for e in body["data"]["residents"]["edges"]] == ["何二"]


async def test_invalid_filter_values_are_reported_with_field_and_code(gql, grid) -> None:
    body = await gql(RESIDENT_PAGE, {"first": 10, "filter": {"ageMin": 60, "ageMax": 20}})
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "INVALID_RANGE", "field": "filter.ageMax"}
    body = await gql(RESIDENT_PAGE, {"first": 101})
    assert body["errors"][0]["extensions"] == {"code": "OUT_OF_RANGE", "field": "first"}
    assert body["errors"][0]["message"] == "取值须在 1 到 100 之间"


async def test_cursor_pagination_walks_every_resident_once_in_sort_order(gql, grid) -> None:
    names = ["甲", "乙", "丙", "丁", "戊", "己", "庚"]
    for name in names:
        await make_resident(grid, name)
    for sort in (
        {"field": "NAME"},
        {"field": "NAME", "direction": "DESC"},
        {"field": "BIRTH_DATE"},
        None,
    ):
        seen: list[str] = []
        after = None
        while True:
            body = await gql(RESIDENT_PAGE, {"first": 3, "after": after, "sort": sort})
            page = body["data"]["residents"]
            assert page["totalCount"] == 7
            seen += [e["node"]["name"] for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        assert sorted(seen) == sorted(names)
        assert len(seen) == 7
        if sort == {"field": "NAME"}:
            assert seen == sorted(names)
        if sort == {"field": "NAME", "direction": "DESC"}:
            assert seen == sorted(names, reverse=True)


async def test_statement_count_of_a_resident_page_does_not_grow_with_page_size(
    gql, grid, sql_counter
) -> None:
    community = await grid.community
    grids = [grid, await make_grid(community, "G2")]
    from tests.factories import make_dwelling

    for i in range(120):
        g = grids[i % 2]
        household = await make_household(g, await make_dwelling(g, unit=f"{i:03d}"))
        resident = await make_resident(g, f"居民{i:03d}", household=household, relation="HEAD")
        await CareTag.create(resident=resident, kind=CareTagKind.DISABLED, tier=VisitTier.KEY)

    counts = {}
    for size in (10, 100):
        sql_counter.count = 0
        body = await gql(RESIDENT_PAGE_NESTED, {"first": size})
        assert "errors" not in body, body
        assert len(body["data"]["residents"]["edges"]) == size
        counts[size] = sql_counter.count
    assert counts[10] == counts[100]
    # session, page, count, households, members, dwellings, buildings, tags, grids
    assert counts[100] <= 9


async def test_node_lookup_returns_the_resident_and_rejects_malformed_ids(gql, grid) -> None:
    resident = await make_resident(grid, "蒋一")
    body = await gql(NODE, {"id": to_global_id("Resident", resident.pk)})
    assert body["data"]["node"]["name"] == "蒋一"
    assert body["data"]["node"]["idNumber"].count("*") == 8
    missing = await gql(NODE, {"id": to_global_id("Resident", resident.pk + 1000)})
    assert missing["data"]["node"] is None
    bad = await gql(NODE, {"id": "not-an-id"})
    assert bad["errors"][0]["extensions"]["code"] == "INVALID"
    nodes = await gql(
        "query ($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }",
        {"ids": [to_global_id("Grid", grid.pk), to_global_id("Resident", resident.pk)]},
    )
    assert [n["__typename"] for n in nodes["data"]["nodes"]] == ["Grid", "Resident"]


async def test_a_page_loads_only_the_relations_it_selects(gql, grid, sql_counter) -> None:
    household = await make_household(grid)
    for i in range(3):
        resident = await make_resident(grid, f"居民{i}", household=household)
        await CareTag.create(resident=resident, kind=CareTagKind.DISABLED, tier=VisitTier.KEY)
    plain = "{ residents(first: 10) { edges { node { name } } } }"
    nested = "{ residents(first: 10) { edges { node { name household { number } careTags { kind } } } } }"
    sql_counter.count = 0
    body = await gql(plain)
    assert [e["node"]["name"] for e in body["data"]["residents"]["edges"]] == [
        "居民0",
        "居民1",
        "居民2",
    ]
    assert sql_counter.count == 2  # the caller's session, the page
    sql_counter.count = 0
    body = await gql(nested)
    assert body["data"]["residents"]["edges"][2]["node"] == {
        "name": "居民2",
        "household": {"number": household.number},
        "careTags": [{"kind": "DISABLED"}],
    }
    assert sql_counter.count == 4  # session, the page, its households, its care tags


RESIDENTS_BY_ID_NUMBER = """
query ($id: String!) { residents(first: 5, filter: {idNumber: $id}) { totalCount edges { node { name idNumber } } } }
"""


async def test_a_search_by_id_number_is_audited_without_the_searched_value(gql, grid) -> None:
    from backend.audit.models import AuditEntry

    resident = await make_resident(grid, "韩梅")
    stored = await Resident.get(id=resident.pk)
    from backend.core import crypto

    id_number = crypto.get_cipher().decrypt(stored.id_number_cipher, crypto.ID_NUMBER)
    body = await gql(RESIDENTS_BY_ID_NUMBER, {"id": id_number})
    assert body["data"]["residents"]["totalCount"] == 1
    entries = await AuditEntry.filter(operation="residentsByIdentifier").values(
        "object_ids", "detail", "outcome"
    )
    assert entries == [
        {"object_ids": [f"Resident:{resident.pk}"], "detail": "idNumber", "outcome": "OK"}
    ]
    everything = str(await AuditEntry.all().values())
    assert id_number not in everything and "韩梅" not in everything
