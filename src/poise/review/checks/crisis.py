"""Crisis mode: while the brand is in a crisis, only crisis communication goes out.

Reads: whether crisis mode is on; the post's tone (condolence, apology, safety information
against cheer, jokes and sales). Emits ``crisis_cheerful`` (block), ``crisis_hold`` (warn:
ordinary content waits), ``crisis_statement`` (info: a statement, still reviewed by a person).
"""

from __future__ import annotations

from collections.abc import Iterable

from poise.review import signals
from poise.review.base import Check, Issue, Post, ReviewContext, Severity
from poise.review.registry import register


@register
class CrisisCheck(Check):
    id = "crisis"
    order = 55

    def applies(self, post: Post, context: ReviewContext) -> bool:
        return context.crisis

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        if signals.upbeat(post):
            yield Issue("crisis_cheerful", Severity.BLOCK)
        elif signals.consoling(post) or post.has("next_step"):
            yield Issue("crisis_statement", Severity.INFO)
        else:
            yield Issue("crisis_hold", Severity.WARN)
