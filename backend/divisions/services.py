"""Rules for the division tree: codes follow the 6+3+3 structure under their parent."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from backend.auth.scope import Scope
from backend.core.errors import DomainError, ErrorCode, ErrorCollector
from backend.core.lookup import get_in_scope
from backend.core.validators import required_text, validate_division_code
from backend.divisions.models import Division, DivisionLevel

PARENT_LEVEL = {
    DivisionLevel.SUBDISTRICT: DivisionLevel.DISTRICT,
    DivisionLevel.COMMUNITY: DivisionLevel.SUBDISTRICT,
}


async def create_division(
    scope: Scope, code: str, name: str, level: DivisionLevel, parent_id: int | None
) -> Division:
    errors = ErrorCollector()
    text = errors.check(required_text, name, "name", 100)
    parent = None
    if level == DivisionLevel.DISTRICT:
        if parent_id is not None:
            errors.add(ErrorCode.INVALID, "parentId")
    elif parent_id is None:
        errors.add(ErrorCode.REQUIRED, "parentId")
    else:
        parent = await errors.check_async(
            get_in_scope(Division, parent_id, scope.divisions, "parentId")
        )
        if parent is not None and parent.level != PARENT_LEVEL[level]:
            errors.add(ErrorCode.INVALID, "parentId")
    if not errors.has("parentId"):
        checked = errors.check(
            validate_division_code, code, level.value, parent.code if parent else None
        )
        if checked and await Division.filter(code=checked).exists():
            errors.add(ErrorCode.DUPLICATE, "code")
    errors.raise_if_any()
    try:
        return await Division.create(
            code=code.strip(), name=text, level=level, parent_id=parent.pk if parent else None
        )
    except IntegrityError:
        raise DomainError(ErrorCode.DUPLICATE, "code") from None


async def division_tree_roots(scope: Scope) -> list[Division]:
    """The top of the tree the caller sees: visible divisions whose parent is not visible."""
    rows = await scope.divisions(Division.all()).order_by("code")
    visible = {r.pk for r in rows}
    return [r for r in rows if r.parent_id not in visible]


async def divisions_at_level(scope: Scope, level: DivisionLevel) -> list[Division]:
    return await scope.divisions(Division.filter(level=level)).order_by("code")


async def division_by_code(scope: Scope, code: str) -> Division | None:
    code = code.strip()
    if len(code) != 12 or not code.isdigit():
        return None  # names no division; the ORM would refuse a value longer than the column
    return await scope.divisions(Division.filter(code=code)).first()
