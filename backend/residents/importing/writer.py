"""Writing a checked plan in one transaction with bulk inserts.

``bulk_create`` runs ``executemany`` and gives no primary keys back on any backend, so each
level is read back by its natural key (unique in the schema) before the next level refers to it.
"""

from __future__ import annotations

from collections import defaultdict

from tortoise.transactions import in_transaction

from backend.core.validators import id_birth_date, id_gender
from backend.housing.models import Building, Compound, Dwelling, DwellingOwner
from backend.residents.importing.plan import BuildingKey, CompoundKey, PlaceKey, Plan, chunked
from backend.residents.models import CareTag, Gender, Household, Resident
from backend.residents.services import sealed_id_number, sealed_phone

BATCH = 1000


async def write_plan(plan: Plan) -> None:
    async with in_transaction():
        await _create_compounds(plan)
        await _create_buildings(plan)
        await _create_dwellings(plan)
        await _create_households(plan)
        await _create_residents(plan)


async def _create_compounds(plan: Plan) -> None:
    new = [key for key, pk in plan.compounds.items() if pk is None]
    if not new:
        return
    await Compound.bulk_create(
        [Compound(community_id=community_id, name=name) for community_id, name in new],
        batch_size=BATCH,
    )
    for part in chunked(sorted({community_id for community_id, _ in new})):
        for c in await Compound.filter(community_id__in=part).values("id", "community_id", "name"):
            plan.compounds[(c["community_id"], c["name"])] = c["id"]


def _compound_id(plan: Plan, key: BuildingKey) -> int:
    compound_key: CompoundKey = (key[0], key[1])
    pk = plan.compounds[compound_key]
    assert pk is not None
    return pk


async def _create_buildings(plan: Plan) -> None:
    new = [key for key, state in plan.buildings.items() if state.id is None]
    if not new:
        return
    await Building.bulk_create(
        [
            Building(
                compound_id=_compound_id(plan, key),
                name=key[2],
                grid_id=plan.buildings[key].grid_id,
            )
            for key in new
        ],
        batch_size=BATCH,
    )
    by_compound = {_compound_id(plan, key): key[:2] for key in new}
    for part in chunked(sorted(by_compound)):
        for b in await Building.filter(compound_id__in=part).values("id", "compound_id", "name"):
            community_id, compound = by_compound[b["compound_id"]]
            state = plan.buildings.get((community_id, compound, b["name"]))
            if state is not None:  # buildings the file does not name are left alone
                state.id = b["id"]


def _building_id(plan: Plan, key: PlaceKey) -> int:
    community_id, place = key
    pk = plan.buildings[(community_id, place.compound, place.building)].id
    assert pk is not None
    return pk


async def _create_dwellings(plan: Plan) -> None:
    new = [key for key, state in plan.dwellings.items() if state.id is None]
    if not new:
        return
    await Dwelling.bulk_create(
        [
            Dwelling(
                building_id=_building_id(plan, key),
                unit_number=key[1].unit,
                floor_area=plan.dwellings[key].floor_area,
            )
            for key in new
        ],
        batch_size=BATCH,
    )
    by_building: dict[int, dict[str, PlaceKey]] = defaultdict(dict)
    for key in new:
        by_building[_building_id(plan, key)][key[1].unit] = key
    for part in chunked(sorted(by_building)):
        for d in await Dwelling.filter(building_id__in=part).values(
            "id", "building_id", "unit_number"
        ):
            key_of = by_building[d["building_id"]].get(d["unit_number"])
            if key_of is not None:
                plan.dwellings[key_of].id = d["id"]


def _dwelling_id(plan: Plan, key: PlaceKey | None) -> int | None:
    return None if key is None else plan.dwellings[key].id


async def _create_households(plan: Plan) -> None:
    new = [number for number, state in plan.households.items() if state.id is None]
    await Household.bulk_create(
        [
            Household(
                number=number,
                grid_id=plan.households[number].grid_id,
                dwelling_id=_dwelling_id(plan, plan.households[number].place),
            )
            for number in new
        ],
        batch_size=BATCH,
    )
    for part in chunked(new):
        for h in await Household.filter(number__in=part).values("id", "number"):
            plan.households[h["number"]].id = h["id"]
    moving: dict[int, list[int]] = defaultdict(list)
    for state in plan.households.values():
        if state.moves_in and state.id is not None:
            dwelling_id = _dwelling_id(plan, state.place)
            assert dwelling_id is not None
            moving[dwelling_id].append(state.id)
    for dwelling_id, ids in moving.items():
        for some in chunked(ids):
            await Household.filter(id__in=some).update(dwelling_id=dwelling_id)


async def _create_residents(plan: Plan) -> None:
    residents = []
    for entry in plan.entries:
        row = entry.row
        assert row.id_number is not None
        household = plan.households[row.household_number] if row.household_number else None
        residents.append(
            Resident(
                name=row.name,
                gender=Gender(id_gender(row.id_number)),
                birth_date=id_birth_date(row.id_number),
                residency=row.residency,
                household_id=household.id if household else None,
                relation_to_head=row.relation if household else None,
                grid_id=entry.grid_id,
                **sealed_id_number(row.id_number),
                **sealed_phone(row.phone),
            )
        )
    await Resident.bulk_create(residents, batch_size=BATCH)

    linked = [e for e in plan.entries if e.row.care_tags or e.row.owner]
    ids: dict[str, int] = {}
    for digests in chunked([e.id_hash for e in linked]):
        for digest, pk in await Resident.filter(id_number_hash__in=digests).values_list(
            "id_number_hash", "id"
        ):
            ids[str(digest)] = int(pk)
    await CareTag.bulk_create(
        [
            CareTag(resident_id=ids[e.id_hash], kind=t.kind, tier=t.tier)
            for e in linked
            for t in e.row.care_tags
        ],
        batch_size=BATCH,
    )
    await DwellingOwner.bulk_create(
        [
            DwellingOwner(dwelling_id=_dwelling_id(plan, e.place), owner_id=ids[e.id_hash])
            for e in linked
            if e.row.owner
        ],
        batch_size=BATCH,
    )
