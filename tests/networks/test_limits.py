import pytest

from poise.networks import UnknownNetworkError, limits, names


def test_every_network_folder_has_the_same_shape() -> None:
    assert set(names()) >= {"bluesky", "mastodon", "x", "linkedin", "threads"}
    for name in names():
        spec = limits(name)
        assert spec.network == name and spec.max_length > 0 and spec.max_media > 0


def test_bluesky_counts_graphemes_not_code_points() -> None:
    family = "👩‍👩‍👧"  # five code points, one grapheme
    assert limits("bluesky").length(family * 300) == 300
    assert limits("bluesky").overflow_at(family * 300) is None
    assert limits("bluesky").overflow_at(family * 301) == len(family) * 300


def test_x_counts_japanese_twice_and_links_as_23() -> None:
    x = limits("x")
    assert x.length("あ" * 140) == 280
    assert x.overflow_at("あ" * 141) == 140
    assert x.length("see https://example.com/a/very/long/path/that/goes/on/and/on") == 4 + 23
    assert x.length("🎉") == 2


def test_mastodon_counts_links_as_23_and_remote_handles_by_their_local_part() -> None:
    mastodon = limits("mastodon")
    assert mastodon.length("@alice@example.social hi") == len("@alice hi")
    assert mastodon.length("https://example.com/" + "a" * 200) == 23


def test_linkedin_allows_3000_characters() -> None:
    assert limits("linkedin").overflow_at("a" * 3000) is None
    assert limits("linkedin").overflow_at("a" * 3001) == 3000


def test_an_unknown_network_names_the_known_ones() -> None:
    with pytest.raises(UnknownNetworkError, match="use one of bluesky"):
        limits("myspace")
