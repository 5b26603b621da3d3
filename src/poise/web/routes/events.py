"""World events: what is going on that changes how a post reads. Anyone who writes or approves
may declare one; ending one relaxes review, so it is kept to ``manage_events``."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from poise.domain import Action
from poise.review import EventCategory
from poise.services import events
from poise.services.errors import Conflict, Invalid, ServiceError
from poise.web.deps import Here, database, here
from poise.web.routes.settings import country_names
from poise.web.security import check_csrf
from poise.web.templating import locale_of, render

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

NOTICES = frozenset({"declared", "ended"})
_LIST = re.compile(r"[,،、\s]+")
_LOCAL = "%Y-%m-%dT%H:%M"


@router.get("/w/{slug}/events")
def events_page(request: Request, slug: str, done: str | None = None) -> Response:
    return _page(request, here(request, slug), notice=done if done in NOTICES else None)


@router.post("/w/{slug}/events")
def declare(
    request: Request,
    slug: str,
    title: Annotated[str, Form()],
    category: Annotated[str, Form()],
    regions: Annotated[str, Form()] = "",
    keywords: Annotated[str, Form()] = "",
    involves_brand: Annotated[bool, Form()] = False,
    start: Annotated[str, Form()] = "",
    end: Annotated[str, Form()] = "",
) -> Response:
    place = here(request, slug)
    sent = {
        "title": title,
        "category": category,
        "regions": regions,
        "keywords": keywords,
        "involves_brand": involves_brand,
        "start": start,
        "end": end,
    }
    try:
        raw = _event(sent, place.workspace.time_zone)
        with database(request).transaction() as s:
            events.declare_event(s, place.workspace.id, place.actor, raw)
    except Invalid as error:
        return _page(request, place, error=error, sent=sent)
    return _back(place, "declared")


@router.post("/w/{slug}/events/{event_id}/end")
def end_event(request: Request, slug: str, event_id: int) -> Response:
    place = here(request, slug)
    try:
        with database(request).transaction() as s:
            events.end_event(s, place.workspace.id, place.actor, event_id)
    except Conflict as error:
        return _page(request, place, error=error)
    return _back(place, "ended")


def _event(sent: dict[str, Any], zone: str) -> dict[str, Any]:
    """What the form says, as ``events.declare_event`` reads it."""
    return {
        "title": sent["title"],
        "category": sent["category"],
        "regions": [code.upper() for code in _items(sent["regions"])],
        "keywords": [word.strip() for word in sent["keywords"].split(",") if word.strip()],
        "involves_brand": sent["involves_brand"],
        "start": _moment(sent["start"], zone, "start"),
        "end": _moment(sent["end"], zone, "end"),
    }


def _items(text: str) -> list[str]:
    return [item for item in _LIST.split(text) if item]


def _moment(value: str, zone: str, field: str) -> str | None:
    """A ``datetime-local`` value, read in the workspace's time zone, as ISO 8601."""
    if not value.strip():
        return None
    try:
        local = datetime.strptime(value.strip()[:16], _LOCAL)
    except ValueError:
        raise Invalid(
            "{name}: {value!r} is not a date and time; write it like 2026-12-07T09:00",
            field,
            name=field,
            value=value,
        ) from None
    return local.replace(tzinfo=ZoneInfo(zone)).isoformat()


def _page(
    request: Request,
    place: Here,
    *,
    notice: str | None = None,
    error: ServiceError | None = None,
    sent: dict[str, Any] | None = None,
) -> Response:
    with database(request).reading() as s:
        found = events.list_events(s, place.workspace.id, place.actor, active_only=False)
    context: dict[str, Any] = {
        "here": place,
        "active": "events",
        "events": active_first(found),
        "categories": [category.value for category in EventCategory],
        "countries": country_names(locale_of(request)),
        "may_declare": place.actor.can(Action.DECLARE_EVENTS),
        "may_end": place.actor.can(Action.MANAGE_EVENTS),
        "sent": sent or {},
        "notice": notice,
        "error": error,
    }
    status = 200 if error is None else 409 if isinstance(error, Conflict) else 422
    return render(request, "events.html", context, status_code=status)


def active_first(found: list[events.EventInfo]) -> list[events.EventInfo]:
    """Events going on now first, then the others, each newest first as listed."""
    return [e for e in found if e.active] + [e for e in found if not e.active]


def _back(place: Here, notice: str) -> Response:
    return RedirectResponse(f"/w/{place.workspace.slug}/events?done={notice}", status_code=303)
