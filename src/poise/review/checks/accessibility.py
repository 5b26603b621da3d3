"""Accessibility: a post everyone can read, including with a screen reader.

Reads: media and their alt texts, hashtags and the words they read as, emoji, links.
Emits: ``missing_alt`` (warn) for an image without a text alternative, ``filename_alt`` (warn)
for an alt text that is a file name, ``camel_case`` for a multi-word hashtag in one case (info; warn from four words, which screen
readers spell out as one long word),
``emoji_wall`` (info; warn for a long one), ``link_only`` (warn) for a post that is only a link.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from poise.review.base import Check, Issue, Post, ReviewContext, Severity, Span
from poise.review.registry import register
from poise.text import Hashtag, Kind, Token
from poise.text.analysis import latin_reader
from poise.text.dictionary import frequency

_FILENAME = regex.compile(
    r"^\S+\.(?:jpe?g|png|gif|webp|heic|mp4|mov)$|^(?:img|dsc|image)[_-]?\d+", regex.I
)
_VISUAL = ("image", "gif", "video")
_LONG_HASHTAG = 4
_WALL = 5
_LONG_WALL = 8
_GAP = 3  # characters (spaces, joiners) that may separate emoji of one wall


@register
class AccessibilityCheck(Check):
    id = "accessibility"
    order = 120

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        yield from _media(post)
        for hashtag in post.text.hashtags:
            yield from _camel_case(hashtag, post.language)
        yield from _emoji_walls(post.text.of_kind(Kind.EMOJI))
        yield from _link_only(post)


def _media(post: Post) -> Iterable[Issue]:
    for index, media in enumerate(post.draft.media):
        alt = (media.alt or "").strip()
        params = {"number": index + 1, "kind": media.kind}
        if media.kind in _VISUAL and not alt:
            yield Issue("missing_alt", Severity.WARN, None, f"media[{index}]", params)
        elif alt and _FILENAME.search(alt):
            yield Issue(
                "filename_alt", Severity.WARN, Span(0, len(alt), f"media[{index}].alt"), alt, params
            )


def _camel_case(hashtag: Hashtag, language: str) -> Iterable[Issue]:
    words = [word for word in hashtag.words if word]
    if hashtag.marked or len(words) < 2 or not hashtag.token.body.isascii():
        return
    # Only a reading made of real words is worth suggesting (#gettngslizzerd has none).
    counts, _ = frequency(latin_reader(language))
    if not all(word in counts for word in words):
        return
    camel = "#" + "".join(word[:1].upper() + word[1:] for word in words)
    yield Issue(
        "camel_case",
        Severity.WARN if len(words) >= _LONG_HASHTAG else Severity.INFO,
        Span(hashtag.token.start, hashtag.token.end),
        evidence=" ".join(words),
        params={"hashtag": hashtag.token.text, "camel": camel},
        replacement=camel,
    )


def _emoji_walls(emoji: list[Token]) -> Iterable[Issue]:
    run: list[Token] = []
    for token in [*emoji, None]:
        if token is not None and (not run or token.start - run[-1].end <= _GAP):
            run.append(token)
            continue
        if len(run) >= _WALL:
            severity = Severity.WARN if len(run) >= _LONG_WALL else Severity.INFO
            yield Issue(
                "emoji_wall", severity, Span(run[0].start, run[-1].end), "", {"count": len(run)}
            )
        run = [token] if token is not None else []


def _link_only(post: Post) -> Iterable[Issue]:
    tokens = post.text.tokens
    links = [t for t in tokens if t.kind is Kind.URL]
    if links and all(t.kind in (Kind.URL, Kind.MENTION) for t in tokens) and not post.draft.media:
        yield Issue("link_only", Severity.WARN, Span(links[0].start, links[-1].end), links[0].text)
