"""Newsjacking: a grave topic and a sale or a joke in the same post (Kenneth Cole's #Cairo,
Gap during Sandy).

Reads: grave topics of the ``sensitive`` lexicon (disaster, terror, violence, war, unrest,
death, crime), the ``commercial`` and ``humour`` lexicons, and the ``notice`` category of the
``condolence`` lexicon: a notice that names a shop or a launch only to say the crisis closed or
delayed it ("the release is postponed after the earthquake") is not selling. Emits
``commercial`` or ``humour`` at block severity, pointing at the grave term.
"""

from __future__ import annotations

from collections.abc import Iterable

from poise.review import signals
from poise.review.base import Check, Issue, Post, ReviewContext, Severity
from poise.review.messages import Term
from poise.review.registry import register


@register
class NewsjackingCheck(Check):
    id = "newsjacking"
    order = 40

    def applies(self, post: Post, context: ReviewContext) -> bool:
        return bool(signals.grave_topics(post))

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        selling, joking = signals.selling(post), signals.humorous(post)
        if not (selling or joking):
            return
        span, grave = post.matches("sensitive", *signals.GRAVE_TOPICS)[0]
        lexicon = "commercial" if selling else "humour"
        _, hook = post.matches(lexicon)[0]
        yield Issue(
            "commercial" if selling else "humour",
            Severity.BLOCK,
            span,
            evidence=f"{grave.surface} + {hook.surface}",
            params={
                "topic": Term("topic", grave.entry.category),
                "term": grave.surface,
                "hook": hook.surface,
            },
        )
