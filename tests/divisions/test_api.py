from __future__ import annotations

from backend.api.relay import to_global_id
from backend.divisions.models import Division
from backend.residents.models import CareTag, CareTagKind, VisitTier
from tests.factories import make_grid, make_resident, make_tree

DIVISION_CREATE = """
mutation ($input: DivisionCreateInput!) {
  divisionCreate(input: $input) { division { code name level parent { code } } errors { field code message } }
}"""

TREE = """
{ divisionTree { code gridCount residentCount
    children { code gridCount residentCount
      children { code name gridCount residentCount grids { code residentCount householdCount careTagCounts { kind count } } } } } }
"""


async def test_division_create_under_its_parent(gql, db) -> None:
    tree = await make_tree()
    body = await gql(
        DIVISION_CREATE,
        {
            "input": {
                "code": "110105001002",
                "name": "秀水社区",
                "level": "COMMUNITY",
                "parentId": to_global_id("Division", tree["sub"].pk),
            }
        },
    )
    assert body["data"]["divisionCreate"] == {
        "division": {
            "code": "110105001002",
            "name": "秀水社区",
            "level": "COMMUNITY",
            "parent": {"code": "110105001000"},
        },
        "errors": [],
    }


async def test_a_code_outside_its_parent_is_refused_and_nothing_is_written(gql, db) -> None:
    tree = await make_tree()
    before = await Division.all().count()
    body = await gql(
        DIVISION_CREATE,
        {
            "input": {
                "code": "110105002009",
                "name": "错位社区",
                "level": "COMMUNITY",
                "parentId": to_global_id("Division", tree["sub"].pk),
            }
        },
    )
    assert body["data"]["divisionCreate"] == {
        "division": None,
        "errors": [
            {
                "field": "code",
                "code": "DIVISION_CODE_OUTSIDE_PARENT",
                "message": "区划代码不在上级区划 110105001000 之下",
            }
        ],
    }
    assert await Division.all().count() == before


async def test_malformed_codes_levels_and_parents_are_field_errors(gql, db) -> None:
    tree = await make_tree()
    cases = [
        (
            {"code": "1101050010", "level": "SUBDISTRICT", "parentId": tree["district"].pk},
            [("code", "INVALID_DIVISION_CODE")],
        ),
        (
            {"code": "110105003000", "level": "SUBDISTRICT", "parentId": None},
            [("parentId", "REQUIRED")],
        ),
        (
            {"code": "110105001003", "level": "COMMUNITY", "parentId": tree["district"].pk},
            [("parentId", "INVALID")],
        ),
        (
            {"code": "110105001001", "level": "COMMUNITY", "parentId": tree["sub"].pk},
            [("code", "DUPLICATE")],
        ),
    ]
    before = await Division.all().count()
    for fields, expected in cases:
        parent = fields.pop("parentId")
        variables = {
            "input": {
                **fields,
                "name": "测试",
                "parentId": to_global_id("Division", parent) if parent else None,
            }
        }
        body = await gql(DIVISION_CREATE, variables)
        errors = body["data"]["divisionCreate"]["errors"]
        assert [(e["field"], e["code"]) for e in errors] == expected, fields
    assert await Division.all().count() == before


async def test_division_tree_rolls_up_grid_and_resident_counts(gql, db) -> None:
    tree = await make_tree()
    g1 = await make_grid(tree["c1"], "G1")
    g2 = await make_grid(tree["c1"], "G2")
    g3 = await make_grid(tree["c2"], "G3")
    lonely = await make_resident(g1, "甲")
    await CareTag.create(resident=lonely, kind=CareTagKind.ELDERLY_ALONE, tier=VisitTier.HIGH)
    await make_resident(g1, "乙")
    await make_resident(g2, "丙")
    await make_resident(g3, "丁")
    body = await gql(TREE)
    district = body["data"]["divisionTree"][0]
    assert (district["code"], district["gridCount"], district["residentCount"]) == (
        "110105000000",
        3,
        4,
    )
    subs = {s["code"]: (s["gridCount"], s["residentCount"]) for s in district["children"]}
    assert subs == {"110105001000": (2, 3), "110105002000": (1, 1)}
    community = district["children"][0]["children"][0]
    assert community["grids"] == [
        {
            "code": "G1",
            "residentCount": 2,
            "householdCount": 0,
            "careTagCounts": [{"kind": "ELDERLY_ALONE", "count": 1}],
        },
        {"code": "G2", "residentCount": 1, "householdCount": 0, "careTagCounts": []},
    ]
