"""Bluesky: publish posts exactly once, settle posts whose outcome is unknown, read the profile.

This speaks XRPC with ``httpx`` rather than through the ``atproto`` SDK's ``Client``. The SDK
turns every timeout into one ``InvokeTimeoutError`` (a connect timeout, where nothing was sent,
and a read timeout, where the post may exist, look the same), reports 502 like a dropped
connection, calls ``app.bsky.actor.getProfile`` while logging in (a PDS without an app view
does not serve it) and refreshes sessions on a schedule of its own. httpx raises
``ConnectError``, ``ConnectTimeout``, ``ReadTimeout``, ``RemoteProtocolError`` ... separately,
and one ``httpx.Client`` is safe to share between the threads of a worker.

Exactly once: a post's record key is a TID computed from ``Outgoing.created_at`` and a hash of
``Outgoing.key`` (``record_key``), so every attempt at the same post writes the same record.
The PDS refuses to create a record that already exists, and the existing one is then returned:
a retry can never make a second post, and ``find`` is one ``getRecord``.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
import regex

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

DEFAULT_SERVICE = "https://bsky.social"
# Seconds left between two posts to one account: Bluesky allows bursts, but a queue of posts
# for one account should not arrive as one burst (its limits are per hour and per day).
SEND_GAP = 1.0
FIELDS: tuple[CredentialField, ...] = (
    CredentialField("service", default=DEFAULT_SERVICE),
    CredentialField("handle"),
    CredentialField("app_password", secret=True),
)

USER_AGENT = "Poise (self-hosted social media publishing)"
APP_URL = "https://bsky.app"
POST = "app.bsky.feed.post"
PROFILE = "app.bsky.actor.profile"

JSON = dict[str, Any]
_T = TypeVar("_T")

# Errors by which the PDS says the access token must be renewed (the call did nothing).
_TOKEN_ERRORS = frozenset({"ExpiredToken", "InvalidToken"})
# Errors that mean the account's credentials do not work, whatever the status.
_AUTH_ERRORS = frozenset(
    {
        "AuthenticationRequired",
        "AuthMissing",
        "ExpiredToken",
        "InvalidToken",
        "AccountTakedown",
        "AccountDeactivated",
        "AuthFactorTokenRequired",
    }
)
# A gateway or server failure on createRecord may come after the record was written.
_UNKNOWN_WRITE_STATUSES = frozenset({500, 502, 503, 504})
# A server that does not serve a method at all answers with one of these.
_NOT_SERVED_STATUSES = frozenset({404, 501})
_NOT_SERVED_ERRORS = frozenset({"MethodNotImplemented", "XRPCNotSupported"})

# https://bsky.app/profile/<handle or did>/post/<rkey>
_APP_POST_PATH = regex.compile(r"^/profile/([^/]+)/post/([^/]+)/?$")
_AT_POST_URI = regex.compile(r"^at://([^/]+)/app\.bsky\.feed\.post/([^/?#]+)$")


@dataclass(frozen=True, slots=True)
class _Session:
    """A logged-in session: who we are and the two tokens of ``createSession``."""

    did: str
    handle: str
    access: str
    refresh: str

    @classmethod
    def from_json(cls, data: JSON) -> _Session:
        return cls(
            did=str(data["did"]),
            handle=str(data["handle"]),
            access=str(data["accessJwt"]),
            refresh=str(data["refreshJwt"]),
        )


class _Refused(Exception):
    """A non-2xx XRPC answer, kept whole until the caller has looked at ``error`` (a missing
    record is an answer to ``find``, not a failure). ``write`` is whether the call was the one
    that creates the post; ``_classify`` turns it into a ``NetworkError``."""

    def __init__(self, nsid: str, response: httpx.Response, *, write: bool) -> None:
        body = _json_or_empty(response)
        self.nsid = nsid
        self.status = response.status_code
        self.error = str(body.get("error") or "")
        self.message = str(body.get("message") or self.error or f"HTTP {self.status}")
        self.retry_after = _retry_after(response.headers)
        self.write = write
        super().__init__(f"{nsid}: {self.status} {self.error} {self.message}")


def connect(credentials: Mapping[str, str], options: ClientOptions) -> BlueskyClient:
    """A client for the account; nothing is sent until it is used. Missing credentials or a
    service that is not a web address raise ``AuthExpiredError`` (the account must be
    connected again)."""
    service = (credentials.get("service") or DEFAULT_SERVICE).strip().rstrip("/")
    handle = credentials.get("handle", "").strip().removeprefix("@")
    password = credentials.get("app_password", "").strip()
    if not handle or not password:
        raise AuthExpiredError(
            "This Bluesky account has no handle or app password: reconnect it with an app "
            "password made in Bluesky's settings."
        )
    if urlsplit(service).scheme not in ("http", "https") or not urlsplit(service).netloc:
        raise AuthExpiredError(
            f"The Bluesky server {service!r} is not a web address (like {DEFAULT_SERVICE}): "
            "reconnect the account with the right one."
        )
    return BlueskyClient(service, handle, password, timeout=options.timeout)


def record_key(post: Outgoing) -> str:
    """The record key of ``post``: a TID (the key ``app.bsky.feed.post`` wants) that is the
    same for every attempt at the same ``post.key``.

    A TID is 53 bits of microseconds since 1970 and 10 bits of clock id. The whole seconds come
    from ``created_at``, so records still sort by time; the microseconds and the clock id come
    from a hash of the key. Two posts due in the same second (a thread, two posts scheduled for
    09:00) then share a record key only if 30 bits of their hashes agree, where taking the
    microseconds from ``created_at`` (usually 0 for a due time) would leave 10 bits."""
    spread = int.from_bytes(hashlib.sha256(post.key.encode()).digest()[:8], "big")
    seconds = max(0, int(_utc(post.created_at).timestamp()))
    micros = seconds * 1_000_000 + spread % 1_000_000
    clock = (spread // 1_000_000) % 1024
    return _tid((micros << 10) | clock)


class BlueskyClient:
    """One Bluesky account on one PDS. Safe to share between threads: the session is renewed
    under a lock, and ``httpx.Client`` pools connections for every thread."""

    network = "bluesky"

    def __init__(
        self,
        service: str,
        handle: str,
        password: str,
        *,
        timeout: float,
        http: httpx.Client | None = None,
    ) -> None:
        self.service = service
        self.handle = handle
        self._password = password
        self._http = http or httpx.Client(timeout=timeout, headers={"User-Agent": USER_AGENT})
        self._lock = threading.Lock()
        self._session: _Session | None = None

    # -- the Client protocol -------------------------------------------------------------------

    def publish(self, post: Outgoing) -> Published:
        """Create the post's record under ``record_key(post)``. When the record is already
        there (an earlier attempt went through), that record is returned; a 5xx whose record
        cannot be found right away raises ``OutcomeUnknownError``."""
        return _classified(lambda: self._publish(post), write=True)

    def find(self, post: Outgoing) -> Published | None:
        """The post's record, ``None`` when the PDS says it does not exist."""
        return _classified(lambda: self._find(post))

    def profile(self) -> Profile:
        """The account's profile from the app view, or from the repository itself when the PDS
        has no app view (a bare PDS serves only com.atproto.*)."""
        return _classified(self._profile)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    # -- publishing ----------------------------------------------------------------------------

    def _publish(self, post: Outgoing) -> Published:
        session = self._current_session()
        rkey = record_key(post)
        record = self._record(post)
        body: JSON = {
            "repo": session.did,
            "collection": POST,
            "rkey": rkey,
            # The PDS checks the record against the lexicon (length, facets, langs) and says
            # what is wrong, instead of storing a post the app view would hide.
            "validate": True,
            "record": record,
        }
        try:
            created = self._authed("POST", "com.atproto.repo.createRecord", body=body, write=True)
        except _Refused as refused:
            return self._settle(refused, session, rkey)
        return self._published(session, str(created["uri"]), str(record["createdAt"]))

    def _settle(self, refused: _Refused, session: _Session, rkey: str) -> Published:
        """After createRecord failed: the record under ``rkey`` when it exists (a PDS refuses a
        record key that is taken, and a 5xx may come after the write), else the failure."""
        if not (_already_exists(refused) or refused.status in _UNKNOWN_WRITE_STATUSES):
            raise refused
        try:
            existing = self._get_post(session, rkey)
        except (_Refused, NetworkError):
            existing = None
        if existing is not None:
            return existing
        raise refused

    def _record(self, post: Outgoing) -> JSON:
        """The ``app.bsky.feed.post`` record for ``post`` (without its images: Poise does not
        upload them yet)."""
        record: JSON = {
            "$type": POST,
            "text": post.text,
            "createdAt": _iso(post.created_at),
        }
        facets = self._facets(post.text)
        if facets:
            record["facets"] = facets
        if post.language:
            record["langs"] = [post.language]
        if post.reply_to:
            record["reply"] = self._reply_ref(post.reply_to)
        return record

    def _facets(self, text: str) -> list[JSON]:
        """Links, hashtags and mentions as rich-text facets, with UTF-8 byte offsets. A mention
        whose handle does not resolve stays plain text, as in the Bluesky app."""
        facets: list[JSON] = []
        taken: list[tuple[int, int]] = []
        for start, end, feature in _spans(text):
            if any(start < e and s < end for s, e in taken):
                continue
            if feature["$type"].endswith("#mention"):
                did = self._resolve(feature.pop("handle"))
                if did is None:
                    continue
                feature["did"] = did
            taken.append((start, end))
            facets.append({"index": _byte_index(text, start, end), "features": [feature]})
        return sorted(facets, key=lambda facet: int(facet["index"]["byteStart"]))

    def _resolve(self, handle: str) -> str | None:
        """The DID of ``handle``; ``None`` when the PDS says it does not resolve."""
        try:
            data = self._request(
                "GET", "com.atproto.identity.resolveHandle", params={"handle": handle}
            )
        except _Refused as refused:
            if 400 <= refused.status < 500 and refused.status != 429:
                return None
            raise
        return str(data["did"])

    def _reply_ref(self, address: str) -> JSON:
        """Root and parent references for a reply to ``address`` (an ``at://`` URI or a
        bsky.app link). The parent is read to learn its cid and the root of its thread."""
        repo, rkey = _post_address(address)
        try:
            parent = self._request(
                "GET",
                "com.atproto.repo.getRecord",
                params={"repo": repo, "collection": POST, "rkey": rkey},
            )
        except _Refused as refused:
            if 400 <= refused.status < 500 and refused.status != 429:
                raise PermanentError(
                    f"Bluesky cannot find the post this one answers ({address}): "
                    f"{refused.message}. Check the reply link.",
                    status=refused.status,
                ) from None
            raise
        parent_ref = {"uri": str(parent["uri"]), "cid": str(parent["cid"])}
        value = parent.get("value")
        reply = value.get("reply") if isinstance(value, dict) else None
        root = reply.get("root") if isinstance(reply, dict) else None
        root_ref = {"uri": str(root["uri"]), "cid": str(root["cid"])} if root else parent_ref
        return {"root": root_ref, "parent": parent_ref}

    # -- finding -------------------------------------------------------------------------------

    def _find(self, post: Outgoing) -> Published | None:
        return self._get_post(self._current_session(), record_key(post))

    def _get_post(self, session: _Session, rkey: str) -> Published | None:
        """The account's post under ``rkey``; ``None`` when the PDS says there is none."""
        try:
            data = self._request(
                "GET",
                "com.atproto.repo.getRecord",
                params={"repo": session.did, "collection": POST, "rkey": rkey},
            )
        except _Refused as refused:
            if refused.error == "RecordNotFound":
                return None
            raise
        value = data.get("value")
        created = value.get("createdAt") if isinstance(value, dict) else None
        return self._published(session, str(data["uri"]), created)

    def _published(self, session: _Session, uri: str, created_at: object) -> Published:
        rkey = uri.rsplit("/", 1)[-1]
        return Published(
            remote_id=uri,
            url=f"{APP_URL}/profile/{session.handle}/post/{rkey}",
            published_at=_parse_time(created_at),
        )

    # -- profile -------------------------------------------------------------------------------

    def _profile(self) -> Profile:
        session = self._current_session()
        try:
            data = self._authed("GET", "app.bsky.actor.getProfile", params={"actor": session.did})
        except _Refused as refused:
            if not _not_served(refused):
                raise
            return self._profile_from_repo(session)
        bio = str(data.get("description") or "")
        count = data.get("postsCount")
        return Profile(
            handle=str(data.get("handle") or session.handle),
            display_name=str(data.get("displayName") or ""),
            bio=bio,
            has_avatar=bool(data.get("avatar")),
            has_banner=bool(data.get("banner")),
            link=_first_link(bio),
            url=f"{APP_URL}/profile/{session.handle}",
            posts_count=count if isinstance(count, int) else None,
            last_post_at=self._last_post_at(session),
        )

    def _profile_from_repo(self, session: _Session) -> Profile:
        """The profile read from the account's own records: the ``app.bsky.actor.profile``
        record ``self``. Without an app view nobody counts the posts (``posts_count`` is
        ``None``)."""
        try:
            data = self._request(
                "GET",
                "com.atproto.repo.getRecord",
                params={"repo": session.did, "collection": PROFILE, "rkey": "self"},
            )
            value = data.get("value")
            record: JSON = value if isinstance(value, dict) else {}
        except _Refused as refused:
            if refused.error != "RecordNotFound":
                raise
            record = {}
        bio = str(record.get("description") or "")
        return Profile(
            handle=session.handle,
            display_name=str(record.get("displayName") or ""),
            bio=bio,
            has_avatar=bool(record.get("avatar")),
            has_banner=bool(record.get("banner")),
            link=_first_link(bio),
            url=f"{APP_URL}/profile/{session.handle}",
            last_post_at=self._last_post_at(session),
        )

    def _last_post_at(self, session: _Session) -> datetime | None:
        """When the newest post of the repository says it was made. Read from the PDS itself
        (``listRecords`` is newest first), so it works with and without an app view."""
        data = self._request(
            "GET",
            "com.atproto.repo.listRecords",
            params={"repo": session.did, "collection": POST, "limit": 1},
        )
        records = data.get("records")
        if not isinstance(records, list) or not records or not isinstance(records[0], dict):
            return None
        value = records[0].get("value")
        return _parse_time(value.get("createdAt") if isinstance(value, dict) else None)

    # -- sessions ------------------------------------------------------------------------------

    def _current_session(self) -> _Session:
        """The session, logging in the first time."""
        session = self._session
        if session is not None:
            return session
        with self._lock:
            if self._session is None:
                self._session = self._login()
            return self._session

    def _renewed(self, stale: _Session) -> _Session:
        """A session to replace ``stale``, whose access token was refused: another thread's
        renewal when there was one, else refreshSession, else a new login."""
        with self._lock:
            current = self._session
            if current is not None and current.access != stale.access:
                return current
            self._session = self._refreshed(stale) or self._login()
            return self._session

    def _refreshed(self, stale: _Session) -> _Session | None:
        """refreshSession with the refresh token; ``None`` when it expired or was revoked."""
        try:
            data = self._request("POST", "com.atproto.server.refreshSession", token=stale.refresh)
        except _Refused as refused:
            if refused.status == 429 or refused.status >= 500:
                raise
            return None
        return _Session.from_json(data)

    def _login(self) -> _Session:
        try:
            data = self._request(
                "POST",
                "com.atproto.server.createSession",
                body={"identifier": self.handle, "password": self._password},
            )
        except _Refused as refused:
            if refused.status == 401 or refused.error in _AUTH_ERRORS:
                raise AuthExpiredError(
                    f"Bluesky did not accept the app password of {self.handle} "
                    f"({refused.message}). Make a new app password in Bluesky's settings and "
                    "reconnect the account.",
                    status=refused.status,
                ) from None
            raise
        return _Session.from_json(data)

    # -- XRPC ----------------------------------------------------------------------------------

    def _authed(
        self,
        method: str,
        nsid: str,
        *,
        params: Mapping[str, object] | None = None,
        body: JSON | None = None,
        write: bool = False,
    ) -> JSON:
        """An XRPC call with the session's access token, renewed once when the PDS says it
        expired (a refused token means the call did nothing, so even a write is repeated)."""
        session = self._current_session()
        try:
            return self._request(
                method, nsid, params=params, body=body, token=session.access, write=write
            )
        except _Refused as refused:
            if refused.error not in _TOKEN_ERRORS:
                raise
        session = self._renewed(session)
        return self._request(
            method, nsid, params=params, body=body, token=session.access, write=write
        )

    def _request(
        self,
        method: str,
        nsid: str,
        *,
        params: Mapping[str, object] | None = None,
        body: JSON | None = None,
        token: str | None = None,
        write: bool = False,
    ) -> JSON:
        """One XRPC call. Raises ``_Refused`` for a non-2xx answer and a ``NetworkError`` when
        no answer came: ``RetryableError`` when the request never reached the PDS (or was a
        read), ``OutcomeUnknownError`` when a ``write`` was sent and the answer never came."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            response = self._http.request(
                method,
                f"{self.service}/xrpc/{nsid}",
                params={name: str(value) for name, value in (params or {}).items()},
                json=body,
                headers=headers,
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
            raise RetryableError(
                f"Poise could not reach Bluesky at {self.service} ({_reason(error)}). Nothing "
                "was posted; it will try again."
            ) from error
        except httpx.HTTPError as error:
            raise _no_answer(self.service, error, write=write) from error
        if not response.is_success:
            raise _Refused(nsid, response, write=write)
        data = _json_or_empty(response)
        if not data:
            raise _no_answer(self.service, ValueError("the answer was not JSON"), write=write)
        return data


# -- errors ------------------------------------------------------------------------------------


def _classified(action: Callable[[], _T], *, write: bool = False) -> _T:
    """Run ``action``, turning a ``_Refused`` that escapes it into the ``NetworkError`` that
    says what to do, and an answer that is not what XRPC promises (a 2xx without the fields of
    the method) into ``OutcomeUnknownError`` for a ``write`` (the post may be there) or
    ``RetryableError`` otherwise: nothing else escapes a client."""
    try:
        return action()
    except _Refused as refused:
        raise _classify(refused) from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        message = f"Bluesky gave an answer Poise does not understand ({error!r})"
        if write:
            raise OutcomeUnknownError(
                f"{message}; the post may have been posted. Poise checks before sending it again."
            ) from error
        raise RetryableError(f"{message}; Poise will try again later.") from error


def _classify(refused: _Refused) -> NetworkError:
    """The ``NetworkError`` for a non-2xx answer (see ``poise.networks.errors``)."""
    status = refused.status
    if status == 429:
        wait = f" in {refused.retry_after:.0f} s" if refused.retry_after is not None else " later"
        return RateLimitedError(
            f"Bluesky is limiting how often this account can post; Poise will try again{wait}.",
            status=status,
            retry_after=refused.retry_after,
        )
    if status == 401 or refused.error in _AUTH_ERRORS:
        return AuthExpiredError(
            f"Bluesky no longer accepts this account's session ({refused.message}): reconnect "
            "the account with a new app password.",
            status=status,
        )
    if status >= 500 and refused.write and status in _UNKNOWN_WRITE_STATUSES:
        return OutcomeUnknownError(
            f"Bluesky failed while taking the post (HTTP {status}: {refused.message}); it may "
            "have been posted. Poise checks before sending it again.",
            status=status,
        )
    if status >= 500:
        return RetryableError(
            f"Bluesky is having trouble (HTTP {status}: {refused.message}); Poise will try "
            "again later.",
            status=status,
            retry_after=refused.retry_after,
        )
    if refused.write:
        return PermanentError(f"Bluesky refused the post: {refused.message}", status=status)
    return PermanentError(
        f"Bluesky refused the request ({refused.nsid}): {refused.message}", status=status
    )


def _no_answer(service: str, error: Exception, *, write: bool) -> NetworkError:
    """The error for a request that was sent but got no usable answer. Only a write can have
    done something; a read is simply asked again."""
    if write:
        return OutcomeUnknownError(
            f"Bluesky at {service} did not answer after Poise sent the post ({_reason(error)}); "
            "it may have been posted. Poise checks before sending it again."
        )
    return RetryableError(
        f"Bluesky at {service} did not answer ({_reason(error)}); Poise will try again later."
    )


def _reason(error: Exception) -> str:
    return str(error) or type(error).__name__


def _already_exists(refused: _Refused) -> bool:
    """Whether the PDS refused createRecord because the record key is taken."""
    text = f"{refused.error} {refused.message}".lower()
    return refused.status < 500 and ("already exists" in text or "conflict" in text)


def _not_served(refused: _Refused) -> bool:
    """Whether the PDS does not serve the method at all (no app view behind it)."""
    if refused.status in _NOT_SERVED_STATUSES or refused.error in _NOT_SERVED_ERRORS:
        return True
    # A PDS with no app view configured answers 400 "No service configured for <nsid>".
    return refused.status == 400 and refused.message.lower().startswith("no service configured")


def _retry_after(headers: httpx.Headers) -> float | None:
    """Seconds to wait, from ``Retry-After`` or the ``ratelimit-reset`` epoch time the PDS
    sends."""
    return http.retry_after(headers, "ratelimit-reset")


def _json_or_empty(response: httpx.Response) -> JSON:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


# -- addresses, times and TIDs -----------------------------------------------------------------


def _post_address(address: str) -> tuple[str, str]:
    """(repo, rkey) of a post given as ``at://`` URI or bsky.app link; ``PermanentError`` for
    anything else."""
    address = address.strip()
    match = _AT_POST_URI.match(address)
    if match:
        return match.group(1), match.group(2)
    parts = urlsplit(address)
    match = _APP_POST_PATH.match(parts.path)
    if parts.scheme in ("http", "https") and match:
        return match.group(1), match.group(2)
    raise PermanentError(
        f"{address!r} is not the address of a Bluesky post (like "
        f"{APP_URL}/profile/alice.bsky.social/post/3k...): check the reply link."
    )


_TID_CHARS = "234567abcdefghijklmnopqrstuvwxyz"


def _tid(value: int) -> str:
    """``value`` (63 bits) in the sortable base32 of TIDs, 13 characters."""
    return "".join(_TID_CHARS[(value >> shift) & 31] for shift in range(60, -1, -5))


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive time is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _iso(moment: datetime) -> str:
    """The ``createdAt`` form Bluesky's own apps write: UTC with milliseconds and a Z."""
    return _utc(moment).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return _utc(datetime.fromisoformat(value))
    except ValueError:
        return None


# -- facets ------------------------------------------------------------------------------------

# The rules of the Bluesky app's own detection (@atproto/api's detectFacets), so a post made in
# Poise has the same links, mentions and hashtags as one typed in the app: each starts the text
# or follows a space (a link or mention may also follow "(").
_TLDS = (
    "com|net|org|edu|gov|io|co|app|dev|me|info|biz|social|blue|xyz|online|site|shop|store|"
    "news|blog|tv|fm|ai|eu|uk|fr|de|es|it|nl|be|ch|at|pt|pl|se|no|dk|fi|ie|us|ca|au|nz|jp|"
    "cn|kr|in|br|mx|ar|sa|ae|eg|ma|dz|tn|ly|qa|kw|om|jo|lb|tr|ru|ua|za|ng|ke"
)
_LINK = regex.compile(
    r"(?:^|(?<=[\s(]))(?:https?://\S+|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:"
    + _TLDS
    + r")(?![a-z0-9-])(?:/\S*)?)",
    regex.IGNORECASE,
)
_MENTION = regex.compile(
    r"(?:^|(?<=[\s(]))@((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z](?:[a-z0-9-]*[a-z0-9])?)"
    r"(?![\w@.-])",
    regex.IGNORECASE,
)
_INVISIBLE = "\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2"
_TAG = regex.compile(rf"(?:^|(?<=\s))[#＃](?!\ufe0f)([^\s{_INVISIBLE}]+)")
_TRAILING_PUNCTUATION = regex.compile(r"\p{P}+$")
_TAG_HAS_WORD = regex.compile(rf"[^\d\s\p{{P}}{_INVISIBLE}]")
MAX_TAG_LENGTH = 64


def _spans(text: str) -> list[tuple[int, int, JSON]]:
    """(start, end, feature) for every link, then mention, then hashtag of ``text``, in
    character indexes; a mention's feature holds its ``handle`` until it is resolved. Earlier
    spans win over later ones that overlap them."""
    spans: list[tuple[int, int, JSON]] = []
    for match in _LINK.finditer(text):
        start, end, uri = _link_span(match.group(), match.start())
        spans.append((start, end, {"$type": "app.bsky.richtext.facet#link", "uri": uri}))
    for match in _MENTION.finditer(text):
        feature = {"$type": "app.bsky.richtext.facet#mention", "handle": match.group(1).lower()}
        spans.append((match.start(), match.end(), feature))
    for match in _TAG.finditer(text):
        tag = _TRAILING_PUNCTUATION.sub("", match.group(1))
        if not tag or len(tag) > MAX_TAG_LENGTH or not _TAG_HAS_WORD.search(tag):
            continue
        end = match.start(1) + len(tag)
        spans.append((match.start(), end, {"$type": "app.bsky.richtext.facet#tag", "tag": tag}))
    return spans


def _link_span(found: str, start: int) -> tuple[int, int, str]:
    """A link without the punctuation that ends its sentence (and without a closing
    parenthesis it did not open), and its full address."""
    link = found.rstrip(".,;:!?\"'»")
    if link.endswith(")") and "(" not in link:
        link = link[:-1].rstrip(".,;:!?")
    uri = link if regex.match(r"https?://", link, regex.IGNORECASE) else f"https://{link}"
    return start, start + len(link), uri


def _first_link(text: str) -> str | None:
    """The first link in ``text`` (a bio), as a full address."""
    match = _LINK.search(text)
    return _link_span(match.group(), match.start())[2] if match else None


def _byte_index(text: str, start: int, end: int) -> JSON:
    """A facet's index: the span's offsets in the UTF-8 bytes of ``text``, as the lexicon
    counts them (a character of Arabic is 2 bytes, of Japanese 3, an emoji 4)."""
    byte_start = len(text[:start].encode())
    return {"byteStart": byte_start, "byteEnd": byte_start + len(text[start:end].encode())}
