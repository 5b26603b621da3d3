"""Workspace rules: the brand's own banned words, glossary and disclosure duty.

Reads: the workspace rules (banned words and phrases, glossary spellings, whether sponsored
posts must carry a disclosure such as #ad), the ``disclosure`` lexicon.
Emits: ``banned`` (block), ``glossary`` (info, with the workspace's spelling as replacement),
``missing_disclosure`` (warn).
"""

from __future__ import annotations

from collections.abc import Iterable

from poise.review.base import Check, Issue, Post, ReviewContext, Severity
from poise.review.registry import register
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
        if rules.disclosure_required and post.has("disclosure", "sponsored"):
            tags = {fold_plain(tag) for tag in rules.disclosure_tags}
            written = {fold_plain(t.text) for t in post.text.tokens}
            if not (tags & written) and not post.has("disclosure", "disclosure"):
                span, match = post.matches("disclosure", "sponsored")[0]
                tag = rules.disclosure_tags[0] if rules.disclosure_tags else "#ad"
                params = {"tag": tag, "term": match.surface}
                yield Issue("missing_disclosure", Severity.WARN, span, match.surface, params)
