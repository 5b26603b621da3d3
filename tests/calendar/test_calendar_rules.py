"""Recurrence rules and data-file validation."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from poise.calendar.owndata import parse_file
from poise.calendar.package_holidays import classify, slug
from poise.calendar.rules import EasterRule, FixedRule, HijriRule, WeekdayRule, parse_rule


def starts(rule: Any, year: int) -> list[datetime.date]:
    return [run.start for run in rule.occurrences(year)]


def test_last_monday_of_may() -> None:
    rule = parse_rule({"month": 5, "weekday": "mon", "nth": -1}, 1)
    assert starts(rule, 2026) == [datetime.date(2026, 5, 25)]


def test_a_fifth_weekday_that_does_not_exist_does_not_occur() -> None:
    assert starts(WeekdayRule(month=2, weekday=0, nth=5), 2026) == []


def test_first_sunday_from_a_given_day() -> None:
    rule = parse_rule({"month": 7, "weekday": "sun", "nth": 1, "from_day": 16}, 1)
    assert starts(rule, 2026) == [datetime.date(2026, 7, 19)]
    assert starts(rule, 2023) == [datetime.date(2023, 7, 16)]


def test_29_february_only_occurs_in_leap_years() -> None:
    rule = FixedRule(month=2, day=29)
    assert starts(rule, 2027) == []
    assert starts(rule, 2028) == [datetime.date(2028, 2, 29)]


def test_good_friday_western_and_orthodox() -> None:
    assert starts(EasterRule(offset=-2), 2026) == [datetime.date(2026, 4, 3)]
    assert starts(EasterRule(offset=-2, method="orthodox"), 2026) == [datetime.date(2026, 4, 10)]


def test_a_hijri_date_can_occur_twice_in_one_gregorian_year() -> None:
    # 1 Muharram fell on 2008-01-10 and again on 2008-12-29.
    assert len(starts(HijriRule(month=1, day=1), 2008)) == 2


def test_a_month_long_hijri_run_ends_with_the_month() -> None:
    (run,) = HijriRule(month=9, day=1, length=None).occurrences(2026)
    assert (run.start, run.length) == (datetime.date(2026, 2, 18), 30)


def test_hijri_rules_outside_the_tables_have_no_occurrences() -> None:
    assert starts(HijriRule(month=9, day=1), 2090) == []


@pytest.mark.parametrize(
    ("table", "days"),
    [
        ({"month": 9}, 1),
        ({"month": 13, "day": 1}, 1),
        ({"month": 5, "weekday": "monday", "nth": 1}, 1),
        ({"month": 5, "weekday": "mon", "nth": 0}, 1),
        ({"month": 5, "weekday": "mon", "nth": -1, "from_day": 3}, 1),
        ({"easter": -2, "method": "julian"}, 1),
        ({"month": 1, "day": 1}, "month"),
        ({"month": 1, "day": 1}, 0),
        ({"holidays_country": "IL", "holiday": "Yom Kippur"}, 2),
    ],
)
def test_malformed_rules_are_rejected(table: dict[str, Any], days: int | str) -> None:
    with pytest.raises(ValueError):
        parse_rule(table, days)


def entry(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "key": "test-day",
        "kind": "solemn",
        "rule": {"month": 1, "day": 2},
        "names": {"en": "Test day"},
    }
    return {**base, **fields}


def test_a_valid_entry_parses_with_defaults() -> None:
    (parsed,) = parse_file("t.toml", {"country": "JP", "date": [entry()]})
    assert dict(parsed.audiences) == {"JP": "most"}
    assert (parsed.fasting, parsed.since, parsed.keywords) == (False, None, ())


def test_keywords_are_stored_lower_case_once() -> None:
    (parsed,) = parse_file("t.toml", {"country": "JP", "date": [entry(keywords=["ABC", "abc"])]})
    assert parsed.keywords == ("abc",)


def test_the_star_country_covers_every_supported_country_and_can_be_overridden() -> None:
    countries = {"*": "part", "FR": "most"}
    (parsed,) = parse_file("t.toml", {"date": [entry(countries=countries)]})
    assert parsed.audiences["FR"] == "most"
    assert parsed.audiences["JP"] == "part"


@pytest.mark.parametrize(
    "fields",
    [
        {"colour": "red"},
        {"kind": "sad"},
        {"names": {"fr": "Jour"}},
        {"names": {"en": "Day", "de": "Tag"}},
        {"countries": {"XX": "most"}},
        {"observed_by": "all"},
        {"key": "holiday:test"},
        {"fasting": "yes"},
        {"since": "2002"},
    ],
)
def test_data_file_mistakes_fail_loudly_with_the_file_name(fields: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"t\.toml"):
        parse_file("t.toml", {"country": "JP", "date": [entry(**fields)]})


def test_holiday_names_are_classified_by_pattern() -> None:
    good_friday = classify("Good Friday")
    assert good_friday is not None
    assert (good_friday.kind.value, good_friday.same_as) == ("solemn", "good-friday")
    martyrs = classify("Martyrs' Day")
    assert martyrs is not None and martyrs.kind.value == "solemn"
    new_year = classify("New Year's Day")
    assert new_year is not None and new_year.kind.value == "festive"
    assert classify("Independence Day (observed)") is None


def test_slugs_are_stable_and_readable() -> None:
    assert slug("New Year's Day") == "new-years-day"
    assert slug("Isra' and Mi'raj") == "isra-and-miraj"
