"""Lexicons: the vocabulary review reads, as data files per language (see docs/lexicons.md)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib.resources.abc import Traversable

from poise.text.profiles import data_dir


class Severity(StrEnum):
    """How grave something is: ``info`` is worth knowing, ``warn`` needs a second opinion,
    ``block`` must be changed before it goes out."""

    INFO = "info"
    WARN = "warn"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {Severity.INFO: 0, Severity.WARN: 1, Severity.BLOCK: 2}


class LexiconError(ValueError):
    """A lexicon file that cannot be read; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One term of a lexicon."""

    lexicon: str
    category: str
    severity: Severity
    term: str
    replacement: str
    note: str
    language: str

    @property
    def open_start(self) -> bool:
        """A leading ``*``: the term may end a longer word."""
        return self.term.startswith("*")

    @property
    def open_end(self) -> bool:
        """A trailing ``*``: the term may begin a longer word."""
        return self.term.endswith("*") and len(self.term) > 1

    @property
    def bare(self) -> str:
        """The term without its wildcards."""
        return self.term.strip("*")


def parse(lines: Iterator[str], lexicon: str, language: str, source: str) -> list[Entry]:
    """Entries of a TSV lexicon; raises ``LexiconError`` naming ``source`` and the line."""
    entries = []
    for number, line in enumerate(lines, start=1):
        if _skipped(line):
            continue
        entries.append(_entry(line.rstrip("\r\n").split("\t"), lexicon, language, source, number))
    return entries


def _skipped(line: str) -> bool:
    """Blank lines and comments (``#`` then a space, or a lone ``#``) are skipped; ``#ad``
    starts a term, since hashtags are terms too."""
    stripped = line.strip()
    return (
        not stripped or stripped == "#" or stripped.startswith("# ") or stripped.startswith("#\t")
    )


def _entry(cells: list[str], lexicon: str, language: str, source: str, number: int) -> Entry:
    if len(cells) < 3 or not cells[0].strip("* "):
        raise LexiconError(
            f"{source}:{number}: expected term<TAB>category<TAB>severity[<TAB>replacement"
            f"<TAB>note], got {len(cells)} column(s)"
        )
    try:
        severity = Severity(cells[2].strip())
    except ValueError:
        raise LexiconError(
            f"{source}:{number}: severity {cells[2]!r} is not one of info, warn, block"
        ) from None
    cells += ["", ""]
    return Entry(
        lexicon=lexicon,
        category=cells[1].strip(),
        severity=severity,
        term=cells[0].strip(),
        replacement=cells[3].strip(),
        note=cells[4].strip(),
        language=language,
    )


def _read(file: Traversable, lexicon: str, language: str) -> list[Entry]:
    text = file.read_text("utf-8")
    return parse(iter(text.splitlines()), lexicon, language, f"{language}/{file.name}")


@cache
def entries(language: str) -> tuple[Entry, ...]:
    """Every lexicon entry of ``language`` (empty for a language without a folder)."""
    folder = data_dir() / language
    if not folder.is_dir():
        return ()
    found: list[Entry] = []
    for file in sorted(folder.iterdir(), key=lambda item: item.name):
        if file.name.endswith(".tsv"):
            found.extend(_read(file, file.name.removesuffix(".tsv"), language))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Tagged:
    """A row of a common table: an emoji or hashtag with the lexicon entry it stands for."""

    key: str
    entry: Entry


@cache
def common(table: str) -> tuple[Tagged, ...]:
    """Rows of ``common/<table>.tsv``: ``emoji`` (key, lexicon, category, severity, note) or
    ``hashtags`` (key, category, severity, note; the lexicon is ``hashtags``)."""
    file = data_dir() / "common" / f"{table}.tsv"
    if not file.is_file():
        return ()
    rows = []
    for number, line in enumerate(file.read_text("utf-8").splitlines(), start=1):
        if _skipped(line):
            continue
        cells = line.split("\t")
        if table == "hashtags":
            cells = [cells[0], "hashtags", *cells[1:]]
        key, lexicon, rest = cells[0].strip(), cells[1].strip() if len(cells) > 1 else "", cells[2:]
        row = [key, *rest[:2], "", rest[2] if len(rest) > 2 else ""]
        entry = _entry(row, lexicon, "*", f"common/{table}.tsv", number)
        rows.append(Tagged(key, entry))
    return tuple(rows)
