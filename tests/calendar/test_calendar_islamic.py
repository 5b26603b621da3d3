"""Islamic observances computed with the Umm al-Qura calendar."""

from __future__ import annotations

import datetime

from poise.calendar import DateKind, SensitiveDate, sensitive_dates

YEAR_2026 = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def keyed(country: str, key: str) -> list[SensitiveDate]:
    return [date for date in sensitive_dates(country, *YEAR_2026) if date.key == key]


def test_ramadan_2026_starts_on_18_february_and_lasts_the_whole_month() -> None:
    days = [date.day for date in keyed("SA", "ramadan")]
    assert days[0] == datetime.date(2026, 2, 18)
    assert len(days) in (29, 30)
    assert len(days) == 30  # Umm al-Qura gives Ramadan 1447 thirty days
    assert days == [days[0] + datetime.timedelta(days=n) for n in range(len(days))]


def test_every_ramadan_day_is_a_fasting_observance_with_its_number() -> None:
    ramadan = keyed("SA", "ramadan")
    assert all(d.kind is DateKind.OBSERVANCE and d.fasting for d in ramadan)
    assert ramadan[0].name("en") == "Ramadan (day 1)"
    assert ramadan[-1].name("ar") == "رمضان (اليوم 30)"
    assert "رمضان" in ramadan[0].keywords


def test_ramadan_is_observed_by_most_in_muslim_majority_countries() -> None:
    for country in ("SA", "AE", "EG"):
        assert {d.observed_by for d in keyed(country, "ramadan")} == {"most"}


def test_ramadan_is_listed_as_fasting_for_part_of_the_audience_in_western_countries() -> None:
    for country in ("US", "GB", "FR", "CA", "AU"):
        ramadan = keyed(country, "ramadan")
        assert len(ramadan) == 30
        assert all(d.fasting and d.observed_by == "part" for d in ramadan)


def test_japan_has_no_islamic_observances() -> None:
    assert keyed("JP", "ramadan") == []


def test_eid_al_fitr_follows_the_last_day_of_ramadan() -> None:
    eid = keyed("SA", "eid-al-fitr")
    assert [d.day for d in eid] == [datetime.date(2026, 3, d) for d in (20, 21, 22)]
    assert all(d.kind is DateKind.FESTIVE for d in eid)
    assert eid[0].name("fr") == "Aïd el-Fitr (jour 1)"


def test_day_of_arafah_precedes_eid_al_adha() -> None:
    arafah = keyed("AE", "day-of-arafah")
    adha = keyed("AE", "eid-al-adha")
    assert [d.day for d in arafah] == [datetime.date(2026, 5, 26)]
    assert adha[0].day == datetime.date(2026, 5, 27)
    assert adha[0].kind is DateKind.FESTIVE
    assert arafah[0].kind is DateKind.OBSERVANCE


def test_ashura_is_solemn_and_islamic_new_year_is_an_observance() -> None:
    (ashura,) = keyed("EG", "ashura")
    (new_year,) = keyed("EG", "islamic-new-year")
    assert (ashura.day, ashura.kind) == (datetime.date(2026, 6, 25), DateKind.SOLEMN)
    assert (new_year.day, new_year.kind) == (datetime.date(2026, 6, 16), DateKind.OBSERVANCE)


def test_ashura_is_observed_by_most_in_bahrain() -> None:
    assert keyed("BH", "ashura")[0].observed_by == "most"


def test_ramadan_crossing_new_year_is_numbered_continuously() -> None:
    dates = sensitive_dates("SA", datetime.date(2030, 12, 31), datetime.date(2031, 1, 1))
    names = [d.name("en") for d in dates if d.key == "ramadan"]
    assert names == ["Ramadan (day 6)", "Ramadan (day 7)"]


def test_years_beyond_the_umm_al_qura_tables_fall_back_to_the_holidays_package() -> None:
    dates = sensitive_dates("AE", datetime.date(2090, 1, 1), datetime.date(2090, 12, 31))
    assert not any(d.key == "ramadan" for d in dates)
    assert any(d.key.startswith("holiday:eid-al-fitr") for d in dates)
