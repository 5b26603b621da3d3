"""Word lists that ship inside installed packages: pyspellchecker's frequency dictionaries."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from poise.text.normalize import fold_plain
from poise.text.profiles import data_dir, profiles

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
        checker = SpellChecker(language=code, distance=1)
    checker.word_frequency.load_words(accepted_words(language))
    return checker


def accepted_words(language: str) -> list[str]:
    """Words Poise's own list for ``language`` (``data/<lang>/words.txt``) adds to the spell
    checker's dictionary: feminine job titles, the words of social media, that it lacks."""
    path = data_dir() / language / "words.txt"
    if not path.is_file():
        return []
    lines = path.read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@dataclass(frozen=True, slots=True)
class FoldedCounts(Mapping[str, int]):
    """Word counts looked up by folded spelling (soiree finds soirée), sharing the spell
    checker's own table: only the words folding changes are stored again."""

    plain: Mapping[str, int]
    changed: Mapping[str, int]

    def __getitem__(self, word: str) -> int:
        if word in self.changed:
            return self.changed[word]
        return self.plain[word]

    def __contains__(self, word: object) -> bool:
        return word in self.changed or word in self.plain

    def __iter__(self) -> Iterator[str]:
        yield from self.plain
        yield from self.changed

    def __len__(self) -> int:
        return len(self.plain) + len(self.changed)


@cache
def frequency(language: str) -> tuple[Mapping[str, int], int]:
    """Word counts of ``language`` by folded spelling, and their total, for reading hashtags."""
    checker = speller(language)
    if checker is None:
        return {}, 1
    plain: Mapping[str, int] = checker.word_frequency.dictionary
    changed: dict[str, int] = {}
    for word, count in plain.items():
        key = fold_plain(word)
        if key != word:
            changed[key] = changed.get(key, plain.get(key, 0)) + count
    return FoldedCounts(plain, changed), max(1, int(checker.word_frequency.total_words))


# Words longer than this may be two edits away from what the author meant (accomodation).
_TWO_EDITS_FROM = 6
# Only this many of the most frequent words are offered as two-edit corrections: a rare word
# two edits away is more often a coincidence than the intended word.
_COMMON_WORDS = 60_000


def suggest(language: str, word: str) -> str | None:
    """The most likely intended word for ``word`` (lower case), or ``None``: one edit away
    through the spell checker, else two edits away among common words of similar length."""
    checker = speller(language)
    if checker is None:
        return None
    correction = checker.correction(word)
    if correction and correction != word:
        return str(correction)
    if len(word) < _TWO_EDITS_FROM:
        return None
    return _two_edits(language, word)


def _two_edits(language: str, word: str) -> str | None:
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    # Typos rarely touch the first letter, and two edits change the length by two at most.
    shelves = _by_shape(language)
    pool = [w for n in range(len(word) - 2, len(word) + 3) for w in shelves.get((word[0], n), ())]
    found = process.extract(word, pool, scorer=DamerauLevenshtein.distance, score_cutoff=2, limit=8)
    if not found:
        return None
    counts = speller(language).word_frequency  # type: ignore[union-attr]
    best = min(found, key=lambda item: (item[1], -counts[item[0]]))
    return str(best[0])


@cache
def _by_shape(language: str) -> dict[tuple[str, int], tuple[str, ...]]:
    """Common words by first letter and length."""
    checker = speller(language)
    if checker is None:
        return {}
    counts = checker.word_frequency.dictionary
    common = sorted(counts.items(), key=lambda item: -item[1])[:_COMMON_WORDS]
    grouped: dict[tuple[str, int], list[str]] = {}
    for word, _ in common:
        if word.isalpha():
            grouped.setdefault((word[0], len(word)), []).append(word)
    return {shape: tuple(words) for shape, words in grouped.items()}
