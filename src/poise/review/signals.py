"""What a post is doing, read from its lexicon matches; shared by several checks."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import regex

from poise.review.base import Post
from poise.text import Analysis, Match, japanese

# Topics during which a sale, a joke or a product turns a post callous.
GRAVE_TOPICS = ("disaster", "terror", "violence", "war", "unrest", "death", "crime")


def commercial(post: Post) -> bool:
    """The post sells: a sale, a price, a launch, a giveaway, a call to buy."""
    return post.has("commercial")


# Selling outright: a discount, a price, a giveaway. A notice names a shop or a launch to say
# the crisis closed or delayed it ("our stores are closed today", "the release is postponed"),
# and points to a link to say how to rebook ("rebook free of charge at the link").
HARD_SELL = ("sale", "price", "giveaway")


def selling(post: Post) -> bool:
    """The post sells, and is not merely a notice of what a crisis closed or delayed."""
    if not commercial(post):
        return False
    return post.has("commercial", *HARD_SELL) or not post.has("condolence", "notice")


def humorous(post: Post) -> bool:
    """The post jokes or laughs (lol, 😂, www, ههه)."""
    return post.has("humour")


def upbeat(post: Post) -> bool:
    """The post is cheerful: celebration, humour or selling."""
    return post.has("celebration") or humorous(post) or commercial(post)


def consoling(post: Post) -> bool:
    """The post offers condolence, solidarity, safety information or an apology."""
    return post.has("condolence") or post.has("empathy")


def turns_to_content(post: Post) -> bool:
    """The post moves on to the brand's own content: a pivot, a product, food, a sale."""
    return post.has("pivot") or post.has("food_drink") or commercial(post)


def letdown(message: Analysis) -> bool:
    """The message says that something did not happen or is not there ("nobody came", "toujours
    rien reçu", "ومحد جا", "開通してません") and does not praise: a customer reporting a letdown
    in words no complaint lexicon lists. Praise wins ("never disappoints, thanks!")."""
    if message.has("stance", "praise", "thanks"):
        return False
    if message.language == "ja":
        return japanese.negated(message.text)
    return message.has("stance", "negation")


def grave_topics(post: Post) -> list[str]:
    """The grave topics the post touches, in order of appearance, once each."""
    found = [m.entry.category for _, m in post.matches("sensitive", *GRAVE_TOPICS)]
    return list(dict.fromkeys(found))


# What ends a sentence in any of the languages Poise reads (the Arabic question mark, the
# Japanese full stop, a line break); the characters stay with the sentence they close.
_SENTENCE_END = regex.compile(r"[.!?;\n。！？؟…]+[\s\"'”»」』)]*")
_QUESTION = frozenset("?？؟")


def sentences(text: str) -> list[tuple[int, int]]:
    """The ``[start, end)`` spans of the sentences of ``text``, end punctuation included."""
    return list(_sentences(text))


# Several checks (and several rules of one check) ask for the sentences of the same text;
# splitting it once per text keeps each new sentence-level rule from adding a pass.
@lru_cache(maxsize=64)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    spans, start = [], 0
    for found in _SENTENCE_END.finditer(text):
        if _trails_off(text, found.end(), found.group()):
            continue
        if found.end() > start:
            spans.append((start, found.end()))
        start = found.end()
    if start < len(text):
        spans.append((start, len(text)))
    return tuple(spans)


def _trails_off(text: str, end: int, punctuation: str) -> bool:
    """An ellipsis followed by a lower-case word ("Lent? never heard of it… we eat") trails
    off inside one sentence rather than ending it."""
    marks = punctuation.strip().rstrip("\"'”»」』)")
    ellipsis = marks == "…" or (len(marks) >= 2 and set(marks) <= {".", "…"})
    return ellipsis and end < len(text) and text[end].islower()


def sentence_of(spans: list[tuple[int, int]], position: int) -> int:
    """The index of the sentence holding ``position`` (-1 when outside every span)."""
    for index, (start, end) in enumerate(spans):
        if start <= position < end:
            return index
    return -1


def is_question(text: str, span: tuple[int, int]) -> bool:
    """Whether the sentence ``span`` of ``text`` is a question: it has a question mark, or
    it is Japanese and ends with the particle か (polite questions often end "〜ですか。")."""
    sentence = text[span[0] : span[1]]
    return any(char in _QUESTION for char in sentence) or sentence.rstrip(_JA_CLOSE).endswith(
        _JA_QUESTION
    )


# What may follow a Japanese question's final particle: the full stop, brackets, space.
_JA_CLOSE = " \n\t。．.」』）)"
_JA_QUESTION = ("か", "かね", "かな", "かしら")


def together(text: str, first: Iterable[Match], second: Iterable[Match]) -> list[Match]:
    """The matches of ``first`` that share a sentence of ``text`` with a match of ``second``:
    a topic and a joke in one sentence are one thought, in two sentences often not."""
    spans = sentences(text)
    others = {sentence_of(spans, m.start) for m in second}
    return [m for m in first if sentence_of(spans, m.start) in others]


def outermost(matches: list[Match]) -> list[Match]:
    """The matches not inside another one: "breaking news" holds "breaking", なんだけど holds
    だけど; the phrase is said once."""
    return [
        m
        for m in matches
        if not any(o is not m and o.start <= m.start and m.end <= o.end for o in matches)
    ]
