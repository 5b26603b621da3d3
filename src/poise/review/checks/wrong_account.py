"""Wrong account: a personal post sent from the brand's account (the Red Cross's
#gettngslizzerd, Chrysler, KitchenAid).

Reads: the ``personal`` lexicon (first person singular, textspeak, partying, personal politics,
slang, private life), profanity, and, when the account has one, its voice profile built from past posts.
Emits ``personal`` when the markers add up (warn; info when only a hint), naming the markers.
Markers the account itself uses in its usual voice (a founder who writes "I") do not count.
"""

from __future__ import annotations

from collections.abc import Iterable

from poise.review.base import Check, Issue, Post, ReviewContext, Severity, Span, VoiceProfile
from poise.review.registry import register
from poise.review.voice import PERSONAL, markers, words

# How much each marker says "this was written by a person, for themselves".
_WEIGHTS = {
    "first_person": 1.0,
    "textspeak": 2.0,
    "partying": 3.0,
    "personal_politics": 3.0,
    "slang": 1.0,
    "personal_life": 2.0,
    "profanity": 2.0,
}
_CAPS = {"first_person": 2}
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
        counts = markers(post.text)
        voice = context.voice
        score = 0.0
        for marker, weight in _WEIGHTS.items():
            if _usual(marker, voice):
                continue
            score += weight * min(counts[marker], _CAPS.get(marker, 3))
        if voice is not None and score and _unfamiliar(post, voice):
            score += 1.0
        found = [
            m for m in post.text.of("personal", *PERSONAL) if not _usual(m.entry.category, voice)
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
