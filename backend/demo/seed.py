"""Demo data for an empty register: ``gongzhi seed-demo`` and ``SEED_DEMO=1`` at start-up."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from backend.config import get_settings
from backend.consultations.demo import seed_consultations
from backend.consultations.demo_votes import seed_votes
from backend.demo.accounts import seed_demo_accounts
from backend.demo.care import tag_residents
from backend.demo.identity import IdentityMaker
from backend.demo.names import NameMaker
from backend.demo.ownership import assign_owners
from backend.demo.people import Populator
from backend.demo.places import AREA_CODE, lay_out
from backend.demo.plan import Plan
from backend.demo.writer import write_plan
from backend.divisions.models import Division, DivisionLevel
from backend.special.demo import seed_special_population

# Any constant works; it only has to be the same for every process that seeds.
_ADVISORY_LOCK = 0x6E67_7A68_6964_656D


@dataclass(frozen=True)
class SeedSummary:
    seeded: bool
    seed: int
    districts: int = 0
    subdistricts: int = 0
    communities: int = 0
    grids: int = 0
    grid_workers: int = 0
    compounds: int = 0
    buildings: int = 0
    dwellings: int = 0
    households: int = 0
    residents: int = 0
    care_tags: int = 0
    ownerships: int = 0
    seconds: float = field(default=0.0, compare=False)

    @classmethod
    def of(cls, plan: Plan, seed: int, seconds: float) -> SeedSummary:
        levels = [d.level for d in plan.divisions]
        return cls(
            seeded=True,
            seed=seed,
            districts=levels.count(DivisionLevel.DISTRICT),
            subdistricts=levels.count(DivisionLevel.SUBDISTRICT),
            communities=levels.count(DivisionLevel.COMMUNITY),
            grids=len(plan.grids),
            grid_workers=len(plan.workers),
            compounds=len(plan.compounds),
            buildings=len(plan.buildings),
            dwellings=len(plan.dwellings),
            households=len(plan.households),
            residents=len(plan.residents),
            care_tags=len(plan.care_tags),
            ownerships=len(plan.owners),
            seconds=seconds,
        )

    def __str__(self) -> str:
        if not self.seeded:
            return "demo data not seeded: the register already has divisions"
        return (
            f"demo data seeded (seed {self.seed}) in {self.seconds:.1f} s: "
            f"{self.districts} district, {self.subdistricts} subdistricts, "
            f"{self.communities} communities, {self.grids} grids, "
            f"{self.grid_workers} grid workers, {self.compounds} compounds, "
            f"{self.buildings} buildings, {self.dwellings:,} dwellings, "
            f"{self.households:,} households, {self.residents:,} residents, "
            f"{self.care_tags:,} care tags, {self.ownerships:,} ownerships"
        )


def build_plan(seed: int) -> Plan:
    """Everything the seed writes, computed in memory: same seed, same plan."""

    # Separate streams, so that changing how one part is drawn leaves the others alone.
    def stream(name: str) -> random.Random:
        return random.Random(f"{seed}:{name}")

    plan = Plan()
    names = NameMaker(stream("names"))
    lay_out(plan, stream("places"), names)
    ids = IdentityMaker(stream("identity"), AREA_CODE)
    occupancy = Populator(plan, stream("people"), names, ids).populate()
    tag_residents(plan, stream("care"), occupancy.households)
    assign_owners(plan, stream("owners"), occupancy)
    return plan


async def _write(plan: Plan, seed: int) -> None:
    await write_plan(plan)
    await seed_special_population(seed)
    # Known passwords must never exist in production: there the register is seeded alone.
    if not get_settings().is_production:
        await seed_demo_accounts()
    await seed_consultations(seed)  # needs the community staff account: none in production
    await seed_votes(seed)  # the same, and the consultations' topics


async def seed_demo(seed: int = 2026) -> SeedSummary:
    """Write the demo district in one transaction. The register must hold no divisions."""
    started = time.perf_counter()
    plan = build_plan(seed)
    async with in_transaction():
        await _write(plan, seed)
    return SeedSummary.of(plan, seed, time.perf_counter() - started)


async def seed_demo_if_empty(seed: int = 2026) -> SeedSummary:
    """Seed unless the register has a division; safe when several workers start at once."""
    if await Division.exists():
        return SeedSummary(seeded=False, seed=seed)
    started = time.perf_counter()
    plan = build_plan(seed)
    async with in_transaction() as conn:
        if conn.capabilities.dialect == "postgres":
            # Another worker seeding right now holds the lock: let it finish alone.
            _, rows = await conn.execute_query(
                f"SELECT pg_try_advisory_xact_lock({_ADVISORY_LOCK}) AS got"
            )
            if not rows[0]["got"]:
                return SeedSummary(seeded=False, seed=seed)
        if await Division.exists():
            return SeedSummary(seeded=False, seed=seed)
        await _write(plan, seed)
    return SeedSummary.of(plan, seed, time.perf_counter() - started)
