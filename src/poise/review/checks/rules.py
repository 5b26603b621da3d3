"""Workspace rules: the brand's own banned words, glossary and disclosure duty.

Reads: the workspace rules (banned words and phrases, glossary spellings, whether sponsored
posts must carry a disclosure such as #ad), the ``disclosure`` lexicon.
Emits: ``banned`` (block), ``glossary`` (info, with the workspace's spelling as replacement),
``missing_disclosure`` (warn) for a sponsored post, or one that features a creator (a
mention) and sells, without a disclosure.
"""

from __future__ import annotations

from collections.abc import Iterable

from poise.review import signals
from poise.review.base import Check, Issue, Post, ReviewContext, Severity, Span
from poise.review.registry import register
from poise.text import Kind
from poise.text.normalize import fold_plain


@register
class WorkspaceRulesCheck(Check):
    id = "rules"
    order = 8

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        rules = context.rules
        for span, term, match in post.terms(rules.banned):
            yield Issue(
                "banned", Severity.BLOCK, span, match.surface, {"term": match.surface, "rule": term}
            )
        for span, term, match in post.terms(rules.glossary):
            if match.surface != term and fold_plain(match.surface) == fold_plain(term):
                params = {"term": match.surface, "spelling": term}
                yield Issue(
                    "glossary", Severity.INFO, span, match.surface, params, replacement=term
                )
        if rules.disclosure_required:
            yield from _disclosure(post, rules.disclosure_tags)


def _disclosure(post: Post, tags: tuple[str, ...]) -> Iterable[Issue]:
    """A sponsored post, or one that features a creator and sells, without a disclosure."""
    sponsored = post.matches("disclosure", "sponsored")
    mentions = post.text.of_kind(Kind.MENTION)
    if sponsored:
        span, surface = sponsored[0][0], sponsored[0][1].surface
    elif mentions and signals.commercial(post):
        span, surface = Span(mentions[0].start, mentions[0].end), mentions[0].text
    else:
        return
    written = {fold_plain(t.text) for t in post.text.tokens}
    if {fold_plain(tag) for tag in tags} & written or post.has("disclosure", "disclosure"):
        return
    params = {"tag": tags[0] if tags else "#ad", "term": surface}
    yield Issue("missing_disclosure", Severity.WARN, span, surface, params)
