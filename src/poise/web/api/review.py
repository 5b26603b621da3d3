"""Reviewing a text with the workspace's context, without saving it."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Request

from poise.networks import names as network_names
from poise.services import drafts
from poise.services.errors import Invalid
from poise.web.api.deps import Caller, Language
from poise.web.api.errors import api_router
from poise.web.api.models import LengthOut, ReviewIn, ReviewOut
from poise.web.deps import database

router = api_router("review")


@router.post("/review", summary="Review a text")
def review(request: Request, caller: Caller, language: Language, wanted: ReviewIn) -> ReviewOut:
    """Review the text as if it were saved now, in the workspace's context (audience, world
    events, sensitive dates, voice, rules), and count its length for each network asked for
    (a variant written for a network is counted for it). Nothing is stored. Messages are in
    the language of ``Accept-Language`` (en, fr, ar, ja)."""
    with database(request).reading() as s:
        outcome = drafts.review_text(
            s, caller.workspace_id, caller, wanted.content(), ui_language=language
        )
    measured = drafts.measure(wanted.text, _known(wanted.networks), wanted.variants)
    return ReviewOut.of(outcome, [LengthOut.of(length) for length in measured])


def _known(networks: Sequence[str]) -> Sequence[str]:
    unknown = [network for network in networks if network not in network_names()]
    if unknown:
        raise Invalid(
            f"networks: no network called {unknown[0]!r}; use {', '.join(network_names())}",
            "networks",
        )
    return networks
