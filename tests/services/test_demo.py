"""The demo workspace: real verdicts in four languages, and safe to create twice."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from poise.domain import Role
from poise.review import Verdict
from poise.services import auth, demo, drafts, events, workspaces
from poise.storage import tables


def _count(session: Session, table: type[tables.Base]) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def test_the_demo_has_risky_and_safe_drafts_in_four_languages(session: Session) -> None:
    result = demo.seed_demo(session)
    assert result.created and result.password
    admin = auth.authenticate(session, result.email, result.password, None)
    assert admin is not None
    actor = workspaces.actor_for(session, result.workspace_id, admin.id)
    assert actor.role is Role.OWNER
    page = drafts.list_drafts(session, result.workspace_id, actor, limit=100)
    assert len(page.drafts) >= 16
    assert {d.review_language for d in page.drafts} == {"en", "fr", "ar", "ja"}
    verdicts = Counter(d.verdict for d in page.drafts)
    assert verdicts[Verdict.BLOCK] >= 1 and verdicts[Verdict.REVIEW] >= 4
    assert verdicts[Verdict.PASS] >= 4
    assert len(events.list_events(session, result.workspace_id, actor)) == 1
    space = workspaces.get_workspace(session, result.workspace_id, actor)
    assert space.audience_countries == ("US", "FR", "SA", "JP")
    assert space.banned_words and space.glossary


def test_seeding_the_demo_twice_duplicates_nothing(session: Session) -> None:
    first = demo.seed_demo(session, "a demo passphrase")
    counts = {t: _count(session, t) for t in (tables.User, tables.Workspace, tables.Draft)}
    voice_posts = _count(session, tables.VoicePost)
    second = demo.seed_demo(session)
    assert not second.created and second.password is None
    assert second.workspace_id == first.workspace_id
    assert {t: _count(session, t) for t in counts} == counts
    assert _count(session, tables.VoicePost) == voice_posts


def test_seeding_again_with_a_password_sets_it(session: Session) -> None:
    demo.seed_demo(session, "the first passphrase")
    demo.seed_demo(session, "the second passphrase")
    email = demo.content()["admin"]["email"]
    assert auth.authenticate(session, email, "the second passphrase", None) is not None
