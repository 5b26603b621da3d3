"""An account's voice, built from its past posts, for the wrong-account check."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from poise.review.base import VoiceProfile
from poise.text import Analysis, Kind, analyze
from poise.text.normalize import fold_plain

# Markers of a personal voice that the wrong-account check weighs.
PERSONAL = ("first_person", "textspeak", "partying", "personal_politics", "slang", "personal_life")
_MIN_WORD = 3


def markers(text: Analysis) -> Counter[str]:
    """How many times each personal marker (and profanity, emoji) occurs in ``text``."""
    counts: Counter[str] = Counter(m.entry.category for m in text.of("personal", *PERSONAL))
    # Suggestive items (a hot dog, "dur et long") are innocent without a wink: not profanity.
    counts["profanity"] = len(text.of("profanity", "profanity", "slur", "sexual", "insult"))
    counts["emoji"] = len(text.of_kind(Kind.EMOJI))
    return counts


def words(text: Analysis) -> set[str]:
    """The folded content words of ``text``."""
    return {fold_plain(t.text) for t in text.words if len(t.text) >= _MIN_WORD}


def build_profile(posts: Iterable[str], languages: Sequence[str] | None = None) -> VoiceProfile:
    """The voice of an account whose past posts are ``posts`` (blank ones are skipped)."""
    analyses = [analyze(text, None, languages) for text in posts if text.strip()]
    seen: Counter[str] = Counter()
    vocabulary: set[str] = set()
    language_counts: Counter[str] = Counter()
    for analysis in analyses:
        seen.update(marker for marker, count in markers(analysis).items() if count)
        vocabulary |= words(analysis)
        language_counts[analysis.language] += 1
    total = max(1, len(analyses))
    return VoiceProfile(
        posts=len(analyses),
        rates={marker: count / total for marker, count in seen.items()},
        vocabulary=frozenset(vocabulary),
        languages={code: count / total for code, count in language_counts.items()},
    )
