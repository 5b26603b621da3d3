from poise.text import analyze
from poise.text.segment import camel_split, is_camel_case


def test_camel_case_shows_where_the_words_break() -> None:
    assert camel_split("WhyIStayed") == ["Why", "I", "Stayed"]
    assert camel_split("McDStories") == ["Mc", "D", "Stories"]
    assert camel_split("rentrée_scolaire") == ["rentrée", "scolaire"]
    assert is_camel_case("AskJPM") and not is_camel_case("susanalbumparty")


def test_a_lowercase_hashtag_is_read_as_its_most_likely_words() -> None:
    (hashtag,) = analyze("Launch tonight #susanalbumparty", "en").hashtags
    assert hashtag.words == ("susan", "album", "party")
    assert not hashtag.marked


def test_a_french_hashtag_is_read_with_the_french_dictionary() -> None:
    (hashtag,) = analyze("C'est parti #bonnerentree", "fr").hashtags
    assert hashtag.words == ("bonne", "rentree")


def test_a_japanese_hashtag_is_cut_with_the_japanese_dictionary() -> None:
    (hashtag,) = analyze("#夏のキャンペーン 開催中", "ja").hashtags
    assert "夏" in hashtag.words and len(hashtag.words) >= 3


def test_an_exception_entry_hides_the_false_match_inside_it() -> None:
    # "الشفاء العاجل" wishes a speedy recovery; العاجل alone is the "breaking news" alarm word.
    assert not analyze("تمنياتنا بالشفاء العاجل للمصابين", "ar").has("alarm")
    assert analyze("عاجل: انقطاع الكهرباء", "ar").has("alarm")


def test_an_emoticon_term_never_shrinks_to_a_letter() -> None:
    # ";p" is a wink; the hashtag #RATP reads as "rat p" and must not wink back.
    assert not analyze("Station Cluny, 1988. #RATP", "fr").has("humour")
    assert analyze("On se voit demain ;p", "fr").has("humour")


def test_japanese_terms_match_their_conjugations() -> None:
    # The lexicon lists 飲みすぎた; a post says 飲み過ぎた, the same verb in another spelling.
    found = analyze("昨日は飲み過ぎた", "ja").of("personal", "partying")
    assert found and found[0].surface == "飲み過ぎた"


def test_a_polite_you_is_not_read_as_a_rude_one() -> None:
    assert not analyze("あなたの花に問題があったと聞いて申し訳ありません。", "ja").has("hostile")
