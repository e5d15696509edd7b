"""Rules for grids and the assignment of grid workers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from backend.auth.scope import Scope
from backend.core.errors import DomainError, ErrorCode, ErrorCollector
from backend.core.lookup import get_in_scope
from backend.core.validators import required_text, validate_geojson_boundary
from backend.divisions.models import Division, DivisionLevel
from backend.grids.models import Grid, GridAssignment, GridKind, GridWorker

HOUSEHOLDS_LIMIT = 5000


@dataclass
class GridData:
    code: str | None = None
    name: str | None = None
    kind: GridKind | None = None
    community_id: int | None = None
    target_households_min: int | None = None
    target_households_max: int | None = None
    boundary: Any = None
    clear_boundary: bool = False


def _check_targets(errors: ErrorCollector, low: int, high: int) -> None:
    for field, value in (("targetHouseholdsMin", low), ("targetHouseholdsMax", high)):
        if not 0 <= value <= HOUSEHOLDS_LIMIT:
            errors.add(ErrorCode.OUT_OF_RANGE, field, min=0, max=HOUSEHOLDS_LIMIT)
    if low > high:
        errors.add(ErrorCode.INVALID_RANGE, "targetHouseholdsMax")


async def _community(scope: Scope, errors: ErrorCollector, pk: int) -> Division | None:
    division = await errors.check_async(get_in_scope(Division, pk, scope.divisions, "communityId"))
    if division is None:
        return None
    if division.level != DivisionLevel.COMMUNITY:
        errors.add(ErrorCode.INVALID, "communityId")
    return division


async def create_grid(scope: Scope, data: GridData) -> Grid:
    errors = ErrorCollector()
    code = errors.check(required_text, data.code, "code", 32)
    name = errors.check(required_text, data.name, "name", 100)
    if data.community_id is None:
        errors.add(ErrorCode.REQUIRED, "communityId")
    else:
        await _community(scope, errors, data.community_id)
    low = data.target_households_min if data.target_households_min is not None else 300
    high = data.target_households_max if data.target_households_max is not None else 500
    _check_targets(errors, low, high)
    boundary = errors.check(validate_geojson_boundary, data.boundary)
    if code and await Grid.filter(code=code).exists():
        errors.add(ErrorCode.DUPLICATE, "code")
    errors.raise_if_any()
    try:
        return await Grid.create(
            code=code,
            name=name,
            kind=data.kind or GridKind.COMPREHENSIVE,
            community_id=data.community_id,
            target_households_min=low,
            target_households_max=high,
            boundary=boundary,
        )
    except IntegrityError:
        raise DomainError(ErrorCode.DUPLICATE, "code") from None


async def update_grid(scope: Scope, pk: int, data: GridData) -> Grid:
    grid = await get_in_scope(Grid, pk, scope.grids, "id")
    errors = ErrorCollector()
    changes: dict[str, Any] = {}
    if data.name is not None:
        changes["name"] = errors.check(required_text, data.name, "name", 100)
    if data.kind is not None:
        changes["kind"] = data.kind
    if data.community_id is not None:
        await _community(scope, errors, data.community_id)
        changes["community_id"] = data.community_id
    low = data.target_households_min
    high = data.target_households_max
    if low is not None or high is not None:
        low = grid.target_households_min if low is None else low
        high = grid.target_households_max if high is None else high
        _check_targets(errors, low, high)
        changes.update(target_households_min=low, target_households_max=high)
    if data.clear_boundary:
        changes["boundary"] = None
    elif data.boundary is not None:
        changes["boundary"] = errors.check(validate_geojson_boundary, data.boundary)
    errors.raise_if_any()
    if changes:
        grid.update_from_dict(changes)
        await grid.save()
    return grid


async def assign_worker(
    scope: Scope, grid_id: int, worker_id: int, is_leader: bool, remove: bool
) -> Grid:
    """Assign (or with ``remove`` unassign) a worker; a grid has at most one leader 网格长."""
    async with in_transaction():
        grid = await get_in_scope(Grid, grid_id, scope.grids, "gridId", for_update=True)
        worker = await GridWorker.get_or_none(pk=worker_id)
        if worker is None:
            raise DomainError(ErrorCode.NOT_FOUND, "workerId")
        if remove:
            await GridAssignment.filter(grid_id=grid.pk, worker_id=worker.pk).delete()
            return grid
        if is_leader:
            await (
                GridAssignment.filter(grid_id=grid.pk)
                .exclude(worker_id=worker.pk)
                .update(is_leader=False)
            )
        assignment = await GridAssignment.get_or_none(grid_id=grid.pk, worker_id=worker.pk)
        if assignment is None:
            await GridAssignment.create(grid_id=grid.pk, worker_id=worker.pk, is_leader=is_leader)
        elif assignment.is_leader != is_leader:
            assignment.is_leader = is_leader
            await assignment.save(update_fields=["is_leader"])
    return grid


def filter_grids(
    scope: Scope,
    community_id: int | None = None,
    worker_id: int | None = None,
    kind: GridKind | None = None,
) -> QuerySet[Grid]:
    """The scoped query behind the grids connection."""
    qs = scope.grids(Grid.all())
    if community_id is not None:
        qs = qs.filter(community_id=community_id)
    if worker_id is not None:
        assigned = GridAssignment.filter(worker_id=worker_id).values("grid_id")
        qs = qs.filter(id__in=Subquery(assigned))
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs


def filter_grid_workers(scope: Scope) -> QuerySet[GridWorker]:
    return scope.grid_workers(GridWorker.all()).distinct()
