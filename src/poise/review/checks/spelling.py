"""Spelling: typos, with the likely word, in the languages Poise has a dictionary for.

Reads: the words of the text (not hashtags, handles, links), pyspellchecker's dictionary of the
post's language, the workspace glossary and brand names (never flagged), lexicon terms (slang
and textspeak are reported by other checks, not as typos). Proper nouns (capitalised inside a
sentence), acronyms and words with digits are left alone.
Also reads the ``misspelling`` lexicon of known misspellings (in every language, Japanese
included). Emits ``typo`` with the correction as replacement: warn for a known misspelling or a
long word close to a common one, info otherwise; info only for dictionary guesses in Arabic,
whose attached clitics defeat a plain word list.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import regex

from poise.review.base import Check, Issue, Post, ReviewContext, Severity, Span
from poise.review.registry import register
from poise.text import Token
from poise.text.dictionary import speller, suggest
from poise.text.matcher import Match
from poise.text.normalize import fold, fold_plain
from poise.text.profiles import profile

_WORD = regex.compile(r"\p{L}+(?:['’]\p{L}+)?")
_SENTENCE_END = regex.compile(r"[.!?。！？…:\n]\s*$")
_SHORTEST = 4
# A correction this common is a word the author surely meant; rarer ones may be the typo's
# own false friend, so they are only mentioned. A word this long with one letter doubled,
# dropped or swapped against a known word is a slip of the finger whatever the word's frequency
# ("électroménnager", "exeptionnelles"), unless the two differ by an ending: then the word is
# likely a form the dictionary lacks ("romande" beside "romand"). One letter changed for another
# is as often a rare word the dictionary lacks ("bordelais" beside "borderais").
_COMMON = 1000
_SURE_LENGTH = 6
_LONG = 9


# A post in a language Poise does not read (Spanish, German) is taken for the nearest one it
# does; when this many of its words are unknown, and most of them, or this share of them one
# letter away from no known word, it is not checked. A typo is most often one letter away from
# the word meant ("exeptionnelles", "atend"), so a post with a few typos is still checked.
_FOREIGN_AT = 3
_FOREIGN_SHARE = 0.3
_MOSTLY = 0.6


@register
class SpellingCheck(Check):
    id = "spelling"
    order = 110

    def run(self, post: Post, context: ReviewContext) -> Iterable[Issue]:
        known = _known_terms(post, context)
        for span, match in post.matches("misspelling"):
            if fold_plain(match.surface) not in known:
                yield _known_misspelling(span, match)
        checker = speller(post.language)
        if checker is None:
            return
        compounds = _known_compounds(post.text.text, post.language, checker)
        candidates = [
            t
            for t in post.text.words
            if _worth_checking(t, post.text.text, known, post.language)
            and not _in_known_compound(t, compounds)
        ]
        if not candidates:
            return
        unknown = checker.unknown([_key(t.text, post.language) for t in candidates])
        if _foreign(unknown, len(candidates), checker):
            return
        for token in candidates:
            key = _key(token.text, post.language)
            flagged = any(m.start <= token.start < m.end for m in post.text.of("misspelling"))
            if (
                key in unknown
                and not flagged
                and not _known_with_clitics(key, post.language, checker)
            ):
                issue = _typo(token, key, post.language, checker)
                if issue is not None:
                    yield issue


def _foreign(unknown: set[str], checked: int, checker: Any) -> bool:
    """Whether the unknown words say the post is in another language rather than full of typos."""
    if len(unknown) < _FOREIGN_AT:
        return False
    if len(unknown) >= _MOSTLY * checked:
        return True
    far = [word for word in unknown if not checker.known(checker.edit_distance_1(word))]
    return len(far) >= _FOREIGN_AT and len(far) >= _FOREIGN_SHARE * checked


def _known_terms(post: Post, context: ReviewContext) -> set[str]:
    terms = {fold_plain(word) for term in context.rules.glossary for word in term.split()}
    terms |= {fold_plain(word) for name in context.brand_names for word in name.split()}
    terms |= {fold_plain(m.surface) for m in post.text.matches if m.entry.lexicon != "misspelling"}
    return terms


def _worth_checking(token: Token, text: str, known: set[str], language: str) -> bool:
    word = token.text
    if not _WORD.fullmatch(word) or len(word) < _SHORTEST or fold_plain(word) in known:
        return False
    if word.isupper() or any(c.isupper() for c in word[1:]):
        return False
    # English contractions (that'd, y'all) are not in the word list; French elisions are
    # taken off before the lookup.
    if ("'" in word or "’" in word) and not _elided(word, language):
        return False
    # A capital inside a sentence marks a name; at the start of one it is just grammar.
    return not word[0].isupper() or _starts_sentence(text, token.start)


_COMPOUND = regex.compile(r"\p{L}+(?:-\p{L}+)+")


def _known_compounds(text: str, language: str, checker: Any) -> list[tuple[int, int]]:
    """Where the text has hyphenated words the dictionary knows ("week-end")."""
    return [
        m.span() for m in _COMPOUND.finditer(text) if checker.known([_key(m.group(), language)])
    ]


def _in_known_compound(token: Token, compounds: list[tuple[int, int]]) -> bool:
    """Whether the word is part of a known hyphenated word ("week" in "week-end")."""
    return any(start <= token.start and token.end <= end for start, end in compounds)


def _elided(word: str, language: str) -> bool:
    plain = word.lower().replace("’", "'")
    return profile(language).without_elision(plain) != plain


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start]
    return not before.strip() or bool(_SENTENCE_END.search(before))


def _key(word: str, language: str) -> str:
    return profile(language).without_elision(word.lower().replace("’", "'"))


# British and American spellings of the same word; either is right (the dictionary is
# American, the brand may be British).
_VARIANTS = (
    ("our", "or"),
    ("ours", "ors"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("isation", "ization"),
    ("yse", "yze"),
    ("tre", "ter"),
    ("tres", "ters"),
    ("ogue", "og"),
    ("ence", "ense"),
    ("lled", "led"),
    ("lling", "ling"),
    ("ller", "ler"),
)


def _variant_spelling(word: str, checker: Any) -> bool:
    """Whether ``word`` is the other side's spelling of a known word (favourite, organise)."""
    for ours, theirs in _VARIANTS:
        stem = word.removesuffix(ours)
        if stem != word and checker.known([stem + theirs]):
            return True
        if ours in word and checker.known([word.replace(ours, theirs, 1)]):
            return True
    return False


def _known_with_clitics(word: str, language: str, checker: Any) -> bool:
    """Whether the word is known once attached clitics are taken off (Arabic)."""
    spec = profile(language)
    folded_forms = {word}
    for prefix in spec.prefixes:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            folded_forms.add(word[len(prefix) :])
    for form in list(folded_forms):
        for suffix in spec.suffixes:
            if form.endswith(suffix) and len(form) - len(suffix) >= 2:
                folded_forms.add(form[: -len(suffix)])
    return bool(folded_forms - {word}) and bool(checker.known(folded_forms - {word}))


def _known_misspelling(span: Span, match: Match) -> Issue:
    replacement = _in_place(match.surface, match.entry.bare, match.entry.replacement)
    params = {"word": match.surface, "correction": replacement}
    return Issue("typo", Severity.WARN, span, match.surface, params, replacement=replacement)


def _in_place(surface: str, misspelled: str, correction: str) -> str:
    """``surface`` with its misspelled part corrected, keeping what is attached to it (the
    و of وهاذا) and its capital."""
    key = fold_plain(misspelled)
    folded = fold(surface)
    at = folded.text.find(key)
    if at < 0:
        return correction
    start, end = folded.source_span(at, at + len(key))
    if surface[start : start + 1].isupper():
        correction = correction[:1].upper() + correction[1:]
    return surface[:start] + correction + surface[end:]


def _typo(token: Token, key: str, language: str, checker: Any) -> Issue | None:
    if _variant_spelling(key, checker):
        return None
    correction = suggest(language, key)
    if not correction:
        return None
    spec = profile(language)
    common = checker.word_frequency[correction] >= _COMMON
    long = len(key) >= _LONG and _slip(key, correction, spec.inflections)
    # A capital word may be a name even at the start of a sentence ("Dewenati !", "Siobhan will").
    capital = token.text[0].isupper()
    sure = ((common and len(key) >= _SURE_LENGTH) or long) and spec.boundaries == "word"
    replacement = correction if not capital else correction.capitalize()
    return Issue(
        "typo",
        Severity.WARN if sure and not capital else Severity.INFO,
        Span(token.start, token.end),
        evidence=token.text,
        params={"word": token.text, "correction": replacement},
        replacement=replacement,
    )


def _slip(word: str, correction: str, endings: tuple[str, ...]) -> bool:
    """Whether ``word`` is ``correction`` with one letter dropped or typed twice, or two letters
    swapped, and not one of its inflections."""
    short, full = sorted((word, correction), key=len)
    if len(full) - len(short) == 1:
        if full.startswith(short) and full[len(short) :] in endings:
            return False
        # A letter dropped from the word meant, or one typed twice; a letter added elsewhere
        # is as often an ending the dictionary lacks ("meringuées" beside "meringues").
        extra = [i for i in range(len(full)) if full[:i] + full[i + 1 :] == short]
        doubled = any(i > 0 and full[i] == full[i - 1] for i in extra)
        return bool(extra) and (full == correction or doubled)
    if len(full) != len(short):
        return False
    differ = [i for i, (a, b) in enumerate(zip(word, correction, strict=True)) if a != b]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and word[differ[0]] == correction[differ[1]]
        and word[differ[1]] == correction[differ[0]]
    )
