"""Demo accounts (development only): staff at each level, grid workers and residents.

They share one published password, so they are never created in production.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from backend.auth.models import Account
from backend.auth.passwords import hash_password
from backend.auth.roles import Role
from backend.divisions.models import Division, DivisionLevel
from backend.grids.models import Grid, GridAssignment
from backend.residents.models import Resident
from backend.residents.services import sealed_phone

DEMO_PASSWORD = "gongzhi-demo-2026"
# Login phones given to two adult residents: the first of the first community's first and
# second grid (``backend.demo.ownership.demo_login_residents`` finds the same ones in the plan).
DEMO_RESIDENT_PHONES = ("13800138000", "13800138001")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: Role
    division_code: str | None = None
    special_population_designee: bool = False


async def seed_demo_accounts() -> list[str]:
    """Create the demo staff accounts and give two residents known phones; returns a summary."""
    district = await Division.filter(level=DivisionLevel.DISTRICT).order_by("code").first()
    street = await Division.filter(level=DivisionLevel.SUBDISTRICT).order_by("code").first()
    community = await Division.filter(level=DivisionLevel.COMMUNITY).order_by("code").first()
    if district is None or street is None or community is None:
        return []
    staff = [
        DemoAccount("admin", "平台管理员", Role.PLATFORM_ADMIN),
        DemoAccount("district", f"{district.name}工作人员", Role.DIVISION_STAFF, district.code),
        DemoAccount("street", f"{street.name}工作人员", Role.DIVISION_STAFF, street.code),
        DemoAccount(
            "community",
            f"{community.name}综治专干",
            Role.DIVISION_STAFF,
            community.code,
            special_population_designee=True,
        ),
    ]
    password_hash = hash_password(DEMO_PASSWORD)
    for demo in staff:
        await Account.create(
            username=demo.username,
            password_hash=password_hash,
            display_name=demo.display_name,
            role=demo.role,
            division_codes=[demo.division_code] if demo.division_code else [],
            special_population_designee=demo.special_population_designee,
        )
    lines = [f"{a.username} ({a.role.value})" for a in staff]
    grids = await Grid.filter(community_id=community.pk).order_by("code").limit(2)
    for number, grid in enumerate(grids, start=1):
        leader = (
            await GridAssignment.filter(grid_id=grid.pk)
            .order_by("-is_leader", "worker_id")
            .select_related("worker")
            .first()
        )
        if leader is None:
            continue
        username = f"grid{number}"
        await Account.create(
            username=username,
            password_hash=password_hash,
            display_name=leader.worker.name,
            role=Role.GRID_WORKER,
            grid_worker_id=leader.worker_id,
        )
        lines.append(f"{username} (GRID_WORKER of {grid.code})")
    lines += await _resident_phones(grids)
    return lines


async def _resident_phones(grids: list[Grid]) -> list[str]:
    lines = []
    adult = dt.date.today().replace(year=dt.date.today().year - 18)
    for phone, grid in zip(DEMO_RESIDENT_PHONES, grids, strict=False):
        resident = (
            await Resident.filter(
                grid_id=grid.pk, birth_date__lte=adult, household_id__not_isnull=True
            )
            .order_by("id")
            .first()
        )
        if resident is None:
            continue
        await Resident.filter(id=resident.pk).update(**sealed_phone(phone))
        lines.append(f"resident {phone} in {grid.code}")
    return lines
