"""One's own account (name, interface language, password, workspaces) and accepting an
invitation, with the account one has or with a new one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from poise import settings as settings_module
from poise.services import auth, workspaces
from poise.services.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError
from poise.web.deps import client_ip, database, signed_in
from poise.web.security import check_csrf, set_session_cookie
from poise.web.templating import locale_of, render

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

NOTICES = frozenset({"profile", "password"})
_STATUS = {Invalid: 422, Conflict: 409, Forbidden: 403, NotFound: 404}


@router.get("/account")
def account_page(request: Request, done: str | None = None) -> Response:
    return _page(request, notice=done if done in NOTICES else None)


@router.post("/account/profile")
def save_profile(
    request: Request,
    display_name: Annotated[str, Form()],
    ui_language: Annotated[str, Form()],
) -> Response:
    """Rename oneself and choose the interface language (kept in the cookie too, which the
    pages read first)."""
    session = signed_in(request)
    try:
        with database(request).transaction() as s:
            auth.set_display_name(s, session.user.id, display_name, client_ip(request))
            auth.set_ui_language(s, session.user.id, ui_language)
    except Invalid as error:
        return _page(request, error=error, form="profile")
    response = RedirectResponse("/account?done=profile", status_code=303)
    response.set_cookie("poise_lang", ui_language, max_age=365 * 86400, samesite="lax")
    return response


@router.post("/account/password")
def change_password(
    request: Request,
    current_password: Annotated[str, Form()],
    new_password: Annotated[str, Form()],
    confirm_password: Annotated[str, Form()],
) -> Response:
    """A new password; every other browser signed in as this person is signed out."""
    session = signed_in(request)
    if new_password != confirm_password:
        return _page(request, mismatch=True, form="password")
    try:
        with database(request).transaction() as s:
            auth.change_password(
                s,
                session.user.id,
                current_password,
                new_password,
                keep_session=request.state.token,
                ip=client_ip(request),
            )
    except Invalid as error:
        return _page(request, error=error, form="password")
    return RedirectResponse("/account?done=password", status_code=303)


def _page(
    request: Request,
    *,
    notice: str | None = None,
    error: ServiceError | None = None,
    mismatch: bool = False,
    form: str | None = None,
) -> Response:
    session = signed_in(request)
    with database(request).reading() as s:
        me = auth.get_user(s, session.user.id)
        mine = workspaces.my_workspaces(s, session.user.id)
    context: dict[str, Any] = {
        "me": me,
        "mine": mine,
        "notice": notice,
        "error": error,
        "mismatch": mismatch,
        "form": form,
    }
    status = 422 if error is not None or mismatch else 200
    return render(request, "account.html", context, status_code=status)


# Invitations -----------------------------------------------------------------------------------


@router.get("/invitations/{token}", name="invitation_page")
def invitation_page(request: Request, token: str) -> Response:
    """Who invites whom, to which workspace, with which role; anyone with the link may look."""
    try:
        with database(request).reading() as s:
            invitation = auth.get_invitation(s, token)
    except NotFound as error:
        return _invitation(request, token, None, error)
    return _invitation(request, token, invitation)


@router.post("/invitations/{token}")
def accept(
    request: Request,
    token: str,
    display_name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    """Accept: signed in, with that account; otherwise by creating the invited account."""
    try:
        if getattr(request.state, "session", None) is not None:
            return _accept_signed_in(request, token)
        return _accept_with_new_account(request, token, display_name, password)
    except ServiceError as error:
        return _invitation_after(request, token, error, display_name)


def _accept_signed_in(request: Request, token: str) -> Response:
    session = signed_in(request)
    with database(request).transaction() as s:
        actor = auth.accept_invitation(s, token, session.user.id, client_ip(request))
        auth.set_active_workspace(s, request.state.token, actor.workspace_id)
        slug = workspaces.get_workspace(s, actor.workspace_id, actor).slug
    return RedirectResponse(f"/w/{slug}/drafts", status_code=303)


def _accept_with_new_account(
    request: Request, token: str, display_name: str, password: str
) -> Response:
    ip = client_ip(request)
    with database(request).transaction() as s:
        user, actor = auth.accept_invitation_as_new_user(
            s, token, display_name, password, ui_language=locale_of(request), ip=ip
        )
        opened = auth.create_session(
            s, user.id, ip, request.headers.get("user-agent"), workspace_id=actor.workspace_id
        )
        slug = workspaces.get_workspace(s, actor.workspace_id, actor).slug
    response = RedirectResponse(f"/w/{slug}/drafts", status_code=303)
    days = settings_module.current().session_days
    set_session_cookie(response, opened.token, request.url.scheme == "https", days * 86400)
    response.set_cookie("poise_lang", user.ui_language, samesite="lax")
    return response


def _invitation_after(
    request: Request, token: str, error: ServiceError, display_name: str
) -> Response:
    """The invitation page again, saying why it could not be accepted."""
    try:
        with database(request).reading() as s:
            invitation = auth.get_invitation(s, token)
    except NotFound as gone:
        return _invitation(request, token, None, gone)
    return _invitation(request, token, invitation, error, display_name)


def _invitation(
    request: Request,
    token: str,
    invitation: auth.InvitationInfo | None,
    error: ServiceError | None = None,
    display_name: str = "",
) -> Response:
    context = {
        "invitation": invitation,
        "token": token,
        "error": error,
        "display_name": display_name,
    }
    status = 200 if error is None else _STATUS.get(type(error), 422)
    return render(request, "invitation.html", context, status_code=status)
