"""Wrong account: a personal post sent from the brand's account (the Red Cross's
#gettngslizzerd, Chrysler, KitchenAid).

Reads: the ``personal`` lexicon (first person singular, textspeak, partying, personal politics,
slang, private life), profanity, and, when the account has one, its voice profile built from past posts.
Emits ``personal`` when the markers add up (warn; info when only a hint), naming the markers.
Markers the account itself uses in its usual voice (a founder who writes "I") do not count.

Three markers are read from the shape of the text rather than from one word: a person's
``moment`` (a sentence that puts a time of day, a night out or waking up next to a first-person,
slang or private-life word: "I slept through my alarm"), ``elongated`` words ("sooo",
"vendrediii", "أخيييراً", "金曜〜〜") and ``casual`` writing (slang, textspeak or a casual
ending with emoji).
A first-person word in a sentence in the brand's voice (``brand_voice``: "I'll answer your
questions", "I'm proud of our team") is the brand speaking, and does not count.
An ``ending`` (a casual sentence ending: ちゃった, んだけど, じゃん) counts only where it closes
a sentence or a phrase: Japanese written for oneself drops the polite です/ます there, while
the same syllables inside a sentence are ordinary grammar.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import regex

from poise.review import signals
from poise.review.base import Check, Issue, Post, ReviewContext, Severity, Span, VoiceProfile
from poise.review.registry import register
from poise.review.voice import PERSONAL, markers, words
from poise.text import Kind, Match

# How much each marker says "this was written by a person, for themselves".
_WEIGHTS = {
    "first_person": 1.0,
    "textspeak": 2.0,
    "partying": 3.0,
    "personal_politics": 3.0,
    "slang": 1.0,
    "personal_life": 2.0,
    "profanity": 2.0,
    "moment": 1.0,
    "elongated": 1.0,
    "casual": 1.0,
    "ending": 1.0,
}
_CAPS = {"first_person": 2, "moment": 1, "elongated": 1, "casual": 1, "ending": 2}
_WARN_AT = 3.0
_INFO_AT = 2.0
# A marker is part of the account's own voice when this share of its posts carry it.
_USUAL = 0.25
# Below this share of known words the draft does not sound like the account at all.
_FAMILIAR = 0.35


@register
class WrongAccountCheck(Check):
    id = "wrong_account"
    order = 80

    def applies(self, post: Post, context: ReviewContext) -> bool:
        return post.text.has("personal") or post.text.has("profanity")

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        counts = _structural(post, markers(post.text))
        voice = context.voice
        score = 0.0
        for marker, weight in _WEIGHTS.items():
            if _usual(marker, voice):
                continue
            score += weight * min(counts[marker], _CAPS.get(marker, 3))
        if voice is not None and score and _unfamiliar(post, voice):
            score += 1.0
        found = [
            m
            for m in sorted([*post.text.of("personal", *PERSONAL), *_endings(post)], key=_start)
            if not _usual(m.entry.category, voice)
        ]
        # Drinking stories and personal politics need no other marker to be out of place.
        grave = any(m.entry.severity is not Severity.INFO for m in found)
        if score < _INFO_AT and not grave:
            return
        surfaces = ", ".join(dict.fromkeys(m.surface for m in found)) or "—"
        first = found[0] if found else None
        yield Issue(
            "personal_with_profile" if voice is not None else "personal",
            Severity.WARN if score >= _WARN_AT or grave else Severity.INFO,
            Span(first.start, first.end) if first else None,
            evidence=surfaces,
            params={"markers": surfaces},
        )


def _usual(marker: str, voice: VoiceProfile | None) -> bool:
    """Whether the account's own voice carries ``marker`` often enough for it not to count."""
    return voice is not None and voice.rate(marker) >= _USUAL


def _unfamiliar(post: Post, voice: VoiceProfile) -> bool:
    vocabulary = words(post.text)
    if not vocabulary or not voice.vocabulary:
        return False
    known = len(vocabulary & voice.vocabulary) / len(vocabulary)
    return known < _FAMILIAR


# A letter written three times or more ("sooo", "أخيييراً"), or a run of Japanese long-vowel
# marks and wave dashes ("金曜〜〜").
_ELONGATED = regex.compile(r"(\p{L})\1{2,}|[〜～ー~]{2,}")
# What makes a first-person sentence a person's own moment rather than the brand's news.
_PRIVATE = ("first_person", "slang", "textspeak", "personal_life", "ending")
# What may follow a sentence's last word: punctuation, emoji, drawn-out vowels, a laugh (w, 笑).
_TRAILING = regex.compile(r"(?:[\W_ー]|[wWｗＷ]+(?![a-zA-Z])|[笑草]+)*")


def _structural(post: Post, counts: Counter[str]) -> Counter[str]:
    """``counts`` with the markers read from the shape of the text, and without first-person
    words spoken in the brand's voice."""
    text = post.text
    spans = signals.sentences(text.text)
    addressed = {signals.sentence_of(spans, m.start) for m in text.of("personal", "brand_voice")}
    endings = [m for m in _endings(post) if not _spoken_to(m, spans, addressed)]
    counts["ending"] = len({signals.sentence_of(spans, m.end - 1) for m in endings})
    counts["first_person"] = sum(
        signals.sentence_of(spans, m.start) not in addressed
        for m in text.of("personal", "first_person")
    )
    private = [m for m in text.of("personal", *_PRIVATE) if not _spoken_to(m, spans, addressed)]
    private = [m for m in private if m.entry.category != "ending" or m in endings]
    counts["moment"] = len(signals.together(text.text, text.of("personal", "moment"), private))
    counts["elongated"] = len(_ELONGATED.findall(_written(post)))
    casual = text.has("personal", "slang") or text.has("personal", "textspeak") or bool(endings)
    counts["casual"] = int(casual and counts["emoji"] > 0)
    return counts


def _endings(post: Post) -> list[Match]:
    """The casual endings of the text that close a sentence or a phrase."""
    text = post.text
    spans = signals.sentences(text.text)
    closing = [m for m in text.of("personal", "ending") if _closes(text.text, m, spans)]
    # なんだけど, んだけど and だけど are one ending: keep the longest.
    return signals.outermost(closing)


def _start(match: Match) -> int:
    return match.start


def _closes(text: str, match: Match, spans: list[tuple[int, int]]) -> bool:
    """Whether ``match`` ends its sentence, or a phrase closed by a space or a line break
    (casual writing often puts a space or an emoji where a full stop would go)."""
    index = signals.sentence_of(spans, match.end - 1)
    end = spans[index][1] if index >= 0 else len(text)
    rest = _TRAILING.match(text, match.end, end)
    stop = rest.end() if rest else match.end
    return stop >= end or text[stop - 1].isspace() or text[stop - 1] in "。！？!?.…"


def _spoken_to(match: Match, spans: list[tuple[int, int]], addressed: set[int]) -> bool:
    return signals.sentence_of(spans, match.start) in addressed


def _written(post: Post) -> str:
    """The text without its links, handles and hashtags (www., @zzz, #AAA are not elongation)."""
    text = post.text.text
    for token in reversed(post.text.tokens):
        if token.kind in (Kind.URL, Kind.MENTION, Kind.HASHTAG):
            text = text[: token.start] + " " + text[token.end :]
    return text
