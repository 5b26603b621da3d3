"""Publishing in Chromium, to a real Bluesky PDS on this machine: a contributor's flagged post
goes through an approver, onto the calendar and out to the network; a paused workspace holds a
due post until an admin, having read its fresh review, resumes publishing.

Each test gets its own workspace (Maison, with a suffix) whose Bluesky account is a fresh
account on the local PDS, connected through the services as an owner would connect it. The
worker is not running: the tests run one worker step in this process, where a real worker
would, and read what reached the PDS. A planned post is also dragged to another day of the
calendar."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from poise.domain import Actor, Role
from poise.review import Draft, ReviewContext, review
from poise.services import accounts, auth, delivery, workspaces
from poise.storage import tables
from tests.e2e.conftest import PASSWORD, Site, sign_in
from tests.servers.bluesky import LocalPds

FLAGGED = "ALERT: our Paris store closes early today"
URGENT = "ALERT: our Lyon store opens at noon on Saturday"
PAUSE_REASON = "A storm is hitting Lyon: nothing goes out until we know more."
VERDICT = "#review-status .verdict"


@dataclass(frozen=True, slots=True)
class Maison:
    """A workspace of its own: its slug, its people's emails, and its Bluesky handle."""

    slug: str
    owner: str
    editor: str
    contributor: str
    approver: str
    handle: str


@pytest.fixture
def maison(site: Site, pds: LocalPds) -> Maison:
    """A fresh workspace with an owner, an editor, a contributor and an approver, and a
    Bluesky account on the local PDS connected to it."""
    suffix = secrets.token_hex(3)
    handle, app_password = pds.create_account()
    fields = accounts.clean_fields(
        "bluesky", {"service": pds.url, "handle": handle, "app_password": app_password}
    )
    profile = accounts.verify("bluesky", fields)  # asks the PDS, outside any transaction
    emails = {role: f"{role.value}.{suffix}@maison.test" for role in Role}
    with site.database.transaction() as s:
        owner_user = auth.create_user(s, emails[Role.OWNER], "Odile Owner", PASSWORD)
        space = workspaces.create_workspace(s, f"Maison {suffix}", owner_user.id)
        owner = Actor(space.id, Role.OWNER, user_id=owner_user.id)
        for role, name in [
            (Role.EDITOR, "Elise Editor"),
            (Role.CONTRIBUTOR, "Camille Contributor"),
            (Role.APPROVER, "Agathe Approver"),
        ]:
            auth.create_user(s, emails[role], name, PASSWORD)
            workspaces.add_member(s, space.id, owner, emails[role], role)
        accounts.save_connection(s, space.id, owner, "bluesky", fields, profile)
    return Maison(
        slug=space.slug,
        owner=emails[Role.OWNER],
        editor=emails[Role.EDITOR],
        contributor=emails[Role.CONTRIBUTOR],
        approver=emails[Role.APPROVER],
        handle=handle,
    )


@pytest.fixture
def worker(site: Site) -> Iterator[delivery.Clients]:
    """The network clients a worker keeps between its steps."""
    clients = delivery.Clients()
    yield clients
    clients.close()


def worker_step(site: Site, clients: delivery.Clients) -> int:
    """One step of a worker: send what is due; how many posts it took."""
    return delivery.publish_some(site.database, "e2e", clients, 10)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in")


def compose(page: Page, slug: str, text: str, handle: str) -> None:
    """Write ``text`` in the composer for the Bluesky account, and wait for its review."""
    page.goto(f"/w/{slug}/compose")
    page.locator("#text").press_sequentially(text, delay=10)
    expect(page.locator(VERDICT)).to_have_text("Needs a second opinion")
    expect(page.locator("#review-findings li").filter(has_text="Alarm wording")).to_have_count(1)
    page.get_by_role("checkbox", name=handle).check()


def published_records(pds: LocalPds, handle: str) -> list[str]:
    return [record["value"]["text"] for record in pds.records(handle)]


def test_the_flagged_words_are_flagged_for_review_not_blocked() -> None:
    """The scenarios below rely on this text being flagged, not blocked."""
    for text in (FLAGGED, URGENT):
        found = review(Draft(text, language="en", network="bluesky"), ReviewContext())
        assert found.verdict.value == "review", text


def test_a_contributor_s_flagged_post_is_approved_shown_on_the_calendar_and_published(
    page: Page, site: Site, pds: LocalPds, maison: Maison, worker: delivery.Clients
) -> None:
    slug = maison.slug
    sign_in(page, maison.contributor)
    compose(page, slug, FLAGGED, maison.handle)
    expect(page.get_by_text("This post goes to the approvers first")).to_be_visible()
    page.get_by_role("button", name="Submit for approval, to publish as soon as approved").click()
    page.wait_for_url(f"**/w/{slug}/posts/*?done=scheduled")
    post_url = page.url.split("?")[0]
    expect(page.locator(".post-status")).to_contain_text("In review")
    expect(page.locator(".two-person")).to_have_text(
        "Someone else must approve this: nobody approves a post they wrote or submitted."
    )
    expect(page.get_by_role("button", name="Approve version 1")).to_have_count(0)
    sign_out(page)

    sign_in(page, maison.approver)
    expect(page.get_by_role("link", name="Approvals 1 waiting")).to_be_visible()
    page.get_by_role("link", name="Approvals 1 waiting").click()
    row = page.locator("table.approvals tbody tr").filter(has_text=FLAGGED)
    expect(row).to_contain_text("Needs a second opinion")
    expect(row).to_contain_text("Camille Contributor")
    expect(row).to_contain_text("0 of 1")
    row.get_by_role("link", name=FLAGGED).click()
    assert page.url == post_url
    finding = page.locator(".review-panel .finding")
    expect(finding).to_have_count(1)
    expect(finding).to_contain_text("Alarm wording")
    expect(finding.locator(".excerpt")).to_have_text("ALERT")
    page.get_by_label("Comment (optional)").fill("Fine: the store really does close early.")
    page.get_by_role("button", name="Approve version 1").click()
    expect(page.get_by_role("status")).to_have_text("Your approval was recorded.")
    expect(page.locator(".post-status")).to_contain_text("Scheduled")
    expect(page.locator(".decisions")).to_contain_text("Agathe Approver · Approved")

    page.get_by_role("link", name="Calendar", exact=True).click()
    today = page.locator("table.month td[aria-current=date]")
    post = today.locator(".post-item").filter(has_text=FLAGGED)
    expect(post).to_have_count(1)
    expect(post.locator(".post-meta")).to_contain_text("Bluesky")
    expect(post.locator(".post-meta")).to_contain_text("Scheduled")
    assert published_records(pds, maison.handle) == []

    assert worker_step(site, worker) == 1

    post.get_by_role("link", name=FLAGGED).click()
    assert page.url == post_url
    expect(page.locator(".post-status dd").first).to_have_text("Published")
    live = page.get_by_role("link", name="See the post")
    expect(live).to_have_count(1)
    (record,) = pds.records(maison.handle)
    assert record["value"]["text"] == FLAGGED
    record_key = record["uri"].rsplit("/", 1)[1]
    expect(live).to_have_attribute(
        "href", f"https://bsky.app/profile/{maison.handle}/post/{record_key}"
    )


def test_a_pause_holds_a_due_post_and_the_resume_page_shows_its_review(
    page: Page, site: Site, pds: LocalPds, maison: Maison, worker: delivery.Clients
) -> None:
    slug = maison.slug
    sign_in(page, maison.owner)
    page.get_by_role("link", name="Pause", exact=True).click()
    page.get_by_label("Why pause? The whole team will read it.").fill(PAUSE_REASON)
    page.get_by_role("button", name="Pause publishing now").click()
    expect(page.get_by_role("status")).to_have_text(
        "Publishing is paused. Nothing goes out until an admin resumes it."
    )
    sign_out(page)

    sign_in(page, maison.editor)
    banner = page.locator(".paused-banner")
    expect(banner).to_contain_text("Publishing is paused since")
    expect(banner).to_contain_text("Odile Owner")
    expect(banner).to_contain_text(PAUSE_REASON)
    compose(page, slug, URGENT, maison.handle)
    expect(page.locator("#publishing")).not_to_contain_text("goes to the approvers")
    page.get_by_role("button", name="Publish now").click()
    page.wait_for_url(f"**/w/{slug}/posts/*?done=scheduled")
    post_url = page.url.split("?")[0]
    expect(page.locator(".post-status")).to_contain_text("Scheduled")
    expect(page.locator(".paused-banner")).to_contain_text(PAUSE_REASON)

    assert worker_step(site, worker) == 0
    assert published_records(pds, maison.handle) == []
    page.reload()
    expect(page.locator(".post-status")).to_contain_text("Scheduled")
    expect(page.get_by_role("link", name="See the post")).to_have_count(0)
    sign_out(page)

    sign_in(page, maison.owner)
    page.locator(".paused-banner").get_by_role("link", name="See what would go out").click()
    page.wait_for_url(f"**/w/{slug}/resume")
    expect(page.locator(".pending-list > li")).to_have_count(1)
    item = page.locator(".pending-list > li").first
    expect(item.locator("blockquote")).to_have_text(URGENT)
    expect(item).to_contain_text("Overdue: was due")
    expect(item.locator(".verdict")).to_have_text("Needs a second opinion")
    expect(item.locator(".finding")).to_contain_text("Alarm wording")
    expect(item.get_by_role("checkbox", name="Let this post out")).not_to_be_checked()
    page.get_by_role("button", name="Resume all").click()
    expect(page.get_by_role("status")).to_have_text("Publishing has resumed.")
    expect(page.locator(".paused-banner")).to_have_count(0)

    assert worker_step(site, worker) == 1
    assert published_records(pds, maison.handle) == [URGENT]
    page.goto(post_url)
    expect(page.locator(".post-status dd").first).to_have_text("Published")
    expect(page.get_by_role("link", name="See the post")).to_have_count(1)


CALM = "Our Lyon store opens at noon on Saturday, with fresh bread all afternoon."


def test_dragging_a_post_to_another_day_on_the_calendar_moves_it_there(
    page: Page, site: Site, maison: Maison
) -> None:
    slug = maison.slug
    planned = date.today() + timedelta(days=3)
    # Another day of the same month, still ahead.
    target = planned - timedelta(days=1) if planned.day > 1 else planned + timedelta(days=1)
    sign_in(page, maison.editor)
    page.goto(f"/w/{slug}/compose")
    page.locator("#text").fill(CALM)
    expect(page.locator(VERDICT)).to_have_text("Pass")
    page.get_by_role("checkbox", name=maison.handle).check()
    page.locator("#plan-at").fill(f"{planned.isoformat()}T10:00")
    page.get_by_role("button", name="Schedule for this time").click()
    page.wait_for_url(f"**/w/{slug}/posts/*?done=scheduled")
    post_id = page.url.split("?")[0].rsplit("/", 1)[1]

    page.goto(f"/w/{slug}/calendar?month={planned:%Y-%m}")
    item = page.locator(f"#post-{post_id}")
    expect(page.locator(f'td[data-date="{planned}"] #post-{post_id}')).to_have_count(1)
    item.drag_to(page.locator(f'td[data-date="{target}"]'))
    moved = page.locator(f'td[data-date="{target}"] #post-{post_id}')
    expect(moved).to_have_count(1)  # the page came back with the post on its new day
    expect(page.locator(f'td[data-date="{planned}"] #post-{post_id}')).to_have_count(0)
    expect(moved).to_have_attribute("data-time", "10:00")  # same time of day

    page.goto(f"/w/{slug}/posts/{post_id}")
    expect(page.locator(".post-status")).to_contain_text("Scheduled")
    with site.database.reading() as s:
        due = s.scalar(
            select(tables.Delivery.due_at).where(tables.Delivery.draft_id == int(post_id))
        )
    assert due is not None and due.date() == target and (due.hour, due.minute) == (10, 0)
