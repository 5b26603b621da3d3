"""Recurrence rules: when a sensitive date falls in a given Gregorian year.

A rule answers one question, ``occurrences(year)``: the runs of consecutive days that *start* in
``year``. A run may end in the next year (Ramadan or Hanukkah across New Year); callers that want
the days of one year ask for the previous year's runs as well.

The rule forms are documented in ``data/README.md``; :func:`parse_rule` turns one TOML table into
a rule and rejects anything it does not understand, so a typo in a data file fails loudly.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import holidays
from dateutil.easter import (  # type: ignore[import-untyped]  # dateutil ships no type hints
    EASTER_ORTHODOX,
    EASTER_WESTERN,
    easter,
)
from hijridate import Gregorian, Hijri

from poise.calendar.package_holidays import english_language, strip_notes

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_EASTER_METHODS: Mapping[str, int] = {"western": EASTER_WESTERN, "orthodox": EASTER_ORTHODOX}


@dataclass(frozen=True, slots=True)
class Run:
    """``length`` consecutive days (at least one) beginning on ``start``."""

    start: datetime.date
    length: int

    def days(self) -> list[datetime.date]:
        """Every day of the run, in order."""
        return [self.start + datetime.timedelta(days=i) for i in range(self.length)]


class Rule(Protocol):
    """A recurrence: ``occurrences(year)`` lists the runs whose first day falls in ``year``."""

    def occurrences(self, year: int) -> list[Run]: ...


@dataclass(frozen=True, slots=True)
class FixedRule:
    """The same month and day every year; 29 February only occurs in leap years."""

    month: int
    day: int
    length: int = 1

    def occurrences(self, year: int) -> list[Run]:
        try:
            return [Run(datetime.date(year, self.month, self.day), self.length)]
        except ValueError:
            return []


@dataclass(frozen=True, slots=True)
class WeekdayRule:
    """The ``nth`` given weekday of a month (``nth=-1``: the last one).

    With ``from_day`` the count starts on that day of the month instead of the 1st, which
    expresses "the first Sunday on or after 16 July". A date that would spill into another month
    (a fifth Monday that does not exist) does not occur.
    """

    month: int
    weekday: int
    nth: int
    from_day: int = 1
    length: int = 1

    def occurrences(self, year: int) -> list[Run]:
        day = self._forward(year) if self.nth > 0 else self._backward(year)
        if day.month != self.month or day.year != year:
            return []
        return [Run(day, self.length)]

    def _forward(self, year: int) -> datetime.date:
        first = datetime.date(year, self.month, self.from_day)
        offset = (self.weekday - first.weekday()) % 7 + 7 * (self.nth - 1)
        return first + datetime.timedelta(days=offset)

    def _backward(self, year: int) -> datetime.date:
        last = _last_day_of_month(year, self.month)
        offset = (last.weekday() - self.weekday) % 7 + 7 * (-self.nth - 1)
        return last - datetime.timedelta(days=offset)


@dataclass(frozen=True, slots=True)
class EasterRule:
    """``offset`` days from Easter Sunday (Good Friday is -2), Western or Orthodox reckoning."""

    offset: int
    method: str = "western"
    length: int = 1

    def occurrences(self, year: int) -> list[Run]:
        sunday: datetime.date = easter(year, _EASTER_METHODS[self.method])
        return [Run(sunday + datetime.timedelta(days=self.offset), self.length)]


@dataclass(frozen=True, slots=True)
class HijriRule:
    """A day of the Islamic (Umm al-Qura) calendar, for ``length`` days or to the month's end.

    ``length=None`` means "through the last day of the Hijri month", which is how every day of
    Ramadan is listed whether the month has 29 or 30 days. Years outside the range hijridate
    covers (1924 to 2077) have no occurrences rather than an error: the calendar then shows what
    the ``holidays`` package knows for those years.
    """

    month: int
    day: int
    length: int | None = 1

    def occurrences(self, year: int) -> list[Run]:
        runs: list[Run] = []
        for hijri_year in _hijri_years_in(year):
            run = self._run(hijri_year)
            if run is not None and run.start.year == year:
                runs.append(run)
        return runs

    def _run(self, hijri_year: int) -> Run | None:
        try:
            hijri = Hijri(hijri_year, self.month, self.day)
            gregorian = hijri.to_gregorian()
            # hijridate returns a date subclass; keep plain dates in results.
            start = datetime.date(gregorian.year, gregorian.month, gregorian.day)
            length = self.length or hijri.month_length() - self.day + 1
        except (OverflowError, ValueError):
            return None
        return Run(start, length)


@dataclass(frozen=True, slots=True)
class HolidayRule:
    """A holiday borrowed from another country's table in the ``holidays`` package.

    Used for observances the package computes but lists under another country, such as the Jewish
    holidays (under IL) for audiences in the US or France. ``holiday`` is the English name with
    any parenthesised note removed; consecutive days of the same holiday form one run.
    """

    country: str
    holiday: str
    categories: tuple[str, ...] = ("public",)

    def occurrences(self, year: int) -> list[Run]:
        days = _borrowed_days(self.country, self.categories, self.holiday, year)
        return [run for run in _runs(days) if run.start.year == year]


def parse_rule(table: Mapping[str, Any], days: int | str) -> Rule:
    """Build a rule from a data-file ``rule`` table and the entry's ``days`` value.

    ``days`` is a positive number of days, or ``"month"`` (Hijri rules only) for "to the end of
    the month". Raises ValueError naming the problem for an unknown form or a bad value.
    """
    keys = frozenset(table)
    if keys == {"month", "day"}:
        return FixedRule(_int(table, "month", 1, 12), _int(table, "day", 1, 31), _length(days))
    if {"month", "weekday", "nth"} <= keys <= {"month", "weekday", "nth", "from_day"}:
        return _weekday_rule(table, _length(days))
    if {"easter"} <= keys <= {"easter", "method"}:
        return _easter_rule(table, _length(days))
    if keys == {"hijri_month", "hijri_day"}:
        length = None if days == "month" else _length(days)
        return HijriRule(_int(table, "hijri_month", 1, 12), _int(table, "hijri_day", 1, 30), length)
    if {"holidays_country", "holiday"} <= keys <= {"holidays_country", "holiday", "categories"}:
        return _holiday_rule(table, days)
    raise ValueError(f"unknown rule form {dict(table)!r}")


def _weekday_rule(table: Mapping[str, Any], length: int) -> WeekdayRule:
    weekday = table["weekday"]
    if weekday not in WEEKDAYS:
        raise ValueError(f"weekday must be one of {', '.join(WEEKDAYS)}, not {weekday!r}")
    nth = _int(table, "nth", -5, 5)
    if nth == 0:
        raise ValueError("nth must not be 0 (1 is the first, -1 the last)")
    from_day = _int(table, "from_day", 1, 31) if "from_day" in table else 1
    if nth < 0 and from_day != 1:
        raise ValueError("from_day only combines with a positive nth")
    month = _int(table, "month", 1, 12)
    return WeekdayRule(month, WEEKDAYS.index(weekday), nth, from_day, length)


def _easter_rule(table: Mapping[str, Any], length: int) -> EasterRule:
    method = table.get("method", "western")
    if method not in _EASTER_METHODS:
        raise ValueError(f"easter method must be one of {', '.join(_EASTER_METHODS)}")
    return EasterRule(_int(table, "easter", -366, 366), method, length)


def _holiday_rule(table: Mapping[str, Any], days: int | str) -> HolidayRule:
    if days != 1:
        raise ValueError("a borrowed holiday takes its length from the holidays package")
    categories = table.get("categories", ["public"])
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise ValueError("categories must be a list of strings")
    country, holiday = table["holidays_country"], table["holiday"]
    if not isinstance(country, str) or not isinstance(holiday, str):
        raise ValueError("holidays_country and holiday must be strings")
    return HolidayRule(country.upper(), holiday, tuple(categories))


def _int(table: Mapping[str, Any], name: str, low: int, high: int) -> int:
    value = table[name]
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"{name} must be an integer from {low} to {high}, not {value!r}")
    return value


def _length(days: int | str) -> int:
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise ValueError(f"days must be a positive integer here, not {days!r}")
    return days


def _last_day_of_month(year: int, month: int) -> datetime.date:
    first_of_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


def _hijri_years_in(year: int) -> range:
    """Hijri years that overlap Gregorian ``year`` (one or two; a Hijri year is 354-355 days)."""
    try:
        first = Gregorian(year, 1, 1).to_hijri().year
        last = Gregorian(year, 12, 31).to_hijri().year
    except (OverflowError, ValueError):
        return range(0)
    return range(first, last + 1)


def _runs(days: list[datetime.date]) -> list[Run]:
    """Group sorted days into runs of consecutive days."""
    runs: list[Run] = []
    for day in days:
        last = runs[-1] if runs else None
        if last is not None and last.start + datetime.timedelta(days=last.length) == day:
            runs[-1] = Run(last.start, last.length + 1)
        else:
            runs.append(Run(day, 1))
    return runs


@functools.lru_cache(maxsize=256)
def _borrowed_days(
    country: str, categories: tuple[str, ...], holiday: str, year: int
) -> list[datetime.date]:
    """Days named ``holiday`` in ``country``'s table for ``year`` and ``year + 1``.

    The next year is included so that a run starting late in ``year`` is not cut at 31 December.
    """
    table = _holiday_table(country, categories, year)
    following = _holiday_table(country, categories, year + 1)
    days = [day for day, names in (*table.items(), *following.items()) if holiday in names]
    return sorted(set(days))


@functools.lru_cache(maxsize=128)
def _holiday_table(
    country: str, categories: tuple[str, ...], year: int
) -> Mapping[datetime.date, frozenset[str]]:
    """English names (notes in parentheses removed) per day of ``country``'s holidays."""
    entity = holidays.country_holidays(
        country, years=year, categories=categories, language=english_language(country)
    )
    return {day: frozenset(strip_notes(name) for name in entity.get_list(day)) for day in entity}
