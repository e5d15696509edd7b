"""Demo 特殊人群 records for the demo district: a few dozen, spread unevenly over the grids so
that the statistics show both exact and withheld (small) counts. Development data only."""

from __future__ import annotations

import datetime as dt
import random

from backend.grids.models import Grid
from backend.residents.models import Resident
from backend.special.models import RiskLevel, SpecialPopulationCategory, SpecialPopulationRecord
from backend.special.services import seal_notes

# Same reference day as the demo register, so a seed gives the same records whatever day it runs.
REFERENCE_DATE = dt.date(2026, 1, 1)
ADULT_BORN_BEFORE = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - 18)

# Records per grid, some at or above the suppression threshold of 5 and some below: first for
# the first community's grids (the demo's designated community staff member works there), then
# for grids drawn from the other communities.
FIRST_COMMUNITY_QUOTAS = (8, 4, 1)
ELSEWHERE_QUOTAS = (6, 5, 3, 2, 1)

CATEGORIES = (
    (SpecialPopulationCategory.COMMUNITY_CORRECTION, 4),
    (SpecialPopulationCategory.RELEASED_PRISONER, 3),
    (SpecialPopulationCategory.SEVERE_MENTAL_DISORDER, 3),
    (SpecialPopulationCategory.DRUG_REHABILITATION, 2),
    (SpecialPopulationCategory.OTHER, 1),
)
RISKS = ((RiskLevel.LOW, 6), (RiskLevel.MEDIUM, 3), (RiskLevel.HIGH, 1))
NOTES = (
    "每月走访一次，情况稳定。",
    "已落实监护责任人，按时服药。",
    "按期报到，参加公益活动。",
    "就业帮扶中，家属配合良好。",
    "需关注近期情绪变化，加强联系。",
    "",
)


def _pick(rng: random.Random, weighted: tuple[tuple[object, int], ...]) -> object:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


async def seed_special_population(rng_seed: int) -> int:
    """Add demo records for existing adult residents; returns how many were written.

    Does nothing when any record exists. Runs inside the caller's transaction, if any.
    """
    if await SpecialPopulationRecord.exists():
        return 0
    rng = random.Random(f"{rng_seed}:special-population")
    grids = list(await Grid.all().order_by("code"))
    if not grids:
        return 0
    first = [g for g in grids if g.community_id == grids[0].community_id]
    elsewhere = [g for g in grids if g.community_id != grids[0].community_id]
    rng.shuffle(elsewhere)
    plan = [
        *zip(first, FIRST_COMMUNITY_QUOTAS, strict=False),
        *zip(elsewhere, ELSEWHERE_QUOTAS, strict=False),
    ]
    rows: list[SpecialPopulationRecord] = []
    for grid, quota in plan:
        adults = list(
            await Resident.filter(grid_id=grid.pk, birth_date__lte=ADULT_BORN_BEFORE)
            .order_by("id")
            .values_list("id", flat=True)
        )
        for resident_id in rng.sample(adults, min(quota, len(adults))):
            started_on = REFERENCE_DATE - dt.timedelta(days=rng.randint(30, 1500))
            # About one in six has ended; they count only when ended records are asked for.
            ended_on = None
            if rng.random() < 0.17:
                ended_on = started_on + dt.timedelta(days=rng.randint(10, 365))
                ended_on = min(ended_on, REFERENCE_DATE)
            rows.append(
                SpecialPopulationRecord(
                    resident_id=resident_id,
                    category=_pick(rng, CATEGORIES),
                    risk_level=_pick(rng, RISKS),
                    notes_cipher=seal_notes(rng.choice(NOTES)),
                    started_on=started_on,
                    ended_on=ended_on,
                )
            )
    await SpecialPopulationRecord.bulk_create(rows)
    return len(rows)
