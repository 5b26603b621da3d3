import pytest

from poise.review import Verdict

from .factories import check, fired


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "ALERT - fire alarms going off, we are aware, follow the official account for updates",
            "en",
        ),
        ("Alerte - Les alarmes incendie se déclenchent, suivez le compte officiel", "fr"),
        ("تنبيه - تنطلق إنذارات الحريق ، ونحن على علم ، اتبع الحساب الرسمي", "ar"),
        ("【警報】火災報知器が鳴っています。公式アカウントで最新情報をご確認ください", "ja"),
    ],
)
def test_an_alarm_word_needs_a_second_opinion_in_every_language(text: str, lang: str) -> None:
    result = check(text, lang)
    assert result.verdict is Verdict.REVIEW
    assert fired(result, "alarm")


def test_the_alarm_finding_points_at_the_word_and_offers_calm_wording() -> None:
    text = "ALERT - fire alarms going off"
    result = check(text, "en")
    finding = next(f for f in result.findings if f.check == "alarm")
    assert finding.span is not None and text[finding.span.start : finding.span.end] == "ALERT"
    assert finding.replacement == "Update"


def test_the_siren_emoji_raises_the_alarm_on_its_own() -> None:
    assert fired(check("Our store on Main Street 🚨", "en"), "alarm")


def test_shouting_in_capitals_is_flagged_with_sentence_case() -> None:
    result = check("WE ARE CLOSING THE STORE NOW everyone must leave", "en")
    finding = next(f for f in result.findings if f.check == "alarm" and f.code == "shouting")
    assert finding.replacement == "We are closing the store now"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("NEW: our autumn menu is here. Last chance to try the pumpkin latte this week!", "en"),
        ("Dernière chance ! Les soldes se terminent ce soir.", "fr"),
        ("العرض لفترة محدودة، لا تفوتوا الفرصة!", "ar"),
        ("期間限定！今だけの特別メニューをお見逃しなく。", "ja"),
    ],
)
def test_everyday_marketing_urgency_passes(text: str, lang: str) -> None:
    assert not fired(check(text, lang), "alarm")
