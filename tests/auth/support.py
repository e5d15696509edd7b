"""A small district with one caller of every role, shared by the access tests.

Community 永安里 (c1) has grids GA and GB; community 吉祥里 (c2) has grid GC. Each grid has a
building with one dwelling and residents in households. Every resident's name and masked
phone is unique, so a response can be searched for them as fingerprints of a leak.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tortoise import Tortoise

from backend.api.relay import to_global_id
from backend.auth import services as auth_services
from backend.auth.models import Account
from backend.core import crypto
from backend.divisions.models import Division
from backend.grids.models import Grid, GridAssignment, GridWorker
from backend.housing.models import Dwelling, DwellingOwner
from backend.residents.models import CareTag, CareTagKind, Household, Resident, VisitTier
from backend.special.models import SpecialPopulationCategory, SpecialPopulationRecord
from tests.conftest import TEST_SETTINGS, session_token_for
from tests.consultations.access_world import add_consultations
from tests.factories import make_dwelling, make_grid, make_household, make_resident, make_tree

# Rate limits off: a matrix or isolation test sends hundreds of requests from one address.
UNLIMITED = dataclasses.replace(
    TEST_SETTINGS, rate_limit_per_address=0, rate_limit_per_user=0, rate_limit_per_api_key=0
)

ANONYMOUS = "anonymous"
ADMIN = "PLATFORM_ADMIN"
STAFF = "DIVISION_STAFF"
DESIGNEE = "DIVISION_STAFF designee"
WORKER = "GRID_WORKER"
RESIDENT = "RESIDENT"
PARTNER = "PARTNER"
CALLERS = (ANONYMOUS, ADMIN, STAFF, DESIGNEE, WORKER, RESIDENT, PARTNER)


@dataclass
class Place:
    """One grid with its dwelling, households and residents."""

    grid: Grid
    dwelling: Dwelling
    households: list[Household]
    residents: list[Resident]
    worker: GridWorker
    record: SpecialPopulationRecord  # 特殊人群 record of the first resident

    def ids(self) -> dict[str, str]:
        """Global IDs of this grid's rows, by a short name."""
        found: dict[str, str] = {
            "grid": to_global_id("Grid", self.grid.pk),
            "dwelling": to_global_id("Dwelling", self.dwelling.pk),
            "building": to_global_id("Building", self.dwelling.building_id),
            "worker": to_global_id("GridWorker", self.worker.pk),
            "record": to_global_id("SpecialPopulationRecord", self.record.pk),
        }
        for i, h in enumerate(self.households):
            found[f"household{i}"] = to_global_id("Household", h.pk)
        for i, r in enumerate(self.residents):
            found[f"resident{i}"] = to_global_id("Resident", r.pk)
        return found


@dataclass
class World:
    tree: dict[str, Division]
    a: Place
    b: Place
    c: Place
    compound_c1: str  # global ID of the compound shared by GA and GB
    compound_c2: str
    tokens: dict[str, str | None] = field(default_factory=dict)
    accounts: dict[str, Account] = field(default_factory=dict)
    partner_key: str = ""
    # Consultation rows by name (global IDs), when a test asks for them (test_isolation).
    votes: dict[str, str] = field(default_factory=dict)
    # Global IDs of the consultation rows (tests.consultations.access_world), by short name.
    consultation: dict[str, str] = field(default_factory=dict)

    def gid(self, type_name: str, pk: int) -> str:
        return to_global_id(type_name, pk)


def phone_hash(phone: str) -> str:
    return crypto.get_cipher().lookup_hash(phone, crypto.PHONE)


async def _place(community: Division, code: str, names: list[str], phones: list[str]) -> Place:
    grid = await make_grid(community, code)
    dwelling = await make_dwelling(grid, unit="101")
    head_household = await make_household(grid, dwelling)
    other_household = await make_household(grid)
    residents = [
        await make_resident(
            grid, names[0], household=head_household, phone=phones[0], relation="HEAD"
        ),
        await make_resident(
            grid, names[1], household=head_household, phone=phones[1], relation="SPOUSE"
        ),
        await make_resident(
            grid, names[2], household=other_household, phone=phones[2], relation="HEAD"
        ),
    ]
    await CareTag.create(resident=residents[0], kind=CareTagKind.ELDERLY_ALONE, tier=VisitTier.HIGH)
    worker = await GridWorker.create(name=f"{code} 网格员", employee_no=f"E-{code}")
    await GridAssignment.create(grid=grid, worker=worker, is_leader=True)
    record = await SpecialPopulationRecord.create(
        resident=residents[0],
        category=SpecialPopulationCategory.COMMUNITY_CORRECTION,
        started_on=dt.date.today() - dt.timedelta(days=60),
    )
    return Place(grid, dwelling, [head_household, other_household], residents, worker, record)


async def build_world() -> World:
    tree = await make_tree()
    a = await _place(
        tree["c1"], "GA", ["甲一", "甲二", "甲三"], ["13800000101", "13800000102", "13800000103"]
    )
    b = await _place(
        tree["c1"], "GB", ["乙一", "乙二", "乙三"], ["13900000201", "13900000202", "13900000203"]
    )
    c = await _place(
        tree["c2"], "GC", ["丙一", "丙二", "丙三"], ["13700000301", "13700000302", "13700000303"]
    )
    # GA's dwelling is co-owned by its own head and by a resident of GB.
    await DwellingOwner.create(dwelling=a.dwelling, owner=a.residents[0])
    await DwellingOwner.create(dwelling=a.dwelling, owner=b.residents[0])
    await DwellingOwner.create(dwelling=b.dwelling, owner=b.residents[0])
    await DwellingOwner.create(dwelling=c.dwelling, owner=c.residents[0])
    a_building = await a.dwelling.building
    c_building = await c.dwelling.building
    world = World(
        tree=tree,
        a=a,
        b=b,
        c=c,
        compound_c1=to_global_id("Compound", a_building.compound_id),
        compound_c2=to_global_id("Compound", c_building.compound_id),
    )
    c1 = tree["c1"].code
    world.tokens = {
        ANONYMOUS: None,
        ADMIN: await session_token_for(ADMIN, username="admin"),
        STAFF: await session_token_for(STAFF, username="staff", division_codes=[c1]),
        DESIGNEE: await session_token_for(
            STAFF, username="designee", division_codes=[c1], special_population_designee=True
        ),
        WORKER: await session_token_for(WORKER, username="worker", grid_worker_id=a.worker.pk),
        RESIDENT: await session_token_for(
            RESIDENT,
            display_name="甲一",
            resident_id=a.residents[0].pk,
            phone_hash=phone_hash("13800000101"),
        ),
    }
    _, key = await auth_services.create_api_key("合作方", ["register:read"])
    world.tokens[PARTNER] = key
    world.partner_key = key
    for account in await Account.all():
        world.accounts[account.username or account.role.value] = account
    world.consultation = await add_consultations(world)
    return world


async def extra_session(world: World, caller: str) -> str | None:
    """Another credential of the same caller (for operations that end the session)."""
    if caller in (ANONYMOUS, PARTNER):
        return world.tokens[caller]
    from backend.auth.sessions import create_session

    username = {ADMIN: "admin", STAFF: "staff", DESIGNEE: "designee", WORKER: "worker"}
    account = (
        await Account.get(username=username[caller])
        if caller in username
        else await Account.get(role="RESIDENT")
    )
    _, token = await create_session(TEST_SETTINGS, account)
    return token


# Tables whose rows a refused request must leave exactly as they were. The audit log grows on
# purpose; a partner key's last_used_at is refreshed on use.
_VOLATILE = {"audit_entry"}


async def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (except the audit log), for before/after comparisons."""
    assert Tortoise.apps is not None
    tables: dict[str, list[dict[str, Any]]] = {}
    for model in Tortoise.apps.get_models_iterable():
        table = model._meta.db_table
        if table in _VOLATILE:
            continue
        rows = await model.all().order_by("id").values()
        if table == "api_key":
            rows = [{k: v for k, v in r.items() if k != "last_used_at"} for r in rows]
        tables[table] = rows
    return tables


def fingerprints(*places: Place) -> list[str]:
    """Strings that appear in a response only if it shows these places' people."""
    found: list[str] = []
    for place in places:
        for r in place.residents:
            found += [r.name, r.phone_masked, to_global_id("Resident", r.pk)]
        for h in place.households:
            found += [h.number, to_global_id("Household", h.pk)]
    return found


def errors_of(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code", "") for e in body.get("errors") or []]
