"""The types review speaks in: drafts, context, findings, the verdict, and the check contract."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any, ClassVar

from poise.text import Analysis, Match, Severity
from poise.text.analysis import find_terms

__all__ = [
    "Check",
    "Draft",
    "EventCategory",
    "Finding",
    "Issue",
    "Media",
    "Post",
    "Review",
    "ReviewContext",
    "Severity",
    "Span",
    "Verdict",
    "VoiceProfile",
    "WorkspaceRules",
    "WorldEvent",
]


class Verdict(StrEnum):
    """``pass``: nothing above info. ``review``: needs a second opinion. ``block``: must be
    changed, or overridden by an admin with a reason."""

    PASS = "pass"
    REVIEW = "review"
    BLOCK = "block"


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``[start, end)`` of a field of the draft: ``text`` or ``media[i].alt``."""

    start: int
    end: int
    field: str = "text"


@dataclass(frozen=True, slots=True)
class Media:
    """An attachment; ``alt`` is its text alternative (``None`` or blank when missing)."""

    kind: str = "image"
    alt: str | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    """What the author wants to publish."""

    text: str
    language: str | None = None
    network: str | None = None
    media: tuple[Media, ...] = ()
    reply_to: str | None = None


class EventCategory(StrEnum):
    """What kind of world event."""

    TERROR = "terror"
    VIOLENCE = "violence"
    DISASTER = "disaster"
    WAR = "war"
    UNREST = "unrest"
    DEATH = "death"
    CRIME = "crime"
    SCANDAL = "scandal"
    POLITICS = "politics"
    HEALTH = "health"
    SPORTS = "sports"
    OTHER = "other"

    @property
    def grave(self) -> bool:
        """Events during which cheerful or commercial posts read as callous."""
        return self not in (EventCategory.POLITICS, EventCategory.SPORTS, EventCategory.OTHER)


# An event with no declared end stops colouring posts after this long; a person can end it
# sooner, or keep it going by giving it an end.
OPEN_EVENT_HORIZON = timedelta(days=14)


@dataclass(frozen=True, slots=True)
class WorldEvent:
    """Something happening in the world that changes how a post reads."""

    title: str
    category: EventCategory
    start: datetime
    regions: tuple[str, ...] = ()
    end: datetime | None = None
    keywords: tuple[str, ...] = ()
    involves_brand: bool = False

    def active_at(self, at: datetime) -> bool:
        """Whether the event is going on at ``at``."""
        end = self.end or self.start + OPEN_EVENT_HORIZON
        return _aware(self.start) <= _aware(at) <= _aware(end)

    def affects(self, countries: Iterable[str]) -> bool:
        """Whether the audience in ``countries`` lives where it happens (everyone, if either
        side names no country)."""
        audience = {code.upper() for code in countries}
        return not self.regions or not audience or bool(audience & set(self.regions))


def _aware(moment: datetime) -> datetime:
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class VoiceProfile:
    """How the account usually writes, built from its past posts (see ``poise.review.voice``).

    Rates are per post: 0.4 means four posts in ten carry the marker."""

    posts: int
    rates: Mapping[str, float]
    vocabulary: frozenset[str]
    languages: Mapping[str, float]

    def rate(self, marker: str) -> float:
        """How often the account's posts carry ``marker`` (0 when never seen)."""
        return self.rates.get(marker, 0.0)


@dataclass(frozen=True, slots=True)
class WorkspaceRules:
    """A workspace's own rules."""

    banned: tuple[str, ...] = ()
    glossary: tuple[str, ...] = ()
    disclosure_required: bool = False
    disclosure_tags: tuple[str, ...] = ("#ad", "#sponsored", "#pub", "#PR", "#إعلان", "#広告")
    allowed_topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewContext:
    """The world a draft will be read in."""

    at: datetime | None = None
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    events: tuple[WorldEvent, ...] = ()
    voice: VoiceProfile | None = None
    rules: WorkspaceRules = WorkspaceRules()
    crisis: bool = False
    ui_language: str = "en"
    brand_names: tuple[str, ...] = ()
    hashtag_usage: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    fasting_audience: bool | None = None

    def active_events(self) -> list[WorldEvent]:
        """Events going on at publish time (now when no time is set) where the audience is."""
        at = self.at or datetime.now().astimezone()
        return [e for e in self.events if e.active_at(at) and e.affects(self.countries)]

    @property
    def under_fire(self) -> bool:
        """The brand itself is in the news, or in crisis mode."""
        return self.crisis or any(event.involves_brand for event in self.active_events())


@dataclass(frozen=True, slots=True)
class Issue:
    """What a check found, before it is put into words in the reader's language.

    ``code`` names the message (``<check>.<code>`` in the catalogs); ``params`` fill it.
    ``replacement``, when set, is text that can replace the span to resolve the issue."""

    code: str
    severity: Severity
    span: Span | None = None
    evidence: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    replacement: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """A reviewed issue, in the reader's language."""

    check: str
    code: str
    severity: Severity
    message: str
    span: Span | None
    evidence: str
    suggestion: str | None
    replacement: str | None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a finding."""
        span = (
            None
            if self.span is None
            else {"start": self.span.start, "end": self.span.end, "field": self.span.field}
        )
        return {
            "check": self.check,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "span": span,
            "evidence": self.evidence,
            "suggestion": self.suggestion,
            "replacement": self.replacement,
        }


@dataclass(frozen=True, slots=True)
class Review:
    """The outcome of reviewing one draft."""

    verdict: Verdict
    score: int
    language: str
    findings: tuple[Finding, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a review."""
        return {
            "verdict": self.verdict.value,
            "score": self.score,
            "language": self.language,
            "findings": [finding.to_dict() for finding in self.findings],
        }


@dataclass(frozen=True, slots=True)
class Post:
    """A draft as the checks read it: its text and alt texts analysed once, for every check."""

    draft: Draft
    text: Analysis
    alts: tuple[tuple[int, Analysis], ...] = ()
    reply: Analysis | None = None

    @property
    def language(self) -> str:
        return self.text.language

    def parts(self) -> Iterable[tuple[str, Analysis]]:
        """The text, then each alt text, with the field name spans use."""
        yield "text", self.text
        for index, analysis in self.alts:
            yield f"media[{index}].alt", analysis

    def matches(self, lexicon: str, *categories: str) -> list[tuple[Span, Match]]:
        """Matches of ``lexicon`` in the text and the alt texts, with their spans."""
        return [
            (Span(m.start, m.end, name), m)
            for name, analysis in self.parts()
            for m in analysis.of(lexicon, *categories)
        ]

    def has(self, lexicon: str, *categories: str) -> bool:
        """Whether ``lexicon`` (and ``categories``) occurs in the text or an alt text."""
        return any(analysis.has(lexicon, *categories) for _, analysis in self.parts())

    def terms(self, terms: Iterable[str]) -> list[tuple[Span, str, Match]]:
        """Where any of ``terms`` occurs in the text or an alt text."""
        wanted = tuple(terms)
        return [
            (Span(m.start, m.end, name), term, m)
            for name, analysis in self.parts()
            for term, m in find_terms(analysis, wanted)
        ]


class Check(ABC):
    """One thing review looks for.

    Contract: a check reads the ``Post`` (the draft and its analysis) and the
    ``ReviewContext``, does no I/O, keeps no state between drafts, and yields ``Issue``s.
    ``applies`` says cheaply whether ``run`` has anything to look at. Checks run in ``order``
    (lower first); a plugin registers a check with ``poise.review.registry.register`` exactly
    as the built-in checks do, and its messages go in its own catalog section named by ``id``.
    """

    id: ClassVar[str]
    order: ClassVar[int] = 100

    def applies(self, post: Post, context: ReviewContext) -> bool:
        """Whether the check has anything to look at (default: always)."""
        return True

    @abstractmethod
    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        """The issues found in ``post`` read in ``context``."""
