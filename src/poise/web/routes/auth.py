"""Signing in and out, choosing the interface language, and the home page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from poise import settings as settings_module
from poise.services import auth, workspaces
from poise.web import i18n
from poise.web.deps import client_ip, database, signed_in
from poise.web.security import SESSION_COOKIE, check_csrf, set_session_cookie
from poise.web.templating import render

router = APIRouter(dependencies=[Depends(check_csrf)])


@router.get("/", include_in_schema=False)
def home(request: Request) -> Response:
    """The first workspace of the signed-in person, or sign in."""
    session = signed_in(request)
    with database(request).reading() as s:
        mine = workspaces.my_workspaces(s, session.user.id)
    if not mine:
        return render(request, "no_workspace.html")
    active = next((m for m in mine if m.workspace.id == session.active_workspace_id), mine[0])
    return RedirectResponse(f"/w/{active.workspace.slug}/drafts", status_code=303)


@router.get("/sign-in", include_in_schema=False)
def sign_in_page(request: Request, next: str = "/") -> Response:
    return render(request, "sign_in.html", {"next": _local(next)})


@router.post("/sign-in", include_in_schema=False)
def sign_in(
    request: Request,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Sign in; wrong credentials show the form again, too many attempts wait (429)."""
    with database(request).transaction() as s:
        done = auth.sign_in(
            s,
            email,
            password,
            client_ip(request),
            request.headers.get("user-agent"),
            replacing=request.cookies.get(SESSION_COOKIE),
        )
    if done is None:
        context = {"next": _local(next), "email": email, "failed": True}
        return render(request, "sign_in.html", context, status_code=401)
    response = RedirectResponse(_local(next), status_code=303)
    days = settings_module.current().session_days
    set_session_cookie(response, done.token, request.url.scheme == "https", days * 86400)
    response.set_cookie("poise_lang", done.user.ui_language, samesite="lax")
    return response


@router.post("/sign-out", include_in_schema=False)
def sign_out(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with database(request).transaction() as s:
            auth.revoke_session(s, token)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/language", include_in_schema=False)
def choose_language(
    request: Request, locale: Annotated[str, Form()], next: Annotated[str, Form()] = "/"
) -> Response:
    """Switch the interface language (remembered in a cookie, and for the signed-in person)."""
    chosen = locale if locale in i18n.LOCALES else i18n.DEFAULT
    user = getattr(request.state, "user", None)
    if user is not None:
        with database(request).transaction() as s:
            auth.set_ui_language(s, user.id, chosen)
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie("poise_lang", chosen, max_age=365 * 86400, samesite="lax")
    return response


def _local(target: str) -> str:
    """Only paths on this site: never redirect to another host after sign-in."""
    return target if target.startswith("/") and not target.startswith("//") else "/"
