"""Votes (表决) through GraphQL: staff set up, open, enter paper ballots, resolve, close and
recount; residents see their votes, cast, keep and look up their receipt; nothing returns the
choice of a secret ballot; every mutation is audited; bad input gets field errors in zh and en
and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from backend.api.relay import to_global_id
from backend.audit.models import AuditEntry
from backend.consultations.models import Ballot, BallotConflict, Vote
from tests.conftest import GraphQLClient, session_token_for
from tests.consultations.voting_world import VotingWorld, build_voting_world, rows

PAYLOAD = "errors { field code message }"
VOTE_FIELDS = """
id question description ballotKind maxChoices seats allowEmpty votingUnit decisionRule
scopeKind scopeId opensAt closesAt state secret resultsLive allowChange closedAt acceptingBallots
community { code }
options { id label position stance }
snapshot { eligibleHeadcount totalArea unitCount takenAt excluded { ref reason } }
turnout { ballots headcount area headcountRatio areaRatio }
results {
  final ballots headcount area emptyBallots
  options { option { id label } headcount area headcountRatio areaRatio meetsThreshold passed }
  outcome {
    rule approval { ratio ratioText inclusive } turnout { ratio ratioText inclusive } byArea
    eligibleHeadcount eligibleArea participatingHeadcount participatingArea ballots emptyBallots
    turnoutHeadcountRatio turnoutAreaRatio turnoutHeadcountMet turnoutAreaMet turnoutMet
    passed reason passedOptions { id label } tiedOptions { id }
  }
}
myEligibility { eligible units { key label headcount area ballot { receiptCode castAt channel } } }
myBallot { receiptCode castAt channel changedAt unitKey }
"""
VOTE_CREATE = f"""
mutation ($input: VoteCreateInput!) {{
  voteCreate(input: $input) {{ vote {{ id state options {{ id label stance }} }} {PAYLOAD} }} }}"""
VOTE_OPEN = f"""
mutation ($id: ID!) {{ voteOpen(input: {{ voteId: $id }}) {{ vote {{ {VOTE_FIELDS} }} {PAYLOAD} }} }}"""
VOTE_CAST = f"""
mutation ($input: VoteCastInput!) {{
  voteCast(input: $input) {{ ballot {{ receiptCode castAt channel unitKey }} {PAYLOAD} }} }}"""
PAPER = f"""
mutation ($input: BallotPaperEnterInput!) {{
  ballotPaperEnter(input: $input) {{
    ballot {{ receiptCode castAt channel }}
    conflict {{ id status channel sheetReference unit {{ key label }} existing {{ channel }} }}
    {PAYLOAD} }} }}"""
RESOLVE = f"""
mutation ($input: BallotConflictResolveInput!) {{
  ballotConflictResolve(input: $input) {{ conflict {{ id status note resolvedAt }} {PAYLOAD} }} }}"""
VOTE_CLOSE = f"""
mutation ($id: ID!) {{ voteClose(input: {{ voteId: $id }}) {{ vote {{ {VOTE_FIELDS} }} {PAYLOAD} }} }}"""
RECOUNT = f"""
mutation ($id: ID!) {{
  voteRecount(input: {{ voteId: $id }}) {{
    matches
    stored {{ ballots headcount area areaText emptyBallots options {{ optionId headcount area }} }}
    recounted {{ ballots headcount area areaText emptyBallots options {{ optionId headcount area }} }}
    {PAYLOAD} }} }}"""
VOTE = f"query ($id: ID!) {{ node(id: $id) {{ ... on Vote {{ {VOTE_FIELDS} }} }} }}"
VOTES = """
query ($filter: VoteFilter) {
  votes(filter: $filter) { totalCount edges { node { id question state } } } }"""
RECEIPT = """
query ($code: String!) {
  ballotReceipt(code: $code) { code counted status castAt channel voteQuestion } }"""
CONFLICTS = """
query ($id: ID!) {
  voteConflicts(voteId: $id) {
    totalCount
    edges { node { id status channel sheetReference submittedAt note
      unit { key label headcount area } existing { channel castAt sheetReference changedAt }
      incomingChoices { id label } existingChoices { id label } } } } }"""


@pytest.fixture
async def world(db: str) -> VotingWorld:
    return await build_voting_world()


@pytest.fixture
async def staff(client: Any, world: VotingWorld) -> GraphQLClient:
    token = await session_token_for(
        "DIVISION_STAFF", username="api-staff", division_codes=[world.c1.code]
    )
    return GraphQLClient(client, token)


async def as_resident(client: Any, world: VotingWorld, name: str) -> GraphQLClient:
    token = await session_token_for(
        "RESIDENT", resident_id=world.people[name].pk, display_name=name
    )
    return GraphQLClient(client, token)


def gid(type_name: str, pk: int) -> str:
    return to_global_id(type_name, pk)


def data(body: dict[str, Any], field: str) -> dict[str, Any]:
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"][field]
    if isinstance(payload, dict) and "errors" in payload:
        assert payload["errors"] == [], payload
    return payload


def errors(body: dict[str, Any], field: str) -> list[tuple[str | None, str]]:
    assert "errors" not in body, body
    return [(e["field"], e["code"]) for e in body["data"][field]["errors"]]


def create_input(world: VotingWorld, **changes: Any) -> dict[str, Any]:
    now = dt.datetime.now(dt.UTC)
    fields = {
        "communityId": gid("Division", world.c1.pk),
        "scopeKind": "COMPOUND",
        "scopeId": gid("Compound", world.compound.pk),
        "question": "是否使用维修资金更换 GA 号楼电梯",
        "ballotKind": "FOR_AGAINST_ABSTAIN",
        "votingUnit": "OWNER",
        "decisionRule": "OWNERS_ORDINARY",
        "opensAt": (now - dt.timedelta(minutes=1)).isoformat(),
        "closesAt": (now + dt.timedelta(days=3)).isoformat(),
    }
    return fields | changes


async def created_and_opened(staff: GraphQLClient, world: VotingWorld, **changes: Any) -> dict:
    created = data(
        await staff(VOTE_CREATE, {"input": create_input(world, **changes)}), "voteCreate"
    )
    assert created["vote"]["state"] == "DRAFT"
    opened = data(await staff(VOTE_OPEN, {"id": created["vote"]["id"]}), "voteOpen")
    return opened["vote"]


def option_ids(vote: dict[str, Any]) -> dict[str, str]:
    return {o["label"]: o["id"] for o in vote["options"]}


# --- a whole owners' vote --------------------------------------------------------------------


async def test_an_owners_vote_from_creation_to_recount(client, world, staff) -> None:
    vote = await created_and_opened(staff, world)
    ids = option_ids(vote)
    assert vote["state"] == "OPEN" and vote["acceptingBallots"] is True
    assert vote["snapshot"]["eligibleHeadcount"] == 4 and vote["snapshot"]["unitCount"] == 4
    assert vote["snapshot"]["totalArea"] == pytest.approx(444.24)
    assert vote["snapshot"]["excluded"] == [
        {"ref": f"dwelling:{world.dwellings['105'].pk}", "reason": "NO_OWNER"}
    ]
    assert vote["turnout"] == {
        "ballots": 0,
        "headcount": 0,
        "area": 0,
        "headcountRatio": 0,
        "areaRatio": 0,
    }
    assert vote["results"] is None  # hidden until close by default

    # A resident sees the vote, their unit, casts, keeps the receipt.
    yi = await as_resident(client, world, "乙")
    listed = data(await yi(VOTES), "votes")
    assert [e["node"]["id"] for e in listed["edges"]] == [vote["id"]]
    mine = data(await yi(VOTE, {"id": vote["id"]}), "node")
    unit = mine["myEligibility"]["units"]
    assert mine["myEligibility"]["eligible"] is True and len(unit) == 1
    assert unit[0]["area"] == pytest.approx(88.5) and unit[0]["ballot"] is None
    assert "101" in unit[0]["label"]
    assert mine["myBallot"] is None
    cast = data(
        await yi(VOTE_CAST, {"input": {"voteId": vote["id"], "optionIds": [ids["同意"]]}}),
        "voteCast",
    )
    receipt = cast["ballot"]["receiptCode"]
    assert cast["ballot"]["channel"] == "ONLINE" and cast["ballot"]["unitKey"] == unit[0]["key"]
    again = await yi(VOTE, {"id": vote["id"]})
    assert again["data"]["node"]["myBallot"]["receiptCode"] == receipt
    assert again["data"]["node"]["turnout"]["ballots"] == 1

    # The co-owner cannot vote for the same dwelling again: zh by default, English on request.
    jia = await as_resident(client, world, "甲")
    twice = await jia(VOTE_CAST, {"input": {"voteId": vote["id"], "optionIds": [ids["反对"]]}})
    assert twice["data"]["voteCast"]["errors"] == [
        {"field": "voteId", "code": "ALREADY_VOTED", "message": "该投票单位已经投过票"}
    ]
    twice_en = await jia(
        VOTE_CAST, {"input": {"voteId": vote["id"], "optionIds": [ids["反对"]]}}, lang="en"
    )
    assert twice_en["data"]["voteCast"]["errors"][0]["message"] == (
        "This voting unit has already voted"
    )
    # 甲 sees the household's ballot, cast by 乙, as their unit's.
    seen = await jia(VOTE, {"id": vote["id"]})
    assert seen["data"]["node"]["myBallot"]["receiptCode"] == receipt

    # An owner living in the other community votes too; staff enter a paper ballot for 丙.
    wu = await as_resident(client, world, "戊")
    data(
        await wu(VOTE_CAST, {"input": {"voteId": vote["id"], "optionIds": [ids["同意"]]}}),
        "voteCast",
    )
    bing = f"owner:{world.people['丙'].pk}"
    paper = data(
        await staff(
            PAPER,
            {
                "input": {
                    "voteId": vote["id"],
                    "unitKey": bing,
                    "optionIds": [ids["反对"]],
                    "sheetReference": "第1册-003",
                    "channel": "PAPER",
                }
            },
        ),
        "ballotPaperEnter",
    )
    assert paper["conflict"] is None and paper["ballot"]["channel"] == "PAPER"
    # 丙 then votes online as well: the unit has voted (paper and online merge per unit).
    bing_client = await as_resident(client, world, "丙")
    late = await bing_client(
        VOTE_CAST, {"input": {"voteId": vote["id"], "optionIds": [ids["同意"]]}}
    )
    assert errors(late, "voteCast") == [("voteId", "ALREADY_VOTED")]

    closed = data(await staff(VOTE_CLOSE, {"id": vote["id"]}), "voteClose")["vote"]
    assert closed["state"] == "CLOSED" and closed["acceptingBallots"] is False
    results = closed["results"]
    assert results["final"] is True and results["ballots"] == 3
    by_label = {o["option"]["label"]: o for o in results["options"]}
    assert by_label["同意"]["headcount"] == 2
    assert by_label["同意"]["area"] == pytest.approx(188.49)
    assert by_label["反对"]["area"] == pytest.approx(180.25)
    outcome = results["outcome"]
    assert outcome["turnout"] == {
        "ratio": pytest.approx(2 / 3),
        "ratioText": "2/3",
        "inclusive": True,
    }
    assert outcome["eligibleHeadcount"] == 4 and outcome["participatingHeadcount"] == 3
    assert outcome["turnoutMet"] is True
    # 2 of 3 participating heads and 188.49 of 368.74 m²: more than half of both.
    assert by_label["同意"]["meetsThreshold"] is True and by_label["同意"]["passed"] is True
    assert by_label["反对"]["meetsThreshold"] is False
    assert (outcome["passed"], outcome["reason"]) == (True, "APPROVED")
    assert [o["label"] for o in outcome["passedOptions"]] == ["同意"]
    assert closed["turnout"]["ballots"] == 3

    recount = data(await staff(RECOUNT, {"id": vote["id"]}), "voteRecount")
    assert recount["matches"] is True and recount["stored"] == recount["recounted"]
    published = {o["option"]["id"]: o["headcount"] for o in results["options"]}
    assert {o["optionId"]: o["headcount"] for o in recount["recounted"]["options"]} == published
    assert recount["recounted"]["areaText"] == "368.74"

    # Anyone may look up a receipt, logged in or not: counted, when, how; never the choice.
    for caller in (staff, wu, GraphQLClient(client)):
        found = data(await caller(RECEIPT, {"code": receipt.lower()}), "ballotReceipt")
        assert found["counted"] is True and found["status"] == "COUNTED"
        assert found["channel"] == "ONLINE" and found["voteQuestion"] == vote["question"]
        text = json.dumps(found, ensure_ascii=False)
        assert not [v for v in [*ids, *ids.values()] if v in text]
    assert data(await staff(RECEIPT, {"code": "ZZZZZZZZZZZZZZZZ"}), "ballotReceipt") is None


async def test_anyone_looks_up_a_receipt_without_logging_in_and_never_sees_the_choice(
    client, world, staff
) -> None:
    vote = await created_and_opened(staff, world)
    ids = option_ids(vote)
    yi = await as_resident(client, world, "乙")
    cast = data(
        await yi(VOTE_CAST, {"input": {"voteId": vote["id"], "optionIds": [ids["反对"]]}}),
        "voteCast",
    )["ballot"]
    anonymous = GraphQLClient(client)

    found = data(await anonymous(RECEIPT, {"code": cast["receiptCode"]}), "ballotReceipt")
    assert found == {
        "code": cast["receiptCode"],
        "counted": True,
        "status": "COUNTED",
        "castAt": cast["castAt"],
        "channel": "ONLINE",
        "voteQuestion": vote["question"],
    }
    text = json.dumps(found, ensure_ascii=False)
    assert not [v for v in [*ids, *ids.values()] if v in text]
    # Written with spaces, dashes and look-alike letters as people copy it.
    code = cast["receiptCode"]
    spaced = f"{code[:4]} {code[4:8]}-{code[8:]}".lower().replace("0", "o").replace("1", "l")
    assert data(await anonymous(RECEIPT, {"code": spaced}), "ballotReceipt")["counted"] is True
    assert data(await anonymous(RECEIPT, {"code": "ZZZZZZZZZZZZZZZZ"}), "ballotReceipt") is None

    # The type itself has nothing that could carry a choice, an option or a voter.
    fields = await staff(
        '{ __type(name: "BallotReceipt") { fields { name type { name kind ofType { name } } } } }'
    )
    described = fields["data"]["__type"]["fields"]
    assert {f["name"] for f in described} == {
        "code",
        "counted",
        "status",
        "castAt",
        "channel",
        "voteQuestion",
    }
    types = {f["type"]["name"] or f["type"]["ofType"]["name"] for f in described}
    assert types <= {"String", "Boolean", "DateTime", "ReceiptStatus", "BallotChannel"}


# --- conflicts ----------------------------------------------------------------------------


async def test_a_paper_ballot_for_a_unit_that_voted_online_is_a_conflict(
    client, world, staff
) -> None:
    vote = await created_and_opened(
        staff,
        world,
        votingUnit="HOUSEHOLD",
        decisionRule="SIMPLE_MAJORITY",
        scopeKind="COMMUNITY",
        scopeId=None,
        secret=False,
    )
    ids = option_ids(vote)
    jia = await as_resident(client, world, "甲")
    online = data(
        await jia(VOTE_CAST, {"input": {"voteId": vote["id"], "optionIds": [ids["同意"]]}}),
        "voteCast",
    )
    entry = {
        "voteId": vote["id"],
        "residentId": gid("Resident", world.people["乙"].pk),
        "optionIds": [ids["反对"]],
        "sheetReference": "第3册-017",
        "channel": "ON_SITE",
    }
    paper = data(await staff(PAPER, {"input": entry}), "ballotPaperEnter")
    assert paper["ballot"] is None
    conflict = paper["conflict"]
    assert conflict["status"] == "OPEN" and conflict["channel"] == "ON_SITE"
    assert conflict["unit"]["key"] == f"household:{world.households['H1'].pk}"
    assert conflict["existing"] == {"channel": "ONLINE"}

    listed = data(await staff(CONFLICTS, {"id": vote["id"]}), "voteConflicts")
    assert listed["totalCount"] == 1
    node = listed["edges"][0]["node"]
    # An open (non-secret) vote shows staff both choices to decide on.
    assert [o["label"] for o in node["incomingChoices"]] == ["反对"]
    assert [o["label"] for o in node["existingChoices"]] == ["同意"]

    refused = await staff(VOTE_CLOSE, {"id": vote["id"]})
    assert errors(refused, "voteClose") == [("voteId", "OPEN_CONFLICTS")]
    assert "1" in refused["data"]["voteClose"]["errors"][0]["message"]
    resolved = data(
        await staff(
            RESOLVE,
            {
                "input": {
                    "conflictId": conflict["id"],
                    "resolution": "REPLACE",
                    "note": "现场签字确认",
                }
            },
        ),
        "ballotConflictResolve",
    )
    assert resolved["conflict"]["status"] == "REPLACED" and resolved["conflict"]["note"]
    again = await staff(
        RESOLVE,
        {"input": {"conflictId": conflict["id"], "resolution": "KEEP_EXISTING", "note": "x"}},
    )
    assert errors(again, "ballotConflictResolve") == [("conflictId", "CONFLICT_RESOLVED")]
    old = data(await jia(RECEIPT, {"code": online["ballot"]["receiptCode"]}), "ballotReceipt")
    assert (old["counted"], old["status"]) == (False, "NOT_COUNTED")

    closed = data(await staff(VOTE_CLOSE, {"id": vote["id"]}), "voteClose")["vote"]
    counts = {o["option"]["label"]: o["headcount"] for o in closed["results"]["options"]}
    assert counts == {"同意": 0, "反对": 1, "弃权": 0}
    # Residents cannot list conflicts.
    denied = await jia(CONFLICTS, {"id": vote["id"]})
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


# --- secrecy ------------------------------------------------------------------------------


async def test_no_field_anywhere_returns_the_choice_of_a_secret_ballot(
    client, world, staff
) -> None:
    vote = await created_and_opened(
        staff,
        world,
        ballotKind="SINGLE",
        votingUnit="PERSON",
        decisionRule="SIMPLE_MAJORITY",
        scopeKind="COMMUNITY",
        scopeId=None,
        options=[{"label": "方案红枫"}, {"label": "方案青松"}],
    )
    ids = option_ids(vote)
    secrets_ = [*ids.keys(), *ids.values()]
    jia = await as_resident(client, world, "甲")
    cast = data(
        await jia(VOTE_CAST, {"input": {"voteId": vote["id"], "optionIds": [ids["方案青松"]]}}),
        "voteCast",
    )
    conflict = data(
        await staff(
            PAPER,
            {
                "input": {
                    "voteId": vote["id"],
                    "unitKey": f"person:{world.people['甲'].pk}",
                    "optionIds": [ids["方案红枫"]],
                    "sheetReference": "S-1",
                    "channel": "PAPER",
                }
            },
        ),
        "ballotPaperEnter",
    )["conflict"]
    receipt = cast["ballot"]["receiptCode"]

    def leaks(body: Any) -> list[str]:
        text = json.dumps(body, ensure_ascii=False)
        return [s for s in secrets_ if s in text]

    everything_a_voter_sees = [
        cast,
        await jia(VOTE_CAST, {"input": {"voteId": vote["id"], "optionIds": [ids["方案青松"]]}}),
        await jia(RECEIPT, {"code": receipt}),
        await staff(RECEIPT, {"code": receipt}),
        await jia(
            "query ($id: ID!) { node(id: $id) { ... on Vote { myBallot { receiptCode castAt"
            " channel changedAt unitKey } myEligibility { units { key label ballot {"
            " receiptCode castAt channel } } } turnout { ballots } results { ballots } } } }",
            {"id": vote["id"]},
        ),
        await staff(CONFLICTS, {"id": vote["id"]}),
    ]
    for body in everything_a_voter_sees:
        assert leaks(body) == [], body
    listed = data(await staff(CONFLICTS, {"id": vote["id"]}), "voteConflicts")
    node = listed["edges"][0]["node"]
    assert node["incomingChoices"] is None and node["existingChoices"] is None
    assert node["id"] == conflict["id"]
    # Results before close: hidden (aggregates come only after close, never per voter).
    before = data(await jia(VOTE, {"id": vote["id"]}), "node")
    assert before["results"] is None
    # The staff resolve and close; the published results are aggregates only.
    data(
        await staff(
            RESOLVE,
            {
                "input": {
                    "conflictId": conflict["id"],
                    "resolution": "KEEP_EXISTING",
                    "note": "已在线投票",
                }
            },
        ),
        "ballotConflictResolve",
    )
    closed = data(await staff(VOTE_CLOSE, {"id": vote["id"]}), "voteClose")["vote"]
    assert closed["results"]["ballots"] == 1
    after = [
        await jia(RECEIPT, {"code": receipt}),
        await jia(
            "query ($id: ID!) { node(id: $id) { ... on Vote { myBallot { receiptCode channel }"
            " myEligibility { units { ballot { receiptCode } } } } } }",
            {"id": vote["id"]},
        ),
    ]
    for body in after:
        assert leaks(body) == [], body


async def test_live_results_show_aggregates_while_open(client, world, staff) -> None:
    vote = await created_and_opened(
        staff,
        world,
        votingUnit="PERSON",
        decisionRule="SIMPLE_MAJORITY",
        scopeKind="COMMUNITY",
        scopeId=None,
        resultsLive=True,
    )
    ids = option_ids(vote)
    jia = await as_resident(client, world, "甲")
    data(
        await jia(VOTE_CAST, {"input": {"voteId": vote["id"], "optionIds": [ids["同意"]]}}),
        "voteCast",
    )
    live = data(await jia(VOTE, {"id": vote["id"]}), "node")["results"]
    assert live["final"] is False and live["outcome"] is None and live["ballots"] == 1
    assert {o["option"]["label"]: o["headcount"] for o in live["options"]} == {
        "同意": 1,
        "反对": 0,
        "弃权": 0,
    }
    assert live["options"][0]["passed"] is None


# --- scope --------------------------------------------------------------------------------


async def test_votes_are_listed_in_scope(client, world, staff) -> None:
    community = await created_and_opened(
        staff,
        world,
        votingUnit="PERSON",
        decisionRule="SIMPLE_MAJORITY",
        scopeKind="COMMUNITY",
        scopeId=None,
        question="社区表决",
    )
    grid_b = await created_and_opened(
        staff,
        world,
        votingUnit="PERSON",
        decisionRule="SIMPLE_MAJORITY",
        scopeKind="GRID",
        scopeId=gid("Grid", world.grids["GB"].pk),
        question="乙网格表决",
    )
    draft = data(
        await staff(VOTE_CREATE, {"input": create_input(world, question="草稿")}), "voteCreate"
    )["vote"]

    async def listed(caller: GraphQLClient, **filter_: Any) -> list[str]:
        body = data(await caller(VOTES, {"filter": filter_ or None}), "votes")
        return [e["node"]["question"] for e in body["edges"]]

    jia, ding = await as_resident(client, world, "甲"), await as_resident(client, world, "丁")
    assert await listed(jia) == ["社区表决"]
    assert await listed(ding) == ["乙网格表决", "社区表决"]
    assert await listed(staff) == ["草稿", "乙网格表决", "社区表决"]
    assert await listed(staff, state="DRAFT") == ["草稿"]
    assert await listed(staff, communityCode=world.tree["c2"].code) == []
    other = GraphQLClient(
        client,
        await session_token_for(
            "DIVISION_STAFF", username="c2", division_codes=[world.tree["c2"].code]
        ),
    )
    assert await listed(other) == []
    # A node out of scope is null, like every other type.
    hidden = await jia(VOTE, {"id": grid_b["id"]})
    assert hidden["data"]["node"] is None
    assert (await jia(VOTE, {"id": draft["id"]}))["data"]["node"] is None
    assert (await other(VOTE, {"id": community["id"]}))["data"]["node"] is None


# --- bad input ----------------------------------------------------------------------------


async def test_bad_input_gets_a_field_error_and_changes_nothing(client, world, staff) -> None:
    vote = await created_and_opened(
        staff,
        world,
        votingUnit="PERSON",
        decisionRule="SIMPLE_MAJORITY",
        scopeKind="COMMUNITY",
        scopeId=None,
        ballotKind="MULTIPLE",
        maxChoices=2,
        options=[{"label": "甲"}, {"label": "乙"}, {"label": "丙"}],
    )
    other = await created_and_opened(staff, world, question="另一个")
    ids, other_ids = option_ids(vote), option_ids(other)
    jia = await as_resident(client, world, "甲")
    wu = await as_resident(client, world, "戊")
    c2_staff = GraphQLClient(
        client,
        await session_token_for(
            "DIVISION_STAFF", username="c2", division_codes=[world.tree["c2"].code]
        ),
    )
    grid_id = gid("Grid", world.grids["GA"].pk)
    cases = [
        (
            jia,
            VOTE_CAST,
            {"voteId": vote["id"], "optionIds": [other_ids["同意"]]},
            "voteCast",
            ("optionIds", "OPTION_NOT_IN_VOTE"),
            "所选选项不属于本次表决",
        ),
        (
            jia,
            VOTE_CAST,
            {"voteId": vote["id"], "optionIds": list(ids.values())},
            "voteCast",
            ("optionIds", "TOO_MANY_CHOICES"),
            "最多只能选择 2 项",
        ),
        (
            jia,
            VOTE_CAST,
            {"voteId": grid_id, "optionIds": []},
            "voteCast",
            ("voteId", "WRONG_TYPE"),
            "ID 类型不符，应为 Vote",
        ),
        (
            jia,
            VOTE_CAST,
            {"voteId": vote["id"], "optionIds": [grid_id]},
            "voteCast",
            ("optionIds.0", "WRONG_TYPE"),
            None,
        ),
        (
            jia,
            VOTE_CAST,
            {"voteId": "not-an-id", "optionIds": []},
            "voteCast",
            ("voteId", "INVALID"),
            None,
        ),
        (
            wu,
            VOTE_CAST,
            {"voteId": vote["id"], "optionIds": [ids["甲"]]},
            "voteCast",
            ("voteId", "FORBIDDEN"),
            None,
        ),
        (
            c2_staff,
            PAPER,
            {
                "voteId": vote["id"],
                "optionIds": [],
                "sheetReference": "1",
                "channel": "PAPER",
                "unitKey": f"person:{world.people['乙'].pk}",
            },
            "ballotPaperEnter",
            ("voteId", "FORBIDDEN"),
            None,
        ),
        (
            staff,
            PAPER,
            {
                "voteId": vote["id"],
                "optionIds": [],
                "sheetReference": " ",
                "channel": "PAPER",
                "unitKey": f"person:{world.people['乙'].pk}",
            },
            "ballotPaperEnter",
            ("sheetReference", "REQUIRED"),
            None,
        ),
        (
            staff,
            PAPER,
            {
                "voteId": vote["id"],
                "optionIds": [],
                "sheetReference": "7",
                "channel": "PAPER",
                "residentId": gid("Resident", world.people["小甲"].pk),
            },
            "ballotPaperEnter",
            ("residentId", "NOT_ELIGIBLE"),
            None,
        ),
        (
            c2_staff,
            "mutation ($id: ID!) { voteClose(input: { voteId: $id }) { vote { id } errors { field code message } } }",
            None,
            "voteClose",
            ("voteId", "FORBIDDEN"),
            None,
        ),
        (
            staff,
            "mutation ($id: ID!) { voteOpen(input: { voteId: $id }) { vote { id } errors { field code message } } }",
            None,
            "voteOpen",
            ("voteId", "VOTE_ALREADY_OPENED"),
            None,
        ),
        (
            staff,
            "mutation ($id: ID!) { voteRecount(input: { voteId: $id }) { matches errors { field code message } } }",
            None,
            "voteRecount",
            ("voteId", "VOTE_NOT_CLOSED"),
            None,
        ),
    ]
    for caller, document, input_, field, expected, message in cases:
        before = await rows()
        variables = {"input": input_} if input_ is not None else {"id": vote["id"]}
        body = await caller(document, variables)
        assert errors(body, field) == [expected], (field, body)
        if message:
            assert body["data"][field]["errors"][0]["message"] == message
        assert await rows() == before
    create = await staff(
        VOTE_CREATE,
        {"input": create_input(world, votingUnit="PERSON", decisionRule="OWNERS_MAJOR")},
        lang="en",
    )
    assert create["data"]["voteCreate"]["errors"] == [
        {
            "field": "decisionRule",
            "code": "RULE_NEEDS_OWNER_UNITS",
            "message": "The owners' rules need owners as the voting unit",
        }
    ]
    foreign = await staff(
        VOTE_CREATE, {"input": create_input(world, scopeId=gid("Grid", world.grids["GA"].pk))}
    )
    assert errors(foreign, "voteCreate") == [("scopeId", "WRONG_TYPE")]
    # After the closing time the vote refuses ballots though staff have not closed it yet.
    pk = (await Vote.get(question="另一个")).pk
    now = dt.datetime.now(dt.UTC)
    await Vote.filter(id=pk).update(
        opens_at=now - dt.timedelta(days=2), closes_at=now - dt.timedelta(seconds=1)
    )
    before = await rows()
    late = await jia(
        VOTE_CAST, {"input": {"voteId": other["id"], "optionIds": [other_ids["同意"]]}}
    )
    assert errors(late, "voteCast") == [("voteId", "VOTE_CLOSED")]
    assert late["data"]["voteCast"]["errors"][0]["message"] == "表决已结束"
    assert await rows() == before


# --- audit --------------------------------------------------------------------------------


async def test_every_vote_mutation_is_audited(client, world, staff) -> None:
    vote = await created_and_opened(
        staff,
        world,
        votingUnit="PERSON",
        decisionRule="SIMPLE_MAJORITY",
        scopeKind="COMMUNITY",
        scopeId=None,
    )
    ids = option_ids(vote)
    jia = await as_resident(client, world, "甲")
    data(
        await jia(VOTE_CAST, {"input": {"voteId": vote["id"], "optionIds": [ids["同意"]]}}),
        "voteCast",
    )
    await jia(VOTE_CAST, {"input": {"voteId": vote["id"], "optionIds": [ids["同意"]]}})
    conflict = data(
        await staff(
            PAPER,
            {
                "input": {
                    "voteId": vote["id"],
                    "unitKey": f"person:{world.people['甲'].pk}",
                    "optionIds": [],
                    "sheetReference": "A-1",
                    "channel": "PAPER",
                }
            },
        ),
        "ballotPaperEnter",
    )["conflict"]
    data(
        await staff(
            RESOLVE,
            {
                "input": {
                    "conflictId": conflict["id"],
                    "resolution": "KEEP_EXISTING",
                    "note": "重复",
                }
            },
        ),
        "ballotConflictResolve",
    )
    data(await staff(VOTE_CLOSE, {"id": vote["id"]}), "voteClose")
    data(await staff(RECOUNT, {"id": vote["id"]}), "voteRecount")
    entries = (
        await AuditEntry.all().order_by("id").values("operation", "outcome", "object_ids", "detail")
    )
    pk = (await Vote.get(question=vote["question"])).pk
    vote_ref = f"Vote:{pk}"
    conflict_ref = f"BallotConflict:{(await BallotConflict.get()).pk}"
    assert [(e["operation"], e["outcome"], e["object_ids"]) for e in entries] == [
        ("voteCreate", "OK", sorted([f"Division:{world.c1.pk}", vote_ref])),
        ("voteOpen", "OK", [vote_ref]),
        # The log ties a voter to the vote, never to a ballot or to the options chosen.
        ("voteCast", "OK", [vote_ref]),
        ("voteCast", "REJECTED", [vote_ref]),
        ("ballotPaperEnter", "OK", [vote_ref]),
        ("ballotConflictResolve", "OK", [conflict_ref]),
        ("voteClose", "OK", [vote_ref]),
        ("voteRecount", "OK", [vote_ref]),
    ]
    assert entries[3]["detail"] == "ALREADY_VOTED"


async def test_an_online_ballot_costs_a_fixed_number_of_statements(
    client, db, world, staff, sql_counter
) -> None:
    """Session with the resident's place (1), vote read and share-locked (1), the caller's
    units (1), the options (1), ballot and choice (2), the audit entry (1), and on PostgreSQL
    the turnout notification (1): no statement looks for an earlier ballot, the unique
    (vote, unit) constraint refuses it."""
    vote = await created_and_opened(staff, world)
    ids = option_ids(vote)
    yi = await as_resident(client, world, "乙")
    sql_counter.count = 0
    data(
        await yi(VOTE_CAST, {"input": {"voteId": vote["id"], "optionIds": [ids["同意"]]}}),
        "voteCast",
    )
    assert sql_counter.count == (8 if db == "postgres" else 7)
    jia = await as_resident(client, world, "甲")  # co-owner of the same dwelling
    twice = await jia(VOTE_CAST, {"input": {"voteId": vote["id"], "optionIds": [ids["反对"]]}})
    assert errors(twice, "voteCast") == [("voteId", "ALREADY_VOTED")]
    assert await Ballot.all().count() == 1
