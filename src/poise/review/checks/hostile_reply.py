"""Hostile reply: answering a critic with sarcasm, defensiveness or an insult, or answering a
complaint without empathy or a next step.

Reads: the ``hostile`` lexicon (sarcasm, defensive, attack, dismissive), insults of the
``profanity`` lexicon and political topics (an attack on a politician), and for replies the
``complaint`` lexicon on the message answered and the ``empathy`` and ``next_step`` lexicons on
the reply.
Emits: the hostile category as code (``attack`` block, the others warn), ``insult_in_reply``
(block), ``no_empathy_no_next_step`` (warn), ``no_empathy`` or ``no_next_step`` (info).

A reply can be cold without one listed phrase: "Did you actually plug it in?", "Sure, it broke
all by itself", "Read the email we sent you." So the ``tone`` lexicon lists cues (irony, blame,
rhetorical, imperative) that are harmless alone, and a reply that shows no empathy is
``cold_tone`` (warn) when its cues add up: each kind of cue counts once, two for a ``warn``
term and one for an ``info`` term (so it takes a strong cue or several kinds, not one word
repeated), a rhetorical cue only in a sentence that ends with a question mark. Cues no lexicon needs to
list count too: words in scare quotes, a laugh in answer to a complaint, the hostile lexicon's
milder (info) terms, and the lack of a next step (unless the message answered was a plain
question). Empathy takes credit off, unless it is
asked as a question ("so now it's our fault?").
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from poise.review import signals
from poise.review.base import Check, Issue, Post, ReviewContext, Severity
from poise.review.registry import register
from poise.text import Kind, Match


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
        if _complains(post):
            yield from _care(post)
        if post.reply is not None:
            yield from _cold_tone(post)


def _care(post: Post) -> Iterable[Issue]:
    empathy, next_step = post.text.has("empathy"), _next_step(post)
    if not empathy and not next_step:
        yield Issue("no_empathy_no_next_step", Severity.WARN)
    elif not empathy:
        yield Issue("no_empathy", Severity.INFO)
    elif not next_step:
        yield Issue("no_next_step", Severity.INFO)


# How much a cue says on its own, by the severity its lexicon gives it.
_CUE_WEIGHTS = {Severity.INFO: 1, Severity.WARN: 2, Severity.BLOCK: 2}
_COLD_AT = 3
_EMPATHY_CREDIT = 2
_LAUGH_AT_COMPLAINT = 2
_NO_NEXT_STEP = 1
# A phone number: seven digits or more, in groups (0800 555 0199, +33 1 23 45 67 89, ٨٠٠١٢٣٤).
_PHONE = regex.compile(r"\+?\d[\d\s().-]{5,}\d")
# A question this long asks for something; a shorter one ("Really?", "Seriously?") reacts.
_ASKING_WORDS = 3
# One to three words between quotes ("the “broken” charger", « cassé »): the reply doubts the
# person's own words. Japanese 「」 is left out: it is how Japanese names a button or a menu.
_SCARE_QUOTES = regex.compile(r"[\"“‘«]\s?[^\s\"“”‘’«»]+(?:\s[^\s\"“”‘’«»]+){0,2}\s?[\"”’»]")


def _cold_tone(post: Post) -> Iterable[Issue]:
    cues = _cues(post)
    strongest: dict[str, int] = {}
    for m in cues:
        weight = _CUE_WEIGHTS[m.entry.severity]
        strongest[m.entry.lexicon + m.entry.category] = max(
            weight, strongest.get(m.entry.lexicon + m.entry.category, 0)
        )
    score = sum(strongest.values())
    evidence = [m.surface for m in cues]
    quoted = _SCARE_QUOTES.findall(post.text.text)
    score += min(len(quoted), 1)
    evidence += quoted[:1]
    if _laughs_at_complaint(post):
        score += _LAUGH_AT_COMPLAINT
        evidence += [m.surface for m in post.text.of("humour", "laughter")][:1]
    if _calls_for_next_step(post) and not _next_step(post):
        score += _NO_NEXT_STEP
    if _plain_empathy(post):
        score -= _EMPATHY_CREDIT
    if score >= _COLD_AT and evidence:
        cues_text = ", ".join(dict.fromkeys(evidence))
        yield Issue("cold_tone", Severity.WARN, None, cues_text, {"cues": cues_text})


def _cues(post: Post) -> list[Match]:
    """The tone cues of the reply, once per wording, rhetorical ones only in questions, and
    the hostile lexicon's milder terms."""
    text = post.text.text
    spans = signals.sentences(text)
    found = [
        m
        for m in post.text.of("tone")
        if m.entry.category != "rhetorical"
        or signals.is_question(text, spans[signals.sentence_of(spans, m.start)])
    ]
    found += [m for m in post.text.of("hostile") if m.entry.severity is Severity.INFO]
    unique = {(m.entry.category, m.surface.casefold()): m for m in found}
    return list(unique.values())


def _next_step(post: Post) -> bool:
    """Whether the reply moves the matter on: a next step of the lexicon (a DM, a callback), a
    link or a phone number, outside a sentence the hostile lexicon reads as defensive or
    dismissive; or a question that asks for what is needed to help ("Which app are you
    using?", "Dans quelle ville êtes-vous ?"): several words, and not one cue of doubt,
    mockery or blame in it ("Did you actually plug it in?" asks nothing)."""
    text = post.text.text
    spans = signals.sentences(text)
    doubting = {
        signals.sentence_of(spans, m.start)
        for lexicon in ("tone", "hostile", "humour", "profanity")
        for m in post.text.of(lexicon)
    }
    # "See article 7 of our terms" points somewhere only to close the matter.
    defending = {signals.sentence_of(spans, m.start) for m in post.text.of("hostile")}
    pointers = [m.start for m in post.text.of("next_step")]
    # A link or a phone number is where the next step is, in any language.
    pointers += [t.start for t in post.text.of_kind(Kind.URL)]
    pointers += [m.start() for m in _PHONE.finditer(text)]
    if any(signals.sentence_of(spans, start) not in defending for start in pointers):
        return True
    return any(
        signals.is_question(text, span)
        and index not in doubting
        and sum(span[0] <= word.start < span[1] for word in post.text.words) >= _ASKING_WORDS
        for index, span in enumerate(spans)
    )


def _plain_empathy(post: Post) -> bool:
    """Whether the reply shows empathy outside a question: "so now it's our fault?" owns
    nothing (the tone lexicon lists it as a rhetorical cue)."""
    text = post.text.text
    spans = signals.sentences(text)
    return any(
        not signals.is_question(text, spans[signals.sentence_of(spans, m.start)])
        for m in post.text.of("empathy")
    )


def _laughs_at_complaint(post: Post) -> bool:
    """A laugh (not a wink: "vous l'avez ?") in answer to a complaint or an attack mocks the
    person who made it."""
    return _upset(post) and post.text.has("humour", "laughter")


def _calls_for_next_step(post: Post) -> bool:
    """Whether the message answered calls for a next step: a complaint or an attack does, and
    so does any message but a plain question (answering "what time do you open?" is all the
    next step it needs)."""
    if post.reply is None or _upset(post):
        return True
    text = post.reply.text
    return not any(signals.is_question(text, span) for span in signals.sentences(text))


def _complains(post: Post) -> bool:
    """Whether the message answered complains: in the complaint lexicon's words, or by saying
    that what was expected did not happen ("personne n'est venu"), unless the reply itself
    praises back, as a brand does when the negation was banter ("Best day of the year!")."""
    if post.reply is None:
        return False
    if post.reply.has("complaint"):
        return True
    return signals.letdown(post.reply) and not post.text.has("stance", "praise")


def _upset(post: Post) -> bool:
    """Whether the message answered complains or attacks (a plain question or praise does
    not call for a next step)."""
    return post.reply is not None and (
        _complains(post) or post.reply.has("hostile") or post.reply.has("profanity")
    )
