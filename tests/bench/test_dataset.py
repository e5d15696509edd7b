"""The benchmark's district generator: deterministic, valid ID numbers, consistent places."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from tortoise import Tortoise

from backend.core import crypto
from backend.core.validators import (
    division_level_of,
    id_birth_date,
    id_check_character,
    id_gender,
    normalize_id_number,
    normalize_phone,
)
from backend.residents.services import sealed_id_number, sealed_phone
from bench import dataset
from bench.dataset import COLUMNS, PLAIN_RESIDENT, SIZES, TABLES, collect, generate

TINY = SIZES["tiny"]
R = {name: i for i, name in enumerate(PLAIN_RESIDENT)}


def _rows(tables: dataset.Chunk, table: str) -> list[dict[str, object]]:
    columns = PLAIN_RESIDENT if table == "resident" else COLUMNS[table]
    return [dict(zip(columns, row, strict=True)) for row in tables[table]]


@pytest.fixture(scope="module")
def tiny() -> dataset.Chunk:
    return collect(TINY, seed=7)


def test_the_same_seed_gives_the_same_district_and_another_seed_another(tiny) -> None:
    assert collect(TINY, seed=7) == tiny
    assert collect(TINY, seed=8)["resident"] != tiny["resident"]


def test_the_first_subdistrict_is_the_same_at_every_size() -> None:
    small, medium = next(generate(SIZES["small"])), next(generate(SIZES["medium"]))
    assert small == medium
    assert len(small["grid"]) == SIZES["small"].grids_per_subdistrict


def test_sizes_hold_their_residents_and_grids(tiny) -> None:
    assert len(tiny["resident"]) == TINY.residents
    assert len(tiny["grid"]) == TINY.grids
    per_grid = Counter(row[R["grid_id"]] for row in tiny["resident"])
    assert set(per_grid.values()) == {TINY.residents_per_grid}
    for size in SIZES.values():
        assert size.subdistricts * size.grids_per_subdistrict == size.grids
        assert size.residents_per_grid * size.grids == size.residents


def test_id_numbers_are_valid_unique_and_agree_with_gender_and_birth_date(tiny) -> None:
    residents = _rows(tiny, "resident")
    numbers = [r["id_number"] for r in residents]
    assert len(set(numbers)) == len(numbers)
    for r in residents:
        number = r["id_number"]
        assert normalize_id_number(number) == number
        assert dataset.id_check_character(number[:17]) == id_check_character(number[:17])
        assert id_gender(number) == r["gender"]
        assert id_birth_date(number) == r["birth_date"] <= dataset.REFERENCE_DAY
        if r["phone"] is not None:
            assert normalize_phone(r["phone"]) == r["phone"]


def test_the_check_character_follows_gb_11643() -> None:
    # The example of the standard: 11010519491231002 → X.
    assert dataset.id_check_character("11010519491231002") == "X"


def test_places_and_people_agree_on_their_grid(tiny) -> None:
    divisions = {d["id"]: d for d in _rows(tiny, "division")}
    grids = {g["id"]: g for g in _rows(tiny, "grid")}
    compounds = {c["id"]: c for c in _rows(tiny, "compound")}
    buildings = {b["id"]: b for b in _rows(tiny, "building")}
    dwellings = {d["id"]: d for d in _rows(tiny, "dwelling")}
    households = {h["id"]: h for h in _rows(tiny, "household")}
    residents = _rows(tiny, "resident")

    for d in divisions.values():
        assert division_level_of(d["code"]) == d["level"]
        if d["parent_id"] is not None:
            parent = divisions[d["parent_id"]]
            assert d["code"].startswith(parent["code"][: 6 if d["level"] == "SUBDISTRICT" else 9])
    for g in grids.values():
        assert divisions[g["community_id"]]["level"] == "COMMUNITY"
        assert g["code"].startswith(divisions[g["community_id"]]["code"])
    for b in buildings.values():
        assert compounds[b["compound_id"]]["community_id"] == grids[b["grid_id"]]["community_id"]
    for h in households.values():
        if h["dwelling_id"] is not None:
            assert buildings[dwellings[h["dwelling_id"]]["building_id"]]["grid_id"] == h["grid_id"]
    for r in residents:
        assert households[r["household_id"]]["grid_id"] == r["grid_id"]
    heads = Counter(r["household_id"] for r in residents if r["relation_to_head"] == "HEAD")
    assert set(heads) == set(households) and set(heads.values()) == {1}


def test_unique_keys_of_the_schema_hold(tiny) -> None:
    def unique(table: str, *columns: str) -> None:
        keys = [tuple(row[c] for c in columns) for row in _rows(tiny, table)]
        assert len(set(keys)) == len(keys), (table, columns)

    unique("division", "code")
    unique("grid", "code")
    unique("grid_worker", "employee_no")
    unique("grid_assignment", "grid_id", "worker_id")
    unique("compound", "community_id", "name")
    unique("building", "compound_id", "name")
    unique("dwelling", "building_id", "unit_number")
    unique("household", "number")
    unique("care_tag", "resident_id", "kind")
    unique("dwelling_owner", "dwelling_id", "owner_id")
    for table in TABLES:
        unique(table, "id")


def test_sealing_stores_what_the_app_stores(tiny) -> None:
    rows = tiny["resident"][:20]
    sealed = [dict(zip(COLUMNS["resident"], row, strict=True)) for row in dataset.sealer()(rows)]
    cipher = crypto.get_cipher()
    for plain, stored in zip(rows, sealed, strict=True):
        number, phone = plain[R["id_number"]], plain[R["phone"]]
        app = {**sealed_id_number(number), **sealed_phone(phone)}
        for column in ("id_number_hash", "id_number_masked", "phone_hash", "phone_masked"):
            assert stored[column] == app[column]
        assert cipher.decrypt(stored["id_number_cipher"], crypto.ID_NUMBER) == number
        if phone:
            assert cipher.decrypt(stored["phone_cipher"], crypto.PHONE) == phone


async def test_the_loaded_district_reads_back_through_the_api(db, gql, tiny) -> None:
    conn = Tortoise.get_connection("default")
    seal = dataset.sealer()
    for table in TABLES:
        rows = seal(tiny[table]) if table == "resident" else tiny[table]
        if db == "sqlite":
            await conn.execute_many(
                dataset.insert_sql(table, lambda _i: "?"), dataset.sqlite_rows(rows)
            )
        else:
            await conn.execute_many(dataset.insert_sql(table, lambda i: f"${i}"), rows)

    body = await gql(
        """{ grids(first: 10) { totalCount edges { node { code residentCount } } }
             residents(first: 3) { totalCount edges { node { name idNumber age household { number } } } } }"""
    )

    assert "errors" not in body, body
    grids = body["data"]["grids"]
    assert grids["totalCount"] == TINY.grids
    assert {e["node"]["residentCount"] for e in grids["edges"]} == {TINY.residents_per_grid}
    residents = body["data"]["residents"]
    assert residents["totalCount"] == TINY.residents
    first = tiny["resident"][0]
    node = residents["edges"][0]["node"]
    assert node["name"] == first[R["name"]]
    assert node["idNumber"] == first[R["id_number"]][:6] + "********" + first[R["id_number"]][14:]
    born, today = first[R["birth_date"]], dt.date.today()
    assert node["age"] == today.year - born.year - (
        (today.month, today.day) < (born.month, born.day)
    )
    assert node["household"]["number"] == tiny["household"][0][1]


def test_a_database_with_older_migrations_is_migrated_and_other_changes_rebuild_it() -> None:
    small = SIZES["small"]
    stamp = dataset.fingerprint(small, 1)
    assert stamp.endswith(f" schema={dataset.latest_migration()}")
    older = dataset.data_fingerprint(small, 1) + " schema=0001_initial"
    assert dataset.only_schema_behind(older, small, 1)
    assert not dataset.only_schema_behind(dataset.fingerprint(small, 2), small, 1)
    assert not dataset.only_schema_behind(dataset.fingerprint(TINY, 1), small, 1)
    assert not dataset.only_schema_behind(None, small, 1)
