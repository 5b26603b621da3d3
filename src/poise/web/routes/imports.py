"""Scheduling posts in bulk from a CSV file (``poise.services.imports``): the form, then the
result, or every problem by its line when nothing was imported."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import Response

from poise.domain import Action
from poise.services import imports
from poise.services.access import require
from poise.web.deps import Here, database, here
from poise.web.security import check_csrf
from poise.web.templating import locale_of, render

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)


@router.get("/w/{slug}/import")
def import_page(request: Request, slug: str) -> Response:
    place = here(request, slug)
    return _page(request, place)


@router.post("/w/{slug}/import")
def import_file(
    request: Request, slug: str, file: Annotated[UploadFile | None, File()] = None
) -> Response:
    place = here(request, slug)
    require(place.actor, place.workspace.id, Action.WRITE_DRAFTS)
    # One byte more than allowed is enough to know the file is too large.
    data = file.file.read(imports.MAX_BYTES + 1) if file is not None else b""
    try:
        result = imports.import_schedule(
            database(request), place.workspace.id, place.actor, data, locale_of(request)
        )
    except imports.ImportRefused as refused:
        return _page(request, place, problems=refused.problems, status_code=422)
    return _page(request, place, result=result)


def _page(
    request: Request,
    place: Here,
    *,
    result: imports.ImportResult | None = None,
    problems: tuple[imports.Problem, ...] = (),
    status_code: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "here": place,
        "active": "import",
        "result": result,
        "problems": problems,
        "may_import": place.actor.can(Action.WRITE_DRAFTS),
        "max_rows": imports.MAX_ROWS,
        "max_mb": imports.MAX_BYTES // 2**20,
    }
    return render(request, "import.html", context, status_code=status_code)
