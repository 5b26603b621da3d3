"""The composer: writing and saving a draft through review, who may, what the page shows
(verdict, findings, highlighted spans, length on each network), and the live review."""

from __future__ import annotations

import re
from typing import Any

import httpx
from sqlalchemy.orm import Session

from poise.review import Media
from poise.services import drafts
from poise.web.routes.composer import Piece, highlight
from tests.services import factories
from tests.services.cast import Cast
from tests.services.factories import FrozenClock
from tests.web.conftest import Browser, sign_in_as

ALARM = "ALERT - fire alarms going off 🚨"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'


def compose(browser: Browser, path: str = "/w/acme/compose", **fields: Any) -> httpx.Response:
    """Send the composer's form as a browser would, CSRF token included."""
    form: dict[str, Any] = {"csrf_token": browser.csrf(), "language": "auto", **fields}
    return browser.client.post(path, data=form, follow_redirects=False)


def live(browser: Browser, body: dict[str, Any], slug: str = "acme") -> httpx.Response:
    headers = {"X-CSRF-Token": browser.csrf()}
    return browser.client.post(f"/w/{slug}/review", json=body, headers=headers)


def saved_page(browser: Browser, response: httpx.Response) -> str:
    assert response.status_code == 303, response.text
    return browser.client.get(response.headers["location"]).text


def marks(page: str) -> list[tuple[str, str]]:
    """The (severity, text) of every highlighted span in the page's previews."""
    return re.findall(r'<mark class="severity-(\w+)" data-findings="[\d ]+">(.*?)</mark>', page)


def accounts(session: Session, cast: Cast, *networks: str) -> dict[str, int]:
    ids = {n: factories.account(session, cast.owner, f"@acme_{n}", n) for n in networks}
    session.commit()
    return ids


# Who may write -------------------------------------------------------------------------------


def test_a_contributor_writes_and_saves_a_draft_and_sees_its_review(
    browser: Browser, cast: Cast
) -> None:
    sign_in_as(browser, "contributor")
    response = compose(browser, text=ALARM)
    assert re.fullmatch(r"/w/acme/drafts/\d+\?saved=1", response.headers["location"])
    page = saved_page(browser, response)
    assert 'class="verdict review">Needs a second opinion<' in page
    assert "Alarm wording" in page and "Write “Update” instead" in page
    assert "Saved." in page and "Save as draft" in page


def test_a_viewer_sees_the_composer_read_only(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "viewer")
    page = browser.client.get("/w/acme/compose").text
    assert '<fieldset class="plain" disabled>' in page
    assert "Save as draft" not in page and "composer.js" not in page
    assert "Your role can read drafts but not write them." in page


def test_a_viewer_cannot_save_a_draft(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "viewer")
    assert compose(browser, text="Hello").status_code == 403


def test_a_viewer_cannot_ask_for_a_live_review(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "viewer")
    response = live(browser, {"text": "Hello"})
    assert response.status_code == 403 and "error" in response.json()


def test_an_outsider_finds_neither_acme_s_composer_nor_its_drafts(
    browser: Browser, cast: Cast, session: Session
) -> None:
    draft = factories.draft(session, cast.editor)
    session.commit()
    sign_in_as(browser, "outsider")
    assert browser.client.get("/w/acme/compose").status_code == 404
    assert browser.client.get(f"/w/acme/drafts/{draft.id}").status_code == 404
    assert compose(browser, text="Hello").status_code == 404
    assert live(browser, {"text": "Hello"}).status_code == 404


def test_a_draft_of_another_workspace_is_not_found_in_mine(
    browser: Browser, cast: Cast, session: Session
) -> None:
    theirs = factories.draft(session, cast.outsider)
    session.commit()
    sign_in_as(browser, "editor")
    assert browser.client.get(f"/w/acme/drafts/{theirs.id}").status_code == 404


def test_a_contributor_reads_someone_else_s_draft_without_changing_it(
    browser: Browser, cast: Cast, session: Session
) -> None:
    theirs = factories.draft(session, cast.editor, "Our autumn menu is here.")
    session.commit()
    sign_in_as(browser, "contributor")
    page = browser.client.get(f"/w/acme/drafts/{theirs.id}").text
    assert "belongs to someone else" in page and "Save as draft" not in page
    refused = compose(browser, f"/w/acme/drafts/{theirs.id}", text="Mine now", version="1")
    assert refused.status_code == 403


# CSRF ----------------------------------------------------------------------------------------


def test_saving_without_the_csrf_token_is_refused(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    response = browser.client.post(
        "/w/acme/compose", data={"text": "Hello"}, follow_redirects=False
    )
    assert response.status_code == 403


def test_a_live_review_without_the_csrf_header_is_refused(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    response = browser.client.post("/w/acme/review", json={"text": ALARM})
    assert response.status_code == 403
    wrong = browser.client.post(
        "/w/acme/review", json={"text": ALARM}, headers={"X-CSRF-Token": "forged"}
    )
    assert wrong.status_code == 403


# What the page shows -------------------------------------------------------------------------


def test_hostile_html_in_a_draft_is_shown_as_text(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    page = saved_page(browser, compose(browser, text=HOSTILE, reply_to=HOSTILE))
    assert "<script>alert" not in page and "<img src=x" not in page
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    )


def test_finding_spans_are_highlighted_in_the_escaped_text(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    page = saved_page(browser, compose(browser, text="<b>ALERT</b> - fire alarms going off 🚨"))
    preview = page.split('class="review-preview" dir="auto">')[1].split("</div>")[0]
    assert preview == (
        '&lt;b&gt;<mark class="severity-warn" data-findings="1">ALERT</mark>&lt;/b&gt; - fire '
        'alarms going off <mark class="severity-warn" data-findings="2">🚨</mark>'
    )


def test_spans_after_an_emoji_are_highlighted_where_they_are(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    page = saved_page(browser, compose(browser, text="😀 ALERT now"))
    assert ("warn", "ALERT") in marks(page)


def test_spans_in_arabic_are_highlighted(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    page = saved_page(browser, compose(browser, text="الإنذار 🚨 تنبيه حريق", language="ar"))
    assert [text for _, text in marks(page)] == ["الإنذار", "🚨", "تنبيه", "حريق"]


def test_overlapping_spans_in_japanese_are_cut_where_they_overlap(
    browser: Browser, cast: Cast
) -> None:
    sign_in_as(browser, "editor")
    page = saved_page(
        browser, compose(browser, text="緊急🚨 火災報知器が鳴っています", language="ja")
    )
    assert [text for _, text in marks(page)] == ["緊急", "🚨", "火災", "報知器"]
    assert re.search(r'data-findings="(\d+) (\d+)">火災</mark>', page)


def test_the_form_keeps_the_accounts_variants_media_reply_and_language(
    browser: Browser, cast: Cast, session: Session
) -> None:
    ids = accounts(session, cast, "x", "bluesky")
    sign_in_as(browser, "editor")
    response = compose(
        browser,
        text="Our autumn menu is here.",
        account=[str(ids["x"]), str(ids["bluesky"])],
        **{"variant-x": "Autumn menu: here.", "variant-bluesky": "  "},
        **{"media-0-kind": "image", "media-0-alt": "A pumpkin latte", "media-1-kind": ""},
        reply_to="When is the autumn menu back?",
        language="en",
    )
    page = saved_page(browser, response)
    draft_id = int(response.headers["location"].split("/")[-1].split("?")[0])
    with browser.client.app.state.database.reading() as s:  # type: ignore[attr-defined]
        view = drafts.get_draft(s, cast.workspace_id, cast.editor, draft_id)
    assert view.account_ids == (ids["x"], ids["bluesky"])
    assert view.variants == {"x": "Autumn menu: here."}
    assert [(m.kind, m.alt) for m in view.media] == [("image", "A pumpkin latte")]
    assert (view.reply_to, view.language) == ("When is the autumn menu back?", "en")
    assert f'value="{ids["x"]}" data-network="x" checked' in page
    assert '<details class="variant" data-network="x" open>' in page
    assert '<details class="variant" data-network="bluesky">' in page
    assert '<option value="image" selected>' in page and 'value="A pumpkin latte"' in page


def test_line_breaks_from_the_form_are_stored_as_one_character(
    browser: Browser, cast: Cast
) -> None:
    sign_in_as(browser, "editor")
    response = compose(browser, text="First line\r\nSecond line")
    page = saved_page(browser, response)
    assert "Bluesky 22/300 graphemes" in page


def test_an_empty_draft_is_refused_and_the_form_says_why(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    response = compose(browser, text="   ", reply_to="kept")
    assert response.status_code == 422
    assert "Write something, or add media, before saving." in response.text
    assert ">\nkept</textarea>" in response.text


# Counters ------------------------------------------------------------------------------------


def test_each_network_counts_the_way_it_counts(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    page = saved_page(browser, compose(browser, text="こんにちは、世界"))
    assert "X 16/280 weighted characters" in page
    assert "Bluesky 8/300 graphemes" in page
    assert "Mastodon 8/500 characters" in page


def test_only_the_networks_of_the_chosen_accounts_are_counted(
    browser: Browser, cast: Cast, session: Session
) -> None:
    ids = accounts(session, cast, "x", "bluesky")
    sign_in_as(browser, "editor")
    page = saved_page(browser, compose(browser, text="Hello", account=[str(ids["bluesky"])]))
    assert "Bluesky 5/300 graphemes" in page and "X 5/280" not in page


def test_a_post_over_the_limit_says_so_in_red_and_in_words(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    page = saved_page(browser, compose(browser, text="日本語" * 50))
    assert re.search(
        r'<li class="counter over" data-network="x">X 300/280 weighted characters — '
        r"<strong>20 over the limit</strong></li>",
        page,
    )
    assert '<li class="counter" data-network="bluesky">' in page


def test_a_variant_is_counted_instead_of_the_text_on_its_network(
    browser: Browser, cast: Cast, session: Session
) -> None:
    ids = accounts(session, cast, "x")
    sign_in_as(browser, "editor")
    response = compose(
        browser, text="A" * 300, account=[str(ids["x"])], **{"variant-x": "Short for X"}
    )
    assert "X 11/280 weighted characters" in saved_page(browser, response)


# Saving over someone else's change -----------------------------------------------------------


def test_a_save_over_a_newer_version_shows_a_conflict_and_keeps_the_text(
    browser: Browser, cast: Cast, clock: FrozenClock
) -> None:
    sign_in_as(browser, "editor")
    created = compose(browser, text="First words")
    path = created.headers["location"].split("?")[0]
    clock.advance(minutes=1)
    assert compose(browser, path, text="Their change", version="1").status_code == 303
    clock.advance(minutes=1)
    conflict = compose(browser, path, text="My change", version="1")
    assert conflict.status_code == 409
    assert "Someone else saved this draft while you were editing it" in conflict.text
    assert ">\nMy change</textarea>" in conflict.text
    assert "Their change</blockquote>" in conflict.text
    assert '<input type="hidden" name="version" value="2">' in conflict.text
    assert compose(browser, path, text="My change", version="2").status_code == 303


# Live review ---------------------------------------------------------------------------------


def test_a_live_review_answers_with_verdict_findings_and_lengths(
    browser: Browser, cast: Cast, session: Session
) -> None:
    ids = accounts(session, cast, "x", "bluesky")
    sign_in_as(browser, "contributor")
    response = live(
        browser,
        {"text": "😀 ALERT now", "language": "auto", "accounts": [ids["x"], ids["bluesky"]]},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["verdict"], body["language"]) == ("review", "en")
    alarm = next(f for f in body["findings"] if f["check"] == "alarm")
    assert alarm["span"] == {"start": 2, "end": 7, "field": "text"}
    assert (alarm["replacement"], alarm["severity"], alarm["variant"]) == ("Update", "warn", None)
    assert set(alarm) >= {"check", "code", "severity", "message", "suggestion", "replacement"}
    assert body["lengths"] == {
        "bluesky": {
            "name": "Bluesky",
            "length": 11,
            "limit": 300,
            "unit": "graphemes",
            "over": False,
        },
        "x": {"name": "X", "length": 12, "limit": 280, "unit": "weighted", "over": False},
    }


def test_a_live_review_counts_japanese_double_on_x(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    body = live(browser, {"text": "日本語" * 50, "networks": ["x"]}).json()
    assert body["lengths"]["x"] == {
        "name": "X",
        "length": 300,
        "limit": 280,
        "unit": "weighted",
        "over": True,
    }


def test_a_live_review_speaks_the_reader_s_language(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    browser.post("/language", {"locale": "fr", "next": "/"})
    body = live(browser, {"text": ALARM}).json()
    assert any("sonne comme une alerte" in f["message"] for f in body["findings"])


def test_a_live_review_reviews_each_variant(browser: Browser, cast: Cast, session: Session) -> None:
    ids = accounts(session, cast, "x")
    sign_in_as(browser, "editor")
    body = live(
        browser,
        {"text": "Our new menu is here.", "accounts": [ids["x"]], "variants": {"x": ALARM}},
    ).json()
    assert body["verdict"] == "review"
    assert {f["variant"] for f in body["findings"] if f["check"] == "alarm"} == {"x"}


def test_a_live_review_of_an_empty_draft_says_what_is_missing(browser: Browser, cast: Cast) -> None:
    sign_in_as(browser, "editor")
    response = live(browser, {"text": "  "})
    assert response.status_code == 422 and "write something" in response.json()["error"]


# Cutting text at spans ----------------------------------------------------------------------


def test_highlighting_cuts_at_python_string_indices() -> None:
    text = "😀 ALERT, 警報!"
    assert highlight(text, [(2, 7, "warn", 1), (9, 11, "block", 2)]) == (
        Piece("😀 "),
        Piece("ALERT", "warn", (1,)),
        Piece(", "),
        Piece("警報", "block", (2,)),
        Piece("!"),
    )


def test_overlapping_spans_take_the_worse_severity_where_they_overlap() -> None:
    assert highlight("abcdef", [(0, 4, "info", 1), (2, 6, "block", 2)]) == (
        Piece("ab", "info", (1,)),
        Piece("cd", "block", (1, 2)),
        Piece("ef", "block", (2,)),
    )


def test_spans_outside_the_text_are_ignored() -> None:
    assert highlight("abc", [(2, 9, "warn", 1), (-1, 1, "warn", 2), (1, 1, "warn", 3)]) == (
        Piece("abc"),
    )


def test_a_draft_with_more_media_than_the_form_s_rows_keeps_them_all(
    browser: Browser, cast: Cast, session: Session
) -> None:
    media = [Media("image", f"Photo {n}") for n in range(6)]
    draft = factories.draft(session, cast.editor, "Six photos", media=media)
    session.commit()
    sign_in_as(browser, "editor")
    page = browser.client.get(f"/w/acme/drafts/{draft.id}").text
    assert 'id="media-5-alt" name="media-5-alt" dir="auto" value="Photo 5"' in page
    fields = {
        f"media-{n}-{part}": value
        for n in range(6)
        for part, value in (("kind", "image"), ("alt", f"Photo {n}"))
    }
    response = compose(
        browser, f"/w/acme/drafts/{draft.id}", text="Six photos", version="1", **fields
    )
    assert response.status_code == 303
    with browser.client.app.state.database.reading() as s:  # type: ignore[attr-defined]
        assert len(drafts.get_draft(s, cast.workspace_id, cast.editor, draft.id).media) == 6
