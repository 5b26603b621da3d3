"""Folding text to the form lexicons are matched on.

Folding is done character by character so that every folded character remembers where it came
from in the original text: findings must point at what the author wrote, not at our folded copy.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Arabic letter variants that writers use interchangeably; folding them lets one lexicon
# spelling match every way a post may write the word.
_ARABIC_VARIANTS = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    "ـ": "",  # tatweel: stretches a word visually, carries no letter
    "’": "'",  # typographic apostrophes are the same apostrophe to a reader
    "‘": "'",
    "ʼ": "'",
}
_ARABIC_INDIC_DIGITS = (
    {chr(0x0660 + i): str(i) for i in range(10)}
    | {chr(0x06F0 + i): str(i) for i in range(10)}
    | {"٪": "%", "٫": ".", "٬": ","}
)
# Characters that stand in for letters when people dodge filters (sh1t, @ss, a$$).
LEET = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "@": "a",
    "$": "s",
    "!": "i",
    "€": "e",
}
# Characters that hide a letter entirely (f*ck, f#ck).
MASKS = frozenset("*#%○●〇×✕")
_KATAKANA_START, _KATAKANA_END = 0x30A1, 0x30F6
_KATAKANA_TO_HIRAGANA = 0x60


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded string and, for each of its characters, the index of its source character."""

    text: str
    origin: tuple[int, ...]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span in the original text that folded characters ``start:end`` came from."""
        return self.origin[start], self.origin[end - 1] + 1


@lru_cache(maxsize=65536)
def fold_char(char: str) -> str:
    """Fold one character: compatibility form, no accents or Arabic diacritics, lower case,
    Arabic variants unified, katakana as hiragana. May return "" or several characters."""
    if char in _ARABIC_VARIANTS:
        return _ARABIC_VARIANTS[char]
    if char in _ARABIC_INDIC_DIGITS:
        return _ARABIC_INDIC_DIGITS[char]
    out = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.combining(part) and not _is_kana_voicing(part):
            continue
        out.append(_ARABIC_VARIANTS.get(part, part))
    folded = unicodedata.normalize("NFC", "".join(out)).casefold()
    return "".join(_hiragana(c) for c in folded)


def _is_kana_voicing(char: str) -> bool:
    # The dakuten and handakuten change a kana's sound (か → が): they are letters, not accents.
    return char in "\u3099\u309a"


def _hiragana(char: str) -> str:
    code = ord(char)
    if _KATAKANA_START <= code <= _KATAKANA_END:
        return chr(code - _KATAKANA_TO_HIRAGANA)
    return char


def fold(text: str, offset: int = 0) -> Folded:
    """Fold ``text``; origins are shifted by ``offset`` (the text's position in a larger one)."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for out in fold_char(char):
            chars.append(out)
            origin.append(index + offset)
    return Folded("".join(chars), tuple(origin))


def fold_plain(text: str) -> str:
    """Fold ``text`` when the origin of each character does not matter (lexicon terms)."""
    return "".join(fold_char(char) for char in text)


def display_normalize(text: str) -> str:
    """NFKC for display and counting: full-width Latin to half-width, half-width kana to
    full-width. Invalid surrogates are replaced so they cannot poison later steps."""
    clean = text.encode("utf-8", "replace").decode("utf-8")
    return unicodedata.normalize("NFKC", clean)
