"""Row scope is applied in SQL: a community-scoped caller sees only that community's rows."""

from __future__ import annotations

from backend.auth.scope import Scope
from backend.divisions.models import Division
from backend.grids.models import Grid
from backend.residents import services
from backend.residents.models import Resident
from tests.factories import make_grid, make_household, make_resident, make_tree


async def test_a_community_scope_sees_only_its_own_grids_residents_and_ancestors(db) -> None:
    tree = await make_tree()
    g1, g2 = await make_grid(tree["c1"], "G1"), await make_grid(tree["c2"], "G2")
    mine = await make_resident(g1, "本社区")
    await make_resident(g2, "外社区")
    scope = Scope.for_division_codes(["110105001001"])

    assert [r.name for r in await services.filter_residents(scope, services.ResidentFilter())] == [
        "本社区"
    ]
    assert [g.code for g in await scope.grids(Grid.all())] == ["G1"]
    assert sorted(d.code for d in await scope.divisions(Division.all())) == [
        "110105000000",
        "110105001000",
        "110105001001",
    ]
    assert await scope.residents(Resident.filter(pk=mine.pk)).count() == 1


async def test_a_subdistrict_scope_includes_every_community_below_it(db) -> None:
    tree = await make_tree()
    await make_resident(await make_grid(tree["c1"], "G1"), "甲")
    await make_resident(await make_grid(tree["c2"], "G2"), "乙")
    assert await Scope.for_division_codes(["110105001000"]).residents(Resident.all()).count() == 1
    assert await Scope.for_division_codes(["110105000000"]).residents(Resident.all()).count() == 2
    assert await Scope.for_division_codes([]).residents(Resident.all()).count() == 0


async def test_services_refuse_rows_outside_the_scope_as_forbidden(db) -> None:
    tree = await make_tree()
    g2 = await make_grid(tree["c2"], "G2")
    household = await make_household(g2)
    outsider = await make_resident(g2, "外社区")
    scope = Scope.for_division_codes(["110105001001"])
    from backend.core.errors import DomainError, ErrorCode

    for call in (
        services.update_resident(scope, outsider.pk, services.ResidentPatch(name="改名")),
        services.move_resident(scope, outsider.pk, household.pk, None, None),
    ):
        try:
            await call
        except DomainError as exc:
            assert (exc.code, exc.field) == (ErrorCode.FORBIDDEN, "id")
        else:
            raise AssertionError("a row outside the scope was changed")
    assert (await Resident.get(pk=outsider.pk)).name == "外社区"
