"""Drafts: listing, reading, writing and deleting them; every save is reviewed."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response

from poise.services import drafts
from poise.web.api.deps import Caller, Language
from poise.web.api.errors import api_router
from poise.web.api.models import DraftIn, DraftOut, DraftPageOut, DraftUpdate, VerdictName
from poise.web.deps import database

router = api_router("drafts")


@router.get("/drafts", summary="List drafts")
def list_drafts(
    request: Request,
    caller: Caller,
    verdict: Annotated[VerdictName | None, Query(description="Only this verdict.")] = None,
    language: Annotated[str | None, Query(description="Only this language.")] = None,
    search: Annotated[
        str | None, Query(description="Text to find, whatever its case or accents.")
    ] = None,
    cursor: Annotated[str | None, Query(description="``next_cursor`` of the last page.")] = None,
    limit: Annotated[int, Query(ge=1, le=drafts.MAX_PAGE)] = drafts.PAGE_SIZE,
) -> DraftPageOut:
    """The workspace's drafts, most recently changed first, ``limit`` at a time."""
    filters = drafts.DraftFilter(verdict=verdict, language=language, search=search)
    with database(request).reading() as s:
        page = drafts.list_drafts(
            s, caller.workspace_id, caller, filters, limit=limit, cursor=cursor
        )
    return DraftPageOut(drafts=[DraftOut.of(d) for d in page.drafts], next_cursor=page.next_cursor)


@router.post("/drafts", status_code=201, summary="Write a draft")
def create_draft(
    request: Request, response: Response, caller: Caller, language: Language, draft: DraftIn
) -> DraftOut:
    """Save a new draft and review it; its verdict and findings come back with it."""
    with database(request).transaction() as s:
        saved = drafts.save_draft(
            s, caller.workspace_id, caller, draft.content(), ui_language=language
        )
    response.headers["location"] = f"/api/v1/drafts/{saved.id}"
    return DraftOut.of(saved)


@router.get("/drafts/{draft_id}", summary="Read a draft")
def get_draft(request: Request, caller: Caller, draft_id: int) -> DraftOut:
    with database(request).reading() as s:
        return DraftOut.of(drafts.get_draft(s, caller.workspace_id, caller, draft_id))


@router.put("/drafts/{draft_id}", summary="Change a draft")
def update_draft(
    request: Request, caller: Caller, language: Language, draft_id: int, draft: DraftUpdate
) -> DraftOut:
    """Replace the draft's content and review it again. Changing someone else's draft takes
    the editor role or above."""
    with database(request).transaction() as s:
        saved = drafts.save_draft(
            s,
            caller.workspace_id,
            caller,
            draft.content(),
            draft_id=draft_id,
            expected_version=draft.version,
            ui_language=language,
        )
    return DraftOut.of(saved)


@router.delete("/drafts/{draft_id}", status_code=204, summary="Delete a draft")
def delete_draft(request: Request, caller: Caller, draft_id: int) -> Response:
    with database(request).transaction() as s:
        drafts.delete_draft(s, caller.workspace_id, caller, draft_id)
    return Response(status_code=204)
