"""Sensitive topics: alcohol said responsibly, and alcohol said carelessly."""

import pytest

from poise.review import Severity, Verdict, WorkspaceRules

from .factories import check, fired


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Wine tasting on Thursday at 7pm, 18 and over, ID required. Book at the link.", "en"),
        (
            "Dégustation de vins du Jura jeudi à 19 h. L'abus d'alcool est dangereux pour la "
            "santé, à consommer avec modération.",
            "fr",
        ),
        ("أمسية تذوّق نبيذ البقاع الخميس الساعة ٧ مساءً 🍷 الدخول لعمر ١٨ وما فوق.", "ar"),
        ("秋限定のクラフトビールが発売です🍺 お酒は20歳になってから。", "ja"),
    ],
)
def test_alcohol_for_adults_with_the_usual_mention_is_only_noted(text: str, lang: str) -> None:
    result = check(text, lang, countries=("LB",) if lang == "ar" else ())
    finding = next(f for f in result.findings if f.check == "sensitive")
    assert finding.severity is Severity.INFO
    assert result.verdict is Verdict.PASS


def test_alcohol_without_saying_who_it_is_for_asks_for_the_mention() -> None:
    result = check("Wine tasting on Thursday at 7pm. Book at the link.", "en")
    finding = next(f for f in result.findings if f.check == "sensitive")
    assert finding.severity is Severity.WARN
    assert "18" in finding.suggestion


def test_an_age_limit_does_not_make_alcohol_fit_for_an_audience_where_it_is_forbidden() -> None:
    text = "Wine tasting on Thursday at 7pm, 18 and over, ID required."
    assert fired(check(text, "en", countries=("SA",)), "sensitive")


def test_an_age_limit_does_not_excuse_a_joke_about_drinking() -> None:
    text = "Wine o'clock already? 😂 Tasting on Thursday, 18 and over."
    assert fired(check(text, "en"), "sensitive")


def test_a_brewery_that_allows_the_topic_is_not_asked_for_the_mention() -> None:
    result = check(
        "Our new IPA is on tap today.", "en", rules=WorkspaceRules(allowed_topics=("alcohol",))
    )
    assert not fired(result, "sensitive")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Carême ? Connais pas. Nos éclairs au chocolat non plus 😜 Deux achetés, le troisième offert.",
            "fr",
        ),
        ("Fasting for a month? Not for us 😂 Our buffet is open all year round.", "en"),
    ],
)
def test_a_faith_asked_about_then_laughed_at_is_a_joke_about_it(text: str, lang: str) -> None:
    finding = next(f for f in check(text, lang).findings if f.check == "sensitive")
    assert finding.code == "joke"
    assert finding.severity is Severity.WARN


def test_a_faith_asked_about_then_answered_plainly_is_no_joke() -> None:
    text = "Ramadan starts tomorrow? Our opening hours change: we open at 10. Ramadan Mubarak 🌙"
    assert check(text, "en").verdict is Verdict.PASS


def test_a_post_addressing_the_voters_of_one_side_takes_a_side() -> None:
    text = "Anyone who voted for this budget should be ashamed of themselves. #Budget2025"
    assert fired(check(text, "en"), "sensitive")
    assert not fired(
        check("Thanks to everyone who voted for our new flavour! 🍦", "en"), "sensitive"
    )


def test_celebration_emoji_and_a_wink_elsewhere_are_not_a_drinking_joke() -> None:
    text = (
        "Now this is how you celebrate #NationalFriedChickenDay 🍾🥂🍗 Grab your squad today. "
        "Check out our page, you might get lucky 😉"
    )
    assert not fired(check(text, "en"), "sensitive")
    assert fired(check("Soup of the day: tequila. You might get lucky 😉", "en"), "sensitive")
