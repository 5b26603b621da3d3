"""The schedule as an iCalendar feed, for the team's own calendar application.

A calendar application cannot sign in, so the feed's address carries a secret token
(``Workspace.feed_token``): whoever has the address reads the schedule, nobody else (a wrong
or missing token is answered like a workspace that does not exist). Renewing the token is how
an address that leaked is turned off.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy.orm import Session

from poise import __version__
from poise.domain import Action, Actor
from poise.services import audit, clock, schedule
from poise.services.access import require
from poise.services.errors import NotFound
from poise.storage.tables import Workspace
from poise.storage.workspaces import Workspaces

# How far back the feed keeps what was published, and how far ahead it looks.
PAST = timedelta(days=90)
AHEAD = timedelta(days=400)
SUMMARY = 60


def feed_token(session: Session, workspace_id: int, actor: Actor) -> str | None:
    """The workspace's feed token, to people who plan posts (``None`` when there is none)."""
    require(actor, workspace_id, Action.PUBLISH)
    return _workspace(session, workspace_id).feed_token


def renew_token(session: Session, workspace_id: int, actor: Actor) -> str:
    """Make the feed's token, or replace it: the old address stops working at once."""
    require(actor, workspace_id, Action.PUBLISH)
    workspace = _workspace(session, workspace_id)
    renewed = workspace.feed_token is not None
    workspace.feed_token = secrets.token_urlsafe(32)
    audit.record(
        session, actor, "workspace.feed_token", "workspace", workspace_id, {"renewed": renewed}
    )
    return workspace.feed_token


def calendar_feed(session: Session, slug: str, token: str | None, base_url: str) -> bytes:
    """The schedule of the workspace ``slug`` as an iCalendar file; ``NotFound`` unless
    ``token`` is its feed token. ``base_url`` is the app's address, for the posts' links."""
    workspace = Workspaces(session).by_slug(slug)
    if workspace is None or not _token_matches(workspace, token):
        raise NotFound("no such feed")
    now = clock.now()
    posts = schedule.planned_between(session, workspace.id, now - PAST, now + AHEAD)
    link = f"{base_url.rstrip('/')}/w/{workspace.slug}/posts/"
    calendar = Calendar()
    calendar.add("prodid", f"-//Poise {__version__}//Schedule//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{workspace.name} · Poise")
    calendar.add("x-wr-timezone", workspace.time_zone)
    for post in posts:
        calendar.add_component(_event(post, link, now))
    return bytes(calendar.to_ical())


def _event(post: schedule.PlannedPost, link: str, now: datetime) -> Event:
    accounts = ", ".join(f"{a.handle} ({a.network})" for a in post.accounts)
    event = Event()
    event.add("uid", f"post-{post.id}@poise")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", post.scheduled_at.astimezone(UTC))
    event.add("summary", schedule.snippet(post.text, SUMMARY))
    event.add("description", f"{post.text}\n\n{accounts}\n{post.state.value}")
    event.add("url", f"{link}{post.id}")
    event.add("status", "CONFIRMED" if post.state.value == "published" else "TENTATIVE")
    return event


def _token_matches(workspace: Workspace, token: str | None) -> bool:
    if not token or workspace.feed_token is None:
        return False
    return hmac.compare_digest(token.encode(), workspace.feed_token.encode())


def _workspace(session: Session, workspace_id: int) -> Workspace:
    workspace = Workspaces(session).get(workspace_id)
    if workspace is None:
        raise NotFound("no such workspace")
    return workspace
