"""Who lives together: household shapes with plausible ages, genders and family names."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from backend.demo.names import NameMaker
from backend.residents.models import Gender, RelationToHead, Residency

R = RelationToHead
M, F = Gender.MALE, Gender.FEMALE


@dataclass
class Member:
    relation: RelationToHead
    gender: Gender
    age: int
    surname: str
    residency: Residency = Residency.REGISTERED


@dataclass
class Family:
    kind: str
    members: list[Member]  # the head first
    rents: bool  # tenants do not own their dwelling; someone else does


class FamilyMaker:
    def __init__(self, rng: random.Random, names: NameMaker) -> None:
        self._rng = rng
        self._names = names
        # Weights chosen so the mean household size lands near the 2020 census (2.62).
        self._shapes: dict[str, tuple[int, Callable[[], tuple[list[Member], bool]]]] = {
            "nuclear": (30, self._nuclear),
            "three_generations": (12, self._three_generations),
            "couple": (14, self._couple_alone),
            "elderly_alone": (7, self._elderly_alone),
            "single": (10, self._single),
            "single_parent": (5, self._single_parent),
            "grandparents": (3, self._grandparents),
            "renters": (12, self._renters),
            "siblings": (2, self._siblings),
        }
        self._kinds = list(self._shapes)
        self._weights = [weight for weight, _ in self._shapes.values()]

    def family(self) -> Family:
        kind = self._rng.choices(self._kinds, weights=self._weights)[0]
        members, rents = self._shapes[kind][1]()
        default = self._residency(rents)
        for m in members:
            m.residency = self._member_residency(m, default)
        return Family(kind, members, rents)

    def collective(self, size: int, ages: tuple[int, int], floating: float) -> Family:
        """集体户: staff of a school or a hospital dormitory registered together."""
        rng = self._rng
        members = []
        for i in range(size):
            roll = rng.random()
            residency = (
                Residency.REGISTERED
                if roll < 0.3
                else Residency.FLOATING
                if roll < 0.3 + floating
                else Residency.PERMANENT
            )
            gender = rng.choice((M, F))
            age = rng.randint(*ages)
            relation = R.HEAD if i == 0 else R.OTHER
            members.append(Member(relation, gender, age, self._names.surname(), residency))
        return Family("collective", members, rents=False)

    # Residency ----------------------------------------------------------------------------

    def _residency(self, rents: bool) -> Residency:
        roll = self._rng.random()
        if rents:
            return Residency.FLOATING if roll < 0.65 else Residency.PERMANENT
        if roll < 0.85:
            return Residency.REGISTERED
        return Residency.PERMANENT if roll < 0.97 else Residency.FLOATING

    def _member_residency(self, member: Member, default: Residency) -> Residency:
        # Parents who moved in to help with grandchildren and spouses from other provinces
        # often keep their household registration at home.
        if default is Residency.REGISTERED:
            if member.relation is R.PARENT and self._rng.random() < 0.35:
                return Residency.PERMANENT
            if member.relation is R.SPOUSE and self._rng.random() < 0.1:
                return Residency.PERMANENT
        return default

    # Building blocks ----------------------------------------------------------------------

    def _pair(self, low: int, high: int) -> list[Member]:
        rng = self._rng
        head_gender = M if rng.random() < 0.75 else F
        age = rng.randint(low, high)
        gap = rng.randint(-2, 5)  # husbands tend to be a few years older
        spouse_age = max(age - gap if head_gender is M else age + gap, 20)
        return [
            Member(R.HEAD, head_gender, age, self._names.surname()),
            Member(R.SPOUSE, F if head_gender is M else M, spouse_age, self._names.surname()),
        ]

    def _children(
        self, parents: list[Member], relation: RelationToHead, count: int
    ) -> list[Member]:
        """Children born when their mother was 22–40 (or the lone parent, if a father)."""
        rng = self._rng
        mother = next((p for p in parents if p.gender is F), parents[0])
        father = next((p for p in parents if p.gender is M), None)
        kids = []
        for _ in range(count):
            age = rng.randint(max(0, mother.age - 40), max(0, mother.age - 22))
            surname = father.surname if father and rng.random() < 0.92 else mother.surname
            kids.append(Member(relation, rng.choice((M, F)), age, surname))
        return kids

    def _child_count(self) -> int:
        return self._rng.choices((1, 2, 3), weights=(60, 35, 5))[0]

    # Household shapes: each returns the members (head first) and whether they rent --------

    def _nuclear(self) -> tuple[list[Member], bool]:
        couple = self._pair(28, 55)
        return couple + self._children(couple, R.CHILD, self._child_count()), False

    def _three_generations(self) -> tuple[list[Member], bool]:
        rng = self._rng
        family = self._pair(32, 56)
        head = family[0]
        if rng.random() < 0.1:
            family.pop()  # widowed or divorced head
        family += self._children(family, R.CHILD, rng.choices((1, 2), weights=(70, 30))[0])
        father_age = min(head.age + rng.randint(24, 34), 96)
        if rng.random() < 0.6:
            family.append(Member(R.PARENT, M, father_age, head.surname))
        mother_age = max(father_age - rng.randint(0, 4), head.age + 20)
        family.append(Member(R.PARENT, F, mother_age, self._names.surname()))
        return family, False

    def _couple_alone(self) -> tuple[list[Member], bool]:
        elderly = self._rng.random() < 0.5
        return self._pair(60, 86) if elderly else self._pair(24, 38), False

    def _elderly_alone(self) -> tuple[list[Member], bool]:
        rng = self._rng
        gender = F if rng.random() < 0.65 else M  # women outlive their husbands
        age = int(rng.triangular(62, 95, 78))
        return [Member(R.HEAD, gender, age, self._names.surname())], False

    def _single(self) -> tuple[list[Member], bool]:
        rng = self._rng
        head = Member(R.HEAD, rng.choice((M, F)), rng.randint(20, 45), self._names.surname())
        return [head], rng.random() < 0.55

    def _single_parent(self) -> tuple[list[Member], bool]:
        rng = self._rng
        gender = F if rng.random() < 0.75 else M
        head = Member(R.HEAD, gender, rng.randint(30, 52), self._names.surname())
        return [head, *self._children([head], R.CHILD, 1)], False

    def _grandparents(self) -> tuple[list[Member], bool]:
        """Grandparents raising grandchildren whose parents work elsewhere."""
        rng = self._rng
        family = self._pair(55, 74)
        if rng.random() < 0.15:
            family.pop()
        head = family[0]
        low, high = max(1, head.age - 62), min(15, head.age - 44)
        for _ in range(rng.choices((1, 2), weights=(75, 25))[0]):
            surname = head.surname if head.gender is M and rng.random() < 0.7 else ""
            family.append(
                Member(
                    R.GRANDCHILD,
                    rng.choice((M, F)),
                    rng.randint(low, high),
                    surname or self._names.surname(),
                )
            )
        return family, False

    def _renters(self) -> tuple[list[Member], bool]:
        """Either flatmates (合租) or a young migrant family."""
        rng = self._rng
        if rng.random() < 0.5:
            members = [
                Member(
                    R.HEAD if i == 0 else R.TENANT, g, rng.randint(20, 38), self._names.surname()
                )
                for i, g in enumerate(rng.choice((M, F)) for _ in range(rng.randint(2, 3)))
            ]
            return members, True
        couple = self._pair(24, 40)
        kids = self._children(couple, R.CHILD, 1) if rng.random() < 0.5 else []
        return couple + kids, True

    def _siblings(self) -> tuple[list[Member], bool]:
        rng = self._rng
        head = Member(R.HEAD, rng.choice((M, F)), rng.randint(25, 60), self._names.surname())
        sibling_age = max(18, head.age + rng.randint(-6, 6))
        family = [head, Member(R.SIBLING, rng.choice((M, F)), sibling_age, head.surname)]
        if rng.random() < 0.3:
            nephew_age = rng.randint(16, 24)
            family.append(Member(R.OTHER_RELATIVE, rng.choice((M, F)), nephew_age, head.surname))
        return family, False
