"""The drafts of a workspace: the list (filters, search, counts per verdict, older pages) and
deleting a draft, after a confirmation page."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from urllib.parse import urlencode

import regex
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from poise.domain import Action, Actor
from poise.domain.posts import PostState
from poise.review import Verdict
from poise.services import drafts, workspaces
from poise.services.drafts import DraftFilter, DraftView
from poise.services.errors import Forbidden, Invalid
from poise.text.languages import supported as supported_languages
from poise.web import i18n
from poise.web.deps import database, here
from poise.web.security import check_csrf
from poise.web.templating import render

router = APIRouter(dependencies=[Depends(check_csrf)])

FIRST_LINE = 120  # graphemes of a draft's first line shown in the list
_GRAPHEMES = regex.compile(r"\X")


@dataclass(frozen=True, slots=True)
class ListQuery:
    """The list's filters as they appear in its address (empty: not filtered)."""

    verdict: str = ""
    author: str = ""
    language: str = ""
    account: str = ""
    q: str = ""
    state: str = ""

    @property
    def active(self) -> bool:
        return any(asdict(self).values())

    def filters(self) -> DraftFilter:
        return DraftFilter(
            verdict=self.verdict or None,
            author_id=_number(self.author, "author"),
            language=self.language or None,
            account_id=_number(self.account, "account"),
            search=self.q or None,
            state=_state(self.state),
        )

    def address(self, **changes: str) -> str:
        """This list's query string with ``changes``, leaving out empty values."""
        values = {**asdict(self), **changes}
        return urlencode({key: value for key, value in values.items() if value})


@router.get("/w/{slug}/drafts", include_in_schema=False)
def drafts_page(
    request: Request,
    slug: str,
    verdict: str = "",
    author: str = "",
    language: str = "",
    account: str = "",
    q: str = "",
    cursor: str = "",
    deleted: str = "",
    state: str = "",
) -> Response:
    """The drafts, newest change first, a page at a time."""
    where = here(request, slug)
    query = ListQuery(verdict, author, language, account, q.strip(), state)
    workspace_id = where.workspace.id
    with database(request).reading() as s:
        page = drafts.list_drafts(s, workspace_id, where.actor, query.filters(), cursor=cursor)
        counts = drafts.count_by_verdict(s, workspace_id, where.actor)
        members = workspaces.list_members(s, workspace_id, where.actor)
        accounts = workspaces.list_accounts(s, workspace_id, where.actor)
    context = {
        "here": where,
        "active": "drafts",
        "query": query,
        "page": page,
        "rows": [(draft, first_line(draft.text)) for draft in page.drafts],
        "counts": counts,
        "total": sum(counts.values()),
        "verdicts": [v.value for v in Verdict],
        "states": [s.value for s in PostState],
        "authors": {m.user_id: m.display_name for m in members},
        "accounts": {a.id: a for a in accounts},
        "languages": [(code, i18n.language_name(code)) for code in supported_languages()],
        "language_names": {code: i18n.language_name(code) for code in supported_languages()},
        "write_drafts": Action.WRITE_DRAFTS,
        "cursor": cursor,
        "deleted": bool(deleted),
    }
    return render(request, "drafts.html", context)


@router.get("/w/{slug}/drafts/{draft_id}/delete", include_in_schema=False)
def confirm_delete(request: Request, slug: str, draft_id: int) -> Response:
    """Ask before deleting: deleting cannot be undone."""
    where = here(request, slug)
    with database(request).reading() as s:
        view = drafts.get_draft(s, where.workspace.id, where.actor, draft_id)
    _require_editable(where.actor, view)
    context = {"here": where, "active": "drafts", "draft": view, "line": first_line(view.text)}
    return render(request, "drafts_delete.html", context)


@router.post("/w/{slug}/drafts/{draft_id}/delete", include_in_schema=False)
def delete_draft(request: Request, slug: str, draft_id: int) -> Response:
    where = here(request, slug)
    with database(request).transaction() as s:
        drafts.delete_draft(s, where.workspace.id, where.actor, draft_id)
    return RedirectResponse(f"/w/{where.workspace.slug}/drafts?deleted=1", status_code=303)


def first_line(text: str, limit: int = FIRST_LINE) -> str:
    """The first non-blank line of ``text``, cut after ``limit`` graphemes (never inside an
    emoji or a letter with its marks)."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(line) <= limit:
        return line
    pieces = _GRAPHEMES.findall(line)
    return line if len(pieces) <= limit else "".join(pieces[:limit]).rstrip() + "…"


def _require_editable(actor: Actor, view: DraftView) -> None:
    if not drafts.may_edit(actor, view):
        raise Forbidden("this role cannot delete this draft")


def _state(value: str) -> str | None:
    if not value:
        return None
    if value not in {state.value for state in PostState}:
        names = ", ".join(state.value for state in PostState)
        raise Invalid(
            "{value!r} is not a state of a post; use one of {names}",
            "state",
            value=value,
            names=names,
        )
    return value


def _number(value: str, field: str) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise Invalid("{name}: {value!r} is not a number", field, name=field, value=value) from None
