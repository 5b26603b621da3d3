import pytest

from poise.text.languages import UnsupportedLanguageError, check_languages, detect


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Our new autumn menu is here, come and try it this weekend", "en"),
        ("Notre nouvelle carte d'automne est arrivée, venez la goûter ce week-end", "fr"),
        ("قائمتنا الجديدة لفصل الخريف وصلت، تعالوا وجربوها في عطلة نهاية الأسبوع", "ar"),
        ("秋の新メニューが登場しました。週末にぜひお試しください", "ja"),
    ],
)
def test_each_supported_language_is_recognised(text: str, language: str) -> None:
    assert detect(text).language == language


def test_a_post_mostly_in_english_with_one_arabic_word_stays_english() -> None:
    assert (
        detect("We wish everyone celebrating a blessed Eid, عيد مبارك to all our friends").language
        == "en"
    )


def test_detection_is_restricted_to_the_configured_languages() -> None:
    assert detect("Bonjour à tous, belle journée", ["en", "ar"]).language == "en"


def test_text_without_letters_has_no_language() -> None:
    assert detect("🎉🎉 2026 !!!").language is None


def test_an_unsupported_language_is_refused_with_the_choices() -> None:
    with pytest.raises(UnsupportedLanguageError, match="use some of en"):
        check_languages(["en", "de"])
