"""The demo seed: deterministic, idempotent, and a register that obeys the domain rules."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest

from backend.core import crypto
from backend.core.validators import (
    division_prefix,
    id_birth_date,
    id_gender,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
    validate_division_code,
)
from backend.demo.plan import REFERENCE_DATE, age_on
from backend.demo.seed import SeedSummary, seed_demo, seed_demo_if_empty
from backend.divisions.models import Division, DivisionLevel
from backend.grids.models import Grid, GridAssignment, GridKind, GridWorker
from backend.housing.models import Building, Compound, Dwelling, DwellingOwner
from backend.residents.models import CareTag, CareTagKind, Household, Residency, Resident
from tests.factories import make_tree


async def _rows(qs: Any, *fields: str) -> list[tuple[Any, ...]]:
    return sorted(tuple(map(str, row)) for row in await qs.values_list(*fields))


async def register_digest() -> str:
    """A fingerprint of everything seeded, by natural keys (database ids may differ)."""
    cipher = crypto.get_cipher()
    people = []
    fields = ("name", "gender", "birth_date", "id_number_masked", "id_number_hash")
    fields += ("phone_masked", "residency", "relation_to_head", "household__number", "grid__code")
    for r in await Resident.all().values(*fields, "id_number_cipher", "phone_cipher"):
        id_number = cipher.decrypt(r.pop("id_number_cipher"), crypto.ID_NUMBER)
        phone_blob = r.pop("phone_cipher")
        phone = cipher.decrypt(phone_blob, crypto.PHONE) if phone_blob is not None else None
        people.append((*map(str, r.values()), id_number, str(phone)))
    grids = [
        (g["code"], g["name"], g["kind"], g["community__code"], json.dumps(g["boundary"]))
        for g in await Grid.all().values("code", "name", "kind", "community__code", "boundary")
    ]
    dwelling = ("building__compound__name", "building__name", "unit_number")
    parts = [
        sorted(people),
        sorted(grids),
        await _rows(Division.all(), "code", "name", "level", "parent__code"),
        await _rows(GridWorker.all(), "employee_no", "name"),
        await _rows(GridAssignment.all(), "grid__code", "worker__employee_no", "is_leader"),
        await _rows(Compound.all(), "community__code", "name", "address"),
        await _rows(Building.all(), "compound__name", "name", "grid__code"),
        await _rows(Dwelling.all(), *dwelling, "floor_area"),
        await _rows(Household.all(), "number", "grid__code", *(f"dwelling__{f}" for f in dwelling)),
        await _rows(CareTag.all(), "resident__id_number_hash", "kind", "tier"),
        await _rows(
            DwellingOwner.all(), *(f"dwelling__{f}" for f in dwelling), "owner__id_number_hash"
        ),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


async def votes_digest() -> str:
    """A fingerprint of the demo votes by content (ids, times and receipt codes differ)."""
    from backend.consultations import models as consultations
    from backend.consultations import voting

    parts = []
    for vote in await consultations.Vote.all().order_by("question"):
        labels = dict(
            await consultations.VoteOption.filter(vote_id=vote.pk).values_list("id", "label")
        )
        counts = await voting.raw_tally(vote.pk)
        ballots = consultations.Ballot.filter(vote_id=vote.pk)
        parts.append(
            (
                vote.question,
                vote.state,
                vote.eligible_unit_count,
                str(vote.eligible_area),
                sorted((labels[o.option_id], o.headcount, str(o.area)) for o in counts.options),
                await _rows(ballots, "channel", "sheet_reference", "cast_by__id_number_hash"),
            )
        )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


async def wipe() -> None:
    from backend.auth.models import Account
    from backend.consultations import models as consultations

    for model in (
        consultations.CommentReport,
        consultations.Comment,
        consultations.Evaluation,
        consultations.ImplementationUpdate,
        consultations.Resolution,
        consultations.BallotConflictChoice,
        consultations.BallotConflict,
        consultations.BallotChoice,
        consultations.Ballot,
        consultations.EligibleVoter,
        consultations.EligibleUnit,
        consultations.VoteOption,
        consultations.Vote,
        consultations.ConsultationSession,
        consultations.TopicSupport,
        consultations.Topic,
        consultations.ConsultationSettings,
    ):
        await model.all().delete()
    await Account.all().delete()
    for model in (CareTag, DwellingOwner, Resident, Household, Dwelling, Building, Compound):
        await model.all().delete()
    for model in (GridAssignment, GridWorker, Grid):
        await model.all().delete()
    for level in (DivisionLevel.COMMUNITY, DivisionLevel.SUBDISTRICT, DivisionLevel.DISTRICT):
        await Division.filter(level=level).delete()


async def test_same_seed_same_register_and_a_second_seed_changes_nothing(db: str) -> None:
    first = await seed_demo_if_empty()
    assert first.seeded
    digest = await register_digest()
    votes = await votes_digest()

    again = await seed_demo_if_empty()
    assert again == SeedSummary(seeded=False, seed=2026)
    assert str(again) == "demo data not seeded: the register already has divisions"
    assert await register_digest() == digest

    await wipe()
    assert await seed_demo(2026) == first
    assert await register_digest() == digest
    assert await votes_digest() == votes

    await wipe()
    other = await seed_demo(7)
    assert other.residents >= 5000
    assert await register_digest() != digest


async def test_demo_accounts_cover_every_level_and_log_in_with_the_published_password(
    db: str,
) -> None:
    from backend.auth.models import Account
    from backend.auth.passwords import verify_password
    from backend.demo.accounts import DEMO_PASSWORD, DEMO_RESIDENT_PHONES

    await seed_demo_if_empty()
    staff = {
        a.username: (a.role.value, a.division_codes, a.grid_worker_id is not None)
        for a in await Account.all()
    }
    assert staff == {
        "admin": ("PLATFORM_ADMIN", [], False),
        "district": ("DIVISION_STAFF", ["110105000000"], False),
        "street": ("DIVISION_STAFF", ["110105001000"], False),
        "community": ("DIVISION_STAFF", ["110105001001"], False),
        "grid1": ("GRID_WORKER", [], True),
        "grid2": ("GRID_WORKER", [], True),
    }
    for account in await Account.all():
        assert verify_password(account.password_hash, DEMO_PASSWORD)
    hashes = {crypto.get_cipher().lookup_hash(p, crypto.PHONE) for p in DEMO_RESIDENT_PHONES}
    assert await Resident.filter(phone_hash__in=sorted(hashes)).count() == 2


async def test_summary_counts_what_was_written(db: str) -> None:
    summary = await seed_demo_if_empty(seed=2026)
    text = str(summary)
    assert "\n" not in text
    counts = {
        "districts": await Division.filter(level=DivisionLevel.DISTRICT).count(),
        "subdistricts": await Division.filter(level=DivisionLevel.SUBDISTRICT).count(),
        "communities": await Division.filter(level=DivisionLevel.COMMUNITY).count(),
        "grids": await Grid.all().count(),
        "grid_workers": await GridWorker.all().count(),
        "compounds": await Compound.all().count(),
        "buildings": await Building.all().count(),
        "dwellings": await Dwelling.all().count(),
        "households": await Household.all().count(),
        "residents": await Resident.all().count(),
        "care_tags": await CareTag.all().count(),
        "ownerships": await DwellingOwner.all().count(),
    }
    assert {name: getattr(summary, name) for name in counts} == counts
    assert f"{counts['residents']:,} residents" in text
    assert (counts["districts"], counts["subdistricts"], counts["communities"]) == (1, 2, 4)
    assert counts["grids"] >= 20
    assert counts["residents"] >= 5000


async def test_an_existing_register_is_left_alone(db: str) -> None:
    await make_tree()
    summary = await seed_demo_if_empty()
    assert not summary.seeded
    assert await Division.all().count() == 5
    assert await Resident.all().count() == 0


async def test_workers_starting_together_seed_once(db: str) -> None:
    results = await asyncio.gather(seed_demo_if_empty(), seed_demo_if_empty())
    assert sorted(r.seeded for r in results) == [False, True]
    assert await Division.filter(level=DivisionLevel.DISTRICT).count() == 1


async def test_seeded_register_obeys_the_rules(db: str) -> None:
    await seed_demo_if_empty()
    await _check_divisions_and_grids()
    await _check_identities()
    await _check_households_and_housing()
    await _check_care_tags_and_owners()


async def _check_divisions_and_grids() -> None:
    divisions = {d.pk: d for d in await Division.all()}
    for d in divisions.values():
        parent = divisions[d.parent_id] if d.parent_id else None
        validate_division_code(d.code, d.level.value, parent.code if parent else None)
        if parent is not None:
            assert d.code.startswith(division_prefix(parent.code))
    grids = await Grid.all()
    assert all(divisions[g.community_id].level is DivisionLevel.COMMUNITY for g in grids)
    kinds = Counter(g.kind for g in grids)
    assert 1 <= kinds[GridKind.DEDICATED] < kinds[GridKind.COMPREHENSIVE]
    leaders = Counter(await GridAssignment.filter(is_leader=True).values_list("grid_id", flat=True))
    assert leaders == Counter({g.pk: 1 for g in grids})


async def _check_identities() -> None:
    cipher = crypto.get_cipher()
    residents = await Resident.all()
    numbers = set()
    for r in residents:
        number = cipher.decrypt(r.id_number_cipher, crypto.ID_NUMBER)
        assert normalize_id_number(number) == number
        assert number.startswith("110105")
        assert id_birth_date(number) == r.birth_date
        assert id_gender(number) == r.gender.value
        assert r.id_number_masked == mask_id_number(number)
        assert r.id_number_hash == cipher.lookup_hash(number, crypto.ID_NUMBER)
        numbers.add(number)
        if r.phone_cipher is None:
            assert r.phone_masked == ""
            continue
        phone = cipher.decrypt(r.phone_cipher, crypto.PHONE)
        assert normalize_phone(phone) == phone
        assert r.phone_masked == mask_phone(phone)
        assert age_on(r.birth_date) >= 16
    assert len(numbers) == len(residents)
    adults = [r for r in residents if age_on(r.birth_date) >= 18]
    assert sum(r.phone_cipher is not None for r in adults) > 0.8 * len(adults)
    names = Counter(r.name for r in residents)
    assert all(2 <= len(name) <= 4 for name in names)
    assert len(names) > len(residents) / 3
    residency = Counter(r.residency for r in residents)
    assert residency[Residency.REGISTERED] > len(residents) / 2
    assert residency[Residency.PERMANENT] > 0 and residency[Residency.FLOATING] > 0


async def _check_households_and_housing() -> None:
    households = {h.pk: h for h in await Household.all()}
    buildings = {b.pk: b for b in await Building.all()}
    compounds = {c.pk: c for c in await Compound.all()}
    grids = {g.pk: g for g in await Grid.all()}
    dwellings = {d.pk: d for d in await Dwelling.all()}
    members: dict[int, list[Resident]] = {pk: [] for pk in households}
    for r in await Resident.all():
        assert r.household_id is not None
        assert r.grid_id == households[r.household_id].grid_id
        members[r.household_id].append(r)
    for pk, people in members.items():
        heads = [r for r in people if r.relation_to_head == "HEAD"]
        assert len(heads) == 1, households[pk].number
        head_age = age_on(heads[0].birth_date)
        for r in people:
            age = age_on(r.birth_date)
            assert r.birth_date <= REFERENCE_DATE
            if r.relation_to_head == "SPOUSE":
                assert age >= 20
            elif r.relation_to_head == "CHILD":
                assert age <= head_age - 15
            elif r.relation_to_head == "PARENT":
                assert age >= head_age + 18
            elif r.relation_to_head == "GRANDCHILD":
                assert age <= head_age - 35
    without_dwelling = [h for h in households.values() if h.dwelling_id is None]
    assert 0 < len(without_dwelling) < len(households) / 50
    for h in households.values():
        if h.dwelling_id is not None:
            assert buildings[dwellings[h.dwelling_id].building_id].grid_id == h.grid_id
    for b in buildings.values():
        assert grids[b.grid_id].community_id == compounds[b.compound_id].community_id
    assert all(Decimal(45) <= d.floor_area <= Decimal(180) for d in dwellings.values())


async def _check_care_tags_and_owners() -> None:
    residents = {r.pk: r for r in await Resident.all()}
    sizes = Counter(r.household_id for r in residents.values())
    tags = await CareTag.all()
    kinds = Counter(t.kind for t in tags)
    assert set(kinds) >= {
        CareTagKind.ELDERLY_ALONE,
        CareTagKind.LEFT_BEHIND_CHILD,
        CareTagKind.DISABLED,
        CareTagKind.SUBSISTENCE,
        CareTagKind.ENTITLED,
    }
    for t in tags:
        r = residents[t.resident_id]
        if t.kind is CareTagKind.ELDERLY_ALONE:
            assert sizes[r.household_id] == 1 and age_on(r.birth_date) >= 60
        if t.kind is CareTagKind.LEFT_BEHIND_CHILD:
            assert age_on(r.birth_date) < 16
    owners = await DwellingOwner.all()
    per_owner = Counter(o.owner_id for o in owners)
    per_dwelling = Counter(o.dwelling_id for o in owners)
    assert max(per_owner.values()) > 1 and max(per_dwelling.values()) > 1
    assert all(age_on(residents[o.owner_id].birth_date) >= 18 for o in owners)


@pytest.mark.parametrize("seed", [1, 99])
async def test_other_seeds_plan_enough_people(seed: int) -> None:
    from backend.demo.seed import build_plan

    plan = build_plan(seed)
    assert len(plan.residents) >= 5000
    assert len({r.id_number for r in plan.residents}) == len(plan.residents)


async def test_demo_consultations_are_coherent(db: str) -> None:
    from backend.auth.scope import Scope
    from backend.consultations import access
    from backend.consultations.models import (
        Comment,
        ConsultationSession,
        Evaluation,
        Resolution,
        SessionState,
        Topic,
        TopicState,
        TopicSupport,
    )
    from backend.demo.accounts import DEMO_RESIDENT_PHONES

    await seed_demo_if_empty()
    topics = await Topic.all().prefetch_related("community")
    assert {t.community.code for t in topics} == {"110105001001"}
    assert {t.state for t in topics} == set(TopicState)
    for topic in topics:
        supporters = await TopicSupport.filter(topic_id=topic.pk).values_list(
            "resident_id", flat=True
        )
        assert topic.support_count == len(supporters)
        for resident_id in [*supporters, topic.proposer_id]:
            place = await access.resident_place(resident_id)
            assert place is not None and access.place_in_scope(place, topic), topic.title
        if topic.state == TopicState.PROPOSED:
            assert topic.support_count < topic.support_threshold
        else:
            assert topic.support_count >= topic.support_threshold
            assert topic.threshold_reached_at is not None
        assert (topic.state == TopicState.REJECTED) == bool(topic.rejection_reason)
        published = await Resolution.filter(topic_id=topic.pk, published_at__isnull=False)
        decided = topic.state in (TopicState.DECIDED, TopicState.IMPLEMENTED)
        assert bool(published) == decided
        for resolution in published:
            assert (resolution.implemented_at is not None) == (
                topic.state == TopicState.IMPLEMENTED
            )
            for rater in await Evaluation.filter(resolution_id=resolution.pk).values_list(
                "resident_id", flat=True
            ):
                place = await access.resident_place(rater)
                assert place is not None and access.place_in_scope(place, topic)
    sessions = await ConsultationSession.all()
    assert {s.state for s in sessions} == {
        SessionState.SCHEDULED,
        SessionState.IN_PROGRESS,
        SessionState.CONCLUDED,
    }
    for session in sessions:
        assert await session.participants.all().count() >= 3
        assert await session.materials.all().count() >= 1
    assert await Comment.filter(parent_id__isnull=False).count() > 0
    assert await Comment.filter(hidden=True).count() == 1
    # Both demo residents see most topics (those for the community) on their phones.
    hashes = [crypto.get_cipher().lookup_hash(p, crypto.PHONE) for p in DEMO_RESIDENT_PHONES]
    for resident in await Resident.filter(phone_hash__in=hashes):
        viewer = access.Viewer(
            Scope(people="own", own_resident_id=resident.pk),
            place=await access.resident_place(resident.pk),
        )
        assert await access.topics(viewer).count() >= 6
