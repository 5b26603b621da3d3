"""Weekday names in the supported languages, read from ``data/weekdays.toml``."""

from __future__ import annotations

import datetime
import functools
import tomllib
from collections.abc import Mapping
from importlib import resources

from poise.calendar.model import language_code


def weekday_name(day: datetime.date, lang: str) -> str:
    """The weekday of ``day`` in ``lang`` (any tag such as ``fr-CA``), else in English."""
    names = _names()
    return names.get(language_code(lang), names["en"])[day.weekday()]


@functools.cache
def _names() -> Mapping[str, tuple[str, ...]]:
    path = resources.files("poise.calendar").joinpath("data", "weekdays.toml")
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    names = {lang: tuple(days) for lang, days in document.items()}
    if "en" not in names or any(len(days) != 7 for days in names.values()):
        raise ValueError("weekdays.toml: every language needs 7 names, Monday first, with en")
    return names
