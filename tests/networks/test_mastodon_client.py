"""The Mastodon client against a real Mastodon API server (mastodon-mock, see
``tests/servers/mastodon.py``) and, for what a healthy server never does (hang, drop the
connection, lose the answer to a post it made), tiny local servers written here."""

from __future__ import annotations

import html
import re
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from poise.networks import connect as connect_network
from poise.networks.client import ClientOptions, Outgoing
from poise.networks.errors import (
    AuthExpiredError,
    OutcomeUnknownError,
    PermanentError,
    RateLimitedError,
    RetryableError,
)
from poise.networks.mastodon.client import (
    MastodonClient,
    authorize_url,
    connect,
    exchange_code,
    register_app,
)
from tests.servers.mastodon import LocalMastodon

OPTIONS = ClientOptions(timeout=5.0)
SHORT = ClientOptions(timeout=0.5)


def outgoing(
    text: str,
    *,
    key: str | None = None,
    created_at: datetime | None = None,
    language: str | None = None,
    reply_to: str | None = None,
) -> Outgoing:
    """A post due now, under a key of its own unless one is given."""
    return Outgoing(
        key=key or f"post-{uuid.uuid4().hex}",
        text=text,
        created_at=created_at or datetime.now(UTC),
        language=language,
        reply_to=reply_to,
    )


def plain(content: str) -> str:
    """A status's HTML as text, independently of the client's own reading of it."""
    text = re.sub(r"<br\s*/?>|</p><p>", "\n", content)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


@pytest.fixture
def client(mastodon_account: dict[str, str]) -> Iterator[MastodonClient]:
    found = connect(mastodon_account, OPTIONS)
    yield found
    found.close()


def token_of(credentials: dict[str, str]) -> str:
    return credentials["access_token"]


# --- publishing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Our new autumn menu is here. Come and taste it!", "en"),
        ("قائمتنا الجديدة للخريف وصلت. تعالوا وتذوقوها!", "ar"),
        ("秋の新メニューが登場しました。ぜひお試しください!", "ja"),
    ],
    ids=["english", "arabic", "japanese"],
)
def test_a_published_post_is_on_the_account_with_its_text_and_language(
    mastodon_server: LocalMastodon,
    mastodon_account: dict[str, str],
    client: MastodonClient,
    text: str,
    language: str,
) -> None:
    published = client.publish(outgoing(text, language=language))

    [status] = mastodon_server.statuses(token_of(mastodon_account))
    assert status["id"] == published.remote_id
    assert plain(status["content"]) == text
    assert status["language"] == language
    assert published.url == status["url"]
    assert published.published_at is not None


def test_a_post_on_several_lines_keeps_its_lines_and_special_characters(
    mastodon_server: LocalMastodon, mastodon_account: dict[str, str], client: MastodonClient
) -> None:
    text = "Fish & chips < 10€ today\nSee https://example.com/menu?day=fri"

    client.publish(outgoing(text))

    [status] = mastodon_server.statuses(token_of(mastodon_account))
    assert plain(status["content"]) == text


def test_publishing_the_same_post_twice_leaves_exactly_one_status(
    mastodon_server: LocalMastodon, mastodon_account: dict[str, str], client: MastodonClient
) -> None:
    post = outgoing("Doors open at nine tomorrow.", language="en")

    first = client.publish(post)
    second = connect(mastodon_account, OPTIONS).publish(post)

    assert second.remote_id == first.remote_id
    assert len(mastodon_server.statuses(token_of(mastodon_account))) == 1


def test_two_posts_with_the_same_text_but_different_keys_are_two_statuses(
    mastodon_server: LocalMastodon, mastodon_account: dict[str, str], client: MastodonClient
) -> None:
    client.publish(outgoing("Good morning!"))
    client.publish(outgoing("Good morning!"))

    assert len(mastodon_server.statuses(token_of(mastodon_account))) == 2


def test_one_client_publishes_from_several_threads_at_once(
    mastodon_server: LocalMastodon, mastodon_account: dict[str, str], client: MastodonClient
) -> None:
    posts = [outgoing(f"Thread-safe post number {n}") for n in range(6)]

    with ThreadPoolExecutor(max_workers=3) as pool:
        published = list(pool.map(client.publish, posts))

    texts = {plain(s["content"]) for s in mastodon_server.statuses(token_of(mastodon_account))}
    assert texts == {p.text for p in posts}
    assert len({p.remote_id for p in published}) == len(posts)


def test_a_reply_to_a_status_address_lands_as_a_reply_to_that_status(
    mastodon_server: LocalMastodon, mastodon_account: dict[str, str], client: MastodonClient
) -> None:
    parent = client.publish(outgoing("Which pastry should we bake next week?"))

    reply = client.publish(outgoing("Thanks for all your answers!", reply_to=parent.url))

    status = mastodon_server.status(token_of(mastodon_account), reply.remote_id)
    assert status["in_reply_to_id"] == parent.remote_id


def test_a_reply_to_a_status_id_lands_as_a_reply_to_that_status(
    mastodon_server: LocalMastodon, mastodon_account: dict[str, str], client: MastodonClient
) -> None:
    parent = client.publish(outgoing("Opening hours change on Monday."))

    reply = client.publish(outgoing("Now until 8 pm.", reply_to=parent.remote_id))

    status = mastodon_server.status(token_of(mastodon_account), reply.remote_id)
    assert status["in_reply_to_id"] == parent.remote_id


def test_a_post_is_reached_through_the_network_registry_too(
    mastodon_server: LocalMastodon, mastodon_account: dict[str, str]
) -> None:
    registry_client = connect_network("mastodon", mastodon_account, OPTIONS)

    registry_client.publish(outgoing("Hello from the registry."))

    assert registry_client.network == "mastodon"
    assert len(mastodon_server.statuses(token_of(mastodon_account))) == 1


# --- find ---------------------------------------------------------------------------------


def test_find_returns_a_published_post(client: MastodonClient) -> None:
    post = outgoing("<b>Fresh</b> bread & croissants\n\nfrom 7 am", language="en")
    published = client.publish(post)

    assert client.find(post) == published


def test_find_returns_none_for_a_post_never_sent(client: MastodonClient) -> None:
    client.publish(outgoing("Something else entirely."))

    assert client.find(outgoing("This one was never sent.")) is None


def test_find_ignores_a_status_with_the_same_text_from_well_before_the_post_was_due(
    client: MastodonClient,
) -> None:
    client.publish(outgoing("Good morning, everyone!"))

    tomorrow = outgoing("Good morning, everyone!", created_at=datetime.now(UTC) + timedelta(days=1))

    assert client.find(tomorrow) is None


def test_find_reads_back_through_several_pages_of_statuses(client: MastodonClient) -> None:
    early = outgoing("The first post of a busy day.")
    published = client.publish(early)
    for n in range(45):  # more than one page of 40
        client.publish(outgoing(f"Busy day update {n}"))

    assert client.find(early) == published


def test_a_post_whose_answer_was_lost_is_found_and_sending_it_again_makes_no_second_status(
    mastodon_server: LocalMastodon, mastodon_account: dict[str, str]
) -> None:
    post = outgoing("Our answer got lost on the way back.")
    with answer_lost_proxy(mastodon_server.url) as proxy:
        lossy = connect({**mastodon_account, "instance": proxy}, OPTIONS)

        with pytest.raises(OutcomeUnknownError):
            lossy.publish(post)
        found = lossy.find(post)

    assert found is not None
    again = connect(mastodon_account, OPTIONS).publish(post)
    assert again.remote_id == found.remote_id
    assert len(mastodon_server.statuses(token_of(mastodon_account))) == 1


# --- errors -------------------------------------------------------------------------------


def test_a_revoked_token_is_an_expired_authorisation(
    mastodon_server: LocalMastodon, mastodon_account: dict[str, str], client: MastodonClient
) -> None:
    mastodon_server.revoke(token_of(mastodon_account))

    with pytest.raises(AuthExpiredError) as publishing:
        client.publish(outgoing("Should not go out."))
    with pytest.raises(AuthExpiredError):
        client.profile()
    assert publishing.value.status == 401
    assert "Reconnect" in publishing.value.message


def test_a_wrong_token_is_an_expired_authorisation(mastodon_server: LocalMastodon) -> None:
    wrong = connect({"instance": mastodon_server.url, "access_token": "not-a-token"}, OPTIONS)

    with pytest.raises(AuthExpiredError):
        wrong.find(outgoing("Anything."))


def test_credentials_without_a_token_or_instance_are_refused_at_connect() -> None:
    with pytest.raises(AuthExpiredError):
        connect({"instance": "https://mastodon.social", "access_token": " "}, OPTIONS)
    with pytest.raises(PermanentError, match="not the address of a Mastodon instance"):
        connect({"instance": "https://", "access_token": "x"}, OPTIONS)


def test_a_server_not_listening_is_retryable_and_nothing_was_sent() -> None:
    closed = connect({"instance": f"http://127.0.0.1:{unused_port()}", "access_token": "t"}, SHORT)

    with pytest.raises(RetryableError) as publishing:
        closed.publish(outgoing("Nobody is listening."))
    assert "Nothing was sent" in publishing.value.message
    assert not isinstance(publishing.value, OutcomeUnknownError)


def test_a_server_that_takes_the_post_and_never_answers_leaves_the_outcome_unknown() -> None:
    with raw_server(lambda request: None) as server:
        hanging = connect({"instance": server.url, "access_token": "t"}, SHORT)

        with pytest.raises(OutcomeUnknownError):
            hanging.publish(outgoing("Into the void.", key="post-void", language="fr"))

    [request] = server.requests
    assert request.headers["idempotency-key"] == "post-void"
    assert parse_qs(request.body.decode())["language"] == ["fr"]


def test_a_server_that_drops_the_connection_after_the_post_leaves_the_outcome_unknown() -> None:
    with raw_server(lambda request: b"") as server:
        dropping = connect({"instance": server.url, "access_token": "t"}, SHORT)

        with pytest.raises(OutcomeUnknownError):
            dropping.publish(outgoing("Cut off."))


def test_a_read_that_never_gets_an_answer_is_only_retryable() -> None:
    with raw_server(lambda request: None) as server:
        hanging = connect({"instance": server.url, "access_token": "t"}, SHORT)

        with pytest.raises(RetryableError):
            hanging.profile()
        with pytest.raises(RetryableError):
            hanging.find(outgoing("Anything."))


def test_a_429_with_retry_after_is_rate_limited_for_that_long() -> None:
    answer = http_answer(429, {"error": "Too many requests"}, {"Retry-After": "120"})
    with raw_server(lambda request: answer) as server:
        limited = connect({"instance": server.url, "access_token": "t"}, OPTIONS)

        with pytest.raises(RateLimitedError) as publishing:
            limited.publish(outgoing("Too soon."))

    assert publishing.value.retry_after == 120
    assert publishing.value.status == 429
    assert "120 seconds" in publishing.value.message


def test_a_429_with_only_a_reset_time_waits_until_that_time() -> None:
    reset = (datetime.now(UTC) + timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    answer = http_answer(429, {"error": "Too many requests"}, {"X-RateLimit-Reset": reset})
    with raw_server(lambda request: answer) as server:
        limited = connect({"instance": server.url, "access_token": "t"}, OPTIONS)

        with pytest.raises(RateLimitedError) as publishing:
            limited.publish(outgoing("Too soon."))

    assert publishing.value.retry_after is not None
    assert 280 <= publishing.value.retry_after <= 300


def test_the_instance_rate_limiting_the_account_is_rate_limited(
    mastodon_server: LocalMastodon, client: MastodonClient
) -> None:
    mastodon_server.inject_fault("POST", "/api/v1/statuses", {"type": "ratelimit"})

    with pytest.raises(RateLimitedError) as publishing:
        client.publish(outgoing("Rate limited."))
    assert publishing.value.retry_after == 300


def test_a_500_on_publish_leaves_the_outcome_unknown_and_find_settles_it(
    mastodon_server: LocalMastodon, client: MastodonClient
) -> None:
    post = outgoing("The server broke.")
    mastodon_server.inject_fault("POST", "/api/v1/statuses", {"type": "status", "status": 500})

    with pytest.raises(OutcomeUnknownError) as publishing:
        client.publish(post)

    assert publishing.value.status == 500
    assert client.find(post) is None  # this fault acts before the status is made
    assert client.publish(post).remote_id


def test_a_500_on_a_read_is_only_retryable(
    mastodon_server: LocalMastodon, client: MastodonClient
) -> None:
    mastodon_server.inject_fault(
        "GET", "/api/v1/accounts/verify_credentials", {"type": "status", "status": 503}
    )

    with pytest.raises(RetryableError) as reading:
        client.profile()
    assert not isinstance(reading.value, OutcomeUnknownError)


def test_a_post_over_the_limit_is_refused_with_the_reason_and_not_posted(
    mastodon_server: LocalMastodon, mastodon_account: dict[str, str], client: MastodonClient
) -> None:
    with pytest.raises(PermanentError) as publishing:
        client.publish(outgoing("A" * 501))

    assert not isinstance(publishing.value, AuthExpiredError)
    assert publishing.value.status == 422
    assert publishing.value.message.startswith("Mastodon refused the post: ")
    assert "too long" in publishing.value.message
    assert mastodon_server.statuses(token_of(mastodon_account)) == []


# --- profile ------------------------------------------------------------------------------


def test_the_profile_reads_the_handle_and_notices_a_missing_avatar_and_banner(
    mastodon_server: LocalMastodon, mastodon_account: dict[str, str], client: MastodonClient
) -> None:
    username = mastodon_server.account(token_of(mastodon_account))["username"]

    profile = client.profile()

    assert profile.handle == f"{username}@127.0.0.1"
    assert profile.has_avatar is False
    assert profile.has_banner is False
    assert profile.posts_count == 0
    assert profile.last_post_at is None
    assert profile.url == f"{mastodon_server.url}/@{username}"


def test_the_profile_reads_the_bio_link_and_last_post(
    mastodon_server: LocalMastodon, mastodon_account: dict[str, str], client: MastodonClient
) -> None:
    with httpx.Client(base_url=mastodon_server.url) as http:
        http.patch(
            "/api/v1/accounts/update_credentials",
            headers={"Authorization": f"Bearer {token_of(mastodon_account)}"},
            data={
                "display_name": "Acme Bakery",
                "note": "Bread since 1921. Pronouns: we/us",
                "fields_attributes[0][name]": "Pronouns",
                "fields_attributes[0][value]": "we/us",
                "fields_attributes[1][name]": "Shop",
                "fields_attributes[1][value]": "https://acme.example/shop",
            },
        ).raise_for_status()
    published = client.publish(outgoing("First post!"))

    profile = client.profile()

    assert profile.display_name == "Acme Bakery"
    assert profile.bio == "Bread since 1921. Pronouns: we/us"
    assert profile.link == "https://acme.example/shop"
    assert profile.posts_count == 1
    assert profile.last_post_at == published.published_at


def test_the_profile_of_a_real_mastodon_account_tells_a_stock_image_from_an_uploaded_one() -> None:
    # mastodon-mock 0.6.1 ignores avatar uploads, so this is the shape a real instance sends:
    # stock images at .../missing.png, HTML bio and fields, and only the day of the last post.
    account = {
        "id": "1",
        "username": "acme",
        "acct": "acme",
        "display_name": "Acme",
        "note": '<p>Ask <span class="h-card"><a href="https://m.example/@help" class="u-url '
        'mention">@<span>help</span></a></span> &amp; see <a href="https://acme.example/" '
        'rel="nofollow">acme.example</a></p>',
        "url": "https://m.example/@acme",
        "avatar": "https://files.m.example/accounts/avatars/000/000/001/original/a1.png",
        "header": "https://m.example/headers/original/missing.png",
        "statuses_count": 12,
        "last_status_at": "2024-05-01",
        "fields": [{"name": "Pronouns", "value": "they/them", "verified_at": None}],
    }
    newest = {"id": "99", "created_at": "2024-05-01T18:30:00.000Z", "content": "<p>Hi</p>"}

    def instance(request: SeenRequest) -> bytes:
        if request.path.startswith("/api/v1/accounts/verify_credentials"):
            return http_answer(200, account, {})
        return http_answer(200, [newest], {})

    with raw_server(instance) as server:
        profile = connect({"instance": server.url, "access_token": "t"}, OPTIONS).profile()

    assert profile.has_avatar is True
    assert profile.has_banner is False
    assert profile.bio == "Ask @help & see acme.example"
    assert profile.link == "https://acme.example/"
    assert profile.handle == "acme@127.0.0.1"
    assert profile.last_post_at == datetime(2024, 5, 1, 18, 30, tzinfo=UTC)
    assert [r.path.split("?")[0] for r in server.requests] == [
        "/api/v1/accounts/verify_credentials",
        "/api/v1/accounts/1/statuses",
    ]


# --- OAuth --------------------------------------------------------------------------------


def test_connecting_an_account_through_oauth_gives_a_token_that_works(
    mastodon_server: LocalMastodon,
) -> None:
    username = f"oauth_{uuid.uuid4().hex[:8]}"
    mastodon_server.create_account(username)
    redirect_uri = "https://poise.example/connect/mastodon/callback"

    registration = register_app(mastodon_server.url, redirect_uri, options=OPTIONS)
    address = authorize_url(mastodon_server.url, registration, redirect_uri, "state-123")
    code, state = approve_in_browser(address, username)
    token = exchange_code(mastodon_server.url, registration, redirect_uri, code, options=OPTIONS)

    assert state == "state-123"
    query = parse_qs(urlsplit(address).query)
    assert query["scope"] == ["read write"] and query["response_type"] == ["code"]
    connected = connect({"instance": mastodon_server.url, "access_token": token}, OPTIONS)
    assert connected.profile().handle == f"{username}@127.0.0.1"
    connected.publish(outgoing("Connected through OAuth."))
    assert len(mastodon_server.statuses(token)) == 1


def test_exchanging_a_code_the_instance_never_issued_is_refused(
    mastodon_server: LocalMastodon,
) -> None:
    registration = register_app(mastodon_server.url, "https://poise.example/cb", options=OPTIONS)

    with pytest.raises(PermanentError, match="Mastodon refused to connect the account"):
        exchange_code(
            mastodon_server.url, registration, "https://poise.example/cb", "bogus", options=OPTIONS
        )


def test_registering_on_an_instance_that_is_down_is_retryable() -> None:
    with pytest.raises(RetryableError):
        register_app(f"http://127.0.0.1:{unused_port()}", "https://poise.example/cb", options=SHORT)


def approve_in_browser(address: str, username: str) -> tuple[str, str]:
    """Do what the person does in the browser: open the authorize page, pick the account in
    the form, follow the redirect back to Poise; the ``code`` and ``state`` it carries."""
    with httpx.Client() as browser:
        page = browser.get(address)
        page.raise_for_status()
        form = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page.text))
        action = re.search(r'<form method="post" action="([^"]+)"', page.text)
        assert action is not None, page.text
        answer = browser.post(
            str(page.url.join(action.group(1))), data={**form, "username": username}
        )
    assert answer.status_code in (302, 303), answer.text
    query = parse_qs(urlsplit(answer.headers["Location"]).query)
    return query["code"][0], query["state"][0]


# --- tiny local servers -------------------------------------------------------------------


@dataclass
class SeenRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Answer = Callable[[SeenRequest], bytes | None]


class RawServer:
    """A TCP server on 127.0.0.1 that reads each HTTP request in full, then sends what
    ``answer`` returns: ``None`` keeps the connection open without a word until the test ends,
    ``b""`` closes it without an answer."""

    def __init__(self, answer: Answer) -> None:
        self._answer = answer
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self._stop = threading.Event()
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self.requests: list[SeenRequest] = []
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for held in self._held:
            held.close()
        self._listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            conn.settimeout(5)
            request = read_request(conn)
            self.requests.append(request)
            reply = self._answer(request)
            if reply is None:
                self._held.append(conn)
                continue
            if reply:
                conn.sendall(reply)
            conn.close()


@contextmanager
def raw_server(answer: Answer) -> Iterator[RawServer]:
    server = RawServer(answer)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def answer_lost_proxy(upstream: str) -> Iterator[str]:
    """A proxy to ``upstream`` that passes every request on, and every answer back except the
    one to a new status: that connection is closed once the status exists."""

    def relay(request: SeenRequest) -> bytes:
        headers = {k: v for k, v in request.headers.items() if k not in ("host", "content-length")}
        answer = httpx.request(
            request.method, upstream + request.path, headers=headers, content=request.body
        )
        if request.method == "POST" and request.path == "/api/v1/statuses":
            return b""
        return http_answer(answer.status_code, answer.json(), {})

    with raw_server(relay) as server:
        yield server.url


def read_request(conn: socket.socket) -> SeenRequest:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    request_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    while len(body) < int(headers.get("content-length", "0")):
        body += conn.recv(65536)
    method, path, _ = request_line.split(" ", 2)
    return SeenRequest(method, path, headers, body)


def http_answer(status: int, body: object, headers: dict[str, str]) -> bytes:
    payload = httpx.Response(status, json=body).content
    lines = [f"HTTP/1.1 {status} X", "Content-Type: application/json", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {len(payload)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
