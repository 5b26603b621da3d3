"""The drafts list (counts, filters, search, older pages, empty state) and deleting a draft."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy.orm import Session

from poise.services.drafts import PAGE_SIZE
from poise.web.routes.drafts import first_line
from tests.services import factories
from tests.services.cast import Cast
from tests.services.factories import FrozenClock
from tests.web.conftest import Browser, sign_in_as

ALARM = "ALERT - fire alarms going off at our Market Street store 🚨"
CALM = "New on the menu: a maple latte."
FRENCH = "Notre nouveau café arrive à Lyon."


def rows(page: str) -> list[str]:
    """The first line of each draft listed, in order."""
    return [
        unescape(line)
        for line in re.findall(r'<a href="/w/acme/drafts/\d+" dir="auto">(.*?)</a>', page)
    ]


def older_link(page: str) -> str | None:
    found = re.search(r'<a href="([^"]+)" rel="next">', page)
    return unescape(found.group(1)) if found else None


def test_each_draft_shows_its_verdict_first_line_author_accounts_and_language(
    browser: Browser, cast: Cast, session: Session
) -> None:
    account = factories.account(session, cast.owner, "@acme_x", "x")
    factories.draft(session, cast.contributor, f"{ALARM}\nSecond line", account_ids=[account])
    session.commit()
    sign_in_as(browser, "viewer")
    page = browser.client.get("/w/acme/drafts").text
    assert rows(page) == [ALARM]
    row = page.split("<tbody>")[1].split("</tr>")[0]
    assert '<span class="verdict review">Needs a second opinion</span>' in row
    assert "Colin Contributor" in row and "@acme_x" in row and "English" in row
    assert "Nov 21, 2026" in row and "Second line" not in row


def test_the_counts_per_verdict_are_at_the_top(
    browser: Browser, cast: Cast, session: Session
) -> None:
    for text in (ALARM, CALM, CALM):
        factories.draft(session, cast.editor, text)
    session.commit()
    sign_in_as(browser, "editor")
    page = browser.client.get("/w/acme/drafts").text
    counts = page.split('class="verdict-counts"')[1].split("</ul>")[0]
    assert re.search(r'All <span class="count">3</span>', counts)
    assert re.search(r'verdict pass">Pass</span> <span class="count">2</span>', counts)
    assert re.search(
        r'verdict review">Needs a second opinion</span> <span class="count">1<', counts
    )
    assert re.search(r'verdict block">Blocked</span> <span class="count">0</span>', counts)


def test_an_empty_workspace_points_to_the_composer(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "contributor")
    page = browser.client.get("/w/acme/drafts").text
    assert "No drafts yet" in page and 'href="/w/acme/compose">Open the composer' in page


def test_filters_narrow_the_list_by_verdict_author_language_and_account(
    browser: Browser, cast: Cast, session: Session
) -> None:
    account = factories.account(session, cast.owner, "@acme_fr", "mastodon")
    factories.draft(session, cast.editor, ALARM)
    factories.draft(session, cast.contributor, CALM)
    factories.draft(session, cast.contributor, FRENCH, account_ids=[account])
    session.commit()
    sign_in_as(browser, "editor")
    get = browser.client.get
    assert rows(get("/w/acme/drafts?verdict=review").text) == [ALARM]
    author = cast.uid(cast.contributor)
    assert rows(get(f"/w/acme/drafts?author={author}").text) == [FRENCH, CALM]
    assert rows(get("/w/acme/drafts?language=fr").text) == [FRENCH]
    assert rows(get(f"/w/acme/drafts?account={account}").text) == [FRENCH]
    assert rows(get(f"/w/acme/drafts?verdict=pass&author={author}&language=en").text) == [CALM]


def test_search_finds_text_whatever_its_case_and_accents(
    browser: Browser, cast: Cast, session: Session
) -> None:
    factories.draft(session, cast.editor, FRENCH)
    factories.draft(session, cast.editor, CALM)
    session.commit()
    sign_in_as(browser, "editor")
    page = browser.client.get("/w/acme/drafts", params={"q": "CAFE"}).text
    assert rows(page) == [FRENCH] and 'value="CAFE"' in page


def test_nothing_matching_says_so_and_offers_to_clear_the_filters(
    browser: Browser, cast: Cast, session: Session
) -> None:
    factories.draft(session, cast.editor, CALM)
    session.commit()
    sign_in_as(browser, "editor")
    page = browser.client.get("/w/acme/drafts?q=nowhere").text
    assert "No drafts match these filters." in page and "Clear filters" in page


def test_older_drafts_are_a_page_further_keeping_the_filters(
    browser: Browser, cast: Cast, session: Session, clock: FrozenClock
) -> None:
    for number in range(PAGE_SIZE + 3):
        factories.draft(session, cast.editor, f"Latte number {number}")
        clock.advance(minutes=1)
    session.commit()
    sign_in_as(browser, "editor")
    first = browser.client.get("/w/acme/drafts?q=latte").text
    assert len(rows(first)) == PAGE_SIZE and rows(first)[0] == f"Latte number {PAGE_SIZE + 2}"
    link = older_link(first)
    assert link is not None and "q=latte" in link and "cursor=" in link
    second = browser.client.get(link).text
    assert rows(second) == ["Latte number 2", "Latte number 1", "Latte number 0"]
    assert older_link(second) is None and "Newest drafts" in second


def test_a_damaged_page_link_is_refused_with_a_message(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    response = browser.client.get("/w/acme/drafts?cursor=garbage")
    assert response.status_code == 422 and "start again from the first page" in response.text
    assert browser.client.get("/w/acme/drafts?author=abc").status_code == 422


def test_hostile_html_in_a_draft_is_listed_as_text(
    browser: Browser, cast: Cast, session: Session
) -> None:
    factories.draft(session, cast.editor, "<script>alert(1)</script><b>bold</b>")
    session.commit()
    sign_in_as(browser, "editor")
    page = browser.client.get("/w/acme/drafts").text
    assert "<script>alert(1)" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page


def test_an_outsider_gets_not_found_for_acme_s_drafts(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "outsider")
    response = browser.client.get("/w/acme/drafts")
    assert response.status_code == 404 and "Acme" not in response.text


def test_the_first_line_is_cut_between_graphemes() -> None:
    family = "👨‍👩‍👧"
    assert first_line("\n  Hello  \nworld") == "Hello"
    assert first_line(family * 5, limit=3) == family * 3 + "…"
    assert first_line("") == ""


# Deleting ------------------------------------------------------------------------------------


def test_deleting_asks_first_then_deletes(browser: Browser, cast: Cast, session: Session) -> None:
    draft = factories.draft(session, cast.contributor, CALM)
    session.commit()
    sign_in_as(browser, "contributor")
    confirm = browser.client.get(f"/w/acme/drafts/{draft.id}/delete")
    assert confirm.status_code == 200 and "Delete this draft?" in confirm.text
    assert browser.client.get("/w/acme/drafts").text.count(CALM) == 1
    done = browser.post(f"/w/acme/drafts/{draft.id}/delete")
    assert done.status_code == 303 and done.headers["location"] == "/w/acme/drafts?deleted=1"
    after = browser.client.get(done.headers["location"]).text
    assert "The draft was deleted." in after and CALM not in after
    assert browser.client.get(f"/w/acme/drafts/{draft.id}").status_code == 404


def test_deleting_without_the_csrf_token_is_refused(
    browser: Browser, cast: Cast, session: Session
) -> None:
    draft = factories.draft(session, cast.editor, CALM)
    session.commit()
    sign_in_as(browser, "editor")
    response = browser.client.post(f"/w/acme/drafts/{draft.id}/delete", follow_redirects=False)
    assert response.status_code == 403
    assert browser.client.get(f"/w/acme/drafts/{draft.id}").status_code == 200


def test_a_viewer_or_another_contributor_cannot_delete_a_draft(
    browser: Browser, cast: Cast, session: Session
) -> None:
    draft = factories.draft(session, cast.editor, CALM)
    session.commit()
    sign_in_as(browser, "contributor")
    assert browser.client.get(f"/w/acme/drafts/{draft.id}/delete").status_code == 403
    assert browser.post(f"/w/acme/drafts/{draft.id}/delete").status_code == 403
    assert "Delete…" not in browser.client.get(f"/w/acme/drafts/{draft.id}").text
    sign_in_as(browser, "viewer")
    assert browser.post(f"/w/acme/drafts/{draft.id}/delete").status_code == 403
