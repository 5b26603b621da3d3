"""Drafts: writing, reviewing, finding and deleting them.

Every save runs review (``poise.review``) with the workspace's context (``context_for``): its
audience countries and languages, the world events active now where that audience lives, the
voice learnt from its past posts, and its banned words, glossary and disclosure rule. The
verdict, score and findings are stored with the draft, so lists can filter on them.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from poise.domain import Action, Actor
from poise.networks import limits as network_limits
from poise.networks import names as network_names
from poise.review import (
    Draft,
    Media,
    Review,
    ReviewContext,
    Verdict,
    WorkspaceRules,
    default_engine,
)
from poise.review.inputs import MAX_TEXT
from poise.services import audit, clock, events, voice
from poise.services.access import require
from poise.services.errors import Conflict, Invalid, NotFound
from poise.storage import tables
from poise.storage.drafts import DraftQuery, Drafts, Position
from poise.storage.users import Users
from poise.storage.workspaces import Accounts, Workspaces
from poise.text.languages import supported as supported_languages
from poise.text.normalize import fold_plain

PAGE_SIZE = 50
MAX_PAGE = 200
MAX_SEARCH = 200
MAX_MEDIA = 10
MAX_ALT = 1500
_RANK = {Verdict.PASS: 0, Verdict.REVIEW: 1, Verdict.BLOCK: 2}
# A post in one of these states is on its way to the network, or there already.
SENT_STATES = frozenset({"publishing", "published", "unconfirmed"})


@dataclass(frozen=True, slots=True)
class DraftInput:
    """What the author wrote: the text, optionally a language, a text per network that should
    read differently (``{"x": "shorter text"}``), the accounts it is for, attachments and the
    message it answers."""

    text: str
    language: str | None = None
    variants: Mapping[str, str] = field(default_factory=dict)
    account_ids: Sequence[int] = ()
    media: Sequence[Media] = ()
    reply_to: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    """The review of a draft and its variants together: the worst verdict and score of all,
    and every finding; a finding about a variant carries ``"variant": <network>``."""

    verdict: Verdict
    score: int
    language: str
    findings: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True, slots=True)
class DraftView:
    id: int
    workspace_id: int
    author_id: int | None
    text: str
    language: str | None
    review_language: str
    variants: Mapping[str, str]
    account_ids: tuple[int, ...]
    media: tuple[Media, ...]
    reply_to: str | None
    verdict: Verdict
    score: int
    findings: tuple[Mapping[str, Any], ...]
    version: int
    created_at: datetime
    updated_at: datetime
    state: str = "draft"
    scheduled_at: datetime | None = None
    hold_reason: str | None = None
    hold_note: str | None = None
    override_reason: str | None = None
    override_version: int | None = None


@dataclass(frozen=True, slots=True)
class DraftFilter:
    """Which drafts to list; each field given narrows the list. ``search`` finds text
    regardless of case, accents and Arabic letter variants."""

    verdict: Verdict | str | None = None
    author_id: int | None = None
    language: str | None = None
    account_id: int | None = None
    search: str | None = None
    state: str | None = None  # a ``PostState`` value


@dataclass(frozen=True, slots=True)
class DraftPage:
    """A page of drafts, newest change first; pass ``next_cursor`` to get the next page
    (``None`` on the last one)."""

    drafts: tuple[DraftView, ...]
    next_cursor: str | None


# Review ----------------------------------------------------------------------------------------


def context_for(
    session: Session,
    workspace_id: int,
    *,
    account_id: int | None = None,
    at: datetime | None = None,
    ui_language: str = "en",
) -> ReviewContext:
    """The world a draft of ``workspace_id`` will be read in, at ``at`` (now by default), in
    the workspace's time zone. The voice is that of ``account_id`` when given (its own past
    posts and those imported for no account), otherwise of the whole workspace."""
    workspace = Workspaces(session).get(workspace_id)
    if workspace is None:
        raise NotFound("no such workspace")
    moment = (at or clock.now()).astimezone(ZoneInfo(workspace.time_zone))
    languages = tuple(workspace.audience_languages)
    return ReviewContext(
        at=moment,
        countries=tuple(workspace.audience_countries),
        languages=languages,
        events=events.active_world_events(session, workspace_id, moment),
        voice=voice.profile_for(session, workspace_id, account_id, languages),
        rules=WorkspaceRules(
            banned=tuple(workspace.banned_words),
            glossary=tuple(workspace.glossary),
            disclosure_required=workspace.disclosure_required,
        ),
        ui_language=ui_language,
        brand_names=(workspace.name,),
    )


def review_text(
    session: Session,
    workspace_id: int,
    actor: Actor,
    content: DraftInput,
    *,
    ui_language: str | None = None,
) -> ReviewOutcome:
    """Review what is being written without saving it (live review as the author types)."""
    require(actor, workspace_id, Action.WRITE_DRAFTS)
    checked = _check_input(session, workspace_id, content)
    return _review(session, workspace_id, checked, _ui_language(session, actor, ui_language))


def _review(
    session: Session,
    workspace_id: int,
    content: DraftInput,
    ui_language: str,
    at: datetime | None = None,
) -> ReviewOutcome:
    networks = _networks_of(session, workspace_id, content.account_ids)
    account_id = content.account_ids[0] if len(content.account_ids) == 1 else None
    context = context_for(
        session, workspace_id, account_id=account_id, at=at, ui_language=ui_language
    )
    base = Draft(
        text=content.text,
        language=content.language,
        network=networks[0] if len(networks) == 1 else None,
        media=tuple(content.media),
        reply_to=content.reply_to,
    )
    engine = default_engine()
    main = engine.review(base, context)
    variants = {
        network: engine.review(replace(base, text=text, network=network), context)
        for network, text in content.variants.items()
    }
    return _combine(main, variants)


def _combine(main: Review, variants: Mapping[str, Review]) -> ReviewOutcome:
    reviews = [main, *variants.values()]
    findings = [{**f.to_dict(), "variant": None} for f in main.findings]
    for network, result in variants.items():
        findings.extend({**f.to_dict(), "variant": network} for f in result.findings)
    return ReviewOutcome(
        verdict=max((r.verdict for r in reviews), key=_RANK.__getitem__),
        score=max(r.score for r in reviews),
        language=main.language,
        findings=tuple(findings),
    )


def _networks_of(session: Session, workspace_id: int, account_ids: Sequence[int]) -> list[str]:
    """The networks of these accounts that review knows the limits of."""
    accounts = Accounts(session, workspace_id).existing(account_ids)
    known = network_names()
    return sorted({a.network for a in accounts.values() if a.network in known})


def _ui_language(session: Session, actor: Actor, wanted: str | None) -> str:
    if wanted:
        return wanted
    user = Users(session).get(actor.user_id) if actor.user_id is not None else None
    return user.ui_language if user else "en"


@dataclass(frozen=True, slots=True)
class Length:
    """How long a post is on one network, counted the way that network counts it (``unit``:
    graphemes, characters or weighted)."""

    network: str
    name: str
    length: int
    limit: int
    unit: str

    @property
    def over(self) -> bool:
        return self.length > self.limit


def measure(
    text: str, networks: Iterable[str], variants: Mapping[str, str] | None = None
) -> tuple[Length, ...]:
    """The length of the post on each of ``networks`` whose limits Poise knows (others are
    left out), in the order given. A network with a variant written for it is measured on
    its variant, which is what it will publish."""
    known = network_names()
    lengths = []
    for network in dict.fromkeys(networks):
        if network not in known:
            continue
        rules = network_limits(network)
        body = (variants or {}).get(network) or text
        lengths.append(
            Length(network, rules.name, rules.length(body), rules.max_length, rules.unit)
        )
    return tuple(lengths)


# Saving ----------------------------------------------------------------------------------------


def save_draft(
    session: Session,
    workspace_id: int,
    actor: Actor,
    content: DraftInput,
    *,
    draft_id: int | None = None,
    expected_version: int | None = None,
    ui_language: str | None = None,
) -> DraftView:
    """Create a draft (no ``draft_id``) or replace one's content, review it, and store the
    verdict. Anyone who writes may change their own drafts; changing someone else's needs
    ``edit_others_drafts``. With ``expected_version`` (the version the author opened), a
    draft saved by someone else meanwhile raises ``Conflict`` instead of being overwritten."""
    require(actor, workspace_id, Action.WRITE_DRAFTS)
    checked = _check_input(session, workspace_id, content)
    repository = Drafts(session, workspace_id)
    row = None if draft_id is None else _editable(repository, actor, draft_id)
    if row is not None and row.state in SENT_STATES:
        raise Conflict(
            "this post has already gone out (or is going out): it cannot be changed here; "
            "write a new post instead"
        )
    if row is not None and expected_version is not None and row.version != expected_version:
        raise Conflict(
            "someone saved this draft since you opened it (it is now at version {version}); "
            "reload it and make your change again",
            version=row.version,
        )
    outcome = _review(session, workspace_id, checked, _ui_language(session, actor, ui_language))
    now = clock.now()
    if row is None:
        row = tables.Draft(
            workspace_id=workspace_id, author_id=actor.user_id, created_at=now, version=0
        )
        _fill(row, checked, outcome, now)
        repository.add(row)
    else:
        _fill(row, checked, outcome, now)
    repository.link_accounts(row, checked.account_ids)
    session.flush()
    details = {"verdict": row.verdict, "score": row.score, "version": row.version}
    action = "draft.created" if row.version == 1 else "draft.updated"
    audit.record(session, actor, action, "draft", row.id, details)
    if row.state != "draft":
        # Imported here: publishing builds on this module.
        from poise.services import publishing

        publishing.after_edit(session, row, actor)
    return draft_view(row)


def _fill(row: tables.Draft, content: DraftInput, outcome: ReviewOutcome, now: datetime) -> None:
    row.text = content.text
    row.language = content.language
    row.review_language = outcome.language
    row.variants = dict(content.variants)
    row.media = [{"kind": m.kind, "alt": m.alt} for m in content.media]
    row.reply_to = content.reply_to
    row.verdict = outcome.verdict.value
    row.score = outcome.score
    row.findings = [dict(finding) for finding in outcome.findings]
    row.search_text = fold_plain("\n".join([content.text, *content.variants.values()]))
    row.version += 1
    row.updated_at = now


def may_edit(actor: Actor, draft: DraftView) -> bool:
    """Whether ``actor`` may change or delete ``draft``: their own with ``write_drafts``,
    anyone's with ``edit_others_drafts`` (the rule ``save_draft`` and ``delete_draft``
    enforce)."""
    if actor.workspace_id != draft.workspace_id or not actor.can(Action.WRITE_DRAFTS):
        return False
    own = draft.author_id is not None and draft.author_id == actor.user_id
    return own or actor.can(Action.EDIT_OTHERS_DRAFTS)


def _editable(repository: Drafts, actor: Actor, draft_id: int) -> tables.Draft:
    row = repository.get(draft_id)
    if row is None:
        raise NotFound("no such draft in this workspace")
    if row.author_id is None or row.author_id != actor.user_id:
        require(actor, repository.workspace_id, Action.EDIT_OTHERS_DRAFTS)
    return row


def _check_input(session: Session, workspace_id: int, content: DraftInput) -> DraftInput:
    if not content.text.strip() and not content.media:
        raise Invalid("write something, or attach an image, before saving", "text")
    return DraftInput(
        text=_check_length(content.text, "text"),
        language=_check_language(content.language),
        variants=_check_variants(content.variants),
        account_ids=_check_accounts(session, workspace_id, content.account_ids),
        media=_check_media(content.media),
        reply_to=None if content.reply_to is None else _check_length(content.reply_to, "reply_to"),
    )


def _check_length(text: str, where: str) -> str:
    if len(text) > MAX_TEXT:
        raise Invalid(
            "{length:,} characters; a post can have up to {max_text:,}. Split it into posts.",
            where,
            length=len(text),
            max_text=MAX_TEXT,
        )
    return text


def _check_language(code: str | None) -> str | None:
    if code is None or not code.strip():
        return None
    wanted = code.strip().lower()
    if wanted not in supported_languages():
        known = ", ".join(supported_languages())
        raise Invalid(
            "{code!r} is not a language Poise reads; use {known}, or leave it empty to detect it",
            "language",
            code=code,
            known=known,
        )
    return wanted


def _check_variants(variants: Mapping[str, str]) -> dict[str, str]:
    known = network_names()
    checked: dict[str, str] = {}
    for network, text in variants.items():
        if network not in known:
            raise Invalid(
                "no network called {network!r}; variants are for {known}",
                "variants",
                network=network,
                known=", ".join(known),
            )
        if text.strip():
            checked[network] = _check_length(text, f"variants.{network}")
    return checked


def _check_accounts(
    session: Session, workspace_id: int, account_ids: Sequence[int]
) -> tuple[int, ...]:
    wanted = tuple(dict.fromkeys(account_ids))
    found = Accounts(session, workspace_id).existing(wanted)
    missing = [str(account_id) for account_id in wanted if account_id not in found]
    if missing:
        raise Invalid(
            "no account {missing} in this workspace; pick its accounts only",
            "account_ids",
            missing=", ".join(missing),
        )
    return wanted


def _check_media(media: Sequence[Media]) -> tuple[Media, ...]:
    if len(media) > MAX_MEDIA:
        raise Invalid(
            "{count} attachments; a post can have {max_media} at most",
            "media",
            count=len(media),
            max_media=MAX_MEDIA,
        )
    for index, item in enumerate(media):
        if item.alt is not None and len(item.alt) > MAX_ALT:
            raise Invalid(
                "media {number}: alt text is longer than {max_alt} characters",
                "media",
                number=index + 1,
                max_alt=MAX_ALT,
            )
    return tuple(media)


# Reading and deleting --------------------------------------------------------------------------


def get_draft(session: Session, workspace_id: int, actor: Actor, draft_id: int) -> DraftView:
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    row = Drafts(session, workspace_id).get(draft_id)
    if row is None:
        raise NotFound("no such draft in this workspace")
    return draft_view(row)


def list_drafts(
    session: Session,
    workspace_id: int,
    actor: Actor,
    filters: DraftFilter = DraftFilter(),
    *,
    limit: int = PAGE_SIZE,
    cursor: str | None = None,
) -> DraftPage:
    """Drafts matching ``filters``, most recently changed first, ``limit`` at a time."""
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    size = max(1, min(limit, MAX_PAGE))
    rows = Drafts(session, workspace_id).page(_query(filters), size + 1, _decode(cursor))
    more = len(rows) > size
    rows = rows[:size]
    following = _encode(Position(rows[-1].updated_at, rows[-1].id)) if more else None
    return DraftPage(tuple(draft_view(row) for row in rows), following)


def count_by_verdict(session: Session, workspace_id: int, actor: Actor) -> dict[Verdict, int]:
    """How many drafts have each verdict."""
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    counts = Drafts(session, workspace_id).count_by_verdict()
    return {verdict: counts.get(verdict.value, 0) for verdict in Verdict}


def delete_draft(session: Session, workspace_id: int, actor: Actor, draft_id: int) -> None:
    """Delete a draft: one's own with ``write_drafts``, anyone's with ``edit_others_drafts``."""
    require(actor, workspace_id, Action.WRITE_DRAFTS)
    repository = Drafts(session, workspace_id)
    row = _editable(repository, actor, draft_id)
    if row.state in SENT_STATES:
        raise Conflict("this post has gone out (or is going out); its record is kept")
    details = {"verdict": row.verdict, "version": row.version, "author_id": row.author_id}
    repository.remove(row)
    audit.record(session, actor, "draft.deleted", "draft", draft_id, details)


def _query(filters: DraftFilter) -> DraftQuery:
    verdict = None
    if filters.verdict is not None:
        try:
            verdict = Verdict(filters.verdict).value
        except ValueError:
            raise Invalid(
                "{verdict!r} is not a verdict; use pass, review or block",
                "verdict",
                verdict=filters.verdict,
            ) from None
    search = (filters.search or "").strip()
    if len(search) > MAX_SEARCH:
        raise Invalid("search for at most {max_search} characters", "search", max_search=MAX_SEARCH)
    return DraftQuery(
        verdict=verdict,
        author_id=filters.author_id,
        language=_check_language(filters.language),
        account_id=filters.account_id,
        search=fold_plain(search) or None,
        state=filters.state or None,
    )


def _encode(position: Position) -> str:
    raw = f"{position.updated_at.isoformat()}|{position.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str | None) -> Position | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, _, identifier = raw.partition("|")
        position = Position(datetime.fromisoformat(moment), int(identifier))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise Invalid(
            "this page link is damaged; start again from the first page", "cursor"
        ) from None
    if position.updated_at.tzinfo is None:
        raise Invalid("this page link is damaged; start again from the first page", "cursor")
    return position


def draft_view(row: tables.Draft) -> DraftView:
    return DraftView(
        id=row.id,
        workspace_id=row.workspace_id,
        author_id=row.author_id,
        text=row.text,
        language=row.language,
        review_language=row.review_language,
        variants=dict(row.variants),
        account_ids=tuple(link.account_id for link in row.accounts),
        media=tuple(Media(kind=str(m.get("kind", "image")), alt=m.get("alt")) for m in row.media),
        reply_to=row.reply_to,
        verdict=Verdict(row.verdict),
        score=row.score,
        findings=tuple(row.findings),
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        state=row.state,
        scheduled_at=row.scheduled_at,
        hold_reason=row.hold_reason,
        hold_note=row.hold_note,
        override_reason=row.override_reason,
        override_version=row.override_version,
    )
