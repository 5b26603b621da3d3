"""What a page needs to know about the request: the database, who is signed in, and which
workspace it is about (always one the signed-in person belongs to)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from poise.domain import Actor
from poise.services import workspaces
from poise.services.auth import SessionInfo
from poise.services.workspaces import MyWorkspace, WorkspaceInfo
from poise.storage.db import Database


class SignInRequired(Exception):
    """The page needs a signed-in person; the app redirects to the sign-in page."""


def database(request: Request) -> Database:
    """The app's database."""
    found: Database = request.app.state.database
    return found


def client_ip(request: Request) -> str | None:
    """The address the request came from (as the proxy in front of Poise reports it)."""
    return request.client.host if request.client else None


def signed_in(request: Request) -> SessionInfo:
    """The session of the signed-in person, or a redirect to sign in."""
    session: SessionInfo | None = getattr(request.state, "session", None)
    if session is None:
        raise SignInRequired
    return session


@dataclass(frozen=True, slots=True)
class Here:
    """A page of one workspace: who is looking, with which role, and where else they belong."""

    session: SessionInfo
    workspace: WorkspaceInfo
    actor: Actor
    workspaces: list[MyWorkspace]

    @property
    def role(self) -> str:
        return self.actor.role.value


def here(request: Request, slug: str) -> Here:
    """The workspace named by ``slug`` as the signed-in person sees it; NotFound for anyone
    who is not a member, so outsiders cannot even learn that it exists."""
    session = signed_in(request)
    with database(request).reading() as s:
        workspace = workspaces.workspace_by_slug(s, slug)
        actor = workspaces.actor_for(s, workspace.id, session.user.id, client_ip(request))
        mine = workspaces.my_workspaces(s, session.user.id)
    return Here(session, workspace, actor, mine)
