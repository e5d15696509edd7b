"""Per-request context: language, scope and DataLoaders (created fresh for every request)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from strawberry.types import Info as StrawberryInfo

from backend.auth.scope import Scope
from backend.config import Settings
from backend.divisions.loaders import DivisionLoaders
from backend.grids.loaders import GridLoaders
from backend.housing.loaders import HousingLoaders
from backend.residents.loaders import ResidentLoaders


@dataclass
class Context:
    request: Any
    response: Any
    settings: Settings
    lang: str = "zh"
    scope: Scope = field(default_factory=Scope.everything)

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


Info = StrawberryInfo[Context, None]
