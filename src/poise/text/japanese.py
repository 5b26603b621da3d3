"""Japanese words, cut by Sudachi with its packaged core dictionary (Japanese has no spaces)."""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

from poise.text.tokens import Kind, Token

_lock = threading.Lock()


@cache
def _tokenizer() -> Any:
    from sudachipy import Dictionary

    with _lock:
        return Dictionary(dict="core").tokenizer()


def words(text: str, offset: int = 0) -> list[Token]:
    """The content words of ``text`` (punctuation and spaces left out), shifted by ``offset``."""
    from sudachipy import SplitMode

    found = []
    for morpheme in _tokenizer().tokenize(text, SplitMode.C):
        tag = morpheme.part_of_speech()[0]
        surface = morpheme.surface()
        if tag in ("補助記号", "空白") or not surface.strip():
            continue
        found.append(Token(surface, morpheme.begin() + offset, morpheme.end() + offset, Kind.WORD))
    return found


def split_words(text: str) -> list[str]:
    """``text`` cut into its shortest meaningful units, for reading a hashtag."""
    from sudachipy import SplitMode

    return [m.surface() for m in _tokenizer().tokenize(text, SplitMode.A) if m.surface().strip()]


def warm() -> None:
    """Load the dictionary now rather than on the first Japanese post."""
    _tokenizer()
