"""Rules for 特殊人群 records: validation, encrypted notes, scoped reads and writes, and counts
with small-count suppression for wider audiences (DESIGN §6).

Who may call these at all is decided by the API layer (``Capability.SPECIAL_POPULATION``);
here every read and write is additionally limited to the caller's row scope.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import MethodType
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from backend.auth.scope import Scope
from backend.core import crypto
from backend.core.errors import DomainError, ErrorCode, ErrorCollector
from backend.core.lookup import get_in_scope
from backend.core.validators import division_level_of, division_prefix, optional_text
from backend.divisions.models import Division
from backend.grids.models import Grid
from backend.residents.models import Resident
from backend.special.models import RiskLevel, SpecialPopulationCategory, SpecialPopulationRecord

NOTES_CONTEXT = b"special_notes"
NOTES_MAX = 2000
# Counts below this are withheld from callers who may not see the records themselves.
SMALL_COUNT_THRESHOLD = 5


@dataclass
class RecordData:
    """A new record. IDs are primary keys already decoded by the API layer."""

    resident_id: int
    category: SpecialPopulationCategory
    risk_level: RiskLevel = RiskLevel.LOW
    notes: str | None = None
    started_on: dt.date | None = None  # today when omitted


@dataclass
class RecordPatch:
    """Changes to a record; None leaves a value as it is (empty notes clear them)."""

    category: SpecialPopulationCategory | None = None
    risk_level: RiskLevel | None = None
    notes: str | None = None
    ended_on: dt.date | None = None


@dataclass
class RecordFilter:
    grid_id: int | None = None
    resident_id: int | None = None
    category: SpecialPopulationCategory | None = None
    risk_level: RiskLevel | None = None
    active_only: bool = False


def _records_filter(scope: Scope) -> Callable[[QuerySet[Any]], QuerySet[Any]]:
    """The scope filter for records, bound to the scope so that ``get_in_scope`` can tell a
    restricted caller (FORBIDDEN) from an unrestricted one (NOT_FOUND)."""

    def records(self: Scope, qs: QuerySet[Any]) -> QuerySet[Any]:
        return self.people_by(qs, "resident")

    return MethodType(records, scope)


def records_in_scope(
    scope: Scope, qs: QuerySet[SpecialPopulationRecord] | None = None
) -> QuerySet[SpecialPopulationRecord]:
    return _records_filter(scope)(qs if qs is not None else SpecialPopulationRecord.all())


def _active(today: dt.date) -> Q:
    return Q(ended_on=None) | Q(ended_on__gt=today)


def is_active(record: SpecialPopulationRecord, today: dt.date | None = None) -> bool:
    return record.ended_on is None or record.ended_on > (today or dt.date.today())


def seal_notes(text: str) -> bytes | None:
    return crypto.get_cipher().encrypt(text, NOTES_CONTEXT) if text else None


def open_notes(record: SpecialPopulationRecord) -> str | None:
    if not record.notes_cipher:
        return None
    return crypto.get_cipher().decrypt(bytes(record.notes_cipher), NOTES_CONTEXT)


def filter_records(
    scope: Scope, f: RecordFilter, today: dt.date | None = None
) -> QuerySet[SpecialPopulationRecord]:
    """The scoped query behind the records connection."""
    qs = records_in_scope(scope)
    if f.grid_id is not None:
        qs = qs.filter(resident__grid_id=f.grid_id)
    if f.resident_id is not None:
        qs = qs.filter(resident_id=f.resident_id)
    if f.category is not None:
        qs = qs.filter(category=f.category)
    if f.risk_level is not None:
        qs = qs.filter(risk_level=f.risk_level)
    if f.active_only:
        qs = qs.filter(_active(today or dt.date.today()))
    return qs


async def get_record(scope: Scope, pk: int, field: str = "id") -> SpecialPopulationRecord:
    return await get_in_scope(SpecialPopulationRecord, pk, _records_filter(scope), field)


def _not_in_future(errors: ErrorCollector, day: dt.date, field: str, today: dt.date) -> None:
    if day > today:
        errors.add(ErrorCode.DATE_IN_FUTURE, field)


async def _ensure_no_active_duplicate(
    errors: ErrorCollector,
    resident_id: int,
    category: SpecialPopulationCategory,
    today: dt.date,
    except_pk: int | None = None,
) -> None:
    """One open record per resident and category: a second one would split the history."""
    qs = SpecialPopulationRecord.filter(resident_id=resident_id, category=category)
    qs = qs.filter(_active(today))
    if except_pk is not None:
        qs = qs.exclude(pk=except_pk)
    if await qs.exists():
        errors.add(ErrorCode.DUPLICATE, "category")


async def create_record(
    scope: Scope, data: RecordData, account_id: int | None, today: dt.date | None = None
) -> SpecialPopulationRecord:
    today = today or dt.date.today()
    errors = ErrorCollector()
    resident = await errors.check_async(
        get_in_scope(Resident, data.resident_id, scope.residents, "residentId")
    )
    notes = errors.check(optional_text, data.notes, "notes", NOTES_MAX)
    started_on = data.started_on or today
    _not_in_future(errors, started_on, "startedOn", today)
    if resident is not None:
        await _ensure_no_active_duplicate(errors, resident.pk, data.category, today)
    errors.raise_if_any()
    assert resident is not None
    try:
        return await SpecialPopulationRecord.create(
            resident_id=resident.pk,
            category=data.category,
            risk_level=data.risk_level,
            notes_cipher=seal_notes(notes or ""),
            started_on=started_on,
            created_by_account_id=account_id,
        )
    except IntegrityError:
        # Same resident, category and start date: an earlier (ended) record already says so.
        raise DomainError(ErrorCode.DUPLICATE, "startedOn") from None


async def update_record(
    scope: Scope, pk: int, patch: RecordPatch, today: dt.date | None = None
) -> SpecialPopulationRecord:
    today = today or dt.date.today()
    record = await get_record(scope, pk)
    errors = ErrorCollector()
    changes: dict[str, Any] = {}
    if patch.category is not None and patch.category != record.category:
        if is_active(record, today):
            await _ensure_no_active_duplicate(
                errors, record.resident_id, patch.category, today, except_pk=record.pk
            )
        changes["category"] = patch.category
    if patch.risk_level is not None:
        changes["risk_level"] = patch.risk_level
    if patch.notes is not None:
        notes = errors.check(optional_text, patch.notes, "notes", NOTES_MAX)
        if notes is not None:
            changes["notes_cipher"] = seal_notes(notes)
    if patch.ended_on is not None:
        _check_end(errors, record, patch.ended_on, today)
        changes["ended_on"] = patch.ended_on
    errors.raise_if_any()
    if changes:
        record.update_from_dict(changes)
        try:
            await record.save()
        except IntegrityError:
            raise DomainError(ErrorCode.DUPLICATE, "category") from None
    return record


def _check_end(
    errors: ErrorCollector, record: SpecialPopulationRecord, ended_on: dt.date, today: dt.date
) -> None:
    _not_in_future(errors, ended_on, "endedOn", today)
    if ended_on < record.started_on:
        errors.add(ErrorCode.INVALID_RANGE, "endedOn")


async def end_record(
    scope: Scope, pk: int, ended_on: dt.date | None = None, today: dt.date | None = None
) -> SpecialPopulationRecord:
    """Close a record (矫正期满, 解除管控 …) on ``ended_on``, today by default."""
    today = today or dt.date.today()
    record = await get_record(scope, pk)
    if record.ended_on is not None:
        raise DomainError(ErrorCode.ALREADY_ENDED, "id")
    errors = ErrorCollector()
    day = ended_on or today
    _check_end(errors, record, day, today)
    errors.raise_if_any()
    record.ended_on = day
    await record.save(update_fields=["ended_on", "updated_at"])
    return record


# ---------------------------------------------------------------------------------------------
# Counts for statistics


@dataclass(frozen=True)
class CategoryCount:
    category: SpecialPopulationCategory
    count: int | None  # None: withheld


@dataclass(frozen=True)
class GridCount:
    grid: Grid
    count: int | None


@dataclass(frozen=True)
class PopulationCounts:
    total: int | None
    by_category: list[CategoryCount]
    by_grid: list[GridCount]
    exact: bool
    threshold: int


def _small_part(values: Iterable[int], threshold: int) -> int:
    return sum(v for v in values if v < threshold)


def _recoverable(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def _shown(cells: list[int], threshold: int) -> bool:
    """Whether a sum of cells (one grid × one category each) may be shown.

    It must reach the threshold itself, and the part of it made of cells below the threshold
    must not be a small positive number either: whoever subtracts the larger cells, which are
    shown wherever they are asked for, would recover it. The answer depends only on the cells,
    so the same number is shown or withheld alike in every query that contains it.
    """
    return sum(cells) >= threshold and not _recoverable(_small_part(cells, threshold), threshold)


async def _area_grids(scope: Scope, division_code: str | None, grid_id: int | None) -> list[Grid]:
    if division_code is None and grid_id is None:
        raise DomainError(ErrorCode.REQUIRED, "divisionCode")
    if division_code is not None and grid_id is not None:
        raise DomainError(ErrorCode.INVALID, "gridId")  # one area at a time
    if grid_id is not None:
        grid = await get_in_scope(Grid, grid_id, scope.grids, "gridId")
        return [grid]
    code = (division_code or "").strip()
    try:
        division_level_of(code)
    except ValueError:
        raise DomainError(ErrorCode.INVALID_DIVISION_CODE, "divisionCode") from None
    if not await scope.divisions(Division.filter(code=code)).exists():
        restricted = not scope.is_unrestricted
        raise DomainError(
            ErrorCode.FORBIDDEN if restricted else ErrorCode.NOT_FOUND, "divisionCode"
        )
    area = Grid.filter(community__code__startswith=division_prefix(code))
    return list(await scope.grids(area).order_by("code"))


async def count_records(
    scope: Scope,
    *,
    division_code: str | None = None,
    grid_id: int | None = None,
    exact: bool = False,
    active_only: bool = True,
    today: dt.date | None = None,
    threshold: int = SMALL_COUNT_THRESHOLD,
) -> PopulationCounts:
    """Records per grid and category in a division or one grid, within the caller's scope.

    ``exact`` is for callers who may see the records (designated staff, whose scope already
    bounds what is counted); everyone else gets small counts withheld. Callers without access
    to the people of a region (residents, partner keys) get every count withheld.
    """
    grids = await _area_grids(scope, division_code, grid_id)
    cells: dict[tuple[int, SpecialPopulationCategory], int] = defaultdict(int)
    region = scope.people == "region"
    if grids and region:
        qs = records_in_scope(scope).filter(resident__grid_id__in=[g.pk for g in grids])
        if active_only:
            qs = qs.filter(_active(today or dt.date.today()))
        rows = (
            await qs.annotate(n=Count("id"))
            .group_by("resident__grid_id", "category")
            .values_list("resident__grid_id", "category", "n")
        )
        for grid_pk, category, n in rows:
            cells[(int(grid_pk), SpecialPopulationCategory(category))] = int(n)
    exact = exact and region
    categories = list(SpecialPopulationCategory)
    by_grid_cells = {g.pk: [cells[(g.pk, c)] for c in categories] for g in grids}
    by_category_cells = {c: [cells[(g.pk, c)] for g in grids] for c in categories}
    all_cells = [v for row in by_grid_cells.values() for v in row]

    def shown(part: list[int]) -> bool:
        return exact or (region and _shown(part, threshold))

    grid_counts = [
        GridCount(g, sum(by_grid_cells[g.pk]) if shown(by_grid_cells[g.pk]) else None)
        for g in grids
    ]
    category_counts = [
        CategoryCount(c, sum(by_category_cells[c]) if shown(by_category_cells[c]) else None)
        for c in categories
    ]
    total_shown = shown(all_cells)
    if total_shown and not exact:
        # The total minus the parts shown beside it must not give away the withheld parts.
        breakdowns: list[list[tuple[int, int | None]]] = [
            [(sum(by_category_cells[c.category]), c.count) for c in category_counts]
        ]
        if len(grids) > 1:
            breakdowns.append([(sum(by_grid_cells[g.grid.pk]), g.count) for g in grid_counts])
        for parts in breakdowns:
            withheld = sum(value for value, count in parts if count is None)
            if _recoverable(withheld, threshold):
                total_shown = False
    return PopulationCounts(
        total=sum(all_cells) if total_shown else None,
        by_category=category_counts,
        by_grid=grid_counts,
        exact=exact,
        threshold=threshold,
    )
