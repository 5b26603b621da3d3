"""Hostile reply: answering a critic with sarcasm, defensiveness or an insult, or answering a
complaint without empathy or a next step.

Reads: the ``hostile`` lexicon (sarcasm, defensive, attack, dismissive), insults of the
``profanity`` lexicon and political topics (an attack on a politician), and for replies the
``complaint`` lexicon on the message answered and the ``empathy`` and ``next_step`` lexicons on
the reply.
Emits: the hostile category as code (``attack`` block, the others warn), ``insult_in_reply``
(block), ``no_empathy_no_next_step`` (warn), ``no_empathy`` or ``no_next_step`` (info).
"""

from __future__ import annotations

from collections.abc import Iterable

from poise.review.base import Check, Issue, Post, ReviewContext, Severity
from poise.review.registry import register


@register
class HostileReplyCheck(Check):
    id = "hostile_reply"
    order = 90

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        for span, match in post.matches("hostile"):
            yield Issue(
                match.entry.category,
                match.entry.severity,
                span,
                evidence=match.entry.note or match.surface,
                params={"term": match.surface},
                replacement=match.entry.replacement or None,
            )
        if post.reply is not None or post.has("sensitive", "politics", "elections"):
            for span, match in post.matches("profanity", "insult"):
                yield Issue(
                    "insult_in_reply", Severity.BLOCK, span, match.surface, {"term": match.surface}
                )
        if post.reply is not None and post.reply.has("complaint"):
            yield from _care(post)


def _care(post: Post) -> Iterable[Issue]:
    empathy, next_step = post.text.has("empathy"), post.text.has("next_step")
    if not empathy and not next_step:
        yield Issue("no_empathy_no_next_step", Severity.WARN)
    elif not empathy:
        yield Issue("no_empathy", Severity.INFO)
    elif not next_step:
        yield Issue("no_next_step", Severity.INFO)
