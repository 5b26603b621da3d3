"""Workspaces: creating one, belonging to one, its members, settings and social accounts."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from poise.calendar import SUPPORTED_COUNTRIES
from poise.domain import Action, Actor, Role, can_assign
from poise.networks import names as network_names
from poise.services import audit, auth, clock
from poise.services.access import require
from poise.services.errors import Conflict, Forbidden, Invalid, NotFound
from poise.storage.tables import Account, Membership, Workspace
from poise.storage.users import Users
from poise.storage.workspaces import Accounts, Members, Workspaces
from poise.text.languages import supported as supported_languages

SANDBOX = "sandbox"
MAX_WORDS = 500
MAX_WORD = 100
MAX_SLUG = 60


@dataclass(frozen=True, slots=True)
class WorkspaceInfo:
    id: int
    name: str
    slug: str
    time_zone: str
    audience_countries: tuple[str, ...]
    audience_languages: tuple[str, ...]
    banned_words: tuple[str, ...]
    glossary: tuple[str, ...]
    disclosure_required: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class MyWorkspace:
    workspace: WorkspaceInfo
    role: Role


@dataclass(frozen=True, slots=True)
class MemberInfo:
    user_id: int
    email: str
    display_name: str
    role: Role
    joined_at: datetime
    disabled: bool


@dataclass(frozen=True, slots=True)
class AccountInfo:
    id: int
    workspace_id: int
    network: str
    handle: str
    display_name: str
    created_at: datetime


def supported_countries() -> tuple[str, ...]:
    """Audience countries Poise has a calendar of sensitive dates for."""
    return SUPPORTED_COUNTRIES


def account_networks() -> tuple[str, ...]:
    """Networks an account can be created for: the sandbox, and every network Poise knows."""
    return (SANDBOX, *(name for name in network_names() if name != SANDBOX))


# Creating and belonging ------------------------------------------------------------------------


def create_workspace(
    session: Session,
    name: str,
    owner_id: int | None,
    *,
    time_zone: str = "UTC",
    audience_countries: Sequence[str] = (),
    audience_languages: Sequence[str] = (),
    ip: str | None = None,
) -> WorkspaceInfo:
    """A new workspace; ``owner_id`` (the creator) becomes its owner. Without one (the
    command line), the workspace has no member until one is added."""
    label = _check_name(name)
    workspace = Workspaces(session).add(
        Workspace(
            name=label,
            slug=_free_slug(session, label),
            time_zone=check_time_zone(time_zone),
            audience_countries=list(check_countries(audience_countries)),
            audience_languages=list(check_languages(audience_languages)),
            banned_words=[],
            glossary=[],
            disclosure_required=False,
            created_at=clock.now(),
        )
    )
    if owner_id is not None:
        if Users(session).get(owner_id) is None:
            raise NotFound("no such user")
        Members(session, workspace.id).add(
            Membership(
                user_id=owner_id,
                workspace_id=workspace.id,
                role=Role.OWNER.value,
                created_at=clock.now(),
            )
        )
    actor = Actor(workspace.id, Role.OWNER, user_id=owner_id, ip=ip)
    audit.record(session, actor, "workspace.created", "workspace", workspace.id, {"name": label})
    return workspace_info(workspace)


def actor_for(session: Session, workspace_id: int, user_id: int, ip: str | None = None) -> Actor:
    """``user_id`` acting in ``workspace_id`` with their role. Raises ``NotFound`` when they
    are not a member (an outsider learns nothing about the workspace) and ``Forbidden`` when
    their account is disabled."""
    membership = Members(session, workspace_id).get(user_id)
    if membership is None:
        raise NotFound("no such workspace")
    user = Users(session).get(user_id)
    if user is None or user.disabled:
        raise Forbidden("this account is disabled; ask an owner of the workspace")
    return Actor(workspace_id, Role(membership.role), user_id=user_id, ip=ip)


def my_workspaces(session: Session, user_id: int) -> list[MyWorkspace]:
    """Every workspace the user belongs to, with their role, by name."""
    return [
        MyWorkspace(workspace_info(workspace), Role(role))
        for workspace, role in Workspaces(session).of_user(user_id)
    ]


def switch_workspace(session: Session, session_token: str, workspace_id: int) -> Actor:
    """Make ``workspace_id`` the browser session's active workspace; the user must belong to
    it."""
    current = auth.get_session(session, session_token)
    if current is None:
        raise NotFound("this session has ended; sign in again")
    actor = actor_for(session, workspace_id, current.user.id)
    auth.set_active_workspace(session, session_token, workspace_id)
    return actor


def get_workspace(session: Session, workspace_id: int, actor: Actor) -> WorkspaceInfo:
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    return workspace_info(_workspace(session, workspace_id))


def workspace_by_slug(session: Session, slug: str) -> WorkspaceInfo:
    """The workspace called ``slug`` (for the command line, which acts as the operator)."""
    found = Workspaces(session).by_slug(slug.strip().lower())
    if found is None:
        raise NotFound("no workspace has the slug {slug!r}", slug=slug)
    return workspace_info(found)


# Members ---------------------------------------------------------------------------------------


def list_members(session: Session, workspace_id: int, actor: Actor) -> list[MemberInfo]:
    require(actor, workspace_id, Action.VIEW_MEMBERS)
    return [
        _member_info(m, u.email, u.display_name, u.disabled)
        for m, u in Members(session, workspace_id).list()
    ]


def add_member(
    session: Session, workspace_id: int, actor: Actor, email: str, role: Role | str
) -> MemberInfo:
    """Add someone who already has an account (others are invited: ``auth.create_invitation``)."""
    require(actor, workspace_id, Action.MANAGE_MEMBERS)
    wanted = auth.parse_role(role) if isinstance(role, str) else role
    _check_assignable(actor, wanted)
    address = auth.normalize_email(email)
    user = Users(session).by_email(address)
    if user is None:
        raise NotFound("nobody has an account for {address}; invite them instead", address=address)
    members = Members(session, workspace_id)
    if members.get(user.id) is not None:
        raise Conflict("{address} is already a member; change their role instead", address=address)
    membership = members.add(
        Membership(
            user_id=user.id, workspace_id=workspace_id, role=wanted.value, created_at=clock.now()
        )
    )
    audit.record(
        session, actor, "member.added", "user", user.id, {"email": address, "role": wanted.value}
    )
    return _member_info(membership, user.email, user.display_name, user.disabled)


def change_role(
    session: Session, workspace_id: int, actor: Actor, user_id: int, role: Role | str
) -> MemberInfo:
    """Give a member another role. The last owner cannot be demoted; only an owner changes an
    owner's role or makes someone owner."""
    require(actor, workspace_id, Action.MANAGE_MEMBERS)
    wanted = auth.parse_role(role) if isinstance(role, str) else role
    membership = _membership(session, workspace_id, user_id)
    current = Role(membership.role)
    _check_assignable(actor, current)
    _check_assignable(actor, wanted)
    if current is Role.OWNER and wanted is not Role.OWNER:
        _keep_an_owner(session, workspace_id, "demoted")
    membership.role = wanted.value
    audit.record(
        session,
        actor,
        "member.role_changed",
        "user",
        user_id,
        {"from": current.value, "to": wanted.value},
    )
    user = Users(session).get(user_id)
    assert user is not None
    return _member_info(membership, user.email, user.display_name, user.disabled)


def remove_member(session: Session, workspace_id: int, actor: Actor, user_id: int) -> None:
    """Remove a member; anyone may leave on their own. The last owner cannot leave or be
    removed."""
    leaving = actor.user_id == user_id and actor.workspace_id == workspace_id
    if not leaving:
        require(actor, workspace_id, Action.MANAGE_MEMBERS)
    membership = _membership(session, workspace_id, user_id)
    role = Role(membership.role)
    if not leaving:
        _check_assignable(actor, role)
    if role is Role.OWNER:
        _keep_an_owner(session, workspace_id, "removed")
    Members(session, workspace_id).remove(membership)
    audit.record(session, actor, "member.removed", "user", user_id, {"role": role.value})


def _membership(session: Session, workspace_id: int, user_id: int) -> Membership:
    membership = Members(session, workspace_id).get(user_id)
    if membership is None:
        raise NotFound("no such member in this workspace")
    return membership


def _check_assignable(actor: Actor, role: Role) -> None:
    if not can_assign(actor.role, role):
        raise Forbidden(
            "a {actor_role} cannot change who is {role}; ask an owner",
            actor_role=actor.role,
            role=role,
        )


def _keep_an_owner(session: Session, workspace_id: int, what: str) -> None:
    Workspaces(session).lock(workspace_id)
    if Members(session, workspace_id).count_with_role(Role.OWNER.value) <= 1:
        raise Conflict(
            "the last owner cannot be {what}: make another member owner first", what=what
        )


def _member_info(membership: Membership, email: str, name: str, disabled: bool) -> MemberInfo:
    return MemberInfo(
        user_id=membership.user_id,
        email=email,
        display_name=name,
        role=Role(membership.role),
        joined_at=membership.created_at,
        disabled=disabled,
    )


# Settings --------------------------------------------------------------------------------------


def update_settings(
    session: Session,
    workspace_id: int,
    actor: Actor,
    *,
    name: str | None = None,
    time_zone: str | None = None,
    audience_countries: Sequence[str] | None = None,
    audience_languages: Sequence[str] | None = None,
    banned_words: Sequence[str] | None = None,
    glossary: Sequence[str] | None = None,
    disclosure_required: bool | None = None,
) -> WorkspaceInfo:
    """Change the settings given (``None`` leaves one as it is); every value is checked
    before anything changes."""
    require(actor, workspace_id, Action.MANAGE_WORKSPACE_SETTINGS)
    workspace = _workspace(session, workspace_id)
    wanted: dict[str, Any] = {}
    if name is not None:
        wanted["name"] = _check_name(name)
    if time_zone is not None:
        wanted["time_zone"] = check_time_zone(time_zone)
    if audience_countries is not None:
        wanted["audience_countries"] = list(check_countries(audience_countries))
    if audience_languages is not None:
        wanted["audience_languages"] = list(check_languages(audience_languages))
    if banned_words is not None:
        wanted["banned_words"] = list(check_words(banned_words, "banned_words"))
    if glossary is not None:
        wanted["glossary"] = list(check_words(glossary, "glossary"))
    if disclosure_required is not None:
        wanted["disclosure_required"] = disclosure_required
    changes = {
        field: {"from": getattr(workspace, field), "to": value}
        for field, value in wanted.items()
        if getattr(workspace, field) != value
    }
    for field, change in changes.items():
        setattr(workspace, field, change["to"])
    if changes:
        audit.record(
            session, actor, "workspace.settings_changed", "workspace", workspace_id, changes
        )
    return workspace_info(workspace)


def check_time_zone(value: str) -> str:
    zone = value.strip()
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid(
            "{value!r} is not a time zone; use an IANA name such as Europe/Paris, "
            "America/New_York or Asia/Tokyo",
            "time_zone",
            value=value,
        ) from None
    return zone


def check_countries(codes: Iterable[str]) -> tuple[str, ...]:
    wanted = _unique(code.strip().upper() for code in codes if code.strip())
    unknown = [code for code in wanted if code not in SUPPORTED_COUNTRIES]
    if unknown:
        raise Invalid(
            "Poise has no calendar for {unknown}; use some of {known}",
            "audience_countries",
            unknown=", ".join(unknown),
            known=", ".join(SUPPORTED_COUNTRIES),
        )
    return wanted


def check_languages(codes: Iterable[str]) -> tuple[str, ...]:
    wanted = _unique(code.strip().lower() for code in codes if code.strip())
    known = supported_languages()
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise Invalid(
            "Poise does not read {unknown}; use some of {known}",
            "audience_languages",
            unknown=", ".join(unknown),
            known=", ".join(known),
        )
    return wanted


def check_words(words: Iterable[str], field: str) -> tuple[str, ...]:
    """Words and phrases, trimmed, blanks dropped, each once whatever its case."""
    cleaned = [" ".join(word.split()) for word in words]
    seen: set[str] = set()
    kept = []
    for word in cleaned:
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            kept.append(word)
    too_long = [word for word in kept if len(word) > MAX_WORD]
    if too_long:
        raise Invalid(
            "{start!r}… is longer than {max_word} characters",
            field,
            start=too_long[0][:30],
            max_word=MAX_WORD,
        )
    if len(kept) > MAX_WORDS:
        raise Invalid(
            "{count} entries; keep it to {max_words}", field, count=len(kept), max_words=MAX_WORDS
        )
    return tuple(kept)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _check_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > 200:
        raise Invalid("give the workspace a name of 1 to 200 characters, e.g. the brand's", "name")
    return cleaned


def _free_slug(session: Session, name: str) -> str:
    base = slugify(name)
    taken = Workspaces(session).slugs_like(base)
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def slugify(name: str) -> str:
    """A URL-safe name: ``Demo Coffee Co.`` → ``demo-coffee-co`` (``workspace`` when nothing
    Latin is left, as for a name written in Japanese)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:MAX_SLUG].strip("-")
    return slug or "workspace"


def _workspace(session: Session, workspace_id: int) -> Workspace:
    workspace = Workspaces(session).get(workspace_id)
    if workspace is None:
        raise NotFound("no such workspace")
    return workspace


def workspace_info(workspace: Workspace) -> WorkspaceInfo:
    return WorkspaceInfo(
        id=workspace.id,
        name=workspace.name,
        slug=workspace.slug,
        time_zone=workspace.time_zone,
        audience_countries=tuple(workspace.audience_countries),
        audience_languages=tuple(workspace.audience_languages),
        banned_words=tuple(workspace.banned_words),
        glossary=tuple(workspace.glossary),
        disclosure_required=workspace.disclosure_required,
        created_at=workspace.created_at,
    )


# Social accounts -------------------------------------------------------------------------------


def create_account(
    session: Session,
    workspace_id: int,
    actor: Actor,
    network: str,
    handle: str,
    display_name: str | None = None,
) -> AccountInfo:
    """A social account posts can be written for (connecting it to the network comes later)."""
    require(actor, workspace_id, Action.MANAGE_ACCOUNTS)
    kind = network.strip().lower()
    if kind not in account_networks():
        raise Invalid(
            "{network!r} is not a network; use one of {known}",
            "network",
            network=network,
            known=", ".join(account_networks()),
        )
    name = handle.strip()
    if not name or len(name) > 200 or any(c.isspace() for c in name):
        raise Invalid("give the account's handle without spaces, e.g. @brand", "handle")
    accounts = Accounts(session, workspace_id)
    if accounts.find(kind, name) is not None:
        raise Conflict(
            "{name} on {kind} is already an account of this workspace", name=name, kind=kind
        )
    label = " ".join((display_name or name).split())[:200] or name
    row = accounts.add(
        Account(
            workspace_id=workspace_id,
            network=kind,
            handle=name,
            display_name=label,
            created_at=clock.now(),
        )
    )
    audit.record(
        session, actor, "account.created", "account", row.id, {"network": kind, "handle": name}
    )
    return account_info(row)


def list_accounts(session: Session, workspace_id: int, actor: Actor) -> list[AccountInfo]:
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    return [account_info(row) for row in Accounts(session, workspace_id).list()]


def remove_account(session: Session, workspace_id: int, actor: Actor, account_id: int) -> None:
    """Remove an account; its drafts stay, without it, and its voice posts go with it."""
    require(actor, workspace_id, Action.MANAGE_ACCOUNTS)
    accounts = Accounts(session, workspace_id)
    row = accounts.get(account_id)
    if row is None:
        raise NotFound("no such account in this workspace")
    accounts.remove(row)
    audit.record(
        session,
        actor,
        "account.removed",
        "account",
        account_id,
        {"network": row.network, "handle": row.handle},
    )


def account_info(row: Account) -> AccountInfo:
    return AccountInfo(
        id=row.id,
        workspace_id=row.workspace_id,
        network=row.network,
        handle=row.handle,
        display_name=row.display_name,
        created_at=row.created_at,
    )
