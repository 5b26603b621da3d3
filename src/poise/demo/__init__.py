"""The demo: sample drafts in every language Poise reads, some of them risky."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from poise.review import Draft, ReviewContext
from poise.review.inputs import Request, parse_request


@dataclass(frozen=True, slots=True)
class Sample:
    """A demo draft and the situation it is written in."""

    title: str
    request: Request


def samples(ui_language: str = "en") -> list[Sample]:
    """The demo drafts, from ``drafts.jsonl`` (the ``poise check --batch`` format plus a title)."""
    text = (resources.files("poise.demo") / "drafts.jsonl").read_text("utf-8")
    defaults = Request(None, Draft(""), ReviewContext(ui_language=ui_language))
    found = []
    for line in text.splitlines():
        if line.strip():
            raw: dict[str, Any] = json.loads(line)
            found.append(Sample(str(raw.get("title", "")), parse_request(raw, defaults)))
    return found
