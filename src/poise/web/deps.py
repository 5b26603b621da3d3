"""What a page needs to know about the request: the database, who is signed in, and which
workspace it is about (always one the signed-in person belongs to)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fastapi import Request
from sqlalchemy.orm import Session

from poise.domain import Action, Actor
from poise.services import notifications, pausing, posts, workspaces
from poise.services.auth import SessionInfo
from poise.services.workspaces import MyWorkspace, WorkspaceInfo
from poise.storage.db import Database
from poise.storage.workspaces import Accounts


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
    pause: PauseBanner | None = None
    unread: int = 0  # the reader's unread notifications (the bell)
    to_approve: int = 0  # posts waiting for an approval the reader may give
    broken_accounts: tuple[str, ...] = ()  # handles whose credentials stopped working

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
        pause = pause_banner(s, workspace.id)
        unread = notifications.unread_count(s, session.user.id)
        broken = broken_accounts(s, workspace.id)
        waiting = (
            posts.count_to_approve(s, workspace.id, actor.user_id)
            if actor.can(Action.APPROVE)
            else 0
        )
    return Here(session, workspace, actor, mine, pause, unread, waiting, broken)


@dataclass(frozen=True, slots=True)
class PauseBanner:
    """The pause every page of the workspace announces while publishing is stopped."""

    reason: str
    paused_at: datetime
    paused_by: str | None  # ``None``: the server's operator
    everywhere: bool


def pause_banner(s: Session, workspace_id: int) -> PauseBanner | None:
    found = pausing.active_pause(s, workspace_id)
    if found is None:
        return None
    by = posts.person_name(s, found.paused_by)
    return PauseBanner(found.reason, found.paused_at, by, found.workspace_id is None)


def broken_accounts(s: Session, workspace_id: int) -> tuple[str, ...]:
    """The accounts of the workspace whose credentials stopped working, as "handle (network)"."""
    return tuple(
        f"{row.handle} ({row.network})"
        for row in Accounts(s, workspace_id).list()
        if row.status == "broken"
    )
