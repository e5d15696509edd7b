"""The demo votes (``backend.consultations.demo_votes``) after ``seed-demo``: an open owners'
vote a demo resident can still vote in, closed votes whose stored tallies a recount confirms,
and the resolution of the decided one."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from backend.auth.scope import Scope
from backend.consultations import voting
from backend.consultations.models import (
    Ballot,
    BallotChannel,
    BallotConflict,
    ConflictStatus,
    DecisionRule,
    EligibleUnit,
    EligibleVoter,
    ImplementationUpdate,
    Resolution,
    ScopeKind,
    Topic,
    TopicState,
    Vote,
    VoteState,
    VotingUnit,
)
from backend.core import crypto
from backend.demo.accounts import DEMO_RESIDENT_PHONES
from backend.demo.seed import seed_demo_if_empty
from backend.housing.models import DwellingOwner
from backend.residents.models import Resident
from tests.conftest import GraphQLClient, session_token_for

STAFF = Scope()  # the recount service reads any vote for an unrestricted caller

VOTE = """
query ($id: ID!) {
  node(id: $id) { ... on Vote {
    question state votingUnit decisionRule acceptingBallots
    snapshot { unitCount totalArea }
    turnout { ballots headcount area }
    results { ballots }
    myEligibility { eligible units { key area ballot { receiptCode } } }
    myBallot { receiptCode }
    options { id label }
  } } }"""
VOTES = """
query { votes(filter: { state: OPEN }) { edges { node { id question } } } }"""
CAST = """
mutation ($input: VoteCastInput!) {
  voteCast(input: $input) { ballot { receiptCode channel } errors { field code } } }"""
RECEIPT = "query ($code: String!) { ballotReceipt(code: $code) { counted castAt channel } }"


async def _demo_residents() -> list[Resident]:
    cipher = crypto.get_cipher()
    hashes = [cipher.lookup_hash(phone, crypto.PHONE) for phone in DEMO_RESIDENT_PHONES]
    return list(await Resident.filter(phone_hash__in=hashes).order_by("id"))


async def _units_of(vote: Vote, resident_id: int) -> list[int]:
    found = await EligibleVoter.filter(vote_id=vote.pk, resident_id=resident_id).values_list(
        "unit_id", flat=True
    )
    return [int(pk) for pk in found]


async def test_demo_votes_are_real_votes(db: str) -> None:
    await seed_demo_if_empty()
    now = dt.datetime.now(dt.UTC)
    votes = list(await Vote.all().order_by("id"))

    # Exactly one open owners' vote, area-weighted under the ordinary rule, taking ballots.
    open_votes = [v for v in votes if v.state == VoteState.OPEN]
    assert len(open_votes) == 1
    fund = open_votes[0]
    assert (fund.voting_unit, fund.decision_rule) == (
        VotingUnit.OWNER,
        DecisionRule.OWNERS_ORDINARY,
    )
    assert fund.scope_kind == ScopeKind.COMPOUND and fund.topic_id is not None
    assert fund.opens_at <= now < fund.closes_at and voting.accepting_ballots(fund, now)
    assert fund.eligible_unit_count and fund.eligible_unit_count > 100
    assert fund.eligible_area is not None and Decimal(str(fund.eligible_area)) > 0
    fund_topic = await Topic.get(id=fund.topic_id)
    assert fund_topic.state == TopicState.IN_CONSULTATION
    # The compound has co-owned flats and owners of several flats.
    units = await EligibleUnit.filter(vote_id=fund.pk)
    voters = Counter(await EligibleVoter.filter(vote_id=fund.pk).values_list("unit_id", flat=True))
    assert max(voters.values()) > 1 and max(len(u.dwelling_ids) for u in units) > 1
    # Live turnout: a good share has voted, online and on paper; one sheet waits as a conflict.
    turnout = (await voting.live_turnouts([fund]))[fund.pk]
    assert 0.3 < turnout.ballots / fund.eligible_unit_count < 0.66
    assert turnout.area > 0
    channels = Counter(await Ballot.filter(vote_id=fund.pk).values_list("channel", flat=True))
    assert channels[BallotChannel.PAPER] == 1 and channels[BallotChannel.ONLINE] > 50
    paper = await Ballot.get(vote_id=fund.pk, channel=BallotChannel.PAPER)
    assert paper.sheet_reference and paper.entered_by_id is not None
    pending = await BallotConflict.filter(vote_id=fund.pk).values_list("status", flat=True)
    assert pending == [ConflictStatus.OPEN]
    assert all(fund.opens_at <= b.cast_at <= now for b in await Ballot.filter(vote_id=fund.pk))

    # A demo resident may vote in it and has not yet.
    eligible = []
    for resident in await _demo_residents():
        mine = await _units_of(fund, resident.pk)
        if mine:
            eligible.append(resident)
            assert not await Ballot.filter(unit_id__in=mine).exists()
            assert not await BallotConflict.filter(unit_id__in=mine).exists()
    assert eligible

    # Every snapshot adds up; every closed vote's stored tally is what a recount finds, and
    # the open vote's live turnout is what its raw ballots give.
    for vote in votes:
        rows = await EligibleUnit.filter(vote_id=vote.pk)
        assert len(rows) == vote.eligible_unit_count
        assert sum(r.headcount for r in rows) == vote.eligible_headcount
        assert sum((Decimal(str(r.area)) for r in rows), Decimal(0)) == Decimal(
            str(vote.eligible_area)
        )
        raw = await voting.raw_tally(vote.pk)
        if vote.state == VoteState.CLOSED:
            recount = await voting.recount_vote(STAFF, vote.pk)
            assert recount.matches and recount.recounted == raw
            assert vote.outcome is not None and vote.closed_at is not None
            assert vote.opens_at < vote.closes_at <= vote.closed_at < now
            for ballot in await Ballot.filter(vote_id=vote.pk):
                assert vote.opens_at <= ballot.cast_at <= vote.closes_at
                receipt = await voting.lookup_receipt(ballot.receipt_code)
                assert receipt is not None and receipt.counted
        else:
            assert (raw.ballots, raw.headcount, raw.area) == (
                turnout.ballots,
                turnout.headcount,
                turnout.area,
            )

    # The closed owners' vote passed, with its topic decided by a published resolution.
    closed = [v for v in votes if v.state == VoteState.CLOSED]
    owners = [v for v in closed if v.voting_unit == VotingUnit.OWNER]
    assert len(owners) == 1
    renewal = owners[0]
    outcome = renewal.outcome
    assert outcome["turnoutMet"] and outcome["passed"] and outcome["reason"] == "APPROVED"
    assert outcome["options"] and all("areaRatio" in o for o in outcome["options"])
    assert renewal.topic_id is not None
    topic = await Topic.get(id=renewal.topic_id)
    assert topic.state == TopicState.DECIDED
    resolution = await Resolution.get(topic_id=topic.pk)
    assert resolution.vote_id == renewal.pk
    assert resolution.published_at is not None and resolution.notice_until is not None
    assert renewal.closed_at <= resolution.published_at <= now <= resolution.notice_until
    assert await ImplementationUpdate.filter(resolution_id=resolution.pk).exists()
    statuses = await BallotConflict.filter(vote_id=renewal.pk).values_list("status", flat=True)
    assert statuses == [ConflictStatus.KEPT_EXISTING]
    kinds = set(await Ballot.filter(vote_id=renewal.pk).values_list("channel", flat=True))
    assert kinds == set(BallotChannel)
    # The eligible demo resident voted in it: their receipt is there to look up.
    mine = await _units_of(renewal, eligible[0].pk)
    assert await Ballot.filter(unit_id__in=mine, cast_by_id=eligible[0].pk).exists()

    # A closed secret vote of persons shows results by headcount.
    persons = [v for v in closed if v.voting_unit == VotingUnit.PERSON]
    assert len(persons) == 1 and persons[0].secret
    assert persons[0].outcome["passed"] and voting.tally_from_json(persons[0].tally).ballots > 50

    assert {t.state for t in await Topic.all()} == set(TopicState)
    owned = await DwellingOwner.filter(owner_id=eligible[0].pk).values_list(
        "dwelling_id", flat=True
    )
    assert owned


async def test_the_demo_resident_votes_in_the_open_vote_and_anyone_checks_the_receipt(
    client: Any, db: str
) -> None:
    await seed_demo_if_empty()
    fund = await Vote.get(state=VoteState.OPEN)
    eligible = [r for r in await _demo_residents() if await _units_of(fund, r.pk)]
    resident = eligible[0]
    token = await session_token_for("RESIDENT", resident_id=resident.pk, display_name="demo")
    me = GraphQLClient(client, token)
    listed = (await me(VOTES))["data"]["votes"]["edges"]
    assert [e["node"]["question"] for e in listed] == [fund.question]
    vote_id = listed[0]["node"]["id"]
    body = await me(VOTE, {"id": vote_id})
    assert "errors" not in body, body
    vote = body["data"]["node"]
    assert vote["acceptingBallots"] and vote["myEligibility"]["eligible"]
    assert vote["myBallot"] is None and vote["results"] is None
    assert 0 < vote["turnout"]["ballots"] < vote["snapshot"]["unitCount"]
    assert vote["turnout"]["area"] > 0
    agree = next(o["id"] for o in vote["options"] if o["label"] == "同意")
    unit = vote["myEligibility"]["units"][0]["key"]
    cast = (await me(CAST, {"input": {"voteId": vote_id, "optionIds": [agree], "unitKey": unit}}))[
        "data"
    ]["voteCast"]
    assert cast["errors"] == [] and cast["ballot"]["channel"] == "ONLINE"
    after = (await me(VOTE, {"id": vote_id}))["data"]["node"]
    assert after["turnout"]["ballots"] == vote["turnout"]["ballots"] + 1
    found = await GraphQLClient(client)(RECEIPT, {"code": cast["ballot"]["receiptCode"]})
    assert "errors" not in found, found
    assert found["data"]["ballotReceipt"]["counted"] is True
