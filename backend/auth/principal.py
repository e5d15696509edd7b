"""Who is calling: an account, a partner API key, or nobody; with capabilities and row scope."""

from __future__ import annotations

from dataclasses import dataclass, field

from backend.auth.roles import Capability, Role
from backend.auth.scope import Scope


@dataclass(frozen=True)
class Principal:
    role: Role | None = None
    capabilities: frozenset[Capability] = frozenset()
    scope: Scope = field(default_factory=Scope.nothing)
    account_id: int | None = None
    api_key_id: int | None = None
    session_id: int | None = None
    display_name: str = ""
    # What the caller was granted, for the viewer query (codes, grid ids, key scopes).
    division_codes: tuple[str, ...] = ()
    grid_ids: tuple[int, ...] = ()
    key_scopes: tuple[str, ...] = ()
    # True when the credential came from the browser cookie (CSRF rules apply).
    via_cookie: bool = False

    @property
    def is_anonymous(self) -> bool:
        return self.account_id is None and self.api_key_id is None

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities

    @property
    def actor_label(self) -> str:
        if self.account_id is not None:
            return f"account:{self.account_id}"
        if self.api_key_id is not None:
            return f"api_key:{self.api_key_id}"
        return "anonymous"


ANONYMOUS = Principal()
