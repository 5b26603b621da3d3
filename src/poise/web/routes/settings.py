"""A workspace's settings: its name, time zone, audience and rules, the voice learnt from its
past posts, and its social accounts. Every member may read them; what each may change follows
the permission table (settings and accounts: admins and owners; voice: also editors)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any
from zoneinfo import available_timezones

from babel import Locale
from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from poise.domain import Action
from poise.domain.posts import ApprovalPolicy
from poise.services import posts, publishing, queue, voice, workspaces
from poise.services.errors import Conflict, Invalid, ServiceError
from poise.services.workspaces import WorkspaceInfo
from poise.text.languages import supported
from poise.web.deps import Here, database, here
from poise.web.security import check_csrf
from poise.web.templating import locale_of, render

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

SAMPLE_SIZE = 10
# A CSV export of a brand's posts is a few megabytes at most; more is not a post export.
MAX_UPLOAD = 10 * 1024 * 1024
NOTICES = frozenset(
    {"saved", "cleared", "account_added", "account_removed", "approvals_saved", "queue_saved"}
)


@dataclass(frozen=True, slots=True)
class SettingsForm:
    """The values the settings form shows: the stored ones, or what was just sent."""

    name: str
    time_zone: str
    audience_countries: tuple[str, ...]
    audience_languages: tuple[str, ...]
    banned_words: str
    glossary: str
    disclosure_required: bool

    @classmethod
    def of(cls, workspace: WorkspaceInfo) -> SettingsForm:
        return cls(
            name=workspace.name,
            time_zone=workspace.time_zone,
            audience_countries=workspace.audience_countries,
            audience_languages=workspace.audience_languages,
            banned_words="\n".join(workspace.banned_words),
            glossary="\n".join(workspace.glossary),
            disclosure_required=workspace.disclosure_required,
        )


@router.get("/w/{slug}/settings")
def settings_page(
    request: Request,
    slug: str,
    done: str | None = None,
    imported: int | None = None,
    duplicates: int = 0,
    blank: int = 0,
) -> Response:
    place = here(request, slug)
    result = None if imported is None else voice.ImportResult(imported, blank, duplicates)
    notice = done if done in NOTICES else None
    return _page(request, place, notice=notice, imported=result)


@router.post("/w/{slug}/settings")
def save_settings(
    request: Request,
    slug: str,
    name: Annotated[str, Form()],
    time_zone: Annotated[str, Form()],
    audience_countries: Annotated[list[str] | None, Form()] = None,
    audience_languages: Annotated[list[str] | None, Form()] = None,
    banned_words: Annotated[str, Form()] = "",
    glossary: Annotated[str, Form()] = "",
    disclosure_required: Annotated[bool, Form()] = False,
) -> Response:
    place = here(request, slug)
    sent = SettingsForm(
        name=name,
        time_zone=time_zone,
        audience_countries=tuple(audience_countries or ()),
        audience_languages=tuple(audience_languages or ()),
        banned_words=banned_words,
        glossary=glossary,
        disclosure_required=disclosure_required,
    )
    try:
        with database(request).transaction() as s:
            workspaces.update_settings(
                s,
                place.workspace.id,
                place.actor,
                name=sent.name,
                time_zone=sent.time_zone,
                audience_countries=sent.audience_countries,
                audience_languages=sent.audience_languages,
                banned_words=sent.banned_words.splitlines(),
                glossary=sent.glossary.splitlines(),
                disclosure_required=sent.disclosure_required,
            )
    except Invalid as error:
        return _page(request, place, error=error, error_in="settings", sent=sent)
    return _back(place, "saved")


@router.post("/w/{slug}/settings/voice")
def import_voice(
    request: Request,
    slug: str,
    file: Annotated[UploadFile | None, File()] = None,
    pasted: Annotated[str, Form()] = "",
    account_id: Annotated[str, Form()] = "",
) -> Response:
    """Import past posts from a CSV file or pasted text: all of them, or none when a row is
    wrong (the page then lists every problem by its line)."""
    place = here(request, slug)
    data = file.file.read(MAX_UPLOAD + 1) if file is not None else b""
    try:
        result = _import(request, place, data, pasted, _account(account_id))
    except (Invalid, Conflict) as error:
        return _page(request, place, error=error, error_in="voice")
    query = f"imported={result.imported}&duplicates={result.duplicates}&blank={result.blank}"
    return RedirectResponse(f"/w/{place.workspace.slug}/settings?{query}#voice", status_code=303)


def _import(
    request: Request, place: Here, data: bytes, pasted: str, account_id: int | None
) -> voice.ImportResult:
    if len(data) > MAX_UPLOAD:
        raise Invalid(
            "the file is larger than {megabytes} MB; export fewer posts",
            "file",
            megabytes=MAX_UPLOAD // (1024 * 1024),
        )
    if not data and not pasted.strip():
        raise Invalid("choose a CSV file, or paste posts, to import", "file")
    workspace_id, actor = place.workspace.id, place.actor
    with database(request).transaction() as s:
        if data:
            return voice.import_csv(s, workspace_id, actor, data, account_id)
        return voice.import_text(s, workspace_id, actor, pasted, account_id)


@router.post("/w/{slug}/settings/voice/clear")
def clear_voice(request: Request, slug: str) -> Response:
    place = here(request, slug)
    with database(request).transaction() as s:
        voice.clear(s, place.workspace.id, place.actor)
    return _back(place, "cleared")


@router.post("/w/{slug}/settings/approvals")
def save_approvals(
    request: Request,
    slug: str,
    policy: Annotated[str, Form()],
    approvals_required: Annotated[int, Form()] = 1,
) -> Response:
    """When posts need an approval, and how many approvers each needs."""
    place = here(request, slug)
    try:
        with database(request).transaction() as s:
            publishing.set_policy(s, place.workspace.id, place.actor, policy, approvals_required)
    except Invalid as error:
        return _page(request, place, error=error, error_in="approvals")
    return _back(place, "approvals_saved", "approvals")


@router.post("/w/{slug}/settings/queue")
def save_queue(request: Request, slug: str, slots: Annotated[str, Form()] = "") -> Response:
    """The queue's weekly time slots, one day (or range of days) per line."""
    place = here(request, slug)
    try:
        with database(request).transaction() as s:
            queue.set_slots(s, place.workspace.id, place.actor, queue.parse_slots(slots))
    except Invalid as error:
        return _page(request, place, error=error, error_in="queue", sent_slots=slots)
    return _back(place, "queue_saved", "queue")


@router.post("/w/{slug}/settings/accounts")
def add_account(
    request: Request,
    slug: str,
    network: Annotated[str, Form()],
    handle: Annotated[str, Form()],
    display_name: Annotated[str, Form()] = "",
) -> Response:
    place = here(request, slug)
    try:
        with database(request).transaction() as s:
            workspaces.create_account(
                s, place.workspace.id, place.actor, network, handle, display_name or None
            )
    except (Invalid, Conflict) as error:
        return _page(request, place, error=error, error_in="accounts")
    return _back(place, "account_added")


@router.post("/w/{slug}/settings/accounts/{account_id}/remove")
def remove_account(request: Request, slug: str, account_id: int) -> Response:
    place = here(request, slug)
    with database(request).transaction() as s:
        workspaces.remove_account(s, place.workspace.id, place.actor, account_id)
    return _back(place, "account_removed")


def _page(
    request: Request,
    place: Here,
    *,
    notice: str | None = None,
    error: ServiceError | None = None,
    error_in: str | None = None,
    sent: SettingsForm | None = None,
    imported: voice.ImportResult | None = None,
    sent_slots: str | None = None,
) -> Response:
    workspace_id, actor = place.workspace.id, place.actor
    with database(request).reading() as s:
        policy, approvals_required = posts.approval_settings(s, workspace_id, actor)
        slots = queue.format_slots(queue.slots(s, workspace_id, actor))
        workspace = workspaces.get_workspace(s, workspace_id, actor)
        accounts = workspaces.list_accounts(s, workspace_id, actor)
        voice_count = voice.count_posts(s, workspace_id, actor)
        sample = voice.list_posts(s, workspace_id, actor, limit=SAMPLE_SIZE)
    locale = locale_of(request)
    context: dict[str, Any] = {
        "here": place,
        "active": "settings",
        "form": sent or SettingsForm.of(workspace),
        "time_zones": time_zones(),
        "countries": countries(locale),
        "languages": languages(locale),
        "networks": workspaces.account_networks(),
        "accounts": accounts,
        "voice_count": voice_count,
        "sample": sample,
        "may": _permissions(place),
        "notice": notice,
        "imported": imported,
        "error": error,
        "error_in": error_in,
        "policy": policy,
        "policies": [p.value for p in ApprovalPolicy],
        "approvals_required": approvals_required,
        "max_approvals": publishing.MAX_APPROVALS,
        "slots": slots if sent_slots is None else sent_slots,
    }
    status = 200 if error is None else 409 if isinstance(error, Conflict) else 422
    return render(request, "settings.html", context, status_code=status)


def _permissions(place: Here) -> dict[str, bool]:
    actor = place.actor
    return {
        "edit": actor.can(Action.MANAGE_WORKSPACE_SETTINGS),
        "voice": actor.can(Action.MANAGE_VOICE),
        "accounts": actor.can(Action.MANAGE_ACCOUNTS),
        "tokens": actor.can(Action.MANAGE_TOKENS),
    }


def _account(value: str) -> int | None:
    if not value.strip():
        return None
    if not value.strip().isdigit():
        raise Invalid("choose one of the workspace's accounts", "account_id")
    return int(value)


def _back(place: Here, notice: str, section: str = "") -> Response:
    anchor = f"#{section}" if section else ""
    target = f"/w/{place.workspace.slug}/settings?done={notice}{anchor}"
    return RedirectResponse(target, status_code=303)


@cache
def time_zones() -> tuple[str, ...]:
    """Every IANA time zone, by name."""
    return tuple(sorted(available_timezones()))


def country_names(locale: str) -> dict[str, str]:
    """Country names in the reader's language, by ISO code."""
    return dict(Locale.parse(locale).territories)


def countries(locale: str) -> list[tuple[str, str]]:
    """The countries Poise has a calendar for, with their names in the reader's language,
    in the order of those names."""
    names = country_names(locale)
    found = [(code, names.get(code, code)) for code in workspaces.supported_countries()]
    return sorted(found, key=lambda pair: pair[1])


def languages(locale: str) -> list[tuple[str, str]]:
    """The languages Poise reads, named in the reader's language."""
    names = Locale.parse(locale).languages
    return [(code, names.get(code, code)) for code in supported()]
