"""API tokens of a workspace (admins and owners): a token acts in this workspace only, with
the role it was given; its secret is shown once, when it is made."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from poise.domain import Role, can_assign
from poise.services import auth
from poise.services.auth import NewApiToken
from poise.services.errors import Invalid
from poise.web.deps import Here, database, here
from poise.web.security import check_csrf
from poise.web.templating import render

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)


@router.get("/w/{slug}/tokens")
def tokens_page(request: Request, slug: str, done: str | None = None) -> Response:
    return _page(request, here(request, slug), revoked=done == "revoked")


@router.post("/w/{slug}/tokens")
def create(
    request: Request, slug: str, name: Annotated[str, Form()], role: Annotated[str, Form()]
) -> Response:
    """Make a token; the page shows its secret this once."""
    place = here(request, slug)
    try:
        with database(request).transaction() as s:
            made = auth.create_api_token(s, place.workspace.id, place.actor, name, role)
    except Invalid as error:
        return _page(request, place, error=error, sent={"name": name, "role": role})
    response = _page(request, place, made=made)
    response.headers["cache-control"] = "no-store"  # the secret must not stay in a cache
    return response


@router.post("/w/{slug}/tokens/{token_id}/revoke")
def revoke(request: Request, slug: str, token_id: int) -> Response:
    place = here(request, slug)
    with database(request).transaction() as s:
        auth.revoke_api_token(s, place.workspace.id, place.actor, token_id)
    return RedirectResponse(f"/w/{place.workspace.slug}/tokens?done=revoked", status_code=303)


def _page(
    request: Request,
    place: Here,
    *,
    made: NewApiToken | None = None,
    revoked: bool = False,
    error: Invalid | None = None,
    sent: dict[str, str] | None = None,
) -> Response:
    with database(request).reading() as s:
        tokens = auth.list_api_tokens(s, place.workspace.id, place.actor)
        creators = auth.display_names(s, (token.created_by for token in tokens))
    context: dict[str, Any] = {
        "here": place,
        "active": "tokens",
        "tokens": tokens,
        "creators": creators,
        "roles": [r.value for r in Role if r is not Role.OWNER and can_assign(place.actor.role, r)],
        "made": made,
        "revoked": revoked,
        "error": error,
        "sent": sent or {},
        "api_base": str(request.base_url).rstrip("/") + "/api/v1",
    }
    return render(request, "tokens.html", context, status_code=200 if error is None else 422)
