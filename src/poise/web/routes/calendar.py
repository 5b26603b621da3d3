"""The content calendar: a month of the sensitive dates of the workspace's audience countries
(holidays, remembrance days, observances), and the world events of that month."""

from __future__ import annotations

import calendar as gregorian
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.core import get_global
from babel.dates import format_skeleton, get_day_names
from fastapi import APIRouter, Request
from fastapi.responses import Response

from poise.calendar import DateKind, sensitive_dates
from poise.review.base import OPEN_EVENT_HORIZON
from poise.services import clock, events
from poise.services.errors import Invalid
from poise.web.deps import database, here
from poise.web.routes.settings import country_names
from poise.web.templating import locale_of, render

router = APIRouter(include_in_schema=False)

_MONTH = re.compile(r"(\d{4})-(\d{2})")
FIRST_YEAR, LAST_YEAR = 1970, 2100


@dataclass(frozen=True, slots=True)
class Entry:
    """One sensitive date on one day, with every audience country that marks it."""

    day: date
    key: str
    kind: DateKind
    name: str
    countries: tuple[str, ...]


@router.get("/w/{slug}/calendar")
def calendar_page(request: Request, slug: str, month: str | None = None) -> Response:
    place = here(request, slug)
    zone = ZoneInfo(place.workspace.time_zone)
    today = clock.now().astimezone(zone).date()
    first = parse_month(month) if month else today.replace(day=1)
    last = first.replace(day=gregorian.monthrange(first.year, first.month)[1])
    with database(request).reading() as s:
        found = events.list_events(s, place.workspace.id, place.actor, active_only=False)
    locale = locale_of(request)
    entries = month_entries(place.workspace.audience_countries, first, last, locale)
    names = country_names(locale)
    context: dict[str, Any] = {
        "here": place,
        "active": "calendar",
        "title": format_skeleton("yMMMM", first, locale=locale),
        "weekdays": weekday_names(locale),
        "weeks": weeks(first, last, first_weekday(locale)),
        "entries": entries,
        "by_day": _by_day(entries),
        "day_names": {e.day: format_skeleton("MMMMEEEEd", e.day, locale=locale) for e in entries},
        "countries": names,
        "audience": [names.get(code, code) for code in place.workspace.audience_countries],
        "events": overlapping(found, first, last, zone),
        "today": today,
        "previous": _shift(first, -1),
        "next": _shift(first, 1),
        "current": today.strftime("%Y-%m"),
    }
    return render(request, "calendar.html", context)


def parse_month(value: str) -> date:
    """``YYYY-MM`` as the first day of that month."""
    found = _MONTH.fullmatch(value.strip())
    if found is None or not 1 <= int(found[2]) <= 12:
        raise Invalid(f"month: {value!r} is not a month; write it like 2026-11", "month")
    if not FIRST_YEAR <= int(found[1]) <= LAST_YEAR:
        raise Invalid(f"month: the calendar covers {FIRST_YEAR} to {LAST_YEAR}", "month")
    return date(int(found[1]), int(found[2]), 1)


def _shift(first: date, months: int) -> str | None:
    index = first.year * 12 + first.month - 1 + months
    year, month = divmod(index, 12)
    return f"{year:04d}-{month + 1:02d}" if FIRST_YEAR <= year <= LAST_YEAR else None


@cache
def first_weekday(locale: str) -> int:
    """The first day of the week where the locale is most spoken (0 is Monday): Sunday in the
    United States and Japan, Saturday in Egypt, Monday in France."""
    likely = get_global("likely_subtags").get(locale, locale)
    return int(Locale.parse(likely).first_week_day)


def weekday_names(locale: str) -> list[tuple[str, str]]:
    """(short, full) names of the days, starting with the locale's first day of the week."""
    short = get_day_names("abbreviated", locale=locale)
    full = get_day_names("wide", locale=locale)
    start = first_weekday(locale)
    return [(short[(start + i) % 7], full[(start + i) % 7]) for i in range(7)]


def weeks(first: date, last: date, start: int) -> list[list[date | None]]:
    """The month as weeks of seven days (``None`` outside the month)."""
    padding = (first.weekday() - start) % 7
    days: list[date | None] = [None] * padding
    days += [first + timedelta(days=n) for n in range((last - first).days + 1)]
    days += [None] * (-len(days) % 7)
    return [days[i : i + 7] for i in range(0, len(days), 7)]


def month_entries(countries: tuple[str, ...], first: date, last: date, locale: str) -> list[Entry]:
    """The sensitive dates of ``countries`` in the month, one entry per day and observance."""
    merged: dict[tuple[date, str], list[Any]] = {}
    for country in countries:
        for found in sensitive_dates(country, first, last):
            key = (found.day, found.key)
            merged.setdefault(key, [found, []])[1].append(found.country)
    return [
        Entry(day, key, found.kind, found.name(locale), tuple(codes))
        for (day, key), (found, codes) in sorted(merged.items())
    ]


def _by_day(entries: list[Entry]) -> dict[date, list[Entry]]:
    grouped: dict[date, list[Entry]] = {}
    for entry in entries:
        grouped.setdefault(entry.day, []).append(entry)
    return grouped


def overlapping(
    found: list[events.EventInfo], first: date, last: date, zone: ZoneInfo
) -> list[events.EventInfo]:
    """Events that were going on at some moment of the month (an open event counts for
    ``OPEN_EVENT_HORIZON``, as review counts it), earliest first."""
    start = datetime.combine(first, time.min, zone)
    end = datetime.combine(last, time.max, zone)
    kept = [e for e in found if e.starts_at <= end and _end_of(e) >= start]
    return sorted(kept, key=lambda e: (e.starts_at, e.id))


def _end_of(event: events.EventInfo) -> datetime:
    return event.ended_at or event.ends_at or event.starts_at + OPEN_EVENT_HORIZON
