"""Care tags (关爱对象) that follow from who lives with whom, plus a few drawn at random."""

from __future__ import annotations

import random

from backend.demo.people import Placed
from backend.demo.plan import CareTagPlan, Plan, age_on
from backend.residents.models import CareTagKind, Gender, RelationToHead, VisitTier

K, T = CareTagKind, VisitTier
ELDERLY = 60


def tag_residents(plan: Plan, rng: random.Random, households: list[Placed]) -> None:
    for household in households:
        members = household.residents
        ages = [age_on(plan.residents[r].birth_date) for r in members]
        tags: dict[int, dict[CareTagKind, VisitTier]] = {r: {} for r in members}
        collective = household.family.kind == "collective"

        # Derived from the household, so the register never calls someone "alone" who is not.
        if len(members) == 1 and ages[0] >= ELDERLY:
            tags[members[0]][K.ELDERLY_ALONE] = T.HIGH if ages[0] >= 80 else T.KEY
        elif not collective and min(ages) >= ELDERLY:
            for r, age in zip(members, ages, strict=True):
                tags[r][K.EMPTY_NEST_ELDERLY] = T.KEY if age >= 80 else T.GENERAL
        relations = [plan.residents[r].relation for r in members]
        if RelationToHead.CHILD not in relations:
            for r, age, relation in zip(members, ages, relations, strict=True):
                if relation is RelationToHead.GRANDCHILD and age < 16:
                    tags[r][K.LEFT_BEHIND_CHILD] = T.KEY

        poor = 0.06 if household.family.kind in {"elderly_alone", "single_parent"} else 0.012
        if not collective and rng.random() < poor:
            for r in members:
                tags[r][K.SUBSISTENCE] = T.KEY

        for r, age in zip(members, ages, strict=True):
            resident = plan.residents[r]
            if rng.random() < 0.012 + (0.04 if age >= 70 else 0.0):
                alone = len(members) == 1
                tags[r][K.DISABLED] = T.HIGH if alone or age >= 80 else T.KEY
            veteran = 0.03 if resident.gender is Gender.MALE and age >= 55 else 0.006
            if age >= 45 and rng.random() < veteran:
                tags[r][K.ENTITLED] = T.GENERAL
            if age >= 30 and rng.random() < 0.005 + (0.01 if age >= 60 else 0.0):
                tags[r][K.SERIOUS_ILLNESS] = T.KEY

        for r in members:
            plan.care_tags.extend(CareTagPlan(r, kind, tier) for kind, tier in tags[r].items())
