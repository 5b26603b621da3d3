from datetime import timedelta

import pytest

from poise.review import Verdict

from .factories import NOW, check, event, fired

BOSTON = event(
    "Boston Marathon bombing", "terror", ("Boston", "marathon", "#BostonStrong"), ("US",)
)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Millions are in uproar in #Cairo. Rumor is they heard our new spring collection is now available online",
            "en",
        ),
        (
            "All impacted by the hurricane, stay safe! We'll be doing lots of online shopping today, use code STORM20.",
            "en",
        ),
        ("Inondations dans le sud : profitez de -20 % sur nos bottes de pluie !", "fr"),
        ("زلزال قوي اليوم! لا تفوتوا خصم ٣٠٪ على كل المنتجات", "ar"),
        ("地震でも大丈夫！今なら全品20%オフのセール開催中", "ja"),
    ],
)
def test_a_tragedy_next_to_a_sale_is_blocked(text: str, lang: str) -> None:
    result = check(text, lang)
    assert result.verdict is Verdict.BLOCK
    assert fired(result, "newsjacking")


def test_a_tragedy_next_to_a_joke_is_blocked() -> None:
    assert (
        check("Earthquake last night, our shelves were shaking lol 😂", "en").verdict
        is Verdict.BLOCK
    )


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Our thoughts are with everyone affected by the earthquake. Please stay safe.", "en"),
        ("Nos pensées vont aux victimes des inondations et à leurs proches.", "fr"),
        ("قلوبنا مع المتضررين من الزلزال، نسأل الله السلامة للجميع", "ar"),
        ("地震で被災された皆様に心よりお見舞い申し上げます。", "ja"),
    ],
)
def test_a_condolence_passes(text: str, lang: str) -> None:
    assert check(text, lang).verdict is Verdict.PASS


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Due to the hurricane, our Tampa stores are closed today and the launch of our new collection is postponed. Stay safe.",
            "en",
        ),
        (
            "地震の影響により、新作ゲームの配信開始を延期いたします。ご理解をお願いいたします。",
            "ja",
        ),
        (
            "Suite aux inondations, le lancement de notre nouvelle collection est reporté. Nos magasins de Nîmes sont fermés aujourd'hui.",
            "fr",
        ),
        (
            "بسبب السيول، تم تأجيل إطلاق المجموعة الجديدة وفروعنا في جدة مغلقة اليوم. سلامتكم أهم.",
            "ar",
        ),
        (
            "Due to the hurricane, all flights to Kingston are cancelled through Wednesday. You can rebook free of charge at the link.",
            "en",
        ),
    ],
)
def test_a_notice_of_what_a_tragedy_closed_or_delayed_is_not_newsjacking(
    text: str, lang: str
) -> None:
    assert check(text, lang).verdict is Verdict.PASS


def test_a_notice_that_also_sells_is_still_newsjacking() -> None:
    text = "Due to the hurricane our stores are closed, but shop online with 20% off, code STORM."
    assert fired(check(text, "en"), "newsjacking")


def test_a_notice_naming_the_event_is_not_newsjacking_but_a_sale_naming_it_is() -> None:
    notice = "Boston marathon: our stores near the finish line are closed today and deliveries are delayed."
    sale = "Boston marathon weekend: 20% off running shoes in our stores near the finish line!"
    context = {"countries": ("US",), "events": (BOSTON,)}
    assert check(notice, "en", **context).verdict is not Verdict.BLOCK
    assert check(sale, "en", **context).verdict is Verdict.BLOCK


def test_a_promotion_the_morning_after_a_tragedy_is_flagged() -> None:
    # Epicurious, the morning after the Boston Marathon bombing.
    text = "In honor of Boston and our runners, here's a bowl of breakfast energy we could all use to start today."
    result = check(text, "en", at=NOW + timedelta(hours=17), countries=("US",), events=(BOSTON,))
    assert result.verdict is not Verdict.PASS
    assert fired(result, "world_events")


def test_a_cheerful_post_while_a_tragedy_unfolds_where_the_audience_lives_is_flagged() -> None:
    # The NRA's "Happy Friday" the morning after the Aurora shooting.
    shooting = event("Aurora cinema shooting", "violence", ("Aurora", "#Aurora"), ("US",))
    result = check(
        "Good morning, shooters. Happy Friday! Weekend plans?",
        "en",
        countries=("US",),
        events=(shooting,),
    )
    assert result.verdict is not Verdict.PASS


def test_the_same_post_elsewhere_in_the_world_is_not_coloured_by_the_event() -> None:
    text = "Happy Friday! Weekend plans? Our new menu is waiting for you."
    result = check(text, "en", countries=("JP",), events=(BOSTON,))
    assert not fired(result, "world_events")


def test_a_plain_condolence_naming_the_event_passes() -> None:
    text = (
        "Our thoughts are with the people of Boston and everyone affected by the marathon attack."
    )
    result = check(text, "en", countries=("US",), events=(BOSTON,))
    assert result.verdict is Verdict.PASS


def test_an_ended_event_no_longer_colours_posts() -> None:
    old = event("Storm", "disaster", ("storm",), ("US",), start=NOW - timedelta(days=30))
    result = check("Happy Friday from all of us!", "en", countries=("US",), events=(old,))
    assert not fired(result, "world_events")


def test_while_the_brand_is_in_the_news_a_joke_is_blocked_and_an_apology_is_not() -> None:
    scandal = event(
        "Contaminated salad recall", "scandal", ("recall", "salad"), involves_brand=True
    )
    joke = check("Monday mood: lettuce celebrate 😂", "en", events=(scandal,))
    apology = check(
        "We are sorry. We have recalled the affected salads and are working with the authorities. "
        "Customers can contact us for a full refund.",
        "en",
        events=(scandal,),
    )
    assert joke.verdict is Verdict.BLOCK
    assert apology.verdict is Verdict.PASS


def test_crisis_mode_holds_ordinary_content_and_blocks_cheer() -> None:
    assert check("Our new mugs are in! Shop now 🎉", "en", crisis=True).verdict is Verdict.BLOCK
    assert check("The store opens at nine tomorrow.", "en", crisis=True).verdict is Verdict.REVIEW
    statement = check(
        "We are aware of the incident at our Lyon store. The safety of our customers and staff is our priority. "
        "We will share updates here.",
        "en",
        crisis=True,
    )
    assert statement.verdict is Verdict.PASS


def test_a_clearance_sale_compared_to_a_suicide_bomber_is_blocked() -> None:
    text = "Ce week-end, on fait sauter les prix comme un kamikaze 💥💣 Tout doit disparaître !"
    assert check(text, "fr").verdict is Verdict.BLOCK
