"""Sessions and CSRF for the pages.

A signed-in browser holds a random session token in an HttpOnly cookie; the database keeps
its hash. Every form that changes something carries a CSRF token (the session's secret, or
before sign-in a random value also set in a cookie) and every unsafe request is refused
without it. The JSON API uses bearer tokens instead, which browsers never send by themselves.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from fastapi.responses import Response

SESSION_COOKIE = "poise_session"
PRESESSION_COOKIE = "poise_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfRefused(Exception):
    """An unsafe request without the right CSRF token."""


def csrf_token(request: Request) -> str:
    """The token forms on this page must send back."""
    session = getattr(request.state, "session", None)
    if session is not None:
        return str(session.csrf_secret)
    existing = request.cookies.get(PRESESSION_COOKIE)
    if existing:
        return existing
    fresh = getattr(request.state, "fresh_csrf", None) or secrets.token_urlsafe(32)
    request.state.fresh_csrf = fresh
    return str(fresh)


async def check_csrf(request: Request) -> None:
    """Refuse an unsafe request whose form field or header does not carry the token."""
    if request.method in SAFE_METHODS:
        return
    expected = csrf_token(request)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and "form" in request.headers.get("content-type", ""):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise CsrfRefused


def set_session_cookie(response: Response, token: str, secure: bool, max_age: int) -> None:
    """Hand the browser its session."""
    response.set_cookie(
        SESSION_COOKIE, token, max_age=max_age, httponly=True, secure=secure, samesite="lax"
    )


def remember_presession(request: Request, response: Response, secure: bool) -> None:
    """Keep the pre-sign-in CSRF value the page was rendered with."""
    fresh = getattr(request.state, "fresh_csrf", None)
    if fresh:
        response.set_cookie(PRESESSION_COOKIE, fresh, httponly=True, secure=secure, samesite="lax")
