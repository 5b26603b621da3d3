"""Finding lexicon terms in a post, fast, however the author spelled them.

Each language's terms go into one Aho-Corasick automaton, so a post is scanned once whatever the
number of terms. The post is scanned as a *haystack*: its words folded (see ``normalize``) and
joined by single spaces, each word remembering its span in the original text. Obfuscations are
undone on the haystack: leetspeak and dots inside a word when folding, masked letters (f*ck) by
looking up the terms of the same shape, spaced letters (f u c k) and elongation (fuuuck) by
scanning a second haystack where they are joined or shortened.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import ahocorasick
import regex

from poise.text.lexicon import Entry, entries
from poise.text.normalize import LEET, MASKS, Folded, fold, fold_plain
from poise.text.profiles import LanguageProfile, profile
from poise.text.tokens import Kind, Token, tokenize

_ELONGATED = regex.compile(r"(\p{L})\1{2,}")
_LETTER = regex.compile(r"\p{L}")
_DOTTED = regex.compile(r"(?<=\p{L})\.(?=\p{L})")
_ASCII_WORD = regex.compile(r"[a-z0-9]")


@dataclass(frozen=True, slots=True)
class Match:
    """A lexicon entry found at ``[start, end)`` of the original text."""

    entry: Entry
    start: int
    end: int
    surface: str


@dataclass(frozen=True, slots=True)
class Piece:
    """One word of a haystack: its folded form and the span of what it came from."""

    folded: str
    start: int
    end: int


# Posts and lexicons repeat the same words: each is cut once.
@lru_cache(maxsize=1 << 16)
def skeleton(word: str, language: LanguageProfile) -> str:
    """The folded form of one written word, with elisions, leetspeak and dots undone.
    A percentage reads as ``%`` (``-%`` for a markdown such as -20 %), an amount of money as
    ``¤``: lexicons speak of prices, not of particular numbers."""
    folded = fold_plain(word)
    amount = _amount(folded)
    if amount:
        return amount
    folded = language.without_elision(folded)
    if _LETTER.search(folded) and any(char in LEET for char in folded):
        folded = "".join(LEET.get(char, char) for char in folded)
    undotted: str = _DOTTED.sub("", folded)
    return undotted


_PERCENT = regex.compile(r"^([-−]?)[\d.,]+\s?%$")
_MONEY = regex.compile(r"^[$€£¥]\s?[\d.,]+$|^[\d.,]+\s?[$€£¥]$")


def _amount(folded: str) -> str:
    percent = _PERCENT.match(folded)
    if percent:
        return "-%" if percent.group(1) else "%"
    return "¤" if _MONEY.match(folded) else ""


def term_key(term: str, language: LanguageProfile) -> str:
    """The haystack form of a lexicon term, cut and folded exactly as a post would be."""
    if language.boundaries == "none":
        return fold_plain(term)
    if fold_plain(term) in {elision + "'" for elision in language.kept_elisions}:
        return fold_plain(term)  # a kept elision listed on its own (j'), as the haystack has it
    if term.isalpha():  # most terms: one plain word, cut as itself (and much faster so)
        return skeleton(term, language)
    # In a term, a bare % or ¤ stands for any percentage or amount: give it a number so it is
    # cut like one.
    term = _BARE_PERCENT.sub(r"\g<1>0%", term).replace("¤", "$0")
    return " ".join(_token_key(token, language) for token in tokenize(term))


_BARE_PERCENT = regex.compile(r"(?<![\d.,])([-−]?)%")


def _token_key(token: Token, language: LanguageProfile) -> str:
    # A hashtag term (#ad) matches only the hashtag, never the bare word.
    if token.kind is Kind.HASHTAG:
        return "#" + skeleton(token.body, language)
    if token.kind is Kind.EMOTICON:
        return token.text.casefold()
    kept = language.kept_elision(fold_plain(token.text))
    return " ".join(filter(None, (kept, skeleton(token.text, language))))


class Matcher:
    """All terms of one language, ready to scan haystacks."""

    def __init__(self, language: LanguageProfile, terms: Iterable[Entry]) -> None:
        self.language = language
        self._automaton: Any = ahocorasick.Automaton()
        grouped: dict[str, list[Entry]] = defaultdict(list)
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for entry in terms:
            key = term_key(entry.bare, language)
            if key:
                grouped[key].append(entry)
        if language.boundaries == "none":
            _add_masked_forms(grouped)
        if language.boundaries == "clitic":
            _add_bound_forms(grouped)
        for key, group in grouped.items():
            self._automaton.add_word(key, (key, tuple(group)))
            if " " not in key:
                self._by_length[len(key)].append(key)
        if grouped:
            self._automaton.make_automaton()
        self._empty = not grouped
        self._normalized = _normalized_automaton(language, grouped)

    def unmask(self, word: str) -> str:
        """A masked word (f*ck, sh#t) read as the term of the same shape, if there is one."""
        if not any(char in MASKS for char in word) or not _LETTER.search(word):
            return word
        pattern = regex.compile(
            "".join("." if char in MASKS else regex.escape(char) for char in word)
        )
        for key in self._by_length.get(len(word), ()):
            if pattern.fullmatch(key):
                return key
        return word

    def scan(self, pieces: Sequence[Piece], text: str, normalized: bool = False) -> list[Match]:
        """Every term found in the haystack made of ``pieces``; ``text`` is the original.
        With ``normalized``, the pieces are words in their dictionary form, read against the
        terms in theirs."""
        automaton = self._normalized if normalized else self._automaton
        if self._empty or not pieces or automaton is None:
            return []
        joiner = "" if self.language.boundaries == "none" else " "
        starts, hay = _join(pieces, joiner)
        found = []
        for end_index, (key, group) in automaton.iter(hay):
            start_index = end_index - len(key) + 1
            first = bisect.bisect_right(starts, start_index) - 1
            last = bisect.bisect_right(starts, end_index) - 1
            for entry in group:
                if self._fits(entry, hay, starts, pieces, start_index, end_index + 1, first, last):
                    span = self._span(pieces, starts, first, last, start_index, end_index)
                    found.append(Match(entry, span[0], span[1], text[span[0] : span[1]]))
        return found

    def _fits(
        self,
        entry: Entry,
        hay: str,
        starts: list[int],
        pieces: Sequence[Piece],
        start: int,
        end: int,
        first: int,
        last: int,
    ) -> bool:
        mode = self.language.boundaries
        if mode == "none":
            return _ascii_bounded(hay, start, end)
        head = hay[starts[first] : start]
        tail = hay[end : starts[last] + len(pieces[last].folded)]
        if mode == "clitic" and len(entry.bare) >= 3:
            return (not head or head in self.language.prefixes or entry.open_start) and (
                not tail or tail in self.language.suffixes or entry.open_end
            )
        # A workspace's own word is meant in all its forms: banning "guarantee" bans
        # "guaranteed", banning "garanti" bans "garantie".
        inflected = entry.lexicon == WORKSPACE_TERMS and tail in self.language.inflections
        return (not head or entry.open_start) and (not tail or entry.open_end or inflected)

    def _span(
        self,
        pieces: Sequence[Piece],
        starts: list[int],
        first: int,
        last: int,
        start: int,
        end: int,
    ) -> tuple[int, int]:
        if self.language.boundaries != "none":
            return pieces[first].start, pieces[last].end
        # Unspaced text: each piece is one character, so the span is exact.
        return pieces[start].start, pieces[end].end


# In unspaced text a masked letter (ク○, く*) cannot be matched by shape, since there are no
# words; instead each short swear word is also known with one of its letters masked.
_MASKABLE = ("profanity",)
_MASKED_UP_TO = 4
MASK = "*"


def _add_masked_forms(grouped: dict[str, list[Entry]]) -> None:
    for key, group in list(grouped.items()):
        maskable = [e for e in group if e.lexicon in _MASKABLE and e.category != "-"]
        if maskable and 2 <= len(key) <= _MASKED_UP_TO:
            for index in range(1, len(key)):
                grouped.setdefault(key[:index] + MASK + key[index + 1 :], []).extend(maskable)


# Arabic writes a final ة as ت once a suffix is attached (فرحة, فرحتنا); folded, ة is ه.
_OPEN_TAA, _BOUND_TAA = "ه", "ت"


def _add_bound_forms(grouped: dict[str, list[Entry]]) -> None:
    for key, group in list(grouped.items()):
        taa = [e for e in group if e.bare.endswith("ة")]
        if taa and key.endswith(_OPEN_TAA) and len(key) >= 3:
            grouped.setdefault(key[:-1] + _BOUND_TAA, []).extend(taa)


# Lexicons whose terms are mostly verbs and adjectives people conjugate (飲みすぎた, 届かなかった).
# The others are names and fixed phrases; reading them in dictionary form would only blur them:
# it corrects the very misspellings the misspelling lexicon looks for, and it folds a rude
# あんた into a polite あなた, which the hostile lexicon must tell apart.
_CONJUGATED = ("personal", "complaint")
# Categories that are about the written form itself, never read in dictionary form: a casual
# ending (っす) is the polite one (です) once normalized.
_AS_WRITTEN = ("-", "ending")


def _normalized_automaton(language: LanguageProfile, grouped: dict[str, list[Entry]]) -> Any:
    """For a language cut by a dictionary, the terms in their normalized dictionary form, for
    the terms where that form differs from the written one."""
    if language.tokenizer != "sudachi" or not grouped:
        return None
    from poise.text.japanese import normalized

    automaton: Any = ahocorasick.Automaton()
    added = 0
    for key, group in grouped.items():
        terms = [
            e
            for e in group
            if e.lexicon in _CONJUGATED and e.category not in _AS_WRITTEN and MASK not in key
        ]
        form = fold_plain(normalized(terms[0].bare)) if terms else ""
        if len(form) >= 2 and form != key:
            automaton.add_word(form, (form, tuple(terms)))
            added += 1
    if not added:
        return None
    automaton.make_automaton()
    return automaton


def _join(pieces: Sequence[Piece], joiner: str) -> tuple[list[int], str]:
    starts = []
    position = 0
    for piece in pieces:
        starts.append(position)
        position += len(piece.folded) + len(joiner)
    return starts, joiner.join(piece.folded for piece in pieces)


def _ascii_bounded(hay: str, start: int, end: int) -> bool:
    # In unspaced text a Latin term (DM, PR) must still not sit inside a longer Latin word.
    if _ASCII_WORD.match(hay[start]) and start > 0 and _ASCII_WORD.match(hay[start - 1]):
        return False
    return not (_ASCII_WORD.match(hay[end - 1]) and end < len(hay) and _ASCII_WORD.match(hay[end]))


@cache
def matcher(language: str) -> Matcher:
    """The matcher of ``language``'s lexicons, built once."""
    return Matcher(profile(language), entries(language))


# The lexicon name of a workspace's own terms (banned words, glossary), read with their
# inflections.
WORKSPACE_TERMS = "terms"

# Stands between a hashtag's words and the text around them: no term contains it, so no match
# can run from the text into a hashtag's words.
_FENCE = "\x00"


def word_pieces(
    tokens: Sequence[Token],
    hashtag_words: Sequence[Sequence[str]],
    language: LanguageProfile,
    lexicon: Matcher,
) -> list[Piece]:
    """The haystack of a spaced language: words, and each hashtag both whole and as the words
    it reads as (``hashtag_words``, one sequence per hashtag token, in order)."""
    pieces: list[Piece] = []
    readings = iter(hashtag_words)
    for token in tokens:
        if token.kind is Kind.WORD:
            # A kept elision (j'ai) is a word of its own, as it is in the terms: "j'" is the
            # first person, and "ai trop bu" still matches after it.
            kept = language.kept_elision(fold_plain(token.text))
            if kept:
                pieces.append(Piece(kept, token.start, token.start + len(kept)))
            folded = lexicon.unmask(skeleton(token.text, language))
            pieces.append(Piece(folded, token.start + len(kept), token.end))
        elif token.kind is Kind.EMOTICON:
            pieces.append(Piece(token.text.casefold(), token.start, token.end))
        elif token.kind is Kind.HASHTAG:
            pieces.append(Piece("#" + skeleton(token.body, language), token.start, token.end))
            body = Piece(skeleton(token.body, language), token.start, token.end)
            words = [Piece(skeleton(w, language), token.start, token.end) for w in next(readings)]
            fence = Piece(_FENCE, token.start, token.end)
            pieces.extend([fence, body, fence, *words, fence])
    return pieces


# In unspaced text only these stand for a hidden letter: # opens a hashtag and × joins colour
# names (ピンク×ホワイト).
_CHAR_MASKS = frozenset("*○●〇")


def normalized_pieces(morphemes: Sequence[tuple[str, int, int]]) -> list[Piece]:
    """The haystack of words in their normalized form: each character of a word's form points
    at the whole word as written."""
    return [Piece(char, start, end) for form, start, end in morphemes for char in fold_plain(form)]


def char_pieces(text: str, tokens: Sequence[Token]) -> list[Piece]:
    """The haystack of an unspaced language: every folded character, links and handles out,
    each run of spaces kept as one space so no term (masked or not) spans a gap by accident."""
    skip = [(t.start, t.end) for t in tokens if t.kind in (Kind.URL, Kind.MENTION)]
    folded: Folded = fold(text)
    pieces: list[Piece] = []
    for index, char in enumerate(folded.text):
        origin = folded.origin[index]
        if any(a <= origin < b for a, b in skip):
            continue
        if char.isspace():
            if pieces and pieces[-1].folded != " ":
                pieces.append(Piece(" ", origin, origin + 1))
            continue
        pieces.append(Piece(MASK if char in _CHAR_MASKS else char, origin, origin + 1))
    return pieces


# Unspaced emphasis: a run of small tsu or long-vowel marks (くっっっそ, すごーーーい) says the
# word louder, not another word.
_EMPHASIS = frozenset("っー")


def char_variants(pieces: list[Piece]) -> list[list[Piece]]:
    """Other readings of an unspaced haystack: emphasis runs cut to one mark, and letters
    spaced one by one (ク ソ, ば か) joined."""
    found = []
    calmed = [
        piece
        for index, piece in enumerate(pieces)
        if not (piece.folded in _EMPHASIS and index and pieces[index - 1].folded == piece.folded)
    ]
    if len(calmed) < len(pieces):
        found.append(calmed)
    joined = [
        piece
        for index, piece in enumerate(pieces)
        if not (piece.folded == " " and _lone(pieces, index - 1) and _lone(pieces, index + 1))
    ]
    if len(joined) < len(pieces):
        found.append(joined)
    return found


def _lone(pieces: list[Piece], index: int) -> bool:
    """Whether the character at ``index`` stands alone between spaces (or the text's ends)."""
    if not 0 <= index < len(pieces) or pieces[index].folded == " ":
        return False
    before = index == 0 or pieces[index - 1].folded == " "
    after = index == len(pieces) - 1 or pieces[index + 1].folded == " "
    return before and after


def variants(pieces: list[Piece]) -> list[list[Piece]]:
    """Other readings of a spaced haystack: spaced letters joined, elongation shortened."""
    found = []
    joined = _join_spaced_letters(pieces)
    if joined is not None:
        found.append(joined)
    if any(_ELONGATED.search(piece.folded) for piece in pieces):
        for repeat in (r"\1\1", r"\1"):
            found.append([_shorten(piece, repeat) for piece in pieces])
    return found


def _shorten(piece: Piece, repeat: str) -> Piece:
    return Piece(_ELONGATED.sub(repeat, piece.folded), piece.start, piece.end)


def _join_spaced_letters(pieces: list[Piece]) -> list[Piece] | None:
    out: list[Piece] = []
    run: list[Piece] = []
    changed = False
    for piece in [*pieces, Piece("", -1, -1)]:
        if len(piece.folded) == 1 and _LETTER.match(piece.folded):
            run.append(piece)
            continue
        if len(run) >= 3:
            out.append(Piece("".join(p.folded for p in run), run[0].start, run[-1].end))
            changed = True
        else:
            out.extend(run)
        run = []
        if piece.start >= 0:
            out.append(piece)
    return out if changed else None
