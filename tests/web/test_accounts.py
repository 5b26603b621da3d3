"""The accounts page: connecting accounts to their networks (the sandbox, Mastodon with a token
or through the instance's authorization page, Bluesky with an app password), their health shown
loudly when broken, the audit of their profile, and the sandbox's own page."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from poise import settings
from poise.services import accounts, delivery, publishing
from poise.storage.db import Database
from poise.storage.tables import Account, Draft
from tests.servers.mastodon import LocalMastodon
from tests.services.cast import Cast
from tests.services.factories import FrozenClock, draft
from tests.web.conftest import Browser, sign_in_as

ACCOUNTS = "/w/acme/accounts"
CALM = "Our winter menu is here: maple latte and cinnamon buns, from Monday."


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The sandbox network keeps its posts in this test's own folder."""
    monkeypatch.setenv("POISE_DATA_DIR", str(tmp_path))
    settings.current.cache_clear()
    yield tmp_path
    settings.current.cache_clear()


def _accounts(session: Session, cast: Cast) -> list[Account]:
    session.expire_all()
    rows = list(session.scalars(select(Account).where(Account.workspace_id == cast.workspace_id)))
    session.commit()
    return rows


def _connect_sandbox(browser: Browser, handle: str = "@acme") -> int:
    response = browser.post(f"{ACCOUNTS}/connect/sandbox", {"handle": handle}, ACCOUNTS)
    assert response.status_code == 303, response.text
    found = re.search(r"account=(\d+)", response.headers["location"])
    assert found
    return int(found.group(1))


def test_an_admin_connects_a_sandbox_account_and_sees_it_working(
    browser: Browser, session: Session, cast: Cast
) -> None:
    sign_in_as(browser, "admin")
    account_id = _connect_sandbox(browser)
    page = browser.client.get(f"{ACCOUNTS}?done=connected&account={account_id}").text
    assert "The account is connected." in page
    assert "Connected, working" in page
    (row,) = _accounts(session, cast)
    assert (row.network, row.handle, row.status) == ("sandbox", "@acme", "ok")
    assert row.checked_at is not None


def test_the_profile_audit_lists_the_missing_banner(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "admin")
    _connect_sandbox(browser)
    page = browser.client.get(ACCOUNTS).text
    assert "Profile audit" in page
    assert "No banner: a brand page without a banner gets noticed." in page
    assert "Empty bio" in page


def test_everyone_sees_the_accounts_but_only_admins_connect_them(
    browser: Browser, session: Session, cast: Cast
) -> None:
    sign_in_as(browser, "editor")
    page = browser.client.get(ACCOUNTS)
    assert page.status_code == 200
    assert "Connect a Bluesky account" not in page.text
    assert "Only admins and owners connect accounts." in page.text
    refused = browser.post(f"{ACCOUNTS}/connect/sandbox", {"handle": "@acme"}, ACCOUNTS)
    assert refused.status_code == 403
    assert _accounts(session, cast) == []


def test_an_admin_connects_a_mastodon_account_with_its_token(
    browser: Browser, session: Session, cast: Cast, mastodon_account: dict[str, str]
) -> None:
    sign_in_as(browser, "admin")
    response = browser.post(f"{ACCOUNTS}/connect/mastodon", mastodon_account, ACCOUNTS)
    assert response.status_code == 303, response.text
    (row,) = _accounts(session, cast)
    assert row.network == "mastodon" and row.handle.startswith("poise_")
    assert row.credentials is not None and mastodon_account["access_token"] not in row.credentials
    page = browser.client.get(response.headers["location"]).text
    assert "Connected, working" in page and row.handle in page


def test_a_wrong_mastodon_token_shows_the_networks_message_and_stores_nothing(
    browser: Browser, session: Session, cast: Cast, mastodon_server: LocalMastodon
) -> None:
    sign_in_as(browser, "admin")
    wrong = {"instance": mastodon_server.url, "access_token": "not-a-token"}
    response = browser.post(f"{ACCOUNTS}/connect/mastodon", wrong, ACCOUNTS)
    assert response.status_code == 422
    assert "The account was not connected." in response.text
    assert re.search(r"Mastodon[^<]*(token|credentials|reconnect)", response.text, re.I)
    assert _accounts(session, cast) == []


def test_a_mastodon_account_connects_through_the_instances_authorization_page(
    browser: Browser, session: Session, cast: Cast, mastodon_server: LocalMastodon
) -> None:
    username = f"acme_{uuid.uuid4().hex[:8]}"
    mastodon_server.create_account(username)
    sign_in_as(browser, "admin")
    started = browser.post(
        f"{ACCOUNTS}/mastodon/authorize", {"instance": mastodon_server.url}, ACCOUNTS
    )
    assert started.status_code == 200, started.text
    found = re.search(r'id="authorize" href="([^"]+)"', started.text)
    assert found
    target = found.group(1).replace("&amp;", "&")
    assert target.startswith(f"{mastodon_server.url}/oauth/authorize?")
    query = parse_qs(urlsplit(target).query)
    # The instance's page: the person picks the account and allows Poise.
    picker = httpx.get(target)
    assert picker.status_code == 200 and username in picker.text
    allowed = httpx.post(
        f"{mastodon_server.url}/oauth/authorize",
        data={
            "username": username,
            "redirect_uri": query["redirect_uri"][0],
            "client_id": query["client_id"][0],
            "scope": query["scope"][0],
            "state": query["state"][0],
        },
    )
    assert allowed.status_code == 302
    back = allowed.headers["location"]
    assert back.startswith("http://poise.test/w/acme/accounts/mastodon/callback?")
    finished = browser.client.get(back, follow_redirects=False)
    assert finished.status_code == 303, finished.text
    (row,) = _accounts(session, cast)
    assert row.network == "mastodon" and row.handle.startswith(f"{username}@")
    assert "The account is connected." in browser.client.get(finished.headers["location"]).text


def test_a_callback_that_does_not_match_the_started_connection_is_ignored(
    browser: Browser, session: Session, cast: Cast, mastodon_server: LocalMastodon
) -> None:
    sign_in_as(browser, "admin")
    browser.post(f"{ACCOUNTS}/mastodon/authorize", {"instance": mastodon_server.url}, ACCOUNTS)
    forged = browser.client.get(
        f"{ACCOUNTS}/mastodon/callback?code=mockcode_x&state=forged", follow_redirects=True
    )
    assert "does not match the connection started here" in forged.text
    assert _accounts(session, cast) == []


def test_a_callback_without_a_started_connection_says_to_start_again(
    browser: Browser, cast: Cast
) -> None:
    sign_in_as(browser, "admin")
    page = browser.client.get(f"{ACCOUNTS}/mastodon/callback?code=x&state=y")
    assert "start it again" in page.text


def test_an_admin_connects_a_bluesky_account_on_its_pds(
    browser: Browser, session: Session, cast: Cast, bluesky_account: dict[str, str]
) -> None:
    sign_in_as(browser, "admin")
    response = browser.post(f"{ACCOUNTS}/connect/bluesky", bluesky_account, ACCOUNTS)
    assert response.status_code == 303, response.text
    (row,) = _accounts(session, cast)
    assert (row.network, row.status) == ("bluesky", "ok")
    assert row.handle.lstrip("@") == bluesky_account["handle"].lstrip("@")


def test_a_bluesky_address_that_does_not_answer_is_explained_and_nothing_stored(
    browser: Browser, session: Session, cast: Cast
) -> None:
    sign_in_as(browser, "admin")
    unreachable = {
        "service": "http://127.0.0.1:9",
        "handle": "acme.bsky.social",
        "app_password": "wrong-wrong-wrong-wrong",
    }
    response = browser.post(f"{ACCOUNTS}/connect/bluesky", unreachable, ACCOUNTS)
    assert response.status_code == 422
    assert "The account was not connected." in response.text
    assert "127.0.0.1:9" in response.text
    assert _accounts(session, cast) == []


def test_a_missing_field_names_the_field(browser: Browser, session: Session, cast: Cast) -> None:
    sign_in_as(browser, "admin")
    response = browser.post(f"{ACCOUNTS}/connect/bluesky", {"handle": "acme.test"}, ACCOUNTS)
    assert response.status_code == 422
    assert "fill in app password" in response.text
    assert _accounts(session, cast) == []


def _broken_with_a_held_post(
    session: Session, cast: Cast, clock: FrozenClock, browser: Browser
) -> tuple[int, int]:
    sign_in_as(browser, "admin")
    account_id = _connect_sandbox(browser)
    post = draft(session, cast.editor, CALM, account_ids=[account_id])
    publishing.schedule(
        session, cast.workspace_id, cast.editor, post.id, clock.now() + timedelta(hours=2)
    )
    row = session.get(Account, account_id)
    assert row is not None
    accounts.mark_broken(session, row, "The app password was revoked: reconnect the account.")
    publishing.hold_all_of_account(session, account_id, cast.workspace_id, "revoked")
    session.commit()
    return account_id, post.id


def test_a_broken_account_is_shown_loudly_here_and_on_the_drafts_page(
    browser: Browser, session: Session, cast: Cast, clock: FrozenClock
) -> None:
    _broken_with_a_held_post(session, cast, clock, browser)
    page = browser.client.get(ACCOUNTS).text
    assert "Broken: Poise can no longer post to this account." in page
    assert "The app password was revoked: reconnect the account." in page
    assert "account-broken" in page
    drafts_page = browser.client.get("/w/acme/drafts").text
    assert "An account is broken: @acme (sandbox)." in drafts_page
    assert "An account is broken" not in browser.client.get("/w/acme/calendar").text


def test_reconnecting_a_broken_account_lists_the_posts_held_for_it(
    browser: Browser, session: Session, cast: Cast, clock: FrozenClock
) -> None:
    account_id, post_id = _broken_with_a_held_post(session, cast, clock, browser)
    response = browser.post(
        f"{ACCOUNTS}/connect/sandbox", {"handle": "@acme", "account_id": str(account_id)}, ACCOUNTS
    )
    assert response.status_code == 303, response.text
    page = browser.client.get(response.headers["location"]).text
    assert "The account is connected again." in page
    assert "Posts held while the account was broken" in page
    assert f'href="/w/acme/posts/{post_id}"' in page
    (row,) = _accounts(session, cast)
    assert row.status == "ok"


def test_check_now_records_when_the_account_was_checked(
    browser: Browser, session: Session, cast: Cast, clock: FrozenClock
) -> None:
    sign_in_as(browser, "admin")
    account_id = _connect_sandbox(browser)
    clock.advance(hours=3)
    response = browser.post(f"{ACCOUNTS}/{account_id}/check", {}, ACCOUNTS)
    assert response.status_code == 303
    (row,) = _accounts(session, cast)
    assert row.checked_at == clock.now()
    assert (
        "The account was checked just now." in browser.client.get(response.headers["location"]).text
    )


def test_the_sandbox_page_shows_what_the_workspace_posted_there(
    browser: Browser, session: Session, database: Database, cast: Cast, clock: FrozenClock
) -> None:
    sign_in_as(browser, "admin")
    account_id = _connect_sandbox(browser)
    post = draft(session, cast.editor, CALM, account_ids=[account_id])
    publishing.schedule(session, cast.workspace_id, cast.editor, post.id, None)
    session.commit()
    assert delivery.publish_one(database, "test-worker", delivery.Clients())
    page = browser.client.get("/w/acme/sandbox").text
    assert CALM in page
    found = re.search(r'href="(/sandbox/posts/\d+)"', page)
    assert found
    single = browser.client.get(found.group(1))
    assert single.status_code == 200 and CALM in single.text
    assert f'href="/w/acme/posts/{post.id}"' in single.text
    session.expire_all()
    assert session.get(Draft, post.id).state == "published"  # type: ignore[union-attr]
    session.commit()


def test_a_sandbox_post_of_another_workspace_is_not_shown(
    browser: Browser, session: Session, database: Database, cast: Cast
) -> None:
    sign_in_as(browser, "admin")
    account_id = _connect_sandbox(browser)
    post = draft(session, cast.editor, CALM, account_ids=[account_id])
    publishing.schedule(session, cast.workspace_id, cast.editor, post.id, None)
    session.commit()
    assert delivery.publish_one(database, "test-worker", delivery.Clients())
    page = browser.client.get("/w/acme/sandbox").text
    found = re.search(r'href="(/sandbox/posts/\d+)"', page)
    assert found
    browser.post("/sign-out", {}, "/w/acme/accounts")
    sign_in_as(browser, "outsider")
    assert browser.client.get(found.group(1)).status_code == 404
