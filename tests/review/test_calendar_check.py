from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from poise.review import Media, Verdict

from .factories import check, fired

PEARL_HARBOR = datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("America/New_York"))
NAGASAKI = datetime(2026, 8, 9, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
RAMADAN_NOON = datetime(2027, 2, 20, 12, 30, tzinfo=ZoneInfo("Asia/Riyadh"))
RAMADAN_NIGHT = datetime(2027, 2, 20, 21, 0, tzinfo=ZoneInfo("Asia/Riyadh"))


def test_a_brand_marking_pearl_harbor_day_with_its_mascot_gets_a_second_opinion() -> None:
    mascot = Media("image", "Our smiling pasta mascot holding an American flag")
    result = check(
        "Take a moment to remember #PearlHarbor with us.",
        "en",
        media=(mascot,),
        at=PEARL_HARBOR,
        countries=("US",),
    )
    assert fired(result, "calendar")


def test_plain_words_of_remembrance_pass() -> None:
    text = "Today we remember the 2,403 Americans who lost their lives at Pearl Harbor."
    assert check(text, "en", at=PEARL_HARBOR, countries=("US",)).verdict is Verdict.PASS


def test_a_sale_on_a_solemn_day_is_flagged() -> None:
    result = check(
        "今日は特別な日！全品20%オフのキャンペーン開催中🎉", "ja", at=NAGASAKI, countries=("JP",)
    )
    assert result.verdict is not Verdict.PASS
    assert fired(result, "calendar")


def test_a_sale_in_beirut_on_the_anniversary_of_the_port_explosion_is_flagged() -> None:
    fourth_of_august = datetime(2026, 8, 4, 11, 0, tzinfo=ZoneInfo("Asia/Beirut"))
    text = "تنزيلات الصيف بلشت! خصم ٤٠٪ على كل المجموعة 🛍️"
    assert fired(check(text, "ar", at=fourth_of_august, countries=("LB",)), "calendar")
    assert not fired(check(text, "ar", at=fourth_of_august, countries=("FR",)), "calendar")


def test_the_same_sale_on_an_ordinary_day_passes_the_calendar() -> None:
    ordinary = NAGASAKI.replace(day=12)
    result = check(
        "今日は特別な日！全品20%オフのキャンペーン開催中🎉", "ja", at=ordinary, countries=("JP",)
    )
    assert not fired(result, "calendar")


def test_a_solemn_day_in_another_country_does_not_count() -> None:
    result = check("Our winter sale starts today!", "en", at=PEARL_HARBOR, countries=("FR",))
    assert not fired(result, "calendar")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Our new lunch menu: a grilled burger and fresh juice!", "en"),
        ("وجبة الغداء الجديدة: برجر مشوي مع عصير طازج!", "ar"),
    ],
)
def test_food_in_ramadan_daytime_is_flagged_where_the_audience_fasts(text: str, lang: str) -> None:
    assert fired(check(text, lang, at=RAMADAN_NOON, countries=("SA",)), "calendar")


def test_food_after_sunset_in_ramadan_passes() -> None:
    result = check(
        "وجبة الإفطار الجديدة: برجر مشوي مع عصير طازج!", "ar", at=RAMADAN_NIGHT, countries=("SA",)
    )
    assert not fired(result, "calendar")


def test_a_ramadan_greeting_in_daytime_passes() -> None:
    assert (
        check("رمضان كريم من كل فريقنا", "ar", at=RAMADAN_NOON, countries=("SA",)).verdict
        is Verdict.PASS
    )


def test_the_soup_of_the_day_joke_is_caught_through_the_image_description() -> None:
    # The tequila post sent before boarding a plane, with no second opinion.
    result = check(
        "Soup of the day",
        "en",
        media=(Media("image", "A blurry cup of tequila"),),
        at=datetime(2021, 7, 24, 10, tzinfo=ZoneInfo("America/Chicago")),
        countries=("US",),
    )
    assert result.verdict is not Verdict.PASS
    finding = next(f for f in result.findings if f.check == "sensitive")
    assert finding.span is not None and finding.span.field == "media[0].alt"
