"""Permission classes declared on fields: authentication, then the capability a field needs.

Denials are top-level errors with a code (UNAUTHENTICATED or FORBIDDEN). On mutations they
are also written to the audit log, since an attempt to change data without the right is
exactly what an auditor looks for.
"""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from backend.audit.models import AuditOutcome
from backend.audit.services import record
from backend.auth.roles import Capability
from backend.core.errors import ErrorCode
from backend.core.messages import message_for


def _deny(permission: BasePermission, info: Any, code: ErrorCode) -> bool:
    # Set just before strawberry raises, within one synchronous step: no other request runs
    # between, so the per-request language cannot leak into another response.
    permission.message = message_for(code, info.context.lang)
    permission.error_extensions = {"code": code.value}
    return False


class _Requires(BasePermission):
    capability: Capability | None = None

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> Any:
        principal = info.context.principal
        if principal.is_anonymous:
            code = ErrorCode.UNAUTHENTICATED
        elif self.capability is not None and not principal.can(self.capability):
            code = ErrorCode.FORBIDDEN
        else:
            return True
        if info.path.typename == "Mutation":  # a root mutation field
            return self._audited_denial(info, code)
        return _deny(self, info, code)

    async def _audited_denial(self, info: Any, code: ErrorCode) -> bool:
        await record(info.context.actor, info.field_name, AuditOutcome.DENIED, detail=code.value)
        return _deny(self, info, code)


_CACHE: dict[Capability | None, type[BasePermission]] = {}


def requires(capability: Capability | None = None) -> type[BasePermission]:
    """A permission class: logged in and, when given, holding ``capability``."""
    if capability not in _CACHE:
        name = f"Requires{capability.value.title().replace('_', '') if capability else 'Login'}"
        _CACHE[capability] = type(name, (_Requires,), {"capability": capability})
    return _CACHE[capability]


IsAuthenticated = requires(None)
