"""Alarm: wording that spreads panic in an uncertain situation.

Reads: the ``alarm`` lexicon and alarm emoji (text and alt texts), capitals, exclamation marks.
Emits: ``word`` for an alarm or urgency term (with a calm replacement when the lexicon has one),
``emoji`` for a siren or alarm emoji (its replacement removes it),
``shouting`` for a run of words in capitals, ``exclamations`` for !!! and more.

An alarm word is raised (warn) when the post sounds the alarm with it: the word in capitals or
in a 【headline】, a siren emoji, shouting, exclamation marks, a second alarm word, a danger
named beside it (fire, attack, outbreak), or a grave event or the brand's crisis at publish time.
Said once, calmly, in a notice ("Passenger alert: line 4 is closed this weekend", "تنبيه: we
will never ask for your PIN", "thank you for alerting us") it is only mentioned (info), with the
calmer word.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from poise.review import signals
from poise.review.base import Check, Issue, Post, ReviewContext, Severity, Span
from poise.review.registry import register
from poise.text import Kind, Match, Token

_EXCLAMATIONS = regex.compile(r"[!！]{3,}")
_CASED = regex.compile(r"\p{L}")
# Capitals alone are not shouting: NEW, SALE, a brand's acronym. A run of capitalised words or a
# post that is mostly capitals is.
_SHOUT_RUN = 3
_SHOUT_RATIO = 0.7
_SHOUT_MIN_LETTERS = 16
_LONG_WORD = 4
# Two exclamation marks in a row, or three in the post, raise the voice.
_RAISED = regex.compile(r"[!！]{2,}|(?:[^!！]*[!！]){3}")
# A headline in lenticular brackets (【緊急】) is the Japanese capitals.
_HEADLINE = "【"
# Topics that make the situation uncertain, where an alarm word spreads panic.
_DANGER = ("disaster", "terror", "violence", "war", "unrest")


@register
class AlarmCheck(Check):
    id = "alarm"
    order = 20

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        shout = _shout(post)
        yield from self._words(post, context, shouting=shout is not None)
        if shout is not None:
            yield _shouting(post, shout)
        for match in _EXCLAMATIONS.finditer(post.text.text):
            yield Issue(
                "exclamations",
                Severity.INFO,
                Span(match.start(), match.end()),
                evidence=match.group(),
                replacement="!",
            )

    def _words(self, post: Post, context: ReviewContext, shouting: bool) -> Iterable[Issue]:
        sounded = shouting or _sounded(post, context)
        for span, match in post.matches("alarm"):
            severity = match.entry.severity
            # An urgency word in capitals (URGENT, ALERTE) reads as an alarm, not a sales line.
            if severity is Severity.INFO and _is_capitals(match.surface):
                severity = Severity.WARN
            elif _calm_word(post, span, match) and not sounded:
                severity = Severity.INFO
            replacement = _case_like(match.entry.replacement, match.surface) or None
            code = "word_with_replacement" if replacement else "word"
            if match.entry.language == "*":  # an emoji: the fix is to take it out
                code, replacement = "emoji", ""
            yield Issue(
                code,
                severity,
                span,
                evidence=match.entry.note or match.entry.category,
                params={"term": match.surface, "replacement": replacement or ""},
                replacement=replacement,
            )


def _shouting(post: Post, span: Span) -> Issue:
    shouted = post.text.text[span.start : span.end]
    return Issue(
        "shouting", Severity.WARN, span, evidence=shouted, replacement=_sentence_case(shouted)
    )


def _shout(post: Post) -> Span | None:
    """Where the post shouts: its longest run of words in capitals, or all of it when it is
    mostly capitals."""
    words = [t for t in post.text.tokens if t.kind is Kind.WORD and _CASED.search(t.text)]
    run = _longest_capital_run(words)
    letters = [c for t in words for c in t.text if c.isalpha() and (c.isupper() or c.islower())]
    upper = sum(1 for c in letters if c.isupper())
    mostly = len(letters) >= _SHOUT_MIN_LETTERS and upper / len(letters) >= _SHOUT_RATIO
    if run:
        return Span(run[0].start, run[-1].end) if len(run) >= _SHOUT_RUN or mostly else None
    return Span(0, len(post.text.text)) if mostly else None


def _calm_word(post: Post, span: Span, match: Match) -> bool:
    """An alarm word written calmly: in the text, in lower or sentence case, not a headline."""
    if match.entry.language == "*" or match.entry.category != "alarm" or span.field != "text":
        return False
    opened = post.text.text.rfind(_HEADLINE, 0, span.start)
    return not _is_capitals(match.surface) and (
        opened < 0 or "】" in post.text.text[opened : span.start]
    )


def _sounded(post: Post, context: ReviewContext) -> bool:
    """Whether the post sounds an alarm (shouting aside), so that each alarm word in it does."""
    return (
        _alarm_words(post) > 1
        or any(
            m.entry.language == "*" and m.entry.severity is not Severity.INFO
            for _, m in post.matches("alarm")
        )
        or bool(_RAISED.search(post.text.text))
        or any(post.has("sensitive", topic) for topic in _DANGER)
        or context.under_fire
        or any(e.category.grave for e in context.active_events())
    )


def _alarm_words(post: Post) -> int:
    """How many alarm words the text says ("breaking news" is one, not two with "breaking")."""
    found = [m for m in post.text.of("alarm", "alarm") if m.entry.language != "*"]
    return len(signals.outermost(found))


def _is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _longest_capital_run(words: list[Token]) -> list[Token]:
    """The longest run of words in capitals that reads as shouting: product codes (SPF50) break
    a run, and a run of acronyms (UV PA SPF) needs two real words to be shouting."""
    best: list[Token] = []
    run: list[Token] = []
    for token in words:
        if _is_capitals(token.text) and not any(c.isdigit() for c in token.text):
            run.append(token)
            long_words = sum(len(t.text) >= _LONG_WORD for t in run)
            best = run if len(run) > len(best) and long_words >= 2 else best
        else:
            run = []
    return best


def _sentence_case(text: str) -> str:
    lowered = text.lower()
    return lowered[:1].upper() + lowered[1:]


def _case_like(replacement: str, surface: str) -> str:
    """The replacement written in the case of the word it replaces (sentence case for ALERT)."""
    if not replacement:
        return ""
    if surface[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
