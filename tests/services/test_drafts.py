"""Drafts: saved with real review verdicts, found with filters and search, paged, deleted."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from poise.review import Media, Verdict
from poise.services import drafts, voice, workspaces
from poise.services.errors import Conflict, Forbidden, Invalid, NotFound
from tests.services import factories
from tests.services.cast import Cast
from tests.services.factories import NOW, FrozenClock

ALARM = "ALERT - fire alarms going off at our Market Street store 🚨"
CALM = "New on the menu: a maple latte."
NEWSJACKING = (
    "Paris, nos cœurs sont avec vous. Pour bien commencer la journée, "
    "profitez de -30 % sur nos petits-déjeuners !"
)
PERSONAL = (
    "Ryan found two more 4 bottle packs of beer.... when we drink we do it right #gettngslizzerd"
)


def _checks(view: drafts.DraftView) -> set[str]:
    return {f"{f['check']}:{f['code']}" for f in view.findings}


# Saving with review ----------------------------------------------------------------------------


def test_a_saved_draft_carries_the_verdict_review_gives_it(session: Session, cast: Cast) -> None:
    risky = factories.draft(session, cast.contributor, ALARM)
    fine = factories.draft(session, cast.contributor, CALM)
    assert risky.verdict is Verdict.REVIEW and risky.score > 0
    assert "alarm" in {f["check"] for f in risky.findings}
    assert fine.verdict is Verdict.PASS and fine.findings == ()
    assert (risky.author_id, risky.version, risky.review_language) == (
        cast.uid(cast.contributor),
        1,
        "en",
    )


def test_a_promotion_during_an_active_tragedy_where_the_audience_lives_is_blocked(
    session: Session, cast: Cast
) -> None:
    factories.event(session, cast.editor, start="2026-11-21T08:00:00+00:00")
    saved = factories.draft(session, cast.editor, NEWSJACKING)
    assert saved.verdict is Verdict.BLOCK
    assert "world_events:newsjacking" in _checks(saved)


def test_the_workspace_s_banned_words_are_enforced(session: Session, cast: Cast) -> None:
    workspaces.update_settings(session, cast.workspace_id, cast.admin, banned_words=["cheapest"])
    saved = factories.draft(session, cast.editor, "The cheapest coffee in town")
    assert saved.verdict is Verdict.BLOCK and "rules:banned" in _checks(saved)


def test_the_account_s_voice_is_read_from_its_past_posts(session: Session, cast: Cast) -> None:
    brand = factories.account(session, cast.admin, "@acme")
    voice.import_text(
        session,
        cast.workspace_id,
        cast.editor,
        "Autumn is here, and so is the Maple Oat Latte.\n"
        "Thank you to everyone who came to the Market Street opening.\n"
        "Our baristas taste every new roast before it reaches your cup.",
        account_id=brand,
    )
    saved = factories.draft(session, cast.editor, PERSONAL, account_ids=[brand])
    assert "wrong_account:personal_with_profile" in _checks(saved)


def test_each_network_variant_is_reviewed_for_its_network(session: Session, cast: Cast) -> None:
    saved = factories.draft(session, cast.editor, CALM, variants={"x": "A latte. " * 40})
    too_long = [f for f in saved.findings if f["code"] == "too_long"]
    assert saved.verdict is Verdict.BLOCK
    assert [f["variant"] for f in too_long] == ["x"]


def test_a_variant_for_an_unknown_network_is_refused(session: Session, cast: Cast) -> None:
    with pytest.raises(Invalid, match="no network called 'myspace'"):
        factories.draft(session, cast.editor, CALM, variants={"myspace": "hi"})


def test_review_text_reviews_without_saving(session: Session, cast: Cast) -> None:
    outcome = drafts.review_text(
        session, cast.workspace_id, cast.contributor, drafts.DraftInput(ALARM)
    )
    assert outcome.verdict is Verdict.REVIEW
    assert drafts.list_drafts(session, cast.workspace_id, cast.viewer).drafts == ()


def test_review_messages_follow_the_user_s_language(session: Session, cast: Cast) -> None:
    english = drafts.review_text(session, cast.workspace_id, cast.editor, drafts.DraftInput(ALARM))
    french = drafts.review_text(
        session, cast.workspace_id, cast.editor, drafts.DraftInput(ALARM), ui_language="fr"
    )
    assert english.findings[0]["message"] != french.findings[0]["message"]


def test_the_review_context_is_the_workspace_s(session: Session, cast: Cast) -> None:
    workspaces.update_settings(
        session, cast.workspace_id, cast.admin, time_zone="Europe/Paris", glossary=["Acme Rocket"]
    )
    factories.event(session, cast.editor)
    context = drafts.context_for(session, cast.workspace_id)
    assert context.countries == ("US", "FR") and context.languages == ("en", "fr")
    assert context.at == NOW and str(context.at.tzinfo) == "Europe/Paris"
    assert [e.title for e in context.events] == ["Attack in Paris"]
    assert context.rules.glossary == ("Acme Rocket",)
    assert context.brand_names == ("Acme",)


def test_empty_drafts_and_unknown_languages_are_refused(session: Session, cast: Cast) -> None:
    with pytest.raises(Invalid, match="write something"):
        factories.draft(session, cast.editor, "   ")
    with pytest.raises(Invalid, match="'de' is not a language Poise reads"):
        factories.draft(session, cast.editor, CALM, language="de")


def test_a_draft_cannot_name_another_workspace_s_account(session: Session, cast: Cast) -> None:
    theirs = factories.account(session, cast.outsider, "@globex")
    with pytest.raises(Invalid, match=f"no account {theirs} in this workspace"):
        factories.draft(session, cast.editor, CALM, account_ids=[theirs])


# Updating --------------------------------------------------------------------------------------


def test_saving_again_reviews_again_and_moves_the_version(
    session: Session, cast: Cast, clock: FrozenClock
) -> None:
    first = factories.draft(session, cast.contributor, ALARM)
    clock.advance(minutes=5)
    second = drafts.save_draft(
        session,
        cast.workspace_id,
        cast.contributor,
        drafts.DraftInput(CALM),
        draft_id=first.id,
        expected_version=1,
    )
    assert (second.id, second.version, second.verdict) == (first.id, 2, Verdict.PASS)
    assert second.created_at == first.created_at and second.updated_at > first.updated_at


def test_a_save_over_someone_else_s_newer_change_is_a_conflict(
    session: Session, cast: Cast
) -> None:
    first = factories.draft(session, cast.editor, CALM)
    drafts.save_draft(
        session, cast.workspace_id, cast.admin, drafts.DraftInput("Edited"), draft_id=first.id
    )
    with pytest.raises(Conflict, match="reload it"):
        drafts.save_draft(
            session,
            cast.workspace_id,
            cast.editor,
            drafts.DraftInput("Mine"),
            draft_id=first.id,
            expected_version=1,
        )


def test_accounts_and_media_are_kept_in_order(session: Session, cast: Cast) -> None:
    one, two = (
        factories.account(session, cast.admin, "@one"),
        factories.account(session, cast.admin, "@two"),
    )
    saved = factories.draft(
        session,
        cast.editor,
        CALM,
        account_ids=[two, one, two],
        media=[Media("image", "A latte on a counter")],
    )
    assert saved.account_ids == (two, one)
    again = drafts.save_draft(
        session,
        cast.workspace_id,
        cast.editor,
        drafts.DraftInput(CALM, account_ids=[one]),
        draft_id=saved.id,
    )
    assert again.account_ids == (one,)
    assert drafts.get_draft(session, cast.workspace_id, cast.viewer, saved.id).account_ids == (one,)
    assert saved.media == (Media("image", "A latte on a counter"),)


# Deleting --------------------------------------------------------------------------------------


def test_a_contributor_deletes_their_own_draft_but_not_others(session: Session, cast: Cast) -> None:
    mine = factories.draft(session, cast.contributor)
    theirs = factories.draft(session, cast.editor)
    drafts.delete_draft(session, cast.workspace_id, cast.contributor, mine.id)
    with pytest.raises(NotFound):
        drafts.get_draft(session, cast.workspace_id, cast.viewer, mine.id)
    with pytest.raises(Forbidden):
        drafts.delete_draft(session, cast.workspace_id, cast.contributor, theirs.id)


# Listing ---------------------------------------------------------------------------------------


@pytest.fixture
def library(session: Session, cast: Cast, clock: FrozenClock) -> dict[str, int]:
    """Five drafts by two authors in two languages, one minute apart."""
    brand = factories.account(session, cast.admin, "@acme")
    made = {}
    for name, actor, text, accounts in [
        ("alarm", cast.contributor, ALARM, [brand]),
        ("latte", cast.editor, CALM, [brand]),
        ("cafe", cast.editor, "Nouveau : un latte à l'érable dans nos CAFÉS.", []),
        ("percent", cast.editor, "Save 100% of the fun_times with us.", []),
        ("reopen", cast.contributor, "Nos cafés rouvrent lundi. Merci pour votre patience.", []),
    ]:
        clock.advance(minutes=1)
        made[name] = factories.draft(session, actor, text, account_ids=accounts).id
    made["account"] = brand
    return made


def _ids(session: Session, cast: Cast, **filters: object) -> list[int]:
    page = drafts.list_drafts(
        session,
        cast.workspace_id,
        cast.viewer,
        drafts.DraftFilter(**filters),  # type: ignore[arg-type]
    )
    return [d.id for d in page.drafts]


def test_drafts_are_listed_newest_change_first(
    session: Session, cast: Cast, library: dict[str, int]
) -> None:
    names = ["reopen", "percent", "cafe", "latte", "alarm"]
    assert _ids(session, cast) == [library[name] for name in names]


def test_drafts_are_filtered_by_verdict_author_language_and_account(
    session: Session, cast: Cast, library: dict[str, int]
) -> None:
    assert _ids(session, cast, verdict="review") == [library["alarm"]]
    assert _ids(session, cast, author_id=cast.uid(cast.contributor)) == [
        library["reopen"],
        library["alarm"],
    ]
    assert _ids(session, cast, language="fr") == [library["reopen"], library["cafe"]]
    assert _ids(session, cast, account_id=library["account"]) == [
        library["latte"],
        library["alarm"],
    ]
    assert _ids(session, cast, verdict="pass", account_id=library["account"]) == [library["latte"]]


def test_search_ignores_case_and_accents(
    session: Session, cast: Cast, library: dict[str, int]
) -> None:
    assert _ids(session, cast, search="cafe") == [library["reopen"], library["cafe"]]
    assert _ids(session, cast, search="LATTE") == [library["cafe"], library["latte"]]


def test_search_treats_like_wildcards_as_plain_characters(
    session: Session, cast: Cast, library: dict[str, int]
) -> None:
    assert _ids(session, cast, search="100%") == [library["percent"]]
    assert _ids(session, cast, search="fun_times") == [library["percent"]]
    assert _ids(session, cast, search="%") == [library["percent"]]
    assert _ids(session, cast, search="n_s") == []


def test_the_other_workspace_sees_none_of_it(
    session: Session, cast: Cast, library: dict[str, int]
) -> None:
    page = drafts.list_drafts(session, cast.other_workspace_id, cast.outsider)
    assert page.drafts == ()


def test_pages_walk_every_draft_once(
    session: Session, cast: Cast, library: dict[str, int], clock: FrozenClock
) -> None:
    seen: list[int] = []
    cursor = None
    while True:
        page = drafts.list_drafts(session, cast.workspace_id, cast.viewer, limit=2, cursor=cursor)
        seen.extend(d.id for d in page.drafts)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == _ids(session, cast)


def test_drafts_saved_at_the_same_moment_are_all_paged(session: Session, cast: Cast) -> None:
    made = [factories.draft(session, cast.editor, f"Latte number {n}").id for n in range(5)]
    first = drafts.list_drafts(session, cast.workspace_id, cast.viewer, limit=3)
    rest = drafts.list_drafts(
        session, cast.workspace_id, cast.viewer, limit=3, cursor=first.next_cursor
    )
    assert [d.id for d in first.drafts + rest.drafts] == made[::-1]
    assert rest.next_cursor is None


def test_a_damaged_page_cursor_says_to_start_again(session: Session, cast: Cast) -> None:
    with pytest.raises(Invalid, match="start again from the first page"):
        drafts.list_drafts(session, cast.workspace_id, cast.viewer, cursor="not-a-cursor")


def test_drafts_are_counted_by_verdict(
    session: Session, cast: Cast, library: dict[str, int]
) -> None:
    counts = drafts.count_by_verdict(session, cast.workspace_id, cast.viewer)
    assert counts == {Verdict.PASS: 4, Verdict.REVIEW: 1, Verdict.BLOCK: 0}
