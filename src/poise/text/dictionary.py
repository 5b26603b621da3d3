"""Word lists that ship inside installed packages: pyspellchecker's frequency dictionaries."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from functools import cache
from typing import Any

from poise.text.normalize import fold_plain
from poise.text.profiles import profiles

_lock = threading.Lock()


@cache
def speller(language: str) -> Any | None:
    """The spell checker of ``language``, or ``None`` when Poise has no dictionary for it."""
    code = profiles()[language].spelling if language in profiles() else ""
    if not code:
        return None
    from spellchecker import SpellChecker

    with _lock:
        # Distance 1 keeps suggestions fast and sure; a word two edits away is rarely a typo.
        return SpellChecker(language=code, distance=1)


@cache
def frequency(language: str) -> tuple[Mapping[str, int], int]:
    """Word counts of ``language`` and their total, for reading hashtags."""
    checker = speller(language)
    if checker is None:
        return {}, 1
    counts: dict[str, int] = {}
    # Hashtags are read folded (no accents, lower case), so the counts are folded the same way.
    for word, count in checker.word_frequency.dictionary.items():
        key = fold_plain(word)
        counts[key] = counts.get(key, 0) + count
    return counts, max(1, sum(counts.values()))
