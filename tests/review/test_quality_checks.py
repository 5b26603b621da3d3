"""Spelling, accessibility, network limits and the workspace's own rules."""

import pytest

from poise.review import Media, Severity, Verdict, WorkspaceRules

from .factories import check, fired


def test_a_typo_is_flagged_with_its_correction() -> None:
    result = check("We will recieve your parcel tomorrow.", "en")
    finding = next(f for f in result.findings if f.check == "spelling")
    assert finding.replacement == "receive"
    assert finding.severity is Severity.WARN


def test_a_french_typo_is_flagged() -> None:
    result = check("Nous sommes ravis de vous aceuillir ce samedi.", "fr")
    assert any(f.check == "spelling" and f.replacement == "accueillir" for f in result.findings)


def test_names_brands_and_glossary_terms_are_not_typos() -> None:
    result = check(
        "Meet Siobhan at the Zorblax launch, with our new frappuccinoz.",
        "en",
        rules=WorkspaceRules(glossary=("frappuccinoz",)),
    )
    assert not fired(result, "spelling", Severity.INFO)


def test_feminine_job_titles_and_the_words_of_social_media_are_not_typos() -> None:
    french = check(
        "Notre cheffe pâtissière et notre autrice invitée vous attendent au resto.", "fr"
    )
    english = check("Our baristas made a matcha latte for the livestream.", "en")
    assert not fired(french, "spelling", Severity.INFO)
    assert not fired(english, "spelling", Severity.INFO)


def test_an_image_without_alt_text_is_flagged() -> None:
    result = check("Our new shop window", "en", media=(Media("image", None),))
    assert fired(result, "accessibility")
    described = check(
        "Our new shop window", "en", media=(Media("image", "Red coats in a shop window"),)
    )
    assert not fired(described, "accessibility")


def test_a_lowercase_multiword_hashtag_gets_a_camel_case_suggestion() -> None:
    result = check("Good morning #mondaymotivation", "en")
    finding = next(f for f in result.findings if f.code == "camel_case")
    assert finding.replacement == "#MondayMotivation"


def test_an_emoji_wall_is_flagged() -> None:
    assert fired(check("Weekend! 🎉🎉🎉🎉🎉🎉🎉🎉🎉", "en"), "accessibility")


def test_a_post_longer_than_the_network_allows_is_blocked_at_the_point_it_stops_fitting() -> None:
    text = "a" * 301
    result = check(text, "en", network="bluesky")
    finding = next(f for f in result.findings if f.check == "limits")
    assert result.verdict is Verdict.BLOCK
    assert finding.span is not None and finding.span.start == 300


def test_japanese_counts_double_on_x() -> None:
    assert check("お知らせ" * 50, "ja", network="x").verdict is Verdict.BLOCK
    assert not fired(check("お知らせ" * 50, "ja", network="bluesky"), "limits")


def test_a_banned_word_is_blocked_and_a_glossary_spelling_is_suggested() -> None:
    rules = WorkspaceRules(banned=("cheap",), glossary=("iPhone",))
    result = check("Get a cheap case for your Iphone", "en", rules=rules)
    assert result.verdict is Verdict.BLOCK
    glossary = next(f for f in result.findings if f.code == "glossary")
    assert glossary.replacement == "iPhone"


@pytest.mark.parametrize(
    ("banned", "text", "lang"),
    [
        ("guarantee", "Results guaranteed in 7 days!", "en"),
        ("cheap", "The cheapest phone cases in town", "en"),
        ("garanti", "Résultats garantis en 7 jours !", "fr"),
    ],
)
def test_a_banned_word_is_banned_in_all_its_forms(banned: str, text: str, lang: str) -> None:
    rules = WorkspaceRules(banned=(banned,))
    assert check(text, lang, rules=rules).verdict is Verdict.BLOCK


def test_a_banned_word_does_not_ban_a_longer_word_it_begins() -> None:
    rules = WorkspaceRules(banned=("guard",))
    assert check("Our guardians are here", "en", rules=rules).verdict is Verdict.PASS


def test_a_sponsored_post_without_disclosure_is_flagged_when_the_workspace_requires_it() -> None:
    rules = WorkspaceRules(disclosure_required=True)
    text = "In partnership with Glow, our favourite serum this winter."
    assert fired(check(text, "en", rules=rules), "rules")
    assert not fired(check(text + " #ad", "en", rules=rules), "rules")


def test_a_reply_in_a_language_poise_does_not_read_is_not_a_page_of_typos() -> None:
    result = check("Muchas gracias. Por favor revisa tus mensajes directos.", "en")
    assert not fired(result, "spelling")
    assert fired(check("We will recieve your parcel tomorrow.", "en"), "spelling")


def test_a_french_post_with_several_typos_is_checked_not_taken_for_another_language() -> None:
    text = (
        "Merci a tous pour votre fidélitée ! On vous atend samedi pour l'anniverssaire du magasin"
    )
    result = check(text, "fr")
    corrections = {f.replacement for f in result.findings if f.check == "spelling"}
    assert {"fidélité", "anniversaire", "attend"} <= corrections
    assert result.verdict is Verdict.REVIEW


def test_a_long_word_with_a_doubled_or_dropped_letter_is_a_typo() -> None:
    result = check("Profitez de nos offres exeptionnelles sur l'électroménnager !", "fr")
    typos = {f.replacement: f.severity for f in result.findings if f.check == "spelling"}
    assert typos == {"exceptionnelles": Severity.WARN, "électroménager": Severity.WARN}


def test_rare_words_and_forms_the_dictionary_lacks_are_at_most_mentioned() -> None:
    # "bordelais" is one letter from "borderais", "meringuées" an ending from "meringuée":
    # neither is a slip of the finger.
    result = check("Plus de 200 restaurants bordelais et leurs tartes meringuées.", "fr")
    assert not fired(result, "spelling")


def test_a_hyphenated_word_is_read_whole() -> None:
    result = check("Nos magasins sont ouverts tout le week-end.", "fr")
    assert not fired(result, "spelling", Severity.INFO)


def test_a_capitalised_word_opening_a_sentence_may_be_a_name() -> None:
    result = check("Bonne fête de Korité à toutes et à tous. Dewenati !", "fr")
    assert not fired(result, "spelling")


def test_an_english_word_in_a_french_post_is_given_its_french_spelling() -> None:
    result = check("Toutes nos chambres ont une connection Wi-Fi gratuite.", "fr")
    assert any(f.check == "spelling" and f.replacement == "connexion" for f in result.findings)


def test_a_trip_offered_by_a_partner_needs_a_disclosure() -> None:
    rules = WorkspaceRules(disclosure_required=True)
    text = "Cette semaine, on part à Chamonix avec Voyages Altitude, qui nous offre le séjour 🏔️"
    assert fired(check(text, "fr", rules=rules), "rules")
    assert not fired(check(text + " #partenariat", "fr", rules=rules), "rules")
