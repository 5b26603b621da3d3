"""Language profiles: what Poise knows about reading each language, loaded from data files.

Each folder under ``poise/text/data/`` (other than ``common``) holding a ``language.toml`` is a
language Poise reads; adding a language is adding such a folder, its lexicons and a message
catalog.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable


@dataclass(frozen=True, slots=True)
class LanguageProfile:
    """How to read one language (see ``data/<code>/language.toml``)."""

    code: str
    name: str
    lingua: str
    scripts: tuple[str, ...]
    exclusive_scripts: tuple[str, ...]
    boundaries: str
    tokenizer: str
    spelling: str
    elisions: tuple[str, ...]
    kept_elisions: tuple[str, ...]
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    inflections: tuple[str, ...] = ()

    def without_elision(self, word: str) -> str:
        """``word`` (lower case, straight apostrophe) without its elided article or pronoun
        (l'alerte → alerte); unchanged when it has none."""
        for elision in self.elisions:
            if word.startswith(elision + "'") and len(word) > len(elision) + 1:
                return word[len(elision) + 1 :]
        return word

    def kept_elision(self, word: str) -> str:
        """The elision of ``word`` (lower case, straight apostrophe) that is read as a word of
        its own (``j'`` in ``j'ai``: the first person), or ``""``."""
        for elision in self.kept_elisions:
            if word.startswith(elision + "'") and len(word) > len(elision) + 1:
                return elision + "'"
        return ""


def data_dir() -> Traversable:
    """The package's text data folder."""
    return resources.files("poise.text") / "data"


@cache
def profiles() -> dict[str, LanguageProfile]:
    """Every language with a profile, by code, in the order their profiles give."""
    found: list[tuple[int, LanguageProfile]] = []
    for folder in data_dir().iterdir():
        spec = folder / "language.toml"
        if folder.is_dir() and spec.is_file():
            raw = tomllib.loads(spec.read_text("utf-8"))
            found.append((int(raw.get("order", 100)), _profile(folder.name, raw)))
    return {item.code: item for _, item in sorted(found, key=lambda pair: (pair[0], pair[1].code))}


def _profile(code: str, raw: dict[str, object]) -> LanguageProfile:
    def strings(key: str) -> tuple[str, ...]:
        value = raw.get(key, [])
        return tuple(str(item) for item in value) if isinstance(value, list) else ()

    return LanguageProfile(
        code=code,
        name=str(raw["name"]),
        lingua=str(raw["lingua"]),
        scripts=strings("scripts"),
        exclusive_scripts=strings("exclusive_scripts"),
        boundaries=str(raw.get("boundaries", "word")),
        tokenizer=str(raw.get("tokenizer", "regex")),
        spelling=str(raw.get("spelling", "")),
        elisions=strings("elisions"),
        kept_elisions=strings("kept_elisions"),
        prefixes=strings("prefixes"),
        suffixes=strings("suffixes"),
        inflections=strings("inflections"),
    )


def profile(code: str) -> LanguageProfile:
    """The profile of ``code``; raises ``KeyError`` for a language Poise does not read."""
    return profiles()[code]
