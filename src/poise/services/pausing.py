"""Pausing and resuming publishing: one switch that stops everything not yet sent.

A pause covers one workspace, or (from the command line) every workspace. It takes effect at
once: workers claim nothing from a paused workspace, and a worker that took a post just before
looks again right before sending and gives it back. Resuming first shows everything that would
go out, each post reviewed again in today's world, and lets an admin resume all of it, some of
it (the rest is held, each post with the reason), or keep holding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from poise.domain import Action, Actor
from poise.domain.posts import HoldReason
from poise.services import audit, clock, drafts, publishing
from poise.services.access import require
from poise.services.errors import Conflict, Invalid
from poise.storage.posts import Pauses, Queue
from poise.storage.tables import Draft, Pause

MAX_REASON = 1000
# What "would go out" covers on the resume page: what is overdue, and the next day's posts.
AHEAD = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class PauseView:
    id: int
    workspace_id: int | None
    reason: str
    paused_by: int | None
    paused_at: datetime


@dataclass(frozen=True, slots=True)
class Pending:
    """A post that would go out on resume, with a fresh review of it."""

    draft: drafts.DraftView
    due_at: datetime
    overdue: bool
    review: drafts.ReviewOutcome


def pause(
    session: Session, workspace_id: int | None, actor: Actor | None, reason: str
) -> PauseView:
    """Pause publishing for ``workspace_id``, or everywhere when it is ``None`` (the server's
    operator only). Pausing what is already paused is refused."""
    note = " ".join(reason.split())
    if not note or len(note) > MAX_REASON:
        raise Invalid("say why publishing is paused; the team will read it", "reason")
    if workspace_id is None:
        if actor is not None and not actor.is_system:
            raise Invalid("only the server's operator can pause every workspace", "scope")
        if Queue(session).global_pause() is not None:
            raise Conflict("publishing is already paused everywhere")
    else:
        if actor is not None:
            require(actor, workspace_id, Action.PAUSE_PUBLISHING)
        if Pauses(session, workspace_id).active() is not None:
            raise Conflict("publishing is already paused in this workspace")
    row = Pause(
        workspace_id=workspace_id,
        reason=note,
        paused_by=actor.user_id if actor else None,
        paused_at=clock.now(),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "publishing.paused",
        "pause",
        row.id,
        {"reason": note},
        workspace_id=workspace_id,
    )
    return _view(row)


def active_pause(session: Session, workspace_id: int) -> PauseView | None:
    """The pause that stops this workspace's publishing now (its own, or a global one)."""
    row = Pauses(session, workspace_id).active() or Queue(session).global_pause()
    return None if row is None else _view(row)


def pending(session: Session, workspace_id: int, actor: Actor) -> list[Pending]:
    """Everything that would go out if publishing resumed: posts whose time has come and those
    due in the next day, each reviewed again (overdue ones as of now)."""
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    now = clock.now()
    query = (
        select(Draft)
        .where(
            Draft.workspace_id == workspace_id,
            Draft.state == "scheduled",
            Draft.scheduled_at <= now + AHEAD,
        )
        .order_by(Draft.scheduled_at, Draft.id)
    )
    language = drafts._ui_language(session, actor, None)
    items = []
    for row in session.scalars(query):
        due = row.scheduled_at or now
        content = publishing._content(row)
        review = drafts._review(session, workspace_id, content, language, at=max(due, now))
        items.append(Pending(drafts.draft_view(row), due, due <= now, review))
    return items


def resume(
    session: Session,
    workspace_id: int | None,
    actor: Actor | None,
    keep_held: Iterable[int] = (),
) -> int:
    """Lift the pause. Posts in ``keep_held`` are held (each with the reason) instead of
    going out; returns how many were held."""
    if workspace_id is None:
        if actor is not None and not actor.is_system:
            raise Invalid("only the server's operator can resume every workspace", "scope")
        row = Queue(session).global_pause()
    else:
        if actor is not None:
            require(actor, workspace_id, Action.PAUSE_PUBLISHING)
        row = Pauses(session, workspace_id).active()
    if row is None:
        raise Conflict("publishing is not paused")
    held = 0
    if workspace_id is not None:
        held = _hold(session, workspace_id, actor, keep_held)
    row.lifted_at = clock.now()
    row.lifted_by = actor.user_id if actor else None
    audit.record(
        session,
        actor,
        "publishing.resumed",
        "pause",
        row.id,
        {"kept_held": held},
        workspace_id=workspace_id,
    )
    return held


def _hold(session: Session, workspace_id: int, actor: Actor | None, ids: Iterable[int]) -> int:
    count = 0
    for draft_id in sorted(set(ids)):
        row = session.get(Draft, draft_id)
        if row is None or row.workspace_id != workspace_id or row.state != "scheduled":
            continue
        publishing.hold_post(session, row, actor, HoldReason.RESUME)
        count += 1
    return count


def _view(row: Pause) -> PauseView:
    return PauseView(row.id, row.workspace_id, row.reason, row.paused_by, row.paused_at)
