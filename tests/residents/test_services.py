"""Rules of households and moves, without HTTP."""

from __future__ import annotations

import pytest

from backend.auth.scope import Scope
from backend.core.errors import DomainError, ErrorCode
from backend.residents import services
from backend.residents.models import Household, RelationToHead, Resident
from tests.factories import make_grid, make_household, make_resident, make_tree

EVERYTHING = Scope.everything()


async def test_merging_households_moves_every_member_and_keeps_one_head(db) -> None:
    tree = await make_tree()
    g1, g2 = await make_grid(tree["c1"], "G1"), await make_grid(tree["c1"], "G2")
    source, target = await make_household(g1), await make_household(g2)
    old_head = await make_resident(g1, "原户主", household=source, relation="HEAD")
    child = await make_resident(g1, "孩子", household=source, relation="CHILD")
    head = await make_resident(g2, "户主", household=target, relation="HEAD")

    merged = await services.merge_households(EVERYTHING, source.pk, target.pk)

    assert merged.pk == target.pk
    assert await Household.filter(pk=source.pk).exists() is False
    rows = {r.name: (r.household_id, r.relation_to_head, r.grid_id) for r in await Resident.all()}
    assert rows == {
        "户主": (target.pk, RelationToHead.HEAD, g2.pk),
        "原户主": (target.pk, RelationToHead.OTHER_RELATIVE, g2.pk),
        "孩子": (target.pk, RelationToHead.CHILD, g2.pk),
    }
    assert {old_head.pk, child.pk, head.pk} == set(
        await Resident.all().values_list("id", flat=True)
    )


async def test_a_household_cannot_be_merged_into_itself(db) -> None:
    tree = await make_tree()
    household = await make_household(await make_grid(tree["c1"], "G1"))
    with pytest.raises(DomainError) as info:
        await services.merge_households(EVERYTHING, household.pk, household.pk)
    assert (info.value.code, info.value.field) == (ErrorCode.SAME_HOUSEHOLD, "sourceId")


async def test_moving_to_a_grid_without_household_leaves_the_household(db) -> None:
    tree = await make_tree()
    g1, g2 = await make_grid(tree["c1"], "G1"), await make_grid(tree["c2"], "G2")
    household = await make_household(g1)
    resident = await make_resident(g1, "流动人员", household=household, relation="TENANT")
    moved = await services.move_resident(EVERYTHING, resident.pk, None, g2.pk, None)
    assert (moved.household_id, moved.relation_to_head, moved.grid_id) == (None, None, g2.pk)


async def test_generated_household_numbers_follow_the_grid_code(db) -> None:
    tree = await make_tree()
    grid = await make_grid(tree["c1"], "G1")
    first, second = await make_household(grid), await make_household(grid)
    assert (first.number, second.number) == (f"G1-H{first.pk:06d}", f"G1-H{second.pk:06d}")


async def test_a_dwelling_in_another_grid_is_refused_for_a_new_household(db) -> None:
    from tests.factories import make_dwelling

    tree = await make_tree()
    g1, g2 = await make_grid(tree["c1"], "G1"), await make_grid(tree["c1"], "G2")
    dwelling = await make_dwelling(g1)
    with pytest.raises(DomainError) as info:
        await services.create_household(EVERYTHING, None, g2.pk, dwelling.pk)
    assert (info.value.code, info.value.field) == (ErrorCode.GRID_MISMATCH, "gridId")
    assert await Household.all().count() == 0
