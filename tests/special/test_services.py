"""特殊人群 rules without HTTP: validation, encrypted notes, scope, and small-count suppression."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from cryptography.exceptions import InvalidTag

from backend.auth.scope import Scope
from backend.core import crypto
from backend.core.errors import DomainError, DomainErrors, ErrorCode
from backend.special import services
from backend.special.demo import seed_special_population
from backend.special.models import RiskLevel, SpecialPopulationCategory, SpecialPopulationRecord
from backend.special.services import RecordData, RecordFilter, RecordPatch
from tests.factories import make_grid, make_resident, make_tree

EVERYTHING = Scope.everything()
C1 = Scope.for_division_codes(["110105001001"])
CORRECTION = SpecialPopulationCategory.COMMUNITY_CORRECTION
MENTAL = SpecialPopulationCategory.SEVERE_MENTAL_DISORDER
TODAY = dt.date.today()


@pytest.fixture
async def place(db: str) -> dict[str, Any]:
    tree = await make_tree()
    g1 = await make_grid(tree["c1"], "G1")
    g2 = await make_grid(tree["c1"], "G2")
    g3 = await make_grid(tree["c2"], "G3")
    return {"tree": tree, "g1": g1, "g2": g2, "g3": g3}


async def _record(resident: Any, category=CORRECTION, **kwargs: Any) -> SpecialPopulationRecord:
    data = RecordData(resident_id=resident.pk, category=category, **kwargs)
    return await services.create_record(EVERYTHING, data, account_id=None)


def _codes(exc: pytest.ExceptionInfo[Any]) -> list[tuple[str | None, ErrorCode]]:
    found = exc.value.errors if isinstance(exc.value, DomainErrors) else [exc.value]
    return [(e.field, e.code) for e in found]


async def test_notes_are_encrypted_at_rest_and_bound_to_their_purpose(place) -> None:
    resident = await make_resident(place["g1"], "张三")
    notes = "按期报到，情绪稳定"
    created = await services.create_record(
        C1,
        RecordData(resident.pk, CORRECTION, RiskLevel.MEDIUM, notes=f"  {notes} "),
        account_id=7,
    )
    stored = await SpecialPopulationRecord.get(pk=created.pk)
    blob = bytes(stored.notes_cipher)
    assert notes.encode() not in blob
    assert services.open_notes(stored) == notes
    # The same key under another purpose (ID numbers) cannot open it.
    with pytest.raises(InvalidTag):
        crypto.get_cipher().decrypt(blob, crypto.ID_NUMBER)
    assert (stored.risk_level, stored.started_on, stored.ended_on) == (
        RiskLevel.MEDIUM,
        TODAY,
        None,
    )
    assert stored.created_by_account_id == 7
    assert (await _record(await make_resident(place["g1"], "李四"))).notes_cipher is None


async def test_create_reports_every_field_error_and_writes_nothing(place) -> None:
    outsider = await make_resident(place["g3"], "外社区")
    with pytest.raises(DomainErrors) as exc:
        await services.create_record(
            C1,
            RecordData(
                outsider.pk,
                CORRECTION,
                notes="x" * 2001,
                started_on=TODAY + dt.timedelta(days=1),
            ),
            account_id=None,
        )
    assert _codes(exc) == [
        ("residentId", ErrorCode.FORBIDDEN),
        ("notes", ErrorCode.TOO_LONG),
        ("startedOn", ErrorCode.DATE_IN_FUTURE),
    ]
    with pytest.raises(DomainError) as missing:
        await services.create_record(EVERYTHING, RecordData(999, CORRECTION), account_id=None)
    assert _codes(missing) == [("residentId", ErrorCode.NOT_FOUND)]
    assert await SpecialPopulationRecord.all().count() == 0


async def test_one_open_record_per_resident_and_category(place) -> None:
    resident = await make_resident(place["g1"])
    first = await _record(resident, started_on=TODAY - dt.timedelta(days=100))
    with pytest.raises(DomainError) as exc:
        await _record(resident)
    assert _codes(exc) == [("category", ErrorCode.DUPLICATE)]
    other = await _record(resident, MENTAL)  # another category is another record

    with pytest.raises(DomainError) as changed:
        await services.update_record(EVERYTHING, other.pk, RecordPatch(category=CORRECTION))
    assert _codes(changed) == [("category", ErrorCode.DUPLICATE)]

    await services.end_record(EVERYTHING, first.pk, TODAY - dt.timedelta(days=10))
    again = await _record(resident)  # after the end, a new period starts
    assert again.pk != first.pk
    # The same start date as an earlier record is refused by the unique constraint.
    await services.end_record(EVERYTHING, again.pk)
    with pytest.raises(DomainError) as same_day:
        await _record(resident, started_on=TODAY - dt.timedelta(days=100))
    assert _codes(same_day) == [("startedOn", ErrorCode.DUPLICATE)]


async def test_update_changes_risk_notes_and_end_and_checks_dates(place) -> None:
    resident = await make_resident(place["g1"])
    record = await _record(resident, notes="旧备注", started_on=TODAY - dt.timedelta(days=30))

    updated = await services.update_record(
        C1, record.pk, RecordPatch(risk_level=RiskLevel.HIGH, notes="新备注")
    )
    assert (updated.risk_level, services.open_notes(updated)) == (RiskLevel.HIGH, "新备注")
    cleared = await services.update_record(C1, record.pk, RecordPatch(notes="  "))
    assert (await SpecialPopulationRecord.get(pk=cleared.pk)).notes_cipher is None

    with pytest.raises(DomainError) as before_start:
        await services.update_record(
            C1, record.pk, RecordPatch(ended_on=TODAY - dt.timedelta(days=31))
        )
    assert _codes(before_start) == [("endedOn", ErrorCode.INVALID_RANGE)]
    with pytest.raises(DomainError) as future:
        await services.update_record(
            C1, record.pk, RecordPatch(ended_on=TODAY + dt.timedelta(days=1))
        )
    assert _codes(future) == [("endedOn", ErrorCode.DATE_IN_FUTURE)]

    ended = await services.update_record(C1, record.pk, RecordPatch(ended_on=TODAY))
    assert ended.ended_on == TODAY and not services.is_active(ended)


async def test_end_closes_a_record_once(place) -> None:
    record = await _record(await make_resident(place["g1"]))
    ended = await services.end_record(C1, record.pk)
    assert ended.ended_on == TODAY
    with pytest.raises(DomainError) as exc:
        await services.end_record(C1, record.pk)
    assert _codes(exc) == [("id", ErrorCode.ALREADY_ENDED)]


async def test_every_read_and_write_stays_within_the_scope(place) -> None:
    mine = await _record(await make_resident(place["g1"], "本社区"))
    theirs = await _record(await make_resident(place["g3"], "外社区"))
    assert [r.pk for r in await services.filter_records(C1, RecordFilter())] == [mine.pk]
    grid_worker = Scope(division_prefixes=("110105001001",), grid_ids=frozenset({place["g2"].pk}))
    assert await services.filter_records(grid_worker, RecordFilter()).count() == 0
    for call in (
        services.get_record(C1, theirs.pk),
        services.update_record(C1, theirs.pk, RecordPatch(risk_level=RiskLevel.HIGH)),
        services.end_record(C1, theirs.pk),
        services.get_record(grid_worker, mine.pk),
    ):
        with pytest.raises(DomainError) as exc:
            await call
        assert _codes(exc) == [("id", ErrorCode.FORBIDDEN)]
    untouched = await SpecialPopulationRecord.get(pk=theirs.pk)
    assert (untouched.risk_level, untouched.ended_on) == (RiskLevel.LOW, None)
    # Partners' and anonymous scopes hold no people, so no records either.
    assert await services.filter_records(Scope.nothing(), RecordFilter()).count() == 0


async def test_filter_by_grid_category_risk_and_open_records(place) -> None:
    a = await _record(await make_resident(place["g1"]), risk_level=RiskLevel.HIGH)
    b = await _record(await make_resident(place["g2"]), MENTAL)
    c = await _record(await make_resident(place["g2"]))
    await services.end_record(EVERYTHING, c.pk)

    async def ids(**kwargs: Any) -> list[int]:
        return [r.pk for r in await services.filter_records(C1, RecordFilter(**kwargs))]

    assert await ids() == [a.pk, b.pk, c.pk]
    assert await ids(grid_id=place["g2"].pk) == [b.pk, c.pk]
    assert await ids(category=CORRECTION) == [a.pk, c.pk]
    assert await ids(risk_level=RiskLevel.HIGH) == [a.pk]
    assert await ids(active_only=True) == [a.pk, b.pk]
    assert await ids(resident_id=b.resident_id) == [b.pk]


async def _fill(grid: Any, n: int, category=CORRECTION) -> None:
    for i in range(n):
        await _record(await make_resident(grid, f"居民{i}"), category)


async def test_a_grid_count_is_withheld_at_4_and_shown_at_5(place) -> None:
    await _fill(place["g1"], 4)
    counts = await services.count_records(C1, grid_id=place["g1"].pk)
    assert counts.total is None and not counts.exact
    assert [g.count for g in counts.by_grid] == [None]
    assert all(c.count is None for c in counts.by_category)

    await _fill(place["g1"], 1)
    counts = await services.count_records(C1, grid_id=place["g1"].pk)
    assert counts.total == 5
    assert [g.count for g in counts.by_grid] == [5]
    assert {c.category: c.count for c in counts.by_category} == {
        CORRECTION: 5,
        SpecialPopulationCategory.RELEASED_PRISONER: None,
        MENTAL: None,
        SpecialPopulationCategory.DRUG_REHABILITATION: None,
        SpecialPopulationCategory.OTHER: None,
    }


async def test_designated_callers_get_exact_counts(place) -> None:
    await _fill(place["g1"], 1)
    await _fill(place["g2"], 4, MENTAL)
    counts = await services.count_records(C1, division_code="110105001001", exact=True)
    assert (counts.total, counts.exact) == (5, True)
    assert [(g.grid.code, g.count) for g in counts.by_grid] == [("G1", 1), ("G2", 4)]
    assert {c.category: c.count for c in counts.by_category}[MENTAL] == 4


async def test_a_total_is_withheld_when_it_would_give_away_a_small_grid(place) -> None:
    # G1 5 and G2 4: showing the total 9 beside G1's 5 would reveal G2's 4.
    await _fill(place["g1"], 5)
    await _fill(place["g2"], 4)
    counts = await services.count_records(C1, division_code="110105001001")
    assert [(g.grid.code, g.count) for g in counts.by_grid] == [("G1", 5), ("G2", None)]
    assert counts.total is None
    assert {c.category: c.count for c in counts.by_category}[CORRECTION] is None


async def test_a_total_is_shown_when_the_withheld_part_is_not_small(place) -> None:
    g4 = await make_grid(place["tree"]["c1"], "G4")
    await _fill(place["g1"], 5)
    await _fill(place["g2"], 3)
    await _fill(g4, 2)
    counts = await services.count_records(C1, division_code="110105001001")
    assert [(g.grid.code, g.count) for g in counts.by_grid] == [
        ("G1", 5),
        ("G2", None),
        ("G4", None),
    ]
    assert counts.total == 10
    assert {c.category: c.count for c in counts.by_category}[CORRECTION] == 10


async def test_a_total_is_withheld_when_one_category_could_be_worked_out(place) -> None:
    # Categories 6 and 2 in one grid: total 8 minus the 6 shown would reveal the 2.
    await _fill(place["g1"], 6)
    await _fill(place["g1"], 2, MENTAL)
    counts = await services.count_records(C1, grid_id=place["g1"].pk)
    assert counts.total is None
    assert {c.category: c.count for c in counts.by_category}[CORRECTION] == 6


async def test_counts_cover_open_records_in_the_callers_grids_only(place) -> None:
    await _fill(place["g1"], 5)
    await _fill(place["g3"], 7)
    first = await SpecialPopulationRecord.filter(resident__grid_id=place["g1"].pk).first()
    assert first is not None
    await services.end_record(EVERYTHING, first.pk)

    district = await services.count_records(C1, division_code="110105000000")
    assert [g.grid.code for g in district.by_grid] == ["G1", "G2"]  # only the caller's community
    assert district.total is None  # 4 open records
    everything = await services.count_records(EVERYTHING, division_code="110105000000")
    assert everything.total is None  # 11 beside G3's 7 would reveal G1's 4
    exact = await services.count_records(EVERYTHING, division_code="110105000000", exact=True)
    assert (exact.total, [g.count for g in exact.by_grid]) == (11, [4, 0, 7])
    history = await services.count_records(C1, grid_id=place["g1"].pk, active_only=False)
    assert history.total == 5


async def test_residents_and_partners_get_every_count_withheld(place) -> None:
    await _fill(place["g1"], 9)
    resident = Scope(
        division_prefixes=("110105001001",), people="own", own_resident_id=1, own_household_id=None
    )
    partner = Scope(people="none")
    for scope in (resident, partner):
        counts = await services.count_records(scope, grid_id=place["g1"].pk, exact=True)
        assert counts.total is None and not counts.exact
        assert all(g.count is None for g in counts.by_grid)
        assert all(c.count is None for c in counts.by_category)


async def test_counts_need_one_area_in_scope(place) -> None:
    cases = [
        ({}, ("divisionCode", ErrorCode.REQUIRED)),
        ({"division_code": "110105001001", "grid_id": 1}, ("gridId", ErrorCode.INVALID)),
        ({"division_code": "123"}, ("divisionCode", ErrorCode.INVALID_DIVISION_CODE)),
        ({"division_code": "110105002001"}, ("divisionCode", ErrorCode.FORBIDDEN)),
        ({"grid_id": place["g3"].pk}, ("gridId", ErrorCode.FORBIDDEN)),
    ]
    for kwargs, expected in cases:
        with pytest.raises(DomainError) as exc:
            await services.count_records(C1, **kwargs)
        assert _codes(exc) == [expected], kwargs


async def test_demo_records_are_deterministic_and_spread_over_grids(place) -> None:
    for grid in ("g1", "g2", "g3"):
        for i in range(10):
            await make_resident(place[grid], f"成年{i}")
    written = await seed_special_population(7)
    assert written == 18  # 8 and 4 in the first community's grids, 6 in the other one's
    per_grid = await services.count_records(
        EVERYTHING, division_code="110105000000", exact=True, active_only=False
    )
    assert [g.count for g in per_grid.by_grid] == [8, 4, 6]
    assert await seed_special_population(7) == 0  # only into an empty table

    async def snapshot() -> list[tuple[Any, ...]]:
        fields = ("resident_id", "category", "risk_level", "started_on", "ended_on")
        rows = await SpecialPopulationRecord.all().order_by("resident_id").values_list(*fields)
        return [tuple(map(str, row)) for row in rows]

    first = await snapshot()
    await SpecialPopulationRecord.all().delete()
    await seed_special_population(7)
    assert await snapshot() == first
    assert all(r.notes_cipher is None or services.open_notes(r) for r in await _all())


async def _all() -> list[SpecialPopulationRecord]:
    return list(await SpecialPopulationRecord.all())
