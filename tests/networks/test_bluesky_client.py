"""The Bluesky client against a real PDS on this machine (``tests/servers/bluesky``), and against
tiny local HTTP servers for the failures a real PDS does not show on demand (a hang, a 429, a
503)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from poise.networks.bluesky.client import BlueskyClient, connect, record_key
from poise.networks.client import ClientOptions, Outgoing
from poise.networks.errors import (
    AuthExpiredError,
    OutcomeUnknownError,
    PermanentError,
    RateLimitedError,
    RetryableError,
)
from tests.servers.bluesky import LocalPds

DUE = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def post(key: str, text: str = "Hello from Poise", **fields: Any) -> Outgoing:
    return Outgoing(key=key, text=text, created_at=fields.pop("created_at", DUE), **fields)


@pytest.fixture
def client(bluesky_account: dict[str, str]) -> Iterator[BlueskyClient]:
    opened = connect(bluesky_account, ClientOptions(timeout=10))
    yield opened
    opened.close()


def only_record(pds: LocalPds, handle: str) -> dict[str, Any]:
    records = pds.records(handle)
    assert len(records) == 1, records
    return records[0]


def facet_texts(record: dict[str, Any]) -> dict[str, str]:
    """Each facet's feature type (link, tag, mention) mapped to the text its byte offsets cut
    out of the record's text."""
    raw = record["value"]["text"].encode()
    cut = {}
    for facet in record["value"].get("facets", []):
        index = facet["index"]
        kind = facet["features"][0]["$type"].rsplit("#", 1)[-1]
        cut[kind] = raw[index["byteStart"] : index["byteEnd"]].decode()
    return cut


# -- publishing on the real PDS ------------------------------------------------------------------


def test_a_post_lands_on_the_pds_with_its_text_language_and_links_and_hashtags_at_the_right_bytes(
    client: BlueskyClient, pds: LocalPds, bluesky_account: dict[str, str]
) -> None:
    text = (
        "مرحبا بالعالم 日本語のテキスト 🎉👩‍👩‍👧 read https://example.com/launch?x=1. #Launch2026!"
    )
    published = client.publish(post("launch-1", text, language="ar"))

    record = only_record(pds, bluesky_account["handle"])
    assert record["uri"] == published.remote_id
    assert record["value"]["text"] == text
    assert record["value"]["langs"] == ["ar"]
    assert record["value"]["createdAt"] == "2026-03-01T09:00:00.000Z"
    assert facet_texts(record) == {"link": "https://example.com/launch?x=1", "tag": "#Launch2026"}
    features = [facet["features"][0] for facet in record["value"]["facets"]]
    assert {"$type": "app.bsky.richtext.facet#link", "uri": "https://example.com/launch?x=1"} in (
        features
    )
    assert {"$type": "app.bsky.richtext.facet#tag", "tag": "Launch2026"} in features


def test_the_published_post_has_a_bsky_app_address_and_its_record_key_is_a_tid_of_its_due_time(
    client: BlueskyClient, bluesky_account: dict[str, str]
) -> None:
    outgoing = post("address-1")
    published = client.publish(outgoing)

    rkey = record_key(outgoing)
    assert published.url == f"https://bsky.app/profile/{bluesky_account['handle']}/post/{rkey}"
    assert published.remote_id.startswith("at://did:plc:")
    assert published.remote_id.endswith(f"/app.bsky.feed.post/{rkey}")
    assert published.published_at == DUE
    # A TID holds microseconds since 1970 above 10 bits of clock id: the seconds are the due
    # time's, so posts still sort by time.
    value = 0
    for char in rkey:
        value = value * 32 + "234567abcdefghijklmnopqrstuvwxyz".index(char)
    assert len(rkey) == 13
    assert (value >> 10) // 1_000_000 == int(DUE.timestamp())


def test_a_mention_of_an_account_links_to_its_did_and_one_that_does_not_resolve_stays_text(
    client: BlueskyClient, pds: LocalPds, bluesky_account: dict[str, str]
) -> None:
    friend, _ = pds.create_account()
    friend_did = pds.xrpc("GET", "com.atproto.identity.resolveHandle", params={"handle": friend})
    text = f"日本 thanks @{friend} and @nobody-here.test!"
    client.publish(post("mention-1", text))

    record = only_record(pds, bluesky_account["handle"])
    assert facet_texts(record) == {"mention": f"@{friend}"}
    assert record["value"]["facets"][0]["features"][0]["did"] == friend_did["did"]


def test_publishing_the_same_post_twice_leaves_one_record_and_returns_the_same_post(
    client: BlueskyClient, pds: LocalPds, bluesky_account: dict[str, str]
) -> None:
    outgoing = post("twice-1", "Only once, please")
    first = client.publish(outgoing)
    second = client.publish(outgoing)

    assert second == first
    assert only_record(pds, bluesky_account["handle"])["uri"] == first.remote_id


def test_a_retry_from_another_client_of_the_same_account_also_finds_the_first_record(
    client: BlueskyClient, pds: LocalPds, bluesky_account: dict[str, str]
) -> None:
    outgoing = post("twice-2")
    first = client.publish(outgoing)
    with _Closing(connect(bluesky_account, ClientOptions(timeout=10))) as other:
        assert other.publish(outgoing) == first
    assert len(pds.records(bluesky_account["handle"])) == 1


def test_two_posts_due_at_the_same_second_become_two_records(
    client: BlueskyClient, pds: LocalPds, bluesky_account: dict[str, str]
) -> None:
    first = client.publish(post("thread-1", "First of two"))
    second = client.publish(post("thread-2", "Second of two"))

    assert first.remote_id != second.remote_id
    texts = {r["value"]["text"] for r in pds.records(bluesky_account["handle"])}
    assert texts == {"First of two", "Second of two"}


def test_find_returns_the_published_post_and_none_for_a_post_never_sent(
    client: BlueskyClient,
) -> None:
    sent = post("find-1")
    published = client.publish(sent)

    assert client.find(sent) == published
    assert client.find(post("find-never-sent")) is None


def test_a_reply_carries_its_parent_and_the_root_of_the_thread(
    client: BlueskyClient, pds: LocalPds, bluesky_account: dict[str, str]
) -> None:
    root = client.publish(post("thread-root", "Root"))
    answer = client.publish(post("thread-answer", "Answer", reply_to=root.url))
    deeper = client.publish(post("thread-deeper", "Deeper", reply_to=answer.remote_id))

    records = {r["uri"]: r for r in pds.records(bluesky_account["handle"])}
    root_ref = {"uri": root.remote_id, "cid": records[root.remote_id]["cid"]}
    answer_ref = {"uri": answer.remote_id, "cid": records[answer.remote_id]["cid"]}
    assert "reply" not in records[root.remote_id]["value"]
    assert records[answer.remote_id]["value"]["reply"] == {"root": root_ref, "parent": root_ref}
    assert records[deeper.remote_id]["value"]["reply"] == {"root": root_ref, "parent": answer_ref}


def test_a_reply_to_a_post_that_does_not_exist_is_refused_and_nothing_is_posted(
    client: BlueskyClient, pds: LocalPds, bluesky_account: dict[str, str]
) -> None:
    missing = f"https://bsky.app/profile/{bluesky_account['handle']}/post/3kzzzzzzzzz22"
    with pytest.raises(PermanentError, match="cannot find the post this one answers"):
        client.publish(post("reply-missing", "Answer", reply_to=missing))
    with pytest.raises(PermanentError, match="not the address of a Bluesky post"):
        client.publish(post("reply-garbage", "Answer", reply_to="https://example.com/x"))
    assert pds.records(bluesky_account["handle"]) == []


def test_a_post_too_long_is_refused_with_a_message_a_person_understands(
    client: BlueskyClient, pds: LocalPds, bluesky_account: dict[str, str]
) -> None:
    with pytest.raises(PermanentError, match=r"^Bluesky refused the post: .*300") as raised:
        client.publish(post("too-long", "x" * 301))
    assert type(raised.value) is PermanentError
    assert raised.value.status == 400
    assert pds.records(bluesky_account["handle"]) == []


def test_one_client_publishes_from_several_threads_with_one_login(
    bluesky_account: dict[str, str], pds: LocalPds
) -> None:
    calls: list[str] = []
    http = httpx.Client(timeout=10, event_hooks={"request": [lambda r: calls.append(r.url.path)]})
    shared = BlueskyClient(
        bluesky_account["service"],
        bluesky_account["handle"],
        bluesky_account["app_password"],
        timeout=10,
        http=http,
    )
    outgoing = [post(f"threaded-{n}", f"Post {n}") for n in range(8)]
    with ThreadPoolExecutor(4) as pool:
        published = list(pool.map(shared.publish, outgoing))
    shared.close()

    assert len({p.remote_id for p in published}) == 8
    assert len(pds.records(bluesky_account["handle"])) == 8
    assert calls.count("/xrpc/com.atproto.server.createSession") == 1


def test_an_expired_access_token_is_refreshed_without_logging_in_again(
    bluesky_account: dict[str, str], pds: LocalPds
) -> None:
    calls: list[str] = []
    http = httpx.Client(timeout=10, event_hooks={"request": [lambda r: calls.append(r.url.path)]})
    client = BlueskyClient(
        bluesky_account["service"],
        bluesky_account["handle"],
        bluesky_account["app_password"],
        timeout=10,
        http=http,
    )
    client.publish(post("expiry-1", "Before expiry"))
    session = client._session
    assert session is not None
    client._session = type(session)(
        session.did, session.handle, _expired(session.access, pds.jwt_secret), session.refresh
    )

    client.publish(post("expiry-2", "After expiry"))
    client.close()

    assert len(pds.records(bluesky_account["handle"])) == 2
    assert calls.count("/xrpc/com.atproto.server.refreshSession") == 1
    assert calls.count("/xrpc/com.atproto.server.createSession") == 1


def test_profile_gives_the_handle_and_notices_a_missing_avatar_and_banner(
    client: BlueskyClient, bluesky_account: dict[str, str]
) -> None:
    profile = client.profile()

    assert profile.handle == bluesky_account["handle"]
    assert profile.url == f"https://bsky.app/profile/{bluesky_account['handle']}"
    assert (profile.has_avatar, profile.has_banner, profile.bio, profile.link) == (
        False,
        False,
        "",
        None,
    )
    assert profile.last_post_at is None


def test_profile_reads_the_name_bio_link_avatar_and_last_post_of_the_account(
    client: BlueskyClient, pds: LocalPds, bluesky_account: dict[str, str]
) -> None:
    session = pds.xrpc(
        "POST",
        "com.atproto.server.createSession",
        json={"identifier": bluesky_account["handle"], "password": bluesky_account["app_password"]},
    )
    blob = httpx.post(
        f"{pds.url}/xrpc/com.atproto.repo.uploadBlob",
        content=_PNG,
        headers={"Content-Type": "image/png", "Authorization": f"Bearer {session['accessJwt']}"},
    ).json()["blob"]
    pds.xrpc(
        "POST",
        "com.atproto.repo.putRecord",
        json={
            "repo": session["did"],
            "collection": "app.bsky.actor.profile",
            "rkey": "self",
            "record": {
                "$type": "app.bsky.actor.profile",
                "displayName": "Café Poise ☕",
                "description": "Fresh coffee daily. Menu: https://cafe.example.com/menu",
                "avatar": blob,
            },
        },
        token=session["accessJwt"],
    )
    client.publish(post("older", created_at=DUE))
    client.publish(post("newer", created_at=DUE + timedelta(days=2)))

    profile = client.profile()

    assert profile.display_name == "Café Poise ☕"
    assert profile.bio == "Fresh coffee daily. Menu: https://cafe.example.com/menu"
    assert profile.link == "https://cafe.example.com/menu"
    assert (profile.has_avatar, profile.has_banner) == (True, False)
    assert profile.last_post_at == DUE + timedelta(days=2)


# -- failures ------------------------------------------------------------------------------------


def test_a_wrong_app_password_raises_auth_expired(
    pds: LocalPds, bluesky_account: dict[str, str]
) -> None:
    wrong = {**bluesky_account, "app_password": "aaaa-bbbb-cccc-dddd"}
    client = connect(wrong, ClientOptions(timeout=10))
    with pytest.raises(AuthExpiredError, match="app password") as raised:
        client.publish(post("wrong-password"))
    assert raised.value.status == 401
    with pytest.raises(AuthExpiredError):
        client.profile()
    client.close()
    assert pds.records(bluesky_account["handle"]) == []


def test_connecting_without_an_app_password_or_with_a_bad_address_asks_to_reconnect() -> None:
    with pytest.raises(AuthExpiredError):
        connect({"handle": "a.test", "app_password": ""}, ClientOptions())
    with pytest.raises(AuthExpiredError, match="not a web address"):
        connect(
            {"service": "bsky.social", "handle": "a.test", "app_password": "x"}, ClientOptions()
        )


def test_a_pds_that_is_not_listening_raises_retryable() -> None:
    client = _client(f"http://127.0.0.1:{_closed_port()}", timeout=2)
    with pytest.raises(RetryableError, match="could not reach Bluesky") as raised:
        client.publish(post("nobody-home"))
    assert type(raised.value) is RetryableError
    client.close()


def test_a_server_that_takes_the_post_and_never_answers_leaves_the_outcome_unknown() -> None:
    with _FakePds({"com.atproto.repo.createRecord": _hang}) as server:
        client = _client(server.url, timeout=0.5)
        started = time.monotonic()
        with pytest.raises(OutcomeUnknownError, match="may have been posted"):
            client.publish(post("hang-1"))
        assert time.monotonic() - started < 5
        client.close()
    assert server.seen.count("com.atproto.repo.createRecord") == 1


def test_a_read_that_gets_no_answer_is_retryable_because_it_changed_nothing() -> None:
    with _FakePds({"com.atproto.repo.getRecord": _hang}) as server:
        client = _client(server.url, timeout=0.5)
        with pytest.raises(RetryableError) as raised:
            client.find(post("hang-2"))
        assert type(raised.value) is RetryableError
        client.close()


def test_a_429_raises_rate_limited_with_the_wait_from_retry_after() -> None:
    limited = _answer(429, {"error": "RateLimitExceeded"}, {"Retry-After": "42"})
    with _FakePds({"com.atproto.repo.createRecord": limited}) as server:
        client = _client(server.url)
        with pytest.raises(RateLimitedError) as raised:
            client.publish(post("limited-1"))
        client.close()
    assert raised.value.retry_after == 42
    assert raised.value.status == 429


def test_a_429_raises_rate_limited_with_the_wait_until_ratelimit_reset() -> None:
    reset = str(int(time.time()) + 120)
    limited = _answer(429, {"error": "RateLimitExceeded"}, {"ratelimit-reset": reset})
    with _FakePds({"com.atproto.repo.createRecord": limited}) as server:
        client = _client(server.url)
        with pytest.raises(RateLimitedError) as raised:
            client.publish(post("limited-2"))
        client.close()
    assert raised.value.retry_after is not None
    assert 100 < raised.value.retry_after <= 120


def test_a_503_on_publish_with_no_record_to_find_leaves_the_outcome_unknown() -> None:
    failing = _answer(503, {"error": "ServiceUnavailable", "message": "try later"})
    missing = _answer(400, {"error": "RecordNotFound", "message": "Could not locate record"})
    routes = {"com.atproto.repo.createRecord": failing, "com.atproto.repo.getRecord": missing}
    with _FakePds(routes) as server:
        client = _client(server.url)
        with pytest.raises(OutcomeUnknownError):
            client.publish(post("unavailable-1"))
        assert client.find(post("unavailable-1")) is None
        client.close()
    # After the 503 the client looked for the record before giving up.
    assert server.seen.count("com.atproto.repo.getRecord") == 2


def test_a_503_on_a_read_is_retryable() -> None:
    failing = _answer(503, {"error": "ServiceUnavailable"}, {"Retry-After": "3"})
    with _FakePds({"com.atproto.repo.getRecord": failing}) as server:
        client = _client(server.url)
        with pytest.raises(RetryableError) as raised:
            client.find(post("unavailable-2"))
        client.close()
    assert type(raised.value) is RetryableError
    assert raised.value.retry_after == 3


def test_a_publish_answered_with_something_that_is_not_xrpc_leaves_the_outcome_unknown() -> None:
    odd = _answer(200, {"unexpected": True})
    with _FakePds({"com.atproto.repo.createRecord": odd}) as server:
        client = _client(server.url)
        with pytest.raises(OutcomeUnknownError, match="does not understand"):
            client.publish(post("odd-1"))
        client.close()


def test_a_taken_down_account_raises_auth_expired() -> None:
    takedown = _answer(400, {"error": "AccountTakedown", "message": "Account has been taken down"})
    with _FakePds({"com.atproto.server.createSession": takedown}) as server:
        client = _client(server.url)
        with pytest.raises(AuthExpiredError, match="taken down"):
            client.profile()
        client.close()


# -- helpers ---------------------------------------------------------------------------------------


class _Closing:
    def __init__(self, client: BlueskyClient) -> None:
        self.client = client

    def __enter__(self) -> BlueskyClient:
        return self.client

    def __exit__(self, *_: object) -> None:
        self.client.close()


def _client(service: str, timeout: float = 5) -> BlueskyClient:
    credentials = {"service": service, "handle": "fake.test", "app_password": "x"}
    return connect(credentials, ClientOptions(timeout=timeout))


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _expired(token: str, secret: str) -> str:
    """``token`` with its expiry moved an hour into the past, signed again with the PDS's
    secret: the PDS answers it with ExpiredToken, as it does after two hours."""
    header, payload, _ = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["exp"] = int(time.time()) - 3600
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    signed = f"{header}.{body}".encode()
    signature = hmac.new(secret.encode(), signed, hashlib.sha256).digest()
    return f"{header}.{body}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


Route = Callable[[BaseHTTPRequestHandler, threading.Event], None]


def _answer(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Route:
    def route(handler: BaseHTTPRequestHandler, _: threading.Event) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    return route


def _hang(handler: BaseHTTPRequestHandler, stop: threading.Event) -> None:
    """Take the whole request, then never answer (until the server stops)."""
    stop.wait(30)


_SESSION = _answer(
    200, {"did": "did:plc:fake", "handle": "fake.test", "accessJwt": "a", "refreshJwt": "r"}
)


class _FakePds:
    """A local HTTP server that logs in anyone and answers other XRPC methods by ``routes``
    (404 for the rest). ``seen`` lists the methods asked, in order."""

    def __init__(self, routes: dict[str, Route]) -> None:
        self.routes = {"com.atproto.server.createSession": _SESSION, **routes}
        self.seen: list[str] = []
        self.stop = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._route()

            def do_POST(self) -> None:
                self._route()

            def _route(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                nsid = self.path.split("?")[0].removeprefix("/xrpc/")
                fake.seen.append(nsid)
                route = fake.routes.get(nsid, _answer(404, {"error": "MethodNotImplemented"}))
                route(self, fake.stop)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> _FakePds:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


# A 1×1 transparent PNG, the avatar of the profile test.
_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
