"""Review: catch a brand's mistakes before they go out.

    from poise.review import review, Draft, ReviewContext
    result = review("ALERT - fire alarms going off 🚨")
    result.verdict  # Verdict.REVIEW

Pure: no I/O beyond the package's own data files.
"""

from __future__ import annotations

from poise.review.base import (
    Check,
    Draft,
    EventCategory,
    Finding,
    Issue,
    Media,
    Post,
    Review,
    ReviewContext,
    Severity,
    Span,
    Verdict,
    VoiceProfile,
    WorkspaceRules,
    WorldEvent,
)
from poise.review.engine import Engine, default_engine
from poise.review.voice import build_profile


def review(draft: Draft | str, context: ReviewContext | None = None) -> Review:
    """Review a draft (or plain text) with every registered check."""
    subject = Draft(draft) if isinstance(draft, str) else draft
    return default_engine().review(subject, context)


__all__ = [
    "Check",
    "Draft",
    "Engine",
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
    "build_profile",
    "default_engine",
    "review",
]
