"""Queries over the calendar: a country's dates in a range, every country's dates on a day.

Both queries go through one cache keyed by (country, year): the first question about a year
computes that year once (a few milliseconds), every later one is a dictionary lookup. That is
what makes :func:`dates_on` cheap enough to call on every review.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from poise.calendar.model import SUPPORTED_COUNTRIES, SensitiveDate, normalize_country
from poise.calendar.owndata import own_dates_in
from poise.calendar.package_holidays import package_dates


def sensitive_dates(country: str, start: datetime.date, end: datetime.date) -> list[SensitiveDate]:
    """Sensitive dates of ``country`` from ``start`` to ``end`` inclusive, by day then key.

    ``country`` is an ISO 3166 alpha-2 code in any case. Raises UnknownCountryError (a
    ValueError whose message lists the supported codes) for an unsupported country, and
    ValueError when ``start`` is after ``end``.
    """
    code = normalize_country(country)
    if start > end:
        raise ValueError(f"start {start.isoformat()} is after end {end.isoformat()}")
    found: list[SensitiveDate] = []
    for year in range(start.year, end.year + 1):
        found.extend(d for d in _year_dates(code, year) if start <= d.day <= end)
    return found


def dates_on(day: datetime.date, countries: Iterable[str]) -> list[SensitiveDate]:
    """Sensitive dates on ``day`` in any of ``countries``, sorted by country then key.

    Codes are matched in any case; unknown codes are ignored (an audience may include countries
    the calendar does not cover). A single code passed as a plain string is accepted too.
    """
    codes = [countries] if isinstance(countries, str) else countries
    found: list[SensitiveDate] = []
    for code in dict.fromkeys(code.strip().upper() for code in codes):
        if code in SUPPORTED_COUNTRIES:
            found.extend(_year_index(code, day.year).get(day, ()))
    return sorted(found, key=lambda date: (date.country, date.key))


@functools.lru_cache(maxsize=512)
def _year_index(country: str, year: int) -> Mapping[datetime.date, tuple[SensitiveDate, ...]]:
    index: dict[datetime.date, list[SensitiveDate]] = {}
    for date in _year_dates(country, year):
        index.setdefault(date.day, []).append(date)
    return MappingProxyType({day: tuple(dates) for day, dates in index.items()})


@functools.lru_cache(maxsize=512)
def _year_dates(country: str, year: int) -> tuple[SensitiveDate, ...]:
    """Every sensitive date of ``country`` in ``year``: our own first, then the package's.

    A package holiday is dropped when its pattern names one of our keys (``same_as``) that
    occurs in this country and year, or when one of our dates has its key on the same day.
    """
    own = own_dates_in(country, year)
    own_keys = {date.key for date in own}
    merged: dict[tuple[datetime.date, str], SensitiveDate] = {(d.day, d.key): d for d in own}
    for candidate in package_dates(country, year):
        date = candidate.date
        if candidate.same_as in own_keys:
            continue
        merged.setdefault((date.day, date.key), date)
    return tuple(sorted(merged.values(), key=lambda date: (date.day, date.key)))
