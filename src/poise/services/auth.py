"""Who is who: users, passwords, sign-in, web sessions, invitations and API tokens.

Secrets (session cookies, invitation links, API tokens) are random, shown once, and stored only
as their SHA-256: the database alone never lets anyone in. Passwords are hashed with argon2id.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from poise import settings as settings_module
from poise.domain import Action, Actor, Role, can_assign
from poise.services import audit, clock, passwords
from poise.services.access import require
from poise.services.errors import Conflict, Forbidden, Invalid, NotFound, RateLimited
from poise.storage.access import (
    ApiTokens,
    Invitations,
    LoginAttempts,
    WebSessions,
    api_token_by_hash,
    invitation_by_hash,
)
from poise.storage.tables import ApiToken, Invitation, Membership, User, WebSession
from poise.storage.users import Users
from poise.storage.workspaces import Members, Workspaces

SIGN_IN_FAILURES = 5
SIGN_IN_WINDOW = timedelta(minutes=15)
INVITATION_LIFETIME = timedelta(days=7)
# Writing "last seen" on every request would turn every page view into a write.
TOUCH_EVERY = timedelta(minutes=5)
TOKEN_PREFIX = "poise_"
MAX_EMAIL = 320
MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    email: str
    display_name: str
    ui_language: str
    created_at: datetime
    disabled: bool


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """A signed-in browser: whose it is, and the secret its forms must carry."""

    user: UserInfo
    active_workspace_id: int | None
    csrf_secret: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    ip: str | None
    user_agent: str | None


@dataclass(frozen=True, slots=True)
class NewSession:
    """A session and its token: set the token as the cookie; it is never shown again."""

    token: str
    session: SessionInfo


@dataclass(frozen=True, slots=True)
class InvitationInfo:
    id: int
    workspace_id: int
    workspace_name: str
    email: str
    role: Role
    invited_by: int | None
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None


@dataclass(frozen=True, slots=True)
class NewInvitation:
    """An invitation and its token: put the token in the link sent to the invitee."""

    token: str
    invitation: InvitationInfo


@dataclass(frozen=True, slots=True)
class ApiTokenInfo:
    id: int
    workspace_id: int
    name: str
    role: Role
    created_by: int | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class NewApiToken:
    """A token and its secret, which is shown this once and never stored."""

    secret: str
    token: ApiTokenInfo


# Users and passwords ---------------------------------------------------------------------------


def normalize_email(email: str) -> str:
    """``email`` trimmed and lower-cased; refused when it cannot be an address."""
    address = email.strip().lower()
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain or any(c.isspace() for c in address):
        raise Invalid(
            "{email!r} is not an email address; write it like ana@example.com", "email", email=email
        )
    if len(address) > MAX_EMAIL:
        raise Invalid(
            "the email address is longer than {max_email} characters", "email", max_email=MAX_EMAIL
        )
    return address


def check_display_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise Invalid("give a name, as the team should see it", "display_name")
    if len(cleaned) > MAX_NAME:
        raise Invalid(
            "the name is longer than {max_name} characters", "display_name", max_name=MAX_NAME
        )
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in cleaned):
        raise Invalid("the name contains control characters; type it again", "display_name")
    return cleaned


def check_ui_language(code: str) -> str:
    from poise.review.messages import languages

    if code not in languages():
        raise Invalid(
            "{code!r} is not a language of Poise: use {languages}",
            "ui_language",
            code=code,
            languages=", ".join(languages()),
        )
    return code


def create_user(
    session: Session,
    email: str,
    display_name: str,
    password: str,
    *,
    ui_language: str = "en",
    ip: str | None = None,
) -> UserInfo:
    """A new user. Raises ``Conflict`` when the email is taken (in any letter case)."""
    address = normalize_email(email)
    users = Users(session)
    if users.by_email(address) is not None:
        raise Conflict(
            "there is already an account for {address}; sign in with it instead", address=address
        )
    user = users.add(
        User(
            email=address,
            display_name=check_display_name(display_name),
            password_hash=passwords.hash_password(passwords.check_new(password, address)),
            ui_language=check_ui_language(ui_language),
            created_at=clock.now(),
            disabled=False,
        )
    )
    audit.record(session, None, "user.created", "user", user.id, user_id=user.id, ip=ip)
    return user_info(user)


def get_user(session: Session, user_id: int) -> UserInfo:
    user = Users(session).get(user_id)
    if user is None:
        raise NotFound("no such user")
    return user_info(user)


def authenticate(session: Session, email: str, password: str, ip: str | None) -> UserInfo | None:
    """The user whose email and password these are, or ``None``.

    After ``SIGN_IN_FAILURES`` failures for the same email from the same address within
    ``SIGN_IN_WINDOW``, raises ``RateLimited`` (even for the right password) until the oldest
    failure leaves the window; a success clears the count. A failure is recorded in the
    session, so **commit even when this returns None**. A hash made with older parameters is
    replaced by one made with the current ones."""
    now = clock.now()
    key = _attempt_key(email, ip)
    attempts = LoginAttempts(session)
    _refuse_when_limited(attempts, key, now)
    user = _user_by_any_email(session, email)
    if user is None or user.disabled or not passwords.verify(user.password_hash, password):
        if user is None:
            passwords.waste_time(password)
        _record_failure(session, attempts, key, user, ip)
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    attempts.clear(key)
    return user_info(user)


def _attempt_key(email: str, ip: str | None) -> str:
    return f"{email.strip().lower()[:MAX_EMAIL]}|{ip or '-'}"


def _refuse_when_limited(attempts: LoginAttempts, key: str, now: datetime) -> None:
    count, oldest = attempts.since(key, now - SIGN_IN_WINDOW)
    if count >= SIGN_IN_FAILURES and oldest is not None:
        wait = max(1, math.ceil((oldest + SIGN_IN_WINDOW - now).total_seconds()))
        raise RateLimited(
            "too many failed sign-ins for this email; try again in {wait}",
            wait,
            wait=_minutes(wait),
        )


def _record_failure(
    session: Session, attempts: LoginAttempts, key: str, user: User | None, ip: str | None
) -> None:
    now = clock.now()
    attempts.add(key, now)
    count, _ = attempts.since(key, now - SIGN_IN_WINDOW)
    if count == SIGN_IN_FAILURES and user is not None:
        # The owner of the account can see that someone was guessing its password.
        audit.record(session, None, "user.sign_in_limited", "user", user.id, ip=ip)


def _minutes(seconds: int) -> str:
    minutes = -(-seconds // 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def _user_by_any_email(session: Session, email: str) -> User | None:
    try:
        return Users(session).by_email(normalize_email(email))
    except Invalid:
        return None


@dataclass(frozen=True, slots=True)
class SignedIn:
    user: UserInfo
    token: str
    session: SessionInfo


def sign_in(
    session: Session,
    email: str,
    password: str,
    ip: str | None,
    user_agent: str | None = None,
    replacing: str | None = None,
) -> SignedIn | None:
    """Authenticate and open a new web session; ``None`` for wrong credentials (commit anyway,
    see ``authenticate``). The session the browser had before (``replacing``) is ended: a
    sign-in always gets a fresh token, so a token planted before sign-in is worthless after."""
    user = authenticate(session, email, password, ip)
    if user is None:
        return None
    if replacing is not None:
        revoke_session(session, replacing)
    new = create_session(session, user.id, ip, user_agent)
    audit.record(session, None, "user.signed_in", "user", user.id, user_id=user.id, ip=ip)
    return SignedIn(user, new.token, new.session)


def change_password(
    session: Session,
    user_id: int,
    current_password: str,
    new_password: str,
    keep_session: str | None = None,
    ip: str | None = None,
) -> None:
    """Replace the password, given the current one; signs the user out everywhere except the
    session ``keep_session``."""
    user = Users(session).get(user_id)
    if user is None:
        raise NotFound("no such user")
    if not passwords.verify(user.password_hash, current_password):
        raise Invalid("the current password is wrong; type it again", "current_password")
    user.password_hash = passwords.hash_password(passwords.check_new(new_password, user.email))
    keep = _digest(keep_session) if keep_session else None
    WebSessions(session).remove_for_user(user.id, keep=keep)
    audit.record(session, None, "user.password_changed", "user", user.id, user_id=user.id, ip=ip)


def set_ui_language(session: Session, user_id: int, code: str) -> None:
    """Remember the interface language the user chose."""
    user = Users(session).get(user_id)
    if user is None:
        raise NotFound("no such user")
    user.ui_language = check_ui_language(code)


def set_display_name(
    session: Session, user_id: int, display_name: str, ip: str | None = None
) -> UserInfo:
    """Change the name the team sees; audited when it changes."""
    user = Users(session).get(user_id)
    if user is None:
        raise NotFound("no such user")
    name = check_display_name(display_name)
    if name != user.display_name:
        details = {"from": user.display_name, "to": name}
        user.display_name = name
        audit.record(
            session, None, "user.renamed", "user", user.id, details, user_id=user.id, ip=ip
        )
    return user_info(user)


def display_names(session: Session, user_ids: Iterable[int | None]) -> dict[int, str]:
    """The names of these users (for pages that say who did what); unknown ids are left out."""
    users = Users(session)
    found = {user_id: users.get(user_id) for user_id in set(user_ids) if user_id is not None}
    return {user_id: user.display_name for user_id, user in found.items() if user is not None}


def user_info(user: User) -> UserInfo:
    return UserInfo(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        ui_language=user.ui_language,
        created_at=user.created_at,
        disabled=user.disabled,
    )


# Web sessions ----------------------------------------------------------------------------------


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _lifetime() -> timedelta:
    return timedelta(days=settings_module.current().session_days)


def create_session(
    session: Session,
    user_id: int,
    ip: str | None = None,
    user_agent: str | None = None,
    workspace_id: int | None = None,
) -> NewSession:
    """A new web session for ``user_id``, lasting ``POISE_SESSION_DAYS`` from its last use."""
    now = clock.now()
    token = secrets.token_urlsafe(32)
    row = WebSession(
        id=_digest(token),
        user_id=user_id,
        created_at=now,
        last_seen_at=now,
        expires_at=now + _lifetime(),
        csrf_secret=secrets.token_urlsafe(32),
        ip=ip,
        user_agent=(user_agent or "")[:512] or None,
        active_workspace_id=workspace_id,
    )
    WebSessions(session).add(row)
    user = Users(session).get(user_id)
    assert user is not None
    return NewSession(token, _session_info(row, user))


def get_session(session: Session, token: str) -> SessionInfo | None:
    """The live session with this token, or ``None`` when unknown, expired or its user is
    disabled. Reads only (expired sessions are removed by ``prune``)."""
    found = _live_session(session, token)
    return None if found is None else _session_info(*found)


def touch_session(session: Session, token: str) -> SessionInfo | None:
    """Like ``get_session``, and record the use: the session then lasts ``POISE_SESSION_DAYS``
    from now (written at most every few minutes, so call it in a writing transaction)."""
    found = _live_session(session, token)
    if found is None:
        return None
    row, user = found
    now = clock.now()
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        row.expires_at = now + _lifetime()
    return _session_info(row, user)


def _live_session(session: Session, token: str) -> tuple[WebSession, User] | None:
    row = WebSessions(session).get(_digest(token))
    if row is None or row.expires_at <= clock.now():
        return None
    user = Users(session).get(row.user_id)
    if user is None or user.disabled:
        return None
    return row, user


def revoke_session(session: Session, token: str) -> None:
    """Sign this browser out (nothing happens for an unknown token)."""
    WebSessions(session).remove(_digest(token))


def sign_out_everywhere(session: Session, user_id: int, keep: str | None = None) -> int:
    """End every session of ``user_id`` except ``keep``; how many were ended."""
    ended = WebSessions(session).remove_for_user(user_id, keep=_digest(keep) if keep else None)
    audit.record(session, None, "user.signed_out_everywhere", "user", user_id, user_id=user_id)
    return ended


def set_active_workspace(session: Session, token: str, workspace_id: int) -> None:
    """Remember the workspace the browser works in (membership is checked by the caller,
    ``workspaces.switch_workspace``)."""
    row = WebSessions(session).get(_digest(token))
    if row is None:
        raise NotFound("this session has ended; sign in again")
    row.active_workspace_id = workspace_id


def prune(session: Session) -> int:
    """Remove expired sessions and sign-in failures older than the rate-limit window (for a
    periodic job); how many rows were removed."""
    now = clock.now()
    return WebSessions(session).remove_expired(now) + LoginAttempts(session).remove_older_than(
        now - SIGN_IN_WINDOW
    )


def _session_info(row: WebSession, user: User) -> SessionInfo:
    return SessionInfo(
        user=user_info(user),
        active_workspace_id=row.active_workspace_id,
        csrf_secret=row.csrf_secret,
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
        expires_at=row.expires_at,
        ip=row.ip,
        user_agent=row.user_agent,
    )


# Invitations -----------------------------------------------------------------------------------


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        raise Invalid(
            "{value!r} is not a role; use one of {roles}",
            "role",
            value=value,
            roles=", ".join(Role),
        ) from None


def _check_assignable(actor: Actor, role: Role) -> None:
    if not can_assign(actor.role, role):
        raise Forbidden(
            "a {actor_role} cannot make someone {role}; ask an owner",
            actor_role=actor.role,
            role=role,
        )


def create_invitation(
    session: Session, workspace_id: int, actor: Actor, email: str, role: Role | str
) -> NewInvitation:
    """Invite ``email`` to join as ``role`` (admins and owners; only an owner invites an
    owner). The link's token expires after ``INVITATION_LIFETIME``."""
    require(actor, workspace_id, Action.MANAGE_MEMBERS)
    wanted = parse_role(role) if isinstance(role, str) else role
    _check_assignable(actor, wanted)
    address = normalize_email(email)
    existing = Users(session).by_email(address)
    if existing is not None and Members(session, workspace_id).get(existing.id) is not None:
        raise Conflict("{address} is already a member of this workspace", address=address)
    now = clock.now()
    token = secrets.token_urlsafe(32)
    row = Invitations(session, workspace_id).add(
        Invitation(
            workspace_id=workspace_id,
            email=address,
            role=wanted.value,
            token_hash=_digest(token),
            invited_by=actor.user_id,
            created_at=now,
            expires_at=now + INVITATION_LIFETIME,
        )
    )
    audit.record(
        session,
        actor,
        "invitation.created",
        "invitation",
        row.id,
        {"email": address, "role": wanted.value},
    )
    return NewInvitation(token, _invitation_info(session, row))


def list_invitations(session: Session, workspace_id: int, actor: Actor) -> list[InvitationInfo]:
    """Invitations not yet accepted, revoked or expired."""
    require(actor, workspace_id, Action.MANAGE_MEMBERS)
    rows = Invitations(session, workspace_id).pending(clock.now())
    return [_invitation_info(session, row) for row in rows]


def revoke_invitation(
    session: Session, workspace_id: int, actor: Actor, invitation_id: int
) -> None:
    require(actor, workspace_id, Action.MANAGE_MEMBERS)
    row = Invitations(session, workspace_id).get(invitation_id)
    if row is None or row.accepted_at is not None or row.revoked_at is not None:
        raise NotFound("no such pending invitation")
    row.revoked_at = clock.now()
    audit.record(session, actor, "invitation.revoked", "invitation", row.id, {"email": row.email})


def get_invitation(session: Session, token: str) -> InvitationInfo:
    """The invitation a link's token opens, to show who invites whom to what; raises
    ``NotFound`` for an unknown, used, revoked or expired one."""
    return _invitation_info(session, _open_invitation(session, token))


def accept_invitation(session: Session, token: str, user_id: int, ip: str | None = None) -> Actor:
    """Join the workspace with an existing account, which must have the invited email; the
    returned actor is the new member."""
    row = _open_invitation(session, token)
    user = Users(session).get(user_id)
    if user is None:
        raise NotFound("no such user")
    if user.email != row.email:
        raise Forbidden(
            "this invitation is for {invited}, and you are signed in as {signed_in}: "
            "sign in with that address, or ask for an invitation to yours",
            invited=row.email,
            signed_in=user.email,
        )
    return _join(session, row, user, ip)


def accept_invitation_as_new_user(
    session: Session,
    token: str,
    display_name: str,
    password: str,
    ui_language: str = "en",
    ip: str | None = None,
) -> tuple[UserInfo, Actor]:
    """Create the account the invitation is addressed to and join with it."""
    row = _open_invitation(session, token)
    if Users(session).by_email(row.email) is not None:
        raise Conflict(
            "there is already an account for {email}; sign in to accept", email=row.email
        )
    user = create_user(session, row.email, display_name, password, ui_language=ui_language, ip=ip)
    stored = Users(session).get(user.id)
    assert stored is not None
    return user, _join(session, row, stored, ip)


def _open_invitation(session: Session, token: str) -> Invitation:
    row = invitation_by_hash(session, _digest(token))
    if row is None or row.revoked_at is not None:
        raise NotFound("this invitation link is not valid; ask for a new invitation")
    if row.accepted_at is not None:
        raise NotFound("this invitation has already been used; sign in instead")
    if row.expires_at <= clock.now():
        raise NotFound("this invitation has expired; ask for a new one")
    return row


def _join(session: Session, row: Invitation, user: User, ip: str | None) -> Actor:
    members = Members(session, row.workspace_id)
    if members.get(user.id) is not None:
        raise Conflict("you are already a member of this workspace")
    now = clock.now()
    members.add(
        Membership(user_id=user.id, workspace_id=row.workspace_id, role=row.role, created_at=now)
    )
    row.accepted_at = now
    row.accepted_by = user.id
    actor = Actor(row.workspace_id, Role(row.role), user_id=user.id, ip=ip)
    audit.record(session, actor, "invitation.accepted", "invitation", row.id, {"role": row.role})
    return actor


def _invitation_info(session: Session, row: Invitation) -> InvitationInfo:
    workspace = Workspaces(session).get(row.workspace_id)
    return InvitationInfo(
        id=row.id,
        workspace_id=row.workspace_id,
        workspace_name=workspace.name if workspace else "",
        email=row.email,
        role=Role(row.role),
        invited_by=row.invited_by,
        created_at=row.created_at,
        expires_at=row.expires_at,
        accepted_at=row.accepted_at,
    )


# API tokens ------------------------------------------------------------------------------------


def create_api_token(
    session: Session, workspace_id: int, actor: Actor, name: str, role: Role | str
) -> NewApiToken:
    """A token that acts in the workspace with ``role`` (at most admin; an admin cannot mint a
    token stronger than itself). The secret is returned this once."""
    require(actor, workspace_id, Action.MANAGE_TOKENS)
    wanted = parse_role(role) if isinstance(role, str) else role
    if wanted is Role.OWNER:
        raise Invalid("a token cannot be an owner; give it the admin role at most", "role")
    _check_assignable(actor, wanted)
    label = name.strip()
    if not label or len(label) > MAX_NAME:
        raise Invalid(
            "name the token after what uses it, e.g. 'Zapier' (200 characters at most)", "name"
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiTokens(session, workspace_id).add(
        ApiToken(
            workspace_id=workspace_id,
            role=wanted.value,
            name=label,
            token_hash=_digest(secret),
            created_by=actor.user_id,
            created_at=clock.now(),
        )
    )
    audit.record(
        session,
        actor,
        "api_token.created",
        "api_token",
        row.id,
        {"name": label, "role": wanted.value},
    )
    return NewApiToken(secret, _token_info(row))


def list_api_tokens(session: Session, workspace_id: int, actor: Actor) -> list[ApiTokenInfo]:
    require(actor, workspace_id, Action.MANAGE_TOKENS)
    return [_token_info(row) for row in ApiTokens(session, workspace_id).list()]


def revoke_api_token(session: Session, workspace_id: int, actor: Actor, token_id: int) -> None:
    require(actor, workspace_id, Action.MANAGE_TOKENS)
    row = ApiTokens(session, workspace_id).get(token_id)
    if row is None:
        raise NotFound("no such API token in this workspace")
    if row.revoked_at is None:
        row.revoked_at = clock.now()
        audit.record(session, actor, "api_token.revoked", "api_token", row.id, {"name": row.name})


def authenticate_token(session: Session, secret: str, ip: str | None = None) -> Actor | None:
    """The actor a bearer token's secret stands for, or ``None`` when it is unknown or
    revoked. Records when the token was last used (at most every few minutes)."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    row = api_token_by_hash(session, _digest(secret))
    if row is None or row.revoked_at is not None:
        return None
    now = clock.now()
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY:
        row.last_used_at = now
    return Actor(row.workspace_id, Role(row.role), token_id=row.id, ip=ip)


def _token_info(row: ApiToken) -> ApiTokenInfo:
    return ApiTokenInfo(
        id=row.id,
        workspace_id=row.workspace_id,
        name=row.name,
        role=Role(row.role),
        created_by=row.created_by,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )
