"""Scope of a topic or a vote (范围) and the CHECK that keeps its foreign keys consistent.

Scope. A topic or a vote belongs to one community (``community``, always set: staff scope,
settings and listings filter on it) and has a ``scope_kind``. GRID, COMPOUND and BUILDING
scopes point at their object through a real nullable foreign key (``grid``, ``compound``,
``building``), and a CHECK constraint requires exactly the key the kind names and no other.
Real keys give referential integrity (RESTRICT) and plain indexes, which a generic
``scope_id`` column could not. That the grid, compound or building lies in ``community`` is
checked by the services (a CHECK cannot look into another table).
"""

from __future__ import annotations

from enum import StrEnum

from tortoise.migrations.constraints import CheckConstraint


class ScopeKind(StrEnum):
    COMMUNITY = "COMMUNITY"
    GRID = "GRID"
    COMPOUND = "COMPOUND"
    BUILDING = "BUILDING"


def scope_check(table: str) -> CheckConstraint:
    """Exactly the foreign key the scope kind names is set (none for COMMUNITY)."""
    keys = {"GRID": "grid_id", "COMPOUND": "compound_id", "BUILDING": "building_id"}
    cases = []
    for kind in ScopeKind:
        wanted = keys.get(kind.value)
        tests = [f"scope_kind = '{kind.value}'"]
        tests += [f"{key} IS {'NOT ' if key == wanted else ''}NULL" for key in keys.values()]
        cases.append("(" + " AND ".join(tests) + ")")
    return CheckConstraint(check=" OR ".join(cases), name=f"{table}_scope")
