import pytest

from poise.review import Severity, Verdict

from .factories import check, event, fired


def test_a_hashtag_that_reads_as_something_else_is_flagged_with_its_other_reading() -> None:
    result = check("Join us tonight! #susanalbumparty", "en")
    finding = next(f for f in result.findings if f.code == "other_reading")
    assert finding.severity is Severity.WARN
    assert "ANAL" in finding.message
    assert finding.replacement == "#SusanAlbumParty"


def test_camel_case_shows_the_intended_reading() -> None:
    result = check("Join us tonight! #SusanAlbumParty", "en")
    assert not fired(result, "hashtags")


def test_innocent_hashtags_pass() -> None:
    result = check("Back to school! #classact #therapist #grapefruit", "en")
    assert not fired(result, "hashtags")


def test_a_hashtag_carrying_stories_of_abuse_is_flagged() -> None:
    # DiGiorno's "#WhyIStayed You had pizza."
    result = check("#WhyIStayed You had pizza.", "en")
    assert result.verdict is not Verdict.PASS
    assert fired(result, "hashtags")


def test_a_hashtag_an_active_event_is_using_is_flagged() -> None:
    trial = event("Verdict in a murder trial", "crime", ("#notguilty",))
    result = check("Our new sofa: comfortable and #notguilty", "en", events=(trial,))
    assert fired(result, "hashtags")


def test_an_ask_the_brand_campaign_is_flagged_and_blocked_while_under_fire() -> None:
    calm = check("Our CEO answers your questions on Thursday. #AskJPM", "en")
    scandal = event("Trading loss inquiry", "scandal", ("trading loss",), involves_brand=True)
    under_fire = check(
        "Our CEO answers your questions on Thursday. #AskJPM", "en", events=(scandal,)
    )
    assert calm.verdict is Verdict.REVIEW
    assert under_fire.verdict is Verdict.BLOCK


def test_an_ordinary_question_to_followers_passes() -> None:
    assert check("Tell us your favourite flavour in the comments! 🍦", "en").verdict is Verdict.PASS


def test_a_word_that_also_reads_as_an_article_and_an_offence_is_flagged() -> None:
    result = check("Anxious? Find a licensed counsellor today #therapistfinder", "en")
    assert fired(result, "hashtags")


@pytest.mark.parametrize("tag", ["#theanalyst", "#ourassets", "#cocktailhour"])
def test_a_word_that_merely_begins_with_an_offence_is_read_as_itself(tag: str) -> None:
    assert not fired(check(f"Meet the team {tag}", "en"), "hashtags")


def test_camel_case_does_not_hide_a_reading_made_of_everyday_words() -> None:
    # "kid sex change": the letters around the offensive word are words too.
    result = check(
        "Kids' clothes swap this Saturday, bring what no longer fits! #KidsExchange", "en"
    )
    assert fired(result, "hashtags")


def test_camel_case_shows_the_words_when_the_other_reading_leaves_stray_letters() -> None:
    # "busines sex po" is not what a reader sees in #BusinessExpo.
    result = check("Meet our team at the #BusinessExpo in Lyon next week.", "en")
    assert not fired(result, "hashtags")
    assert fired(result, "hashtags", Severity.INFO)


def test_a_hashtag_whose_words_are_a_double_meaning_is_flagged_once() -> None:
    text = "Concours de pétanque ce week-end 🎯 Montrez-nous vos #grossesboules !"
    result = check(text, "fr")
    assert fired(result, "profanity")
    assert not any(f.check == "hashtags" and f.code == "other_reading" for f in result.findings)
    plain = check(
        "Concours de pétanque ce week-end : apportez vos boules, on fournit le cochonnet !", "fr"
    )
    assert plain.verdict is Verdict.PASS


def test_a_misspelled_mushroom_that_starts_with_a_swear_word_is_corrected() -> None:
    result = check("New soup with local mushrooms 🍄 #ShitakeLovers", "en")
    finding = next(f for f in result.findings if f.check == "spelling")
    assert finding.severity is Severity.WARN
