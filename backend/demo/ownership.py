"""Who owns which dwelling: mostly the people living in it, plus landlords with several."""

from __future__ import annotations

import random

from backend.demo.people import Occupancy, Placed
from backend.demo.plan import OwnerPlan, Plan, age_on
from backend.divisions.models import DivisionLevel
from backend.residents.models import RelationToHead

R = RelationToHead


def assign_owners(plan: Plan, rng: random.Random, occupancy: Occupancy) -> None:
    landlords: dict[int, list[Placed]] = {}
    rented: dict[int, list[int]] = {}
    for household in occupancy.households:
        if household.dwelling is None:
            continue
        if household.family.rents:
            rented.setdefault(household.community, []).append(household.dwelling)
            continue
        for owner in _occupiers(plan, rng, household):
            plan.owners.append(OwnerPlan(household.dwelling, owner))
        head = plan.residents[household.residents[0]]
        if age_on(head.birth_date) >= 35:
            landlords.setdefault(household.community, []).append(household)

    # Rented and empty flats belong to residents of the same community who own a second
    # home, or to owners who live elsewhere and so are not in this register.
    for community in sorted(set(rented) | set(occupancy.vacant)):
        pool = landlords.get(community, [])
        lettings = [(d, 0.85) for d in rented.get(community, [])]
        lettings += [(d, 0.6) for d in occupancy.vacant.get(community, [])]
        for dwelling, share in sorted(lettings):
            if not pool or rng.random() >= share:
                continue
            landlord = rng.choice(pool)
            owners = [landlord.residents[0]]
            spouse = _spouse(plan, landlord)
            if spouse is not None and rng.random() < 0.3:
                owners.append(spouse)
            plan.owners.extend(OwnerPlan(dwelling, owner) for owner in owners)
    _demo_logins_own_their_homes(plan, occupancy)


def demo_login_residents(plan: Plan) -> list[int]:
    """The residents the demo logins go to (``backend.demo.accounts``): the first adult of each
    of the first community's first two grids, by code."""
    communities = [
        (d.code, i) for i, d in enumerate(plan.divisions) if d.level is DivisionLevel.COMMUNITY
    ]
    if not communities:
        return []
    first = min(communities)[1]
    grids = sorted((g.code, i) for i, g in enumerate(plan.grids) if g.community == first)[:2]
    found = []
    for _, grid in grids:
        adult = next(
            (
                i
                for i, r in enumerate(plan.residents)
                if r.grid == grid and age_on(r.birth_date) >= 18
            ),
            None,
        )
        if adult is not None:
            found.append(adult)
    return found


def _demo_logins_own_their_homes(plan: Plan, occupancy: Occupancy) -> None:
    """A demo resident whose household owns its flat is one of its owners (共同共有 with the
    family), so the demo owners' votes have a demo login to vote with. Draws nothing."""
    households = {h.index: h for h in occupancy.households}
    for resident in demo_login_residents(plan):
        home = households.get(plan.residents[resident].household)
        if home is None or home.dwelling is None:
            continue  # a collective household (集体户) has no flat
        owners = {o.owner for o in plan.owners if o.dwelling == home.dwelling}
        if owners & set(home.residents) and resident not in owners:
            plan.owners.append(OwnerPlan(home.dwelling, resident))


def _occupiers(plan: Plan, rng: random.Random, household: Placed) -> list[int]:
    head = household.residents[0]
    spouse = _spouse(plan, household)
    parents = [r for r in household.residents if plan.residents[r].relation is R.PARENT]
    roll = rng.random()
    if parents and roll < 0.08:
        return parents[:1]  # the flat was the parents' before the children took over
    if spouse is None:
        return [head]
    if roll < 0.55:
        return [head, spouse]  # 共同共有, the usual case for a married couple
    return [spouse] if roll < 0.65 else [head]


def _spouse(plan: Plan, household: Placed) -> int | None:
    return next((r for r in household.residents if plan.residents[r].relation is R.SPOUSE), None)
