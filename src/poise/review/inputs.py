"""Reading drafts, events and contexts from JSON, with errors a person can act on.

Used by ``poise check`` and anything else that takes review requests as JSON. Every error says
which field is wrong, what was expected and how to fix it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from poise.networks import UnknownNetworkError, limits
from poise.review.base import Draft, EventCategory, Media, ReviewContext, WorldEvent
from poise.text.languages import supported

# Longer than any network allows, by far: reviewing more would only slow everyone down.
MAX_TEXT = 100_000


class InputError(ValueError):
    """Input that cannot be reviewed; the message says what is wrong and how to fix it."""


@dataclass(frozen=True, slots=True)
class Request:
    """One review request: the draft, its context, and the caller's id for it."""

    id: Any
    draft: Draft
    context: ReviewContext


def parse_time(value: Any, field: str = "at") -> datetime:
    """An ISO-8601 moment; one without a time zone is taken as UTC."""
    if not isinstance(value, str):
        raise InputError(
            f"{field}: expected an ISO-8601 date and time such as 2026-12-07T09:00:00-05:00"
        )
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"{field}: {value!r} is not an ISO-8601 date and time; write it like 2026-12-07T09:00:00-05:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_event(raw: Any, where: str = "event") -> WorldEvent:
    """A world event from ``{"title", "category", "regions", "start", "end", "keywords",
    "involves_brand"}``."""
    if not isinstance(raw, Mapping):
        raise InputError(
            f"{where}: expected an object with title, category, regions, start, keywords"
        )
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise InputError(f"{where}.title: give the event a title")
    categories = ", ".join(c.value for c in EventCategory)
    try:
        category = EventCategory(str(raw.get("category", "other")))
    except ValueError:
        raise InputError(
            f"{where}.category: {raw.get('category')!r} is not one of {categories}"
        ) from None
    end = raw.get("end")
    return WorldEvent(
        title=title.strip(),
        category=category,
        start=parse_time(raw.get("start"), f"{where}.start"),
        end=None if end is None else parse_time(end, f"{where}.end"),
        regions=parse_countries(raw.get("regions", []), f"{where}.regions"),
        keywords=_strings(raw.get("keywords", []), f"{where}.keywords"),
        involves_brand=_boolean(raw.get("involves_brand", False), f"{where}.involves_brand"),
    )


def parse_events(raw: Any, where: str = "events") -> tuple[WorldEvent, ...]:
    """A list of events (or ``{"events": [...]}``)."""
    if isinstance(raw, Mapping) and "events" in raw:
        raw = raw["events"]
    if not isinstance(raw, list):
        raise InputError(f"{where}: expected a list of events")
    return tuple(parse_event(item, f"{where}[{index}]") for index, item in enumerate(raw))


def parse_request(raw: Any, defaults: Request) -> Request:
    """A request from one JSON object of ``poise check --batch``; fields it lacks come from
    ``defaults`` (the command line's options)."""
    if not isinstance(raw, Mapping):
        raise InputError('expected a JSON object with at least a "text" field')
    text = raw.get("text")
    if not isinstance(text, str):
        raise InputError('text: give the post\'s text as a string, e.g. {"text": "Hello"}')
    base, context = defaults.draft, defaults.context
    draft = Draft(
        text=check_text(text),
        language=parse_language(raw["lang"]) if raw.get("lang") else base.language,
        network=parse_network(raw["network"]) if raw.get("network") else base.network,
        media=_media(raw["media"]) if "media" in raw else base.media,
        reply_to=_optional_text(raw.get("reply_to"), "reply_to") or base.reply_to,
    )
    context = replace(
        context,
        at=parse_time(raw["at"]) if raw.get("at") else context.at,
        countries=parse_countries(raw["country"], "country")
        if raw.get("country")
        else context.countries,
        events=parse_events(raw["events"]) if "events" in raw else context.events,
    )
    return Request(raw.get("id"), draft, context)


def check_text(text: str) -> str:
    """The text, refused when it is too long to be a post."""
    if len(text) > MAX_TEXT:
        raise InputError(
            f"text: {len(text):,} characters; Poise reviews posts up to {MAX_TEXT:,} characters. "
            "Split it into posts."
        )
    return text


def parse_language(value: Any) -> str:
    """A supported language code."""
    codes = supported()
    if not isinstance(value, str) or value.lower() not in codes:
        raise InputError(f"lang: {value!r} is not supported; use one of {', '.join(codes)}")
    return value.lower()


def parse_network(value: Any) -> str:
    """A network Poise knows."""
    try:
        limits(str(value).lower())
    except UnknownNetworkError as error:
        raise InputError(f"network: {error}") from None
    return str(value).lower()


def _media(raw: Any) -> tuple[Media, ...]:
    if not isinstance(raw, list):
        raise InputError(
            'media: expected a list such as [{"kind": "image", "alt": "A cup of soup"}]'
        )
    found = []
    for index, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise InputError(f"media[{index}]: expected an object with kind and alt")
        alt = _optional_text(item.get("alt"), f"media[{index}].alt")
        found.append(Media(kind=str(item.get("kind", "image")), alt=alt))
    return tuple(found)


def _optional_text(value: Any, field: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise InputError(f"{field}: expected text")


def parse_countries(value: Any, field: str) -> tuple[str, ...]:
    codes = [value] if isinstance(value, str) else value
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise InputError(f'{field}: expected a country code such as "US" or a list of them')
    bad = [c for c in codes if len(c) != 2 or not c.isalpha()]
    if bad:
        raise InputError(
            f"{field}: {', '.join(map(repr, bad))} is not a two-letter ISO country code"
        )
    return tuple(c.upper() for c in codes)


def _strings(value: Any, field: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InputError(f'{field}: expected a list of words, e.g. ["Boston", "#BostonMarathon"]')
    return tuple(item for item in value if item.strip())


def _boolean(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(f"{field}: expected true or false")
    return value
