"""Poise in Chromium: signing in, the interface in Arabic (right to left), the composer's live
review with its suggestions, the composer without JavaScript, and a workspace that stays
invisible to people outside it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from poise.review import Draft, ReviewContext, review
from poise.web.routes.composer import highlight
from tests.e2e.conftest import CONTRIBUTOR, EDITOR, OTHER_OWNER, sign_in

RISKY = "ALERT - fire alarms going off 🚨"
VERDICT = "#review-status .verdict"


def write(page: Page, text: str) -> None:
    """Type ``text`` into the composer's text box, key by key."""
    page.locator("#text").press_sequentially(text, delay=15)


def test_signing_in_opens_the_workspace_s_drafts(page: Page) -> None:
    sign_in(page, EDITOR)
    assert page.url.endswith("/w/acme/drafts")
    expect(page.get_by_role("heading", name="Drafts", exact=True)).to_be_visible()
    expect(page.get_by_text("No drafts yet")).to_be_visible()


def test_the_interface_in_arabic_is_right_to_left_and_mirrored(page: Page) -> None:
    sign_in(page, OTHER_OWNER)
    page.select_option("#language", "ar")
    page.locator("form[action='/language'] button").click()
    page.goto("/w/globex/compose")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    width = page.viewport_size["width"] if page.viewport_size else 1280
    nav = page.locator("header.top nav").bounding_box()
    brand = page.locator("header.top .brand").bounding_box()
    assert nav and brand
    assert brand["x"] > width / 2, "the brand starts the header, on the right"
    assert nav["x"] + nav["width"] > width / 2 and nav["x"] + nav["width"] <= brand["x"]
    text = page.locator("#text").bounding_box()
    panel = page.locator(".review-panel").bounding_box()
    assert text and panel and text["x"] > panel["x"], "the text comes first, on the right"
    page.select_option("#draft-language", "ar")
    write(page, "تنبيه 🚨 انقطاع الخدمة")
    expect(page.locator("#review-findings li").first).to_be_visible()
    expect(page.locator("#review-previews mark").first).to_have_text("تنبيه")


def test_a_risky_draft_is_reviewed_live_and_its_suggestion_is_applied(page: Page) -> None:
    sign_in(page, EDITOR)
    page.goto("/w/acme/compose")
    page.locator("input[name=account][data-network=x]").check()
    write(page, RISKY)
    expect(page.locator(VERDICT)).to_have_text("Needs a second opinion")
    expect(page.locator("#review-status")).to_have_attribute("aria-live", "polite")
    findings = page.locator("#review-findings li")
    expect(findings.filter(has_text="Alarm wording")).to_have_count(2)
    expect(page.locator("#review-previews mark")).to_have_text(["ALERT", "🚨"])
    expect(page.locator("#review-lengths [data-network=x]")).to_have_text(
        "X 32/280 weighted characters"
    )

    apply = page.get_by_role("button", name="Apply suggestion")
    expect(apply).to_have_count(2)
    apply.first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#text")).to_have_value("Update - fire alarms going off 🚨")
    expect(page.locator("#review-previews mark")).to_have_text(["🚨"])
    expect(page.locator(VERDICT)).to_have_text("Needs a second opinion")

    # The siren's suggestion is to take it out.
    page.get_by_role("button", name="Apply suggestion").click()
    expect(page.locator("#text")).to_have_value("Update - fire alarms going off ")
    expect(page.locator(VERDICT)).to_have_text("Pass")
    expect(page.locator("#review-previews mark")).to_have_count(0)


def test_a_suggestion_after_an_emoji_replaces_exactly_its_span(page: Page) -> None:
    sign_in(page, EDITOR)
    page.goto("/w/acme/compose")
    write(page, "😀🚀 ALERT, doors open at 9")
    expect(page.locator("#review-previews mark").first).to_have_text("ALERT")
    page.get_by_role("button", name="Apply suggestion").click()
    expect(page.locator("#text")).to_have_value("😀🚀 Update, doors open at 9")


def test_a_suggestion_in_arabic_replaces_exactly_its_span(page: Page) -> None:
    sign_in(page, EDITOR)
    page.goto("/w/acme/compose")
    page.select_option("#draft-language", "ar")
    write(page, "🔥 الإنذار يعمل الآن")
    expect(page.locator("#review-previews mark").first).to_have_text("الإنذار")
    page.get_by_role("button", name="Apply suggestion").first.click()
    expect(page.locator("#text")).to_have_value("🔥 إشعار يعمل الآن")


def test_hostile_html_typed_in_the_composer_stays_text(page: Page) -> None:
    sign_in(page, EDITOR)
    page.goto("/w/acme/compose")
    hostile = '<img src=x onerror="document.body.dataset.owned=1"> ALERT <b>now</b>'
    page.fill("#text", hostile)
    expect(page.locator("#review-previews mark").first).to_have_text("ALERT")
    expect(page.locator("#review-previews .review-preview")).to_have_text(hostile)
    expect(page.locator("#review-previews img, #review-previews b")).to_have_count(0)
    assert page.evaluate("document.body.dataset.owned") is None


def test_the_page_cuts_spans_as_the_server_does(page: Page) -> None:
    """composer.js highlights with code-point offsets exactly like the Python code."""
    sign_in(page, EDITOR)
    page.goto("/w/acme/compose")
    for text, language in [
        ("😀 ALERT now 🚨", "en"),
        ("👨‍👩‍👧 الإنذار 🚨 تنبيه حريق", "ar"),
        ("緊急🚨 火災報知器が鳴っています", "ja"),
    ]:
        found = review(Draft(text, language=language), ReviewContext()).findings
        spans = [
            (f.span.start, f.span.end, f.severity.value, n) for n, f in enumerate(found) if f.span
        ]
        assert spans, text
        expected = [[p.text, p.severity, list(p.findings)] for p in highlight(text, spans)]
        actual = page.evaluate(
            """([text, spans]) => window.PoiseComposer.highlight(text, spans.map(
                 ([start, end, severity, number]) => ({start, end, severity, number})))
               .map(p => [p.text, p.severity, p.findings])""",
            [text, spans],
        )
        assert actual == expected, text
        for start, end, _, _ in spans:
            units = page.evaluate(
                "([t, s, e]) => t.slice(window.PoiseComposer.utf16Offset(t, s),"
                " window.PoiseComposer.utf16Offset(t, e))",
                [text, start, end],
            )
            assert units == text[start:end]


def test_a_contributor_saves_a_draft_and_finds_it_in_the_list(page: Page) -> None:
    sign_in(page, CONTRIBUTOR)
    page.goto("/w/acme/compose")
    write(page, "Our autumn menu is here: pumpkin lattes in every café.")
    expect(page.locator(VERDICT)).to_have_text("Pass")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    page.get_by_role("link", name="All drafts").click()
    row = page.locator("table.drafts tbody tr").filter(has_text="pumpkin lattes")
    expect(row).to_contain_text("Colin Contributor")
    expect(row.locator(".verdict")).to_have_text("Pass")


@pytest.mark.no_javascript
def test_the_composer_works_without_javascript(page: Page) -> None:
    sign_in(page, EDITOR)
    page.goto("/w/acme/compose")
    expect(page.locator("details.variant")).to_have_count(2)
    page.fill("#text", RISKY)
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(VERDICT)).to_have_text("Needs a second opinion")
    expect(page.locator("#review-previews mark")).to_have_text(["ALERT", "🚨"])
    expect(page.locator("#review-findings li")).to_have_count(2)
    assert re.search(r"/w/acme/drafts/\d+\?saved=1$", page.url)


def test_a_contributor_cannot_see_another_workspace(page: Page) -> None:
    sign_in(page, CONTRIBUTOR)
    expect(page.locator("#switch-workspace option", has_text="Globex")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("Globex")
    response = page.goto("/w/globex/drafts")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Globex")
