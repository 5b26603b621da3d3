"""World events declared in a workspace."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_

from poise.storage.repository import Scoped
from poise.storage.tables import WorldEvent


class WorldEvents(Scoped):
    def get(self, event_id: int) -> WorldEvent | None:
        return self._get(WorldEvent, event_id)

    def add(self, event: WorldEvent) -> WorldEvent:
        return self._add(event)

    def all(self, limit: int = 200) -> list[WorldEvent]:
        query = self._select(WorldEvent).order_by(WorldEvent.starts_at.desc(), WorldEvent.id.desc())
        return list(self.session.scalars(query.limit(limit)))

    def active(self, at: datetime, open_horizon: timedelta) -> list[WorldEvent]:
        """Events going on at ``at``: started, not ended by a person, and either before their
        end or, when open, started less than ``open_horizon`` ago."""
        query = self._select(WorldEvent).where(
            WorldEvent.ended_at.is_(None),
            WorldEvent.starts_at <= at,
            or_(
                WorldEvent.ends_at >= at,
                and_(WorldEvent.ends_at.is_(None), WorldEvent.starts_at >= at - open_horizon),
            ),
        )
        return list(self.session.scalars(query.order_by(WorldEvent.starts_at.desc())))
