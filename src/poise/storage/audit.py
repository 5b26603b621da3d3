"""The audit trail. Append-only: this module can add and read rows, nothing else."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from poise.storage.tables import AuditEvent


class AuditLog:
    """Audit events of one workspace (or, with ``workspace_id=None``, of no workspace:
    sign-ins and accounts)."""

    def __init__(self, session: Session, workspace_id: int | None) -> None:
        self.session = session
        self.workspace_id = workspace_id

    def add(self, event: AuditEvent) -> AuditEvent:
        if event.workspace_id != self.workspace_id:
            raise ValueError("an audit event added through a log belongs to its workspace")
        self.session.add(event)
        self.session.flush()
        return event

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
