"""Japanese words, cut by Sudachi with its packaged core dictionary (Japanese has no spaces)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from poise.text.tokens import Kind, Token

_lock = threading.Lock()


@cache
def _tokenizer() -> Any:
    from sudachipy import Dictionary

    with _lock:
        return Dictionary(dict="core").tokenizer()


@dataclass(frozen=True, slots=True)
class Morpheme:
    """A word as written, its normalized dictionary form (飲みすぎた → 飲む, 過ぎる, た) and
    its span."""

    surface: str
    normalized: str
    start: int
    end: int
    negation: bool = False


@lru_cache(maxsize=2048)
def morphemes(text: str) -> tuple[Morpheme, ...]:
    """The words of ``text``, punctuation and spaces left out."""
    from sudachipy import SplitMode

    found = []
    for morpheme in _tokenizer().tokenize(text, SplitMode.C):
        tag = morpheme.part_of_speech()[0]
        surface = morpheme.surface()
        if tag in ("補助記号", "空白") or not surface.strip():
            continue
        form = morpheme.normalized_form()
        negation = (tag, form) in _NEGATIONS
        found.append(Morpheme(surface, form, morpheme.begin(), morpheme.end(), negation))
    return tuple(found)


# How Japanese says "not": the auxiliaries ない (来なかった, 来ねえ) and ず (ません, 届かず,
# わからん), and the adjective 無い (ネットがない). Read from the part of speech, so 少ない and
# 危ない, adjectives of their own, are not negations.
_NEGATIONS = frozenset({("助動詞", "ない"), ("助動詞", "ず"), ("形容詞", "無い")})


def negated(text: str) -> bool:
    """Whether ``text`` says that something is not, or did not happen."""
    return any(m.negation for m in morphemes(text))


def words(text: str) -> list[Token]:
    """The words of ``text`` as tokens."""
    return [Token(m.surface, m.start, m.end, Kind.WORD) for m in morphemes(text)]


def normalized(text: str) -> str:
    """``text`` with every word in its normalized dictionary form, run together: the form a
    lexicon term is also read in, so one entry matches every conjugation and spelling."""
    return "".join(m.normalized for m in morphemes(text))


def split_words(text: str) -> list[str]:
    """``text`` cut into its shortest meaningful units, for reading a hashtag."""
    from sudachipy import SplitMode

    return [m.surface() for m in _tokenizer().tokenize(text, SplitMode.A) if m.surface().strip()]


def warm() -> None:
    """Load the dictionary now rather than on the first Japanese post."""
    _tokenizer()
