from __future__ import annotations

from backend.api.relay import to_global_id
from backend.housing.models import DwellingOwner
from tests.factories import make_dwelling, make_grid, make_resident, make_tree

OWNERS_SET = """
mutation ($input: DwellingOwnersSetInput!) {
  dwellingOwnersSet(input: $input) { dwelling { unitNumber floorArea owners { name ownedDwellings { unitNumber } } }
                                     errors { field code } }
}"""


async def test_a_dwelling_can_have_several_owners_and_an_owner_several_dwellings(gql, db) -> None:
    tree = await make_tree()
    grid = await make_grid(tree["c1"], "G1")
    d1, d2 = await make_dwelling(grid, unit="101"), await make_dwelling(grid, unit="102")
    husband, wife = await make_resident(grid, "夫"), await make_resident(grid, "妻", male=False)
    await gql(
        OWNERS_SET,
        {
            "input": {
                "dwellingId": to_global_id("Dwelling", d2.pk),
                "ownerIds": [to_global_id("Resident", husband.pk)],
            }
        },
    )
    body = await gql(
        OWNERS_SET,
        {
            "input": {
                "dwellingId": to_global_id("Dwelling", d1.pk),
                "ownerIds": [
                    to_global_id("Resident", husband.pk),
                    to_global_id("Resident", wife.pk),
                ],
            }
        },
    )
    assert body["data"]["dwellingOwnersSet"] == {
        "dwelling": {
            "unitNumber": "101",
            "floorArea": 88.5,
            "owners": [
                {"name": "夫", "ownedDwellings": [{"unitNumber": "101"}, {"unitNumber": "102"}]},
                {"name": "妻", "ownedDwellings": [{"unitNumber": "101"}]},
            ],
        },
        "errors": [],
    }


async def test_unknown_or_repeated_owners_are_refused_and_owners_stay(gql, db) -> None:
    tree = await make_tree()
    grid = await make_grid(tree["c1"], "G1")
    dwelling = await make_dwelling(grid)
    owner = await make_resident(grid, "业主")
    dwelling_id = to_global_id("Dwelling", dwelling.pk)
    await gql(
        OWNERS_SET,
        {"input": {"dwellingId": dwelling_id, "ownerIds": [to_global_id("Resident", owner.pk)]}},
    )
    body = await gql(
        OWNERS_SET,
        {"input": {"dwellingId": dwelling_id, "ownerIds": [to_global_id("Resident", 9999)]}},
    )
    assert body["data"]["dwellingOwnersSet"]["errors"] == [
        {"field": "ownerIds.0", "code": "NOT_FOUND"}
    ]
    twice = await gql(
        OWNERS_SET,
        {
            "input": {
                "dwellingId": dwelling_id,
                "ownerIds": [to_global_id("Resident", owner.pk)] * 2,
            }
        },
    )
    assert twice["data"]["dwellingOwnersSet"]["errors"] == [
        {"field": "ownerIds", "code": "DUPLICATE"}
    ]
    assert await DwellingOwner.filter(dwelling_id=dwelling.pk).values_list(
        "owner_id", flat=True
    ) == [owner.pk]
