"""Roles, what each may do (capabilities), and the partner API-key scopes.

Capabilities are what permission classes on fields check; the row scope (``Scope``) then
narrows every query in SQL. Keeping the role → capability table in one place makes the
role × operation matrix in the tests a direct reading of this module.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PLATFORM_ADMIN = "PLATFORM_ADMIN"
    DIVISION_STAFF = "DIVISION_STAFF"
    GRID_WORKER = "GRID_WORKER"
    RESIDENT = "RESIDENT"
    PARTNER = "PARTNER"
    # Added by later issues (cases, party, volunteering); they read the structure for now.
    DEPARTMENT_HANDLER = "DEPARTMENT_HANDLER"
    PARTY_SECRETARY = "PARTY_SECRETARY"
    VOLUNTEER_ORGANISER = "VOLUNTEER_ORGANISER"


class Capability(StrEnum):
    STRUCTURE_READ = "STRUCTURE_READ"  # divisions, grids, workers, compounds, dwellings
    PEOPLE_READ = "PEOPLE_READ"  # residents and households (masked)
    PEOPLE_WRITE = "PEOPLE_WRITE"  # register changes, ownership
    GRID_MANAGE = "GRID_MANAGE"  # create and change grids, assign workers
    DIVISION_MANAGE = "DIVISION_MANAGE"  # the division tree itself
    PERSONAL_DATA_REVEAL = "PERSONAL_DATA_REVEAL"  # full ID number / phone, with a reason
    SPECIAL_POPULATION = "SPECIAL_POPULATION"  # 特殊人群 records (designated staff only)
    AUDIT_READ = "AUDIT_READ"
    CONSULTATIONS_READ = "CONSULTATIONS_READ"  # topics, sessions, votes and results in scope
    CONSULTATION_PARTICIPATE = "CONSULTATION_PARTICIPATE"  # propose, support, comment, vote
    CONSULTATION_MANAGE = "CONSULTATION_MANAGE"  # review, sessions, votes, paper ballots, publish


_STAFF = frozenset(
    {
        Capability.STRUCTURE_READ,
        Capability.PEOPLE_READ,
        Capability.PEOPLE_WRITE,
        Capability.PERSONAL_DATA_REVEAL,
        Capability.CONSULTATIONS_READ,
    }
)

ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.PLATFORM_ADMIN: _STAFF
    | {
        Capability.GRID_MANAGE,
        Capability.DIVISION_MANAGE,
        Capability.AUDIT_READ,
        Capability.CONSULTATION_MANAGE,
    },
    Role.DIVISION_STAFF: _STAFF | {Capability.GRID_MANAGE, Capability.CONSULTATION_MANAGE},
    Role.GRID_WORKER: _STAFF,
    Role.RESIDENT: frozenset(
        {
            Capability.STRUCTURE_READ,
            Capability.PEOPLE_READ,
            Capability.CONSULTATIONS_READ,
            Capability.CONSULTATION_PARTICIPATE,
        }
    ),
    Role.PARTNER: frozenset(),  # from the key's scopes only
    Role.DEPARTMENT_HANDLER: frozenset({Capability.STRUCTURE_READ}),
    Role.PARTY_SECRETARY: frozenset({Capability.STRUCTURE_READ}),
    Role.VOLUNTEER_ORGANISER: frozenset({Capability.STRUCTURE_READ}),
}

# Special-population records need a role that works with them *and* a per-account designation
# (综治专干, the grid worker in charge): the role alone is not enough.
SPECIAL_POPULATION_ROLES = frozenset({Role.DIVISION_STAFF, Role.GRID_WORKER})

# Roles whose accounts are tied to a division scope (``--scope-division``).
DIVISION_SCOPED_ROLES = frozenset(
    {
        Role.DIVISION_STAFF,
        Role.DEPARTMENT_HANDLER,
        Role.PARTY_SECRETARY,
        Role.VOLUNTEER_ORGANISER,
    }
)

# Partner API-key scopes and what they allow. Partners never see people or personal data.
API_KEY_SCOPES: dict[str, frozenset[Capability]] = {
    "register:read": frozenset({Capability.STRUCTURE_READ}),
    "consultations:read": frozenset({Capability.CONSULTATIONS_READ}),
}

# Which app a role lands on after login (frontend routes).
LANDING_APP: dict[Role, str] = {
    Role.PLATFORM_ADMIN: "admin",
    Role.DIVISION_STAFF: "admin",
    Role.GRID_WORKER: "grid",
    Role.RESIDENT: "consult",
    Role.PARTNER: "admin",
    Role.DEPARTMENT_HANDLER: "admin",
    Role.PARTY_SECRETARY: "admin",
    Role.VOLUNTEER_ORGANISER: "admin",
}


def capabilities_for(
    role: Role, *, special_population_designee: bool = False
) -> frozenset[Capability]:
    granted = ROLE_CAPABILITIES[role]
    if special_population_designee and role in SPECIAL_POPULATION_ROLES:
        granted = granted | {Capability.SPECIAL_POPULATION}
    return granted


def capabilities_for_key_scopes(scopes: list[str]) -> frozenset[Capability]:
    found: set[Capability] = set()
    for scope in scopes:
        found |= API_KEY_SCOPES.get(scope, frozenset())
    return frozenset(found)
