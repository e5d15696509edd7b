"""GraphQL types of accounts: who the caller is, with what roles and scopes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from backend.api.context import Info
from backend.api.relay import to_global_id
from backend.auth import roles
from backend.auth.principal import Principal

if TYPE_CHECKING:
    from backend.residents.types import Resident

Role = strawberry.enum(
    roles.Role,
    description=(
        "Role 角色: PLATFORM_ADMIN 平台管理员, DIVISION_STAFF 街道/社区工作人员, "
        "GRID_WORKER 网格员, RESIDENT 居民, PARTNER 合作方; DEPARTMENT_HANDLER, "
        "PARTY_SECRETARY and "
        "VOLUNTEER_ORGANISER for later areas."
    ),
)
Capability = strawberry.enum(roles.Capability, description="What a role may do 权限.")


@strawberry.type(description="The caller 当前用户: account or partner key, roles and scopes.")
class Viewer:
    _p: strawberry.Private[Principal]

    @strawberry.field(description="Logged in (or a valid API key) 已登录.")
    def authenticated(self) -> bool:
        return not self._p.is_anonymous

    @strawberry.field(description="Global ID of the account 账号; null for keys and anonymous.")
    def account_id(self) -> strawberry.ID | None:
        return None if self._p.account_id is None else to_global_id("Account", self._p.account_id)

    @strawberry.field(description="Name to show 显示名称.")
    def display_name(self) -> str | None:
        return self._p.display_name or None

    @strawberry.field(description="Roles 角色.")
    def roles(self) -> list[Role]:  # type: ignore[valid-type]
        return [self._p.role] if self._p.role else []

    @strawberry.field(description="What the caller may do 权限.")
    def capabilities(self) -> list[Capability]:  # type: ignore[valid-type]
        return sorted(self._p.capabilities)

    @strawberry.field(description="Division codes of the caller's scope 管辖区划代码.")
    def division_codes(self) -> list[str]:
        return list(self._p.division_codes)

    @strawberry.field(description="Grids of a grid worker 负责网格.")
    def grid_ids(self) -> list[strawberry.ID]:
        return [to_global_id("Grid", pk) for pk in self._p.grid_ids]

    @strawberry.field(description="Scopes of a partner API key 接口权限范围.")
    def api_key_scopes(self) -> list[str]:
        return list(self._p.key_scopes)

    @strawberry.field(description="The app to open after login: consult, grid or admin 首页.")
    def landing_app(self) -> str | None:
        return roles.LANDING_APP[self._p.role] if self._p.role else None

    @strawberry.field(description="A resident's own register entry 本人信息 (residents only).")
    async def resident(
        self, info: Info
    ) -> Annotated[Resident, strawberry.lazy("backend.residents.types")] | None:
        from backend.residents.models import Resident as ResidentRow
        from backend.residents.types import Resident

        own = self._p.scope.own_resident_id
        if own is None:
            return None
        # Not through the request's loaders: right after login they still hold the anonymous
        # scope, and one's own entry is always visible to oneself.
        row = await ResidentRow.get_or_none(id=own)
        return Resident.from_model(row) if row else None
