"""Per-request context: the caller, language, scope and DataLoaders (fresh for every request).

The caller behind a credential is looked up once the document has been parsed, validated and
found to need it (``backend.api.pipeline``): a document that reads nothing but ``__typename``
(clients' liveness probes) costs no database statement. Reading ``principal`` before the
lookup is a programming error and raises, so no field can run as a wrongly anonymous caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from strawberry.types import Info as StrawberryInfo

from backend.audit.services import Actor
from backend.auth.principal import ANONYMOUS, Principal
from backend.auth.scope import Scope
from backend.auth.sessions import principal_for_credential
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
    client_address: str = ""
    # Set by the auth mutations; the HTTP layer turns them into Set-Cookie headers.
    cookie_changes: list[tuple[str, str | None]] = field(default_factory=list)
    # (token, sent as the cookie) not looked up yet; see ``authenticate``.
    pending_credential: tuple[str, bool] | None = None
    _principal: Principal = field(default=ANONYMOUS, repr=False)

    @property
    def principal(self) -> Principal:
        if self.pending_credential is not None:
            raise RuntimeError("the caller is read before authenticate() looked it up")
        return self._principal

    @principal.setter
    def principal(self, principal: Principal) -> None:
        self.pending_credential = None
        self._principal = principal

    @property
    def is_authenticated(self) -> bool:
        """Whether the caller is known (no credential waits for its lookup)."""
        return self.pending_credential is None

    async def authenticate(self) -> None:
        """Look up the caller behind the request's credential, once."""
        if self.pending_credential is None:
            return
        token, via_cookie = self.pending_credential
        self.principal = await principal_for_credential(token, via_cookie=via_cookie)

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
