"""Sensitive-date calendar: holidays, remembrance days and religious observances per country.

Public holidays come from the ``holidays`` package and are classified by the name patterns in
``data/holiday_kinds.toml``; remembrance days and observances the package does not list come from
Poise's own files in ``data/dates/`` (format in ``data/README.md``). Islamic dates are computed
with the Umm al-Qura calendar (hijridate), so local moon sighting may move them by a day.

No I/O happens at import: data files are read on first use and cached, and each
(country, year) is computed once.

    >>> import datetime
    >>> from poise.calendar import dates_on
    >>> [d.key for d in dates_on(datetime.date(2026, 8, 9), ["JP"])]
    ['jp-nagasaki']
"""

from poise.calendar.lookup import dates_on, sensitive_dates
from poise.calendar.model import (
    OBSERVED_BY_MOST,
    OBSERVED_BY_PART,
    SUPPORTED_COUNTRIES,
    DateKind,
    SensitiveDate,
    UnknownCountryError,
)
from poise.calendar.weekdays import weekday_name

__all__ = [
    "OBSERVED_BY_MOST",
    "OBSERVED_BY_PART",
    "SUPPORTED_COUNTRIES",
    "DateKind",
    "SensitiveDate",
    "UnknownCountryError",
    "dates_on",
    "sensitive_dates",
    "weekday_name",
]
