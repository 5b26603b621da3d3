"""The interface in the reader's language: Babel message catalogs, locale negotiation, and
dates and numbers formatted per locale.

Catalogs are ``locales/<lang>/LC_MESSAGES/messages.po``, compiled in memory when first used
(no build step). English is the source language: its strings are the message ids.
"""

from __future__ import annotations

import gettext
from datetime import datetime
from functools import cache
from importlib import resources
from io import BytesIO
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime as babel_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LOCALES = ("en", "fr", "ar", "ja")
DEFAULT = "en"
_RIGHT_TO_LEFT = frozenset({"ar"})


@cache
def translations(locale: str) -> gettext.NullTranslations:
    """The catalog of ``locale`` (English: the identity)."""
    file = resources.files("poise.web") / "locales" / locale / "LC_MESSAGES" / "messages.po"
    if locale == DEFAULT or not file.is_file():
        return gettext.NullTranslations()
    with file.open("rb") as source:
        catalog = read_po(source, locale=locale)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def direction(locale: str) -> str:
    """``rtl`` for Arabic, ``ltr`` otherwise."""
    return "rtl" if locale in _RIGHT_TO_LEFT else "ltr"


def negotiate(*candidates: str | None, accept_language: str | None = None) -> str:
    """The first supported locale among ``candidates`` (cookie, user preference), else the
    best of the browser's Accept-Language, else English."""
    for candidate in candidates:
        if candidate in LOCALES:
            return candidate
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LOCALES:
            return code
    return DEFAULT


def language_name(locale: str) -> str:
    """The name of a language in itself (Français, العربية, 日本語)."""
    return Locale.parse(locale).get_display_name(locale) or locale


def format_moment(moment: datetime | None, locale: str, zone: str = "UTC") -> str:
    """A date and time as people of ``locale`` write it, in the workspace's time zone."""
    if moment is None:
        return ""
    return babel_datetime(moment, format="medium", tzinfo=_zone(zone), locale=locale)


def format_number(value: float, locale: str) -> str:
    """A number with the locale's digits grouping and separators."""
    return format_decimal(value, locale=locale)


def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)
