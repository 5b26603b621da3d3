"""The composer: writing a draft, saving it through review, and the live review it shows as
the author types.

Without JavaScript the composer is a plain form: saving reviews the draft and the page shows
the verdict, the findings and the text with each finding's span highlighted. With
``composer.js`` the same panel is refreshed by ``POST /w/{slug}/review`` while typing.

Spans are Python string indices (code points); the highlighting below cuts the text at those
indices before escaping it, and ``composer.js`` converts them to UTF-16 offsets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby, pairwise
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from poise.domain import Action
from poise.networks import limits as network_limits
from poise.networks import names as network_names
from poise.review import Media
from poise.review.inputs import MAX_TEXT
from poise.services import drafts, publishing, workspaces
from poise.services.drafts import DraftInput, DraftView, Length, ReviewOutcome
from poise.services.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError
from poise.services.workspaces import AccountInfo
from poise.text.languages import supported as supported_languages
from poise.web import i18n
from poise.web.deps import Here, database, here
from poise.web.security import check_csrf
from poise.web.templating import locale_of, render
from poise.web.times import local_value, parse_local

router = APIRouter(dependencies=[Depends(check_csrf)])

MEDIA_ROWS = 4
MEDIA_KINDS = ("image", "video", "gif")
_SEVERITY_RANK = {"info": 0, "warn": 1, "block": 2}


# Pages -----------------------------------------------------------------------------------------


@router.get("/w/{slug}/compose", include_in_schema=False)
def compose_page(request: Request, slug: str) -> Response:
    """A new, empty draft."""
    where = here(request, slug)
    with database(request).reading() as s:
        accounts = workspaces.list_accounts(s, where.workspace.id, where.actor)
    editable = where.actor.can(Action.WRITE_DRAFTS)
    return _composer(request, where, accounts, DraftInput(text=""), editable=editable)


@router.get("/w/{slug}/drafts/{draft_id}", include_in_schema=False)
def draft_page(request: Request, slug: str, draft_id: int, saved: str = "") -> Response:
    """A saved draft with the verdict and findings of its last review."""
    where = here(request, slug)
    with database(request).reading() as s:
        view = drafts.get_draft(s, where.workspace.id, where.actor, draft_id)
        accounts = workspaces.list_accounts(s, where.workspace.id, where.actor)
    return _composer(
        request,
        where,
        accounts,
        content_of(view),
        draft=view,
        outcome=outcome_of(view),
        editable=drafts.may_edit(where.actor, view) and view.state not in drafts.SENT_STATES,
        saved=bool(saved),
    )


@dataclass(frozen=True, slots=True)
class Plan:
    """When the author asked the post to go out: ``now``, ``at`` a local time of the
    workspace (``datetime-local``), or in the ``queue``'s next free slot; and, from an
    admin, why it should go out although review blocks it."""

    when: str
    at: str = ""
    override_reason: str = ""


@dataclass(frozen=True, slots=True)
class ComposerForm:
    """What the composer's form sent: the draft, the version it was opened at, and the plan
    when one of the publishing buttons was pressed (``None``: save only)."""

    content: DraftInput
    version: int | None
    plan: Plan | None = None


async def composer_form(request: Request) -> ComposerForm:
    """The composer's fields (read once; the CSRF check has already parsed the form)."""
    form = await request.form()
    values = {key: value for key, value in form.multi_items() if isinstance(value, str)}
    accounts = [value for value in form.getlist("account") if isinstance(value, str)]
    return ComposerForm(
        content=DraftInput(
            text=_lines(values.get("text", "")),
            language=_language(values.get("language")),
            variants=_variants(values),
            account_ids=[_number(value, "account_ids") for value in accounts],
            media=_media(values),
            reply_to=_lines(values.get("reply_to", "")).strip() or None,
        ),
        version=_number(values["version"], "version") if values.get("version") else None,
        plan=_plan(values),
    )


def _plan(values: Mapping[str, str]) -> Plan | None:
    when = values.get("publish", "")
    if not when:
        return None
    return Plan(when, values.get("at", ""), values.get("override_reason", ""))


@router.post("/w/{slug}/compose", include_in_schema=False)
def create_draft(
    request: Request, slug: str, form: Annotated[ComposerForm, Depends(composer_form)]
) -> Response:
    """Save a new draft through review, then show it."""
    return _save(request, here(request, slug), form, None)


@router.post("/w/{slug}/drafts/{draft_id}", include_in_schema=False)
def update_draft(
    request: Request,
    slug: str,
    draft_id: int,
    form: Annotated[ComposerForm, Depends(composer_form)],
) -> Response:
    """Save a change to a draft, unless someone saved it since it was opened (409)."""
    return _save(request, here(request, slug), form, draft_id)


def _save(request: Request, where: Here, form: ComposerForm, draft_id: int | None) -> Response:
    try:
        with database(request).transaction() as s:
            saved = drafts.save_draft(
                s,
                where.workspace.id,
                where.actor,
                form.content,
                draft_id=draft_id,
                expected_version=form.version,
                ui_language=locale_of(request),
            )
    except Invalid as error:
        return _refused(request, where, form, draft_id, problem=error)
    except Conflict:
        return _refused(request, where, form, draft_id, conflict=True)
    if form.plan is not None:
        return _schedule(request, where, saved, form.plan)
    target = f"/w/{where.workspace.slug}/drafts/{saved.id}?saved=1"
    return RedirectResponse(target, status_code=303)


def _schedule(request: Request, where: Here, saved: DraftView, plan: Plan) -> Response:
    """Plan the draft just saved; the post's page follows. When scheduling is refused, the
    draft stays saved and the composer says why, with the plan as it was sent."""
    try:
        with database(request).transaction() as s:
            publishing.schedule(
                s,
                where.workspace.id,
                where.actor,
                saved.id,
                _moment(s, where, plan),
                expected_version=saved.version,
                override_reason=plan.override_reason.strip() or None,
            )
    except (Invalid, Conflict, Forbidden) as error:
        return _not_scheduled(request, where, saved.id, plan, error)
    target = f"/w/{where.workspace.slug}/posts/{saved.id}?done=scheduled"
    return RedirectResponse(target, status_code=303)


def _moment(s: Session, where: Here, plan: Plan) -> datetime | None:
    if plan.when == "now":
        return None
    if plan.when == "at":
        return parse_local(plan.at, where.workspace.time_zone, "at")
    if plan.when == "queue":
        return publishing.next_slot(s, where.workspace.id)
    raise Invalid("choose to publish now, at a time, or in the queue's next slot", "when")


def _not_scheduled(
    request: Request, where: Here, draft_id: int, plan: Plan, error: ServiceError
) -> Response:
    with database(request).reading() as s:
        view = drafts.get_draft(s, where.workspace.id, where.actor, draft_id)
        accounts = workspaces.list_accounts(s, where.workspace.id, where.actor)
    status = 403 if isinstance(error, Forbidden) else 409 if isinstance(error, Conflict) else 422
    return _composer(
        request,
        where,
        accounts,
        content_of(view),
        draft=view,
        outcome=outcome_of(view),
        editable=True,
        plan_sent=plan,
        plan_problem=error,
        status_code=status,
    )


def _refused(
    request: Request,
    where: Here,
    form: ComposerForm,
    draft_id: int | None,
    *,
    problem: Invalid | None = None,
    conflict: bool = False,
) -> Response:
    """The composer again with what the author wrote, and why it was not saved. After a
    conflict the form carries the stored version, so saving again is a deliberate choice to
    replace the other person's change."""
    with database(request).reading() as s:
        accounts = workspaces.list_accounts(s, where.workspace.id, where.actor)
        current = None
        if draft_id is not None:
            current = drafts.get_draft(s, where.workspace.id, where.actor, draft_id)
    return _composer(
        request,
        where,
        accounts,
        form.content,
        draft=current,
        editable=True,
        version=current.version if conflict and current else form.version,
        problem=problem,
        conflict=current if conflict else None,
        status_code=409 if conflict else 422,
    )


def _composer(
    request: Request,
    where: Here,
    accounts: Sequence[AccountInfo],
    content: DraftInput,
    *,
    draft: DraftView | None = None,
    outcome: ReviewOutcome | None = None,
    editable: bool,
    saved: bool = False,
    version: int | None = None,
    problem: Invalid | None = None,
    conflict: DraftView | None = None,
    plan_sent: Plan | None = None,
    plan_problem: ServiceError | None = None,
    status_code: int = 200,
) -> Response:
    networks = networks_of(accounts, content.account_ids)
    findings = [
        {**finding, "excerpt": excerpt(content, finding)}
        for finding in (shown_findings(outcome.findings) if outcome else [])
    ]
    context = {
        "here": where,
        "active": "drafts" if draft else "compose",
        "draft": draft,
        "content": content,
        "version": version if version is not None else (draft.version if draft else None),
        "editable": editable,
        "can_write": where.actor.can(Action.WRITE_DRAFTS),
        "saved": saved,
        "problem": problem_text(problem, content, _translator(request)) if problem else None,
        "conflict": conflict,
        "groups": account_groups(accounts),
        "variant_networks": variant_networks(accounts),
        "network_names": {name: network_limits(name).name for name in network_names()},
        "selected": set(content.account_ids),
        "languages": [(code, i18n.language_name(code)) for code in supported_languages()],
        "media_rows": media_rows(content.media),
        "media_kinds": MEDIA_KINDS,
        "outcome": outcome,
        "findings": findings,
        "previews": previews(content, findings),
        "lengths": drafts.measure(content.text, networks, content.variants),
        "max_text": MAX_TEXT,
        "plan": plan_context(request, where, draft, outcome, plan_sent, plan_problem),
    }
    return render(request, "compose.html", context, status_code=status_code)


def plan_context(
    request: Request,
    where: Here,
    draft: DraftView | None,
    outcome: ReviewOutcome | None,
    sent: Plan | None,
    problem: ServiceError | None,
) -> dict[str, Any]:
    """What the publishing block under the editor shows: whether the post will go to the
    approvers, the queue's next free slot, whether review blocks it, and the plan sent."""
    verdict = outcome.verdict.value if outcome else "pass"
    zone = where.workspace.time_zone
    with database(request).reading() as s:
        needs_approval = publishing.needs_approval_for(
            s, where.workspace.id, where.actor.role, verdict
        )
        try:
            next_slot: datetime | None = publishing.next_slot(s, where.workspace.id)
        except Invalid:
            next_slot = None
    blocked = verdict == "block" and (draft is None or draft.override_version != draft.version)
    at = sent.at if sent else local_value(draft.scheduled_at if draft else None, zone)
    return {
        "shown": not (draft is not None and draft.state in drafts.SENT_STATES),
        "state": draft.state if draft else "draft",
        "scheduled_at": draft.scheduled_at if draft else None,
        "needs_approval": needs_approval,
        "next_slot": next_slot,
        "blocked": blocked,
        "may_override": where.actor.can(Action.OVERRIDE_REVIEW),
        "zone": zone,
        "at": at,
        "override_reason": sent.override_reason if sent else "",
        "problem": problem.message if problem else None,
        "field": problem.field if isinstance(problem, Invalid) else None,
    }


# Live review -----------------------------------------------------------------------------------


class MediaIn(BaseModel):
    kind: str = Field(default="image", max_length=20)
    alt: str | None = None


class ReviewIn(BaseModel):
    """A live review request: the draft as it stands in the composer."""

    text: str = ""
    language: str | None = None
    accounts: list[int] = Field(default_factory=list, max_length=100)
    networks: list[str] = Field(default_factory=list, max_length=20)
    media: list[MediaIn] = Field(default_factory=list, max_length=20)
    reply_to: str | None = None
    variants: dict[str, str] = Field(default_factory=dict)


@router.post("/w/{slug}/review", include_in_schema=False)
def live_review(request: Request, slug: str, body: ReviewIn) -> Response:
    """Review what is in the composer without saving it; JSON with the verdict, the findings
    in the reader's language and the length on each network."""
    content = DraftInput(
        text=body.text,
        language=_language(body.language),
        variants={k: v for k, v in body.variants.items() if v.strip()},
        account_ids=body.accounts,
        media=[Media(kind=m.kind, alt=m.alt) for m in body.media],
        reply_to=(body.reply_to or "").strip() or None,
    )
    try:
        return JSONResponse(_live(request, slug, content, body.networks))
    except ServiceError as error:
        return JSONResponse({"error": error.message}, status_code=_status(error))


def _live(
    request: Request, slug: str, content: DraftInput, networks: Sequence[str]
) -> dict[str, Any]:
    where = here(request, slug)
    with database(request).reading() as s:
        outcome = drafts.review_text(
            s, where.workspace.id, where.actor, content, ui_language=locale_of(request)
        )
        accounts = workspaces.list_accounts(s, where.workspace.id, where.actor)
    measured = networks_of(accounts, content.account_ids, extra=networks)
    return {
        "verdict": outcome.verdict.value,
        "score": outcome.score,
        "language": outcome.language,
        "findings": shown_findings(outcome.findings),
        "lengths": {
            length.network: _length_json(length)
            for length in drafts.measure(content.text, measured, content.variants)
        },
    }


def _length_json(length: Length) -> dict[str, Any]:
    return {
        "name": length.name,
        "length": length.length,
        "limit": length.limit,
        "unit": length.unit,
        "over": length.over,
    }


def _status(error: ServiceError) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, Forbidden):
        return 403
    return 422


# What the page shows ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of text and the findings whose spans cover all of it (``severity``: the
    worst of theirs; ``None`` outside every span)."""

    text: str
    severity: str | None = None
    findings: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Preview:
    """A text with its findings' spans marked: the main text, or the variant for a network."""

    variant: str | None
    pieces: tuple[Piece, ...]


def highlight(text: str, spans: Iterable[tuple[int, int, str, int]]) -> tuple[Piece, ...]:
    """``text`` cut at every span's ends; each ``(start, end, severity, number)`` span is in
    Python string indices. Spans outside the text are ignored, overlapping spans are both
    kept (the overlap carries the worse severity)."""
    valid = [span for span in spans if 0 <= span[0] < span[1] <= len(text)]
    cuts = sorted({0, len(text), *(s[0] for s in valid), *(s[1] for s in valid)})
    pieces = []
    for start, end in pairwise(cuts):
        covering = [s for s in valid if s[0] <= start and end <= s[1]]
        worst = max((s[2] for s in covering), key=_SEVERITY_RANK.__getitem__, default=None)
        pieces.append(Piece(text[start:end], worst, tuple(s[3] for s in covering)))
    return tuple(pieces)


def previews(content: DraftInput, findings: Sequence[Mapping[str, Any]]) -> tuple[Preview, ...]:
    """The main text, and each variant that has findings, with their spans marked."""
    texts: dict[str | None, str] = {None: content.text}
    texts.update((network, text) for network, text in content.variants.items())
    shown = []
    for variant, text in texts.items():
        spans = [
            (f["span"]["start"], f["span"]["end"], f["severity"], f["number"])
            for f in findings
            if f["variant"] == variant and f["span"] and f["span"]["field"] == "text"
        ]
        if variant is None or spans:
            shown.append(Preview(variant, highlight(text, spans)))
    return tuple(shown)


def shown_findings(findings: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Findings numbered for the page, without the copies a variant's review makes of
    findings about the media (the same media go with every variant)."""
    seen = set()
    shown: list[dict[str, Any]] = []
    for finding in findings:
        span = finding.get("span") or {}
        about_text = bool(span) and span.get("field") == "text"
        key = (finding["check"], finding["code"], str(span), finding["message"])
        if finding.get("variant") is not None and not about_text and key in seen:
            continue
        seen.add(key)
        shown.append({**finding, "variant": finding.get("variant"), "number": len(shown) + 1})
    return shown


def excerpt(content: DraftInput, finding: Mapping[str, Any]) -> str:
    """The words a finding points at, in the text, a variant or an alt text ("" without a
    span)."""
    span = finding.get("span")
    if not span:
        return ""
    field = span["field"]
    if field == "text":
        source = content.variants.get(finding["variant"], "") if finding.get("variant") else None
        text = content.text if source is None else source
    elif field.startswith("media[") and field.endswith("].alt"):
        index = _number(field[len("media[") : -len("].alt")], "span")
        text = content.media[index].alt or "" if index < len(content.media) else ""
    else:
        return ""
    return text[span["start"] : span["end"]]


def account_groups(accounts: Sequence[AccountInfo]) -> list[tuple[str, list[AccountInfo]]]:
    """The accounts by network, networks in alphabetical order."""
    ordered = sorted(accounts, key=lambda a: (a.network, a.handle.casefold()))
    return [(network, list(group)) for network, group in groupby(ordered, lambda a: a.network)]


def variant_networks(accounts: Sequence[AccountInfo]) -> list[tuple[str, str]]:
    """The networks of the workspace's accounts a variant can be written for, with names."""
    known = network_names()
    present = sorted({a.network for a in accounts if a.network in known})
    return [(network, network_limits(network).name) for network in present]


def networks_of(
    accounts: Sequence[AccountInfo], chosen: Iterable[int], extra: Iterable[str] = ()
) -> list[str]:
    """The networks to count the post's length on: those of the chosen accounts (and
    ``extra``), or every network Poise knows when that leaves none it knows."""
    by_id = {account.id: account.network for account in accounts}
    wanted = [by_id[i] for i in chosen if i in by_id] + [n for n in extra if n in network_names()]
    known = sorted({n for n in wanted if n in network_names()})
    return known or list(network_names())


def media_rows(media: Sequence[Media]) -> list[Media | None]:
    """The media, then empty rows up to ``MEDIA_ROWS`` (a draft given more media through
    the API shows them all, so saving it here drops none)."""
    rows: list[Media | None] = list(media)
    return rows + [None] * (MEDIA_ROWS - len(rows))


def content_of(view: DraftView) -> DraftInput:
    return DraftInput(
        text=view.text,
        language=view.language,
        variants=dict(view.variants),
        account_ids=view.account_ids,
        media=view.media,
        reply_to=view.reply_to,
    )


def outcome_of(view: DraftView) -> ReviewOutcome:
    return ReviewOutcome(view.verdict, view.score, view.review_language, view.findings)


# Reading the form ------------------------------------------------------------------------------


def _lines(value: str) -> str:
    """Browsers send a textarea's line breaks as CRLF; store and count them as one."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _language(value: str | None) -> str | None:
    return None if not value or value == "auto" else value


def _number(value: str, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise Invalid("{name}: {value!r} is not a number", field, name=field, value=value) from None


def _variants(values: Mapping[str, str]) -> dict[str, str]:
    prefix = "variant-"
    return {
        key.removeprefix(prefix): _lines(text)
        for key, text in values.items()
        if key.startswith(prefix) and text.strip()
    }


def _media(values: Mapping[str, str]) -> list[Media]:
    media = []
    for row in range(drafts.MAX_MEDIA):
        kind = values.get(f"media-{row}-kind", "")
        if kind:
            alt = values.get(f"media-{row}-alt", "").strip()
            media.append(Media(kind=kind, alt=alt or None))
    return media


def _translator(request: Request) -> Callable[[str], str]:
    return i18n.translations(locale_of(request)).gettext


def problem_text(error: Invalid, content: DraftInput, _: Callable[[str], str]) -> str:
    """Why a draft was not saved, in the reader's language."""
    field = error.field or ""
    if field == "text" and not content.text.strip():
        return _("Write something, or add media, before saving.")
    if field == "text" or field.startswith("variants") or field == "reply_to":
        return _("The text is too long: a post can have up to %(max)s characters.") % {
            "max": f"{MAX_TEXT:,}"
        }
    if field == "language":
        return _("Choose a language from the list, or Automatic.")
    if field == "account_ids":
        return _("Choose among this workspace's accounts only.")
    if field == "media":
        return _("Some media cannot be used: check the kinds and shorten long alt texts.")
    return error.message
