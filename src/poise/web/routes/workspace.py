"""Moving between the workspaces one belongs to."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from poise.services import workspaces
from poise.web.deps import database, here
from poise.web.security import check_csrf

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)


@router.post("/w/{slug}/switch")
def switch(request: Request, slug: str, target: Annotated[str, Form(alias="slug")]) -> Response:
    """Work in the workspace ``target`` from now on (the person must belong to it; an outsider
    gets 404, as for any page of a workspace)."""
    here(request, slug)  # the form is sent from a page of a workspace the person is in
    with database(request).transaction() as s:
        chosen = workspaces.workspace_by_slug(s, target)
        workspaces.switch_workspace(s, request.state.token, chosen.id)
    return RedirectResponse(f"/w/{chosen.slug}/drafts", status_code=303)
