"""Rules read from the shape of a text, the same in every language: tone cues that add up in a
reply, a joke in the same sentence as a sensitive topic, a person's moment in the first person."""

import pytest

from poise.review import Severity, Verdict, VoiceProfile
from poise.review.signals import is_question, sentences

from .factories import check, fired

COMPLAINTS = {
    "en": "Your app crashes every single time I open it.",
    "fr": "Votre appli plante à chaque fois que je l'ouvre.",
    "ar": "التطبيق يطفي كل ما أفتحه.",
    "ja": "アプリを開くたびに落ちるんだけど。",
}


def codes(text: str, lang: str, **kwargs: object) -> set[str]:
    return {
        f"{f.check}/{f.code}"
        for f in check(text, lang, **kwargs).findings  # type: ignore[arg-type]
        if f.severity.rank >= Severity.WARN.rank
    }


def test_sentences_keep_their_end_marks_in_every_script() -> None:
    text = "Vraiment ? Oui. 本当？はい。هل قرأت؟ نعم"
    spans = sentences(text)
    assert [text[a:b].strip() for a, b in spans] == [
        "Vraiment ?",
        "Oui.",
        "本当？",
        "はい。",
        "هل قرأت؟",
        "نعم",
    ]
    assert [is_question(text, span) for span in spans] == [True, False, True, False, True, False]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Did you actually restart it? That fixes it for everyone else.", "en"),
        ("Vous l'avez au moins redémarrée ? Ça règle le problème pour tout le monde.", "fr"),
        ("هل أعدت تشغيله أصلاً؟ هذا يحل المشكلة عند الكل.", "ar"),
        ("そもそも再起動しましたか？ほとんどそれが原因です。", "ja"),
    ],
)
def test_a_reply_whose_cues_add_up_is_cold(text: str, lang: str) -> None:
    assert "hostile_reply/cold_tone" in codes(text, lang, reply_to=COMPLAINTS[lang])


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Sorry about that! Did you restart it? If so, DM us and we'll fix it today.", "en"),
        (
            "Désolés pour ce souci ! Vous l'avez redémarrée ? Sinon, écrivez-nous en MP.",
            "fr",
        ),
        ("نعتذر عن الإزعاج! هل أعدت تشغيله؟ إذا لا، راسلنا على الخاص.", "ar"),
        (
            "ご不便をおかけし申し訳ございません。再起動はお試しいただけましたか？DMでご連絡ください。",
            "ja",
        ),
    ],
)
def test_the_same_question_asked_with_empathy_and_a_next_step_is_not(text: str, lang: str) -> None:
    assert "hostile_reply/cold_tone" not in codes(text, lang, reply_to=COMPLAINTS[lang])


@pytest.mark.parametrize(
    ("asked", "said", "lang"),
    [
        ("Did you even read it?", "You did read it.", "en"),
        ("Vous l'avez au moins lu ?", "Vous l'avez au moins lu.", "fr"),
        ("هل قرأته أصلاً؟", "قرأته أصلاً.", "ar"),
        ("ちゃんとお読みになりましたか？", "ちゃんとお読みになりました。", "ja"),
    ],
)
def test_a_rhetorical_cue_counts_only_in_a_question(asked: str, said: str, lang: str) -> None:
    reply_to = COMPLAINTS[lang]
    assert "hostile_reply/cold_tone" in codes(asked, lang, reply_to=reply_to)
    assert "hostile_reply/cold_tone" not in codes(said, lang, reply_to=reply_to)


def test_a_promise_in_the_second_person_is_not_blame() -> None:
    reply_to = COMPLAINTS["en"]
    assert "hostile_reply/cold_tone" not in codes(
        "You should hear back from the team by Friday.", "en", reply_to=reply_to
    )
    assert "hostile_reply/cold_tone" in codes(
        "You should have updated the app first. Obviously.", "en", reply_to=reply_to
    )


def test_tone_cues_are_read_only_on_replies() -> None:
    assert "hostile_reply/cold_tone" not in codes("Obviously, the best pizza in town.", "en")


@pytest.mark.parametrize(
    ("joke", "apart", "lang"),
    [
        (
            "So tidy you'd think the whole office had OCD 😂",
            "Our new cloths are here 😂. OCD awareness week starts Monday.",
            "en",
        ),
        (
            "Tellement lunatique qu'on dirait qu'il est bipolaire 😂",
            "Nos nouveaux chiffons sont là 😂. Semaine d'information sur le trouble bipolaire : voir le blog.",
            "fr",
        ),
        (
            "مرتب لدرجة تحسبه عنده وسواس قهري 😂",
            "وصلت المناديل الجديدة 😂. أسبوع التوعية بالوسواس القهري يبدأ الإثنين.",
            "ar",
        ),
        (
            "全員が潔癖症みたいな大掃除でした笑",
            "新しいクロスが入荷しました笑。潔癖症についての記事はブログへ。",
            "ja",
        ),
    ],
)
def test_a_joke_in_the_same_sentence_as_a_sensitive_topic_warns(
    joke: str, apart: str, lang: str
) -> None:
    assert "sensitive/joke" in codes(joke, lang)
    assert "sensitive/joke" not in codes(apart, lang)


VOICE = VoiceProfile(posts=10, rates={}, vocabulary=frozenset(), languages={})


@pytest.mark.parametrize(
    ("personal", "brand", "lang"),
    [
        (
            "cannot believe i slept through my alarm again, done with mondays",
            "I'm Priya, and I'll answer your billing questions tonight.",
            "en",
        ),
        (
            "j'ai encore dormi pendant mon réveil, trop saoulée par les lundis",
            "Je suis Priya, je réponds à vos questions ce soir.",
            "fr",
        ),
        (
            "مو مصدقة إني نمت عن المنبه مرة ثانية، تعبت من الأحد",
            "أنا بريا، وبجاوب على أسئلتكم الليلة.",
            "ar",
        ),
        (
            "私また寝坊した、月曜ほんと無理すぎ",
            "サポートのプリヤです。私が今夜、皆様のご質問にお答えします。",
            "ja",
        ),
    ],
)
def test_a_first_person_moment_is_personal_unless_spoken_to_the_audience(
    personal: str, brand: str, lang: str
) -> None:
    assert check(personal, lang, voice=VOICE).verdict is not Verdict.PASS
    assert "wrong_account/personal_with_profile" not in codes(brand, lang, voice=VOICE)


def test_elongated_words_read_as_personal_in_any_script() -> None:
    plain = check("finally friday, karaoke tonight lol", "en", voice=VOICE)
    stretched = check("finallyyy fridayyy, karaoke tonight lol", "en", voice=VOICE)
    scores = [
        sum(f.severity.rank for f in r.findings if f.check == "wrong_account")
        for r in (plain, stretched)
    ]
    assert stretched.verdict is not Verdict.PASS
    assert scores[1] >= scores[0]


def test_an_ellipsis_before_a_lower_case_word_does_not_end_the_sentence() -> None:
    text = "Carême ? Connais pas… nous on mange 😜 Wait... What?"
    assert [text[a:b].strip() for a, b in sentences(text)] == [
        "Carême ?",
        "Connais pas… nous on mange 😜 Wait...",
        "What?",
    ]


def test_a_joke_trailing_off_after_a_religious_word_is_one_thought() -> None:
    text = "Les musulmans font le ramadan… nous on fait le régime 😂"
    assert fired(check(text, "fr"), "sensitive")


def test_a_japanese_question_may_end_with_its_particle_instead_of_a_question_mark() -> None:
    text = "ご利用の機種を教えていただけますか。本日は営業しております。"
    assert [is_question(text, span) for span in sentences(text)] == [True, False]


@pytest.mark.parametrize(
    ("text", "lang", "reply_to"),
    [
        (
            "Le créneau de livraison n'est pas garanti.",
            "fr",
            "Mon frigo devait être livré samedi, j'ai posé un jour de congé. Personne n'est venu.",
        ),
        ("مواعيد التركيب تقريبية.", "ar", "موعد التركيب كان اليوم، انتظرت من الصبح ومحد جا"),
        (
            "開通日は変更となる場合がございます。",
            "ja",
            "引っ越し当日なのにネットが開通してません。",
        ),
        (
            "Delivery windows are estimates.",
            "en",
            "The engineer never turned up, I took the day off.",
        ),
    ],
)
def test_a_letdown_told_without_complaint_words_calls_for_care(
    text: str, lang: str, reply_to: str
) -> None:
    # The customer only says what did not happen, in words no complaint lexicon lists.
    assert "hostile_reply/no_empathy_no_next_step" in codes(text, lang, reply_to=reply_to)


@pytest.mark.parametrize(
    ("reply_to", "lang"),
    [
        ("Never disappoints, thank you!", "en"),
        ("Jamais déçue, merci !", "fr"),
        ("ما شاء الله، ما قصرتوا", "ar"),
        ("いつも美味しいです、ありがとう！", "ja"),
    ],
)
def test_praise_phrased_with_a_negation_is_not_a_letdown(reply_to: str, lang: str) -> None:
    assert check("Merci !" if lang == "fr" else "😊", lang, reply_to=reply_to).verdict is (
        Verdict.PASS
    )


@pytest.mark.parametrize(
    "text",
    [
        "Our troubleshooting guide is here: https://help.example/wifi",
        "Our baggage team is on 0800 555 0199, open until 1 am.",
        "Can you please give me your order number?",
    ],
)
def test_a_link_a_phone_number_or_a_request_is_a_next_step(text: str) -> None:
    found = codes(text, "en", reply_to="My router still doesn't work after the update.")
    assert "hostile_reply/no_empathy_no_next_step" not in found


def test_a_link_in_a_defensive_sentence_is_no_next_step() -> None:
    found = codes(
        "Not our fault, it's all in our terms at https://shop.example/terms",
        "en",
        reply_to="My order never arrived.",
    )
    assert "hostile_reply/no_empathy_no_next_step" in found


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Our new brownies hit different 🌿😵‍💫", "en"),
        ("Notre infusion, et vous planez 🌿😵‍💫", "fr"),
        ("新作ハーブティー、一口で飛べます🌿😵‍💫", "ja"),
    ],
)
def test_a_herb_next_to_a_high_face_is_a_wink_at_drugs(text: str, lang: str) -> None:
    result = check(text, lang)
    assert result.verdict is Verdict.REVIEW
    assert fired(result, "sensitive")


@pytest.mark.parametrize("text", ["Herbal tea for a calm evening 🌿", "Monday mood 😵‍💫"])
def test_a_herb_or_a_dizzy_face_alone_passes(text: str) -> None:
    assert check(text, "en").verdict is Verdict.PASS


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Our new chilli sauce spreads faster than a hospital superbug 🦠🌶️", "en"),
        ("台風並みの勢いで売れてます！", "ja"),
    ],
)
def test_a_product_compared_with_a_disaster_or_a_disease_is_a_joke_about_it(
    text: str, lang: str
) -> None:
    assert check(text, lang).verdict is not Verdict.PASS


def test_a_forecast_is_not_a_comparison() -> None:
    text = "The fire is spreading faster than expected. Please follow evacuation orders."
    assert check(text, "en").verdict is Verdict.PASS


def test_flat_voice_marks_japanese_thanks_as_sarcasm() -> None:
    reply_to = "最悪の店。二度と行かない。"
    said = "星1レビューありがとうございます！励みになります"
    assert "hostile_reply/sarcasm" in codes(said + "（棒）", "ja", reply_to=reply_to)
    assert "hostile_reply/sarcasm" not in codes(said, "ja", reply_to=reply_to)
