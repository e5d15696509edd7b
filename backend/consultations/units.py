"""Voting units of a consultation vote (表决), computed from register facts when the vote opens.

The result is the eligibility snapshot: the list of units with their headcount and area, and the
totals the decision rules compare against. It is taken once, at opening, and stored with the
vote; later changes to the register do not change who may vote or the denominators.

Pure Python (no database, no web framework): the voting service loads the facts, calls one of
``person_snapshot``, ``household_snapshot`` or ``owner_snapshot`` and stores the result.

Unit kinds
- PERSON: each resident in scope aged ``adult_age`` (18) or more on the opening date is one unit.
- HOUSEHOLD: each household in scope with at least one adult member is one unit; its adult
  members may cast its single ballot.
- OWNER (Civil Code art. 278; 最高人民法院《关于审理建筑物区分所有权纠纷案件适用法律若干问题的
  解释》, 法释〔2009〕7号 as amended by 法释〔2020〕17号, arts. 8 and 9): see ``owner_snapshot``.

Every unit has headcount 1 (one ballot, one head). Areas are ``Decimal`` m², summed exactly
(an inexact sum raises ``decimal.Inexact`` instead of rounding).
"""

from __future__ import annotations

import decimal
import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

ADULT_AGE = 18
# Longest key a unit gets; the database column for the unit key must hold at least this.
KEY_MAX_LENGTH = 64
ZERO_AREA = Decimal(0)


class UnitKind(StrEnum):
    """Stored as ``Vote.voting_unit`` and published as the GraphQL enum ``VotingUnit``."""

    PERSON = "PERSON"
    HOUSEHOLD = "HOUSEHOLD"
    OWNER = "OWNER"


class ExclusionReason(StrEnum):
    NO_OWNER = "NO_OWNER"  # a dwelling in scope without registered owners
    NO_ADULT_MEMBER = "NO_ADULT_MEMBER"  # a household in scope without a member aged 18+


# Register facts (input) ---------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFact:
    """A resident in scope."""

    resident_id: int
    birth_date: date


@dataclass(frozen=True)
class HouseholdFact:
    """A household in scope with its members (all of them; minors are filtered here)."""

    household_id: int
    members: tuple[PersonFact, ...]


@dataclass(frozen=True)
class DwellingFact:
    """A dwelling (专有部分) in scope: its floor area in m² and the resident ids of its owners."""

    dwelling_id: int
    area: Decimal
    owner_ids: frozenset[int]


# Snapshot (output) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EligibleUnit:
    """One voting unit: one ballot.

    ``key`` is stable for the same facts (the database's unique constraint is per (vote, key));
    ``voter_ids`` are the resident ids who may cast the unit's ballot (sorted);
    ``dwelling_ids`` are the dwellings the unit stands for (OWNER units only, sorted).
    ``area`` is 0 for PERSON and HOUSEHOLD units.
    """

    key: str
    headcount: int
    area: Decimal
    voter_ids: tuple[int, ...]
    dwelling_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Excluded:
    """Something in scope that is not a voting unit, listed so staff can fix the register."""

    ref: str  # "dwelling:<id>" or "household:<id>"
    reason: ExclusionReason


@dataclass(frozen=True)
class Snapshot:
    """The eligibility snapshot: units sorted by key, with their totals."""

    units: tuple[EligibleUnit, ...]
    headcount: int
    total_area: Decimal
    kind: UnitKind | None = None
    excluded: tuple[Excluded, ...] = ()
    _by_voter: dict[int, tuple[EligibleUnit, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        by_voter: dict[int, list[EligibleUnit]] = {}
        for unit in self.units:
            for voter_id in unit.voter_ids:
                by_voter.setdefault(voter_id, []).append(unit)
        self._by_voter.update({voter: tuple(units) for voter, units in by_voter.items()})

    def units_for(self, resident_id: int) -> tuple[EligibleUnit, ...]:
        """The units whose ballot this resident may cast (an owner may hold several)."""
        return self._by_voter.get(resident_id, ())

    def unit(self, key: str) -> EligibleUnit | None:
        return next((u for u in self.units if u.key == key), None)


# Helpers -------------------------------------------------------------------------------------


def nth_birthday(birth_date: date, years: int) -> date:
    """The date a person born on ``birth_date`` reaches ``years`` full years.

    A 29 February birthday falls on 28 February in a common year: Civil Code art. 202 (a
    period counted in years ends on the corresponding day; without one, on the month's last day).
    """
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:  # 29 February -> common year
        return birth_date.replace(year=birth_date.year + years, day=28)


def is_adult(birth_date: date, on: date, adult_age: int = ADULT_AGE) -> bool:
    """Aged ``adult_age`` or more on ``on``; the birthday itself counts (18 on the 18th)."""
    return nth_birthday(birth_date, adult_age) <= on


def exact_sum(areas: Iterable[Decimal]) -> Decimal:
    """Sum of areas, exact or ``decimal.Inexact`` (never rounded)."""
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        ctx.traps[decimal.Inexact] = True
        total = ZERO_AREA
        for area in areas:
            total += area
        return total


def _check_area(dwelling_id: int, area: object) -> Decimal:
    if isinstance(area, bool) or not isinstance(area, Decimal | int):
        # A float would bring binary rounding into a count that must be exact.
        raise TypeError(f"dwelling {dwelling_id}: area must be a Decimal, not {type(area)!r}")
    value = Decimal(area)
    if not value.is_finite() or value <= 0:
        raise ValueError(f"dwelling {dwelling_id}: area must be a positive number, got {area}")
    return value


def _no_duplicates(ids: Iterable[int], what: str) -> None:
    seen: set[int] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"duplicate {what} {item}")
        seen.add(item)


def _snapshot(
    kind: UnitKind, units: Iterable[EligibleUnit], excluded: Iterable[Excluded]
) -> Snapshot:
    ordered = tuple(sorted(units, key=lambda u: u.key))
    return Snapshot(
        units=ordered,
        headcount=sum(u.headcount for u in ordered),
        total_area=exact_sum(u.area for u in ordered),
        kind=kind,
        excluded=tuple(sorted(excluded, key=lambda e: e.ref)),
    )


def owner_unit_key(owner_ids: Collection[int]) -> str:
    """``owner:<id>+<id>…`` (sorted ids); a set too long for ``KEY_MAX_LENGTH`` is hashed."""
    key = "owner:" + "+".join(str(i) for i in sorted(owner_ids))
    if len(key) <= KEY_MAX_LENGTH:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:40]
    return f"owner:h{digest}"


# Snapshots -----------------------------------------------------------------------------------


def person_snapshot(
    residents: Iterable[PersonFact], opening_date: date, *, adult_age: int = ADULT_AGE
) -> Snapshot:
    """PERSON units: one per resident aged ``adult_age``+ on ``opening_date``.

    Key ``person:<id>``; the resident casts the ballot.
    """
    residents = list(residents)
    _no_duplicates((r.resident_id for r in residents), "resident")
    units = [
        EligibleUnit(f"person:{r.resident_id}", 1, ZERO_AREA, (r.resident_id,))
        for r in residents
        if is_adult(r.birth_date, opening_date, adult_age)
    ]
    return _snapshot(UnitKind.PERSON, units, ())


def household_snapshot(
    households: Iterable[HouseholdFact], opening_date: date, *, adult_age: int = ADULT_AGE
) -> Snapshot:
    """HOUSEHOLD units: one per household; key ``household:<id>``.

    Its adult members may cast its one ballot. A household with no adult member (for example
    children left behind whose guardians are registered elsewhere) has nobody who could vote
    for it, so it is not a unit (it would only lower the turnout); it is listed in ``excluded``.
    """
    households = list(households)
    _no_duplicates((h.household_id for h in households), "household")
    _no_duplicates((m.resident_id for h in households for m in h.members), "household member")
    units: list[EligibleUnit] = []
    excluded: list[Excluded] = []
    for household in households:
        adults = sorted(
            m.resident_id
            for m in household.members
            if is_adult(m.birth_date, opening_date, adult_age)
        )
        if adults:
            units.append(
                EligibleUnit(f"household:{household.household_id}", 1, ZERO_AREA, tuple(adults))
            )
        else:
            excluded.append(
                Excluded(f"household:{household.household_id}", ExclusionReason.NO_ADULT_MEMBER)
            )
    return _snapshot(UnitKind.HOUSEHOLD, units, excluded)


def owner_snapshot(dwellings: Iterable[DwellingFact]) -> Snapshot:
    """OWNER units (业主): one per distinct owner set; area = the sum of its dwellings' areas.

    The law (Civil Code art. 278; 法释〔2009〕7号 art. 8 and 9) weighs owners by the area of
    their 专有部分 (exclusive parts) and counts owners by head as follows: "业主人数可以按照
    专有部分的数量计算，一个专有部分按一人计算。但……同一买受人拥有一个以上专有部分的，按一人
    计算"; the total area is the sum of the exclusive parts' areas (art. 8).

    So the head is counted per exclusive part, and the exception merges exclusive parts of the
    *same buyer*. We read "the same buyer" as the same owner set:
    - co-owners of one dwelling ({A, B}) are one owner for it: one unit, one ballot, which
      either of them may cast (they must agree among themselves; the first ballot counts);
    - one owner of several dwellings ({A} for D1 and {A} for D2) is one unit: headcount 1,
      area D1 + D2;
    - dwellings with exactly the same owner set ({A, B} for D3 and D4) are one unit too.
    - Overlapping but different sets stay separate units: A owning D1 alone and D2 with B gives
      {A} (D1) and {A, B} (D2), two heads. The buyer of D2 is A and B together, not A; each
      exclusive part is counted by head and the exception only merges parts of the same buyer.
      Merging them (the connected group A-B) would take away B's own head for D2, let A's
      ballot decide for D1 and D2 although B has no say on D1 and A alone no full say on D2,
      and chains of co-ownership (A-B, B-C, C-D …) would collapse many households into one
      head. A therefore may cast two ballots: one for {A}, one (or B) for {A, B}.

    Owners are not filtered by age: a minor owner's guardian votes for them (entered by staff).

    A dwelling without registered owners is not a unit and adds no area; it is listed in
    ``excluded`` (reason NO_OWNER) so staff can complete the register before opening. Note that
    art. 9 counts a developer's unsold or undelivered parts as one owner: register the developer
    as their owner if they must count. Areas must be positive Decimals (no floats).

    Keys are ``owner:<id>+<id>…`` with the sorted owner ids (hashed as ``owner:h<sha256[:40]>``
    beyond ``KEY_MAX_LENGTH``); ``voter_ids`` are the owners, ``dwelling_ids`` the dwellings.
    """
    dwellings = list(dwellings)
    _no_duplicates((d.dwelling_id for d in dwellings), "dwelling")
    groups: dict[frozenset[int], list[tuple[int, Decimal]]] = {}
    excluded: list[Excluded] = []
    for dwelling in dwellings:
        area = _check_area(dwelling.dwelling_id, dwelling.area)
        owners = frozenset(dwelling.owner_ids)
        if not owners:
            excluded.append(Excluded(f"dwelling:{dwelling.dwelling_id}", ExclusionReason.NO_OWNER))
            continue
        groups.setdefault(owners, []).append((dwelling.dwelling_id, area))
    units = [
        EligibleUnit(
            key=owner_unit_key(owners),
            headcount=1,
            area=exact_sum(area for _, area in parts),
            voter_ids=tuple(sorted(owners)),
            dwelling_ids=tuple(sorted(dwelling_id for dwelling_id, _ in parts)),
        )
        for owners, parts in groups.items()
    ]
    return _snapshot(UnitKind.OWNER, units, excluded)
