"""The CSV import page: a good file schedules every row; a bad one lists every problem by its
line and imports nothing."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from poise.storage.tables import Draft
from tests.services.cast import Cast
from tests.services.factories import account
from tests.web.conftest import Browser, sign_in_as

IMPORT = "/w/acme/import"


def _upload(browser: Browser, data: bytes, name: str = "posts.csv"):  # type: ignore[no-untyped-def]
    form = {"csrf_token": browser.csrf(IMPORT)}
    files = {"file": (name, data, "text/csv")}
    return browser.client.post(IMPORT, data=form, files=files, follow_redirects=False)


def _drafts(session: Session) -> int:
    session.expire_all()
    count = session.scalar(select(func.count()).select_from(Draft)) or 0
    session.commit()
    return count


def _accounts(session: Session, cast: Cast) -> None:
    account(session, cast.admin, "@acme")
    account(session, cast.admin, "@acme_fr")
    session.commit()


def test_a_good_file_schedules_every_row_and_links_them(
    browser: Browser, session: Session, cast: Cast
) -> None:
    _accounts(session, cast)
    sign_in_as(browser, "editor")
    data = (
        b"text,accounts,at\n"
        b'"Winter menu, from Monday.",@acme,2026-11-24 09:30\n'
        b"Maple latte is back.,@acme_fr;@acme,2026-11-25 10:00\n"
    )
    response = _upload(browser, data)
    assert response.status_code == 200, response.text
    assert "2 posts were imported." in response.text
    assert "2 are scheduled." in response.text
    assert response.text.count('href="/w/acme/posts/') == 2
    assert _drafts(session) == 2
    calendar = browser.client.get("/w/acme/calendar").text
    assert "Winter menu, from Monday." in calendar


def test_a_contributors_file_is_sent_for_approval(
    browser: Browser, session: Session, cast: Cast
) -> None:
    _accounts(session, cast)
    sign_in_as(browser, "contributor")
    response = _upload(browser, b"text,accounts,at\nWinter menu.,@acme,2026-11-24 09:30\n")
    assert response.status_code == 200, response.text
    assert "1 was sent for approval." in response.text


def test_a_file_with_two_bad_rows_reports_both_lines_and_imports_nothing(
    browser: Browser, session: Session, cast: Cast
) -> None:
    _accounts(session, cast)
    sign_in_as(browser, "editor")
    data = (
        b"text,accounts,at\n"
        b"Fine.,@acme,2026-11-24 09:30\n"
        b"Who?,@nobody,2026-11-24 09:30\n"
        b"Fine too.,@acme,2026-11-25 09:30\n"
        b"Too late.,@acme,2026-11-01 09:30\n"
    )
    response = _upload(browser, data)
    assert response.status_code == 422
    assert "Nothing was imported: 2 problems to fix first." in response.text
    assert "Line 3:" in response.text and "No account “@nobody” in this workspace." in response.text
    assert "Line 5:" in response.text and "“2026-11-01 09:30” has passed" in response.text
    assert _drafts(session) == 0


def test_a_file_that_is_not_utf8_is_explained(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    response = _upload(browser, "text\nCafé crème\n".encode("cp1252"))
    assert response.status_code == 422
    assert "The file is not UTF-8 text (line 2" in response.text
    assert "CSV UTF-8" in response.text


def test_an_unclosed_quote_is_explained_with_its_line(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    response = _upload(browser, b'text,accounts\n"Never closed,@acme\n')
    assert response.status_code == 422
    assert "Line 2:" in response.text
    assert 'a quote (") is opened and never closed' in response.text.replace("&#34;", '"')


def test_an_empty_file_is_explained(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    response = _upload(browser, b"")
    assert response.status_code == 422
    assert "The file is empty." in response.text


def test_a_viewer_cannot_import(browser: Browser, session: Session, cast: Cast) -> None:
    _accounts(session, cast)
    sign_in_as(browser, "viewer")
    assert "Import and schedule" not in browser.client.get(IMPORT).text
    response = _upload(browser, b"text,accounts\nHi.,@acme\n")
    assert response.status_code == 403
    assert _drafts(session) == 0
