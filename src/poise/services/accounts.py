"""Connecting social accounts to their networks, and watching their health.

Talking to a network takes time, so nothing here calls one inside a database transaction:
``verify`` asks the network (no database), then ``save_connection`` stores what it learnt;
``check_health`` does both for an account already connected. Credentials are kept encrypted
(``poise.services.secrets``) and never leave this module in clear, except to build a client.

An account whose credentials stop working is *broken*: it is shown loudly, and its posts that
were due are held with the reason (``poise.services.delivery``), never dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from poise import networks
from poise.domain import Action, Actor
from poise.networks.client import Client, ClientOptions, Profile
from poise.networks.errors import AuthExpiredError, NetworkError
from poise.services import audit, clock, secrets
from poise.services.access import require
from poise.services.errors import Conflict, Invalid, NotFound
from poise.storage.db import Database
from poise.storage.tables import Account
from poise.storage.workspaces import Accounts

SANDBOX = "sandbox"
MAX_FIELD = 2000


@dataclass(frozen=True, slots=True)
class ProfileGap:
    """Something a visitor of the account's page would notice is missing."""

    code: str  # avatar, banner, bio, link, name


@dataclass(frozen=True, slots=True)
class AccountHealth:
    id: int
    network: str
    handle: str
    display_name: str
    connected: bool
    publishable: bool
    status: str
    status_reason: str | None
    checked_at: datetime | None
    last_post_at: datetime | None
    profile: Mapping[str, Any]
    gaps: tuple[ProfileGap, ...]


def publishable(account: Account) -> bool:
    """Whether Poise can post to the account: its network has a client, and it is connected
    (sandbox accounts need nothing more than their handle)."""
    if not networks.publishes(account.network):
        return False
    return account.network == SANDBOX or account.credentials is not None


def client_for(account: Account, options: ClientOptions | None = None) -> Client:
    """A client for the account, from its stored credentials."""
    return networks.connect(account.network, credentials_of(account), options)


def credentials_of(account: Account) -> dict[str, str]:
    if account.network == SANDBOX:
        return {"handle": account.handle}
    if account.credentials is None:
        raise AuthExpiredError(f"{account.handle} on {account.network} is not connected")
    return secrets.unseal(account.credentials)


def clean_fields(network: str, given: Mapping[str, str]) -> dict[str, str]:
    """The credential fields of ``network`` from a form, checked; raises ``Invalid`` naming
    the field that is missing or wrong."""
    if not networks.publishes(network):
        raise Invalid("Poise cannot connect to {network} accounts yet", "network", network=network)
    fields: dict[str, str] = {}
    for spec in networks.credential_fields(network):
        value = (given.get(spec.name) or spec.default).strip()
        if spec.required and not value:
            raise Invalid("fill in {name}", spec.name, name=spec.name.replace("_", " "))
        if len(value) > MAX_FIELD or any(ord(char) < 32 for char in value):
            raise Invalid("{name} is not valid", spec.name, name=spec.name.replace("_", " "))
        if value:
            fields[spec.name] = value
    return fields


def verify(network: str, fields: Mapping[str, str]) -> Profile:
    """Ask the network who these credentials are; raises ``NetworkError`` (its message is
    for the person connecting) when they do not work."""
    client = networks.connect(network, fields)
    try:
        return client.profile()
    finally:
        client.close()


def save_connection(
    session: Session,
    workspace_id: int,
    actor: Actor,
    network: str,
    fields: Mapping[str, str],
    profile: Profile,
    account_id: int | None = None,
) -> AccountHealth:
    """Store a connection ``verify`` accepted: a new account, or (``account_id``) new
    credentials for an existing one, which brings a broken account back."""
    require(actor, workspace_id, Action.MANAGE_ACCOUNTS)
    accounts = Accounts(session, workspace_id)
    now = clock.now()
    if account_id is None:
        if accounts.find(network, profile.handle) is not None:
            raise Conflict(
                "{handle} on {network} is already an account of this workspace",
                handle=profile.handle,
                network=network,
            )
        row = accounts.add(
            Account(
                workspace_id=workspace_id,
                network=network,
                handle=profile.handle,
                display_name=(profile.display_name or profile.handle)[:200],
                created_at=now,
            )
        )
    else:
        row = _account(accounts, account_id)
        if row.network != network:
            raise Invalid("reconnect the account on its own network", "network")
    row.credentials = secrets.seal(fields)
    _store_health(row, profile, now)
    session.flush()
    action = "account.connected" if account_id is None else "account.reconnected"
    audit.record(
        session, actor, action, "account", row.id, {"network": network, "handle": row.handle}
    )
    return health_of(row)


def check_health(
    database: Database, workspace_id: int, actor: Actor, account_id: int
) -> AccountHealth:
    """Read the account's profile from its network now, and record what came back: its
    profile, or that its credentials no longer work."""
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    with database.reading() as session:
        row = _account(Accounts(session, workspace_id), account_id)
        if not publishable(row):
            return health_of(row)
        network, credentials = row.network, credentials_of(row)
    try:
        profile: Profile | None = verify(network, credentials)
        problem = None
    except AuthExpiredError as error:
        profile, problem = None, error.message
    except NetworkError as error:
        profile, problem = None, None
        transient = error.message
    with database.transaction() as session:
        row = _account(Accounts(session, workspace_id), account_id)
        if profile is not None:
            _store_health(row, profile, clock.now())
        elif problem is not None:
            mark_broken(session, row, problem)
        else:
            row.checked_at = clock.now()
            row.profile = {**row.profile, "unreachable": transient}
        return health_of(row)


def mark_broken(session: Session, row: Account, reason: str) -> None:
    """Record that the account's credentials stopped working (audited once)."""
    if row.status == "broken" and row.status_reason == reason:
        return
    row.status = "broken"
    row.status_reason = reason
    row.checked_at = clock.now()
    audit.record(
        session,
        None,
        "account.broken",
        "account",
        row.id,
        {"network": row.network, "handle": row.handle, "reason": reason},
        workspace_id=row.workspace_id,
    )


def list_health(session: Session, workspace_id: int, actor: Actor) -> list[AccountHealth]:
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    return [health_of(row) for row in Accounts(session, workspace_id).list()]


def get_health(session: Session, workspace_id: int, actor: Actor, account_id: int) -> AccountHealth:
    require(actor, workspace_id, Action.VIEW_DRAFTS)
    return health_of(_account(Accounts(session, workspace_id), account_id))


def health_of(row: Account) -> AccountHealth:
    return AccountHealth(
        id=row.id,
        network=row.network,
        handle=row.handle,
        display_name=row.display_name,
        connected=publishable(row),
        publishable=networks.publishes(row.network),
        status=row.status,
        status_reason=row.status_reason,
        checked_at=row.checked_at,
        last_post_at=row.last_post_at,
        profile=dict(row.profile or {}),
        gaps=profile_gaps(row.profile or {}) if row.checked_at else (),
    )


def profile_gaps(profile: Mapping[str, Any]) -> tuple[ProfileGap, ...]:
    """What a brand page should have and this one lacks (a page without a banner gets
    noticed)."""
    gaps = []
    if not profile.get("has_avatar"):
        gaps.append(ProfileGap("avatar"))
    if not profile.get("has_banner"):
        gaps.append(ProfileGap("banner"))
    if not str(profile.get("bio") or "").strip():
        gaps.append(ProfileGap("bio"))
    if not profile.get("link"):
        gaps.append(ProfileGap("link"))
    name = str(profile.get("display_name") or "").strip()
    if not name or name.lstrip("@") == str(profile.get("handle") or "").lstrip("@"):
        gaps.append(ProfileGap("name"))
    return tuple(gaps)


def _store_health(row: Account, profile: Profile, now: datetime) -> None:
    stored = asdict(profile)
    stored["last_post_at"] = profile.last_post_at.isoformat() if profile.last_post_at else None
    row.profile = stored
    row.status = "ok"
    row.status_reason = None
    row.checked_at = now
    if profile.display_name:
        row.display_name = profile.display_name[:200]
    if profile.last_post_at is not None and (
        row.last_post_at is None or profile.last_post_at > row.last_post_at
    ):
        row.last_post_at = profile.last_post_at


def _account(accounts: Accounts, account_id: int) -> Account:
    row = accounts.get(account_id)
    if row is None:
        raise NotFound("no such account in this workspace")
    return row
