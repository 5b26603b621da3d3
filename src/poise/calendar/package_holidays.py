"""Public holidays from the ``holidays`` package, classified and localized.

The package knows *that* a day is a holiday, not *how* a brand should treat it; the patterns in
``data/holiday_kinds.toml`` decide (first match on the English name wins, default festive).
A pattern may also say ``same_as = "<key>"``: the holiday is the same observance as one of our
own entries, and is dropped wherever our entry exists so that each day appears once, with our
classification, names and keywords.
"""

from __future__ import annotations

import datetime
import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

import holidays

from poise.calendar.model import (
    OBSERVED_BY_MOST,
    SOURCE_HOLIDAYS,
    DateKind,
    SensitiveDate,
)

_CATEGORIES = ("public",)
_OTHER_LANGUAGES = ("fr", "ar", "ja")
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class KindPattern:
    """One line of ``holiday_kinds.toml``."""

    regex: re.Pattern[str]
    kind: DateKind
    same_as: str | None
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Classification:
    """What the patterns say about one English holiday name."""

    kind: DateKind
    same_as: str | None
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PackageDate:
    """A holiday from the package and the own key it duplicates, if any."""

    date: SensitiveDate
    same_as: str | None


@functools.cache
def english_language(country: str) -> str | None:
    """The ``language`` argument that gives English names for ``country`` (None: the default)."""
    entity = holidays.country_holidays(country)
    return "en_US" if "en_US" in entity.supported_languages else None


def strip_notes(name: str) -> str:
    """Remove parenthesised notes such as "(estimated)" from a holiday name."""
    return _PARENTHESES.sub("", name).strip()


def slug(name: str) -> str:
    """Lower-case, hyphen-separated form of ``name`` ("New Year's Day" -> "new-years-day")."""
    flat = name.lower().replace("'", "").replace("’", "")
    return _NOT_WORD.sub("-", flat).strip("-")


def classify(english_name: str) -> Classification | None:
    """Classify a holiday by its English name; None means "not a sensitive day, skip it"."""
    rules = _rules()
    if any(pattern.search(english_name) for pattern in rules.skip):
        return None
    for rule in rules.kinds:
        if rule.regex.search(english_name):
            return Classification(rule.kind, rule.same_as, rule.keywords)
    return Classification(DateKind.FESTIVE, None, ())


@functools.lru_cache(maxsize=1024)
def package_dates(country: str, year: int) -> tuple[PackageDate, ...]:
    """Public holidays of ``country`` in ``year``, classified, by day."""
    english = _names_by_day(country, year, english_language(country))
    localized = {lang: _localized(country, year, lang) for lang in _OTHER_LANGUAGES}
    found: list[PackageDate] = []
    for day, names in english.items():
        others = {lang: _translation(table.get(day), names) for lang, table in localized.items()}
        for name in names:
            built = _build(country, day, name, others)
            if built is not None:
                found.append(built)
    return tuple(found)


def _build(
    country: str, day: datetime.date, english: str, others: Mapping[str, str | None]
) -> PackageDate | None:
    classification = classify(english)
    if classification is None:
        return None
    names = {"en": english, **{lang: name for lang, name in others.items() if name}}
    date = SensitiveDate(
        day=day,
        country=country,
        key="holiday:" + slug(strip_notes(english)),
        kind=classification.kind,
        names=MappingProxyType(names),
        keywords=_keywords(names.values(), english, classification.keywords),
        fasting=False,
        observed_by=OBSERVED_BY_MOST,
        source=SOURCE_HOLIDAYS,
    )
    return PackageDate(date, classification.same_as)


def _keywords(names: Iterable[str], english: str, extra: Iterable[str]) -> tuple[str, ...]:
    """Lower-case names, the English name as a hashtag, then the pattern's keywords."""
    plain = [strip_notes(name).lower() for name in names]
    hashtag = "#" + _NOT_WORD.sub("", strip_notes(english).lower().replace("'", ""))
    return tuple(dict.fromkeys([*plain, hashtag, *extra]))


def _translation(names: tuple[str, ...] | None, english: tuple[str, ...]) -> str | None:
    """The translated name of a day's only holiday, or None.

    The package sorts the names of a day alphabetically in each language, so when a day has
    several holidays their translations cannot be paired: those keep their English names only.
    """
    if names is None or len(names) != 1 or len(english) != 1:
        return None
    return names[0]


def _localized(country: str, year: int, lang: str) -> Mapping[datetime.date, tuple[str, ...]]:
    code = _package_language(country, lang)
    return _names_by_day(country, year, code) if code is not None else {}


def _package_language(country: str, lang: str) -> str | None:
    """The package's language code for ``lang`` in ``country`` ("ar" -> "ar_EG"), if any."""
    supported = holidays.country_holidays(country).supported_languages
    if lang in supported:
        return lang
    return next((code for code in sorted(supported) if code.startswith(lang + "_")), None)


def _names_by_day(
    country: str, year: int, language: str | None
) -> Mapping[datetime.date, tuple[str, ...]]:
    entity = holidays.country_holidays(
        country, years=year, categories=_CATEGORIES, language=language
    )
    return {day: tuple(entity.get_list(day)) for day in sorted(entity)}


@dataclass(frozen=True, slots=True)
class _Rules:
    skip: tuple[re.Pattern[str], ...]
    kinds: tuple[KindPattern, ...]


@functools.cache
def _rules() -> _Rules:
    path = resources.files("poise.calendar").joinpath("data", "holiday_kinds.toml")
    return parse_kinds(tomllib.loads(path.read_text(encoding="utf-8")))


def parse_kinds(document: Mapping[str, Any]) -> _Rules:
    """Parse ``holiday_kinds.toml``; raises ValueError on an unknown field or kind."""
    unknown = set(document) - {"skip", "pattern"}
    if unknown:
        raise ValueError(f"holiday_kinds.toml: unknown top-level fields {sorted(unknown)}")
    skip = tuple(re.compile(text, re.IGNORECASE) for text in document.get("skip", []))
    kinds = tuple(_parse_pattern(raw) for raw in document.get("pattern", []))
    return _Rules(skip, kinds)


def _parse_pattern(raw: Mapping[str, Any]) -> KindPattern:
    unknown = set(raw) - {"match", "kind", "same_as", "keywords"}
    if unknown:
        raise ValueError(f"holiday_kinds.toml: unknown fields {sorted(unknown)} in {raw!r}")
    keywords = tuple(word.lower() for word in raw.get("keywords", []))
    return KindPattern(
        regex=re.compile(raw["match"], re.IGNORECASE),
        kind=DateKind(raw["kind"]),
        same_as=raw.get("same_as"),
        keywords=keywords,
    )
