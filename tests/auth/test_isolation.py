"""Row isolation: a caller never reads or changes people outside their scope, through any field.

Every ID-typed argument and input field of every root query and mutation is found by walking the
schema, and each is tried with other people's IDs and with forged ones:

* a foreign ID (a row the caller may not see) answers exactly like an ID that does not exist,
  so not even its existence shows; mutations refuse it with FORBIDDEN on that field;
* an ID of the wrong type is WRONG_TYPE, garbage and out-of-range keys are INVALID;
* no response contains a name, masked phone, household number or global ID of those people,
  and no refused mutation changes any table.

Callers: a grid worker of GA (foreign: grid GB in the same community, GC in another), a
designated community staff member of c1 (foreign: GC), a resident of GA (foreign: every other
household, and the structure of the other community) and a partner key (foreign: all people).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from graphql import (
    GraphQLInputObjectType,
    GraphQLInputType,
    get_named_type,
    get_nullable_type,
    is_list_type,
)

from backend.api.node import NODE_KINDS
from backend.api.relay import to_global_id
from backend.api.schema import schema
from tests.auth.support import (
    ADMIN,
    DESIGNEE,
    PARTNER,
    RESIDENT,
    STAFF,
    WORKER,
    Place,
    World,
    errors_of,
    fingerprints,
    snapshot,
)
from tests.auth.test_matrix import (
    BALLOT_CONFLICT_RESOLVE,
    BALLOT_PAPER_ENTER,
    VOTE_CAST,
    VOTE_CLOSE,
    VOTE_CREATE,
    VOTE_OPEN,
    VOTE_RECOUNT,
)
from tests.conftest import GraphQLClient
from tests.consultations import access_world as consultations
from tests.consultations.voting_world import isolation_rows
from tests.factories import make_id_number

RESIDENT_FIELDS = """
fragment R on Resident {
  id name idNumber phone age
  household { id number members { id name phone } }
  ownedDwellings { id owners { id name } }
  grid { id code residentCount householdCount }
}"""

NODE_FIELDS = (
    RESIDENT_FIELDS
    + """
fragment N on Node {
  id
  ... on Resident { ...R }
  ... on Household { number members { ...R } dwelling { id owners { id name } } }
  ... on Dwelling { unitNumber owners { ...R } households { id number members { id name } } }
  ... on Building { name dwellings { id owners { id name } } }
  ... on Compound { name buildings { id dwellings { id owners { id name } } } }
  ... on Grid { code residentCount householdCount careTagCounts { kind count }
                residents { totalCount edges { node { ...R } } } }
  ... on GridWorker { name grids { code residentCount } }
  ... on Division { code residentCount grids { code residentCount } }
  ... on SpecialPopulationRecord { category resident { ...R } }
}"""
)

NODE = "query ($id: ID!) { node(id: $id) { ...N } }" + NODE_FIELDS
NODES = "query ($ids: [ID!]!) { nodes(ids: $ids) { ...N } }" + NODE_FIELDS
GRIDS = (
    """
query ($filter: GridFilter) {
  grids(filter: $filter, first: 10) { totalCount edges { node {
    id code residentCount householdCount careTagCounts { kind count }
    assignments { worker { id name } }
    residents(first: 10) { totalCount edges { node { ...R } } }
  } } }
}"""
    + RESIDENT_FIELDS
)
COMPOUNDS = """
query ($filter: CompoundFilter) {
  compounds(filter: $filter, first: 10) { totalCount edges { node {
    id name buildings { id dwellings { id owners { id name phone }
      households { id number members { id name phone } } } }
  } } }
}"""
DWELLINGS = (
    """
query ($filter: DwellingFilter) {
  dwellings(filter: $filter, first: 10) { totalCount edges { node {
    id owners { ...R } households { id number members { ...R } }
  } } }
}"""
    + RESIDENT_FIELDS
)
RESIDENTS = (
    """
query ($filter: ResidentFilter) {
  residents(filter: $filter, first: 20) { totalCount edges { node { ...R } } }
}"""
    + RESIDENT_FIELDS
)
HOUSEHOLDS = (
    """
query ($filter: HouseholdFilter) {
  households(filter: $filter, first: 20) { totalCount edges { node {
    id number members { ...R } } } }
}"""
    + RESIDENT_FIELDS
)
AUDIT_ENTRIES = """
query ($filter: AuditEntryFilter) { auditEntries(filter: $filter) { totalCount } }"""
SPECIAL_RECORDS = (
    """
query ($filter: SpecialPopulationRecordFilter) {
  specialPopulationRecords(filter: $filter, first: 20) { totalCount edges { node {
    id category resident { ...R } } } }
}"""
    + RESIDENT_FIELDS
)
SPECIAL_COUNTS = """
query ($gridId: ID) {
  specialPopulationCounts(gridId: $gridId) {
    count suppressed byGrid { grid { id code } count } byCategory { category count }
  }
}"""

_PAYLOAD = "errors { field code }"
DIVISION_CREATE = f"""
mutation ($input: DivisionCreateInput!) {{
  divisionCreate(input: $input) {{ division {{ id }} {_PAYLOAD} }} }}"""
GRID_CREATE = f"""
mutation ($input: GridCreateInput!) {{ gridCreate(input: $input) {{ grid {{ id }} {_PAYLOAD} }} }}"""
GRID_UPDATE = f"""
mutation ($input: GridUpdateInput!) {{
  gridUpdate(input: $input) {{ grid {{ id code residentCount }} {_PAYLOAD} }} }}"""
GRID_WORKER_ASSIGN = f"""
mutation ($input: GridWorkerAssignInput!) {{
  gridWorkerAssign(input: $input) {{ grid {{ id }} {_PAYLOAD} }} }}"""
DWELLING_OWNERS_SET = f"""
mutation ($input: DwellingOwnersSetInput!) {{
  dwellingOwnersSet(input: $input) {{ dwelling {{ id owners {{ id name }} }} {_PAYLOAD} }} }}"""
RESIDENT_CREATE = f"""
mutation ($input: ResidentCreateInput!) {{
  residentCreate(input: $input) {{ resident {{ id household {{ members {{ name }} }} }} {_PAYLOAD} }}
}}"""
RESIDENT_UPDATE = f"""
mutation ($input: ResidentUpdateInput!) {{
  residentUpdate(input: $input) {{ resident {{ id name phone }} {_PAYLOAD} }} }}"""
RESIDENT_MOVE = f"""
mutation ($input: ResidentMoveInput!) {{
  residentMove(input: $input) {{ resident {{ id household {{ members {{ name }} }} }} {_PAYLOAD} }}
}}"""
RESIDENT_REVEAL = f"""
mutation ($input: ResidentRevealInput!) {{
  residentReveal(input: $input) {{ revealed {{ idNumber phone }} {_PAYLOAD} }} }}"""
HOUSEHOLD_CREATE = f"""
mutation ($input: HouseholdCreateInput!) {{
  householdCreate(input: $input) {{ household {{ id }} {_PAYLOAD} }} }}"""
HOUSEHOLD_MERGE = f"""
mutation ($input: HouseholdMergeInput!) {{
  householdMerge(input: $input) {{ household {{ id members {{ name }} }} {_PAYLOAD} }} }}"""
SPECIAL_CREATE = f"""
mutation ($input: SpecialPopulationRecordCreateInput!) {{
  specialPopulationRecordCreate(input: $input) {{ record {{ id }} {_PAYLOAD} }} }}"""
SPECIAL_UPDATE = f"""
mutation ($input: SpecialPopulationRecordUpdateInput!) {{
  specialPopulationRecordUpdate(input: $input) {{ record {{ id }} {_PAYLOAD} }} }}"""
SPECIAL_END = f"""
mutation ($input: SpecialPopulationRecordEndInput!) {{
  specialPopulationRecordEnd(input: $input) {{ record {{ id }} {_PAYLOAD} }} }}"""

# Every ID-typed argument or input field ("[]" marks a list), with the type it names. The
# first test checks that this is exactly what the schema has.
ID_TYPES: dict[tuple[str, str], str] = {
    ("node", "id"): "Node",
    ("nodes", "ids[]"): "Node",
    ("grids", "filter.communityId"): "Division",
    ("grids", "filter.workerId"): "GridWorker",
    ("compounds", "filter.communityId"): "Division",
    ("dwellings", "filter.compoundId"): "Compound",
    ("dwellings", "filter.buildingId"): "Building",
    ("residents", "filter.gridId"): "Grid",
    ("residents", "filter.compoundId"): "Compound",
    ("residents", "filter.buildingId"): "Building",
    ("residents", "filter.householdId"): "Household",
    ("households", "filter.gridId"): "Grid",
    ("households", "filter.dwellingId"): "Dwelling",
    ("specialPopulationRecords", "filter.gridId"): "Grid",
    ("specialPopulationRecords", "filter.residentId"): "Resident",
    ("specialPopulationCounts", "gridId"): "Grid",
    ("auditEntries", "filter.accountId"): "Account",
    ("divisionCreate", "input.parentId"): "Division",
    ("gridCreate", "input.communityId"): "Division",
    ("gridUpdate", "input.id"): "Grid",
    ("gridUpdate", "input.communityId"): "Division",
    ("gridWorkerAssign", "input.gridId"): "Grid",
    ("gridWorkerAssign", "input.workerId"): "GridWorker",
    ("dwellingOwnersSet", "input.dwellingId"): "Dwelling",
    ("dwellingOwnersSet", "input.ownerIds[]"): "Resident",
    ("residentCreate", "input.householdId"): "Household",
    ("residentCreate", "input.gridId"): "Grid",
    ("residentUpdate", "input.id"): "Resident",
    ("residentMove", "input.id"): "Resident",
    ("residentMove", "input.householdId"): "Household",
    ("residentMove", "input.gridId"): "Grid",
    ("residentReveal", "input.id"): "Resident",
    ("householdCreate", "input.gridId"): "Grid",
    ("householdCreate", "input.dwellingId"): "Dwelling",
    ("householdMerge", "input.sourceId"): "Household",
    ("householdMerge", "input.targetId"): "Household",
    ("specialPopulationRecordCreate", "input.residentId"): "Resident",
    ("specialPopulationRecordUpdate", "input.id"): "SpecialPopulationRecord",
    ("specialPopulationRecordEnd", "input.id"): "SpecialPopulationRecord",
    ("votes", "filter.topicId"): "Topic",
    ("votes", "filter.sessionId"): "ConsultationSession",
    ("voteConflicts", "voteId"): "Vote",
    ("voteCreate", "input.communityId"): "Division",
    ("voteCreate", "input.scopeId"): "Grid",  # the type the scope kind names (GRID here)
    ("voteCreate", "input.topicId"): "Topic",
    ("voteCreate", "input.sessionId"): "ConsultationSession",
    ("voteOpen", "input.voteId"): "Vote",
    ("voteCast", "input.voteId"): "Vote",
    ("voteCast", "input.optionIds[]"): "VoteOption",
    ("ballotPaperEnter", "input.voteId"): "Vote",
    ("ballotPaperEnter", "input.optionIds[]"): "VoteOption",
    ("ballotPaperEnter", "input.residentId"): "Resident",
    ("ballotConflictResolve", "input.conflictId"): "BallotConflict",
    ("voteClose", "input.voteId"): "Vote",
    ("voteRecount", "input.voteId"): "Vote",
    **consultations.ID_TYPES,
}

# Grid workers are staff without a home community until they are assigned, so staff who manage
# grids may assign any worker to their own grids: the worker's ID is not scoped (by design).
UNSCOPED = {("gridWorkerAssign", "input.workerId")}

NONEXISTENT = 987_654
FORGED = {
    "garbage": ("not a global id!", "INVALID"),
    "no key": ("UmVzaWRlbnQ", "INVALID"),  # base64 of "Resident"
    "key out of range": (to_global_id("Resident", 2**31), "INVALID"),
    "key zero": (to_global_id("Resident", 0), "INVALID"),
}


def _id_paths(type_: GraphQLInputType, prefix: str, seen: frozenset[str]) -> Iterator[str]:
    nullable = get_nullable_type(type_)
    suffix = "[]" if is_list_type(nullable) else ""
    named = get_named_type(nullable)
    if named.name == "ID":
        yield prefix + suffix
    elif isinstance(named, GraphQLInputObjectType) and named.name not in seen:
        for name, field in named.fields.items():
            yield from _id_paths(field.type, f"{prefix}{suffix}.{name}", seen | {named.name})


def schema_id_arguments() -> set[tuple[str, str]]:
    graphql_schema = schema._schema
    found: set[tuple[str, str]] = set()
    for root in (graphql_schema.query_type, graphql_schema.mutation_type):
        assert root is not None
        for field_name, field in root.fields.items():
            for arg_name, arg in field.args.items():
                found |= {(field_name, p) for p in _id_paths(arg.type, arg_name, frozenset())}
    return found


def test_every_id_argument_and_input_field_of_the_schema_is_probed() -> None:
    assert sorted(schema_id_arguments()) == sorted(ID_TYPES)


@dataclass(frozen=True)
class Probe:
    document: str
    # Variables naming the caller's own rows in every ID path (a valid call).
    own: dict[str, Any]


def _probes(w: World) -> dict[str, Probe]:
    a = w.a.ids()
    c1 = to_global_id("Division", w.tree["c1"].pk)
    own_filter = {
        "grids": {"communityId": c1, "workerId": a["worker"]},
        "compounds": {"communityId": c1},
        "dwellings": {"compoundId": w.compound_c1, "buildingId": a["building"]},
        "residents": {
            "gridId": a["grid"],
            "compoundId": w.compound_c1,
            "buildingId": a["building"],
            "householdId": a["household0"],
        },
        "households": {"gridId": a["grid"], "dwellingId": a["dwelling"]},
        "specialPopulationRecords": {"gridId": a["grid"], "residentId": a["resident0"]},
        "auditEntries": {"accountId": to_global_id("Account", w.accounts["worker"].pk)},
    }
    documents = {
        "grids": GRIDS,
        "compounds": COMPOUNDS,
        "dwellings": DWELLINGS,
        "residents": RESIDENTS,
        "households": HOUSEHOLDS,
        "specialPopulationRecords": SPECIAL_RECORDS,
        "auditEntries": AUDIT_ENTRIES,
    }
    probes = {name: Probe(documents[name], {"filter": f}) for name, f in own_filter.items()}
    probes |= {
        "node": Probe(NODE, {"id": a["resident0"]}),
        "nodes": Probe(NODES, {"ids": [a["resident0"]]}),
        "specialPopulationCounts": Probe(SPECIAL_COUNTS, {"gridId": a["grid"]}),
    }
    inputs: dict[str, tuple[str, dict[str, Any]]] = {
        "divisionCreate": (
            DIVISION_CREATE,
            {
                "code": "110105001150",
                "name": "新社区",
                "level": "COMMUNITY",
                "parentId": to_global_id("Division", w.tree["sub"].pk),
            },
        ),
        "gridCreate": (GRID_CREATE, {"code": "GNEW", "name": "新网格", "communityId": c1}),
        "gridUpdate": (GRID_UPDATE, {"id": a["grid"], "name": "甲网格", "communityId": c1}),
        "gridWorkerAssign": (GRID_WORKER_ASSIGN, {"gridId": a["grid"], "workerId": a["worker"]}),
        "dwellingOwnersSet": (
            DWELLING_OWNERS_SET,
            {"dwellingId": a["dwelling"], "ownerIds": [a["resident0"]]},
        ),
        "residentCreate": (
            RESIDENT_CREATE,
            {
                "name": "新居民",
                "idNumber": make_id_number(),
                "residency": "REGISTERED",
                "householdId": a["household0"],
                "gridId": a["grid"],
            },
        ),
        "residentUpdate": (RESIDENT_UPDATE, {"id": a["resident1"], "name": "甲二改"}),
        "residentMove": (
            RESIDENT_MOVE,
            {"id": a["resident2"], "householdId": a["household0"], "gridId": a["grid"]},
        ),
        "residentReveal": (RESIDENT_REVEAL, {"id": a["resident0"], "reason": "核对身份信息"}),
        "householdCreate": (HOUSEHOLD_CREATE, {"gridId": a["grid"], "dwellingId": a["dwelling"]}),
        "householdMerge": (
            HOUSEHOLD_MERGE,
            {"sourceId": a["household1"], "targetId": a["household0"]},
        ),
        "specialPopulationRecordCreate": (
            SPECIAL_CREATE,
            {"residentId": a["resident0"], "category": "OTHER"},
        ),
        "specialPopulationRecordUpdate": (SPECIAL_UPDATE, {"id": a["record"], "riskLevel": "HIGH"}),
        "specialPopulationRecordEnd": (SPECIAL_END, {"id": a["record"]}),
    }
    v = w.votes
    now = dt.datetime.now(dt.UTC)
    inputs |= {
        "voteCreate": (
            VOTE_CREATE,
            {
                "communityId": c1,
                "scopeKind": "GRID",
                "scopeId": a["grid"],
                "question": "是否增设电动车充电桩",
                "ballotKind": "FOR_AGAINST_ABSTAIN",
                "votingUnit": "PERSON",
                "decisionRule": "SIMPLE_MAJORITY",
                "opensAt": now.isoformat(),
                "closesAt": (now + dt.timedelta(days=7)).isoformat(),
                "topicId": v["topic"],
                "sessionId": v["session"],
            },
        ),
        "voteOpen": (VOTE_OPEN, {"voteId": v["draft"]}),
        "voteCast": (VOTE_CAST, {"voteId": v["open"], "optionIds": [v["open_option"]]}),
        "ballotPaperEnter": (
            BALLOT_PAPER_ENTER,
            {
                "voteId": v["open"],
                "optionIds": [v["open_option"]],
                "residentId": a["resident2"],
                "sheetReference": "第1册-001",
                "channel": "PAPER",
            },
        ),
        "ballotConflictResolve": (
            BALLOT_CONFLICT_RESOLVE,
            {"conflictId": v["conflict"], "resolution": "KEEP_EXISTING", "note": "已在线投票"},
        ),
        "voteClose": (VOTE_CLOSE, {"voteId": v["to_close"]}),
        "voteRecount": (VOTE_RECOUNT, {"voteId": v["closed"]}),
    }
    probes |= {name: Probe(doc, {"input": given}) for name, (doc, given) in inputs.items()}
    probes |= {
        "votes": Probe(
            "query ($filter: VoteFilter) { votes(filter: $filter) { totalCount } }",
            {"filter": {"topicId": v["topic"], "sessionId": v["session"]}},
        ),
        "voteConflicts": Probe(
            "query ($voteId: ID!) { voteConflicts(voteId: $voteId) { totalCount } }",
            {"voteId": v["open"]},
        ),
    }
    probes |= {name: Probe(*probe) for name, probe in consultations.probes(w).items()}
    return probes


@pytest.fixture
async def world(world: World) -> World:
    """The shared world with consultation rows (votes in every state, conflicts, topics)."""
    world.votes = await isolation_rows(
        world.tree["c1"],
        world.tree["c2"],
        world.b.grid,
        world.accounts["staff"].pk,
        [world.a.residents[1], world.c.residents[1]],
    )
    return world


def _with(variables: dict[str, Any], path: str, value: str) -> dict[str, Any]:
    """A deep copy of ``variables`` with ``value`` at ``path`` (a one-item list for ``[]``)."""
    copy = json.loads(json.dumps(variables))
    *parents, last = path.split(".")
    target = copy
    for key in parents:  # "name[]": the first item of a list of input objects
        target = target.setdefault(key.removesuffix("[]"), [{}] if key.endswith("[]") else {})
        if key.endswith("[]"):
            target = target[0]
    target[last.removesuffix("[]")] = [value] if last.endswith("[]") else value
    return copy


def _error_field(path: str) -> str:
    return path.removeprefix("input.").replace("[]", ".0")


@dataclass(frozen=True)
class Caller:
    name: str
    # Rows this caller may not see, by type; names, phones and numbers of their people.
    foreign: dict[str, list[str]]
    hidden: list[str]


def _foreign_places(w: World, *places: Place) -> dict[str, list[str]]:
    keys = {
        "Grid": "grid",
        "Building": "building",
        "Dwelling": "dwelling",
        "GridWorker": "worker",
        "SpecialPopulationRecord": "record",
        "Household": "household0",
        "Resident": "resident0",
    }
    return {t: [p.ids()[k] for p in places] for t, k in keys.items()}


def _foreign_consultations(w: World) -> dict[str, list[str]]:
    """The other community's vote, option, conflict, topic and session."""
    v = w.votes
    return {
        "Vote": [v["vote_c2"]],
        "VoteOption": [v["option_c2"]],
        "BallotConflict": [v["conflict_c2"]],
        "Topic": [v["topic_c2"]],
        "ConsultationSession": [v["session_c2"]],
    }


def caller_config(w: World, name: str) -> Caller:
    caller = _caller_config(w, name)
    foreign = dict(caller.foreign)
    for type_name, ids in consultations.foreign(w, name).items():
        foreign[type_name] = [*foreign.get(type_name, []), *ids]
    return Caller(name, foreign, caller.hidden)


def _caller_config(w: World, name: str) -> Caller:
    c2 = to_global_id("Division", w.tree["c2"].pk)
    sub2 = to_global_id("Division", w.tree["sub2"].pk)
    other_community: dict[str, list[str]] = {"Compound": [w.compound_c2], "Division": [c2, sub2]}
    other_community |= _foreign_consultations(w)
    if name == WORKER:
        return Caller(
            name,
            _foreign_places(w, w.b, w.c) | other_community,
            fingerprints(w.b, w.c),
        )
    if name == DESIGNEE:
        return Caller(name, _foreign_places(w, w.c) | other_community, fingerprints(w.c))
    a, b = w.a.ids(), w.b.ids()
    if name == RESIDENT:
        other_household = [
            w.a.residents[2].name,
            w.a.residents[2].phone_masked,
            a["resident2"],
            w.a.households[1].number,
            a["household1"],
        ]
        foreign = _foreign_places(w, w.c) | other_community
        foreign["Household"] = [a["household1"], b["household0"]]
        foreign["Resident"] = [a["resident2"], b["resident0"]]
        foreign["SpecialPopulationRecord"] = [a["record"], b["record"]]
        # Votes of the own community that do not cover the resident's home (another grid's, a
        # DRAFT) and conflicts, which only staff handle.
        v = w.votes
        foreign["Vote"] += [v["vote_gb"], v["draft"]]
        foreign["VoteOption"] += [v["option_gb"]]
        foreign["BallotConflict"] += [v["conflict"]]
        return Caller(name, foreign, other_household + fingerprints(w.b, w.c))
    assert name == PARTNER
    people = {
        "Household": [a["household0"], b["household0"]],
        "Resident": [a["resident0"], b["resident0"]],
        "SpecialPopulationRecord": [a["record"], b["record"]],
        # The key has no consultations:read: no vote is within its reach.
        "Vote": [w.votes["open"], w.votes["vote_c2"]],
        "VoteOption": [w.votes["open_option"]],
        "BallotConflict": [w.votes["conflict"]],
    }
    return Caller(name, people, fingerprints(w.a, w.b, w.c))


def _wrong_type(w: World, expected: str) -> tuple[str, str]:
    """An ID of another type, and the code it gets."""
    if expected == "Node":  # any type is welcome; one without objects is not
        return to_global_id("Account", w.accounts["worker"].pk), "INVALID"
    if expected == "Resident":
        return w.b.ids()["household0"], "WRONG_TYPE"
    return w.b.ids()["resident0"], "WRONG_TYPE"


def _leaks(body: dict[str, Any], hidden: list[str]) -> list[str]:
    text = json.dumps(body, ensure_ascii=False)
    return [h for h in hidden if h and h in text]


def _query_outcome(body: dict[str, Any]) -> list[str]:
    """Top-level codes of a query answer; an uncoded error (a server error) shows as '?'."""
    return [code or "?" for code in errors_of(body)]


def _mutation_outcome(body: dict[str, Any], field: str) -> list[tuple[str | None, str]]:
    """(field, code) of the payload errors, or ('top-level', code) when refused outright."""
    codes = errors_of(body)
    if codes:
        return [("top-level", code or "?") for code in codes]
    payload = body["data"][field]
    return [(e["field"], e["code"]) for e in payload["errors"]]


@pytest.mark.parametrize("who", [WORKER, DESIGNEE, RESIDENT, PARTNER])
async def test_foreign_and_forged_ids_reveal_and_change_nothing_on_every_id_field(
    client, world, who
) -> None:
    caller = caller_config(world, who)
    gql = GraphQLClient(client, world.tokens[who])
    probes = _probes(world)
    before = await snapshot()
    problems: list[Any] = []
    probed: set[tuple[str, str]] = set()
    for (field, path), expected_type in sorted(ID_TYPES.items()):
        probe = probes[field]
        is_mutation = probe.document.lstrip().startswith("mutation")
        # The same field with a key that does not exist: what every foreign ID must look like.
        absent_type = "Resident" if expected_type == "Node" else expected_type
        absent = await gql(
            probe.document, _with(probe.own, path, to_global_id(absent_type, NONEXISTENT))
        )
        if expected_type == "Node":  # every foreign ID of a type node(id:) knows
            foreign = [gid for t, ids in caller.foreign.items() if t in NODE_KINDS for gid in ids]
        else:
            foreign = caller.foreign.get(expected_type, [])
        if (field, path) in UNSCOPED:
            foreign = []
        tries: list[tuple[str, str, str | None]] = [("foreign", gid, None) for gid in foreign]
        wrong, wrong_code = _wrong_type(world, expected_type)
        tries.append(("wrong type", wrong, wrong_code))
        tries += [(kind, value, code) for kind, (value, code) in FORGED.items()]
        for kind, value, code in tries:
            body = await gql(probe.document, _with(probe.own, path, value))
            leaks = _leaks(body, caller.hidden)
            if leaks:
                problems.append((field, path, kind, "leaks", leaks))
            if kind == "foreign" and body != absent:
                problems.append((field, path, kind, "differs from a missing row", body, absent))
            if is_mutation:
                outcome = _mutation_outcome(body, field)
                wanted = (_error_field(path), code or "FORBIDDEN")
                if wanted not in outcome and outcome != [("top-level", "FORBIDDEN")]:
                    problems.append((field, path, kind, outcome))
            else:
                outcome_codes = _query_outcome(body)
                allowed_codes = {"FORBIDDEN"} if code is None else {"FORBIDDEN", code}
                if not set(outcome_codes) <= allowed_codes:
                    problems.append((field, path, kind, outcome_codes))
                if code is not None and outcome_codes not in ([code], ["FORBIDDEN"]):
                    problems.append((field, path, kind, "not refused", outcome_codes))
        if foreign:
            probed.add((field, path))
    assert problems == []
    assert await snapshot() == before
    if who == WORKER:  # every ID field met a foreign ID of its type, except the unscoped ones
        assert sorted(probed) == sorted(
            set(ID_TYPES) - UNSCOPED - {("auditEntries", "filter.accountId")}
        )


@pytest.mark.parametrize("who", [WORKER, DESIGNEE])
async def test_the_probes_are_valid_calls_with_the_callers_own_ids(client, world, who) -> None:
    """Each probe above, with the caller's own rows in every ID field, goes through: so what
    refused the probes was the foreign or forged ID, not some other mistake in the input."""
    gql = GraphQLClient(client, world.tokens[who])
    refused: dict[str, Any] = {}
    for field, probe in _probes(world).items():
        body = await gql(probe.document, probe.own)
        if probe.document.lstrip().startswith("mutation"):
            outcome = _mutation_outcome(body, field)
        else:
            outcome = _query_outcome(body)  # type: ignore[assignment]
        if outcome:
            refused[field] = outcome
    lacking = [("top-level", "FORBIDDEN")]
    consulting = {
        name: lacking
        for name, (document, _) in consultations.probes(world).items()
        if document.lstrip().startswith("mutation")
    }
    participating = {name: lacking for name in consultations.PARTICIPATION}
    expected = {
        WORKER: {
            "auditEntries": ["FORBIDDEN"],
            "specialPopulationRecords": ["FORBIDDEN"],
            "divisionCreate": lacking,
            "gridCreate": lacking,
            "gridUpdate": lacking,
            "gridWorkerAssign": lacking,
            "specialPopulationRecordCreate": lacking,
            "specialPopulationRecordUpdate": lacking,
            "specialPopulationRecordEnd": lacking,
            "voteConflicts": ["FORBIDDEN"],
            "voteCreate": lacking,
            "voteOpen": lacking,
            "voteCast": lacking,
            "ballotPaperEnter": lacking,
            "ballotConflictResolve": lacking,
            "voteClose": lacking,
            "voteRecount": lacking,
            **consulting,
        },
        DESIGNEE: {
            "auditEntries": ["FORBIDDEN"],
            "divisionCreate": lacking,
            "voteCast": lacking,  # staff have no ballot of their own
            **participating,
        },
    }
    assert refused == expected[who]


# --- what each caller sees through nested paths, counts and searches -----------------------

VIEW = """
query ($c1: String!, $c2: String!, $district: String!) {
  district: division(code: $district) { residentCount gridCount }
  own: division(code: $c1) {
    residentCount gridCount
    grids { code residentCount householdCount careTagCounts { kind count }
            residents { totalCount edges { node { name } } } }
  }
  other: division(code: $c2) { code residentCount }
  grids { totalCount edges { node { code } } }
  gridWorkers { totalCount edges { node { name grids { code } } } }
  dwellings { totalCount edges { node {
    unitNumber owners { name } households { members { name } }
  } } }
}"""

PEOPLE = """
query {
  residents { totalCount edges { node { name ownedDwellings { owners { name } } } } }
  households { totalCount edges { node { members { name } } } }
}"""

SEARCH = """
query ($filter: ResidentFilter) { residents(filter: $filter) { totalCount edges { node { name } } } }"""

COUNTS = """
query ($code: String) {
  specialPopulationCounts(divisionCode: $code) { count exact byGrid { grid { code } count } }
}"""


def _grid_view(code: str, names: list[str], households: int) -> dict[str, Any]:
    return {
        "code": code,
        "residentCount": len(names),
        "householdCount": households,
        "careTagCounts": [{"kind": "ELDERLY_ALONE", "count": 1}] if names[:1] else [],
        "residents": {
            "totalCount": len(names),
            "edges": [{"node": {"name": n}} for n in names],
        },
    }


def _dwelling(owners: list[str], members: list[list[str]]) -> dict[str, Any]:
    return {
        "node": {
            "unitNumber": "101",
            "owners": [{"name": n} for n in owners],
            "households": [{"members": [{"name": n} for n in m]} for m in members],
        }
    }


def _codes(*codes: str) -> dict[str, Any]:
    return {"totalCount": len(codes), "edges": [{"node": {"code": c}} for c in codes]}


def _workers(*codes: str) -> dict[str, Any]:
    return {
        "totalCount": len(codes),
        "edges": [{"node": {"name": f"{c} 网格员", "grids": [{"code": c}]}} for c in codes],
    }


def _view_variables(world: World) -> dict[str, str]:
    return {
        "c1": world.tree["c1"].code,
        "c2": world.tree["c2"].code,
        "district": world.tree["district"].code,
    }


async def test_a_grid_worker_sees_only_their_grids_people_in_every_nested_path_and_count(
    client, world
) -> None:
    gql = GraphQLClient(client, world.tokens[WORKER])
    view = await gql(VIEW, _view_variables(world))
    assert view == {
        "data": {
            "district": {"residentCount": 3, "gridCount": 1},
            "own": {
                "residentCount": 3,
                "gridCount": 1,
                "grids": [_grid_view("GA", ["甲一", "甲二", "甲三"], 2)],
            },
            "other": None,
            "grids": _codes("GA"),
            "gridWorkers": _workers("GA"),
            # GA's dwelling is co-owned by 乙一 of GB, who stays out of sight.
            "dwellings": {"totalCount": 1, "edges": [_dwelling(["甲一"], [["甲一", "甲二"]])]},
        },
        "extensions": view["extensions"],
    }
    people = await gql(PEOPLE)
    assert people["data"] == {
        "residents": {
            "totalCount": 3,
            "edges": [
                {"node": {"name": "甲一", "ownedDwellings": [{"owners": [{"name": "甲一"}]}]}},
                {"node": {"name": "甲二", "ownedDwellings": []}},
                {"node": {"name": "甲三", "ownedDwellings": []}},
            ],
        },
        "households": {
            "totalCount": 2,
            "edges": [
                {"node": {"members": [{"name": "甲一"}, {"name": "甲二"}]}},
                {"node": {"members": [{"name": "甲三"}]}},
            ],
        },
    }


NODES_BY_ID = """
query ($ids: [ID!]!) {
  nodes(ids: $ids) {
    id
    ... on Resident { name }
    ... on Household { members { name } }
    ... on Grid { code }
  }
}"""


async def test_nodes_answers_null_for_every_row_outside_the_scope_in_place(client, world) -> None:
    a, b, c = world.a.ids(), world.b.ids(), world.c.ids()
    ids = [a["resident0"], b["resident0"], a["household0"], c["household0"], b["grid"], a["grid"]]
    body = await GraphQLClient(client, world.tokens[WORKER])(NODES_BY_ID, {"ids": ids})
    assert body == {
        "data": {
            "nodes": [
                {"id": a["resident0"], "name": "甲一"},
                None,
                {"id": a["household0"], "members": [{"name": "甲一"}, {"name": "甲二"}]},
                None,
                None,
                {"id": a["grid"], "code": "GA"},
            ]
        },
        "extensions": body["extensions"],
    }


async def test_exact_id_number_and_phone_search_finds_nobody_outside_the_scope(
    client, world
) -> None:
    from backend.core import crypto

    b1 = world.b.residents[0]
    id_number = crypto.get_cipher().decrypt(b1.id_number_cipher, crypto.ID_NUMBER)
    nobody = {"data": {"residents": {"totalCount": 0, "edges": []}}}
    found = {"data": {"residents": {"totalCount": 1, "edges": [{"node": {"name": "乙一"}}]}}}
    for who, expected in ((WORKER, nobody), (RESIDENT, nobody), (ADMIN, found)):
        gql = GraphQLClient(client, world.tokens[who])
        for condition in ({"idNumber": id_number}, {"phone": "13900000201"}):
            body = await gql(SEARCH, {"filter": condition})
            assert {"data": body["data"]} == expected, (who, condition)


async def test_community_staff_see_both_grids_of_their_community_and_nothing_of_the_next(
    client, world
) -> None:
    gql = GraphQLClient(client, world.tokens[STAFF])
    view = await gql(VIEW, _view_variables(world))
    assert view["data"] == {
        "district": {"residentCount": 6, "gridCount": 2},
        "own": {
            "residentCount": 6,
            "gridCount": 2,
            "grids": [
                _grid_view("GA", ["甲一", "甲二", "甲三"], 2),
                _grid_view("GB", ["乙一", "乙二", "乙三"], 2),
            ],
        },
        "other": None,
        "grids": _codes("GA", "GB"),
        "gridWorkers": _workers("GA", "GB"),
        "dwellings": {
            "totalCount": 2,
            "edges": [
                _dwelling(["甲一", "乙一"], [["甲一", "甲二"]]),
                _dwelling(["乙一"], [["乙一", "乙二"]]),
            ],
        },
    }


async def test_a_resident_sees_the_structure_of_their_community_and_only_their_household(
    client, world
) -> None:
    gql = GraphQLClient(client, world.tokens[RESIDENT])
    view = await gql(VIEW, _view_variables(world))
    empty_grid = {
        "code": "GB",
        "residentCount": 0,
        "householdCount": 0,
        "careTagCounts": [],
        "residents": {"totalCount": 0, "edges": []},
    }
    assert view["data"] == {
        "district": {"residentCount": 2, "gridCount": 2},
        "own": {
            "residentCount": 2,
            "gridCount": 2,
            "grids": [_grid_view("GA", ["甲一", "甲二"], 1), empty_grid],
        },
        "other": None,
        "grids": _codes("GA", "GB"),
        "gridWorkers": _workers("GA", "GB"),
        "dwellings": {
            "totalCount": 2,
            "edges": [_dwelling(["甲一"], [["甲一", "甲二"]]), _dwelling([], [])],
        },
    }
    people = await gql(PEOPLE)
    assert people["data"] == {
        "residents": {
            "totalCount": 2,
            "edges": [
                {"node": {"name": "甲一", "ownedDwellings": [{"owners": [{"name": "甲一"}]}]}},
                {"node": {"name": "甲二", "ownedDwellings": []}},
            ],
        },
        "households": {
            "totalCount": 1,
            "edges": [{"node": {"members": [{"name": "甲一"}, {"name": "甲二"}]}}],
        },
    }


async def test_a_partner_sees_the_structure_and_no_person_at_all(client, world) -> None:
    gql = GraphQLClient(client, world.tokens[PARTNER])
    view = await gql(VIEW, _view_variables(world))
    no_people = {
        "residentCount": 0,
        "householdCount": 0,
        "careTagCounts": [],
        "residents": {"totalCount": 0, "edges": []},
    }
    assert view["data"] == {
        "district": {"residentCount": 0, "gridCount": 3},
        "own": {
            "residentCount": 0,
            "gridCount": 2,
            "grids": [{"code": "GA", **no_people}, {"code": "GB", **no_people}],
        },
        "other": {"code": world.tree["c2"].code, "residentCount": 0},
        "grids": _codes("GA", "GB", "GC"),
        "gridWorkers": _workers("GA", "GB", "GC"),
        "dwellings": {"totalCount": 3, "edges": [_dwelling([], [])] * 3},
    }
    for field in ("residents", "households"):
        body = await gql(f"query {{ {field} {{ totalCount }} }}")
        assert (errors_of(body), body["data"]) == (["FORBIDDEN"], None)


async def test_special_population_counts_stay_within_the_scope_and_small_ones_are_withheld(
    client, world
) -> None:
    code = world.tree["c1"].code
    answers = {}
    for who in (WORKER, STAFF, DESIGNEE, RESIDENT, PARTNER):
        body = await GraphQLClient(client, world.tokens[who])(COUNTS, {"code": code})
        answers[who] = body["data"]["specialPopulationCounts"]
    withheld = {"count": None, "exact": False}
    assert answers == {
        WORKER: {**withheld, "byGrid": [{"grid": {"code": "GA"}, "count": None}]},
        STAFF: {
            **withheld,
            "byGrid": [
                {"grid": {"code": "GA"}, "count": None},
                {"grid": {"code": "GB"}, "count": None},
            ],
        },
        DESIGNEE: {
            "count": 2,
            "exact": True,
            "byGrid": [{"grid": {"code": "GA"}, "count": 1}, {"grid": {"code": "GB"}, "count": 1}],
        },
        RESIDENT: {
            **withheld,
            "byGrid": [
                {"grid": {"code": "GA"}, "count": None},
                {"grid": {"code": "GB"}, "count": None},
            ],
        },
        PARTNER: {
            **withheld,
            "byGrid": [
                {"grid": {"code": "GA"}, "count": None},
                {"grid": {"code": "GB"}, "count": None},
            ],
        },
    }
