"""GraphQL round trips for 特殊人群 records: only designated staff within their scope see or
change them; everyone else is refused or sees nothing; every read and change is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from graphql import GraphQLObjectType, get_named_type

from backend.api.relay import to_global_id
from backend.api.schema import schema
from backend.audit.models import AuditEntry, AuditOutcome
from backend.auth.roles import (
    API_KEY_SCOPES,
    Capability,
    Role,
    capabilities_for,
    capabilities_for_key_scopes,
)
from backend.auth.services import create_api_key
from backend.core import crypto
from backend.grids.models import GridAssignment
from backend.special.models import SpecialPopulationCategory, SpecialPopulationRecord
from tests.conftest import session_token_for
from tests.factories import make_grid, make_resident, make_tree, make_worker

RECORD_FIELDS = "id category riskLevel notes startedOn endedOn active resident { name }"
CREATE = f"""
mutation ($input: SpecialPopulationRecordCreateInput!) {{
  specialPopulationRecordCreate(input: $input) {{
    record {{ {RECORD_FIELDS} }} errors {{ field code message }}
  }}
}}"""
UPDATE = f"""
mutation ($input: SpecialPopulationRecordUpdateInput!) {{
  specialPopulationRecordUpdate(input: $input) {{
    record {{ {RECORD_FIELDS} }} errors {{ field code message }}
  }}
}}"""
END = f"""
mutation ($input: SpecialPopulationRecordEndInput!) {{
  specialPopulationRecordEnd(input: $input) {{
    record {{ {RECORD_FIELDS} }} errors {{ field code message }}
  }}
}}"""
LIST = f"""
query ($filter: SpecialPopulationRecordFilter, $first: Int, $after: String) {{
  specialPopulationRecords(filter: $filter, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }}
    edges {{ node {{ {RECORD_FIELDS} }} }}
  }}
}}"""
NODE = "query ($id: ID!) { node(id: $id) { id ... on SpecialPopulationRecord { notes } } }"
NODES = "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }"
COUNTS = """
query ($divisionCode: String, $gridId: ID) {
  specialPopulationCounts(divisionCode: $divisionCode, gridId: $gridId) {
    count suppressed exact threshold
    byCategory { category count suppressed }
    byGrid { grid { code } count suppressed }
  }
}"""
NOTES = "每周电话联系，家属配合"
C1 = "110105001001"


def gid(row: Any) -> str:
    return to_global_id(type(row).__name__, row.pk)


@pytest.fixture
async def world(db: str) -> dict[str, Any]:
    tree = await make_tree()
    g1, g2 = await make_grid(tree["c1"], "G1"), await make_grid(tree["c1"], "G2")
    g3 = await make_grid(tree["c2"], "G3")
    r1 = await make_resident(g1, "本社区甲")
    r2 = await make_resident(g2, "本社区乙")
    r3 = await make_resident(g3, "外社区丙")
    records = {}
    for name, resident in (("r1", r1), ("r2", r2), ("r3", r3)):
        records[name] = await SpecialPopulationRecord.create(
            resident=resident,
            category=SpecialPopulationCategory.COMMUNITY_CORRECTION,
            notes_cipher=crypto.get_cipher().encrypt(NOTES, b"special_notes"),
            started_on=dt.date(2025, 3, 1),
        )
    return {
        "tree": tree,
        "g1": g1,
        "g2": g2,
        "g3": g3,
        "r1": r1,
        "r2": r2,
        "r3": r3,
        **{f"rec_{k}": v for k, v in records.items()},
    }


async def designee_token() -> str:
    return await session_token_for(
        "DIVISION_STAFF", division_codes=[C1], special_population_designee=True
    )


async def grid_worker_token(grid: Any, *, designee: bool) -> str:
    worker = await make_worker()
    await GridAssignment.create(grid=grid, worker=worker)
    return await session_token_for(
        "GRID_WORKER", grid_worker_id=worker.pk, special_population_designee=designee
    )


def denied(body: dict[str, Any], field: str) -> str:
    """The field is null with one top-level error; returns its code."""
    assert (body.get("data") or {}).get(field) is None, body
    assert len(body["errors"]) == 1, body
    code: str = body["errors"][0]["extensions"]["code"]
    return code


async def audit_rows(operation: str | None = None) -> list[AuditEntry]:
    qs = AuditEntry.all().order_by("id")
    if operation:
        qs = qs.filter(operation=operation)
    return list(await qs)


def assert_no_personal_data(entries: list[AuditEntry], *values: str) -> None:
    for entry in entries:
        text = f"{entry.detail} {entry.object_ids}"
        for value in (NOTES, *values):
            assert value not in text, (entry.operation, text)


async def test_a_designated_community_staff_member_keeps_records_of_their_community(
    gql, world
) -> None:
    staff = gql.as_token(await designee_token())
    created = await staff(
        CREATE,
        {
            "input": {
                "residentId": gid(world["r1"]),
                "category": "SEVERE_MENTAL_DISORDER",
                "riskLevel": "HIGH",
                "notes": "按时服药，监护人在家",
                "startedOn": "2025-06-01",
            }
        },
    )
    payload = created["data"]["specialPopulationRecordCreate"]
    assert payload["errors"] == []
    record = payload["record"]
    assert record | {"id": None} == {
        "id": None,
        "category": "SEVERE_MENTAL_DISORDER",
        "riskLevel": "HIGH",
        "notes": "按时服药，监护人在家",
        "startedOn": "2025-06-01",
        "endedOn": None,
        "active": True,
        "resident": {"name": "本社区甲"},
    }
    stored = await SpecialPopulationRecord.get(category="SEVERE_MENTAL_DISORDER")
    assert "按时服药".encode() not in bytes(stored.notes_cipher)

    updated = await staff(UPDATE, {"input": {"id": record["id"], "riskLevel": "MEDIUM"}})
    assert updated["data"]["specialPopulationRecordUpdate"]["record"]["riskLevel"] == "MEDIUM"
    ended = await staff(END, {"input": {"id": record["id"], "endedOn": "2025-12-01"}})
    assert ended["data"]["specialPopulationRecordEnd"]["record"] | {"id": None} == {
        **record,
        "id": None,
        "riskLevel": "MEDIUM",
        "endedOn": "2025-12-01",
        "active": False,
    }

    listed = await staff(LIST, {"first": 10})
    page = listed["data"]["specialPopulationRecords"]
    assert page["totalCount"] == 3
    assert [e["node"]["resident"]["name"] for e in page["edges"]] == [
        "本社区甲",
        "本社区乙",
        "本社区甲",
    ]
    active = await staff(LIST, {"filter": {"activeOnly": True, "gridId": gid(world["g1"])}})
    assert [e["node"]["notes"] for e in active["data"]["specialPopulationRecords"]["edges"]] == [
        NOTES
    ]
    node = await staff(NODE, {"id": gid(world["rec_r2"])})
    assert node["data"]["node"]["notes"] == NOTES


async def test_a_designee_cannot_reach_another_communitys_records(gql, world) -> None:
    staff = gql.as_token(await designee_token())
    foreign = gid(world["rec_r3"])
    assert (await staff(NODE, {"id": foreign}))["data"]["node"] is None
    assert (await staff(NODES, {"ids": [foreign, gid(world["rec_r1"])]}))["data"]["nodes"] == [
        None,
        {"id": gid(world["rec_r1"])},
    ]
    filtered = await staff(LIST, {"filter": {"gridId": gid(world["g3"])}})
    assert filtered["data"]["specialPopulationRecords"]["totalCount"] == 0
    for document, variables in (
        (UPDATE, {"id": foreign, "notes": "改"}),
        (END, {"id": foreign}),
        (CREATE, {"residentId": gid(world["r3"]), "category": "OTHER"}),
    ):
        body = await staff(document, {"input": variables})
        payload = next(iter(body["data"].values()))
        assert payload["record"] is None
        assert [e["code"] for e in payload["errors"]] == ["FORBIDDEN"]
    row = await SpecialPopulationRecord.get(pk=world["rec_r3"].pk)
    assert row.ended_on is None
    assert await SpecialPopulationRecord.all().count() == 3


async def _outsiders(world: dict[str, Any]) -> dict[str, str | None]:
    _, key = await create_api_key("合作机构", ["register:read", "consultations:read"])
    resident_token = await session_token_for(
        "RESIDENT", resident_id=world["r1"].pk, special_population_designee=True
    )
    return {
        "staff without designation": await session_token_for("DIVISION_STAFF", division_codes=[C1]),
        "grid worker without designation": await grid_worker_token(world["g1"], designee=False),
        "resident": resident_token,
        "partner key": key,
        "anonymous": None,
    }


async def test_everyone_else_is_refused_or_sees_nothing(gql, world) -> None:
    mine = gid(world["rec_r1"])
    for who, token in (await _outsiders(world)).items():
        caller = gql.as_token(token)
        expected = "UNAUTHENTICATED" if token is None else "FORBIDDEN"
        assert denied(await caller(LIST), "specialPopulationRecords") == expected, who
        if token is None:
            assert denied(await caller(NODE, {"id": mine}), "node") == expected
        else:
            assert (await caller(NODE, {"id": mine}))["data"]["node"] is None, who
            assert (await caller(NODES, {"ids": [mine]}))["data"]["nodes"] == [None], who
        for document, name, variables in (
            (
                CREATE,
                "specialPopulationRecordCreate",
                {"residentId": gid(world["r1"]), "category": "OTHER"},
            ),
            (UPDATE, "specialPopulationRecordUpdate", {"id": mine, "riskLevel": "HIGH"}),
            (END, "specialPopulationRecordEnd", {"id": mine}),
        ):
            assert denied(await caller(document, {"input": variables}), name) == expected, who
    assert await SpecialPopulationRecord.all().count() == 3
    row = await SpecialPopulationRecord.get(pk=world["rec_r1"].pk)
    assert (row.risk_level, row.ended_on) == ("LOW", None)
    # Every refused change is in the audit log, without the input's values.
    denials = await AuditEntry.filter(outcome=AuditOutcome.DENIED).count()
    assert denials == 3 * 5


async def test_a_designated_grid_worker_sees_only_their_own_grid(gql, world) -> None:
    worker = gql.as_token(await grid_worker_token(world["g2"], designee=True))
    page = (await worker(LIST))["data"]["specialPopulationRecords"]
    assert [e["node"]["resident"]["name"] for e in page["edges"]] == ["本社区乙"]
    assert (await worker(NODE, {"id": gid(world["rec_r1"])}))["data"]["node"] is None
    body = await worker(END, {"input": {"id": gid(world["rec_r1"])}})
    assert [e["code"] for e in body["data"]["specialPopulationRecordEnd"]["errors"]] == [
        "FORBIDDEN"
    ]
    ok = await worker(END, {"input": {"id": gid(world["rec_r2"])}})
    assert ok["data"]["specialPopulationRecordEnd"]["record"]["active"] is False


async def test_every_list_read_node_read_and_change_is_audited_without_personal_data(
    gql, world
) -> None:
    token = await designee_token()
    staff = gql.as_token(token)
    await staff(LIST, {"first": 1})
    await staff(LIST, {"filter": {"category": "COMMUNITY_CORRECTION", "activeOnly": True}})
    reads = await audit_rows("specialPopulationRecords")
    assert [(e.outcome, e.object_ids) for e in reads] == [
        (AuditOutcome.OK, [f"SpecialPopulationRecord:{world['rec_r1'].pk}"]),
        (
            AuditOutcome.OK,
            sorted(f"SpecialPopulationRecord:{world[k].pk}" for k in ("rec_r1", "rec_r2")),
        ),
    ]
    assert reads[1].detail == "category=COMMUNITY_CORRECTION;activeOnly"
    assert reads[0].account_id is not None and reads[0].role == "DIVISION_STAFF"

    await staff(NODE, {"id": gid(world["rec_r2"])})
    assert [e.object_ids for e in await audit_rows("node")] == [
        [f"SpecialPopulationRecord:{world['rec_r2'].pk}"]
    ]

    secret = "新的敏感备注"
    body = await staff(
        CREATE,
        {"input": {"residentId": gid(world["r2"]), "category": "OTHER", "notes": secret}},
    )
    new_id = body["data"]["specialPopulationRecordCreate"]["record"]["id"]
    await staff(UPDATE, {"input": {"id": new_id, "notes": secret + "二"}})
    await staff(UPDATE, {"input": {"id": new_id, "notes": "x" * 2001}})
    await staff(END, {"input": {"id": new_id}})
    changes = [
        (e.operation, e.outcome, e.detail)
        for e in await audit_rows()
        if e.operation.startswith("specialPopulationRecord")
        and e.operation != "specialPopulationRecords"
    ]
    assert changes == [
        ("specialPopulationRecordCreate", AuditOutcome.OK, ""),
        ("specialPopulationRecordUpdate", AuditOutcome.OK, ""),
        ("specialPopulationRecordUpdate", AuditOutcome.REJECTED, "TOO_LONG"),
        ("specialPopulationRecordEnd", AuditOutcome.OK, ""),
    ]
    created = (await audit_rows("specialPopulationRecordCreate"))[0]
    new_pk = (await SpecialPopulationRecord.get(category="OTHER")).pk
    assert created.object_ids == [
        f"Resident:{world['r2'].pk}",
        f"SpecialPopulationRecord:{new_pk}",
    ]
    resident = world["r2"]
    id_number = crypto.get_cipher().decrypt(resident.id_number_cipher, crypto.ID_NUMBER)
    assert_no_personal_data(
        await audit_rows(), secret, "本社区", resident.name, id_number, resident.id_number_masked
    )


async def test_a_rejected_list_read_is_audited_and_pages_hold_at_most_50(gql, world) -> None:
    staff = gql.as_token(await designee_token())
    body = await staff(LIST, {"first": 51})
    assert denied(body, "specialPopulationRecords") == "OUT_OF_RANGE"
    assert [(e.outcome, e.detail) for e in await audit_rows("specialPopulationRecords")] == [
        (AuditOutcome.REJECTED, "OUT_OF_RANGE")
    ]


async def test_counts_for_wider_audiences_withhold_small_numbers(gql, world) -> None:
    for i in range(4):
        resident = await make_resident(world["g1"], f"加{i}")
        await SpecialPopulationRecord.create(
            resident=resident, category="COMMUNITY_CORRECTION", started_on=dt.date(2025, 1, 1)
        )
    # Now G1 holds 5, G2 1 (community total 6 would reveal G2's 1), G3 1.
    plain = gql.as_token(await session_token_for("DIVISION_STAFF", division_codes=[C1]))
    body = await plain(COUNTS, {"divisionCode": C1})
    counts = body["data"]["specialPopulationCounts"]
    assert counts["count"] is None and counts["suppressed"] and not counts["exact"]
    assert counts["threshold"] == 5
    assert counts["byGrid"] == [
        {"grid": {"code": "G1"}, "count": 5, "suppressed": False},
        {"grid": {"code": "G2"}, "count": None, "suppressed": True},
    ]
    assert counts["byCategory"][0] == {
        "category": "COMMUNITY_CORRECTION",
        "count": None,
        "suppressed": True,
    }

    designee = gql.as_token(await designee_token())
    exact = (await designee(COUNTS, {"divisionCode": C1}))["data"]["specialPopulationCounts"]
    assert (exact["count"], exact["exact"]) == (6, True)
    assert [g["count"] for g in exact["byGrid"]] == [5, 1]

    for who, token in (await _outsiders(world)).items():
        body = await gql.as_token(token)(COUNTS, {"gridId": gid(world["g1"])})
        if who == "anonymous":
            assert denied(body, "specialPopulationCounts") == "UNAUTHENTICATED"
            continue
        found = body["data"]["specialPopulationCounts"]
        if who.startswith(("staff", "grid worker")):
            assert found["count"] == 5, who
        else:  # residents and partners never learn anything from these counts
            assert found["count"] is None and found["byGrid"] == [
                {"grid": {"code": "G1"}, "count": None, "suppressed": True}
            ], who
    other = await plain(COUNTS, {"gridId": gid(world["g3"])})
    assert denied(other, "specialPopulationCounts") == "FORBIDDEN"


def test_no_role_but_designated_staff_holds_the_capability_and_residents_show_no_records() -> None:
    for role in Role:
        granted = capabilities_for(role, special_population_designee=True)
        expected = role in {Role.DIVISION_STAFF, Role.GRID_WORKER}
        assert (Capability.SPECIAL_POPULATION in granted) == expected, role
        assert Capability.SPECIAL_POPULATION not in capabilities_for(role), role
    assert Capability.SPECIAL_POPULATION not in capabilities_for_key_scopes(list(API_KEY_SCOPES))
    # Kept apart from the register: no field of Resident leads to these records.
    resident = schema._schema.get_type("Resident")
    assert isinstance(resident, GraphQLObjectType)
    for name, field in resident.fields.items():
        assert "SpecialPopulation" not in get_named_type(field.type).name, name
