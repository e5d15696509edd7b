"""Role × operation matrix: every root query and mutation, called by every kind of caller.

``TABLE`` below is the whole contract in one place. A cell is ALLOW (no permission error;
queries answer without any error, mutations with the payload errors listed for the row, usually
none) or DENY (a top-level error: UNAUTHENTICATED for anonymous callers, FORBIDDEN for
everyone else, no data, and nothing in the database changed). The table must name exactly the
root fields of the schema, so a new field without a row fails the test.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from backend.api.relay import to_global_id
from backend.api.schema import schema
from backend.consultations.models import VoteOption
from backend.grids.models import GridWorker
from backend.special.models import SpecialPopulationCategory, SpecialPopulationRecord
from tests.auth.support import (
    ANONYMOUS,
    CALLERS,
    PARTNER,
    World,
    errors_of,
    extra_session,
    snapshot,
)
from tests.conftest import GraphQLClient
from tests.consultations.access_world import OPERATIONS as CONSULTATION_OPERATIONS
from tests.consultations.voting_world import ready_conflict, ready_vote
from tests.factories import make_household, make_id_number, make_resident

# Columns: anonymous, PLATFORM_ADMIN, DIVISION_STAFF of community c1, the same with the
# special-population designation, GRID_WORKER of grid GA, RESIDENT of GA, PARTNER key with
# register:read.
TABLE = """
field                           anonymous admin staff designee worker resident partner
viewer                          ALLOW     ALLOW ALLOW ALLOW    ALLOW  ALLOW    ALLOW
node                            DENY      ALLOW ALLOW ALLOW    ALLOW  ALLOW    ALLOW
nodes                           DENY      ALLOW ALLOW ALLOW    ALLOW  ALLOW    ALLOW
divisionTree                    DENY      ALLOW ALLOW ALLOW    ALLOW  ALLOW    ALLOW
divisions                       DENY      ALLOW ALLOW ALLOW    ALLOW  ALLOW    ALLOW
division                        DENY      ALLOW ALLOW ALLOW    ALLOW  ALLOW    ALLOW
grids                           DENY      ALLOW ALLOW ALLOW    ALLOW  ALLOW    ALLOW
gridWorkers                     DENY      ALLOW ALLOW ALLOW    ALLOW  ALLOW    ALLOW
compounds                       DENY      ALLOW ALLOW ALLOW    ALLOW  ALLOW    ALLOW
dwellings                       DENY      ALLOW ALLOW ALLOW    ALLOW  ALLOW    ALLOW
residents                       DENY      ALLOW ALLOW ALLOW    ALLOW  ALLOW    DENY
households                      DENY      ALLOW ALLOW ALLOW    ALLOW  ALLOW    DENY
specialPopulationRecords        DENY      DENY  DENY  ALLOW    DENY   DENY     DENY
specialPopulationCounts         DENY      ALLOW ALLOW ALLOW    ALLOW  ALLOW    ALLOW
auditEntries                    DENY      ALLOW DENY  DENY     DENY   DENY     DENY
authLogin                       ALLOW     ALLOW ALLOW ALLOW    ALLOW  ALLOW    ALLOW
authOtpRequest                  ALLOW     ALLOW ALLOW ALLOW    ALLOW  ALLOW    ALLOW
authOtpVerify                   ALLOW     ALLOW ALLOW ALLOW    ALLOW  ALLOW    ALLOW
authLogout                      ALLOW     ALLOW ALLOW ALLOW    ALLOW  ALLOW    ALLOW
divisionCreate                  DENY      ALLOW DENY  DENY     DENY   DENY     DENY
gridCreate                      DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
gridUpdate                      DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
gridWorkerAssign                DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
dwellingOwnersSet               DENY      ALLOW ALLOW ALLOW    ALLOW  DENY     DENY
residentCreate                  DENY      ALLOW ALLOW ALLOW    ALLOW  DENY     DENY
residentUpdate                  DENY      ALLOW ALLOW ALLOW    ALLOW  DENY     DENY
residentMove                    DENY      ALLOW ALLOW ALLOW    ALLOW  DENY     DENY
residentReveal                  DENY      ALLOW ALLOW ALLOW    ALLOW  DENY     DENY
householdCreate                 DENY      ALLOW ALLOW ALLOW    ALLOW  DENY     DENY
householdMerge                  DENY      ALLOW ALLOW ALLOW    ALLOW  DENY     DENY
specialPopulationRecordCreate   DENY      DENY  DENY  ALLOW    DENY   DENY     DENY
specialPopulationRecordUpdate   DENY      DENY  DENY  ALLOW    DENY   DENY     DENY
specialPopulationRecordEnd      DENY      DENY  DENY  ALLOW    DENY   DENY     DENY
votes                           DENY      ALLOW ALLOW ALLOW    ALLOW  ALLOW    DENY
ballotReceipt                   ALLOW     ALLOW ALLOW ALLOW    ALLOW  ALLOW    ALLOW
voteConflicts                   DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
voteCreate                      DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
voteOpen                        DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
voteCast                        DENY      DENY  DENY  DENY     DENY   ALLOW    DENY
ballotPaperEnter                DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
ballotConflictResolve           DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
voteClose                       DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
voteRecount                     DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
topics                          DENY      ALLOW ALLOW ALLOW    ALLOW  ALLOW    DENY
consultationSessions            DENY      ALLOW ALLOW ALLOW    ALLOW  ALLOW    DENY
resolutions                     DENY      ALLOW ALLOW ALLOW    ALLOW  ALLOW    DENY
consultationComments            DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
consultationSettings            DENY      ALLOW ALLOW ALLOW    ALLOW  ALLOW    DENY
topicPropose                    DENY      DENY  DENY  DENY     DENY   ALLOW    DENY
topicSupport                    DENY      DENY  DENY  DENY     DENY   ALLOW    DENY
topicReview                     DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
topicStateSet                   DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
topicImplement                  DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
consultationSessionCreate       DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
consultationSessionUpdate       DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
sessionMaterialAdd              DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
sessionMinutesSet               DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
commentCreate                   DENY      DENY  DENY  DENY     DENY   ALLOW    DENY
commentUpdate                   DENY      DENY  DENY  DENY     DENY   ALLOW    DENY
commentReport                   DENY      DENY  DENY  DENY     DENY   ALLOW    DENY
commentHide                     DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
resolutionPublish               DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
implementationUpdateCreate      DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
evaluationSubmit                DENY      DENY  DENY  DENY     DENY   ALLOW    DENY
consultationSettingsSet         DENY      ALLOW ALLOW ALLOW    DENY   DENY     DENY
"""

VIEWER = "query { viewer { authenticated roles } }"
NODE = "query ($id: ID!) { node(id: $id) { id } }"
NODES = "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }"
DIVISION_TREE = "query { divisionTree { code } }"
DIVISIONS = "query { divisions(level: COMMUNITY) { code } }"
DIVISION = "query ($code: String!) { division(code: $code) { code } }"
GRIDS = "query { grids { totalCount } }"
GRID_WORKERS = "query { gridWorkers { totalCount } }"
COMPOUNDS = "query { compounds { totalCount } }"
DWELLINGS = "query { dwellings { totalCount } }"
RESIDENTS = "query { residents { totalCount } }"
HOUSEHOLDS = "query { households { totalCount } }"
SPECIAL_RECORDS = "query { specialPopulationRecords { totalCount } }"
SPECIAL_COUNTS = "query ($code: String) { specialPopulationCounts(divisionCode: $code) { exact } }"
AUDIT_ENTRIES = "query { auditEntries { totalCount } }"

_PAYLOAD = "errors { field code }"
AUTH_LOGIN = f"""
mutation ($input: AuthLoginInput!) {{ authLogin(input: $input) {{ token {_PAYLOAD} }} }}"""
AUTH_OTP_REQUEST = f"""
mutation ($input: AuthOtpRequestInput!) {{ authOtpRequest(input: $input) {{ sent {_PAYLOAD} }} }}"""
AUTH_OTP_VERIFY = f"""
mutation ($input: AuthOtpVerifyInput!) {{ authOtpVerify(input: $input) {{ token {_PAYLOAD} }} }}"""
AUTH_LOGOUT = f"""
mutation ($input: AuthLogoutInput) {{ authLogout(input: $input) {{ endedSessions {_PAYLOAD} }} }}"""
DIVISION_CREATE = f"""
mutation ($input: DivisionCreateInput!) {{
  divisionCreate(input: $input) {{ division {{ id }} {_PAYLOAD} }} }}"""
GRID_CREATE = f"""
mutation ($input: GridCreateInput!) {{ gridCreate(input: $input) {{ grid {{ id }} {_PAYLOAD} }} }}"""
GRID_UPDATE = f"""
mutation ($input: GridUpdateInput!) {{ gridUpdate(input: $input) {{ grid {{ id }} {_PAYLOAD} }} }}"""
GRID_WORKER_ASSIGN = f"""
mutation ($input: GridWorkerAssignInput!) {{
  gridWorkerAssign(input: $input) {{ grid {{ id }} {_PAYLOAD} }} }}"""
DWELLING_OWNERS_SET = f"""
mutation ($input: DwellingOwnersSetInput!) {{
  dwellingOwnersSet(input: $input) {{ dwelling {{ id }} {_PAYLOAD} }} }}"""
RESIDENT_CREATE = f"""
mutation ($input: ResidentCreateInput!) {{
  residentCreate(input: $input) {{ resident {{ id }} {_PAYLOAD} }} }}"""
RESIDENT_UPDATE = f"""
mutation ($input: ResidentUpdateInput!) {{
  residentUpdate(input: $input) {{ resident {{ id }} {_PAYLOAD} }} }}"""
RESIDENT_MOVE = f"""
mutation ($input: ResidentMoveInput!) {{
  residentMove(input: $input) {{ resident {{ id }} {_PAYLOAD} }} }}"""
RESIDENT_REVEAL = f"""
mutation ($input: ResidentRevealInput!) {{
  residentReveal(input: $input) {{ revealed {{ idNumber }} {_PAYLOAD} }} }}"""
HOUSEHOLD_CREATE = f"""
mutation ($input: HouseholdCreateInput!) {{
  householdCreate(input: $input) {{ household {{ id }} {_PAYLOAD} }} }}"""
HOUSEHOLD_MERGE = f"""
mutation ($input: HouseholdMergeInput!) {{
  householdMerge(input: $input) {{ household {{ id }} {_PAYLOAD} }} }}"""
SPECIAL_CREATE = f"""
mutation ($input: SpecialPopulationRecordCreateInput!) {{
  specialPopulationRecordCreate(input: $input) {{ record {{ id }} {_PAYLOAD} }} }}"""
SPECIAL_UPDATE = f"""
mutation ($input: SpecialPopulationRecordUpdateInput!) {{
  specialPopulationRecordUpdate(input: $input) {{ record {{ id }} {_PAYLOAD} }} }}"""
SPECIAL_END = f"""
mutation ($input: SpecialPopulationRecordEndInput!) {{
  specialPopulationRecordEnd(input: $input) {{ record {{ id }} {_PAYLOAD} }} }}"""

VOTES = "query { votes { totalCount } }"
BALLOT_RECEIPT = "query ($code: String!) { ballotReceipt(code: $code) { counted } }"
VOTE_CONFLICTS = "query ($id: ID!) { voteConflicts(voteId: $id) { totalCount } }"
VOTE_CREATE = f"""
mutation ($input: VoteCreateInput!) {{ voteCreate(input: $input) {{ vote {{ id }} {_PAYLOAD} }} }}"""
VOTE_OPEN = f"""
mutation ($input: VoteOpenInput!) {{ voteOpen(input: $input) {{ vote {{ id }} {_PAYLOAD} }} }}"""
VOTE_CAST = f"""
mutation ($input: VoteCastInput!) {{
  voteCast(input: $input) {{ ballot {{ receiptCode }} {_PAYLOAD} }} }}"""
BALLOT_PAPER_ENTER = f"""
mutation ($input: BallotPaperEnterInput!) {{
  ballotPaperEnter(input: $input) {{ ballot {{ receiptCode }} conflict {{ id }} {_PAYLOAD} }} }}"""
BALLOT_CONFLICT_RESOLVE = f"""
mutation ($input: BallotConflictResolveInput!) {{
  ballotConflictResolve(input: $input) {{ conflict {{ id }} {_PAYLOAD} }} }}"""
VOTE_CLOSE = f"""
mutation ($input: VoteCloseInput!) {{ voteClose(input: $input) {{ vote {{ id }} {_PAYLOAD} }} }}"""
VOTE_RECOUNT = f"""
mutation ($input: VoteRecountInput!) {{ voteRecount(input: $input) {{ matches {_PAYLOAD} }} }}"""

Variables = Callable[[World], Awaitable[dict[str, Any]]]
_serial = itertools.count(100)


@dataclass(frozen=True)
class Operation:
    document: str
    # Valid minimal variables, made fresh for every cell (new rows where a call uses them up).
    variables: Variables
    # Payload error codes an allowed call answers with (a login with a wrong password …).
    payload_errors: tuple[str, ...] = ()


def fixed(value: Callable[[World], dict[str, Any]]) -> Variables:
    async def build(world: World) -> dict[str, Any]:
        return value(world)

    return build


def none(world: World) -> dict[str, Any]:
    return {}


async def _fresh_resident(world: World) -> str:
    row = await make_resident(world.a.grid, "新住户", phone=None)
    return to_global_id("Resident", row.pk)


async def _fresh_household(world: World) -> str:
    return to_global_id("Household", (await make_household(world.a.grid)).pk)


async def _fresh_record(world: World) -> str:
    resident = await make_resident(world.a.grid, "新对象", phone=None)
    row = await SpecialPopulationRecord.create(
        resident=resident,
        category=SpecialPopulationCategory.OTHER,
        started_on=dt.date.today() - dt.timedelta(days=30),
    )
    return to_global_id("SpecialPopulationRecord", row.pk)


async def _worker_assign(world: World) -> dict[str, Any]:
    worker = await GridWorker.create(name="新网格员", employee_no=f"N{next(_serial)}")
    return {
        "input": {
            "gridId": world.a.ids()["grid"],
            "workerId": to_global_id("GridWorker", worker.pk),
        }
    }


async def _resident_move(world: World) -> dict[str, Any]:
    household = await _fresh_household(world)
    return {"input": {"id": await _fresh_resident(world), "householdId": household}}


async def _household_merge(world: World) -> dict[str, Any]:
    source, target = await _fresh_household(world), await _fresh_household(world)
    return {"input": {"sourceId": source, "targetId": target}}


async def _special_create(world: World) -> dict[str, Any]:
    return {"input": {"residentId": await _fresh_resident(world), "category": "OTHER"}}


async def _special_update(world: World) -> dict[str, Any]:
    return {"input": {"id": await _fresh_record(world), "riskLevel": "HIGH"}}


async def _special_end(world: World) -> dict[str, Any]:
    return {"input": {"id": await _fresh_record(world)}}


OPERATIONS: dict[str, Operation] = {
    "viewer": Operation(VIEWER, fixed(none)),
    "node": Operation(NODE, fixed(lambda w: {"id": w.a.ids()["resident0"]})),
    "nodes": Operation(
        NODES, fixed(lambda w: {"ids": [w.a.ids()["resident0"], w.a.ids()["grid"]]})
    ),
    "divisionTree": Operation(DIVISION_TREE, fixed(none)),
    "divisions": Operation(DIVISIONS, fixed(none)),
    "division": Operation(DIVISION, fixed(lambda w: {"code": w.tree["c1"].code})),
    "grids": Operation(GRIDS, fixed(none)),
    "gridWorkers": Operation(GRID_WORKERS, fixed(none)),
    "compounds": Operation(COMPOUNDS, fixed(none)),
    "dwellings": Operation(DWELLINGS, fixed(none)),
    "residents": Operation(RESIDENTS, fixed(none)),
    "households": Operation(HOUSEHOLDS, fixed(none)),
    "specialPopulationRecords": Operation(SPECIAL_RECORDS, fixed(none)),
    "specialPopulationCounts": Operation(
        SPECIAL_COUNTS, fixed(lambda w: {"code": w.tree["c1"].code})
    ),
    "auditEntries": Operation(AUDIT_ENTRIES, fixed(none)),
    "authLogin": Operation(
        AUTH_LOGIN,
        fixed(lambda w: {"input": {"username": "nobody", "password": "wrong-password-1"}}),
        payload_errors=("INVALID_CREDENTIALS",),
    ),
    "authOtpRequest": Operation(
        AUTH_OTP_REQUEST, fixed(lambda w: {"input": {"phone": f"1360000{next(_serial):04d}"}})
    ),
    "authOtpVerify": Operation(
        AUTH_OTP_VERIFY,
        fixed(lambda w: {"input": {"phone": "13600009999", "code": "123456"}}),
        payload_errors=("OTP_EXPIRED",),
    ),
    "authLogout": Operation(AUTH_LOGOUT, fixed(lambda w: {"input": {"everywhere": False}})),
    "divisionCreate": Operation(
        DIVISION_CREATE,
        fixed(
            lambda w: {
                "input": {
                    "code": f"110105001{next(_serial):03d}",
                    "name": "新社区",
                    "level": "COMMUNITY",
                    "parentId": to_global_id("Division", w.tree["sub"].pk),
                }
            }
        ),
    ),
    "gridCreate": Operation(
        GRID_CREATE,
        fixed(
            lambda w: {
                "input": {
                    "code": f"GN{next(_serial)}",
                    "name": "新网格",
                    "communityId": to_global_id("Division", w.tree["c1"].pk),
                }
            }
        ),
    ),
    "gridUpdate": Operation(
        GRID_UPDATE, fixed(lambda w: {"input": {"id": w.a.ids()["grid"], "name": "甲网格"}})
    ),
    "gridWorkerAssign": Operation(GRID_WORKER_ASSIGN, _worker_assign),
    "dwellingOwnersSet": Operation(
        DWELLING_OWNERS_SET,
        fixed(
            lambda w: {
                "input": {
                    "dwellingId": w.a.ids()["dwelling"],
                    "ownerIds": [w.a.ids()["resident0"]],
                }
            }
        ),
    ),
    "residentCreate": Operation(
        RESIDENT_CREATE,
        fixed(
            lambda w: {
                "input": {
                    "name": "新居民",
                    "idNumber": make_id_number(),
                    "residency": "REGISTERED",
                    "gridId": w.a.ids()["grid"],
                }
            }
        ),
    ),
    "residentUpdate": Operation(
        RESIDENT_UPDATE,
        fixed(lambda w: {"input": {"id": w.a.ids()["resident1"], "residency": "PERMANENT"}}),
    ),
    "residentMove": Operation(RESIDENT_MOVE, _resident_move),
    "residentReveal": Operation(
        RESIDENT_REVEAL,
        fixed(lambda w: {"input": {"id": w.a.ids()["resident0"], "reason": "入户走访核对身份"}}),
    ),
    "householdCreate": Operation(
        HOUSEHOLD_CREATE, fixed(lambda w: {"input": {"gridId": w.a.ids()["grid"]}})
    ),
    "householdMerge": Operation(HOUSEHOLD_MERGE, _household_merge),
    "specialPopulationRecordCreate": Operation(SPECIAL_CREATE, _special_create),
    "specialPopulationRecordUpdate": Operation(SPECIAL_UPDATE, _special_update),
    "specialPopulationRecordEnd": Operation(SPECIAL_END, _special_end),
}
OPERATIONS |= {name: Operation(*args) for name, args in CONSULTATION_OPERATIONS.items()}


async def _vote(world: World, state: str = "OPEN") -> tuple[str, str]:
    """A fresh community-wide vote of c1 in ``state`` and its first option (global IDs)."""
    vote = await ready_vote(world.tree["c1"], world.accounts["staff"].pk, state=state)
    option = await VoteOption.filter(vote_id=vote.pk).order_by("position").first()
    assert option is not None
    return to_global_id("Vote", vote.pk), to_global_id("VoteOption", option.pk)


def _vote_input(state: str) -> Variables:
    async def build(world: World) -> dict[str, Any]:
        return {"input": {"voteId": (await _vote(world, state))[0]}}

    return build


async def _vote_cast(world: World) -> dict[str, Any]:
    vote, option = await _vote(world)
    return {"input": {"voteId": vote, "optionIds": [option]}}


async def _paper_enter(world: World) -> dict[str, Any]:
    vote, option = await _vote(world)
    signer = to_global_id("Resident", world.b.residents[2].pk)
    return {
        "input": {
            "voteId": vote,
            "residentId": signer,
            "optionIds": [option],
            "sheetReference": "第1册-001",
            "channel": "PAPER",
        }
    }


async def _conflict_resolve(world: World) -> dict[str, Any]:
    staff = world.accounts["staff"].pk
    conflict = await ready_conflict(world.tree["c1"], staff, world.a.residents[1])
    return {
        "input": {
            "conflictId": to_global_id("BallotConflict", conflict),
            "resolution": "KEEP_EXISTING",
            "note": "本人已在线投票",
        }
    }


def _vote_create(world: World) -> dict[str, Any]:
    now = dt.datetime.now(dt.UTC)
    return {
        "input": {
            "communityId": to_global_id("Division", world.tree["c1"].pk),
            "scopeKind": "COMMUNITY",
            "question": "是否增设快递柜",
            "ballotKind": "FOR_AGAINST_ABSTAIN",
            "votingUnit": "HOUSEHOLD",
            "decisionRule": "SIMPLE_MAJORITY",
            "opensAt": now.isoformat(),
            "closesAt": (now + dt.timedelta(days=7)).isoformat(),
        }
    }


async def _vote_conflicts(world: World) -> dict[str, Any]:
    return {"id": (await _vote(world))[0]}


OPERATIONS.update(
    {
        "votes": Operation(VOTES, fixed(none)),
        "ballotReceipt": Operation(BALLOT_RECEIPT, fixed(lambda w: {"code": "0" * 16})),
        "voteConflicts": Operation(VOTE_CONFLICTS, _vote_conflicts),
        "voteCreate": Operation(VOTE_CREATE, fixed(_vote_create)),
        "voteOpen": Operation(VOTE_OPEN, _vote_input("DRAFT")),
        "voteCast": Operation(VOTE_CAST, _vote_cast),
        "ballotPaperEnter": Operation(BALLOT_PAPER_ENTER, _paper_enter),
        "ballotConflictResolve": Operation(BALLOT_CONFLICT_RESOLVE, _conflict_resolve),
        "voteClose": Operation(VOTE_CLOSE, _vote_input("OPEN")),
        "voteRecount": Operation(VOTE_RECOUNT, _vote_input("CLOSED")),
    }
)


def parse_table(text: str) -> dict[str, dict[str, str]]:
    header, *rows = [line.split() for line in text.strip().splitlines()]
    assert header == [
        "field",
        "anonymous",
        "admin",
        "staff",
        "designee",
        "worker",
        "resident",
        "partner",
    ]
    return {field: dict(zip(CALLERS, cells, strict=True)) for field, *cells in rows}


EXPECTED = parse_table(TABLE)


def root_fields() -> set[str]:
    graphql_schema = schema._schema
    assert graphql_schema.query_type is not None and graphql_schema.mutation_type is not None
    return set(graphql_schema.query_type.fields) | set(graphql_schema.mutation_type.fields)


def test_the_table_has_exactly_one_row_for_every_root_query_and_mutation() -> None:
    assert sorted(EXPECTED) == sorted(root_fields())
    assert sorted(OPERATIONS) == sorted(EXPECTED)
    assert all(set(cells.values()) <= {"ALLOW", "DENY"} for cells in EXPECTED.values())


async def _cell(client: Any, world: World, field: str, caller: str) -> tuple[str, dict[str, Any]]:
    """Call ``field`` as ``caller``; ALLOW or DENY when the answer is one of the two shapes,
    otherwise a description of what came back (which then fails the comparison)."""
    operation = OPERATIONS[field]
    token = world.tokens[caller]
    if field == "authLogout":
        token = await extra_session(world, caller)  # keep the caller's own session
    variables = await operation.variables(world)
    is_mutation = operation.document.lstrip().startswith("mutation")
    before = await snapshot() if is_mutation else None
    body = await GraphQLClient(client, token)(operation.document, variables)
    codes = errors_of(body)
    if codes:
        denial = "UNAUTHENTICATED" if caller == ANONYMOUS else "FORBIDDEN"
        paths = [e.get("path") for e in body["errors"]]
        unchanged = before is None or before == await snapshot()
        no_data = body["data"] is None or body["data"] == {field: None}
        if codes == [denial] and paths == [[field]] and no_data and unchanged:
            return "DENY", body
        return f"top-level {codes} (unchanged: {unchanged})", body
    payload = body["data"][field]
    found = [e["code"] for e in payload.get("errors", [])] if isinstance(payload, dict) else []
    if found != list(operation.payload_errors):
        return f"payload errors {found}", body
    return "ALLOW", body


async def test_every_caller_gets_exactly_the_access_the_table_gives(client, world) -> None:
    actual: dict[str, dict[str, str]] = {}
    answers: dict[tuple[str, str], dict[str, Any]] = {}
    for field in EXPECTED:
        actual[field] = {}
        for caller in CALLERS:
            actual[field][caller], answers[(field, caller)] = await _cell(
                client, world, field, caller
            )
    wrong = {
        (field, caller): (EXPECTED[field][caller], cell, answers[(field, caller)])
        for field, row in actual.items()
        for caller, cell in row.items()
        if cell != EXPECTED[field][caller]
    }
    assert wrong == {}


async def test_a_partner_key_without_register_read_reads_no_structure_either(client, world) -> None:
    from backend.auth.services import create_api_key

    _, key = await create_api_key("只读协商", ["consultations:read"])
    partner = GraphQLClient(client, key)
    body = await partner(GRIDS)
    assert (errors_of(body), body["data"]) == (["FORBIDDEN"], None)
    viewer = await partner("query { viewer { roles apiKeyScopes capabilities } }")
    assert viewer["data"]["viewer"] == {
        "roles": [PARTNER],
        "apiKeyScopes": ["consultations:read"],
        "capabilities": ["CONSULTATIONS_READ"],
    }
