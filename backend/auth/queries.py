from __future__ import annotations

import strawberry

from backend.api.context import Info
from backend.auth.types import Viewer


@strawberry.type
class AuthQuery:
    @strawberry.field(description="Who is calling 当前用户; anonymous callers get a viewer too.")
    def viewer(self, info: Info) -> Viewer:
        return Viewer(_p=info.context.principal)
