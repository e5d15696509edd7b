"""Per-request context: the caller, language, scope and DataLoaders (fresh for every request)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from strawberry.types import Info as StrawberryInfo

from backend.audit.services import Actor
from backend.auth.principal import ANONYMOUS, Principal
from backend.auth.scope import Scope
from backend.config import Settings
from backend.consultations.loaders import ConsultationLoaders
from backend.consultations.vote_loaders import VoteLoaders
from backend.divisions.loaders import DivisionLoaders
from backend.grids.loaders import GridLoaders
from backend.housing.loaders import HousingLoaders
from backend.residents.loaders import ResidentLoaders
from backend.special.loaders import SpecialLoaders


@dataclass
class Context:
    request: Any
    response: Any
    settings: Settings
    lang: str = "zh"
    principal: Principal = ANONYMOUS
    client_address: str = ""
    # Set by the auth mutations; the HTTP layer turns them into Set-Cookie headers.
    cookie_changes: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def scope(self) -> Scope:
        return self.principal.scope

    @property
    def actor(self) -> Actor:
        role = self.principal.role.value if self.principal.role else ""
        return Actor(
            self.principal.account_id, self.principal.api_key_id, role, self.client_address
        )

    @cached_property
    def divisions(self) -> DivisionLoaders:
        return DivisionLoaders(self.scope)

    @cached_property
    def grids(self) -> GridLoaders:
        return GridLoaders(self.scope)

    @cached_property
    def housing(self) -> HousingLoaders:
        return HousingLoaders(self.scope)

    @cached_property
    def residents(self) -> ResidentLoaders:
        return ResidentLoaders(self.scope)

    @cached_property
    def special(self) -> SpecialLoaders:
        return SpecialLoaders(self.principal, self.actor)

    @cached_property
    def votes(self) -> VoteLoaders:
        return VoteLoaders(self.principal)

    @cached_property
    def consultations(self) -> ConsultationLoaders:
        return ConsultationLoaders(self.principal)


Info = StrawberryInfo[Context, None]
