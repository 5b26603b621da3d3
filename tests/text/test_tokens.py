from poise.text.tokens import Kind, tokenize


def kinds(text: str) -> list[tuple[str, str]]:
    return [(token.kind.value, token.text) for token in tokenize(text)]


def test_hashtags_mentions_links_and_emoji_are_told_apart() -> None:
    found = kinds(
        "Hi @alice.bsky.social and @bob@mastodon.social! #NewMenu https://ex.com/a?b=1 🍕"
    )
    assert ("mention", "@alice.bsky.social") in found
    assert ("mention", "@bob@mastodon.social") in found
    assert ("hashtag", "#NewMenu") in found
    assert ("url", "https://ex.com/a?b=1") in found
    assert ("emoji", "🍕") in found


def test_a_link_does_not_swallow_the_closing_punctuation() -> None:
    assert ("url", "https://ex.com/page") in kinds("See (https://ex.com/page).")


def test_a_handle_written_against_japanese_or_arabic_words_is_a_mention() -> None:
    assert ("mention", "@mika_beauty") in kinds(
        "人気ヘアメイクの@mika_beautyさんにご紹介いただきました"
    )
    assert ("mention", "@acme_sa") in kinds("تابعوا@acme_saللمزيد")


def test_emails_and_bare_domains_are_links_not_mentions() -> None:
    found = kinds("Write to HutRewards@PizzaHut.com or visit Gap.com today")
    assert ("url", "HutRewards@PizzaHut.com") in found
    assert ("url", "Gap.com") in found


def test_emoji_sequences_stay_whole() -> None:
    found = kinds("👩‍👩‍👧 🇫🇷 👍🏽")
    assert found == [("emoji", "👩‍👩‍👧"), ("emoji", "🇫🇷"), ("emoji", "👍🏽")]


def test_disguised_words_stay_one_word() -> None:
    words = [text for kind, text in kinds("f*ck sh!t a$$ f.u.c.k") if kind == "word"]
    assert words == ["f*ck", "sh!t", "a$$", "f.u.c.k"]


def test_japanese_and_arabic_hashtags_are_hashtags() -> None:
    assert kinds("#夏のキャンペーン 開催")[0] == ("hashtag", "#夏のキャンペーン")
    assert ("hashtag", "#رمضان_كريم") in kinds("مبارك عليكم #رمضان_كريم")


def test_spans_point_into_the_original_text() -> None:
    text = "Bonjour #Paris 🎉"
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text
    assert tokenize(text)[1].kind is Kind.HASHTAG


def test_emoticons_are_tokens_and_times_are_not() -> None:
    found = kinds("Nice ;) and :P, see you at 10:30 <3")
    assert (
        ("emoticon", ";)") in found and ("emoticon", ":P") in found and ("emoticon", "<3") in found
    )
    assert not any(text == ":30" for _, text in found)
