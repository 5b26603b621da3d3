"""Mastodon: publish statuses, settle posts whose outcome is unknown, read the profile, and
connect an account through OAuth.

This talks to the Mastodon REST API with ``httpx`` rather than Mastodon.py. Mastodon.py turns
every transport failure into one ``MastodonNetworkError`` built from the message text, so
"never reached the server" (safe to send again) and "sent, then no answer" (the post may exist)
cannot be told apart, and its default rate-limit handling sleeps inside the call. httpx raises
``ConnectError``, ``ReadTimeout``, ``RemoteProtocolError`` ... separately, and one
``httpx.Client`` is safe to share between the threads of a worker.

Exactly once: every publish carries ``Idempotency-Key: <Outgoing.key>``. Mastodon remembers the
key for the account for about an hour and answers a second request with the same key with the
status it already created, so a retry after an unknown outcome never makes a second post while
the key is remembered; ``find`` settles the older cases.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

from poise.networks import http
from poise.networks.client import (
    ClientOptions,
    CredentialField,
    Outgoing,
    Profile,
    Published,
)
from poise.networks.errors import (
    AuthExpiredError,
    NetworkError,
    OutcomeUnknownError,
    PermanentError,
    RateLimitedError,
    RetryableError,
)

# Seconds left between two posts to one account: instances limit posting per account (300 per
# three hours by default), and a queue of posts should not arrive as one burst.
SEND_GAP = 1.0
FIELDS: tuple[CredentialField, ...] = (
    CredentialField("instance", default="https://mastodon.social"),
    CredentialField("access_token", secret=True),
)

APP_NAME = "Poise"
SCOPES = "read write"
USER_AGENT = "Poise (self-hosted social media publishing)"

# How far before a post's due time ``find`` still looks: covers clock skew between Poise and
# the instance (a status is never created before the post is due, but clocks disagree).
FIND_SLACK = timedelta(minutes=10)
# ``find`` reads at most this many pages of the account's statuses; an account that posted
# more than that since the post was due cannot be settled by reading its timeline.
FIND_MAX_PAGES = 25
PAGE_SIZE = 40  # the most Mastodon returns per page of an account's statuses

# Mastodon serves a stock image at .../missing.png for an account without an avatar or header;
# mastodon-mock (the test server) serves a generated identicon under /avatars|headers/generated/.
_PLACEHOLDER_IMAGE = re.compile(r"/missing\.png(\?|$)|/(avatars|headers)/generated/")
# A status address on an instance: /@user/123 (web) or /users/user/statuses/123 (ActivityPub).
_STATUS_PATH = re.compile(r"^/(?:@[^/]+|users/[^/]+/statuses)/(\d+)/?$")
_REMOTE_MENTION = re.compile(r"(?<![\w@])@([\w.-]+)@[\w.-]+\w")
_URL = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True, slots=True)
class AppRegistration:
    """Poise registered as an OAuth application on one instance (``POST /api/v1/apps``)."""

    client_id: str
    client_secret: str


@dataclass(frozen=True, slots=True)
class _Purpose:
    """What a request is for, which decides how its failures read and whether an unanswered
    request may have created a post (only publishing does: the others are safe to repeat)."""

    doing: str  # "publishing the post", completes "... while {doing}"
    refused: str  # "Mastodon refused the post", followed by the server's reason
    creates_post: bool = False


_PUBLISH = _Purpose("publishing the post", "Mastodon refused the post", creates_post=True)
_READ_ACCOUNT = _Purpose("reading the account", "Mastodon refused to show the account")
_FIND = _Purpose("looking for the post", "Mastodon refused to list the account's posts")
_RESOLVE = _Purpose(
    "looking up the post to reply to", "Mastodon could not find the post to reply to"
)
_REGISTER = _Purpose("registering Poise on the instance", "Mastodon refused to register Poise")
_EXCHANGE = _Purpose("finishing the connection", "Mastodon refused to connect the account")


# --- connecting -------------------------------------------------------------------------------


def connect(credentials: Mapping[str, str], options: ClientOptions) -> MastodonClient:
    """A client for the account the credentials name. Raises ``PermanentError`` when the
    instance address is not usable and ``AuthExpiredError`` when the token is missing."""
    instance = instance_url(credentials.get("instance", ""))
    token = credentials.get("access_token", "").strip()
    if not token:
        raise AuthExpiredError("This Mastodon account has no access token: reconnect it.")
    return MastodonClient(instance, token, options)


def instance_url(raw: str) -> str:
    """``https://host[:port]`` from what a person typed (``mastodon.social``, a full URL, a
    trailing slash ...). Raises ``PermanentError`` when there is no host in it."""
    text = raw.strip()
    if text and "://" not in text:
        text = f"https://{text}"
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PermanentError(
            f"{raw!r} is not the address of a Mastodon instance (for example https://mastodon.social)."
        )
    return f"{parts.scheme}://{parts.netloc}"


class MastodonClient:
    """One account on one instance. Safe to share between threads: the HTTP connection pool
    is thread-safe and the only other state (the account id) is written under a lock."""

    network = "mastodon"

    def __init__(self, instance: str, access_token: str, options: ClientOptions) -> None:
        self.instance = instance
        self._api = _Api(instance, options, access_token)
        self._account_id: str | None = None
        self._lock = threading.Lock()

    def publish(self, post: Outgoing) -> Published:
        """Post ``post`` as a status under ``Idempotency-Key: post.key``: a second call with
        the same key (within the hour Mastodon remembers it) returns the first status.
        ``reply_to`` is resolved to a status id first; ``alt_texts`` are ignored (no images
        are uploaded yet)."""
        form = {"status": post.text}
        if post.language:
            form["language"] = post.language
        if post.reply_to:
            form["in_reply_to_id"] = self._status_id(post.reply_to)
        status = self._api.call(
            "POST",
            "/api/v1/statuses",
            _PUBLISH,
            data=form,
            headers={"Idempotency-Key": post.key},
        )
        return _published(status, _PUBLISH, self._api.host)

    def find(self, post: Outgoing) -> Published | None:
        """The account's status whose text is ``post.text``, among those created since a little
        before ``post.created_at``; ``None`` when there is none.

        Mastodon has no lookup by idempotency key, so this reads the account's own recent
        statuses (newest first, back to ``post.created_at - FIND_SLACK``) and compares their
        plain text with the post's, whitespace-normalized. Limits: a status edited on Mastodon
        after it was posted no longer matches, nor does one whose text the instance rewrites
        (a remote mention is compared by its local part only, which Mastodon does show);
        two identical posts due at the same time are indistinguishable; and an account that
        posted more than ``FIND_MAX_PAGES`` pages of statuses since then cannot be settled
        (``RetryableError``)."""
        wanted = _comparable(post.text)
        for status in self._own_statuses_since(_aware(post.created_at) - FIND_SLACK):
            if status.get("reblog") is None and _comparable(_text_of(status)) == wanted:
                return _published(status, _FIND, self._api.host)
        return None

    def profile(self) -> Profile:
        """The account as the public sees it, from ``verify_credentials``."""
        account = self._verify_credentials()
        return Profile(
            handle=self._handle(account),
            display_name=str(account.get("display_name") or ""),
            bio=_bio(account),
            has_avatar=_is_real_image(account.get("avatar")),
            has_banner=_is_real_image(account.get("header")),
            link=_profile_link(account),
            url=_str_or_none(account.get("url")),
            posts_count=_int_or_none(account.get("statuses_count")),
            last_post_at=self._last_post_at(account),
        )

    def close(self) -> None:
        """Release the connection pool."""
        self._api.close()

    # --- the account ---------------------------------------------------------------------

    def _verify_credentials(self) -> dict[str, Any]:
        account = _object(
            self._api.call("GET", "/api/v1/accounts/verify_credentials", _READ_ACCOUNT)
        )
        with self._lock:
            self._account_id = str(account.get("id", ""))
        return account

    def _own_id(self) -> str:
        with self._lock:
            known = self._account_id
        return known or str(self._verify_credentials().get("id", ""))

    def _handle(self, account: Mapping[str, Any]) -> str:
        acct = str(account.get("acct") or account.get("username") or "")
        return acct if "@" in acct else f"{acct}@{self._api.hostname}"

    def _last_post_at(self, account: Mapping[str, Any]) -> datetime | None:
        # Mastodon gives only the day of the last status (2024-05-01); the newest status has
        # the time. The mock gives a full timestamp, which is used as is.
        raw = _str_or_none(account.get("last_status_at"))
        if raw is None or len(raw) > len("2024-05-01"):
            return _parse_time(raw)
        newest = next(self._own_statuses_since(None), None)
        return _parse_time(str(newest.get("created_at"))) if newest else _parse_time(raw)

    def _own_statuses_since(self, since: datetime | None) -> Iterator[dict[str, Any]]:
        """The account's statuses, newest first, down to ``since`` (all when ``None``)."""
        path = f"/api/v1/accounts/{self._own_id()}/statuses"
        max_id: str | None = None
        for _ in range(FIND_MAX_PAGES):
            params = {"limit": str(PAGE_SIZE)} | ({"max_id": max_id} if max_id else {})
            page = _list(self._api.call("GET", path, _FIND, params=params))
            for status in page:
                created = _parse_time(str(status.get("created_at")))
                if since is not None and created is not None and created < since:
                    return
                yield status
            if len(page) == 0:
                return
            max_id = str(page[-1].get("id"))
        raise RetryableError(
            f"This account posted more than {FIND_MAX_PAGES * PAGE_SIZE} statuses since the post "
            "was due, so Poise cannot tell whether it was published: check the account on "
            "Mastodon."
        )

    # --- replies -------------------------------------------------------------------------

    def _status_id(self, reply_to: str) -> str:
        """The id on this instance of the status ``reply_to`` names: an id, an address on this
        instance (read from the path), or any other address (resolved by search)."""
        target = reply_to.strip()
        if target.isdigit():
            return target
        parts = urlsplit(target)
        match = _STATUS_PATH.match(parts.path)
        same_instance = (parts.hostname, parts.port) == (
            self._api.hostname,
            urlsplit(self.instance).port,
        )
        if same_instance and match:
            return match.group(1)
        return self._resolve(target)

    def _resolve(self, address: str) -> str:
        found = _object(
            self._api.call(
                "GET",
                "/api/v2/search",
                _RESOLVE,
                params={"q": address, "type": "statuses", "resolve": "true", "limit": "1"},
            )
        )
        statuses = found.get("statuses")
        if isinstance(statuses, list) and statuses and isinstance(statuses[0], dict):
            return str(statuses[0].get("id"))
        raise PermanentError(
            f"Mastodon could not find the post this one replies to ({address}). Check the "
            "address of that post, or remove the reply."
        )


# --- OAuth ------------------------------------------------------------------------------------


def register_app(instance: str, redirect_uri: str, *, options: ClientOptions) -> AppRegistration:
    """Register Poise as an OAuth application on ``instance`` with the scopes it needs."""
    form = {
        "client_name": APP_NAME,
        "redirect_uris": redirect_uri,
        "scopes": SCOPES,
    }
    with _Api(instance_url(instance), options) as api:
        app = _object(api.call("POST", "/api/v1/apps", _REGISTER, data=form))
    client_id, client_secret = app.get("client_id"), app.get("client_secret")
    if not isinstance(client_id, str) or not isinstance(client_secret, str):
        raise RetryableError(
            "The instance registered Poise but did not say under which id: try again."
        )
    return AppRegistration(client_id, client_secret)


def authorize_url(
    instance: str, registration: AppRegistration, redirect_uri: str, state: str
) -> str:
    """Where to send the person's browser to let Poise post for them; the instance sends it
    back to ``redirect_uri`` with ``code`` and ``state``."""
    query = urlencode(
        {
            "client_id": registration.client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": SCOPES,
            "state": state,
        }
    )
    return f"{instance_url(instance)}/oauth/authorize?{query}"


def exchange_code(
    instance: str,
    registration: AppRegistration,
    redirect_uri: str,
    code: str,
    *,
    options: ClientOptions,
) -> str:
    """The access token for the ``code`` the instance sent back to ``redirect_uri``."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": registration.client_id,
        "client_secret": registration.client_secret,
        "redirect_uri": redirect_uri,
        "scope": SCOPES,
    }
    with _Api(instance_url(instance), options) as api:
        answer = _object(api.call("POST", "/oauth/token", _EXCHANGE, data=form))
    token = answer.get("access_token")
    if not isinstance(token, str) or not token:
        raise RetryableError("The instance did not give Poise an access token: connect again.")
    return token


# --- HTTP and its failures --------------------------------------------------------------------


class _Api:
    """The instance's API: one pooled ``httpx.Client`` and the mapping of every failure to
    ``poise.networks.errors``."""

    def __init__(self, instance: str, options: ClientOptions, token: str | None = None) -> None:
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.host = urlsplit(instance).netloc
        self.hostname = urlsplit(instance).hostname or self.host
        self._http = httpx.Client(base_url=instance, headers=headers, timeout=options.timeout)

    def __enter__(self) -> _Api:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def call(self, method: str, path: str, purpose: _Purpose, **kwargs: Any) -> Any:
        """The decoded JSON answer; raises a ``NetworkError`` for anything else."""
        try:
            response = self._http.request(method, path, **kwargs)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise _transport_error(exc, self.host, purpose) from exc
        if not response.is_success:
            raise _status_error(response, self.host, purpose)
        try:
            return response.json()
        except ValueError as exc:
            raise _unreadable(self.host, purpose) from exc


def _transport_error(exc: Exception, host: str, purpose: _Purpose) -> NetworkError:
    """Classify a failure without an HTTP answer by how far the request got."""
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.LocalProtocolError | httpx.InvalidURL):
        return PermanentError(f"Poise could not send a request to {host}: {exc}.")
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        # No connection was made: nothing reached the instance.
        return RetryableError(
            f"Could not reach {host} while {purpose.doing} ({_reason(exc)}). Nothing was sent; "
            "Poise will try again later."
        )
    # The request (or part of it) went out and no complete answer came back.
    if purpose.creates_post:
        return OutcomeUnknownError(
            f"{host} stopped answering after the post was sent ({_reason(exc)}). It may or may "
            "not be on Mastodon: Poise checks before sending it again."
        )
    return RetryableError(f"{host} did not answer while {purpose.doing} ({_reason(exc)}).")


def _reason(exc: Exception) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "no answer in time"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the connection was dropped"
    return str(exc) or type(exc).__name__


def _status_error(response: httpx.Response, host: str, purpose: _Purpose) -> NetworkError:
    """Classify an HTTP error answer."""
    status, said = response.status_code, _server_message(response)
    if status == 429:
        wait = _retry_after(response)
        when = f"wait {wait:.0f} seconds" if wait is not None else "wait a few minutes"
        return RateLimitedError(
            f"Mastodon is limiting how often this account can post: {when} before trying again.",
            status=status,
            retry_after=wait,
        )
    if status >= 500 or status == 408:
        if purpose.creates_post:
            return OutcomeUnknownError(
                f"{host} failed after receiving the post (HTTP {status}: {said}). It may or may "
                "not be on Mastodon: Poise checks before sending it again.",
                status=status,
            )
        return RetryableError(
            f"{host} failed while {purpose.doing} (HTTP {status}: {said}).", status=status
        )
    if status in (401, 403):
        return AuthExpiredError(
            f"Mastodon no longer accepts Poise's access to this account ({said}). Reconnect the "
            "account.",
            status=status,
        )
    if 300 <= status < 400:
        where = response.headers.get("Location", "another address")
        return PermanentError(
            f"{host} answered with a redirect to {where}: check the instance address of the "
            "account.",
            status=status,
        )
    return PermanentError(f"{purpose.refused}: {said}", status=status)


def _unreadable(host: str, purpose: _Purpose) -> NetworkError:
    if purpose.creates_post:
        return OutcomeUnknownError(
            f"{host} accepted the post but its answer could not be read. It is probably on "
            "Mastodon: Poise checks before sending it again."
        )
    return RetryableError(f"{host} sent an answer Poise could not read while {purpose.doing}.")


def _server_message(response: httpx.Response) -> str:
    """Mastodon's own words (``{"error": ..., "error_description": ...}``), or the status."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        parts = [body.get("error"), body.get("error_description")]
        said = ": ".join(str(part) for part in parts if part)
        if said:
            return said
    return response.reason_phrase or f"HTTP {response.status_code}"


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait, from ``Retry-After`` or Mastodon's ``X-RateLimit-Reset`` (an ISO
    time; some servers send epoch seconds)."""
    return http.retry_after(response.headers, "X-RateLimit-Reset")


# --- reading answers --------------------------------------------------------------------------


def _published(status: Any, purpose: _Purpose, host: str) -> Published:
    """A ``Published`` from a status; a status without an id means the answer was garbled."""
    if not isinstance(status, dict) or not status.get("id"):
        raise _unreadable(host, purpose)
    url = _str_or_none(status.get("url")) or str(status.get("uri") or "")
    return Published(
        remote_id=str(status["id"]),
        url=url,
        published_at=_parse_time(str(status.get("created_at"))),
    )


def _object(answer: Any) -> dict[str, Any]:
    if not isinstance(answer, dict):
        raise RetryableError("Mastodon sent an answer of an unexpected shape.")
    return answer


def _list(answer: Any) -> list[dict[str, Any]]:
    if not isinstance(answer, list):
        raise RetryableError("Mastodon sent an answer of an unexpected shape.")
    return [item for item in answer if isinstance(item, dict)]


def _parse_time(raw: str | None) -> datetime | None:
    """An aware datetime from an ISO time or day; ``None`` when there is none."""
    if not raw or raw == "None":
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return _aware(moment)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _str_or_none(value: Any) -> str | None:
    return str(value) if value else None


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) else None


# --- text -------------------------------------------------------------------------------------


class _HtmlText(HTMLParser):
    """The text of Mastodon's status HTML (paragraphs and line breaks as newlines, entities
    decoded; the hidden spans of shortened links kept, so links read in full) and its links
    (without mentions and hashtags)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "p") and self.parts:
            self.parts.append("\n")
        found = dict(attrs)
        classes = found.get("class") or ""
        if tag == "a" and found.get("href") and "mention" not in classes:
            self.links.append(str(found["href"]))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @classmethod
    def read(cls, html: str) -> _HtmlText:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()


def _text_of(status: Mapping[str, Any]) -> str:
    return _HtmlText.read(str(status.get("content") or "")).text


def _comparable(text: str) -> str:
    """Text reduced to what survives Mastodon's rendering: NFC, remote mentions by their
    local part (Mastodon shows @alice@example.social as @alice), whitespace runs as one space."""
    text = unicodedata.normalize("NFC", text)
    text = _REMOTE_MENTION.sub(r"@\1", text)
    return " ".join(text.split())


def _bio(account: Mapping[str, Any]) -> str:
    source = account.get("source")
    if isinstance(source, dict) and source.get("note"):
        return str(source["note"]).strip()
    return _HtmlText.read(str(account.get("note") or "")).text


def _is_real_image(url: Any) -> bool:
    return bool(url) and not _PLACEHOLDER_IMAGE.search(str(url))


def _profile_link(account: Mapping[str, Any]) -> str | None:
    """The first profile field whose value is a link, else the first link in the bio
    (mentions and hashtags are not links)."""
    fields = account.get("fields")
    values = (
        [str(f.get("value") or "") for f in fields if isinstance(f, dict)]
        if isinstance(fields, list)
        else []
    )
    for html in [*values, str(account.get("note") or "")]:
        link = _first_link(html)
        if link:
            return link
    return None


def _first_link(html: str) -> str | None:
    parsed = _HtmlText.read(html)
    if parsed.links:
        return parsed.links[0]
    match = _URL.search(parsed.text)
    return match.group(0) if match else None
