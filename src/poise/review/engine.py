"""Running the checks over a draft and turning their issues into a verdict."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache

from poise.review import messages
from poise.review.base import (
    Check,
    Draft,
    Finding,
    Issue,
    Post,
    Review,
    ReviewContext,
    Severity,
    Verdict,
)
from poise.review.registry import checks as registered_checks
from poise.text import analysis, languages
from poise.text.analysis import Analysis, analyze

# How much one finding of each severity adds to the risk score (combined as independent risks).
_WEIGHTS = {Severity.INFO: 0.05, Severity.WARN: 0.35, Severity.BLOCK: 0.8}


class Engine:
    """An ordered list of checks, ready to review drafts. Reusable and thread-safe: checks
    keep no state between drafts."""

    def __init__(
        self, checks: Sequence[Check] | None = None, languages: Sequence[str] | None = None
    ) -> None:
        self.checks = list(checks) if checks is not None else [c() for c in registered_checks()]
        self.languages = tuple(languages) if languages else languages_supported()

    def warm(self) -> None:
        """Load every model, dictionary and lexicon now, so the first review is as fast as
        the rest."""
        languages.warm(self.languages)
        analysis.warm(self.languages)
        self.review(Draft("warm up"))

    def read(self, draft: Draft, context: ReviewContext) -> Post:
        """Analyse the draft's text, alt texts and the message it answers, once."""
        candidates = context.languages or self.languages
        text = analyze(draft.text, draft.language, candidates)
        alts = tuple(
            (index, analyze(media.alt, text.language, candidates))
            for index, media in enumerate(draft.media)
            if media.alt and media.alt.strip()
        )
        reply = _answered(draft.reply_to, text.language, candidates) if draft.reply_to else None
        return Post(draft, text, alts, reply)

    def review(self, draft: Draft, context: ReviewContext | None = None) -> Review:
        """Review ``draft`` as it would be read in ``context``."""
        context = context or ReviewContext()
        post = self.read(draft, context)
        findings = [
            self._finding(check, issue, context.ui_language)
            for check in self.checks
            if check.applies(post, context)
            for issue in check.run(post, context)
        ]
        findings.sort(key=_order)
        return Review(_verdict(findings), _score(findings), post.language, tuple(findings))

    @staticmethod
    def _finding(check: Check, issue: Issue, language: str) -> Finding:
        message, suggestion = messages.render(language, check.id, issue.code, issue.params)
        return Finding(
            check=check.id,
            code=issue.code,
            severity=issue.severity,
            message=message,
            span=issue.span,
            evidence=issue.evidence,
            suggestion=suggestion,
            replacement=issue.replacement,
        )


def languages_supported() -> tuple[str, ...]:
    """Every language Poise reads."""
    return languages.supported()


def _order(finding: Finding) -> tuple[int, str, int]:
    span = finding.span
    return (-finding.severity.rank, span.field if span else "", span.start if span else -1)


def _verdict(findings: Sequence[Finding]) -> Verdict:
    worst = max((f.severity.rank for f in findings), default=Severity.INFO.rank)
    if worst >= Severity.BLOCK.rank:
        return Verdict.BLOCK
    if worst >= Severity.WARN.rank:
        return Verdict.REVIEW
    return Verdict.PASS


def _score(findings: Sequence[Finding]) -> int:
    """0 (nothing found) to 100 (certain trouble)."""
    safe = math.prod(1 - _WEIGHTS[finding.severity] for finding in findings)
    return round(100 * (1 - safe))


@cache
def default_engine() -> Engine:
    """The engine with every registered check, built once per process."""
    return Engine()


# Below this, the language found for the message answered is a guess: a short complaint with
# a loanword or two ("le blender est dead") must not be read as English. Reading it in the
# draft's language costs little when the guess was right: English lexicons are read in every
# language.
_SURE_OF_REPLY = 0.99


def _answered(message: str, thread: str, candidates: Sequence[str]) -> Analysis:
    """The message a draft answers, read in its own language when that is clear, else in the
    draft's (a conversation is usually held in one language)."""
    analysis = analyze(message, None, candidates)
    if analysis.language == thread or analysis.detection.confidence >= _SURE_OF_REPLY:
        return analysis
    return analyze(message, thread, candidates)
