"""Cues each language writes its own way, read by rules that are the same for every language:
casual sentence endings, the first person inside words (j'ai, أقدر, 私、), religion as a
punchline, campaigns and tragedies named inside a hashtag. Each flagged draft is paired with a
near-identical harmless one."""

from poise.review import Severity

from .factories import check, event, fired


def codes(text: str, lang: str, **kwargs: object) -> set[str]:
    return {
        f"{f.check}/{f.code}"
        for f in check(text, lang, **kwargs).findings  # type: ignore[arg-type]
        if f.severity.rank >= Severity.WARN.rank
    }


def test_a_casual_ending_that_closes_the_sentence_is_a_personal_voice() -> None:
    personal = "今日めっちゃ寝坊しちゃった〜 電車も遅れてて最悪なんだけど😇"
    copy = "寝坊しちゃった朝でも3分で完成！新発売のカップスープをどうぞ☕"
    assert fired(check(personal, "ja"), "wrong_account")
    assert not fired(check(copy, "ja"), "wrong_account", Severity.INFO)


def test_a_casual_ending_in_a_polite_sentence_is_the_brand_chatting() -> None:
    casual = "俺の誕生日なのに誰も祝ってくれないじゃん😢"
    polite = "暑い日が続きますよね☀️ 新作のかき氷、今日から全店で販売しています。"
    assert fired(check(casual, "ja"), "wrong_account")
    assert not fired(check(polite, "ja"), "wrong_account", Severity.INFO)


def test_a_polite_self_introduction_is_not_a_personal_post() -> None:
    staff = "カスタマーサポートの佐藤です。DMで詳細をお知らせください。"
    confession = "私、昨日から風邪ひいてて声出ないんだよね😷"
    assert not fired(check(staff, "ja"), "wrong_account", Severity.INFO)
    assert fired(check(confession, "ja"), "wrong_account", Severity.INFO)


def test_the_french_elided_first_person_is_read_as_a_word() -> None:
    result = check("j'suis crevée, j'ai zéro envie de bosser 😩", "fr")
    markers = [f.evidence for f in result.findings if f.check == "wrong_account"]
    assert markers and "j'" in markers[0]
    assert not fired(
        check("J'ai le plaisir de vous annoncer notre boutique !", "fr"), "wrong_account"
    )


def test_an_elided_first_person_still_matches_the_phrase_after_it() -> None:
    assert fired(check("j'ai trop bu hier soir 🍻", "fr"), "wrong_account")


def test_arabic_first_person_verbs_add_up() -> None:
    personal = "أنا مش قادر أصحى النهارده خالص 😩 أبي أنام للصبح"
    care = "أنا سارة من فريق الدعم، ممكن ترسل لنا رقم الطلب على الخاص؟"
    assert fired(check(personal, "ar"), "wrong_account")
    assert not fired(check(care, "ar"), "wrong_account")


def test_religious_practice_as_a_punchline_is_a_joke() -> None:
    joke = "يا رب ما يطوّل الإمام في التراويح الليلة 😂"
    hours = "صلاة التراويح في المسجد القريب؟ فرعنا مفتوح بعدها حتى الساعة ٢ 🌙"
    assert "sensitive/joke" in codes(joke, "ar")
    assert not codes(hours, "ar")
    assert "sensitive/joke" in codes("お坊さんもびっくりの煩悩セール😂", "ja")
    assert not codes("お正月は神社へ初詣に行かれましたか？⛩️", "ja")


def test_an_open_question_hashtag_in_any_language_is_a_campaign() -> None:
    assert "hashtags/campaign_hashtag" in codes("#اسأل_الرئيس_التنفيذي أي سؤال!", "ar")
    assert "hashtags/campaign_hashtag" in codes("#社長に質問 なんでも答えます！", "ja")
    assert not codes("أي سؤال عن أسعارنا؟ راسلونا على الخاص.", "ar")


def test_a_campaign_hashtag_under_fire_is_blocked() -> None:
    found = codes("#社長に質問 なんでも答えます！", "ja", crisis=True)
    assert "hashtags/campaign_hashtag_under_fire" in found


def test_a_hashtag_naming_a_tragedy_in_a_promotion_is_flagged() -> None:
    assert "hashtags/grave_topic" in codes("#台風10号 の日はおうちでゲーム！セール中🎮", "ja")
    assert "hashtags/grave_topic" not in codes("#台風10号 の接近に伴い、本日は臨時休業です。", "ja")
    assert "hashtags/grave_topic" in codes("#الحرب_على_غزة عروض الجمعة البيضاء بدأت", "ar")


def test_an_event_hashtag_matches_its_keyword_whatever_separates_the_words() -> None:
    quake = event("زلزال المغرب", "disaster", keywords=("زلزال المغرب",))
    assert "hashtags/event" in codes("#زلزال_المغرب قلوبنا معكم", "ar", events=(quake,))
