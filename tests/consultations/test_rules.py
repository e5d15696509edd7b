"""Decision rules of consultation votes: choices, tally and outcome (pure, no database)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from backend.consultations.rules import (
    AT_LEAST_TWO_THIRDS,
    RULES,
    Ballot,
    BallotKind,
    ChoiceError,
    DecisionRule,
    Outcome,
    Reason,
    RuleError,
    TallyError,
    Threshold,
    check_rule,
    decide,
    tally,
    validate_choices,
)
from backend.consultations.units import (
    DwellingFact,
    PersonFact,
    Snapshot,
    UnitKind,
    owner_snapshot,
    person_snapshot,
)

FOR, AGAINST, ABSTAIN = 1, 2, 3
FAA = (FOR, AGAINST, ABSTAIN)
ORDINARY, MAJOR = DecisionRule.OWNERS_ORDINARY, DecisionRule.OWNERS_MAJOR
SIMPLE, TWO_THIRDS = DecisionRule.SIMPLE_MAJORITY, DecisionRule.TWO_THIRDS


def owners(*areas: str) -> Snapshot:
    """One single-owner dwelling per area; owner i (from 0) has unit key ``owner:<100+i>``."""
    return owner_snapshot(
        DwellingFact(i + 1, Decimal(area), frozenset({100 + i})) for i, area in enumerate(areas)
    )


def people(n: int) -> Snapshot:
    return person_snapshot([PersonFact(i, date(1980, 1, 1)) for i in range(n)], date(2025, 6, 1))


def run(
    rule: DecisionRule,
    snap: Snapshot,
    choices: Sequence[Sequence[int]] | Mapping[str, Sequence[int]],
    *,
    kind: BallotKind = BallotKind.FOR_AGAINST_ABSTAIN,
    options: Sequence[int] = FAA,
    max_choices: int | None = None,
    seats: int | None = None,
) -> Outcome:
    """Ballots of the first units in order (a list) or of given unit keys (a mapping)."""
    if isinstance(choices, Mapping):
        pairs = list(choices.items())
    else:
        pairs = [(unit.key, c) for unit, c in zip(snap.units, choices, strict=False)]
    ballots = [Ballot(key, frozenset(c)) for key, c in pairs]
    return decide(
        rule,
        kind,
        tally(options, snap.units, ballots),
        eligible_headcount=snap.headcount,
        eligible_area=snap.total_area,
        max_choices=max_choices,
        for_option_id=FOR if kind is BallotKind.FOR_AGAINST_ABSTAIN else None,
        seats=seats,
    )


# Choices -----------------------------------------------------------------------------------


def test_a_single_ballot_takes_one_option() -> None:
    assert validate_choices(BallotKind.SINGLE, [2], [1, 2, 3]) is None
    assert validate_choices(BallotKind.SINGLE, [1, 2], [1, 2, 3]) is ChoiceError.TOO_MANY_CHOICES


def test_a_for_against_abstain_ballot_takes_one_option() -> None:
    kind = BallotKind.FOR_AGAINST_ABSTAIN
    assert validate_choices(kind, [ABSTAIN], FAA) is None
    assert validate_choices(kind, [FOR, AGAINST], FAA) is ChoiceError.TOO_MANY_CHOICES


def test_a_multiple_ballot_takes_at_most_n_options() -> None:
    kind = BallotKind.MULTIPLE
    assert validate_choices(kind, [1, 2], [1, 2, 3, 4], max_choices=2) is None
    assert (
        validate_choices(kind, [1, 2, 3], [1, 2, 3, 4], max_choices=2)
        is ChoiceError.TOO_MANY_CHOICES
    )


def test_a_multiple_vote_without_a_maximum_is_a_configuration_error() -> None:
    with pytest.raises(ValueError):
        validate_choices(BallotKind.MULTIPLE, [1], [1, 2])


def test_an_option_of_another_vote_is_refused() -> None:
    assert validate_choices(BallotKind.SINGLE, [99], [1, 2]) is ChoiceError.OPTION_NOT_IN_VOTE
    assert (
        validate_choices(BallotKind.MULTIPLE, [1, 99], [1, 2], max_choices=2)
        is ChoiceError.OPTION_NOT_IN_VOTE
    )


def test_the_same_option_twice_is_refused() -> None:
    assert (
        validate_choices(BallotKind.MULTIPLE, [1, 1], [1, 2], max_choices=2)
        is ChoiceError.DUPLICATE_CHOICE
    )


def test_an_empty_ballot_is_allowed_by_default_and_refused_when_configured() -> None:
    assert validate_choices(BallotKind.SINGLE, [], [1, 2]) is None
    assert (
        validate_choices(BallotKind.SINGLE, [], [1, 2], allow_empty=False)
        is ChoiceError.EMPTY_BALLOT
    )


def test_owners_rules_need_owner_units() -> None:
    assert check_rule(ORDINARY, UnitKind.OWNER) is None
    assert check_rule(MAJOR, UnitKind.PERSON) is RuleError.RULE_NEEDS_OWNER_UNITS
    assert check_rule(ORDINARY, UnitKind.HOUSEHOLD) is RuleError.RULE_NEEDS_OWNER_UNITS
    assert check_rule(SIMPLE, UnitKind.HOUSEHOLD) is None
    assert check_rule(TWO_THIRDS, UnitKind.OWNER) is None


# Tally -------------------------------------------------------------------------------------


def test_the_tally_counts_heads_and_area_per_option_and_participation() -> None:
    snap = owners("100.10", "50.05", "80", "70")
    ballots = [
        Ballot("owner:100", frozenset({FOR})),
        Ballot("owner:101", frozenset({FOR})),
        Ballot("owner:102", frozenset({ABSTAIN})),
        Ballot("owner:103", frozenset()),
    ]
    result = tally(FAA, snap.units, ballots)
    assert [(c.option_id, c.headcount, c.area) for c in result.options] == [
        (FOR, 2, Decimal("150.15")),
        (AGAINST, 0, Decimal(0)),
        (ABSTAIN, 1, Decimal(80)),
    ]
    assert (result.ballots, result.headcount, result.area, result.empty_ballots) == (
        4,
        4,
        Decimal("300.15"),
        1,
    )


def test_a_recount_in_another_order_equals_the_tally() -> None:
    snap = owners("100", "50", "80")
    ballots = [
        Ballot(u.key, frozenset({FOR if i % 2 else AGAINST})) for i, u in enumerate(snap.units)
    ]
    assert tally(FAA, snap.units, ballots) == tally(FAA, snap.units, list(reversed(ballots)))


def test_the_tally_refuses_a_ballot_with_an_option_of_another_vote() -> None:
    snap = owners("100")
    with pytest.raises(TallyError, match="unknown option 99"):
        tally(FAA, snap.units, [Ballot("owner:100", frozenset({99}))])


def test_the_tally_refuses_a_ballot_of_a_unit_outside_the_snapshot() -> None:
    with pytest.raises(TallyError, match="not in the snapshot"):
        tally(FAA, owners("100").units, [Ballot("owner:999", frozenset({FOR}))])


def test_co_owners_have_one_ballot_a_second_one_for_their_unit_is_refused() -> None:
    snap = owner_snapshot([DwellingFact(1, Decimal(90), frozenset({10, 11}))])
    (unit,) = snap.units
    ballots = [Ballot(unit.key, frozenset({FOR})), Ballot(unit.key, frozenset({AGAINST}))]
    with pytest.raises(TallyError, match="more than one ballot"):
        tally(FAA, snap.units, ballots)


# SIMPLE_MAJORITY and TWO_THIRDS ------------------------------------------------------------


def test_simple_majority_passes_with_more_than_half_of_the_ballots_cast() -> None:
    outcome = run(SIMPLE, people(10), [[FOR], [FOR], [AGAINST]])
    assert (outcome.passed, outcome.reason) == (True, Reason.APPROVED)
    assert outcome.passed_option_ids == (FOR,)
    assert outcome.options[0].headcount_ratio == Fraction(2, 3)
    assert outcome.turnout is None  # no turnout requirement: met whatever the turnout
    assert outcome.turnout_met
    assert outcome.turnout_headcount_ratio == Fraction(3, 10)


def test_simple_majority_fails_at_exactly_half() -> None:
    outcome = run(SIMPLE, people(4), [[FOR], [FOR], [AGAINST], [AGAINST]])
    assert (outcome.passed, outcome.reason) == (False, Reason.NOT_APPROVED)
    assert outcome.options[0].headcount_ratio == Fraction(1, 2)


def test_abstentions_count_as_cast_and_can_stop_a_simple_majority() -> None:
    without = run(SIMPLE, people(4), [[FOR], [FOR], [AGAINST]])
    assert without.passed
    outcome = run(SIMPLE, people(4), [[FOR], [FOR], [AGAINST], [ABSTAIN]])
    assert (outcome.passed, outcome.reason) == (False, Reason.NOT_APPROVED)
    assert outcome.options[0].headcount_ratio == Fraction(1, 2)


def test_empty_ballots_count_as_cast_like_abstentions() -> None:
    outcome = run(SIMPLE, people(4), [[FOR], [FOR], [AGAINST], []])
    assert (outcome.ballots, outcome.empty_ballots, outcome.participating_headcount) == (4, 1, 4)
    assert (outcome.passed, outcome.reason) == (False, Reason.NOT_APPROVED)


def test_a_majority_against_does_not_pass_the_motion() -> None:
    outcome = run(SIMPLE, people(3), [[AGAINST], [AGAINST], [FOR]])
    assert (outcome.passed, outcome.reason) == (False, Reason.NOT_APPROVED)
    assert outcome.options[1].meets_threshold and not outcome.options[1].passed


def test_two_thirds_passes_at_exactly_two_thirds() -> None:
    outcome = run(TWO_THIRDS, people(3), [[FOR], [FOR], [AGAINST]])
    assert (outcome.passed, outcome.reason) == (True, Reason.APPROVED)


def test_two_thirds_fails_just_under_two_thirds() -> None:
    # 199 of 300 < 2/3 (200 of 300).
    outcome = run(TWO_THIRDS, people(300), [[FOR]] * 199 + [[AGAINST]] * 101)
    assert (outcome.passed, outcome.reason) == (False, Reason.NOT_APPROVED)
    assert outcome.options[0].headcount_ratio == Fraction(199, 300)


def test_no_ballots_is_no_decision() -> None:
    outcome = run(SIMPLE, people(5), [])
    assert (outcome.passed, outcome.reason) == (False, Reason.NO_BALLOTS)
    assert outcome.options[0].headcount_ratio is None


@pytest.mark.parametrize("rule", list(DecisionRule))
def test_zero_eligible_units_is_no_decision_for_every_rule(rule: DecisionRule) -> None:
    snap = owner_snapshot([])
    outcome = run(rule, snap, [])
    assert (outcome.passed, outcome.reason) == (False, Reason.NO_ELIGIBLE_UNITS)
    assert (outcome.eligible_headcount, outcome.eligible_area) == (0, 0)
    assert outcome.turnout_headcount_ratio is None
    assert outcome.turnout_area_ratio is None


# SINGLE and MULTIPLE -----------------------------------------------------------------------


def test_single_choice_wins_only_with_an_absolute_majority_not_a_plurality() -> None:
    options = (11, 12, 13)
    plurality = run(
        SIMPLE,
        people(10),
        [[11]] * 4 + [[12]] * 3 + [[13]] * 3,
        kind=BallotKind.SINGLE,
        options=options,
    )
    assert (plurality.passed, plurality.reason) == (False, Reason.NOT_APPROVED)
    majority = run(
        SIMPLE, people(10), [[11]] * 6 + [[12]] * 4, kind=BallotKind.SINGLE, options=options
    )
    assert (majority.passed_option_ids, majority.reason) == ((11,), Reason.APPROVED)


def test_single_choice_with_a_two_way_split_at_half_is_not_approved() -> None:
    outcome = run(
        SIMPLE, people(4), [[11], [11], [12], [12]], kind=BallotKind.SINGLE, options=(11, 12)
    )
    assert (outcome.passed, outcome.reason, outcome.tied_option_ids) == (
        False,
        Reason.NOT_APPROVED,
        (),
    )


def test_multiple_adopts_the_best_ranked_qualifying_options_up_to_the_seats() -> None:
    # 10 ballots of at most 2 choices: 21 has 9, 22 has 7, 23 has 3 (under half), 24 has 0.
    ballots = [[21, 22]] * 7 + [[21, 23]] * 2 + [[23]]
    outcome = run(
        SIMPLE,
        people(10),
        ballots,
        kind=BallotKind.MULTIPLE,
        options=(21, 22, 23, 24),
        max_choices=2,
    )
    counts = {o.option_id: o.headcount for o in outcome.options}
    assert counts == {21: 9, 22: 7, 23: 3, 24: 0}
    assert (outcome.passed_option_ids, outcome.reason) == ((21, 22), Reason.APPROVED)


def test_multiple_keeps_to_the_seats_when_more_options_qualify() -> None:
    # 3 options each chosen by 2 of 3 voters (> 1/2) but only 2 seats: 31 and 32 lead by area.
    snap = owners("100", "90", "80")
    outcome = run(
        SIMPLE,
        snap,
        [[31, 32], [31, 33], [32, 33]],
        kind=BallotKind.MULTIPLE,
        options=(31, 32, 33),
        max_choices=2,
    )
    assert all(o.meets_threshold for o in outcome.options)
    assert (outcome.passed_option_ids, outcome.reason) == ((31, 32), Reason.APPROVED)


def test_multiple_with_a_tie_across_the_last_seat_adopts_only_the_options_above_it() -> None:
    ballots = [[41, 42], [41, 43], [41, 42], [41, 43]]
    outcome = run(
        SIMPLE, people(4), ballots, kind=BallotKind.MULTIPLE, options=(41, 42, 43), max_choices=2
    )
    # 42 and 43 have 2 of 4: not more than half, so no tie: only 41 is adopted.
    assert (outcome.passed_option_ids, outcome.reason) == ((41,), Reason.APPROVED)
    ballots = [[41, 42], [41, 43], [42, 43]] * 2 + [[41], [42], [43]]
    outcome = run(
        SIMPLE, people(9), ballots, kind=BallotKind.MULTIPLE, options=(41, 42, 43), max_choices=2
    )
    assert [o.headcount for o in outcome.options] == [5, 5, 5]
    assert outcome.passed_option_ids == ()
    assert outcome.tied_option_ids == (41, 42, 43)
    assert (outcome.passed, outcome.reason) == (False, Reason.TIE)


def test_multiple_with_seats_for_every_option_approves_each_option_on_its_own() -> None:
    ballots = [[51, 52, 53]] * 3 + [[51]] * 2
    outcome = run(
        SIMPLE,
        people(5),
        ballots,
        kind=BallotKind.MULTIPLE,
        options=(51, 52, 53),
        max_choices=3,
        seats=3,
    )
    assert outcome.passed_option_ids == (51, 52, 53)


def test_too_many_seats_or_none_are_configuration_errors() -> None:
    snap = people(2)
    counts = tally((1, 2), snap.units, [])
    with pytest.raises(ValueError):
        decide(SIMPLE, BallotKind.MULTIPLE, counts, eligible_headcount=2, eligible_area=Decimal(0))
    with pytest.raises(ValueError):
        decide(
            SIMPLE,
            BallotKind.MULTIPLE,
            counts,
            eligible_headcount=2,
            eligible_area=Decimal(0),
            max_choices=1,
            seats=0,
        )


def test_for_against_abstain_needs_its_for_option() -> None:
    counts = tally(FAA, people(1).units, [])
    with pytest.raises(ValueError):
        decide(
            SIMPLE,
            BallotKind.FOR_AGAINST_ABSTAIN,
            counts,
            eligible_headcount=1,
            eligible_area=Decimal(0),
        )
    with pytest.raises(KeyError):
        decide(
            SIMPLE,
            BallotKind.FOR_AGAINST_ABSTAIN,
            counts,
            eligible_headcount=1,
            eligible_area=Decimal(0),
            for_option_id=99,
        )


def test_a_tally_larger_than_the_snapshot_is_refused() -> None:
    snap = people(3)
    counts = tally(FAA, snap.units, [Ballot(u.key, frozenset({FOR})) for u in snap.units])
    with pytest.raises(ValueError, match="eligibility"):
        decide(
            SIMPLE,
            BallotKind.FOR_AGAINST_ABSTAIN,
            counts,
            eligible_headcount=2,
            eligible_area=Decimal(0),
            for_option_id=FOR,
        )


# Owners' rules: turnout ----------------------------------------------------------------------


def test_owners_turnout_of_exactly_two_thirds_of_heads_and_area_is_met() -> None:
    outcome = run(ORDINARY, owners("100", "100", "100"), [[FOR], [FOR]])
    assert outcome.turnout_headcount_ratio == Fraction(2, 3)
    assert outcome.turnout_area_ratio == Fraction(2, 3)
    assert outcome.turnout_met
    assert (outcome.passed, outcome.reason) == (True, Reason.APPROVED)


def test_owners_turnout_just_under_two_thirds_of_the_area_is_not_met() -> None:
    # 200 of 300.01 m² < 2/3, although 2 of 3 owners took part.
    outcome = run(ORDINARY, owners("100", "100", "100.01"), [[FOR], [FOR]])
    assert outcome.turnout_headcount_met
    assert not outcome.turnout_area_met
    assert outcome.turnout_area_ratio == Fraction(20000, 30001)
    assert (outcome.passed, outcome.reason) == (False, Reason.TURNOUT_NOT_MET)
    assert outcome.passed_option_ids == ()


def test_owners_turnout_just_under_two_thirds_of_the_owners_is_not_met_whatever_the_area() -> None:
    # 5 of 9 owners (< 6) hold 500 of 540 m².
    snap = owners("100", "100", "100", "100", "100", "10", "10", "10", "10")
    outcome = run(ORDINARY, snap, [[FOR]] * 5)
    assert outcome.turnout_area_met
    assert not outcome.turnout_headcount_met
    assert (outcome.passed, outcome.reason) == (False, Reason.TURNOUT_NOT_MET)


def test_abstentions_and_empty_ballots_count_towards_the_owners_turnout() -> None:
    outcome = run(ORDINARY, owners("100", "100", "100"), [[FOR], []])
    assert outcome.turnout_met
    assert outcome.options[0].headcount_ratio == Fraction(1, 2)
    assert (outcome.passed, outcome.reason) == (False, Reason.NOT_APPROVED)
    abstained = run(ORDINARY, owners("100", "100", "100"), [[FOR], [ABSTAIN]])
    assert abstained.turnout_met
    assert (abstained.passed, abstained.reason) == (False, Reason.NOT_APPROVED)


# Owners' rules: approval ---------------------------------------------------------------------


def test_owners_ordinary_fails_at_exactly_half_of_heads_and_area() -> None:
    outcome = run(
        ORDINARY, owners("100", "100", "100", "100"), [[FOR], [FOR], [AGAINST], [AGAINST]]
    )
    assert outcome.options[0].headcount_ratio == Fraction(1, 2)
    assert outcome.options[0].area_ratio == Fraction(1, 2)
    assert (outcome.passed, outcome.reason) == (False, Reason.NOT_APPROVED)


def test_owners_ordinary_passes_just_over_half_of_heads_and_area() -> None:
    # FOR: 2 of 3 owners and 150.01 of 300.01 m² (half would be 150.005).
    outcome = run(ORDINARY, owners("100.01", "50", "150"), [[FOR], [FOR], [AGAINST]])
    assert outcome.options[0].area_ratio == Fraction(15001, 30001)
    assert (outcome.passed, outcome.reason) == (True, Reason.APPROVED)


def test_owners_ordinary_fails_when_the_area_passes_but_the_heads_do_not() -> None:
    # FOR: 1 of 3 owners holding 200 of 300 m².
    outcome = run(ORDINARY, owners("200", "50", "50"), [[FOR], [AGAINST], [AGAINST]])
    assert outcome.options[0].area_ratio == Fraction(2, 3)
    assert outcome.options[0].headcount_ratio == Fraction(1, 3)
    assert not outcome.options[0].meets_threshold
    assert (outcome.passed, outcome.reason) == (False, Reason.NOT_APPROVED)


def test_owners_ordinary_fails_when_the_heads_pass_but_the_area_does_not() -> None:
    # FOR: 2 of 3 owners holding 100 of 300 m².
    outcome = run(ORDINARY, owners("50", "50", "200"), [[FOR], [FOR], [AGAINST]])
    assert outcome.options[0].headcount_ratio == Fraction(2, 3)
    assert (outcome.passed, outcome.reason) == (False, Reason.NOT_APPROVED)


def test_owners_major_passes_at_exactly_three_quarters_of_heads_and_area() -> None:
    outcome = run(MAJOR, owners("100", "100", "100", "100"), [[FOR], [FOR], [FOR], [AGAINST]])
    assert outcome.options[0].headcount_ratio == Fraction(3, 4)
    assert outcome.options[0].area_ratio == Fraction(3, 4)
    assert (outcome.passed, outcome.reason) == (True, Reason.APPROVED)


def test_owners_major_fails_just_under_three_quarters_of_the_area() -> None:
    # FOR: 3 of 4 owners but 300 of 400.01 m².
    outcome = run(MAJOR, owners("100", "100", "100", "100.01"), [[FOR], [FOR], [FOR], [AGAINST]])
    assert outcome.options[0].headcount_ratio == Fraction(3, 4)
    assert (outcome.passed, outcome.reason) == (False, Reason.NOT_APPROVED)


def test_owners_major_fails_with_an_abstention_that_an_ordinary_vote_would_survive() -> None:
    choices = [[FOR], [FOR], [FOR], [ABSTAIN], [AGAINST]]  # FOR 3/5 = 60 %
    snap = owners("100", "100", "100", "100", "100")
    assert run(ORDINARY, snap, choices).passed
    assert run(MAJOR, snap, choices).reason is Reason.NOT_APPROVED


def test_one_owner_of_several_dwellings_has_one_head_in_the_outcome() -> None:
    # A owns D1 and D2 (100 m² in all); B and C co-own D3 (100 m²); D owns D4 (50 m²).
    snap = owner_snapshot(
        [
            DwellingFact(1, Decimal(50), frozenset({1})),
            DwellingFact(2, Decimal(50), frozenset({1})),
            DwellingFact(3, Decimal(100), frozenset({2, 3})),
            DwellingFact(4, Decimal(50), frozenset({4})),
        ]
    )
    assert (snap.headcount, snap.total_area) == (3, Decimal(250))
    outcome = run(ORDINARY, snap, {"owner:1": [FOR], "owner:2+3": [AGAINST]})
    assert outcome.turnout_headcount_ratio == Fraction(2, 3)
    assert outcome.turnout_area_ratio == Fraction(4, 5)
    # Counted per dwelling A would have had 2 heads of 3; as one owner it is 1 of 2.
    assert outcome.options[0].headcount_ratio == Fraction(1, 2)
    assert (outcome.passed, outcome.reason) == (False, Reason.NOT_APPROVED)


def test_the_owners_rules_ratios_are_exact_fractions_of_decimal_areas() -> None:
    outcome = run(ORDINARY, owners("0.01", "0.02", "0.03"), [[FOR], [AGAINST], [FOR]])
    assert outcome.participating_area == Decimal("0.06")
    assert outcome.options[0].area_ratio == Fraction(2, 3)
    assert outcome.turnout_area_ratio == 1


def test_thresholds_are_configurable() -> None:
    snap = owners("100", "100", "100", "100")
    counts = tally(FAA, snap.units, [Ballot(u.key, frozenset({FOR})) for u in snap.units[:2]])
    lenient = replace(RULES[ORDINARY], turnout=Threshold(Fraction(1, 2), inclusive=True))
    outcome = decide(
        ORDINARY,
        BallotKind.FOR_AGAINST_ABSTAIN,
        counts,
        eligible_headcount=snap.headcount,
        eligible_area=snap.total_area,
        for_option_id=FOR,
        spec=lenient,
    )
    assert (outcome.passed, outcome.turnout) == (True, lenient.turnout)
    assert RULES[ORDINARY].turnout == AT_LEAST_TWO_THIRDS


def test_a_threshold_is_never_met_against_an_empty_whole() -> None:
    assert not Threshold(Fraction(0), inclusive=True).met(0, 0)
