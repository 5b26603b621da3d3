"""Merging the two sources, range and day queries, errors and data integrity."""

from __future__ import annotations

import datetime
import time
from collections import Counter

import pytest

from poise.calendar import (
    SUPPORTED_COUNTRIES,
    DateKind,
    UnknownCountryError,
    dates_on,
    sensitive_dates,
)
from poise.calendar.owndata import own_dates

YEAR_2026 = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def keys_on(country: str, day: datetime.date) -> list[str]:
    return [date.key for date in sensitive_dates(country, day, day)]


def test_good_friday_appears_once_in_britain_with_our_classification() -> None:
    (date,) = sensitive_dates("GB", datetime.date(2026, 4, 3), datetime.date(2026, 4, 3))
    assert (date.key, date.kind, date.source) == ("good-friday", DateKind.SOLEMN, "poise")


@pytest.mark.parametrize(
    ("country", "day", "key"),
    [
        ("AU", datetime.date(2026, 4, 25), "anzac-day"),
        ("FR", datetime.date(2026, 11, 11), "armistice-day"),
        ("US", datetime.date(2026, 5, 25), "us-memorial-day"),
        ("CA", datetime.date(2026, 4, 3), "good-friday"),
    ],
)
def test_a_package_holiday_that_is_also_ours_is_listed_once(
    country: str, day: datetime.date, key: str
) -> None:
    assert keys_on(country, day) == [key]


def test_package_eid_holidays_are_replaced_by_ours_all_year() -> None:
    keys = {date.key for date in sensitive_dates("SA", *YEAR_2026)}
    assert not any(key.startswith("holiday:eid") or key == "holiday:day-of-arafah" for key in keys)
    assert {"eid-al-fitr", "eid-al-adha", "day-of-arafah"} <= keys


def test_no_country_lists_the_same_key_twice_on_a_day() -> None:
    for country in SUPPORTED_COUNTRIES:
        counts = Counter((d.day, d.key) for d in sensitive_dates(country, *YEAR_2026))
        assert [pair for pair, n in counts.items() if n > 1] == []


def test_observed_days_off_are_not_listed() -> None:
    # 4 July 2026 is a Saturday; the federal day off on Friday 3 July is not a sensitive date.
    assert keys_on("US", datetime.date(2026, 7, 3)) == []
    assert keys_on("US", datetime.date(2026, 7, 4)) == ["holiday:independence-day"]


def test_results_are_sorted_by_day_then_key_and_the_range_is_inclusive() -> None:
    dates = sensitive_dates("JP", datetime.date(2026, 8, 6), datetime.date(2026, 8, 15))
    assert dates == sorted(dates, key=lambda d: (d.day, d.key))
    assert dates[0].day == datetime.date(2026, 8, 6)
    assert dates[-1].day == datetime.date(2026, 8, 15)
    assert [d.key for d in dates if d.day.day == 15] == ["jp-end-of-war", "jp-obon"]


def test_a_range_across_years_covers_both_years() -> None:
    dates = sensitive_dates("US", datetime.date(2025, 12, 7), datetime.date(2026, 1, 1))
    assert [d.day.year for d in dates if d.key == "us-pearl-harbor"] == [2025]
    assert datetime.date(2026, 1, 1) in {d.day for d in dates}


def test_unknown_country_error_lists_the_supported_codes() -> None:
    with pytest.raises(UnknownCountryError) as caught:
        sensitive_dates("XX", *YEAR_2026)
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    assert "'XX'" in message
    assert all(code in message for code in SUPPORTED_COUNTRIES)


def test_country_codes_are_accepted_in_any_case() -> None:
    assert sensitive_dates("jp", *YEAR_2026) == sensitive_dates("JP", *YEAR_2026)


def test_a_reversed_range_is_an_error() -> None:
    with pytest.raises(ValueError, match="after"):
        sensitive_dates("JP", datetime.date(2026, 2, 1), datetime.date(2026, 1, 1))


def test_dates_on_gathers_every_country_and_ignores_unknown_ones() -> None:
    dates = dates_on(datetime.date(2026, 2, 18), ["SA", "fr", "JP", "ZZ", "SA"])
    assert [(d.country, d.key, d.observed_by) for d in dates] == [
        ("FR", "ramadan", "part"),
        ("SA", "ramadan", "most"),
    ]


def test_dates_on_a_solemn_day_in_several_countries() -> None:
    dates = dates_on(datetime.date(2026, 11, 11), ["US", "GB", "FR", "CA", "AU"])
    assert [(d.country, d.key) for d in dates] == [
        ("AU", "remembrance-day"),
        ("CA", "remembrance-day"),
        ("FR", "armistice-day"),
        ("GB", "armistice-day"),
        ("US", "holiday:veterans-day"),
    ]


def test_dates_on_accepts_a_single_code_as_a_string() -> None:
    assert [d.key for d in dates_on(datetime.date(2026, 8, 9), "JP")] == ["jp-nagasaki"]


def test_dates_on_is_fast_once_a_year_is_cached() -> None:
    day, countries = datetime.date(2026, 8, 9), ["JP", "US", "FR", "SA", "GB"]
    dates_on(day, countries)
    started = time.perf_counter()
    for _ in range(2000):
        dates_on(day, countries)
    assert time.perf_counter() - started < 0.5


def test_every_date_is_well_formed() -> None:
    for country in SUPPORTED_COUNTRIES:
        for date in sensitive_dates(country, *YEAR_2026):
            assert date.country == country
            assert date.names["en"]
            assert not any("{n}" in name for name in date.names.values())
            assert all(word == word.lower() and word for word in date.keywords)
            assert date.observed_by in ("most", "part")
            assert date.source in ("holidays", "poise")
            assert isinstance(hash(date), int)


def test_our_entries_have_all_four_languages_and_occur_in_2026() -> None:
    for country in SUPPORTED_COUNTRIES:
        for entry in own_dates(country):
            assert set(entry.names) == {"en", "fr", "ar", "ja"}, entry.key
            if entry.active_in(2026):
                assert entry.dates_in(country, 2026), f"{entry.key} has no date in 2026"


def test_a_name_falls_back_to_english_and_accepts_regional_tags() -> None:
    (mountain_day,) = dates_on(datetime.date(2026, 8, 11), ["JP"])
    assert mountain_day.name("ja-JP") == "山の日"
    assert mountain_day.name("fr-CA") == "Mountain Day"
    (bastille,) = dates_on(datetime.date(2026, 7, 14), ["FR"])
    assert bastille.name("fr_FR") == "Fête nationale"
    assert bastille.name("de") == "National Day"
