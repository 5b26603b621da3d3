"""The content calendar: a month (or a week) of the sensitive dates of the workspace's audience
countries (holidays, remembrance days, observances), the world events of that month, and the
posts planned or sent then, each of which can be moved to another time from here (a form; with
JavaScript, also by dragging it onto another day). The schedule is also an iCalendar feed."""

from __future__ import annotations

import calendar as gregorian
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.core import get_global
from babel.dates import format_skeleton, format_time, get_day_names
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from poise.calendar import DateKind, sensitive_dates
from poise.domain import Action
from poise.domain.posts import PostState
from poise.review.base import OPEN_EVENT_HORIZON
from poise.services import clock, events, feeds, publishing, schedule
from poise.services.errors import Conflict, Invalid, ServiceError
from poise.web.deps import Here, database, here
from poise.web.routes.settings import country_names
from poise.web.security import check_csrf
from poise.web.templating import locale_of, render

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_LOCAL_INPUT = "%Y-%m-%dT%H:%M"
NOTICES = frozenset({"moved", "moved_review"})
FIRST_YEAR, LAST_YEAR = 1970, 2100


@dataclass(frozen=True, slots=True)
class Entry:
    """One sensitive date on one day, with every audience country that marks it."""

    day: date
    key: str
    kind: DateKind
    name: str
    countries: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PostItem:
    """A post on the calendar, at its local time, with the solemn days it lands on."""

    post: schedule.PlannedPost
    local: datetime
    time: str
    solemn: tuple[str, ...]

    @property
    def input_value(self) -> str:
        return self.local.strftime(_LOCAL_INPUT)


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a post could not be moved: a service's message, or this page's own ``code``."""

    post_id: int
    message: str | None = None
    code: str | None = None


@router.get("/w/{slug}/calendar")
def calendar_page(
    request: Request,
    slug: str,
    month: str | None = None,
    week: str | None = None,
    done: str | None = None,
) -> Response:
    place = here(request, slug)
    notice = done if done in NOTICES else None
    return _calendar(request, place, month, week, notice=notice)


def _calendar(
    request: Request,
    place: Here,
    month: str | None,
    week: str | None,
    *,
    notice: str | None = None,
    failure: Failure | None = None,
    status_code: int = 200,
) -> Response:
    zone = ZoneInfo(place.workspace.time_zone)
    today = clock.now().astimezone(zone).date()
    if week:
        context = _week_context(request, place, parse_week(week), today)
    else:
        context = _month_context(request, place, parse_month(month) if month else None, today)
    context.update({"notice": notice, "failure": failure, "may_move": _may_move(place)})
    return render(request, "calendar.html", context, status_code=status_code)


def _month_context(
    request: Request, place: Here, first: date | None, today: date
) -> dict[str, Any]:
    first = first or today.replace(day=1)
    last = first.replace(day=gregorian.monthrange(first.year, first.month)[1])
    context = _shared_context(request, place, first, last, today)
    locale = context["locale"]
    context.update(
        {
            "view": "month",
            "back": f"month={first:%Y-%m}",
            "title": format_skeleton("yMMMM", first, locale=locale),
            "weekdays": weekday_names(locale),
            "weeks": weeks(first, last, first_weekday(locale)),
            "previous": _shift(first, -1),
            "next": _shift(first, 1),
            "current": today.strftime("%Y-%m"),
            "this_week": iso_week(today),
        }
    )
    return context


def _week_context(request: Request, place: Here, monday: date, today: date) -> dict[str, Any]:
    sunday = monday + timedelta(days=6)
    context = _shared_context(request, place, monday, sunday, today)
    locale = context["locale"]
    days = [monday + timedelta(days=n) for n in range(7)]
    context.update(
        {
            "view": "week",
            "back": f"week={iso_week(monday)}",
            "title": _week_title(monday, sunday, locale),
            "days": days,
            "day_headings": {d: format_skeleton("MMMEd", d, locale=locale) for d in days},
            "previous": iso_week(monday - timedelta(days=7)),
            "next": iso_week(monday + timedelta(days=7)),
            "current": iso_week(today),
            "month_of_week": f"{monday:%Y-%m}",
        }
    )
    return context


def _shared_context(
    request: Request, place: Here, first: date, last: date, today: date
) -> dict[str, Any]:
    zone = ZoneInfo(place.workspace.time_zone)
    locale = locale_of(request)
    start = datetime.combine(first, time.min, zone)
    end = datetime.combine(last + timedelta(days=1), time.min, zone)
    with database(request).reading() as s:
        found = events.list_events(s, place.workspace.id, place.actor, active_only=False)
        posts = schedule.posts_between(s, place.workspace.id, place.actor, start, end)
    entries = month_entries(place.workspace.audience_countries, first, last, locale)
    by_day = _by_day(entries)
    names = country_names(locale)
    return {
        "here": place,
        "active": "calendar",
        "locale": locale,
        "entries": entries,
        "by_day": by_day,
        "posts_by_day": posts_by_day(posts, zone, locale, by_day),
        "day_names": {e.day: format_skeleton("MMMMEEEEd", e.day, locale=locale) for e in entries},
        "countries": names,
        "audience": [names.get(code, code) for code in place.workspace.audience_countries],
        "events": overlapping(found, first, last, zone),
        "today": today,
    }


def posts_by_day(
    posts: list[schedule.PlannedPost],
    zone: ZoneInfo,
    locale: str,
    by_day: dict[date, list[Entry]],
) -> dict[date, list[PostItem]]:
    """The posts on each local day, in time order, each with the solemn dates of its day."""
    grouped: dict[date, list[PostItem]] = {}
    for post in posts:
        local = post.scheduled_at.astimezone(zone)
        solemn = tuple(e.name for e in by_day.get(local.date(), []) if e.kind is DateKind.SOLEMN)
        item = PostItem(post, local, format_time(local, "short", locale=locale), solemn)
        grouped.setdefault(local.date(), []).append(item)
    return grouped


def _may_move(place: Here) -> bool:
    return place.actor.can(Action.WRITE_DRAFTS)


def _week_title(monday: date, sunday: date, locale: str) -> str:
    return f"{format_skeleton('MMMd', monday, locale=locale)} – {format_skeleton('yMMMd', sunday, locale=locale)}"


def iso_week(day: date) -> str:
    """``2026-W48``: the ISO week of ``day``."""
    year, number, _ = day.isocalendar()
    return f"{year:04d}-W{number:02d}"


def parse_week(value: str) -> date:
    """``YYYY-Www`` (ISO week) as its Monday."""
    found = _WEEK.fullmatch(value.strip())
    problem = f"week: {value!r} is not a week; write it like 2026-W48"
    if found is None:
        raise Invalid(problem, "week")
    if not FIRST_YEAR <= int(found[1]) <= LAST_YEAR:
        raise Invalid(
            "week: the calendar covers {first_year} to {last_year}",
            "week",
            first_year=FIRST_YEAR,
            last_year=LAST_YEAR,
        )
    try:
        return date.fromisocalendar(int(found[1]), int(found[2]), 1)
    except ValueError:
        raise Invalid(problem, "week") from None


# Moving a post ----------------------------------------------------------------------------------


@router.post("/w/{slug}/calendar/posts/{post_id}/reschedule")
def reschedule_post(
    request: Request,
    slug: str,
    post_id: int,
    at: Annotated[str, Form()],
    version: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
) -> Response:
    """Move a planned post to ``at`` (local time of the workspace); the page says why when it
    cannot be moved there."""
    place = here(request, slug)
    month, week = _view_of(back)
    zone = ZoneInfo(place.workspace.time_zone)
    moment = _local_moment(at, zone)
    if moment is None:
        failure = Failure(post_id, code="bad_time")
        return _calendar(request, place, month, week, failure=failure, status_code=422)
    try:
        with database(request).transaction() as s:
            outcome = publishing.reschedule(
                s, place.workspace.id, place.actor, post_id, moment, _version(version)
            )
    except (Invalid, Conflict) as error:
        failure = Failure(post_id, message=error.message)
        return _calendar(request, place, month, week, failure=failure, status_code=_status(error))
    notice = "moved_review" if outcome.state is PostState.IN_REVIEW else "moved"
    view = f"week={week}" if week else f"month={month or f'{moment:%Y-%m}'}"
    url = f"/w/{place.workspace.slug}/calendar?{view}&done={notice}#post-{post_id}"
    return RedirectResponse(url, status_code=303)


def _local_moment(value: str, zone: ZoneInfo) -> datetime | None:
    try:
        return datetime.strptime(value.strip(), _LOCAL_INPUT).replace(tzinfo=zone)
    except ValueError:
        return None


def _view_of(back: str) -> tuple[str | None, str | None]:
    """(month, week) to show again, from ``month=YYYY-MM`` or ``week=YYYY-Www``."""
    name, _, value = back.partition("=")
    if name == "month" and _MONTH.fullmatch(value):
        return value, None
    if name == "week" and _WEEK.fullmatch(value):
        return None, value
    return None, None


def _version(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


def _status(error: ServiceError) -> int:
    return 409 if isinstance(error, Conflict) else 422


# The feed ---------------------------------------------------------------------------------------


@router.get("/w/{slug}/schedule.ics")
def schedule_feed(request: Request, slug: str, token: str | None = None) -> Response:
    """The schedule for calendar applications; 404 without the workspace's feed token."""
    with database(request).reading() as s:
        body = feeds.calendar_feed(s, slug, token, str(request.base_url))
    headers = {"cache-control": "private, max-age=300"}
    return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)


def parse_month(value: str) -> date:
    """``YYYY-MM`` as the first day of that month."""
    found = _MONTH.fullmatch(value.strip())
    if found is None or not 1 <= int(found[2]) <= 12:
        raise Invalid(
            "month: {value!r} is not a month; write it like 2026-11", "month", value=value
        )
    if not FIRST_YEAR <= int(found[1]) <= LAST_YEAR:
        raise Invalid(
            "month: the calendar covers {first_year} to {last_year}",
            "month",
            first_year=FIRST_YEAR,
            last_year=LAST_YEAR,
        )
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
