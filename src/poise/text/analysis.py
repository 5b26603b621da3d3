"""One pass over a post that every review check reads: language, tokens, hashtags, matches."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

import regex

from poise.text import japanese
from poise.text.dictionary import frequency
from poise.text.languages import Detection, detect
from poise.text.lexicon import Entry, Severity, common
from poise.text.matcher import (
    WORKSPACE_TERMS,
    Match,
    Matcher,
    char_pieces,
    char_variants,
    matcher,
    normalized_pieces,
    variants,
    word_pieces,
)
from poise.text.normalize import display_normalize, fold_plain
from poise.text.profiles import profile
from poise.text.segment import camel_split, is_camel_case, viterbi
from poise.text.tokens import Kind, Token, tokenize

FALLBACK_LANGUAGE = "en"
_LATIN = regex.compile(r"\p{Latin}+")


@dataclass(frozen=True, slots=True)
class Hashtag:
    """A hashtag and the words it reads as (``marked``: the author showed the breaks)."""

    token: Token
    words: tuple[str, ...]
    marked: bool


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the text layer found in one piece of text."""

    text: str
    language: str
    detection: Detection
    tokens: tuple[Token, ...]
    words: tuple[Token, ...]
    hashtags: tuple[Hashtag, ...]
    matches: tuple[Match, ...] = field(repr=False)

    def of(self, lexicon: str, *categories: str) -> list[Match]:
        """Matches from ``lexicon`` (restricted to ``categories`` when given)."""
        return [
            m
            for m in self.matches
            if m.entry.lexicon == lexicon and (not categories or m.entry.category in categories)
        ]

    def has(self, lexicon: str, *categories: str) -> bool:
        """Whether anything from ``lexicon`` (and ``categories``) is in the text."""
        return bool(self.of(lexicon, *categories))

    def of_kind(self, kind: Kind) -> list[Token]:
        """Tokens of one kind."""
        return [token for token in self.tokens if token.kind is kind]


def analyze(
    text: str, language: str | None = None, languages: Sequence[str] | None = None
) -> Analysis:
    """Read ``text``; ``language`` when known, else detected among ``languages``."""
    text = display_normalize(text)
    detection = detect(text, languages) if language is None else Detection(language, 1.0)
    lang = detection.language or FALLBACK_LANGUAGE
    tokens = tuple(tokenize(text))
    hashtags = tuple(_hashtag(token, lang) for token in tokens if token.kind is Kind.HASHTAG)
    words = _words(text, tokens, lang)
    matches = _dedupe(_without_exceptions(list(_matches(text, tokens, hashtags, lang))))
    return Analysis(text, lang, detection, tokens, words, hashtags, tuple(matches))


def _words(text: str, tokens: Sequence[Token], language: str) -> tuple[Token, ...]:
    if profile(language).tokenizer == "sudachi":
        return tuple(japanese.words(text))
    return tuple(token for token in tokens if token.kind is Kind.WORD)


def _hashtag(token: Token, language: str) -> Hashtag:
    body = token.body
    if is_camel_case(body):
        return Hashtag(token, tuple(part.casefold() for part in camel_split(body)), True)
    folded = fold_plain(body)
    if not _LATIN.fullmatch(folded):
        if profile(language).tokenizer == "sudachi":
            words = (fold_plain(word) for word in japanese.split_words(body))
            return Hashtag(token, tuple(words), False)
        return Hashtag(token, (folded,), False)
    counts, total = frequency(latin_reader(language))
    if not counts:
        return Hashtag(token, (folded,), False)
    return Hashtag(token, tuple(viterbi(folded, counts, total)), False)


def latin_reader(language: str) -> str:
    """The language whose dictionary reads a Latin-script hashtag in a post in ``language``:
    its own when it is written in Latin script, English otherwise (#sale in an Arabic post)."""
    return language if "Latin" in profile(language).scripts else FALLBACK_LANGUAGE


def _matches(
    text: str, tokens: Sequence[Token], hashtags: Sequence[Hashtag], language: str
) -> Iterable[Match]:
    readers = [language] if language == FALLBACK_LANGUAGE else [language, FALLBACK_LANGUAGE]
    readings = [h.words for h in hashtags]
    for code in readers:
        yield from _scan(text, tokens, readings, matcher(code))
    yield from _emoji(tokens)
    yield from _listed_hashtags(tokens)


def _scan(
    text: str, tokens: Sequence[Token], readings: Sequence[Sequence[str]], lexicon: Matcher
) -> Iterable[Match]:
    if lexicon.language.boundaries == "none":
        chars = char_pieces(text, tokens)
        yield from lexicon.scan(chars, text)
        for other in char_variants(chars):
            yield from lexicon.scan(other, text)
        if lexicon.language.tokenizer == "sudachi":
            forms = [(m.normalized, m.start, m.end) for m in japanese.morphemes(text)]
            yield from lexicon.scan(normalized_pieces(forms), text, normalized=True)
        return
    pieces = word_pieces(tokens, readings, lexicon.language, lexicon)
    yield from lexicon.scan(pieces, text)
    for other in variants(pieces):
        yield from lexicon.scan(other, text)


@cache
def _emoji_table() -> dict[str, list[Entry]]:
    table: dict[str, list[Entry]] = {}
    for row in common("emoji"):
        table.setdefault(row.key.replace("\ufe0f", ""), []).append(row.entry)
    return table


def _emoji(tokens: Sequence[Token]) -> Iterable[Match]:
    table = _emoji_table()
    for token in tokens:
        if token.kind is Kind.EMOJI:
            for entry in table.get(token.text.replace("\ufe0f", ""), ()):
                yield Match(entry, token.start, token.end, token.text)


@cache
def _hashtag_table() -> tuple[dict[str, list[Entry]], list[tuple[str, Entry]]]:
    exact: dict[str, list[Entry]] = {}
    prefixes: list[tuple[str, Entry]] = []
    for row in common("hashtags"):
        key = fold_plain(row.key.lstrip("#"))
        if key.endswith("*"):
            prefixes.append((key.rstrip("*"), row.entry))
        else:
            exact.setdefault(key, []).append(row.entry)
    return exact, prefixes


def _listed_hashtags(tokens: Sequence[Token]) -> Iterable[Match]:
    exact, prefixes = _hashtag_table()
    for token in tokens:
        if token.kind is not Kind.HASHTAG:
            continue
        body = fold_plain(token.body)
        found = list(exact.get(body, ()))
        found += [entry for prefix, entry in prefixes if body.startswith(prefix) and body != prefix]
        for entry in found:
            yield Match(entry, token.start, token.end, token.text)


# A lexicon entry of this category is an exception: where it matches, that lexicon's other
# matches inside it are not meant ("spoiler alert" is no alarm, "cum laude" no profanity).
EXCEPTION = "-"


def _without_exceptions(matches: list[Match]) -> list[Match]:
    exceptions = [m for m in matches if m.entry.category == EXCEPTION]
    if not exceptions:
        return matches
    return [
        m
        for m in matches
        if m.entry.category != EXCEPTION
        and not any(
            e.entry.lexicon == m.entry.lexicon and e.start <= m.start and m.end <= e.end
            for e in exceptions
        )
    ]


def _dedupe(matches: Iterable[Match]) -> list[Match]:
    seen: set[tuple[str, str, str, int, int]] = set()
    unique = []
    for match in matches:
        key = (match.entry.lexicon, match.entry.category, match.entry.term, match.start, match.end)
        if key not in seen:
            seen.add(key)
            unique.append(match)
    return sorted(unique, key=lambda m: (m.start, m.end))


def warm(languages: Sequence[str]) -> None:
    """Build every matcher and load every dictionary now, so the first post is fast."""
    for code in languages:
        matcher(code)
        frequency(latin_reader(code))
        if profile(code).tokenizer == "sudachi":
            japanese.warm()
    matcher(FALLBACK_LANGUAGE)
    frequency(FALLBACK_LANGUAGE)
    _emoji_table()
    _hashtag_table()


def find_terms(analysis: Analysis, terms: Sequence[str]) -> list[tuple[str, Match]]:
    """Where any of ``terms`` (written naturally, in any supported language) occur in the text,
    read the way lexicons are: folded, obfuscation-tolerant, whole words in spaced languages."""
    found: list[tuple[str, Match]] = []
    if not terms:
        return found
    readings = [h.words for h in analysis.hashtags]
    readers = {analysis.language, FALLBACK_LANGUAGE}
    for code in sorted(readers):
        ad_hoc = _ad_hoc_matcher(code, tuple(terms))
        for match in _scan(analysis.text, analysis.tokens, readings, ad_hoc):
            found.append((match.entry.term, match))
    unique = {(term, m.start, m.end): (term, m) for term, m in found}
    return sorted(unique.values(), key=lambda item: (item[1].start, item[1].end))


@lru_cache(maxsize=256)
def _ad_hoc_matcher(language: str, terms: tuple[str, ...]) -> Matcher:
    entries = [
        Entry(WORKSPACE_TERMS, "term", Severity.INFO, term, "", "", language)
        for term in terms
        if term.strip()
    ]
    return Matcher(profile(language), entries)
