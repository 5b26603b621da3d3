"""Telling members what needs them: a post waits for their approval, theirs was approved,
rejected, held, failed or expired, an account stopped working, someone mentioned them.

A notification has a ``kind`` and plain ``details``; the web app words it in the reader's
language, so nothing here is English text a reader would see.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from poise.domain import Action, Role, can
from poise.services import clock
from poise.storage.posts import Notifications
from poise.storage.tables import Notification
from poise.storage.workspaces import Members

PAGE = 50


class Kind(StrEnum):
    TO_APPROVE = "to_approve"
    APPROVED = "approved"
    REJECTED = "rejected"
    HELD = "held"
    FAILED = "failed"
    EXPIRED = "expired"
    PUBLISHED = "published"
    ACCOUNT_BROKEN = "account_broken"
    MENTIONED = "mentioned"


@dataclass(frozen=True, slots=True)
class NotificationView:
    id: int
    workspace_id: int
    kind: str
    draft_id: int | None
    details: Mapping[str, Any]
    created_at: datetime
    read: bool


def notify(
    session: Session,
    workspace_id: int,
    user_ids: Iterable[int | None],
    kind: Kind,
    draft_id: int | None = None,
    details: Mapping[str, Any] | None = None,
) -> int:
    """Notify each of ``user_ids`` (once each; ``None`` is skipped); returns how many."""
    now = clock.now()
    people = {user_id for user_id in user_ids if user_id is not None}
    for user_id in sorted(people):
        session.add(
            Notification(
                workspace_id=workspace_id,
                user_id=user_id,
                kind=kind.value,
                draft_id=draft_id,
                details=dict(details or {}),
                created_at=now,
            )
        )
    session.flush()
    return len(people)


def members_who_can(session: Session, workspace_id: int, action: Action) -> list[int]:
    """The members of the workspace whose role allows ``action``."""
    return [
        membership.user_id
        for membership, user in Members(session, workspace_id).list()
        if can(Role(membership.role), action) and not user.disabled
    ]


def recent(session: Session, user_id: int, limit: int = PAGE) -> list[NotificationView]:
    """A member's newest notifications, across their workspaces."""
    return [_view(row) for row in Notifications(session, user_id).recent(limit)]


def unread_count(session: Session, user_id: int) -> int:
    return Notifications(session, user_id).unread_count()


def mark_read(session: Session, user_id: int, notification_id: int | None = None) -> int:
    """Mark one notification (or all of them) read; returns how many changed."""
    return Notifications(session, user_id).mark_read(clock.now(), notification_id)


def _view(row: Notification) -> NotificationView:
    return NotificationView(
        id=row.id,
        workspace_id=row.workspace_id,
        kind=row.kind,
        draft_id=row.draft_id,
        details=dict(row.details),
        created_at=row.created_at,
        read=row.read_at is not None,
    )
