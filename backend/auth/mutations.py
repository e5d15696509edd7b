"""Login and logout. Browsers get the session as an HttpOnly cookie; API clients may ask for
the token in the payload (``tokenInResponse``) and send it as a bearer token."""

from __future__ import annotations

import strawberry

from backend.api.context import Context, Info
from backend.api.errors import UserError, attempt
from backend.api.http_auth import clear_session_cookie, set_session_cookie
from backend.audit.models import AuditOutcome
from backend.audit.services import record
from backend.auth import services
from backend.auth.models import Account
from backend.auth.roles import Role
from backend.auth.sessions import (
    principal_for_account,
    revoke_all_sessions,
    revoke_session,
)
from backend.auth.sms import sender_for
from backend.auth.types import Viewer
from backend.core.errors import DomainError, ErrorCode


@strawberry.input(description="Staff login 工作人员登录.")
class AuthLoginInput:
    username: str = strawberry.field(description="Username 用户名.")
    password: str = strawberry.field(description="Password 密码.")
    token_in_response: bool = strawberry.field(
        default=False, description="Return the session token for `Authorization: Bearer`."
    )


@strawberry.input(description="Ask for a login code by SMS 获取验证码.")
class AuthOtpRequestInput:
    phone: str = strawberry.field(description="Mobile phone 手机号.")


@strawberry.input(description="Log in with the SMS code 验证码登录.")
class AuthOtpVerifyInput:
    phone: str = strawberry.field(description="Mobile phone 手机号.")
    code: str = strawberry.field(description="6-digit code 验证码.")
    token_in_response: bool = strawberry.field(
        default=False, description="Return the session token for `Authorization: Bearer`."
    )


@strawberry.input(description="Log out 退出登录.")
class AuthLogoutInput:
    everywhere: bool = strawberry.field(
        default=False, description="End every session of the account 退出所有设备."
    )


@strawberry.type(description="Result of a login.")
class AuthPayload:
    viewer: Viewer | None = strawberry.field(description="The logged-in caller.")
    token: str | None = strawberry.field(
        description="Session token, only when `tokenInResponse` was asked for."
    )
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


@strawberry.type(description="Result of a code request.")
class AuthOtpRequestPayload:
    sent: bool = strawberry.field(
        description="Accepted; a code is sent when the phone is registered 已发送."
    )
    retry_after_seconds: int | None = strawberry.field(
        description="Seconds until another code may be requested 重新获取等待秒数 "
        "(also when the request was refused as too frequent)."
    )
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


@strawberry.type(description="Result of a logout.")
class AuthLogoutPayload:
    ended_sessions: int = strawberry.field(description="Sessions ended 结束的会话数.")
    errors: list[UserError] = strawberry.field(description="Field errors; empty on success.")


async def _logged_in(
    ctx: Context, found: tuple[Account, str] | None, errors: list[UserError], in_response: bool
) -> AuthPayload:
    if found is None:
        return AuthPayload(viewer=None, token=None, errors=errors)
    account, token = found
    hours = (
        ctx.settings.resident_session_ttl_hours
        if account.role == Role.RESIDENT
        else ctx.settings.session_ttl_hours
    )
    secure = ctx.settings.cookie_secure or ctx.request.url.scheme == "https"
    set_session_cookie(ctx.response, token, hours * 3600, secure)
    principal = await principal_for_account(account)
    return AuthPayload(viewer=Viewer(_p=principal), token=token if in_response else None, errors=[])


@strawberry.type
class AuthMutation:
    @strawberry.mutation(description="Staff login with username and password 工作人员登录.")
    async def auth_login(self, info: Info, input: AuthLoginInput) -> AuthPayload:
        ctx = info.context
        found, errors = await attempt(
            info,
            lambda: services.login(ctx.settings, ctx.actor, input.username, input.password),
            audit=False,
        )
        return await _logged_in(ctx, found, errors, input.token_in_response)

    @strawberry.mutation(description="Send a login code to a resident's phone 获取验证码.")
    async def auth_otp_request(
        self, info: Info, input: AuthOtpRequestInput
    ) -> AuthOtpRequestPayload:
        ctx = info.context
        sender = sender_for(ctx.settings)
        throttled_for: list[int] = []

        async def run() -> int:
            try:
                return await services.request_otp(ctx.settings, sender, ctx.actor, input.phone)
            except DomainError as exc:
                if exc.code == ErrorCode.OTP_THROTTLED:
                    throttled_for.append(int(exc.params["seconds"]))
                raise

        wait, errors = await attempt(info, run, audit=False)
        retry_after = wait if wait is not None else (throttled_for[0] if throttled_for else None)
        return AuthOtpRequestPayload(
            sent=wait is not None, retry_after_seconds=retry_after, errors=errors
        )

    @strawberry.mutation(description="Log in with the SMS code 验证码登录.")
    async def auth_otp_verify(self, info: Info, input: AuthOtpVerifyInput) -> AuthPayload:
        ctx = info.context
        found, errors = await attempt(
            info,
            lambda: services.verify_otp(ctx.settings, ctx.actor, input.phone, input.code),
            audit=False,
        )
        return await _logged_in(ctx, found, errors, input.token_in_response)

    @strawberry.mutation(description="Log out this session or every session 退出登录.")
    async def auth_logout(
        self, info: Info, input: AuthLogoutInput | None = None
    ) -> AuthLogoutPayload:
        ctx = info.context
        principal = ctx.principal
        ended = 0
        if principal.account_id is not None and input is not None and input.everywhere:
            ended = await revoke_all_sessions(principal.account_id)
        elif principal.session_id is not None:
            await revoke_session(principal.session_id)
            ended = 1
        secure = ctx.settings.cookie_secure or ctx.request.url.scheme == "https"
        clear_session_cookie(ctx.response, secure)
        await record(ctx.actor, "authLogout", AuditOutcome.OK, detail=f"sessions={ended}")
        return AuthLogoutPayload(ended_sessions=ended, errors=[])
