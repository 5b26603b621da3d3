"""World events: what is happening in the world that changes how a post reads.

Anyone who writes or approves may declare one (it only makes review more careful); ending one
relaxes review, so it takes ``manage_events`` (see ``poise.domain.roles``). An event with no
declared end stops counting ``OPEN_EVENT_HORIZON`` after it started, as review itself assumes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from poise.domain import Action, Actor
from poise.review import EventCategory, WorldEvent
from poise.review.base import OPEN_EVENT_HORIZON
from poise.review.inputs import InputError, parse_event
from poise.services import audit, clock
from poise.services.access import require
from poise.services.errors import Conflict, Invalid, NotFound
from poise.storage import tables
from poise.storage.events import WorldEvents

MAX_KEYWORDS = 50
MAX_TITLE = 300


@dataclass(frozen=True, slots=True)
class EventInfo:
    id: int
    workspace_id: int
    title: str
    category: EventCategory
    regions: tuple[str, ...]
    starts_at: datetime
    ends_at: datetime | None
    keywords: tuple[str, ...]
    involves_brand: bool
    declared_by: int | None
    created_at: datetime
    ended_at: datetime | None
    active: bool


def list_events(
    session: Session, workspace_id: int, actor: Actor, *, active_only: bool = True
) -> list[EventInfo]:
    """The events going on now (or, with ``active_only=False``, the latest 200), newest first."""
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    now = clock.now()
    repository = WorldEvents(session, workspace_id)
    rows = repository.active(now, OPEN_EVENT_HORIZON) if active_only else repository.all()
    return [_info(row, now) for row in rows]


def declare_event(
    session: Session, workspace_id: int, actor: Actor, raw: Mapping[str, Any]
) -> EventInfo:
    """Declare an event from ``{"title", "category", "regions", "start", "end", "keywords",
    "involves_brand"}``, read as ``poise.review.inputs.parse_event`` reads it; ``start``
    defaults to now."""
    require(actor, workspace_id, Action.DECLARE_EVENTS)
    now = clock.now()
    fields = dict(raw)
    if not fields.get("start"):
        fields["start"] = now.isoformat()
    try:
        event = parse_event(fields, "event")
    except InputError as error:
        raise Invalid(str(error), "event") from None
    _check(event)
    row = WorldEvents(session, workspace_id).add(
        tables.WorldEvent(
            workspace_id=workspace_id,
            title=event.title,
            category=event.category.value,
            regions=list(event.regions),
            starts_at=event.start,
            ends_at=event.end,
            keywords=list(event.keywords),
            involves_brand=event.involves_brand,
            declared_by=actor.user_id,
            created_at=now,
        )
    )
    details = {
        "title": event.title,
        "category": event.category.value,
        "regions": list(event.regions),
    }
    audit.record(session, actor, "event.declared", "world_event", row.id, details)
    return _info(row, now)


def _check(event: WorldEvent) -> None:
    if len(event.title) > MAX_TITLE:
        raise Invalid(
            "event.title: keep it under {max_title} characters", "event", max_title=MAX_TITLE
        )
    if len(event.keywords) > MAX_KEYWORDS:
        raise Invalid(
            "event.keywords: {max_keywords} at most; keep the telling ones",
            "event",
            max_keywords=MAX_KEYWORDS,
        )
    if event.end is not None and event.end <= event.start:
        raise Invalid("event.end: the event must end after it starts", "event")


def end_event(session: Session, workspace_id: int, actor: Actor, event_id: int) -> EventInfo:
    """Declare the event over: review stops taking it into account."""
    require(actor, workspace_id, Action.MANAGE_EVENTS)
    row = WorldEvents(session, workspace_id).get(event_id)
    if row is None:
        raise NotFound("no such world event in this workspace")
    if row.ended_at is not None:
        raise Conflict("this event has already been ended")
    now = clock.now()
    row.ended_at = now
    row.ended_by = actor.user_id
    audit.record(session, actor, "event.ended", "world_event", row.id, {"title": row.title})
    return _info(row, now)


def active_world_events(
    session: Session, workspace_id: int, at: datetime
) -> tuple[WorldEvent, ...]:
    """The workspace's events going on at ``at``, as review reads them."""
    rows = WorldEvents(session, workspace_id).active(at, OPEN_EVENT_HORIZON)
    return tuple(world_event(row) for row in rows)


def world_event(row: tables.WorldEvent) -> WorldEvent:
    return WorldEvent(
        title=row.title,
        category=EventCategory(row.category),
        start=row.starts_at,
        regions=tuple(row.regions),
        end=row.ended_at if row.ended_at is not None else row.ends_at,
        keywords=tuple(row.keywords),
        involves_brand=row.involves_brand,
    )


def _info(row: tables.WorldEvent, now: datetime) -> EventInfo:
    return EventInfo(
        id=row.id,
        workspace_id=row.workspace_id,
        title=row.title,
        category=EventCategory(row.category),
        regions=tuple(row.regions),
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        keywords=tuple(row.keywords),
        involves_brand=row.involves_brand,
        declared_by=row.declared_by,
        created_at=row.created_at,
        ended_at=row.ended_at,
        active=row.ended_at is None and world_event(row).active_at(now),
    )
