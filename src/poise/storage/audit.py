"""The audit trail. Append-only: this module can add and read rows, nothing else."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from poise.storage.tables import AuditEvent


class AuditLog:
    """Audit events of one workspace (or, with ``workspace_id=None``, of no workspace:
    sign-ins and accounts)."""

    def __init__(self, session: Session, workspace_id: int | None) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def page(self, limit: int, before_id: int | None = None) -> list[AuditEvent]:
        """The newest events, ``limit`` of them, older than event ``before_id`` when given."""
        scope = (
            AuditEvent.workspace_id.is_(None)
            if self.workspace_id is None
            else AuditEvent.workspace_id == self.workspace_id
        )
        query = select(AuditEvent).where(scope)
        if before_id is not None:
            query = query.where(AuditEvent.id < before_id)
        return list(self.session.scalars(query.order_by(AuditEvent.id.desc()).limit(limit)))


def append(session: Session, events: Sequence[Mapping[str, Any]]) -> None:
    """Add audit events, given as their columns' values, in one statement however many there
    are (a worker records a whole batch of sends at once)."""
    if events:
        session.execute(insert(AuditEvent), [dict(event) for event in events])
