"""Calendar: what day it is where the audience lives when the post goes out.

Reads: the publish time, the audience countries (each read in its own time zone), the
sensitive-date calendar, the post's references to the day and its tone, food and drink.
Emits: ``commemorates`` (the brand marks a solemn day with an image, a product or a cheerful
word: warn, since brands are judged harshly for it; block with a sale or a joke; info for
plain words of remembrance),
``cheerful_on_solemn`` (cheerful, funny or commercial on a solemn day: warn),
``solemn_day`` (info), ``fasting_food`` (food or drink in Ramadan daytime where the audience
fasts: warn), ``observance`` and ``festive`` (info).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time
from zoneinfo import ZoneInfo

from poise.calendar import DateKind, SensitiveDate, dates_on
from poise.review import signals
from poise.review.base import Check, Issue, Post, ReviewContext, Severity, Span
from poise.review.messages import Term
from poise.review.registry import register

# Where most of a country's audience lives; the day is judged on their clock.
_ZONES = {
    "US": "America/New_York",
    "CA": "America/Toronto",
    "GB": "Europe/London",
    "FR": "Europe/Paris",
    "BE": "Europe/Brussels",
    "CH": "Europe/Zurich",
    "JP": "Asia/Tokyo",
    "SA": "Asia/Riyadh",
    "AE": "Asia/Dubai",
    "EG": "Africa/Cairo",
    "MA": "Africa/Casablanca",
    "DZ": "Africa/Algiers",
    "TN": "Africa/Tunis",
    "QA": "Asia/Qatar",
    "KW": "Asia/Kuwait",
    "JO": "Asia/Amman",
    "LB": "Asia/Beirut",
    "AU": "Australia/Sydney",
}
# Fasting runs from dawn to sunset; these bounds hold across the year in the supported
# countries to within an hour, erring towards daytime.
_DAWN, _SUNSET = time(3, 30), time(18, 30)


@register
class CalendarCheck(Check):
    id = "calendar"
    order = 60

    def applies(self, post: Post, context: ReviewContext) -> bool:
        return context.at is not None and bool(context.countries)

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        assert context.at is not None
        for day, local in _days(context.at, context.countries):
            issue = self._judge(post, context, day, local)
            if issue is not None:
                yield issue

    def _judge(
        self, post: Post, context: ReviewContext, day: SensitiveDate, local: datetime
    ) -> Issue | None:
        params = {"day": day.name(context.ui_language), "country": Term("country", day.country)}
        if day.kind is DateKind.SOLEMN:
            return _solemn(post, day, params)
        if day.fasting and _fasting_audience(day, context) and _DAWN <= local.time() < _SUNSET:
            food = post.matches("food_drink")
            if food:
                span, match = food[0]
                return Issue("fasting_food", Severity.WARN, span, match.surface, params)
        if day.kind is DateKind.OBSERVANCE:
            return Issue("observance", Severity.INFO, None, day.key, params)
        return Issue("festive", Severity.INFO, None, day.key, params)


def _solemn(post: Post, day: SensitiveDate, params: dict[str, object]) -> Issue:
    references = post.terms(day.keywords)
    if references:
        span, _, match = references[0]
        # Plain words of remembrance are fine; the mascot holding a flag (SpaghettiOs) and the
        # phone in front of the memorial lights (AT&T) are what people never forgave.
        adorned = bool(post.draft.media) or signals.upbeat(post) or signals.turns_to_content(post)
        severity = Severity.WARN if adorned else Severity.INFO
        if signals.commercial(post) or signals.humorous(post):
            severity = Severity.BLOCK  # a sale or a joke hung on a tragedy
        return Issue("commemorates", severity, span, match.surface, params)
    if signals.upbeat(post):
        return Issue("cheerful_on_solemn", Severity.WARN, _whole(post), day.key, params)
    return Issue("solemn_day", Severity.INFO, None, day.key, params)


def _fasting_audience(day: SensitiveDate, context: ReviewContext) -> bool:
    if context.fasting_audience is not None:
        return context.fasting_audience
    return day.observed_by == "most"


def _days(at: datetime, countries: Iterable[str]) -> list[tuple[SensitiveDate, datetime]]:
    """Each sensitive date at ``at`` in each country, with the local time there."""
    found: list[tuple[SensitiveDate, datetime]] = []
    for country in dict.fromkeys(code.upper() for code in countries):
        local = _local(at, country)
        found.extend((day, local) for day in dates_on(local.date(), [country]))
    return found


def _local(at: datetime, country: str) -> datetime:
    zone = _ZONES.get(country)
    if zone is None or at.tzinfo is None:
        return at
    return at.astimezone(ZoneInfo(zone))


def _whole(post: Post) -> Span:
    return Span(0, len(post.text.text))
