"""World events: listing, declaring and ending them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from poise.services import events
from poise.web.api.deps import Caller
from poise.web.api.errors import api_router
from poise.web.api.models import EventIn, EventOut, EventsOut
from poise.web.deps import database

router = api_router("events")


@router.get("/events", summary="List world events")
def list_events(
    request: Request,
    caller: Caller,
    active_only: Annotated[
        bool, Query(description="Only the events review takes into account now.")
    ] = True,
) -> EventsOut:
    """The events going on now (or the latest 200), newest first."""
    with database(request).reading() as s:
        found = events.list_events(s, caller.workspace_id, caller, active_only=active_only)
    return EventsOut(events=[EventOut.of(e) for e in found])


@router.post("/events", status_code=201, summary="Declare a world event")
def declare_event(request: Request, caller: Caller, event: EventIn) -> EventOut:
    """Declare an event: from now on review is more careful with posts that could read as
    callous where it happens. Any role that writes or approves may declare one."""
    with database(request).transaction() as s:
        declared = events.declare_event(s, caller.workspace_id, caller, event.raw())
    return EventOut.of(declared)


@router.post("/events/{event_id}/end", summary="End a world event")
def end_event(request: Request, caller: Caller, event_id: int) -> EventOut:
    """Declare the event over; review stops taking it into account. Takes the editor,
    approver, admin or owner role."""
    with database(request).transaction() as s:
        return EventOut.of(events.end_event(s, caller.workspace_id, caller, event_id))
