import pytest

from poise.review import Verdict

from .factories import check, fired

COMPLAINT_EN = "Worst service ever, my order is three days late!"


@pytest.mark.parametrize(
    ("text", "lang", "reply_to"),
    [
        ("Not our fault. You should have read the delivery terms.", "en", COMPLAINT_EN),
        ("Yeah right, good luck with that.", "en", COMPLAINT_EN),
        (
            "Ce n'est pas notre faute, vous auriez dû lire les conditions.",
            "fr",
            "Livraison en retard, c'est honteux",
        ),
        ("ليس خطأنا، كان يجب عليك قراءة الشروط", "ar", "أسوأ خدمة، الطلب متأخر"),
        ("当社の責任ではありません。規約をお読みください。", "ja", "注文が届かない。最悪です。"),
    ],
)
def test_a_defensive_or_sarcastic_reply_is_flagged(text: str, lang: str, reply_to: str) -> None:
    result = check(text, lang, reply_to=reply_to)
    assert result.verdict is not Verdict.PASS
    assert fired(result, "hostile_reply")


def test_insulting_a_customer_is_blocked() -> None:
    assert (
        check("Maybe read the label next time, idiot.", "en", reply_to=COMPLAINT_EN).verdict
        is Verdict.BLOCK
    )


def test_answering_a_complaint_without_empathy_or_a_next_step_is_flagged() -> None:
    result = check("Deliveries take up to five days.", "en", reply_to=COMPLAINT_EN)
    assert fired(result, "hostile_reply")


@pytest.mark.parametrize(
    ("text", "lang", "reply_to"),
    [
        (
            "We're sorry for the delay. Could you DM us your order number? We'll look into it right away.",
            "en",
            COMPLAINT_EN,
        ),
        (
            "Nous sommes désolés pour ce retard. Pouvez-vous nous envoyer votre numéro de commande en MP ?",
            "fr",
            "Livraison en retard, c'est honteux",
        ),
        ("نعتذر عن الإزعاج، نرجو مراسلتنا على الخاص مع رقم الطلب", "ar", "أسوأ خدمة، الطلب متأخر"),
        (
            "ご不便をおかけして申し訳ありません。注文番号をDMでお送りください。",
            "ja",
            "注文が届かない。最悪です。",
        ),
    ],
)
def test_a_calm_helpful_reply_passes(text: str, lang: str, reply_to: str) -> None:
    assert check(text, lang, reply_to=reply_to).verdict is Verdict.PASS


@pytest.mark.parametrize(
    ("text", "lang", "reply_to"),
    [
        (
            "Which app version are you running on your phone?",
            "en",
            "fix your app it won't even open",
        ),
        (
            "Dans quelle gare êtes-vous bloqué en ce moment ?",
            "fr",
            "Encore un train supprimé, c'est une honte",
        ),
    ],
)
def test_a_question_that_asks_what_is_needed_to_help_is_a_next_step(
    text: str, lang: str, reply_to: str
) -> None:
    assert not fired(check(text, lang, reply_to=reply_to), "hostile_reply")


def test_a_question_that_doubts_the_customer_is_no_next_step() -> None:
    result = check(
        "Did you actually plug it in?", "en", reply_to="The charger you sold me is broken"
    )
    assert fired(result, "hostile_reply")


@pytest.mark.parametrize(
    ("text", "lang", "reply_to"),
    [
        ("طبعاً! الفرع يفتح من ٩ الصبح.", "ar", "الفرع يفتح الساعة كم بكرة؟"),
        ("Sure! We open at 9 tomorrow.", "en", "What time do you open tomorrow?"),
    ],
)
def test_a_short_answer_to_a_plain_question_is_not_cold(
    text: str, lang: str, reply_to: str
) -> None:
    assert check(text, lang, reply_to=reply_to).verdict is Verdict.PASS


def test_a_short_complaint_with_a_loanword_is_read_in_the_language_of_the_thread() -> None:
    result = check(
        "Les délais sont indiqués dans nos conditions de vente.",
        "fr",
        reply_to="Le blender est dead, arnaque",
    )
    assert fired(result, "hostile_reply")


def test_mocking_a_customer_who_threatens_to_leave_is_flagged() -> None:
    reply = "Oh no, not the 'I'll never shop here again' threat. However will we survive 😢"
    result = check(reply, "en", reply_to="Awful service. I'll never shop here again.")
    assert fired(result, "hostile_reply")


def test_doubting_the_customers_account_in_a_question_is_flagged() -> None:
    result = check(
        "Our stylists are fully trained professionals. Maybe the photo you showed wasn't clear enough?",
        "en",
        reply_to="I asked for a bob and got a buzz cut. Never again.",
    )
    assert fired(result, "hostile_reply")


def test_a_maybe_that_offers_help_is_not_blame() -> None:
    result = check(
        "So sorry about that! Maybe you could DM us your order number so we can check?",
        "en",
        reply_to=COMPLAINT_EN,
    )
    assert result.verdict is Verdict.PASS


def test_a_condolence_for_a_customers_loss_is_not_a_shrug() -> None:
    result = check(
        "We're so sorry for your loss, and that the flowers arrived late. We've refunded your "
        "order and a member of our team will call you today.",
        "en",
        reply_to="The flowers for my mum's funeral arrived a day late. I'm heartbroken.",
    )
    assert result.verdict is Verdict.PASS
    assert fired(check("Your loss.", "en", reply_to=COMPLAINT_EN), "hostile_reply")


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        ("So true!", "Halloween isn't complete unless you get your burrito bowl! #halloween"),
        ("True story! Enjoy that burrito.", "Don't forget to grab your $3 burrito today ✨"),
        (
            "We are waiting on a delivery to restock the freezer and this will be resolved soon.",
            "The freezers are broken again and nobody can tell me when they'll be fixed.",
        ),
    ],
)
def test_banter_and_a_promise_of_resolution_need_no_apology(reply: str, message: str) -> None:
    assert check(reply, "en", reply_to=message).verdict is Verdict.PASS
