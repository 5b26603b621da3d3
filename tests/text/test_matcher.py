"""The matcher on a small lexicon of its own, so these tests pin down matching itself."""

from poise.text.lexicon import Entry, Severity
from poise.text.matcher import Matcher, char_pieces, variants, word_pieces
from poise.text.profiles import profile
from poise.text.tokens import tokenize


def find(language: str, terms: list[str], text: str) -> list[str]:
    matcher = Matcher(
        profile(language),
        [Entry("test", "t", Severity.WARN, term, "", "", language) for term in terms],
    )
    tokens = tokenize(text)
    if profile(language).boundaries == "none":
        return [m.surface for m in matcher.scan(char_pieces(text, tokens), text)]
    readings = [[] for token in tokens if token.kind.value == "hashtag"]
    pieces = word_pieces(tokens, readings, matcher.language, matcher)
    found = [m.surface for m in matcher.scan(pieces, text)]
    for other in variants(pieces):
        found += [m.surface for m in matcher.scan(other, text)]
    return found


def test_plain_and_capitalised_words_match() -> None:
    assert find("en", ["alert"], "ALERT - fire alarms") == ["ALERT"]


def test_words_inside_longer_words_do_not_match() -> None:
    assert find("en", ["ass"], "a classic class assessment") == []


def test_a_trailing_star_matches_any_ending() -> None:
    assert find("en", ["fuck*"], "what the fucking hell") == ["fucking"]


def test_masked_letters_match_the_word_of_the_same_shape() -> None:
    assert find("en", ["fuck"], "no one here knows how to f*ck or f**k") == ["f*ck", "f**k"]


def test_leetspeak_and_dots_are_undone() -> None:
    assert find("en", ["shit"], "sh1t happens") == ["sh1t"]
    assert find("en", ["shit"], "oh sh!t") == ["sh!t"]
    assert find("en", ["fuck"], "F.U.C.K this") == ["F.U.C.K"]


def test_spaced_letters_are_joined() -> None:
    assert find("en", ["fuck"], "f u c k that") == ["f u c k"]


def test_elongation_is_shortened() -> None:
    assert find("en", ["fuck"], "fuuuuuck") == ["fuuuuuck"]
    assert find("en", ["cool"], "soooo coooool") == ["coooool"]


def test_phrases_match_across_words() -> None:
    assert find("en", ["act now"], "Please ACT   NOW!") == ["ACT   NOW"]


def test_french_elisions_and_accents_are_read_through() -> None:
    assert find("fr", ["alerte"], "L’ALERTE est levée") == ["L’ALERTE"]
    assert find("fr", ["évacuez"], "EVACUEZ le bâtiment") == ["EVACUEZ"]


def test_arabic_terms_match_with_attached_clitics() -> None:
    assert find("ar", ["حريق"], "وبالحريق انتهى") == ["وبالحريق"]
    assert find("ar", ["حريق"], "حريقهم كبير") == ["حريقهم"]
    assert find("ar", ["حريق"], "تحريقات") == []
    # The dialects' demonstrative (هالحريق: "this fire") is a clitic too.
    assert find("ar", ["حريق"], "شفتوا هالحريق؟") == ["هالحريق"]


def test_arabic_terms_match_through_diacritics_and_variants() -> None:
    assert find("ar", ["انذار"], "إِنْذَار عاجل") == ["إِنْذَار"]


def test_japanese_terms_match_inside_text_in_either_kana() -> None:
    assert find("ja", ["ヤバい"], "これはやばいです") == ["やばい"]
    assert find("ja", ["警報"], "大雨警報が出ています") == ["警報"]


def test_latin_terms_in_japanese_text_keep_word_edges() -> None:
    assert find("ja", ["DM"], "詳しくはDMで") == ["DM"]
    assert find("ja", ["PR"], "PRICE表示") == []


def test_an_arabic_final_taa_marbuta_matches_before_a_suffix() -> None:
    assert find("ar", ["فرحة"], "شاركونا فرحتنا اليوم") == ["فرحتنا"]


def test_japanese_swear_words_match_with_a_masked_letter() -> None:
    matcher = Matcher(
        profile("ja"), [Entry("profanity", "profanity", Severity.WARN, "クソ", "", "", "ja")]
    )
    text = "ほんとク○。"
    assert [m.surface for m in matcher.scan(char_pieces(text, tokenize(text)), text)] == ["ク○"]


def test_the_french_first_person_elision_is_a_word_of_its_own() -> None:
    assert find("fr", ["j'"], "J’suis crevée") == ["J’"]
    assert find("fr", ["j'ai trop bu"], "j'ai trop bu hier") == ["j'ai trop bu"]
    assert find("fr", ["trop bu"], "j'ai trop bu hier") == ["trop bu"]
    # Other elisions are still read through: l'alerte is "alerte", not "l'".
    assert find("fr", ["l'"], "l'alerte") == []
