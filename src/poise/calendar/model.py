"""Value types of the sensitive-date calendar.

Everything here is immutable so that the per-(country, year) caches can hand the same objects to
every caller without copying them.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

#: Countries the calendar knows, as ISO 3166-1 alpha-2 codes. Every one of them has public
#: holidays from the ``holidays`` package; the data files add remembrance days and observances.
SUPPORTED_COUNTRIES: tuple[str, ...] = (
    "AE",
    "AU",
    "BE",
    "BH",
    "CA",
    "CH",
    "DZ",
    "EG",
    "FR",
    "GB",
    "JO",
    "JP",
    "KW",
    "LB",
    "MA",
    "NZ",
    "OM",
    "QA",
    "SA",
    "TN",
    "US",
)

#: ``observed_by`` value: the day is marked by most of the country's audience (a public holiday,
#: a national remembrance, a rite of the majority religion).
OBSERVED_BY_MOST = "most"
#: ``observed_by`` value: the day is marked by a significant part of the audience only (a
#: minority religion, a local remembrance).
OBSERVED_BY_PART = "part"
OBSERVED_BY_VALUES: tuple[str, ...] = (OBSERVED_BY_MOST, OBSERVED_BY_PART)

#: ``source`` value for dates that come from the ``holidays`` package.
SOURCE_HOLIDAYS = "holidays"
#: ``source`` value for dates that come from Poise's own data files.
SOURCE_POISE = "poise"


class DateKind(StrEnum):
    """How a brand should treat a day.

    - ``SOLEMN``: mourning or remembrance. Humour, promotions and cheerful tone are risky.
    - ``FESTIVE``: a celebration. Greetings are welcome; exploiting the day still needs care.
    - ``OBSERVANCE``: marked but neither mourning nor celebration: religious observance (fasting,
      prayer), civic days whose meaning is contested. Be respectful and accurate.
    """

    SOLEMN = "solemn"
    FESTIVE = "festive"
    OBSERVANCE = "observance"


class UnknownCountryError(ValueError):
    """Raised for a country code the calendar does not support; the message lists the codes."""

    def __init__(self, country: str) -> None:
        self.country = country
        supported = ", ".join(SUPPORTED_COUNTRIES)
        super().__init__(
            f"Unknown country code {country!r}. Use an ISO 3166 alpha-2 code among the "
            f"supported ones: {supported}."
        )


def normalize_country(country: str) -> str:
    """Return ``country`` as a supported upper-case code, or raise UnknownCountryError."""
    code = country.strip().upper()
    if code not in SUPPORTED_COUNTRIES:
        raise UnknownCountryError(country)
    return code


def language_code(lang: str) -> str:
    """Reduce a language tag (``fr``, ``fr-CA``, ``ar_EG``) to its primary subtag (``fr``)."""
    return lang.strip().lower().replace("-", "_").split("_", 1)[0]


@dataclass(frozen=True, slots=True)
class SensitiveDate:
    """One sensitive day in one country.

    ``key`` is stable across years and countries for the same observance (``"ramadan"``,
    ``"good-friday"``, ``"us-pearl-harbor"``); dates taken as-is from the ``holidays`` package have
    keys of the form ``"holiday:<slug of the English name>"``. A multi-day observance (Ramadan, Eid)
    yields one SensitiveDate per day, all with the same key.

    ``fasting`` is true when people who observe the day fast during it (every day of Ramadan, Yom
    Kippur). ``observed_by`` says whether ``"most"`` or only ``"part"`` of the country's audience
    marks the day: a food or drink post during a fast is a problem where most of the audience
    fasts, and only worth a note elsewhere.
    """

    day: datetime.date
    country: str
    key: str
    kind: DateKind
    # Excluded from the hash because mappings are not hashable; equality still compares it.
    names: Mapping[str, str] = field(hash=False)
    keywords: tuple[str, ...]
    fasting: bool
    observed_by: str
    source: str

    def name(self, lang: str) -> str:
        """Return the name in ``lang`` (any tag such as ``fr-CA``), else the English name."""
        return self.names.get(language_code(lang)) or self.names["en"]
