"""The audit trail: every change, who made it, when and from where.

``record`` is called by every service that changes something, in the same transaction, so a
change and its audit event are stored together or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict, Unpack

from sqlalchemy.orm import Session

from poise.domain import Action, Actor
from poise.services import clock
from poise.services.access import require
from poise.storage.audit import AuditLog, append
from poise.storage.tables import AuditEvent

MAX_PAGE = 500


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    workspace_id: int | None
    actor_user_id: int | None
    actor_token_id: int | None
    action: str
    subject_type: str
    subject_id: str | None
    details: Mapping[str, Any]
    ip: str | None
    at: datetime


class Where(TypedDict, total=False):
    """Where an event belongs and who caused it, for events without an actor."""

    workspace_id: int | None
    user_id: int | None
    ip: str | None


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    subject_type: str,
    subject_id: object = None,
    details: Mapping[str, Any] | None = None,
    **where: Unpack[Where],
) -> None:
    """Write one audit event. With an ``actor``, the event belongs to the actor's workspace and
    names the actor; without one (sign-in, new accounts), ``workspace_id``, ``user_id`` and
    ``ip`` say where it belongs and who did it."""
    write(session, [event(actor, action, subject_type, subject_id, details, **where)])


def event(
    actor: Actor | None,
    action: str,
    subject_type: str,
    subject_id: object = None,
    details: Mapping[str, Any] | None = None,
    **where: Unpack[Where],
) -> dict[str, Any]:
    """An audit event as ``record`` reads its arguments, not yet written: for ``write``."""
    workspace_id, user_id, ip = where.get("workspace_id"), where.get("user_id"), where.get("ip")
    if actor is not None:
        workspace_id, user_id, ip = actor.workspace_id, actor.user_id, actor.ip
    return {
        "workspace_id": workspace_id,
        "actor_user_id": user_id,
        "actor_token_id": actor.token_id if actor else None,
        "action": action,
        "subject_type": subject_type,
        "subject_id": None if subject_id is None else str(subject_id),
        "details": dict(details or {}),
        "ip": ip,
        "at": clock.now(),
    }


def write(session: Session, events: list[dict[str, Any]]) -> None:
    """Write events made by ``event``, in one statement."""
    append(session, events)


def list_audit(
    session: Session,
    workspace_id: int,
    actor: Actor,
    limit: int = 100,
    before_id: int | None = None,
) -> list[AuditEntry]:
    """The workspace's newest audit events (admins and owners), ``limit`` at a time; pass the
    last id seen as ``before_id`` for the next page."""
    require(actor, workspace_id, Action.VIEW_AUDIT)
    rows = AuditLog(session, workspace_id).page(max(1, min(limit, MAX_PAGE)), before_id)
    return [_entry(row) for row in rows]


def _entry(row: AuditEvent) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        workspace_id=row.workspace_id,
        actor_user_id=row.actor_user_id,
        actor_token_id=row.actor_token_id,
        action=row.action,
        subject_type=row.subject_type,
        subject_id=row.subject_id,
        details=row.details,
        ip=row.ip,
        at=row.at,
    )
