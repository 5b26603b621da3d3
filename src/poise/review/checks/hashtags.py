"""Hashtags: what a hashtag can be read as, and what it is carrying right now.

Reads: each hashtag and the words it reads as; the ``profanity`` lexicon (for other readings
of the letters, #susanalbumparty); ``common/hashtags.tsv`` (hashtags that carry a tragedy or a
cause); the active events' keywords and what listening says each hashtag is used for; the
``campaign`` lexicon and #Ask<Brand> / #<Brand>Stories shapes; whether the brand is under fire.
Emits: ``other_reading`` (warn; info when CamelCase shows the intended words), ``listed``
(the table's severity), ``event`` and ``carrying`` (warn), ``campaign_hashtag`` (warn; block
under fire), ``open_invitation`` (info; warn under fire).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

import ahocorasick
import regex

from poise.review.base import Check, Issue, Post, ReviewContext, Severity, Span
from poise.review.registry import register
from poise.text import Hashtag
from poise.text.analysis import FALLBACK_LANGUAGE
from poise.text.lexicon import entries
from poise.text.normalize import fold_plain

_OFFENSIVE = ("profanity", "slur", "sexual", "insult")
_SHORTEST_READING = 3
_LATIN = regex.compile(r"[a-z]+")
_STORIES = ("stories", "story")


@register
class HashtagsCheck(Check):
    id = "hashtags"
    order = 70

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        for hashtag in post.text.hashtags:
            yield from _other_readings(hashtag, post.language)
            yield from _carrying(hashtag, context)
            yield from _campaign(hashtag, context)
        for span, match in post.matches("hashtags"):
            params = {"hashtag": match.surface, "note": match.entry.note}
            yield Issue("listed", match.entry.severity, span, match.entry.note, params)
        for span, match in post.matches("campaign"):
            severity = Severity.WARN if context.under_fire else Severity.INFO
            yield Issue("open_invitation", severity, span, match.surface, {"term": match.surface})


def _other_readings(hashtag: Hashtag, language: str) -> Iterable[Issue]:
    body = fold_plain(hashtag.token.body).replace("_", "")
    if not _LATIN.fullmatch(body):
        return
    breaks = _breaks(hashtag.words)
    for end, word in _offensive(language).iter(body):
        start = end - len(word) + 1
        if any(start < cut < end + 1 for cut in breaks):
            reading = f"{body[:start]} {body[start : end + 1].upper()} {body[end + 1 :]}".strip()
            yield Issue(
                "other_reading",
                Severity.INFO if hashtag.marked else Severity.WARN,
                Span(hashtag.token.start, hashtag.token.end),
                evidence=reading,
                params={"hashtag": hashtag.token.text, "reading": reading, "word": word},
                replacement=None if hashtag.marked else _camel(hashtag),
            )
            return


def _breaks(words: tuple[str, ...]) -> set[int]:
    cuts, position = set(), 0
    for word in words[:-1]:
        position += len(word)
        cuts.add(position)
    return cuts


@cache
def _offensive(language: str) -> Any:
    automaton = ahocorasick.Automaton()
    for code in {language, FALLBACK_LANGUAGE}:
        for entry in entries(code):
            word = fold_plain(entry.bare).replace(" ", "")
            wanted = entry.lexicon == "profanity" and entry.category in _OFFENSIVE
            if wanted and len(word) >= _SHORTEST_READING and _LATIN.fullmatch(word):
                automaton.add_word(word, word)
    automaton.add_word("\x00", "\x00")  # an automaton needs one word to be built
    automaton.make_automaton()
    return automaton


def _carrying(hashtag: Hashtag, context: ReviewContext) -> Iterable[Issue]:
    body = fold_plain(hashtag.token.body)
    span = Span(hashtag.token.start, hashtag.token.end)
    for event in context.active_events():
        keys = {fold_plain(k.lstrip("#")).replace(" ", "") for k in event.keywords}
        if body in keys:
            params = {"hashtag": hashtag.token.text, "event": event.title}
            yield Issue("event", Severity.WARN, span, event.title, params)
    usage = {fold_plain(k.lstrip("#")): v for k, v in context.hashtag_usage.items()}
    if body in usage:
        params = {"hashtag": hashtag.token.text, "usage": usage[body]}
        yield Issue("carrying", Severity.WARN, span, usage[body], params)


def _campaign(hashtag: Hashtag, context: ReviewContext) -> Iterable[Issue]:
    words = hashtag.words
    asks = len(words) >= 2 and words[0] == "ask"
    stories = len(words) >= 2 and words[-1] in _STORIES
    if not (asks or stories):
        return
    # #AskJPM is always an open question to the public; #SummerStories is only a campaign
    # about the brand when the brand's name is in it.
    branded = asks or _names_brand("".join(words[:-1]), context.brand_names)
    if context.under_fire:
        severity, code = Severity.BLOCK, "campaign_hashtag_under_fire"
    else:
        severity, code = (Severity.WARN if branded else Severity.INFO), "campaign_hashtag"
    span = Span(hashtag.token.start, hashtag.token.end)
    yield Issue(code, severity, span, hashtag.token.text, {"hashtag": hashtag.token.text})


def _names_brand(prefix: str, brands: tuple[str, ...]) -> bool:
    folded = {fold_plain(brand).replace(" ", "") for brand in brands}
    return any(prefix.endswith(brand) or brand.startswith(prefix) for brand in folded if brand)


def _camel(hashtag: Hashtag) -> str:
    return "#" + "".join(word[:1].upper() + word[1:] for word in hashtag.words)
