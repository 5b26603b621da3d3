"""Review messages in the reader's language, from ``messages/<lang>.toml``.

Each check has a section named by its id; an issue's ``code`` names the message and
``<code>_suggestion`` its suggestion. Parameters that are themselves words to translate (a topic,
a country, a kind of day) are passed as ``Term``s and looked up in the catalog's ``[terms.*]``
tables. A message missing in a language falls back to English.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class Term:
    """A word to translate when a message is rendered: ``[terms.<group>] <key> = "..."``."""

    group: str
    key: str


@cache
def catalog(language: str) -> Mapping[str, Any]:
    """The message catalog of ``language`` (empty when Poise has none)."""
    file = resources.files("poise.review") / "messages" / f"{language}.toml"
    if not file.is_file():
        return {}
    return tomllib.loads(file.read_text("utf-8"))


def languages() -> tuple[str, ...]:
    """Languages with a message catalog."""
    folder = resources.files("poise.review") / "messages"
    return tuple(
        sorted(f.name.removesuffix(".toml") for f in folder.iterdir() if f.name.endswith(".toml"))
    )


def _lookup(language: str, section: str, key: str) -> str | None:
    for code in (language, DEFAULT_LANGUAGE):
        value = catalog(code).get(section, {}).get(key)
        if isinstance(value, str):
            return value
    return None


def term(language: str, value: Term) -> str:
    """A translated term (its key when no catalog has it)."""
    for code in (language, DEFAULT_LANGUAGE):
        group = catalog(code).get("terms", {}).get(value.group, {})
        if isinstance(group.get(value.key), str):
            return str(group[value.key])
    return value.key


def render(
    language: str, section: str, code: str, params: Mapping[str, Any]
) -> tuple[str, str | None]:
    """The message and suggestion (``None`` when the catalog has none) of an issue."""
    values = {key: term(language, v) if isinstance(v, Term) else v for key, v in params.items()}
    message = _lookup(language, section, code)
    suggestion = _lookup(language, section, f"{code}_suggestion")
    text = _fill(message, values) if message else f"{section}.{code}"
    return text, _fill(suggestion, values) if suggestion else None


def _fill(template: str, values: Mapping[str, Any]) -> str:
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError):
        # A translation with a broken placeholder still says something rather than failing
        # the whole review; the catalog test catches it before release.
        return template
