"""Reading a hashtag as words: #SusanAlbumParty, #susanalbumparty, #夏のキャンペーン.

CamelCase says where the author meant the words to break. Without it, the most probable split
under a word-frequency list is the reading most people will see first; other splits of the
same letters are what the hashtag check looks through for offensive readings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import regex

_CAMEL = regex.compile(r"\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?\p{Ll}+|\p{Lu}+|\d+|[^\W\d_]+")
_LONGEST_WORD = 18


@dataclass(frozen=True, slots=True)
class Segmentation:
    """The words of a hashtag and whether the author marked them with CamelCase or ``_``."""

    words: tuple[str, ...]
    marked: bool


def camel_split(body: str) -> list[str]:
    """Split on underscores and case changes: ``WhyIStayed`` → ``Why I Stayed``."""
    parts: list[str] = []
    for chunk in body.split("_"):
        parts.extend(_CAMEL.findall(chunk))
    return [part for part in parts if part]


def is_camel_case(body: str) -> bool:
    """True when case changes or underscores mark the words of a multi-word hashtag."""
    return "_" in body.strip("_") or len(camel_split(body)) > 1


def viterbi(text: str, frequency: Mapping[str, int], total: int) -> list[str]:
    """The most probable split of ``text`` (lower case, no spaces) into known words."""
    best: list[tuple[float, int]] = [(0.0, 0)] + [(math.inf, 0)] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - _LONGEST_WORD), end):
            cost = best[start][0] + _word_cost(text[start:end], frequency, total)
            if cost < best[end][0]:
                best[end] = (cost, start)
    words = []
    end = len(text)
    while end > 0:
        start = best[end][1]
        words.append(text[start:end])
        end = start
    return list(reversed(words))


def _word_cost(word: str, frequency: Mapping[str, int], total: int) -> float:
    count = frequency.get(word, 0)
    if count and (len(word) > 1 or word in ("a", "i")):
        return -math.log(count / total)
    # Unknown stretches cost more the longer they are, so known words are preferred but a
    # brand name still comes out as one piece.
    return 12.0 + 4.0 * len(word)
