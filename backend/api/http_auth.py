"""Credentials over HTTP: the session cookie or a bearer token, and the cross-origin rule.

Browsers get an HttpOnly, SameSite=Lax cookie; API clients send ``Authorization: Bearer``.
A request that carries the cookie and comes from another origin is refused outright (CSRF):
SameSite=Lax already keeps the cookie off cross-site POSTs in current browsers, and checking
``Origin`` also covers same-site subdomains and older browsers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from backend.config import Settings

SESSION_COOKIE = "gongzhi_session"


def bearer_token(headers: Any) -> str | None:
    value = headers.get("authorization") or ""
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def credential(request: Any) -> tuple[str | None, bool]:
    """The credential and whether it came from the cookie (bearer wins when both are sent)."""
    token = bearer_token(request.headers)
    if token:
        return token, False
    cookie = request.cookies.get(SESSION_COOKIE)
    return (cookie, True) if cookie else (None, False)


def _origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_cross_origin(headers: Any, settings: Settings) -> bool:
    """True when the browser says the request comes from a page of another origin."""
    sent = headers.get("origin") or ""
    origin = None if sent in {"", "null"} else _origin_of(sent)
    if origin is None and sent == "null":
        return True  # sandboxed frames and some redirects: never our own page
    if origin is None:
        referer = headers.get("referer")
        origin = _origin_of(referer) if referer else None
    if origin is None:
        return False  # not a browser page (curl, servers): CSRF needs a browser
    host = (headers.get("host") or "").lower()
    if urlsplit(origin).netloc == host:
        return False
    return origin not in {o.lower().rstrip("/") for o in settings.allowed_origins}


def set_session_cookie(response: Any, token: str, max_age: int, secure: bool) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )


def clear_session_cookie(response: Any, secure: bool) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure)
