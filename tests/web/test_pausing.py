"""Pausing a workspace's publishing from the pages: the banner every page shows, a worker that
sends nothing meanwhile, and resuming after seeing what would go out, reviewed again."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.orm import Session

from poise.services import delivery
from poise.storage.db import Database
from tests.services.cast import Cast
from tests.services.factories import FrozenClock
from tests.services.sandbox_fixtures import run_due, sent
from tests.web.conftest import Browser, sign_in_as
from tests.web.test_posts import CALM, compose, page_of, post_id, sandbox

REASON = "Storm over Paris: checking every post before it goes out"


def scheduled_then_paused(browser: Browser, session: Session, cast: Cast) -> int:
    account = sandbox(session, cast)
    sign_in_as(browser, "editor")
    post = post_id(
        compose(browser, text=CALM, account=str(account), publish="at", at="2026-11-21T09:30")
    )
    sign_in_as(browser, "admin")
    paused = browser.post("/w/acme/pause", {"reason": REASON}, page="/w/acme/pause")
    assert paused.status_code == 303, paused.text
    return post


def test_a_pause_shows_everywhere_stops_the_worker_and_resume_holds_what_is_unticked(
    browser: Browser,
    session: Session,
    database: Database,
    cast: Cast,
    clock: FrozenClock,
    clients: delivery.Clients,
    store: Path,
) -> None:
    post = scheduled_then_paused(browser, session, cast)
    sign_in_as(browser, "contributor")
    banner = browser.client.get("/w/acme/events").text
    moment = "Nov 21, 2026, 9:00:00\u202fAM"  # Babel puts a narrow space before AM
    assert f"Publishing is paused since {moment} by Adam Admin: {REASON}" in banner
    assert 'href="/w/acme/resume"' in banner

    clock.advance(hours=1)
    assert run_due(session, database, clients) == 0
    assert sent(store) == []

    sign_in_as(browser, "admin")
    resume = browser.client.get("/w/acme/resume").text
    assert CALM in resume
    assert "Overdue: was due Nov 21, 2026, 9:30:00\u202fAM" in resume
    assert '<span class="verdict pass">Pass</span>' in resume  # its fresh review
    assert re.search(rf'name="go" value="{post}" checked', resume)
    done = browser.post("/w/acme/resume", {"choice": "checked"}, page="/w/acme/resume")
    assert done.status_code == 303, done.text

    page = page_of(browser, post)
    assert '<span class="state state-held">Held</span>' in page
    assert "It was kept on hold when publishing resumed." in page
    assert "Publishing is paused since" not in page
    assert run_due(session, database, clients) == 0
    assert sent(store) == []


def test_resuming_all_lets_the_waiting_post_out_once(
    browser: Browser,
    session: Session,
    database: Database,
    cast: Cast,
    clock: FrozenClock,
    clients: delivery.Clients,
    store: Path,
) -> None:
    post = scheduled_then_paused(browser, session, cast)
    clock.advance(hours=1)
    assert run_due(session, database, clients) == 0
    done = browser.post("/w/acme/resume", {"choice": "all"}, page="/w/acme/resume")
    assert done.status_code == 303
    assert run_due(session, database, clients) == 1
    assert sent(store) == [CALM]
    page = page_of(browser, post)
    assert '<span class="state state-published">Published</span>' in page
    assert re.search(
        r'<a href="/sandbox/posts/\d+" rel="noopener noreferrer">See the post</a>', page
    )
    assert "Published on an account" in page  # the delivery's event, in the post's history


def test_keep_holding_leaves_the_pause_in_place(
    browser: Browser, session: Session, cast: Cast
) -> None:
    scheduled_then_paused(browser, session, cast)
    kept = browser.post("/w/acme/resume", {"choice": "keep"}, page="/w/acme/resume")
    assert kept.status_code == 303
    assert "Publishing is paused since" in browser.client.get("/w/acme/drafts").text


def test_an_editor_cannot_pause_and_reads_why(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    page = browser.client.get("/w/acme/pause").text
    assert 'name="reason"' not in page
    assert "Admins and owners pause and resume publishing." in page
    refused = browser.post("/w/acme/pause", {"reason": REASON}, page="/w/acme/pause")
    assert refused.status_code == 403
    assert "cannot pause or resume publishing" in refused.text
    assert "Publishing is paused since" not in browser.client.get("/w/acme/drafts").text


def test_others_read_the_resume_page_without_its_buttons(
    browser: Browser, session: Session, cast: Cast
) -> None:
    scheduled_then_paused(browser, session, cast)
    sign_in_as(browser, "viewer")
    page = browser.client.get("/w/acme/resume").text
    assert CALM in page
    assert 'name="choice"' not in page and 'name="go"' not in page
    refused = browser.post("/w/acme/resume", {"choice": "all"}, page="/w/acme/resume")
    assert refused.status_code == 403
    assert "Publishing is paused since" in browser.client.get("/w/acme/drafts").text


def test_pausing_without_a_reason_is_refused_and_changes_nothing(
    browser: Browser, cast: Cast
) -> None:
    sign_in_as(browser, "admin")
    refused = browser.post("/w/acme/pause", {"reason": "  "}, page="/w/acme/pause")
    assert refused.status_code == 422
    assert "say why publishing is paused" in refused.text
    assert "Publishing is paused since" not in browser.client.get("/w/acme/drafts").text


def test_the_resume_page_keeps_each_posts_findings_apart(
    browser: Browser, session: Session, cast: Cast
) -> None:
    account = str(sandbox(session, cast))
    sign_in_as(browser, "editor")
    texts = ("Our #wintermenu is here, come taste it.", "Fresh #cinnamonbuns every morning.")
    for text in texts:
        compose(browser, text=text, account=account, publish="at", at="2026-11-21T09:30")
    sign_in_as(browser, "admin")
    browser.post("/w/acme/pause", {"reason": REASON}, page="/w/acme/pause")
    resume = browser.client.get("/w/acme/resume").text
    assert all(text.split("#")[0] in resume for text in texts)
    ids = re.findall(r'\bid="([^"]+)"', resume)
    assert len(re.findall(r'id="[^"]*review-findings"', resume)) == 2
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
