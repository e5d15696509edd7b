"""A small community for the consultation tests (topics, sessions, comments, resolutions).

Community 永安里 (c1) has grids GA and GB and one compound 安和小区 with a building per grid;
community 吉祥里 (c2) has grid GC. Residents, one per household:

* ``a1``, ``a2``: GA, dwellings 101 and 102 of building GA;
* ``a3``: GA, a household without a dwelling;
* ``b1``: GB, dwelling 101 of building GB (same compound);
* ``c1``: GC in the other community.

Viewers are built as the API builds them: a resident's own scope and place, staff with a
division scope and the manager flag.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.auth.models import Account
from backend.auth.roles import Role
from backend.auth.scope import Scope
from backend.consultations.access import Viewer, resident_place
from backend.divisions.models import Division
from backend.grids.models import Grid
from backend.housing.models import Dwelling
from backend.residents.models import Household, Resident
from tests.factories import make_dwelling, make_grid, make_household, make_resident, make_tree


@dataclass
class TopicWorld:
    tree: dict[str, Division]
    grids: dict[str, Grid]
    dwellings: dict[str, Dwelling]
    households: dict[str, Household]
    residents: dict[str, Resident]
    accounts: dict[str, Account]

    async def resident(self, key: str) -> Viewer:
        r = self.residents[key]
        community = self.tree["c1"] if key != "c1" else self.tree["c2"]
        scope = Scope(
            division_prefixes=(community.code,),
            people="own",
            own_resident_id=r.pk,
            own_household_id=r.household_id,
        )
        account = self.accounts.get(key)
        if account is None:
            account = self.accounts[key] = await Account.create(
                role=Role.RESIDENT, display_name=r.name, resident_id=r.pk
            )
        return Viewer(scope=scope, account_id=account.pk, place=await resident_place(r.pk))

    def staff(self, community: str = "c1") -> Viewer:
        account = self.accounts[f"staff_{community}"]
        return Viewer(
            scope=Scope.for_division_codes([self.tree[community].code]),
            account_id=account.pk,
            manager=True,
        )

    @property
    def compound_id(self) -> int:
        return self.dwellings["a1"].building.compound_id  # type: ignore[no-any-return]


async def build_topic_world() -> TopicWorld:
    tree = await make_tree()
    grids = {
        "GA": await make_grid(tree["c1"], "GA"),
        "GB": await make_grid(tree["c1"], "GB"),
        "GC": await make_grid(tree["c2"], "GC"),
    }
    dwellings = {
        "a1": await make_dwelling(grids["GA"], unit="101"),
        "a2": await make_dwelling(grids["GA"], unit="102"),
        "b1": await make_dwelling(grids["GB"], unit="101"),
        "c1": await make_dwelling(grids["GC"], compound_name="吉祥小区", unit="101"),
    }
    for d in dwellings.values():
        await d.fetch_related("building")
    households = {
        "a1": await make_household(grids["GA"], dwellings["a1"]),
        "a2": await make_household(grids["GA"], dwellings["a2"]),
        "a3": await make_household(grids["GA"]),
        "b1": await make_household(grids["GB"], dwellings["b1"]),
        "c1": await make_household(grids["GC"], dwellings["c1"]),
    }
    names = {"a1": "张甲", "a2": "李乙", "a3": "王丙", "b1": "赵丁", "c1": "钱戊"}
    grid_of = {"a1": "GA", "a2": "GA", "a3": "GA", "b1": "GB", "c1": "GC"}
    residents = {
        key: await make_resident(
            grids[grid_of[key]],
            names[key],
            household=households[key],
            phone=None,
            relation="HEAD",
        )
        for key in names
    }
    accounts = {
        "staff_c1": await Account.create(
            role=Role.DIVISION_STAFF,
            display_name="永安里工作人员",
            division_codes=[tree["c1"].code],
        ),
        "staff_c2": await Account.create(
            role=Role.DIVISION_STAFF,
            display_name="吉祥里工作人员",
            division_codes=[tree["c2"].code],
        ),
    }
    return TopicWorld(tree, grids, dwellings, households, residents, accounts)
