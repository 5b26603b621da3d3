import pytest

from poise.review import Verdict

from .factories import check, fired


@pytest.mark.parametrize(
    "text",
    [
        "no one here knows how to fucking drive",
        "no one here knows how to f***ing drive",
        "what the f u c k is this",
        "this is sh1t",
        "fuuuuuck this traffic",
    ],
)
def test_profanity_is_caught_however_it_is_spelled(text: str) -> None:
    result = check(text, "en")
    assert fired(result, "profanity")
    assert result.verdict is not Verdict.PASS


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Putain, encore un lundi", "fr"),
        ("ما هذا يا غبي", "ar"),
        ("お前マジで死ね", "ja"),
    ],
)
def test_profanity_and_insults_are_caught_in_every_language(text: str, lang: str) -> None:
    assert check(text, lang).verdict is not Verdict.PASS


def test_innocent_words_that_contain_profanity_pass() -> None:
    result = check("Our classic Scunthorpe assessment class starts on Monday", "en")
    assert not fired(result, "profanity")


@pytest.mark.parametrize(
    "text", ["新作ラーメン、くっっっそうまい🍜", "ク ソ うまい新作バーガー、ついに登場🍔"]
)
def test_japanese_swearing_drawn_out_or_spaced_is_caught(text: str) -> None:
    assert fired(check(text, "ja"), "profanity")


@pytest.mark.parametrize(
    "text", ["ポーク ソテー 定食 はじめました", "すごーーーい！新作がでました"]
)
def test_spaced_or_drawn_out_japanese_words_are_not_swearing(text: str) -> None:
    assert check(text, "ja").verdict is Verdict.PASS


def test_a_euro_sign_standing_for_an_e_is_read_as_the_letter() -> None:
    assert fired(check("Marre de ces bouchons de m€rde tous les matins ?", "fr"), "profanity")
    assert check("-200 € sur toute la gamme, 20€ le casque", "fr").verdict is Verdict.PASS


def test_staying_power_with_a_wink_is_innuendo_and_without_one_a_product_claim() -> None:
    winked = "Chez nous, on l'aime grosse, dure et capable de tenir toute la nuit 😏"
    assert fired(check(winked, "fr"), "profanity")
    plain = "Notre batterie externe peut tenir toute la nuit, même en mode vidéo."
    assert not fired(check(plain, "fr"), "profanity")


def test_suggestive_phrases_piled_up_are_innuendo_without_a_wink() -> None:
    text = "うちの太くて長い極上フランク🌭 お口いっぱいに頬張って、奥までじっくり味わってね♡"
    assert fired(check(text, "ja"), "profanity")
    assert not fired(check("極上フランクをお口いっぱいに頬張ってね♡", "ja"), "profanity")
