"""What every network folder provides, and the ways networks count a post's length.

Each network lives in ``poise/networks/<name>/`` with the same files; ``limits.py`` holds a
``LIMITS`` object. Length is counted the way the network counts it, in *units*: each unit is a
piece of the text and its weight, so the same walk gives the length and the place where the
post stops fitting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex

from poise.text import Kind, tokenize

Unit = tuple[int, int]  # (start index in the text, weight)
_GRAPHEME = regex.compile(r"\X")
_EMOJI = regex.compile(r"\p{Extended_Pictographic}")
LINK_LENGTH = 23  # Mastodon and X count every link as this many characters


@dataclass(frozen=True, slots=True)
class NetworkLimits:
    """A network's limits for one post."""

    network: str
    name: str
    max_length: int
    unit: str  # graphemes, characters or weighted (a key of the catalogs' [terms.unit])
    max_media: int
    units: Callable[[str], list[Unit]]
    max_links: int | None = None

    def length(self, text: str) -> int:
        """The post's length as the network counts it."""
        return sum(weight for _, weight in self.units(text))

    def overflow_at(self, text: str) -> int | None:
        """Where the text stops fitting (``None`` when it fits)."""
        total = 0
        for start, weight in self.units(text):
            total += weight
            if total > self.max_length:
                return start
        return None


def graphemes(text: str) -> list[Unit]:
    """One unit per user-perceived character (Bluesky)."""
    return [(m.start(), 1) for m in _GRAPHEME.finditer(text)]


def code_points(text: str) -> list[Unit]:
    """One unit per code point (LinkedIn, Threads)."""
    return [(index, 1) for index in range(len(text))]


def mastodon_units(text: str) -> list[Unit]:
    """Mastodon: code points, but every link counts 23 and a remote handle counts only its
    local part (@alice@example.social counts as @alice)."""
    return _with_tokens(text, _mastodon_token, lambda start, char: 1)


def x_units(text: str) -> list[Unit]:
    """X: weighted characters: Latin and common punctuation count 1, everything else
    (CJK, Arabic presentation forms, emoji) 2; every link counts 23."""
    return _with_tokens(text, _x_token, _x_weight)


def _mastodon_token(kind: Kind, body: str) -> int | None:
    if kind is Kind.URL:
        return LINK_LENGTH
    if kind is Kind.MENTION and body.count("@") >= 2:
        return len(body.split("@")[1]) + 1
    return None


def _x_token(kind: Kind, body: str) -> int | None:
    if kind is Kind.URL:
        return LINK_LENGTH
    if kind is Kind.EMOJI:
        return 2
    return None


def _x_weight(start: int, char: str) -> int:
    code = ord(char)
    light = code <= 4351 or 8192 <= code <= 8205 or 8208 <= code <= 8223 or 8242 <= code <= 8247
    return 1 if light else 2


def _with_tokens(
    text: str,
    token_weight: Callable[[Kind, str], int | None],
    char_weight: Callable[[int, str], int],
) -> list[Unit]:
    units: list[Unit] = []
    position = 0
    for token in tokenize(text):
        weight = token_weight(token.kind, token.text)
        if weight is None:
            continue
        units.extend((i, char_weight(i, text[i])) for i in range(position, token.start))
        units.append((token.start, weight))
        position = token.end
    units.extend((i, char_weight(i, text[i])) for i in range(position, len(text)))
    return units
