"""The workspace's social accounts: their health (connected, broken and why, last checked,
last post), the audit of their public profile, connecting and reconnecting them (Bluesky with
an app password, Mastodon with a token or through the instance's own authorization page, the
sandbox with a handle), and the address of the schedule's calendar feed.

Everyone in the workspace sees the page; only admins and owners change accounts. The network
is never asked inside a database transaction: verify first, then store what it said.
"""

from __future__ import annotations

import base64
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Annotated, Any

from cryptography.fernet import Fernet, InvalidToken
from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from poise import networks
from poise.domain import Action
from poise.networks.client import ClientOptions
from poise.networks.errors import NetworkError
from poise.networks.mastodon import client as mastodon
from poise.services import accounts, feeds, schedule
from poise.services import secrets as keys
from poise.services.access import require
from poise.services.errors import Conflict, Invalid
from poise.web.deps import Here, database, here
from poise.web.security import check_csrf
from poise.web.templating import render

router = APIRouter(dependencies=[Depends(check_csrf)], include_in_schema=False)

CONNECTABLE = ("bluesky", "mastodon", "sandbox")
NOTICES = frozenset({"connected", "reconnected", "checked", "feed"})
OAUTH_COOKIE = "poise_oauth"
OAUTH_SECONDS = 600  # a person has ten minutes to allow Poise on their instance
OAUTH_PROBLEMS = frozenset({"expired", "state", "denied"})


@dataclass(frozen=True, slots=True)
class Failure:
    """What went wrong with a form: ``message`` is a service's or a network's (written for
    people), ``code`` one of this page's own problems; ``form`` says which form."""

    form: str
    message: str | None = None
    code: str | None = None
    account_id: int | None = None


@router.get("/w/{slug}/accounts")
def accounts_page(
    request: Request,
    slug: str,
    done: str | None = None,
    account: int | None = None,
    problem: str | None = None,
) -> Response:
    place = here(request, slug)
    failure = Failure("mastodon-oauth", code=problem) if problem in OAUTH_PROBLEMS else None
    notice = done if done in NOTICES else None
    return _page(request, place, notice=notice, account_id=account, failure=failure)


@router.post("/w/{slug}/accounts/{account_id}/check")
def check_account(request: Request, slug: str, account_id: int) -> Response:
    place = here(request, slug)
    accounts.check_health(database(request), place.workspace.id, place.actor, account_id)
    return _back(place, "checked", account_id)


@router.post("/w/{slug}/accounts/connect/{network}")
async def connect_account(request: Request, slug: str, network: str) -> Response:
    """Connect (or, with ``account_id``, reconnect) an account with the credentials typed
    into the network's form."""
    form = await request.form()
    given = {name: value for name, value in form.items() if isinstance(value, str)}
    return await run_in_threadpool(_connect, request, slug, network, given)


def _connect(request: Request, slug: str, network: str, given: dict[str, str]) -> Response:
    place = here(request, slug)
    require(place.actor, place.workspace.id, Action.MANAGE_ACCOUNTS)
    account_id = _account_id(given.get("account_id", ""))
    if network not in CONNECTABLE:
        failure = Failure("connect", code="network", account_id=account_id)
        return _page(request, place, failure=failure)
    try:
        fields = accounts.clean_fields(network, given)
        profile = accounts.verify(network, fields)
        with database(request).transaction() as s:
            health = accounts.save_connection(
                s, place.workspace.id, place.actor, network, fields, profile, account_id
            )
    except (Invalid, Conflict, NetworkError) as error:
        failure = Failure(network, message=_message(error), account_id=account_id)
        return _page(request, place, failure=failure)
    return _back(place, "connected" if account_id is None else "reconnected", health.id)


# Mastodon through the instance's authorization page ---------------------------------------------


@router.post("/w/{slug}/accounts/mastodon/authorize")
def authorize_mastodon(
    request: Request,
    slug: str,
    instance: Annotated[str, Form()],
    account_id: Annotated[str, Form()] = "",
) -> Response:
    """Register Poise on the instance, then send the person there to allow it. The page that
    sends them is a link (a form may only post to Poise itself, by the pages' policy)."""
    place = here(request, slug)
    require(place.actor, place.workspace.id, Action.MANAGE_ACCOUNTS)
    reconnecting = _account_id(account_id)
    callback = callback_url(request, slug)
    try:
        address = mastodon.instance_url(instance)
        registration = mastodon.register_app(address, callback, options=ClientOptions())
    except NetworkError as error:
        failure = Failure("mastodon-oauth", message=error.message, account_id=reconnecting)
        return _page(request, place, failure=failure)
    state = secrets.token_urlsafe(24)
    target = mastodon.authorize_url(address, registration, callback, state)
    pending = {
        "instance": address,
        "client_id": registration.client_id,
        "client_secret": registration.client_secret,
        "state": state,
        "account_id": reconnecting,
    }
    context = {"here": place, "active": "accounts", "target": target, "instance": address}
    response = render(request, "accounts_authorize.html", context)
    response.set_cookie(
        OAUTH_COOKIE,
        _seal(pending),
        max_age=OAUTH_SECONDS,
        path=_oauth_path(slug),
        httponly=True,
        secure=request.url.scheme == "https",
        samesite="lax",
    )
    return response


@router.get("/w/{slug}/accounts/mastodon/callback")
def mastodon_callback(
    request: Request,
    slug: str,
    code: str | None = None,
    state: str | None = None,
    error: str | None = None,
) -> Response:
    """Where the instance sends the person back: exchange the code for a token, check it,
    store the account."""
    place = here(request, slug)
    require(place.actor, place.workspace.id, Action.MANAGE_ACCOUNTS)
    pending = _unseal(request.cookies.get(OAUTH_COOKIE))
    problem = _callback_problem(pending, state, code, error)
    if problem is not None or pending is None:
        return _forget_oauth(_back_with_problem(place, problem or "expired"), slug)
    reconnecting = pending.get("account_id")
    try:
        fields = _exchange(request, slug, pending, code or "")
        profile = accounts.verify("mastodon", fields)
        with database(request).transaction() as s:
            health = accounts.save_connection(
                s, place.workspace.id, place.actor, "mastodon", fields, profile, reconnecting
            )
    except (Invalid, Conflict, NetworkError) as failed:
        failure = Failure("mastodon-oauth", message=_message(failed), account_id=reconnecting)
        return _forget_oauth(_page(request, place, failure=failure), slug)
    notice = "connected" if reconnecting is None else "reconnected"
    return _forget_oauth(_back(place, notice, health.id), slug)


def _callback_problem(
    pending: dict[str, Any] | None, state: str | None, code: str | None, error: str | None
) -> str | None:
    if pending is None:
        return "expired"
    if not state or not hmac.compare_digest(state.encode(), str(pending["state"]).encode()):
        return "state"
    if error or not code:
        return "denied"
    return None


def _exchange(request: Request, slug: str, pending: dict[str, Any], code: str) -> dict[str, str]:
    registration = mastodon.AppRegistration(pending["client_id"], pending["client_secret"])
    token = mastodon.exchange_code(
        pending["instance"],
        registration,
        callback_url(request, slug),
        code,
        options=ClientOptions(),
    )
    return {"instance": pending["instance"], "access_token": token}


def callback_url(request: Request, slug: str) -> str:
    """The address the instance sends the person back to (registered with the app)."""
    return f"{str(request.base_url).rstrip('/')}{_oauth_path(slug)}/callback"


def _oauth_path(slug: str) -> str:
    return f"/w/{slug}/accounts/mastodon"


def _cipher() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(keys.derived("poise oauth state")))


def _seal(pending: dict[str, Any]) -> str:
    return _cipher().encrypt(json.dumps(pending).encode()).decode()


def _unseal(cookie: str | None) -> dict[str, Any] | None:
    """The pending authorization, unless it is missing, altered or older than ten minutes."""
    if not cookie:
        return None
    try:
        found: dict[str, Any] = json.loads(_cipher().decrypt(cookie.encode(), ttl=OAUTH_SECONDS))
    except (InvalidToken, ValueError):
        return None
    return found


def _forget_oauth(response: Response, slug: str) -> Response:
    response.delete_cookie(OAUTH_COOKIE, path=_oauth_path(slug))
    return response


def _back_with_problem(place: Here, problem: str) -> Response:
    url = f"/w/{place.workspace.slug}/accounts?problem={problem}#connect-mastodon"
    return RedirectResponse(url, status_code=303)


# The calendar feed -----------------------------------------------------------------------------


@router.post("/w/{slug}/accounts/feed")
def renew_feed(request: Request, slug: str) -> Response:
    place = here(request, slug)
    with database(request).transaction() as s:
        feeds.renew_token(s, place.workspace.id, place.actor)
    return RedirectResponse(f"/w/{place.workspace.slug}/accounts?done=feed#feed", status_code=303)


def feed_url(request: Request, slug: str, token: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/w/{slug}/schedule.ics?token={token}"


# The page --------------------------------------------------------------------------------------


def _page(
    request: Request,
    place: Here,
    *,
    notice: str | None = None,
    account_id: int | None = None,
    failure: Failure | None = None,
) -> Response:
    workspace_id, actor = place.workspace.id, place.actor
    with database(request).reading() as s:
        found = accounts.list_health(s, workspace_id, actor)
        held = (
            schedule.held_for_account(s, workspace_id, actor, account_id)
            if account_id is not None and notice == "reconnected"
            else []
        )
        token = feeds.feed_token(s, workspace_id, actor) if actor.can(Action.PUBLISH) else None
    context: dict[str, Any] = {
        "here": place,
        "active": "accounts",
        "accounts": found,
        "notice": notice,
        "focus": account_id,
        "held": held,
        "failure": failure,
        "forms": {network: networks.credential_fields(network) for network in CONNECTABLE},
        "may_manage": actor.can(Action.MANAGE_ACCOUNTS),
        "may_feed": actor.can(Action.PUBLISH),
        "feed_url": feed_url(request, place.workspace.slug, token) if token else None,
    }
    status = 200 if failure is None or failure.message is None else 422
    return render(request, "accounts.html", context, status_code=status)


def _back(place: Here, notice: str, account_id: int) -> Response:
    url = f"/w/{place.workspace.slug}/accounts?done={notice}&account={account_id}#account-{account_id}"
    return RedirectResponse(url, status_code=303)


def _account_id(value: str) -> int | None:
    text = value.strip()
    if not text:
        return None
    if not text.isdigit():
        raise Invalid("choose one of the workspace's accounts", "account_id")
    return int(text)


def _message(error: Exception) -> str:
    return str(getattr(error, "message", None) or error)
