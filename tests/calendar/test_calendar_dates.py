"""Remembrance days, holidays and their classification on real years."""

from __future__ import annotations

import datetime

import pytest

from poise.calendar import SUPPORTED_COUNTRIES, DateKind, SensitiveDate, sensitive_dates


def on(country: str, day: datetime.date) -> dict[str, SensitiveDate]:
    """The country's dates on ``day``, by key."""
    return {date.key: date for date in sensitive_dates(country, day, day)}


def the(country: str, day: datetime.date, key: str) -> SensitiveDate:
    found = on(country, day)
    assert key in found, f"{key} not on {day} in {country}: {sorted(found)}"
    return found[key]


def test_the_required_countries_are_supported() -> None:
    assert {"US", "GB", "FR", "JP", "SA", "AE", "EG", "CA", "AU"} <= set(SUPPORTED_COUNTRIES)


@pytest.mark.parametrize(
    ("country", "day", "key"),
    [
        ("US", datetime.date(2026, 9, 11), "us-patriot-day"),
        ("US", datetime.date(2026, 12, 7), "us-pearl-harbor"),
        ("US", datetime.date(2026, 5, 25), "us-memorial-day"),
        ("FR", datetime.date(2026, 11, 13), "fr-attentats-13-novembre"),
        ("FR", datetime.date(2026, 11, 11), "armistice-day"),
        ("JP", datetime.date(2026, 3, 11), "jp-great-east-japan-earthquake"),
        ("JP", datetime.date(2026, 8, 6), "jp-hiroshima"),
        ("JP", datetime.date(2026, 8, 9), "jp-nagasaki"),
        ("JP", datetime.date(2026, 8, 15), "jp-end-of-war"),
        ("JP", datetime.date(2026, 1, 17), "jp-great-hanshin-earthquake"),
        ("LB", datetime.date(2026, 8, 4), "lb-beirut-port-explosion"),
        ("LB", datetime.date(2026, 2, 14), "lb-rafic-hariri"),
        ("BE", datetime.date(2026, 3, 22), "be-brussels-attacks"),
        ("MA", datetime.date(2026, 9, 8), "ma-al-haouz-earthquake"),
        ("TN", datetime.date(2026, 3, 18), "tn-bardo-attack"),
        ("GB", datetime.date(2026, 11, 8), "gb-remembrance-sunday"),
        ("GB", datetime.date(2026, 11, 11), "armistice-day"),
        ("CA", datetime.date(2026, 11, 11), "remembrance-day"),
        ("CA", datetime.date(2026, 9, 30), "ca-truth-and-reconciliation"),
        ("AU", datetime.date(2026, 4, 25), "anzac-day"),
        ("AU", datetime.date(2026, 5, 26), "au-national-sorry-day"),
        ("GB", datetime.date(2026, 4, 3), "good-friday"),
        ("US", datetime.date(2026, 4, 3), "good-friday"),
        ("AE", datetime.date(2026, 11, 30), "ae-commemoration-day"),
    ],
)
def test_remembrance_days_are_solemn(country: str, day: datetime.date, key: str) -> None:
    date = the(country, day, key)
    assert date.kind is DateKind.SOLEMN
    assert date.source == "poise"


def test_nagasaki_anniversary_is_solemn_in_japan_with_japanese_keywords() -> None:
    date = the("JP", datetime.date(2026, 8, 9), "jp-nagasaki")
    assert date.name("ja") == "長崎原爆の日"
    assert {"長崎", "原爆", "nagasaki"} <= set(date.keywords)


def test_hiroshima_keywords_cover_japanese_and_english() -> None:
    date = the("JP", datetime.date(2026, 8, 6), "jp-hiroshima")
    assert {"広島", "原爆", "hiroshima"} <= set(date.keywords)


def test_pearl_harbor_and_9_11_carry_the_words_posts_use() -> None:
    pearl = the("US", datetime.date(2026, 12, 7), "us-pearl-harbor")
    assert {"pearl harbor", "#pearlharbor", "remember", "never forget"} <= set(pearl.keywords)
    nine_eleven = the("US", datetime.date(2026, 9, 11), "us-patriot-day")
    assert {"9/11", "911", "#neverforget", "never forget", "twin towers"} <= set(
        nine_eleven.keywords
    )


def test_holocaust_remembrance_day_is_listed_in_every_country() -> None:
    for country in SUPPORTED_COUNTRIES:
        date = the(country, datetime.date(2026, 1, 27), "holocaust-remembrance-day")
        assert date.kind is DateKind.SOLEMN


def test_bastille_day_is_festive_but_the_armistice_is_solemn_in_france() -> None:
    assert the("FR", datetime.date(2026, 7, 14), "holiday:national-day").kind is DateKind.FESTIVE
    assert the("FR", datetime.date(2026, 11, 11), "armistice-day").kind is DateKind.SOLEMN


def test_french_holidays_keep_their_french_names() -> None:
    bastille = the("FR", datetime.date(2026, 7, 14), "holiday:national-day")
    assert bastille.source == "holidays"
    assert bastille.name("fr") == "Fête nationale"
    assert bastille.name("ja") == bastille.name("en") == "National Day"


def test_japanese_holidays_keep_their_japanese_names() -> None:
    assert the("JP", datetime.date(2026, 8, 11), "holiday:mountain-day").name("ja") == "山の日"


def test_remembrance_sunday_is_the_second_sunday_of_november() -> None:
    sundays = {
        date.day
        for year in (2025, 2026, 2027)
        for date in sensitive_dates("GB", datetime.date(year, 11, 1), datetime.date(year, 11, 30))
        if date.key == "gb-remembrance-sunday"
    }
    assert sundays == {
        datetime.date(2025, 11, 9),
        datetime.date(2026, 11, 8),
        datetime.date(2027, 11, 14),
    }


def test_memorial_day_is_the_last_monday_of_may() -> None:
    assert the("US", datetime.date(2027, 5, 31), "us-memorial-day").kind is DateKind.SOLEMN


def test_days_are_not_listed_before_they_were_first_marked() -> None:
    assert "us-patriot-day" not in on("US", datetime.date(2001, 9, 11))
    assert "us-patriot-day" in on("US", datetime.date(2002, 9, 11))
    assert "fr-attentats-13-novembre" not in on("FR", datetime.date(2015, 11, 13))
    assert "fr-attentats-13-novembre" in on("FR", datetime.date(2016, 11, 13))


def test_vel_d_hiv_remembrance_is_the_sunday_on_or_after_16_july() -> None:
    assert "fr-vel-d-hiv" in on("FR", datetime.date(2023, 7, 16))
    assert "fr-vel-d-hiv" in on("FR", datetime.date(2026, 7, 19))


def test_contested_national_days_are_observances() -> None:
    australia_day = the("AU", datetime.date(2026, 1, 26), "holiday:australia-day")
    assert australia_day.kind is DateKind.OBSERVANCE
    assert "invasion day" in australia_day.keywords


def test_yom_kippur_is_a_solemn_fast_for_part_of_the_audience() -> None:
    date = the("US", datetime.date(2026, 9, 21), "yom-kippur")
    assert (date.kind, date.fasting, date.observed_by) == (DateKind.SOLEMN, True, "part")


def test_coptic_good_friday_follows_the_orthodox_easter() -> None:
    assert the("EG", datetime.date(2026, 4, 10), "eg-coptic-good-friday").observed_by == "part"
