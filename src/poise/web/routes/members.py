"""The members of a workspace (admins and owners): roles, removal and invitations.

Email is not sent yet, so a new invitation's link is shown once, for the admin to pass on.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from poise.domain import Role, can_assign
from poise.services import auth, workspaces
from poise.services.auth import NewInvitation
from poise.services.errors import Conflict, Invalid, ServiceError
from poise.web.deps import Here, database, here
from poise.web.security import check_csrf
from poise.web.templating import render

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

# What a redirect back to the page may announce (the page words each one).
NOTICES = frozenset({"role_changed", "removed", "revoked"})


@router.get("/w/{slug}/members")
def members_page(request: Request, slug: str, done: str | None = None) -> Response:
    return _page(request, here(request, slug), notice=done if done in NOTICES else None)


@router.post("/w/{slug}/members/{user_id}/role")
def change_role(
    request: Request, slug: str, user_id: int, role: Annotated[str, Form()]
) -> Response:
    place = here(request, slug)
    try:
        with database(request).transaction() as s:
            workspaces.change_role(s, place.workspace.id, place.actor, user_id, role)
    except (Invalid, Conflict) as error:
        return _page(request, place, error=error)
    return _back(place, "role_changed")


@router.post("/w/{slug}/members/{user_id}/remove")
def remove(request: Request, slug: str, user_id: int) -> Response:
    place = here(request, slug)
    try:
        with database(request).transaction() as s:
            workspaces.remove_member(s, place.workspace.id, place.actor, user_id)
    except (Invalid, Conflict) as error:
        return _page(request, place, error=error)
    if user_id == place.actor.user_id:
        return RedirectResponse("/", status_code=303)
    return _back(place, "removed")


@router.post("/w/{slug}/invitations")
def invite(
    request: Request, slug: str, email: Annotated[str, Form()], role: Annotated[str, Form()]
) -> Response:
    """Invite someone; the page shows the link this once."""
    place = here(request, slug)
    try:
        with database(request).transaction() as s:
            created = auth.create_invitation(s, place.workspace.id, place.actor, email, role)
    except (Invalid, Conflict) as error:
        return _page(request, place, error=error, invited={"email": email, "role": role})
    response = _page(request, place, invitation=created)
    response.headers["cache-control"] = "no-store"  # the link must not stay in a cache
    return response


@router.post("/w/{slug}/invitations/{invitation_id}/revoke")
def revoke(request: Request, slug: str, invitation_id: int) -> Response:
    place = here(request, slug)
    with database(request).transaction() as s:
        auth.revoke_invitation(s, place.workspace.id, place.actor, invitation_id)
    return _back(place, "revoked")


def _page(
    request: Request,
    place: Here,
    *,
    notice: str | None = None,
    error: ServiceError | None = None,
    invitation: NewInvitation | None = None,
    invited: dict[str, str] | None = None,
) -> Response:
    """The members page; only those who manage members may see it (the invitations are
    theirs alone, so a viewer gets 403 from the service)."""
    with database(request).reading() as s:
        members = workspaces.list_members(s, place.workspace.id, place.actor)
        pending = auth.list_invitations(s, place.workspace.id, place.actor)
        inviters = auth.display_names(s, (i.invited_by for i in pending))
    context: dict[str, Any] = {
        "here": place,
        "active": "members",
        "members": members,
        "pending": pending,
        "inviters": inviters,
        "assignable": [role.value for role in Role if can_assign(place.actor.role, role)],
        "notice": notice,
        "error": error,
        "invited": invited or {},
        "invitation": invitation,
        "link": _link(request, invitation),
    }
    return render(request, "members.html", context, status_code=_status(error))


def _link(request: Request, invitation: NewInvitation | None) -> str | None:
    if invitation is None:
        return None
    return str(request.url_for("invitation_page", token=invitation.token))


def _status(error: ServiceError | None) -> int:
    if error is None:
        return 200
    return 409 if isinstance(error, Conflict) else 422


def _back(place: Here, notice: str) -> Response:
    return RedirectResponse(f"/w/{place.workspace.slug}/members?done={notice}", status_code=303)
