"""Profanity: swearing, slurs, sexual innuendo and insults, spelled plainly or disguised.

Reads: the ``profanity`` lexicon (text and alt texts; the matcher undoes f*ck, sh1t, f u c k,
fuuuck) and profane emoji. Emits one issue per occurrence, coded by category (``profanity``,
``slur``, ``sexual``, ``insult``) at the lexicon's severity.
"""

from __future__ import annotations

from collections.abc import Iterable

from poise.review.base import Check, Issue, Post, ReviewContext
from poise.review.registry import register


@register
class ProfanityCheck(Check):
    id = "profanity"
    order = 10

    def applies(self, post: Post, context: ReviewContext) -> bool:
        return post.has("profanity")

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        for span, match in post.matches("profanity"):
            category = match.entry.category
            yield Issue(
                category if category in ("slur", "sexual", "insult") else "profanity",
                match.entry.severity,
                span,
                evidence=match.entry.note or match.surface,
                params={"term": match.surface},
            )
