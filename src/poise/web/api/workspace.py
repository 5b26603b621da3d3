"""The token's workspace."""

from __future__ import annotations

from fastapi import Request

from poise.services import workspaces
from poise.web.api.deps import Caller
from poise.web.api.errors import api_router
from poise.web.api.models import WorkspaceOut
from poise.web.deps import database

router = api_router("workspace")


@router.get("/workspace", summary="The workspace and its settings")
def get_workspace(request: Request, caller: Caller) -> WorkspaceOut:
    """The workspace the token belongs to: its time zone, audience and rules, as review
    reads them."""
    with database(request).reading() as s:
        info = workspaces.get_workspace(s, caller.workspace_id, caller)
    return WorkspaceOut.of(info)
