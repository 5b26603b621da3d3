import pytest

from poise.review import Verdict, build_profile

from .factories import check, fired

BRAND_POSTS = [
    "Our volunteers delivered 300 blankets to families in Ohio this weekend. Thank you!",
    "Blood supplies are low. Book your donation appointment today.",
    "Disaster relief teams are on the ground in Texas. Here is how you can help.",
    "Thank you to every donor who gave this month.",
    "Learn first aid in a free two-hour class near you.",
    "Our shelters are open tonight for anyone who needs a warm place to stay.",
]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Ryan found two more 4 bottle packs of beer.... when we drink we do it right #gettngslizzerd",
            "en",
        ),
        ("Obamas gma even knew it was going 2 b bad! She died 3 days b4 he became president", "en"),
        ("Trop bourré hier soir mdr, j'ai une gueule de bois de fou", "fr"),
        ("سكران امبارح ومش قادر أصحى النهارده", "ar"),
        ("昨日は飲みすぎて二日酔い…マジでやばいw", "ja"),
    ],
)
def test_a_personal_post_on_the_brand_account_is_flagged(text: str, lang: str) -> None:
    result = check(text, lang)
    assert result.verdict is not Verdict.PASS
    assert fired(result, "wrong_account")


def test_a_signed_customer_care_reply_in_the_first_person_passes() -> None:
    text = "Hi Roderick, I'm so sorry to hear about the problem with your flowers. Could you DM me your order number? – MJ"
    assert check(text, "en").verdict is Verdict.PASS


def test_the_account_voice_profile_makes_an_unusual_post_stand_out() -> None:
    profile = build_profile(BRAND_POSTS)
    text = "omg my weekend was crazy lol"
    assert fired(check(text, "en", voice=profile), "wrong_account")


def test_a_voice_that_usually_says_i_is_not_flagged_for_it() -> None:
    founder = build_profile(
        [
            "I started this bakery ten years ago with one oven.",
            "I'm proud of my team today.",
            "My favourite loaf this week is the rye.",
            "I will be at the market on Saturday, come and say hi.",
        ]
    )
    assert not fired(
        check("I'm baking my grandmother's recipe this morning.", "en", voice=founder),
        "wrong_account",
    )
