"""Decision rules of consultation votes (表决): ballot validation, tally and outcome.

Pure Python and exact: headcounts are ints, areas ``Decimal`` (summed exactly), every
comparison is done on ``fractions.Fraction`` (a ``Decimal`` converts to a Fraction exactly).
No floats anywhere.

Terms
- A *ballot* is one voting unit's ballot (see ``units``); a unit has one counted ballot.
- *Cast* / *participating*: every counted ballot, including abstentions and empty ballots.
  This is the denominator of every approval ratio ("of ballots cast", and in the owners' rules
  "参与表决" participating owners and area). An abstention or an empty ballot therefore counts
  like a vote that is not FOR: it makes approval harder, never easier.
- *Empty ballot*: a ballot with no option chosen. Allowed by default (``allow_empty``): it is
  participation without a choice, exactly like an abstention, and counts towards the turnout.

Rules (thresholds in ``RULES``, each configurable by passing a ``RuleSpec``)
- SIMPLE_MAJORITY: an option needs > 1/2 of the ballots cast (by head).
- TWO_THIRDS: an option needs ≥ 2/3 of the ballots cast (by head).
- OWNERS_ORDINARY (Civil Code art. 278): turnout of owners holding ≥ 2/3 of the total area AND
  ≥ 2/3 of the owners ("以上" includes the bound, art. 1259); then approval by > 1/2
  ("过半数") of the participating area AND > 1/2 of the participating owners.
- OWNERS_MAJOR (art. 278 items 6-8: raising the maintenance fund, rebuilding, changing the use
  of common parts): same turnout; approval by ≥ 3/4 of the participating area AND ≥ 3/4 of
  the participating owners. (Using the maintenance fund, item 5, is an ordinary matter since
  the Civil Code.)
Area and headcount must both pass; one passing alone is not enough.

Outcome by ballot kind
- FOR_AGAINST_ABSTAIN: the motion passes when the FOR option meets the threshold. AGAINST and
  ABSTAIN options never "pass"; abstentions stay in the denominator.
- SINGLE: the option meeting the threshold wins. Every threshold is at least an absolute
  majority, and choices are exclusive, so at most one option can meet it; with several options
  and no absolute majority there is no decision (NOT_APPROVED), plurality does not win.
- MULTIPLE (at most N choices per ballot): ``seats`` options can be adopted (default N, as in an
  election of N committee members; pass the number of options for independent approval of
  each). Each option must meet the threshold on its own; among those that do, the ``seats``
  best ranked by headcount, then area, are adopted. If options tie (same headcount and area)
  across the last seat, the tied ones are not adopted and the reason is TIE; the options
  ranked strictly above the tie are adopted.

Reason (first that applies): NO_ELIGIBLE_UNITS (empty snapshot), TURNOUT_NOT_MET, NO_BALLOTS,
TIE, APPROVED (at least one option adopted), NOT_APPROVED. ``passed`` is true when at least one
option was adopted (it can be true together with TIE for MULTIPLE).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Protocol

from backend.consultations.units import UnitKind, exact_sum


class BallotKind(StrEnum):
    SINGLE = "SINGLE"
    MULTIPLE = "MULTIPLE"
    FOR_AGAINST_ABSTAIN = "FOR_AGAINST_ABSTAIN"


class DecisionRule(StrEnum):
    SIMPLE_MAJORITY = "SIMPLE_MAJORITY"
    TWO_THIRDS = "TWO_THIRDS"
    OWNERS_ORDINARY = "OWNERS_ORDINARY"
    OWNERS_MAJOR = "OWNERS_MAJOR"


class ChoiceError(StrEnum):
    OPTION_NOT_IN_VOTE = "OPTION_NOT_IN_VOTE"
    DUPLICATE_CHOICE = "DUPLICATE_CHOICE"
    EMPTY_BALLOT = "EMPTY_BALLOT"  # only when the vote does not allow empty ballots
    TOO_MANY_CHOICES = "TOO_MANY_CHOICES"


class RuleError(StrEnum):
    RULE_NEEDS_OWNER_UNITS = "RULE_NEEDS_OWNER_UNITS"


class Reason(StrEnum):
    NO_ELIGIBLE_UNITS = "NO_ELIGIBLE_UNITS"
    TURNOUT_NOT_MET = "TURNOUT_NOT_MET"
    NO_BALLOTS = "NO_BALLOTS"
    TIE = "TIE"
    APPROVED = "APPROVED"
    NOT_APPROVED = "NOT_APPROVED"


class TallyError(ValueError):
    """Ballots that cannot come from the snapshot (unknown unit or option, a unit twice)."""


# Thresholds and rules ------------------------------------------------------------------------


def ratio(part: int | Decimal, whole: int | Decimal) -> Fraction | None:
    """``part / whole`` exactly, or None when ``whole`` is 0."""
    if whole == 0:
        return None
    return Fraction(part) / Fraction(whole)


@dataclass(frozen=True)
class Threshold:
    """A share of a whole: ``≥ ratio`` when ``inclusive``, else ``> ratio``."""

    ratio: Fraction
    inclusive: bool

    def met(self, part: int | Decimal, whole: int | Decimal) -> bool:
        """Never met against an empty whole."""
        share = ratio(part, whole)
        if share is None:
            return False
        return share >= self.ratio if self.inclusive else share > self.ratio


MORE_THAN_HALF = Threshold(Fraction(1, 2), inclusive=False)
AT_LEAST_TWO_THIRDS = Threshold(Fraction(2, 3), inclusive=True)
AT_LEAST_THREE_QUARTERS = Threshold(Fraction(3, 4), inclusive=True)


@dataclass(frozen=True)
class RuleSpec:
    """``approval`` applies to the participating headcount, and to the participating area too
    when ``by_area``; ``turnout`` (if any) to the eligible headcount, and area when ``by_area``."""

    approval: Threshold
    turnout: Threshold | None = None
    by_area: bool = False
    owner_units_only: bool = False


RULES: Mapping[DecisionRule, RuleSpec] = MappingProxyType(
    {
        DecisionRule.SIMPLE_MAJORITY: RuleSpec(approval=MORE_THAN_HALF),
        DecisionRule.TWO_THIRDS: RuleSpec(approval=AT_LEAST_TWO_THIRDS),
        DecisionRule.OWNERS_ORDINARY: RuleSpec(
            approval=MORE_THAN_HALF,
            turnout=AT_LEAST_TWO_THIRDS,
            by_area=True,
            owner_units_only=True,
        ),
        DecisionRule.OWNERS_MAJOR: RuleSpec(
            approval=AT_LEAST_THREE_QUARTERS,
            turnout=AT_LEAST_TWO_THIRDS,
            by_area=True,
            owner_units_only=True,
        ),
    }
)


def check_rule(rule: DecisionRule, unit_kind: UnitKind) -> RuleError | None:
    """The owners' rules weigh by area: they need OWNER units."""
    if RULES[rule].owner_units_only and unit_kind is not UnitKind.OWNER:
        return RuleError.RULE_NEEDS_OWNER_UNITS
    return None


# Ballots -------------------------------------------------------------------------------------


def validate_choices(
    kind: BallotKind,
    choice_ids: Sequence[int],
    option_ids: Collection[int],
    *,
    max_choices: int | None = None,
    allow_empty: bool = True,
) -> ChoiceError | None:
    """The first problem with a ballot's choices, or None when it may be cast.

    ``option_ids`` are the options of this vote; ``max_choices`` is N for MULTIPLE (required
    there, ignored otherwise). Checked in order: an option of another vote (or none),
    the same option twice, an empty ballot when not allowed, too many choices.
    """
    if kind is BallotKind.MULTIPLE and (max_choices is None or max_choices < 1):
        raise ValueError("a MULTIPLE vote needs max_choices >= 1")
    allowed = set(option_ids)
    if any(choice not in allowed for choice in choice_ids):
        return ChoiceError.OPTION_NOT_IN_VOTE
    if len(set(choice_ids)) != len(choice_ids):
        return ChoiceError.DUPLICATE_CHOICE
    if not choice_ids and not allow_empty:
        return ChoiceError.EMPTY_BALLOT
    limit = max_choices if kind is BallotKind.MULTIPLE else 1
    assert limit is not None
    if len(choice_ids) > limit:
        return ChoiceError.TOO_MANY_CHOICES
    return None


class UnitWeight(Protocol):
    """What the tally needs of a unit (an ``EligibleUnit`` or a stored row)."""

    @property
    def key(self) -> str: ...

    @property
    def headcount(self) -> int: ...

    @property
    def area(self) -> Decimal: ...


@dataclass(frozen=True)
class Ballot:
    """A counted ballot: its unit and the options chosen (empty for an empty ballot)."""

    unit_key: str
    option_ids: frozenset[int]


# Tally ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionCount:
    option_id: int
    headcount: int
    area: Decimal


@dataclass(frozen=True)
class Tally:
    """Counts from raw ballots. Equal tallies compare equal (a recount must equal the stored)."""

    options: tuple[OptionCount, ...]  # in the order of the vote's options
    ballots: int  # counted ballots
    headcount: int  # participating headcount
    area: Decimal  # participating area
    empty_ballots: int

    def option(self, option_id: int) -> OptionCount:
        for count in self.options:
            if count.option_id == option_id:
                return count
        raise KeyError(option_id)


def tally(
    option_ids: Sequence[int], units: Iterable[UnitWeight], ballots: Iterable[Ballot]
) -> Tally:
    """Count ``ballots`` against the snapshot ``units``.

    Raises ``TallyError`` for a ballot of a unit not in the snapshot, a unit with two ballots,
    or an option not in ``option_ids``: these cannot happen with the database constraints and
    must never be skipped silently.
    """
    if len(set(option_ids)) != len(option_ids):
        raise TallyError("duplicate option ids")
    weights = {unit.key: unit for unit in units}
    heads = dict.fromkeys(option_ids, 0)
    areas: dict[int, list[Decimal]] = {option_id: [] for option_id in option_ids}
    seen: set[str] = set()
    participating: list[Decimal] = []
    headcount = empty = 0
    for ballot in ballots:
        unit = weights.get(ballot.unit_key)
        if unit is None:
            raise TallyError(f"ballot of unit {ballot.unit_key!r}, not in the snapshot")
        if ballot.unit_key in seen:
            raise TallyError(f"unit {ballot.unit_key!r} has more than one ballot")
        seen.add(ballot.unit_key)
        headcount += unit.headcount
        participating.append(unit.area)
        if not ballot.option_ids:
            empty += 1
        for option_id in ballot.option_ids:
            if option_id not in heads:
                raise TallyError(f"ballot of unit {ballot.unit_key!r}: unknown option {option_id}")
            heads[option_id] += unit.headcount
            areas[option_id].append(unit.area)
    return Tally(
        options=tuple(
            OptionCount(option_id, heads[option_id], exact_sum(areas[option_id]))
            for option_id in option_ids
        ),
        ballots=len(seen),
        headcount=headcount,
        area=exact_sum(participating),
        empty_ballots=empty,
    )


# Outcome -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionResult:
    option_id: int
    headcount: int
    area: Decimal
    headcount_ratio: Fraction | None  # of the participating headcount (ballots cast)
    area_ratio: Fraction | None  # of the participating area (None when it is 0)
    meets_threshold: bool  # the approval threshold, by head (and area for owners' rules)
    passed: bool  # adopted


@dataclass(frozen=True)
class Outcome:
    rule: DecisionRule
    kind: BallotKind
    approval: Threshold
    turnout: Threshold | None  # None: no turnout requirement
    by_area: bool
    eligible_headcount: int
    eligible_area: Decimal
    participating_headcount: int
    participating_area: Decimal
    ballots: int
    empty_ballots: int
    turnout_headcount_ratio: Fraction | None  # participating / eligible headcount
    turnout_area_ratio: Fraction | None  # participating / eligible area
    turnout_headcount_met: bool  # True when there is no requirement
    turnout_area_met: bool  # True when there is no requirement on area
    turnout_met: bool
    options: tuple[OptionResult, ...]
    passed_option_ids: tuple[int, ...]  # adopted, best ranked first
    tied_option_ids: tuple[int, ...]  # qualified but tied across the last seat
    passed: bool
    reason: Reason


def decide(
    rule: DecisionRule,
    kind: BallotKind,
    counts: Tally,
    *,
    eligible_headcount: int,
    eligible_area: Decimal,
    max_choices: int | None = None,
    for_option_id: int | None = None,
    seats: int | None = None,
    spec: RuleSpec | None = None,
) -> Outcome:
    """The outcome of a closed vote from its tally and its eligibility snapshot totals.

    ``for_option_id`` is required for FOR_AGAINST_ABSTAIN; ``max_choices`` for MULTIPLE,
    whose ``seats`` default to ``max_choices``; ``spec`` overrides ``RULES[rule]``.
    Raises ``ValueError`` for inconsistent input (more participation than eligibility).
    """
    spec = spec or RULES[rule]
    if kind is BallotKind.FOR_AGAINST_ABSTAIN:
        if for_option_id is None:
            raise ValueError("FOR_AGAINST_ABSTAIN needs for_option_id")
        counts.option(for_option_id)  # KeyError when it is not an option of the vote
        candidates: set[int] = {for_option_id}
        seat_count = 1
    else:
        candidates = {c.option_id for c in counts.options}
        if kind is BallotKind.MULTIPLE:
            if max_choices is None or max_choices < 1:
                raise ValueError("a MULTIPLE vote needs max_choices >= 1")
            seat_count = seats if seats is not None else max_choices
        else:
            seat_count = 1
    if seat_count < 1:
        raise ValueError("seats must be >= 1")
    if counts.headcount > eligible_headcount or counts.area > eligible_area:
        raise ValueError("more participation than eligibility: tally and snapshot disagree")

    turnout_heads = ratio(counts.headcount, eligible_headcount)
    turnout_area = ratio(counts.area, eligible_area)
    heads_met = spec.turnout is None or spec.turnout.met(counts.headcount, eligible_headcount)
    area_met = (
        spec.turnout is None or not spec.by_area or spec.turnout.met(counts.area, eligible_area)
    )
    turnout_met = heads_met and area_met

    def meets(count: OptionCount) -> bool:
        if not spec.approval.met(count.headcount, counts.headcount):
            return False
        return not spec.by_area or spec.approval.met(count.area, counts.area)

    qualified = {c.option_id for c in counts.options if meets(c)}
    can_adopt = eligible_headcount > 0 and turnout_met and counts.ballots > 0
    ranked = sorted(
        (c for c in counts.options if c.option_id in candidates and c.option_id in qualified),
        key=lambda c: (c.headcount, c.area),
        reverse=True,
    )
    adopted: list[int] = []
    tied: list[int] = []
    if can_adopt:
        if len(ranked) <= seat_count:
            adopted = [c.option_id for c in ranked]
        else:
            last = (ranked[seat_count - 1].headcount, ranked[seat_count - 1].area)
            first_out = (ranked[seat_count].headcount, ranked[seat_count].area)
            if last == first_out:
                adopted = [c.option_id for c in ranked if (c.headcount, c.area) > last]
                tied = [c.option_id for c in ranked if (c.headcount, c.area) == last]
            else:
                adopted = [c.option_id for c in ranked[:seat_count]]

    if eligible_headcount == 0:
        reason = Reason.NO_ELIGIBLE_UNITS
    elif not turnout_met:
        reason = Reason.TURNOUT_NOT_MET
    elif counts.ballots == 0:
        reason = Reason.NO_BALLOTS
    elif tied:
        reason = Reason.TIE
    elif adopted:
        reason = Reason.APPROVED
    else:
        reason = Reason.NOT_APPROVED

    return Outcome(
        rule=rule,
        kind=kind,
        approval=spec.approval,
        turnout=spec.turnout,
        by_area=spec.by_area,
        eligible_headcount=eligible_headcount,
        eligible_area=eligible_area,
        participating_headcount=counts.headcount,
        participating_area=counts.area,
        ballots=counts.ballots,
        empty_ballots=counts.empty_ballots,
        turnout_headcount_ratio=turnout_heads,
        turnout_area_ratio=turnout_area,
        turnout_headcount_met=heads_met,
        turnout_area_met=area_met,
        turnout_met=turnout_met,
        options=tuple(
            OptionResult(
                option_id=c.option_id,
                headcount=c.headcount,
                area=c.area,
                headcount_ratio=ratio(c.headcount, counts.headcount),
                area_ratio=ratio(c.area, counts.area),
                meets_threshold=c.option_id in qualified,
                passed=c.option_id in adopted,
            )
            for c in counts.options
        ),
        passed_option_ids=tuple(adopted),
        tied_option_ids=tuple(tied),
        passed=bool(adopted),
        reason=reason,
    )


__all__ = [
    "AT_LEAST_THREE_QUARTERS",
    "AT_LEAST_TWO_THIRDS",
    "MORE_THAN_HALF",
    "RULES",
    "Ballot",
    "BallotKind",
    "ChoiceError",
    "DecisionRule",
    "OptionCount",
    "OptionResult",
    "Outcome",
    "Reason",
    "RuleError",
    "RuleSpec",
    "Tally",
    "TallyError",
    "Threshold",
    "UnitWeight",
    "check_rule",
    "decide",
    "ratio",
    "tally",
    "validate_choices",
]
