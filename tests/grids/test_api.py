from __future__ import annotations

from backend.api.relay import to_global_id
from backend.grids.models import Grid, GridAssignment
from tests.factories import make_grid, make_tree, make_worker

GRID_CREATE = """
mutation ($input: GridCreateInput!) {
  gridCreate(input: $input) { grid { code name kind targetHouseholdsMin targetHouseholdsMax boundary community { code } }
                              errors { field code } }
}"""
GRID_UPDATE = """
mutation ($input: GridUpdateInput!) {
  gridUpdate(input: $input) { grid { code name targetHouseholdsMin targetHouseholdsMax } errors { field code } }
}"""
ASSIGN = """
mutation ($input: GridWorkerAssignInput!) {
  gridWorkerAssign(input: $input) { grid { code assignments { worker { name } isLeader } } errors { field code } }
}"""
GRIDS_OF_WORKER = """
query ($worker: ID!) { grids(filter: { workerId: $worker }, first: 10) { totalCount edges { node { code } } } }
"""

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[116.4, 39.9], [116.5, 39.9], [116.5, 40.0], [116.4, 39.9]]],
}


async def test_grid_create_with_boundary_and_household_guidance(gql, db) -> None:
    tree = await make_tree()
    body = await gql(
        GRID_CREATE,
        {
            "input": {
                "code": "110105001001-01",
                "name": "第一网格",
                "kind": "DEDICATED",
                "communityId": to_global_id("Division", tree["c1"].pk),
                "targetHouseholdsMin": 280,
                "targetHouseholdsMax": 320,
                "boundary": SQUARE,
            }
        },
    )
    assert body["data"]["gridCreate"] == {
        "grid": {
            "code": "110105001001-01",
            "name": "第一网格",
            "kind": "DEDICATED",
            "targetHouseholdsMin": 280,
            "targetHouseholdsMax": 320,
            "boundary": SQUARE,
            "community": {"code": "110105001001"},
        },
        "errors": [],
    }


async def test_grid_create_reports_every_bad_field_and_writes_nothing(gql, db) -> None:
    tree = await make_tree()
    await make_grid(tree["c1"], "DUP")
    body = await gql(
        GRID_CREATE,
        {
            "input": {
                "code": "DUP",
                "name": " ",
                "communityId": to_global_id("Division", tree["sub"].pk),
                "targetHouseholdsMin": 600,
                "targetHouseholdsMax": 300,
                "boundary": {"type": "Polygon", "coordinates": []},
            }
        },
    )
    errors = body["data"]["gridCreate"]["errors"]
    assert sorted((e["field"], e["code"]) for e in errors) == [
        ("boundary", "INVALID_GEOJSON"),
        ("code", "DUPLICATE"),
        ("communityId", "INVALID"),
        ("name", "REQUIRED"),
        ("targetHouseholdsMax", "INVALID_RANGE"),
    ]
    assert await Grid.all().count() == 1


async def test_grid_update_changes_given_fields_only(gql, db) -> None:
    tree = await make_tree()
    grid = await make_grid(tree["c1"], "G1")
    body = await gql(
        GRID_UPDATE, {"input": {"id": to_global_id("Grid", grid.pk), "targetHouseholdsMax": 450}}
    )
    assert body["data"]["gridUpdate"] == {
        "grid": {
            "code": "G1",
            "name": "G1 网格",
            "targetHouseholdsMin": 300,
            "targetHouseholdsMax": 450,
        },
        "errors": [],
    }
    bad = await gql(
        GRID_UPDATE, {"input": {"id": to_global_id("Grid", grid.pk), "targetHouseholdsMax": 100}}
    )
    assert bad["data"]["gridUpdate"]["errors"] == [
        {"field": "targetHouseholdsMax", "code": "INVALID_RANGE"}
    ]
    assert (await Grid.get(pk=grid.pk)).target_households_max == 450


async def test_a_grid_has_one_leader_and_workers_find_their_grids(gql, db) -> None:
    tree = await make_tree()
    g1 = await make_grid(tree["c1"], "G1")
    g2 = await make_grid(tree["c1"], "G2")
    wang, li = await make_worker("王网格"), await make_worker("李网格")
    gid = to_global_id("Grid", g1.pk)
    await gql(
        ASSIGN,
        {
            "input": {
                "gridId": gid,
                "workerId": to_global_id("GridWorker", wang.pk),
                "isLeader": True,
            }
        },
    )
    body = await gql(
        ASSIGN,
        {"input": {"gridId": gid, "workerId": to_global_id("GridWorker", li.pk), "isLeader": True}},
    )
    assert body["data"]["gridWorkerAssign"]["grid"]["assignments"] == [
        {"worker": {"name": "李网格"}, "isLeader": True},
        {"worker": {"name": "王网格"}, "isLeader": False},
    ]
    await gql(
        ASSIGN,
        {
            "input": {
                "gridId": to_global_id("Grid", g2.pk),
                "workerId": to_global_id("GridWorker", wang.pk),
            }
        },
    )
    found = await gql(GRIDS_OF_WORKER, {"worker": to_global_id("GridWorker", wang.pk)})
    assert found["data"]["grids"] == {
        "totalCount": 2,
        "edges": [{"node": {"code": "G1"}}, {"node": {"code": "G2"}}],
    }
    removed = await gql(
        ASSIGN,
        {"input": {"gridId": gid, "workerId": to_global_id("GridWorker", wang.pk), "remove": True}},
    )
    assert removed["data"]["gridWorkerAssign"]["grid"]["assignments"] == [
        {"worker": {"name": "李网格"}, "isLeader": True}
    ]
    assert await GridAssignment.all().count() == 2


GRID_PAGE = """
query ($first: Int!, $after: String) {
  grids(first: 20) { edges { node { code
    residents(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { name household { number } careTags { kind } } }
    } } } }
}"""


async def test_each_grid_pages_through_its_own_residents(gql, db) -> None:
    from tests.factories import make_resident

    tree = await make_tree()
    g1, g2 = await make_grid(tree["c1"], "G1"), await make_grid(tree["c2"], "G2")
    for i in range(5):
        await make_resident(g1, f"一{i}")
    await make_resident(g2, "二0")
    body = await gql(GRID_PAGE, {"first": 3})
    grids = {e["node"]["code"]: e["node"]["residents"] for e in body["data"]["grids"]["edges"]}
    assert [e["node"]["name"] for e in grids["G1"]["edges"]] == ["一0", "一1", "一2"]
    assert (grids["G1"]["totalCount"], grids["G1"]["pageInfo"]["hasNextPage"]) == (5, True)
    assert [e["node"]["name"] for e in grids["G2"]["edges"]] == ["二0"]
    assert grids["G2"]["pageInfo"]["hasNextPage"] is False
    after = grids["G1"]["pageInfo"]["endCursor"]
    rest = await gql(GRID_PAGE, {"first": 3, "after": after})
    g1_rest = rest["data"]["grids"]["edges"][0]["node"]["residents"]
    assert [e["node"]["name"] for e in g1_rest["edges"]] == ["一3", "一4"]
    assert g1_rest["pageInfo"]["hasNextPage"] is False


async def test_a_page_of_grids_with_residents_costs_the_same_statements_for_2_or_12_grids(
    gql, db, sql_counter
) -> None:
    from tests.factories import make_resident

    tree = await make_tree()
    counts = {}
    for total in (2, 12):
        while len(await Grid.all()) < total:
            grid = await make_grid(tree["c1"], f"G{len(await Grid.all()):02d}")
            for i in range(3):
                await make_resident(grid, f"{grid.code}-{i}")
        sql_counter.count = 0
        body = await gql(GRID_PAGE, {"first": 2})
        assert len(body["data"]["grids"]["edges"]) == total
        counts[total] = sql_counter.count
    # the caller's session, the grids page, one statement for the residents of every grid
    # with their households and care tags, their counts (totalCount)
    assert counts[2] == counts[12] == 4


async def test_a_grid_page_reads_households_and_care_tags_with_the_residents(
    gql, db, sql_counter
) -> None:
    from backend.residents.models import CareTag, CareTagKind, VisitTier
    from tests.factories import make_household, make_resident

    tree = await make_tree()
    grid = await make_grid(tree["c1"], "G1")
    home = await make_household(grid)
    first = await make_resident(grid, "甲", household=home)
    await make_resident(grid, "乙")
    for kind in (CareTagKind.SUBSISTENCE, CareTagKind.DISABLED):
        await CareTag.create(resident=first, kind=kind, tier=VisitTier.KEY)
    query = """{ grids(first: 5) { edges { node { residents(first: 5) { edges { node {
        name age household { id number } careTags { kind tier } } } } } } } }"""

    sql_counter.count = 0
    body = await gql(query)

    assert "errors" not in body, body
    nodes = [e["node"] for e in body["data"]["grids"]["edges"][0]["node"]["residents"]["edges"]]
    assert nodes[0]["household"] == {
        "id": to_global_id("Household", home.pk),
        "number": home.number,
    }
    assert nodes[0]["careTags"] == [
        {"kind": "DISABLED", "tier": "KEY"},
        {"kind": "SUBSISTENCE", "tier": "KEY"},
    ]
    assert (nodes[1]["household"], nodes[1]["careTags"]) == (None, [])
    assert sql_counter.count == 3  # the caller's session, the grids, the residents with both
    sql_counter.count = 0
    names = await gql(
        "{ grids(first: 5) { edges { node { residents { edges { node { name } } } } } } }"
    )
    assert [
        e["node"]["name"] for e in names["data"]["grids"]["edges"][0]["node"]["residents"]["edges"]
    ] == ["甲", "乙"]
    assert sql_counter.count == 3
