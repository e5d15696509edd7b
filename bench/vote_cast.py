"""The ``vote_cast`` shape: ballots per second from concurrent voters, none lost or doubled.

Every request is a different voter's first ballot in an open PERSON vote over a whole
community (``bench.voters`` opens the votes with the app's services and gives each voter a
session). wrk sends one fixed body, so the bounded async client ``loadgen.drive`` sends the
list of ballots instead: 同意/反对/弃权 in turn, one voter after the other, over
``--connections`` keep-alive connections, until the voters are used up or the duration ends.
Each target and each round (the warm-up too) gets a vote of its own, so every target casts
first ballots.

Targets: Gongzhi (``voteCast``) and the floor (``/bench/vote_cast``, one SQL statement that
does the same work, see ``bench/floor.py``). PostGraphile over the same tables has no voting
logic, so it has no ratio here; Gongzhi on SQLite is not timed for this shape.

A ballot counts as acknowledged only when the answer is HTTP 2xx with the receipt, the
voter's own unit and no error (no GraphQL ``errors``, empty ``voteCast.errors``); anything
else is a failure. After each run the runner checks the database against the answers:

- no acknowledged ballot lost: every receipt acknowledged is a ballot of that vote, of the
  voter's unit, cast by the voter, with the option sent;
- no duplicate: one ballot per unit, and no ballot that no answer acknowledged;
- the tally equals the ballots: the vote is closed and recounted through Gongzhi's own
  ``voteClose`` and ``voteRecount``; the frozen tally must hold the ballot rows, per option as
  acknowledged, and the recount must match it.

A violation fails the shape loudly (its runs are invalid, the runner exits with 1), not the
rest of the benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from bench import loadgen, shapes
from bench.measure import summarise
from bench.procstat import Sampler
from bench.servers import Target, log
from bench.voters import Prepared, PreparedVote, Voter

NAME = "vote_cast"
DESCRIPTION = (
    "one ballot per request, each a different voter's first ballot in an open PERSON vote"
    " over a community; ballots per second, none lost or doubled"
)
TIMED = (shapes.GONGZHI, shapes.FLOOR)


def _query(text: str) -> str:
    return " ".join(text.split())


POSTGRAPHILE_REASON = (
    "not applicable: PostGraphile over the same tables has no voting logic (eligibility"
    " snapshot, one ballot per unit, receipts, tally)"
)
CAST = _query(
    """mutation Cast($input: VoteCastInput!) { voteCast(input: $input) {
    ballot { receiptCode unitKey castAt channel } errors { field code } } }"""
)
CLOSE = _query(
    """mutation Close($input: VoteCloseInput!) { voteClose(input: $input) {
    vote { state } errors { code } } }"""
)
RECOUNT = _query(
    """mutation Recount($input: VoteRecountInput!) { voteRecount(input: $input) {
    matches stored { ballots options { optionId headcount } } recounted { ballots }
    errors { code } } }"""
)
RECEIPT = re.compile(r"^[0-9A-HJKMNP-TV-Z]{16}$")  # the app's receipt alphabet, 16 long


# ---------------------------------------------------------------- requests and answers


def option_of(vote: PreparedVote, index: int) -> int:
    """The option the ``index``-th voter chooses: 同意, 反对, 弃权 in turn."""
    return vote.option_ids[index % len(vote.option_ids)]


def request(
    dialect: str, vote: PreparedVote, voter: Voter, index: int
) -> tuple[shapes.Request, dict[str, str]]:
    """The ballot of ``voter`` (the ``index``-th of the list) for ``dialect``, with its header."""
    headers = {"Authorization": f"Bearer {voter.token}"}
    option = option_of(vote, index)
    if dialect == shapes.FLOOR:
        body = orjson.dumps({"voteId": vote.id, "optionId": option})
        return shapes.Request("/bench/vote_cast", body), headers
    if dialect != shapes.GONGZHI:
        raise ValueError(f"no vote_cast request for {dialect}")
    variables = {
        "query": CAST,
        "variables": {
            "input": {
                "voteId": vote.gid,
                "optionIds": [shapes.global_id("VoteOption", option)],
            }
        },
    }
    return shapes.Request("/graphql", orjson.dumps(variables)), headers


def raw_requests(
    dialect: str, port: int, vote: PreparedVote, voters: Sequence[Voter], start: int = 0
) -> list[bytes]:
    out = []
    for index in range(start, len(voters)):
        req, headers = request(dialect, vote, voters[index], index)
        out.append(loadgen.raw_request(port, req.path, req.body, headers))
    return out


def read_answer(status: int, body: bytes, voter: Voter) -> tuple[str | None, str | None]:
    """(receipt, None) for an acknowledged ballot, else (None, the kind of failure)."""
    if not 200 <= status < 300:
        return None, f"HTTP {status}" if status else "no answer"
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None, "not JSON"
    if not isinstance(data, dict):
        return None, "not a GraphQL answer"
    if data.get("errors"):
        codes = sorted(
            {str((e.get("extensions") or {}).get("code", "ERROR")) for e in data["errors"]}
        )
        return None, "GraphQL errors: " + ",".join(codes)
    cast = (data.get("data") or {}).get("voteCast")
    if not isinstance(cast, dict):
        return None, "no voteCast"
    if cast.get("errors"):
        return None, "user errors: " + ",".join(
            sorted({str(e.get("code")) for e in cast["errors"]})
        )
    ballot = cast.get("ballot")
    if not isinstance(ballot, dict):
        return None, "no ballot"
    if ballot.get("unitKey") != f"person:{voter.resident_id}":
        return None, "another unit"
    if ballot.get("channel") != "ONLINE" or not ballot.get("castAt"):
        return None, "not an online ballot"
    receipt = ballot.get("receiptCode")
    if not isinstance(receipt, str) or not RECEIPT.match(receipt):
        return None, "no receipt code"
    return receipt, None


# ---------------------------------------------------------------- what was acknowledged


@dataclass(frozen=True)
class Acknowledged:
    resident_id: int
    option_id: int


@dataclass
class Ledger:
    """What the client was told about one vote."""

    vote_id: int
    sent: int = 0
    acknowledged: dict[str, Acknowledged] = field(default_factory=dict)  # by receipt
    repeated_receipts: int = 0  # the same receipt acknowledged twice
    failures: Counter[str] = field(default_factory=Counter)

    def add(self, status: int, body: bytes, voter: Voter, option_id: int) -> None:
        self.sent += 1
        receipt, problem = read_answer(status, body, voter)
        if receipt is None:
            self.failures[problem or "failure"] += 1
        elif receipt in self.acknowledged:
            self.repeated_receipts += 1
        else:
            self.acknowledged[receipt] = Acknowledged(voter.resident_id, option_id)

    @property
    def failed(self) -> int:
        return sum(self.failures.values())

    def per_option(self) -> Counter[int]:
        return Counter(a.option_id for a in self.acknowledged.values())


def ledger_of(
    answers: Sequence[loadgen.Answer],
    vote: PreparedVote,
    voters: Sequence[Voter],
    start: int = 0,
    ledger: Ledger | None = None,
) -> Ledger:
    """The ledger of a ``loadgen.drive`` over ``raw_requests(…, start)`` (added to
    ``ledger``, which holds what came before in the same vote)."""
    ledger = ledger or Ledger(vote.id)
    for answer in answers:
        index = start + answer.index
        if answer.error:
            ledger.sent += 1
            ledger.failures["timeout" if answer.error == "timeout" else "socket error"] += 1
            continue
        ledger.add(answer.status, answer.body, voters[index], option_of(vote, index))
    return ledger


# ---------------------------------------------------------------- what the database holds


@dataclass(frozen=True)
class StoredBallot:
    receipt: str
    unit_key: str
    cast_by: int | None
    options: tuple[int, ...]


@dataclass
class Stored:
    ballots: list[StoredBallot]
    distinct_units: int

    @property
    def by_receipt(self) -> dict[str, StoredBallot]:
        return {b.receipt: b for b in self.ballots}


STORED_SQL = """
SELECT b.receipt_code, u.unit_key, b.cast_by_id,
       coalesce(array_agg(c.option_id ORDER BY c.option_id)
                FILTER (WHERE c.option_id IS NOT NULL), '{}') AS options
FROM ballot b JOIN eligible_unit u ON u.id = b.unit_id
LEFT JOIN ballot_choice c ON c.ballot_id = b.id
WHERE b.vote_id = $1
GROUP BY b.id, u.unit_key
"""


async def read_stored(conn: Any, vote_id: int) -> Stored:
    """The ballots of ``vote_id`` (an asyncpg connection)."""
    rows = await conn.fetch(STORED_SQL, vote_id)
    units = await conn.fetchval(
        "SELECT count(DISTINCT unit_id) FROM ballot WHERE vote_id = $1", vote_id
    )
    return Stored(
        [StoredBallot(r[0], r[1], r[2], tuple(r[3])) for r in rows],
        int(units),
    )


async def _read_stored_at(url: str, vote_id: int) -> Stored:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        return await read_stored(conn, vote_id)
    finally:
        await conn.close()


# ---------------------------------------------------------------- Gongzhi's tally


@dataclass
class Tally:
    """The vote closed and recounted through Gongzhi's API."""

    ballots: int | None = None  # of the frozen tally
    per_option: dict[int, int] = field(default_factory=dict)  # headcount by option pk
    recount_matches: bool | None = None
    problems: list[str] = field(default_factory=list)


def close_requests(vote: PreparedVote) -> tuple[bytes, bytes]:
    variables = {"input": {"voteId": vote.gid}}
    close = orjson.dumps({"query": CLOSE, "variables": variables})
    recount = orjson.dumps({"query": RECOUNT, "variables": variables})
    return close, recount


def tally_of(close_body: bytes, recount_body: bytes) -> Tally:
    """Read the answers of ``voteClose`` and ``voteRecount``."""
    tally = Tally()
    closed = orjson.loads(close_body)
    payload = (closed.get("data") or {}).get("voteClose") or {}
    if (
        closed.get("errors")
        or payload.get("errors")
        or (payload.get("vote") or {}).get("state") != "CLOSED"
    ):
        tally.problems.append(f"voteClose failed: {close_body[:300]!r}")
        return tally
    recount = orjson.loads(recount_body)
    found = (recount.get("data") or {}).get("voteRecount") or {}
    if recount.get("errors") or found.get("errors") or not found.get("stored"):
        tally.problems.append(f"voteRecount failed: {recount_body[:300]!r}")
        return tally
    tally.ballots = int(found["stored"]["ballots"])
    tally.per_option = {
        shapes.global_pk(o["optionId"], "VoteOption"): int(o["headcount"])
        for o in found["stored"]["options"]
    }
    tally.recount_matches = bool(found["matches"])
    if found["recounted"]["ballots"] != tally.ballots:
        tally.recount_matches = False
    return tally


def close_and_recount(gongzhi: Target, vote: PreparedVote) -> Tally:
    close, recount = close_requests(vote)
    closed = loadgen.post(gongzhi.port, "/graphql", close, headers=gongzhi.headers)
    recounted = loadgen.post(gongzhi.port, "/graphql", recount, headers=gongzhi.headers)
    return tally_of(closed.body, recounted.body)


# ---------------------------------------------------------------- the check


def verify(ledger: Ledger, stored: Stored, tally: Tally) -> list[str]:
    """Problems of one vote: lost, duplicate or unacknowledged ballots, a wrong tally."""
    problems: list[str] = []
    rows = stored.by_receipt
    lost = [r for r in ledger.acknowledged if r not in rows]
    if lost:
        problems.append(f"{len(lost)} acknowledged ballots lost (e.g. receipt {lost[0]})")
    wrong = [
        r
        for r, ack in ledger.acknowledged.items()
        if r in rows
        and (
            rows[r].unit_key != f"person:{ack.resident_id}"
            or rows[r].cast_by != ack.resident_id
            or rows[r].options != (ack.option_id,)
        )
    ]
    if wrong:
        problems.append(
            f"{len(wrong)} acknowledged ballots stored with another unit, voter or choice"
        )
    if ledger.repeated_receipts:
        problems.append(f"{ledger.repeated_receipts} receipts acknowledged twice")
    if len(stored.ballots) != stored.distinct_units:
        problems.append(
            f"duplicate ballots: {len(stored.ballots)} ballot rows for"
            f" {stored.distinct_units} units"
        )
    unacknowledged = len(rows.keys() - ledger.acknowledged.keys())
    if unacknowledged:
        problems.append(f"{unacknowledged} ballots stored that no answer acknowledged")
    problems.extend(tally.problems)
    if tally.ballots is not None:
        if tally.ballots != len(stored.ballots):
            problems.append(
                f"tally: {tally.ballots} ballots frozen, {len(stored.ballots)} ballot rows"
            )
        counted = {k: v for k, v in sorted(tally.per_option.items()) if v}
        expected = {k: v for k, v in sorted(ledger.per_option().items()) if v}
        if counted != expected:
            problems.append(f"tally per option {counted} != acknowledged {expected}")
        if tally.recount_matches is not True:
            problems.append("the recount does not match the frozen tally")
    return problems


def correctness(ledger: Ledger, stored: Stored, tally: Tally) -> dict[str, Any]:
    problems = verify(ledger, stored, tally)
    return {
        "vote_id": ledger.vote_id,
        "sent": ledger.sent,
        "acknowledged": len(ledger.acknowledged),
        "failed": ledger.failed,
        "failures": dict(ledger.failures),
        "ballot_rows": len(stored.ballots),
        "distinct_units": stored.distinct_units,
        "tally_ballots": tally.ballots,
        "recount_matches": tally.recount_matches,
        "correct": not problems,
        "problems": problems,
    }


# ---------------------------------------------------------------- the plan of votes


@dataclass
class Plan:
    """Which prepared vote serves which step: each target gets its own vote per step."""

    prepared: Prepared
    rounds: int
    _next: int = 0

    @staticmethod
    def votes_needed(rounds: int) -> int:
        # Per timed target: one for the SQL count, one for the check and warm-up, one a round.
        return len(TIMED) * (rounds + 2)

    def take(self) -> PreparedVote:
        if self._next >= len(self.prepared.votes):
            raise RuntimeError(
                f"vote_cast needs {self.votes_needed(self.rounds)} prepared votes,"
                f" {len(self.prepared.votes)} were opened"
            )
        vote = self.prepared.votes[self._next]
        self._next += 1
        return vote

    @property
    def voters(self) -> list[Voter]:
        return self.prepared.voters

    def counting(self, total: int) -> Counting:
        return Counting({dialect: self.take() for dialect in TIMED}, self.voters, total)


@dataclass
class Counting:
    """Sequential ballots for the SQL count: ``total`` voters per target, one vote each."""

    votes: dict[str, PreparedVote]
    voters: list[Voter]
    total: int

    def requests(self, target: Target) -> list[tuple[shapes.Request, dict[str, str]]]:
        vote = self.votes.get(target.dialect)
        if vote is None:
            return []
        count = min(self.total, len(self.voters))
        return [request(target.dialect, vote, self.voters[i], i) for i in range(count)]

    def check(self, target: Target, index: int, status: int, body: bytes) -> str | None:
        _, problem = read_answer(status, body, self.voters[index])
        return problem


# ---------------------------------------------------------------- timing


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def time_run(
    target: Target,
    vote: PreparedVote,
    voters: Sequence[Voter],
    args: argparse.Namespace,
    settle: Callable[[PreparedVote, Ledger], dict[str, Any]],
    *,
    start: int = 0,
    duration: float | None = None,
    before: Ledger | None = None,
) -> dict[str, Any]:
    """One bounded run of ballots against ``target``, then the check of its vote.

    ``start``: the first voter; ``before``: the answers to the voters before it."""
    requests = raw_requests(target.dialect, target.port, vote, voters, start)
    sampler = Sampler(target.pid, target.database)
    sampler.start()
    try:
        result = loadgen.drive(target.port, requests, args.connections, duration or args.duration)
    finally:
        usage = sampler.stop()
    ledger = ledger_of(result.answers, vote, voters, start, before)
    check = settle(vote, ledger)
    sent = max(len(result.answers), 1)
    latencies = [a.latency_s * 1000 for a in result.answers]
    measured = usage.server_cpu_s + usage.postgres_cpu_s + result.client_cpu_s
    cores = os.cpu_count() or 1
    other = max(0.0, usage.machine_busy_s - measured) / (result.elapsed_s * cores) * 100
    non_2xx = sum(1 for a in result.answers if not a.error and not 200 <= a.status < 300)
    errors = {
        "status": non_2xx,
        "timeout": result.timeouts,
        "connect": 0,
        "read": result.socket_errors,
        "write": 0,
    }
    problems = [f"{k} errors: {v}" for k, v in errors.items() if v]
    refused = ledger.failed - non_2xx - result.timeouts - result.socket_errors
    if refused:
        problems.append(
            f"{refused} answers without an acknowledged ballot: {dict(ledger.failures)}"
        )
    if not ledger.acknowledged:
        problems.append("no ballot acknowledged")
    problems.extend(check["problems"])
    return {
        "requests": len(result.answers),
        "ballots": len(ledger.acknowledged),
        "rps": round(len(ledger.acknowledged) / result.elapsed_s, 1),
        "elapsed_s": round(result.elapsed_s, 3),
        "voters": len(voters) - start,
        "voters_exhausted": result.exhausted,
        "p50_ms": round(_percentile(latencies, 0.50), 3),
        "p90_ms": round(_percentile(latencies, 0.90), 3),
        "p99_ms": round(_percentile(latencies, 0.99), 3),
        "max_ms": round(max(latencies, default=0.0), 3),
        "server_cpu_ms_per_request": round(usage.server_cpu_s * 1000 / sent, 4),
        "postgres_cpu_ms_per_request": round(usage.postgres_cpu_s * 1000 / sent, 4),
        "client_cpu_ms_per_request": round(result.client_cpu_s * 1000 / sent, 4),
        "peak_rss_mb": round(usage.peak_rss_kib / 1024, 1),
        "postgres_backends": usage.postgres_backends,
        "other_cpu_pct": round(other, 1),
        "mean_response_bytes": round(sum(len(a.body) for a in result.answers) / sent, 1),
        "errors": errors,
        "failed": ledger.failed,
        "correctness": check,
        "valid": not problems,
        "problems": problems,
    }


def _summary(runs: list[dict[str, Any]], response_bytes: int) -> dict[str, Any]:
    summary = summarise(runs, response_bytes)
    summary.update(
        {
            "ballots": sum(run["ballots"] for run in runs),
            "failed": sum(run["failed"] for run in runs),
            "correct": all(run["correctness"]["correct"] for run in runs),
            "voters_exhausted_rounds": sum(1 for run in runs if run["voters_exhausted"]),
            "median_elapsed_s": round(statistics.median(run["elapsed_s"] for run in runs), 3),
        }
    )
    return summary


def run_shape(
    plan: Plan,
    targets: list[Target],
    counts: dict[str, Any],
    args: argparse.Namespace,
    pg_url: str,
) -> dict[str, Any]:
    """Check, warm up and time vote_cast on Gongzhi and the floor; the results entry."""
    timed = [t for t in targets if t.name in TIMED]
    gongzhi = next(t for t in timed if t.name == shapes.GONGZHI)
    voters = plan.voters
    notes = [
        f"{len(voters):,} voters with a session, eligible in every vote (a whole community,"
        f" {plan.prepared.community_code}); one vote per target and round, the warm-up"
        " included, so every ballot is its voter's first in that vote",
        "client: bounded asyncio client on uvloop (bench/loadgen.py drive), one request per"
        f" voter, {args.connections} connections, until the voters are used up or"
        f" {args.duration} s have passed; req/s is acknowledged ballots per second",
        "floor: one statement (session, SHARE lock on the open vote, unit from the snapshot,"
        " INSERT … ON CONFLICT (vote_id, unit_id) DO NOTHING, choice, audit entry, NOTIFY)",
        "after each run: ballots in the database = acknowledged answers (none lost, none"
        " doubled, none unacknowledged), and Gongzhi's voteClose tally and voteRecount agree"
        " with them",
        f"PostGraphile: {POSTGRAPHILE_REASON}; Gongzhi on SQLite: not timed for this shape",
    ]
    entry: dict[str, Any] = {
        "description": DESCRIPTION,
        "variant": "standard",
        "notes": notes,
    }

    def settle(vote: PreparedVote, ledger: Ledger) -> dict[str, Any]:
        stored = asyncio.run(_read_stored_at(pg_url, vote.id))
        tally = close_and_recount(gongzhi, vote)
        return correctness(ledger, stored, tally)

    # The check: the first voter's ballot on each target's warm-up vote, then the warm-up.
    warm = {t.name: plan.take() for t in timed}
    problems = [
        f"{name}: SQL count: {count['problem']}"
        for name, count in counts.items()
        if count.get("problem")
    ]
    sizes: dict[str, int] = {}
    checked: dict[str, Ledger] = {}
    for target in timed:
        vote = warm[target.name]
        req, headers = request(target.dialect, vote, voters[0], 0)
        answer = loadgen.post(target.port, req.path, req.body, headers=headers)
        sizes[target.name] = answer.wire_bytes
        checked[target.name] = Ledger(vote.id)
        checked[target.name].add(answer.status, answer.body, voters[0], option_of(vote, 0))
        _, problem = read_answer(answer.status, answer.body, voters[0])
        if problem:
            problems.append(f"{target.name}: {problem}: {answer.body[:200]!r}")
    entry["equal_data"] = not problems
    entry["check_problems"] = problems
    if problems:
        log(f"check {NAME}: FAILED: " + " | ".join(problems))
        return entry
    log(f"check {NAME}: every target acknowledges a first ballot with a receipt")

    warmups: dict[str, Any] = {}
    for target in timed:
        run = time_run(
            target,
            warm[target.name],
            voters,
            args,
            settle,
            start=1,
            duration=args.warmup,
            before=checked[target.name],
        )
        warmups[target.name] = run["correctness"]
        if not run["correctness"]["correct"]:
            log(f"{NAME} warm-up {target.name} CORRECTNESS FAILED: {run['problems']}")
    runs: dict[str, list[dict[str, Any]]] = {t.name: [] for t in timed}
    for round_index in range(args.rounds):
        shift = round_index % len(timed)
        for target in timed[shift:] + timed[:shift]:
            run = time_run(target, plan.take(), voters, args, settle)
            run["round"] = round_index + 1
            runs[target.name].append(run)
            flag = "" if run["valid"] else "  INVALID: " + "; ".join(run["problems"])
            if not run["correctness"]["correct"]:
                flag += "  CORRECTNESS FAILED"
            if run["other_cpu_pct"] > 10:
                flag += f"  (other load {run['other_cpu_pct']:.0f} % of the machine)"
            log(
                f"{NAME:16} round {round_index + 1} {target.name:15}"
                f" {run['rps']:9.1f} ballots/s  p50 {run['p50_ms']:7.2f} ms"
                f"  p99 {run['p99_ms']:7.2f} ms  {run['ballots']} ballots"
                f"{' (voters used up)' if run['voters_exhausted'] else ''}{flag}"
            )
    summaries = {name: _summary(r, sizes[name]) for name, r in runs.items()}
    for name, summary in summaries.items():
        summary["sql"] = counts.get(name)
        summary["warmup_correctness"] = warmups[name]
    correct = all(s["correct"] for s in summaries.values()) and all(
        w["correct"] for w in warmups.values()
    )
    entry["targets"] = summaries
    entry["correct"] = correct
    if not correct:
        log(f"{NAME}: CORRECTNESS FAILED: see shapes.vote_cast.targets.*.rounds[].correctness")
    return entry
