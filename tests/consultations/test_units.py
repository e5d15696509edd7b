"""Voting units and the eligibility snapshot (pure, no database)."""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal

import pytest

from backend.consultations.units import (
    KEY_MAX_LENGTH,
    DwellingFact,
    EligibleUnit,
    Excluded,
    ExclusionReason,
    HouseholdFact,
    PersonFact,
    UnitKind,
    exact_sum,
    household_snapshot,
    is_adult,
    owner_snapshot,
    person_snapshot,
)

OPENING = date(2025, 6, 1)


def dwelling(dwelling_id: int, area: str, *owners: int) -> DwellingFact:
    return DwellingFact(dwelling_id, Decimal(area), frozenset(owners))


# Age ---------------------------------------------------------------------------------------


def test_a_resident_is_adult_on_the_18th_birthday_not_the_day_before() -> None:
    assert is_adult(date(2007, 6, 1), OPENING)
    assert not is_adult(date(2007, 6, 2), OPENING)


def test_a_29_february_birthday_reaches_18_on_28_february_of_a_common_year() -> None:
    born = date(2008, 2, 29)
    assert is_adult(born, date(2026, 2, 28))
    assert not is_adult(born, date(2026, 2, 27))


def test_the_adult_age_is_configurable() -> None:
    assert not is_adult(date(2007, 6, 1), OPENING, adult_age=20)


# PERSON ------------------------------------------------------------------------------------


def test_person_units_are_the_residents_aged_18_or_more_on_the_opening_date() -> None:
    snap = person_snapshot(
        [
            PersonFact(1, date(1980, 1, 1)),
            PersonFact(2, date(2007, 6, 1)),  # 18 today
            PersonFact(3, date(2007, 6, 2)),  # 18 tomorrow
        ],
        OPENING,
    )
    assert snap.kind is UnitKind.PERSON
    assert snap.units == (
        EligibleUnit("person:1", 1, Decimal(0), (1,)),
        EligibleUnit("person:2", 1, Decimal(0), (2,)),
    )
    assert snap.headcount == 2
    assert snap.total_area == 0


def test_a_resident_listed_twice_is_an_error_not_two_units() -> None:
    with pytest.raises(ValueError, match="duplicate resident 1"):
        person_snapshot([PersonFact(1, date(1980, 1, 1))] * 2, OPENING)


def test_no_residents_in_scope_give_an_empty_snapshot() -> None:
    snap = person_snapshot([], OPENING)
    assert (snap.units, snap.headcount, snap.total_area) == ((), 0, 0)


# HOUSEHOLD ---------------------------------------------------------------------------------


def test_each_household_is_one_unit_cast_by_any_adult_member() -> None:
    snap = household_snapshot(
        [
            HouseholdFact(
                7,
                (
                    PersonFact(1, date(1980, 1, 1)),
                    PersonFact(2, date(1982, 1, 1)),
                    PersonFact(3, date(2015, 1, 1)),
                ),
            ),
            HouseholdFact(8, (PersonFact(4, date(1950, 1, 1)),)),
        ],
        OPENING,
    )
    assert snap.kind is UnitKind.HOUSEHOLD
    assert [(u.key, u.headcount, u.voter_ids) for u in snap.units] == [
        ("household:7", 1, (1, 2)),
        ("household:8", 1, (4,)),
    ]
    assert snap.headcount == 2
    assert snap.units_for(3) == ()


def test_a_household_without_an_adult_member_is_listed_not_counted() -> None:
    snap = household_snapshot(
        [
            HouseholdFact(7, (PersonFact(1, date(1980, 1, 1)),)),
            HouseholdFact(9, (PersonFact(5, date(2012, 1, 1)),)),
            HouseholdFact(10, ()),
        ],
        OPENING,
    )
    assert [u.key for u in snap.units] == ["household:7"]
    assert snap.headcount == 1
    assert snap.excluded == (
        Excluded("household:10", ExclusionReason.NO_ADULT_MEMBER),
        Excluded("household:9", ExclusionReason.NO_ADULT_MEMBER),
    )


# OWNER -------------------------------------------------------------------------------------


def test_co_owners_of_one_dwelling_are_one_unit_with_one_head_and_either_may_vote() -> None:
    snap = owner_snapshot([dwelling(1, "89.50", 10, 11)])
    (unit,) = snap.units
    assert unit == EligibleUnit("owner:10+11", 1, Decimal("89.50"), (10, 11), (1,))
    assert snap.units_for(10) == snap.units_for(11) == (unit,)
    assert (snap.headcount, snap.total_area) == (1, Decimal("89.50"))


def test_one_owner_with_several_dwellings_counts_once_by_head_with_areas_summed() -> None:
    snap = owner_snapshot(
        [dwelling(1, "89.50", 10), dwelling(2, "120.25", 10), dwelling(3, "60.00", 12)]
    )
    assert [(u.key, u.headcount, u.area, u.dwelling_ids) for u in snap.units] == [
        ("owner:10", 1, Decimal("209.75"), (1, 2)),
        ("owner:12", 1, Decimal("60.00"), (3,)),
    ]
    assert (snap.headcount, snap.total_area) == (2, Decimal("269.75"))


def test_the_same_co_owners_of_several_dwellings_are_one_unit() -> None:
    snap = owner_snapshot([dwelling(1, "80", 10, 11), dwelling(2, "70", 11, 10)])
    assert [(u.key, u.area, u.dwelling_ids) for u in snap.units] == [
        ("owner:10+11", Decimal(150), (1, 2))
    ]


def test_overlapping_owner_sets_are_separate_units_and_the_shared_owner_votes_for_both() -> None:
    # A (10) owns D1 alone and D2 with B (11): two exclusive parts of two different buyers.
    snap = owner_snapshot([dwelling(1, "80", 10), dwelling(2, "70", 10, 11)])
    assert [(u.key, u.area, u.voter_ids) for u in snap.units] == [
        ("owner:10", Decimal(80), (10,)),
        ("owner:10+11", Decimal(70), (10, 11)),
    ]
    assert snap.headcount == 2
    assert [u.key for u in snap.units_for(10)] == ["owner:10", "owner:10+11"]
    assert [u.key for u in snap.units_for(11)] == ["owner:10+11"]


def test_dwellings_without_owners_are_excluded_and_listed() -> None:
    snap = owner_snapshot([dwelling(1, "80", 10), dwelling(2, "95.5")])
    assert [u.key for u in snap.units] == ["owner:10"]
    assert snap.total_area == Decimal(80)
    assert snap.excluded == (Excluded("dwelling:2", ExclusionReason.NO_OWNER),)


def test_unit_keys_do_not_depend_on_the_order_of_the_facts() -> None:
    facts = [dwelling(3, "50", 12, 10), dwelling(1, "80", 10), dwelling(2, "70", 10)]
    assert owner_snapshot(facts) == owner_snapshot(list(reversed(facts)))
    assert owner_snapshot(facts).units[1].key == "owner:10+12"


def test_a_large_owner_set_gets_a_hashed_key_within_the_column_length() -> None:
    owners = range(1_000_000_000, 1_000_000_020)
    (unit,) = owner_snapshot([dwelling(1, "100", *owners)]).units
    assert unit.key.startswith("owner:h")
    assert len(unit.key) <= KEY_MAX_LENGTH
    assert unit.voter_ids == tuple(owners)
    (again,) = owner_snapshot([dwelling(1, "100", *reversed(owners))]).units
    assert again.key == unit.key


def test_areas_are_summed_exactly() -> None:
    facts = [dwelling(i, "0.01", i) for i in range(1, 1001)]
    assert owner_snapshot(facts).total_area == Decimal("10.00")
    with pytest.raises(decimal.Inexact):
        exact_sum([Decimal("1e100"), Decimal("1e-100")])


@pytest.mark.parametrize("area", ["0", "-1", "NaN", "Infinity"])
def test_a_dwelling_area_must_be_a_positive_finite_number(area: str) -> None:
    with pytest.raises(ValueError, match="positive"):
        owner_snapshot([dwelling(1, area, 10)])


def test_a_float_area_is_refused() -> None:
    with pytest.raises(TypeError):
        owner_snapshot([DwellingFact(1, 89.5, frozenset({10}))])  # type: ignore[arg-type]


def test_a_dwelling_listed_twice_is_an_error() -> None:
    with pytest.raises(ValueError, match="duplicate dwelling 1"):
        owner_snapshot([dwelling(1, "80", 10), dwelling(1, "80", 11)])


def test_an_owner_snapshot_without_dwellings_has_zero_units_and_area() -> None:
    snap = owner_snapshot([])
    assert (snap.units, snap.headcount, snap.total_area, snap.excluded) == ((), 0, 0, ())
