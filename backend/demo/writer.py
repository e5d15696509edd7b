"""Writes a plan with bulk inserts, table by table, parents before children.

Bulk inserts do not hand back primary keys on every backend, so after each table the new
rows are read back by their natural key (code, name, number, ID hash) to link the next one.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, TypeVar

from tortoise.models import Model

from backend.demo.plan import Plan
from backend.divisions.models import Division, DivisionLevel
from backend.grids.models import Grid, GridAssignment, GridWorker
from backend.housing.models import Building, Compound, Dwelling, DwellingOwner
from backend.residents.models import CareTag, Household, Resident
from backend.residents.services import sealed_id_number, sealed_phone

BATCH = 1000
M = TypeVar("M", bound=Model)


async def _insert(
    model: type[M],
    rows: Sequence[M],
    keys: Sequence[Hashable],
    key_fields: tuple[str, ...],
    **scope: Any,
) -> list[int]:
    """Insert ``rows`` and return their ids, in order, found through ``keys``.

    ``scope`` narrows the read-back to rows this seed can have written (the register was
    empty of divisions, so everything under the new divisions is new).
    """
    await model.bulk_create(rows, batch_size=BATCH)
    found: dict[Hashable, int] = {}
    for row in await model.filter(**scope).values_list(*key_fields, "id"):
        key = row[0] if len(key_fields) == 1 else tuple(row[:-1])
        found[key] = row[-1]
    return [found[key] for key in keys]


async def write_plan(plan: Plan) -> None:
    divisions: list[int] = [0] * len(plan.divisions)
    for level in DivisionLevel:  # parents first: DISTRICT, SUBDISTRICT, COMMUNITY
        wanted = [i for i, d in enumerate(plan.divisions) if d.level is level]
        rows = [
            Division(
                code=plan.divisions[i].code,
                name=plan.divisions[i].name,
                level=level,
                parent_id=_parent(divisions, plan.divisions[i].parent),
            )
            for i in wanted
        ]
        codes = [plan.divisions[i].code for i in wanted]
        ids = await _insert(Division, rows, codes, ("code",), code__in=codes)
        for i, pk in zip(wanted, ids, strict=True):
            divisions[i] = pk
    communities = sorted({divisions[g.community] for g in plan.grids})

    grids = await _insert(
        Grid,
        [
            Grid(
                code=g.code,
                name=g.name,
                kind=g.kind,
                community_id=divisions[g.community],
                boundary=g.boundary,
            )
            for g in plan.grids
        ],
        [g.code for g in plan.grids],
        ("code",),
        community_id__in=communities,
    )
    numbers = [w.employee_no for w in plan.workers]
    workers = await _insert(
        GridWorker,
        [GridWorker(employee_no=w.employee_no, name=w.name) for w in plan.workers],
        numbers,
        ("employee_no",),
        employee_no__in=numbers,
    )
    await GridAssignment.bulk_create(
        [
            GridAssignment(
                grid_id=grids[a.grid], worker_id=workers[a.worker], is_leader=a.is_leader
            )
            for a in plan.assignments
        ],
        batch_size=BATCH,
    )

    compounds = await _insert(
        Compound,
        [
            Compound(name=c.name, address=c.address, community_id=divisions[c.community])
            for c in plan.compounds
        ],
        [(divisions[c.community], c.name) for c in plan.compounds],
        ("community_id", "name"),
        community_id__in=communities,
    )
    buildings = await _insert(
        Building,
        [
            Building(name=b.name, compound_id=compounds[b.compound], grid_id=grids[b.grid])
            for b in plan.buildings
        ],
        [(compounds[b.compound], b.name) for b in plan.buildings],
        ("compound_id", "name"),
        compound_id__in=sorted(set(compounds)),
    )
    dwellings = await _insert(
        Dwelling,
        [
            Dwelling(
                building_id=buildings[d.building],
                unit_number=d.unit_number,
                floor_area=d.floor_area,
            )
            for d in plan.dwellings
        ],
        [(buildings[d.building], d.unit_number) for d in plan.dwellings],
        ("building_id", "unit_number"),
        building_id__in=sorted(set(buildings)),
    )

    grid_ids = sorted(set(grids))
    households = await _insert(
        Household,
        [
            Household(
                number=h.number,
                grid_id=grids[h.grid],
                dwelling_id=None if h.dwelling is None else dwellings[h.dwelling],
            )
            for h in plan.households
        ],
        [h.number for h in plan.households],
        ("number",),
        grid_id__in=grid_ids,
    )

    people: list[Resident] = []
    hashes: list[str] = []
    for r in plan.residents:
        sealed = sealed_id_number(r.id_number)
        hashes.append(sealed["id_number_hash"])
        people.append(
            Resident(
                name=r.name,
                gender=r.gender,
                birth_date=r.birth_date,
                residency=r.residency,
                household_id=households[r.household],
                relation_to_head=r.relation,
                grid_id=grids[r.grid],
                **sealed,
                **sealed_phone(r.phone),
            )
        )
    residents = await _insert(Resident, people, hashes, ("id_number_hash",), grid_id__in=grid_ids)

    await CareTag.bulk_create(
        [
            CareTag(resident_id=residents[t.resident], kind=t.kind, tier=t.tier)
            for t in plan.care_tags
        ],
        batch_size=BATCH,
    )
    await DwellingOwner.bulk_create(
        [
            DwellingOwner(dwelling_id=dwellings[o.dwelling], owner_id=residents[o.owner])
            for o in plan.owners
        ],
        batch_size=BATCH,
    )


def _parent(ids: list[int], index: int | None) -> int | None:
    return None if index is None else ids[index]
