"""The web application: pages and the JSON API, over one database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from poise import __version__
from poise.services import auth, clock
from poise.services.errors import Forbidden, Invalid, NotFound, RateLimited, speaking
from poise.storage.db import Database
from poise.web import i18n
from poise.web.deps import SignInRequired, database
from poise.web.routes import routers
from poise.web.security import SESSION_COOKIE, CsrfRefused, remember_presession
from poise.web.templating import render

LANGUAGE_COOKIE = "poise_lang"
# A session seen more recently than this is not written again on every page.
_TOUCH_EVERY = timedelta(minutes=5)
_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


def create_app(db: Database) -> FastAPI:
    """The app serving ``db``."""
    app = FastAPI(
        title="Poise",
        version=__version__,
        description="Review, drafts, workspaces and world events of Poise, as JSON.",
        # The reference at /docs is rendered by Poise from the OpenAPI document (routes/docs.py):
        # no third-party script is loaded into the page.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.database = db
    app.mount("/static", StaticFiles(packages=[("poise.web", "static")]), name="static")
    for router in routers():
        app.include_router(router)
    app.middleware("http")(_context)
    _errors(app)
    return app


async def _context(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Who is signed in, in which language, and the headers every response carries."""
    token = request.cookies.get(SESSION_COOKIE)
    request.state.session = _session(request, token) if token else None
    request.state.token = token if request.state.session else None
    request.state.user = request.state.session.user if request.state.session else None
    preferred = request.state.user.ui_language if request.state.user else None
    request.state.locale = i18n.negotiate(
        request.cookies.get(LANGUAGE_COOKIE),
        preferred,
        accept_language=request.headers.get("accept-language"),
    )
    if request.url.path.startswith("/api/"):
        response = await call_next(request)  # the API speaks English to programs
    else:
        with speaking(i18n.translations(request.state.locale).gettext):
            response = await call_next(request)
    for name, value in _HEADERS.items():
        response.headers.setdefault(name, value)
    remember_presession(request, response, request.url.scheme == "https")
    return response


def _session(request: Request, token: str) -> auth.SessionInfo | None:
    db = database(request)
    with db.reading() as s:
        found = auth.get_session(s, token)
    if found is not None and found.last_seen_at + _TOUCH_EVERY < clock.now():
        with db.transaction() as s:
            found = auth.touch_session(s, token)
    return found


def _errors(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, error: SignInRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/sign-in?next={target}", status_code=303)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, error: NotFound) -> Response:
        return _error_page(request, 404)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, error: Forbidden) -> Response:
        return _error_page(request, 403)

    @app.exception_handler(CsrfRefused)
    async def _csrf(request: Request, error: CsrfRefused) -> Response:
        return _error_page(request, 403, csrf=True)

    @app.exception_handler(RateLimited)
    async def _limited(request: Request, error: RateLimited) -> Response:
        response = _error_page(request, 429, retry_after=error.retry_after)
        response.headers["retry-after"] = str(error.retry_after)
        return response

    @app.exception_handler(Invalid)
    async def _invalid(request: Request, error: Invalid) -> Response:
        return _error_page(request, 422, problem=str(error))


def _error_page(request: Request, status: int, **details: object) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"status": status, **{k: str(v) for k, v in details.items()}}, status)
    return render(request, "error.html", {"status": status, **details}, status_code=status)
