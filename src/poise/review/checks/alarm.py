"""Alarm: wording that spreads panic in an uncertain situation.

Reads: the ``alarm`` lexicon and alarm emoji (text and alt texts), capitals, exclamation marks.
Emits: ``word`` for an alarm or urgency term (with a calm replacement when the lexicon has one),
``emoji`` for a siren or alarm emoji (its replacement removes it),
``shouting`` for a run of words in capitals, ``exclamations`` for !!! and more.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from poise.review.base import Check, Issue, Post, ReviewContext, Severity, Span
from poise.review.registry import register
from poise.text import Kind, Token

_EXCLAMATIONS = regex.compile(r"[!！]{3,}")
_CASED = regex.compile(r"\p{L}")
# Capitals alone are not shouting: NEW, SALE, a brand's acronym. A run of capitalised words or a
# post that is mostly capitals is.
_SHOUT_RUN = 3
_SHOUT_RATIO = 0.7
_SHOUT_MIN_LETTERS = 16
_LONG_WORD = 4


@register
class AlarmCheck(Check):
    id = "alarm"
    order = 20

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        yield from self._words(post)
        yield from self._shouting(post)
        for match in _EXCLAMATIONS.finditer(post.text.text):
            yield Issue(
                "exclamations",
                Severity.INFO,
                Span(match.start(), match.end()),
                evidence=match.group(),
                replacement="!",
            )

    def _words(self, post: Post) -> Iterable[Issue]:
        for span, match in post.matches("alarm"):
            severity = match.entry.severity
            # An urgency word in capitals (URGENT, ALERTE) reads as an alarm, not a sales line.
            if severity is Severity.INFO and _is_capitals(match.surface):
                severity = Severity.WARN
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

    def _shouting(self, post: Post) -> Iterable[Issue]:
        words = [t for t in post.text.tokens if t.kind is Kind.WORD and _CASED.search(t.text)]
        run = _longest_capital_run(words)
        letters = [c for t in words for c in t.text if c.isalpha() and (c.isupper() or c.islower())]
        upper = sum(1 for c in letters if c.isupper())
        mostly = len(letters) >= _SHOUT_MIN_LETTERS and upper / len(letters) >= _SHOUT_RATIO
        if len(run) >= _SHOUT_RUN or mostly:
            span = Span(run[0].start, run[-1].end) if run else Span(0, len(post.text.text))
            shouted = post.text.text[span.start : span.end]
            yield Issue(
                "shouting",
                Severity.WARN,
                span,
                evidence=shouted,
                replacement=_sentence_case(shouted),
            )


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
