"""Limits: whether the post fits the network it is for.

Reads: the draft's network, text and media; the network's limits (``poise.networks``), with
length counted the way that network counts it. Emits ``too_long`` (block, pointing at the part
that does not fit), ``too_many_media`` and ``too_many_links`` (block).
"""

from __future__ import annotations

from collections.abc import Iterable

from poise.networks import limits
from poise.review.base import Check, Issue, Post, ReviewContext, Severity, Span
from poise.review.messages import Term
from poise.review.registry import register
from poise.text import Kind


@register
class LimitsCheck(Check):
    id = "limits"
    order = 5

    def applies(self, post: Post, context: ReviewContext) -> bool:
        return post.draft.network is not None

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        assert post.draft.network is not None
        spec = limits(post.draft.network)
        text = post.text.text
        params = {"network": spec.name, "limit": spec.max_length, "unit": Term("unit", spec.unit)}
        cut = spec.overflow_at(text)
        if cut is not None:
            length = spec.length(text)
            over = {**params, "length": length, "over": length - spec.max_length}
            yield Issue(
                "too_long",
                Severity.BLOCK,
                Span(cut, len(text)),
                f"{length}/{spec.max_length}",
                over,
            )
        if len(post.draft.media) > spec.max_media:
            media = {**params, "count": len(post.draft.media), "max": spec.max_media}
            yield Issue("too_many_media", Severity.BLOCK, None, str(len(post.draft.media)), media)
        links = post.text.of_kind(Kind.URL)
        if spec.max_links is not None and len(links) > spec.max_links:
            counted = {**params, "count": len(links), "max": spec.max_links}
            yield Issue(
                "too_many_links", Severity.BLOCK, Span(links[0].start, links[-1].end), "", counted
            )
