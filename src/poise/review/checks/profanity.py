"""Profanity: swearing, slurs, sexual innuendo and insults, spelled plainly or disguised.

Reads: the ``profanity`` lexicon (text and alt texts; the matcher undoes f*ck, sh1t, f u c k,
fuuuck), profane emoji, and winks (``humour``/``wink``). Emits one issue per occurrence, coded
by category (``profanity``, ``slur``, ``sexual``, ``insult``) at the lexicon's severity; a
suggestive item (🌭, 🍆, a baguette) is innocent alone and ``sexual`` (warn) next to a wink,
or next to other suggestive words: only innuendo piles them up ("thick and long… a mouthful…
all the way in").
"""

from __future__ import annotations

from collections.abc import Iterable

from poise.review import signals
from poise.review.base import Check, Issue, Post, ReviewContext, Severity, Span
from poise.review.registry import register
from poise.text import Match

SUGGESTIVE = "suggestive"


@register
class ProfanityCheck(Check):
    id = "profanity"
    order = 10

    def applies(self, post: Post, context: ReviewContext) -> bool:
        return post.has("profanity")

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        suggestive = post.matches("profanity", SUGGESTIVE)
        if suggestive and (post.has("humour", "wink") or _piled_up(suggestive)):
            span, match = suggestive[0]
            yield Issue("sexual", Severity.WARN, span, match.surface, {"term": match.surface})
        for span, match in post.matches("profanity"):
            category = match.entry.category
            if category == SUGGESTIVE:
                continue
            yield Issue(
                category if category in ("slur", "sexual", "insult") else "profanity",
                match.entry.severity,
                span,
                evidence=match.entry.note or match.surface,
                params={"term": match.surface},
            )


def _piled_up(found: list[tuple[Span, Match]]) -> bool:
    """Whether the text holds two suggestive phrases, neither inside the other (お口いっぱいに頬張
    holds 口いっぱいに頬張), emoji not counted."""
    worded = [m for span, m in found if m.entry.language != "*" and span.field == "text"]
    return len(signals.outermost(worded)) >= 2
