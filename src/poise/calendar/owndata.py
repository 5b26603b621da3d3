"""Poise's own sensitive dates: remembrance days and observances read from ``data/dates/``.

The files are read once, on first use, and validated strictly: an unknown field, kind, country
or rule form raises ValueError naming the file and the entry, so a typo cannot silently drop a
solemn day. The format is described in ``data/README.md``.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

from poise.calendar.model import (
    OBSERVED_BY_MOST,
    OBSERVED_BY_VALUES,
    SOURCE_POISE,
    SUPPORTED_COUNTRIES,
    DateKind,
    SensitiveDate,
)
from poise.calendar.rules import Rule, Run, parse_rule

LANGUAGES: tuple[str, ...] = ("en", "fr", "ar", "ja")
_ALL_COUNTRIES = "*"
_ENTRY_FIELDS = frozenset(
    {
        "key",
        "kind",
        "rule",
        "days",
        "since",
        "until",
        "names",
        "keywords",
        "fasting",
        "observed_by",
        "countries",
    }
)


@dataclass(frozen=True, slots=True)
class OwnDate:
    """One entry of a data file: what the day is, when it recurs, and who marks it.

    ``audiences`` maps each country the entry applies to onto its ``observed_by`` value.
    Names may contain ``{n}``, replaced by the day's position in a multi-day run (1, 2, ...).
    """

    key: str
    kind: DateKind
    rule: Rule
    names: Mapping[str, str]
    keywords: tuple[str, ...]
    fasting: bool
    audiences: Mapping[str, str]
    since: int | None
    until: int | None

    def active_in(self, year: int) -> bool:
        """Whether the day was observed in ``year`` (``since`` and ``until`` are inclusive)."""
        return (self.since is None or year >= self.since) and (
            self.until is None or year <= self.until
        )

    def dates_in(self, country: str, year: int) -> list[SensitiveDate]:
        """The SensitiveDates of this entry in ``country`` that fall in ``year``.

        Runs that began in the previous year are included for their days in ``year``.
        """
        observed_by = self.audiences[country]
        found: list[SensitiveDate] = []
        for run in (*self.rule.occurrences(year - 1), *self.rule.occurrences(year)):
            found.extend(self._run_dates(run, country, observed_by, year))
        return found

    def _run_dates(
        self, run: Run, country: str, observed_by: str, year: int
    ) -> list[SensitiveDate]:
        return [
            SensitiveDate(
                day=day,
                country=country,
                key=self.key,
                kind=self.kind,
                names=self._names_for_day(position),
                keywords=self.keywords,
                fasting=self.fasting,
                observed_by=observed_by,
                source=SOURCE_POISE,
            )
            for position, day in enumerate(run.days(), start=1)
            if day.year == year and self.active_in(day.year)
        ]

    def _names_for_day(self, position: int) -> Mapping[str, str]:
        if not any("{n}" in name for name in self.names.values()):
            return self.names
        return MappingProxyType(
            {lang: name.replace("{n}", str(position)) for lang, name in self.names.items()}
        )


def own_dates(country: str) -> tuple[OwnDate, ...]:
    """Entries that apply to ``country`` (an upper-case supported code)."""
    return _by_country().get(country, ())


def own_dates_in(country: str, year: int) -> list[SensitiveDate]:
    """Every own SensitiveDate of ``country`` in ``year``, unsorted."""
    found: list[SensitiveDate] = []
    for entry in own_dates(country):
        found.extend(entry.dates_in(country, year))
    return found


@functools.cache
def _by_country() -> Mapping[str, tuple[OwnDate, ...]]:
    # A key names one observance per country; two entries with the same key would make
    # deduplication against the holidays package ambiguous.
    table: dict[str, list[OwnDate]] = {}
    for file_name, entry in _all_entries():
        for country in entry.audiences:
            entries = table.setdefault(country, [])
            if any(other.key == entry.key for other in entries):
                raise ValueError(f"{file_name}: key {entry.key!r} for {country} defined twice")
            entries.append(entry)
    return {country: tuple(entries) for country, entries in table.items()}


def _all_entries() -> list[tuple[str, OwnDate]]:
    entries: list[tuple[str, OwnDate]] = []
    folder = resources.files("poise.calendar").joinpath("data", "dates")
    for item in sorted(folder.iterdir(), key=lambda item: item.name):
        if item.name.endswith(".toml"):
            document = tomllib.loads(item.read_text(encoding="utf-8"))
            entries.extend((item.name, entry) for entry in parse_file(item.name, document))
    return entries


def parse_file(file_name: str, document: Mapping[str, Any]) -> list[OwnDate]:
    """Parse one data file; raises ValueError naming the file and entry on any problem."""
    unknown = set(document) - {"country", "date"}
    if unknown:
        raise ValueError(f"{file_name}: unknown top-level fields {sorted(unknown)}")
    default_country = document.get("country")
    entries: list[OwnDate] = []
    for index, raw in enumerate(document.get("date", [])):
        label = f"{file_name}: date #{index + 1} ({raw.get('key', 'no key')})"
        try:
            entries.append(_parse_entry(raw, default_country))
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{label}: {error}") from error
    return entries


def _parse_entry(raw: Mapping[str, Any], default_country: str | None) -> OwnDate:
    unknown = set(raw) - _ENTRY_FIELDS
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    key = raw["key"]
    if not isinstance(key, str) or not key or key != key.lower() or key.startswith("holiday:"):
        raise ValueError("key must be a non-empty lower-case string not starting with 'holiday:'")
    return OwnDate(
        key=key,
        kind=DateKind(raw["kind"]),
        rule=parse_rule(raw["rule"], raw.get("days", 1)),
        names=_names(raw["names"]),
        keywords=_keywords(raw.get("keywords", [])),
        fasting=_bool(raw.get("fasting", False), "fasting"),
        audiences=_audiences(raw, default_country),
        since=_optional_year(raw.get("since")),
        until=_optional_year(raw.get("until")),
    )


def _names(raw: Mapping[str, Any]) -> Mapping[str, str]:
    names = {lang: raw[lang] for lang in LANGUAGES if lang in raw}
    extra = set(raw) - set(LANGUAGES)
    if extra or "en" not in names or not all(isinstance(n, str) and n for n in names.values()):
        raise ValueError(f"names must be non-empty strings in {', '.join(LANGUAGES)}, with en")
    return MappingProxyType(names)


def _keywords(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(word, str) and word for word in raw):
        raise ValueError("keywords must be a list of non-empty strings")
    # Keywords are matched against lower-cased text, so they are stored lower-cased, once each.
    return tuple(dict.fromkeys(word.strip().lower() for word in raw))


def _audiences(raw: Mapping[str, Any], default_country: str | None) -> Mapping[str, str]:
    if "countries" in raw:
        if "observed_by" in raw:
            raise ValueError("give observed_by inside countries, not beside it")
        return _country_table(raw["countries"])
    if default_country is None:
        raise ValueError("no countries table and no file-level country")
    observed_by = raw.get("observed_by", OBSERVED_BY_MOST)
    return _country_table({default_country: observed_by})


def _country_table(raw: Mapping[str, Any]) -> Mapping[str, str]:
    table: dict[str, str] = {}
    if _ALL_COUNTRIES in raw:
        table = dict.fromkeys(SUPPORTED_COUNTRIES, _observed_by(raw[_ALL_COUNTRIES]))
    for country, observed_by in raw.items():
        if country == _ALL_COUNTRIES:
            continue
        if country not in SUPPORTED_COUNTRIES:
            raise ValueError(f"country {country!r} is not in SUPPORTED_COUNTRIES")
        table[country] = _observed_by(observed_by)
    if not table:
        raise ValueError("countries must name at least one country")
    return MappingProxyType(table)


def _observed_by(value: Any) -> str:
    if value not in OBSERVED_BY_VALUES:
        raise ValueError(f"observed_by must be one of {', '.join(OBSERVED_BY_VALUES)}")
    return str(value)


def _bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be true or false")
    return value


def _optional_year(value: Any) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 9999:
        raise ValueError(f"since and until must be years, not {value!r}")
    return value
