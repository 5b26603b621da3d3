"""The audit trail of a workspace (admins and owners): who changed what, when, from where."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from poise.services import audit, auth
from poise.services.audit import AuditEntry
from poise.web.deps import database, here
from poise.web.templating import render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50


@router.get("/w/{slug}/audit")
def audit_page(request: Request, slug: str, before_id: int | None = None) -> Response:
    """The newest events first, ``PAGE_SIZE`` at a time; ``before_id`` pages back."""
    place = here(request, slug)
    workspace_id, actor = place.workspace.id, place.actor
    with database(request).reading() as s:
        found = audit.list_audit(s, workspace_id, actor, PAGE_SIZE + 1, before_id)
        entries = found[:PAGE_SIZE]
        people = auth.display_names(s, _people(entries))
        tokens = {token.id: token.name for token in auth.list_api_tokens(s, workspace_id, actor)}
    context: dict[str, Any] = {
        "here": place,
        "active": "audit",
        "entries": entries,
        "people": people,
        "tokens": tokens,
        "older": entries[-1].id if len(found) > PAGE_SIZE else None,
        "paged": before_id is not None,
    }
    return render(request, "audit.html", context)


def _people(entries: list[AuditEntry]) -> set[int]:
    """Everyone an entry names: who acted, and the member an action was about."""
    ids = {e.actor_user_id for e in entries if e.actor_user_id is not None}
    subjects = (e.subject_id for e in entries if e.subject_type == "user")
    return ids | {int(subject) for subject in subjects if subject and subject.isdigit()}
