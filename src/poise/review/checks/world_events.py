"""World events: how a post reads while something is happening in the audience's world.

Reads: the context's active events in the audience's countries (title, category, keywords,
whether the brand is involved), the post's keywords and tone (commercial, humour, celebration,
condolence, pivot to content).
Emits, per event:
- ``involves_brand``: any post while the brand itself is in the news (warn; block when it
  jokes, celebrates, or sells without apologising; info for a statement about the matter);
- ``newsjacking``: the post names the event and sells or jokes (block; a notice of what the
  event closed or delayed is not selling);
- ``touches``: the post names a grave event (warn when it turns to the brand's content or is
  cheerful; info for condolence or practical information);
- ``cheerful``: a cheerful or promotional post while a grave event unfolds (warn);
- ``unfolding``: any other post while a grave event unfolds (info).
"""

from __future__ import annotations

from collections.abc import Iterable

from poise.review import signals
from poise.review.base import Check, Issue, Post, ReviewContext, Severity, Span, WorldEvent
from poise.review.messages import Term
from poise.review.registry import register


@register
class WorldEventsCheck(Check):
    id = "world_events"
    order = 50

    def applies(self, post: Post, context: ReviewContext) -> bool:
        return bool(context.events)

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        for event in context.active_events():
            issue = self._judge(post, event)
            if issue is not None:
                yield issue

    def _judge(self, post: Post, event: WorldEvent) -> Issue | None:
        touched = post.terms(event.keywords)
        span = touched[0][0] if touched else None
        params = {"event": event.title, "category": Term("event", event.category.value)}
        evidence = ", ".join(dict.fromkeys(m.surface for _, _, m in touched)) or event.title
        if event.involves_brand:
            severity = _brand_severity(post, bool(touched))
            return Issue("involves_brand", severity, span, evidence, params)
        if touched and (signals.selling(post) or signals.humorous(post)):
            return Issue("newsjacking", Severity.BLOCK, span, evidence, params)
        if touched and event.category.grave:
            return Issue("touches", _touch_severity(post), span, evidence, params)
        if touched:
            return Issue("mentions", Severity.INFO, span, evidence, params)
        if event.category.grave and signals.upbeat(post):
            return Issue("cheerful", Severity.WARN, _whole(post), evidence, params)
        if event.category.grave:
            return Issue("unfolding", Severity.INFO, None, evidence, params)
        return None


def _brand_severity(post: Post, about_it: bool) -> Severity:
    if signals.humorous(post) or post.has("celebration"):
        return Severity.BLOCK
    statement = about_it or signals.consoling(post) or post.has("next_step")
    if signals.commercial(post) and not signals.consoling(post):
        return Severity.BLOCK
    # A statement about the matter is what the moment needs; anything else is scheduled
    # content that will be read against the news.
    return Severity.INFO if statement else Severity.WARN


def _touch_severity(post: Post) -> Severity:
    # A condolence or a service notice names the tragedy and stops there; one that turns to a
    # product or a recipe (Epicurious after the Boston bombing) is what people remember.
    if (signals.turns_to_content(post) and not _only_practical(post)) or signals.upbeat(post):
        return Severity.WARN
    return Severity.INFO


def _only_practical(post: Post) -> bool:
    """Safety and service information mentions meals or shops without selling them."""
    return post.has("condolence", "safety") and not (post.has("pivot") or signals.commercial(post))


def _whole(post: Post) -> Span:
    return Span(0, len(post.text.text))
