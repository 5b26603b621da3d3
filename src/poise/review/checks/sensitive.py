"""Sensitive topics: subjects a brand handles with care, and public stances on causes.

Reads: the ``sensitive`` lexicon (text and alt texts) and the workspace's ``allowed_topics``
(a brewery may talk about beer), and the ``humour`` lexicon. Emits one ``topic`` issue per
category found, at the highest severity of its terms; alcohol or drugs with a joke is at least
warn (the tequila "soup of the day"). A topic with a joke in the same sentence ("so clean you'd
think we had OCD 😂", "praying to the Wi-Fi gods 🙏😂") is ``joke`` (warn) whatever the topic:
the topic is the punchline. A herb next to a "high" face (🌿😵‍💫, the ``innuendo`` emoji) is
a wink at cannabis: ``topic`` drugs (warn). An allowed topic is reported as info.

Alcohol said soberly with an age limit or the responsible-drinking mention of the ``responsible``
lexicon (a wine tasting "18 and over", "à consommer avec modération", 「お酒は20歳になってから」)
is an ordinary post of a brand that sells drinks: ``topic`` at info, unless the audience lives
where the law forbids alcohol. Without one, it is ``alcohol``, whose suggestion says what to add.
"""

from __future__ import annotations

from collections.abc import Iterable

from poise.review import signals
from poise.review.base import Check, Issue, Post, ReviewContext, Severity, Span
from poise.review.messages import Term
from poise.review.registry import register
from poise.text import Match

# Topics a joke turns into a brand endorsing them.
_JOKE_SENSITIVE = ("alcohol", "drugs", "sex")
# Countries whose law forbids alcohol: no age limit makes an alcohol post fit for them.
_DRY = frozenset({"AF", "BN", "IR", "KW", "LY", "MR", "SA", "SD", "SO", "YE"})


@register
class SensitiveTopicsCheck(Check):
    id = "sensitive"
    order = 30

    def applies(self, post: Post, context: ReviewContext) -> bool:
        return post.has("sensitive") or post.has("innuendo")

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        yield from _drug_hint(post, context)
        by_category: dict[str, list[tuple[Span, Match]]] = {}
        for span, match in post.matches("sensitive"):
            by_category.setdefault(match.entry.category, []).append((span, match))
        for category, found in by_category.items():
            severity = max((m.entry.severity for _, m in found), key=lambda s: s.rank)
            punchline = _punchline(post, [m for span, m in found if span.field == "text"])
            # Emoji alone (🍾🥂 in a celebration) become the joke's topic only in its sentence.
            worded = any(m.entry.language != "*" for _, m in found)
            joking = punchline or (
                category in _JOKE_SENSITIVE and worded and signals.humorous(post)
            )
            if joking:
                severity = max(severity, Severity.WARN, key=lambda s: s.rank)
            code = "joke" if punchline else "topic"
            if category == "alcohol" and not joking:
                if _responsible(post, context):
                    severity = Severity.INFO
                else:
                    code = "alcohol"
            if category in context.rules.allowed_topics:
                severity = Severity.INFO
            terms = ", ".join(dict.fromkeys(m.surface for _, m in found))
            yield Issue(
                code,
                severity,
                found[0][0],
                evidence=terms,
                params={"topic": Term("topic", category), "terms": terms},
            )


def _drug_hint(post: Post, context: ReviewContext) -> Iterable[Issue]:
    """A herb and a "high" face together: each is innocent alone (herbal tea 🌿, Monday 😵‍💫)."""
    herbs, highs = post.matches("innuendo", "herb"), post.matches("innuendo", "high")
    if not herbs or not highs or post.has("sensitive", "drugs"):
        return
    span, herb = herbs[0]
    terms = f"{herb.surface} {highs[0][1].surface}"
    allowed = "drugs" in context.rules.allowed_topics
    yield Issue(
        "topic",
        Severity.INFO if allowed else Severity.WARN,
        span,
        evidence=terms,
        params={"topic": Term("topic", "drugs"), "terms": terms},
    )


def _responsible(post: Post, context: ReviewContext) -> bool:
    """Whether an alcohol post says who it is for, to an audience whose law allows it."""
    return post.has("responsible") and not _DRY.intersection(context.countries)


def _punchline(post: Post, found: list[Match]) -> bool:
    """Whether one of the topic's terms shares a sentence of the text with a joke, or asks a
    question whose answer, in the next sentence or two, is the joke ("Lent? Never heard of it.
    Neither have our éclairs 😜")."""
    text = post.text.text
    jokes = post.text.of("humour")
    if signals.together(text, found, jokes):
        return True
    spans = signals.sentences(text)
    joking = {signals.sentence_of(spans, m.start) for m in jokes}
    setups = {signals.sentence_of(spans, m.start) for m in found}
    return any(
        index >= 0
        and bool({index + 1, index + 2} & joking)
        and signals.is_question(text, spans[index])
        for index in setups
    )
