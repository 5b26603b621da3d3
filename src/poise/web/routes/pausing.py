"""Pausing and resuming a workspace's publishing (admins and owners; others read the pages).

Resuming is a decision made on what would go out: the resume page lists every post due now or
in the next day, each reviewed again in today's world, with a box to tick for each one to let
out. What is not ticked is held, with the reason, when the rest resumes.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from poise.domain import Action
from poise.networks import limits as network_limits
from poise.networks import names as network_names
from poise.services import pausing
from poise.services.errors import Conflict, Forbidden, Invalid, ServiceError
from poise.web.deps import Here, database, here
from poise.web.routes.composer import content_of, excerpt, shown_findings
from poise.web.security import check_csrf
from poise.web.templating import render

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

CHOICES = frozenset({"all", "checked", "keep"})
NOTICES = frozenset({"paused", "resumed", "kept"})


@router.get("/w/{slug}/pause")
def pause_page(request: Request, slug: str, done: str = "") -> Response:
    return _pause_page(request, here(request, slug), notice=done if done in NOTICES else None)


@router.post("/w/{slug}/pause")
def pause(request: Request, slug: str, reason: Annotated[str, Form()] = "") -> Response:
    where = here(request, slug)
    try:
        with database(request).transaction() as s:
            pausing.pause(s, where.workspace.id, where.actor, reason)
    except ServiceError as error:
        return _pause_page(request, where, error=error, reason=reason)
    return RedirectResponse(f"/w/{where.workspace.slug}/pause?done=paused", status_code=303)


@router.get("/w/{slug}/resume")
def resume_page(request: Request, slug: str) -> Response:
    return _resume_page(request, here(request, slug))


@router.post("/w/{slug}/resume")
def resume(
    request: Request,
    slug: str,
    choice: Annotated[str, Form()] = "",
    go: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """``choice``: ``all`` lets everything out, ``checked`` lets out the ticked posts (``go``)
    and holds the rest, ``keep`` changes nothing."""
    where = here(request, slug)
    ticked = {int(value) for value in go or () if value.isdigit()}
    if choice == "keep":
        return _back(where, "pause", "kept")
    try:
        if choice not in CHOICES:
            raise Invalid(
                "choose to resume all, resume the ticked posts, or keep holding", "choice"
            )
        _resume(request, where, None if choice == "all" else ticked)
    except ServiceError as error:
        return _resume_page(request, where, error=error, ticked=ticked)
    return _back(where, "pause", "resumed")


def _resume(request: Request, where: Here, ticked: set[int] | None) -> int:
    """Lift the pause, holding what would go out but is not in ``ticked`` (``None``: hold
    nothing). What would go out is read again here, so a post planned since the page was
    shown is held unless it was ticked."""
    with database(request).transaction() as s:
        keep: set[int] = set()
        if ticked is not None:
            waiting = pausing.pending(s, where.workspace.id, where.actor)
            keep = {item.draft.id for item in waiting} - ticked
        return pausing.resume(s, where.workspace.id, where.actor, keep)


def _pause_page(
    request: Request,
    where: Here,
    *,
    notice: str | None = None,
    error: ServiceError | None = None,
    reason: str = "",
) -> Response:
    context = {
        "here": where,
        "active": "pause",
        "may_pause": where.actor.can(Action.PAUSE_PUBLISHING),
        "notice": notice,
        "error": error,
        "reason": reason,
    }
    return render(request, "pause.html", context, status_code=_status(error))


def _resume_page(
    request: Request,
    where: Here,
    *,
    error: ServiceError | None = None,
    ticked: set[int] | None = None,
) -> Response:
    with database(request).reading() as s:
        waiting = pausing.pending(s, where.workspace.id, where.actor)
    items: list[dict[str, Any]] = []
    for item in waiting:
        content = content_of(item.draft)
        findings = [
            {**finding, "excerpt": excerpt(content, finding)}
            for finding in shown_findings(item.review.findings)
        ]
        go = item.draft.id in ticked if ticked is not None else item.review.verdict.value == "pass"
        items.append({"pending": item, "findings": findings, "go": go})
    context = {
        "here": where,
        "active": "pause",
        "items": items,
        "may_resume": where.actor.can(Action.PAUSE_PUBLISHING),
        "network_names": {name: network_limits(name).name for name in network_names()},
        "error": error,
    }
    return render(request, "resume.html", context, status_code=_status(error))


def _status(error: ServiceError | None) -> int:
    if error is None:
        return 200
    if isinstance(error, Forbidden):
        return 403
    return 409 if isinstance(error, Conflict) else 422


def _back(where: Here, page: str, notice: str) -> Response:
    return RedirectResponse(f"/w/{where.workspace.slug}/{page}?done={notice}", status_code=303)
