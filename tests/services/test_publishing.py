"""Planning and sending posts on the sandbox network: approvals, schedules, publish-time review,
pauses, and exactly-once delivery when workers die."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from poise.networks.sandbox.client import recent_posts
from poise.services import delivery, notifications, pausing, publishing
from poise.services.errors import Conflict, Forbidden, Invalid
from poise.storage.db import Database
from poise.storage.tables import Account, Delivery, Draft, Workspace
from tests.services.cast import Cast
from tests.services.factories import FrozenClock, account, draft, event
from tests.services.sandbox_fixtures import run_due

CALM = "Our winter menu is here: maple latte and cinnamon buns, from Monday."


def _state(session: Session, draft_id: int) -> str:
    session.expire_all()
    row = session.get(Draft, draft_id)
    assert row is not None
    state = row.state
    session.commit()
    return state


def test_an_editors_post_is_scheduled_then_published_once_at_its_time(
    session: Session,
    database: Database,
    cast: Cast,
    clock: FrozenClock,
    clients: delivery.Clients,
    store: Path,
) -> None:
    sandbox = account(session, cast.admin, "@acme")
    post = draft(session, cast.editor, CALM, account_ids=[sandbox])
    at = clock.advance(hours=0) + publishing.GRACE * 60
    outcome = publishing.schedule(session, cast.workspace_id, cast.editor, post.id, at)
    session.commit()
    assert outcome.state.value == "scheduled"
    assert run_due(session, database, clients) == 0  # not yet its time
    clock.advance(hours=1, minutes=1)
    assert run_due(session, database, clients) == 1
    assert _state(session, post.id) == "published"
    posted = recent_posts(store)
    assert [p.text for p in posted] == [CALM]
    row = session.scalars(select(Delivery).where(Delivery.draft_id == post.id)).one()
    assert row.remote_url == posted[0].url
    assert run_due(session, database, clients) == 0
    delivery.note_last_posts(database)
    session.expire_all()
    connected = session.get(Account, sandbox)
    assert connected is not None and connected.last_post_at == row.published_at


def test_a_contributors_post_waits_for_someone_else_to_approve_it(
    session: Session, cast: Cast, clock: FrozenClock
) -> None:
    sandbox = account(session, cast.admin)
    post = draft(session, cast.contributor, CALM, account_ids=[sandbox])
    outcome = publishing.schedule(session, cast.workspace_id, cast.contributor, post.id, None)
    assert outcome.state.value == "in_review"
    approver_inbox = notifications.recent(session, cast.uid(cast.approver))
    assert [n.kind for n in approver_inbox] == ["to_approve"]
    with pytest.raises(Forbidden):
        publishing.approve(
            session, cast.workspace_id, cast.contributor, post.id, expected_version=1
        )
    approved = publishing.approve(
        session, cast.workspace_id, cast.approver, post.id, expected_version=1
    )
    assert approved.state.value == "scheduled"
    assert (
        session.scalars(select(Delivery).where(Delivery.draft_id == post.id)).one().state
        == "scheduled"
    )


def test_an_edit_voids_the_approval_of_the_older_version(session: Session, cast: Cast) -> None:
    sandbox = account(session, cast.admin)
    post = draft(session, cast.contributor, CALM, account_ids=[sandbox])
    publishing.schedule(session, cast.workspace_id, cast.contributor, post.id, None)
    draft_again = draft  # the same author saves a new version
    from poise.services import drafts

    drafts.save_draft(
        session,
        cast.workspace_id,
        cast.contributor,
        drafts.DraftInput(text=CALM + " See you there.", account_ids=[sandbox]),
        draft_id=post.id,
    )
    del draft_again
    with pytest.raises(Conflict):
        publishing.approve(session, cast.workspace_id, cast.approver, post.id, expected_version=1)
    assert (
        publishing.approve(
            session, cast.workspace_id, cast.approver, post.id, expected_version=2
        ).state.value
        == "scheduled"
    )


def test_a_post_whose_time_passes_unapproved_expires_and_is_not_sent(
    session: Session,
    database: Database,
    cast: Cast,
    clock: FrozenClock,
    clients: delivery.Clients,
    store: Path,
) -> None:
    sandbox = account(session, cast.admin)
    post = draft(session, cast.contributor, CALM, account_ids=[sandbox])
    publishing.schedule(
        session, cast.workspace_id, cast.contributor, post.id, clock.now() + publishing.GRACE * 10
    )
    session.commit()
    clock.advance(minutes=30)
    assert delivery.expire_approvals(database) == 1
    assert _state(session, post.id) == "expired"
    assert run_due(session, database, clients) == 0
    assert recent_posts(store) == []
    kinds = [n.kind for n in notifications.recent(session, cast.uid(cast.contributor))]
    assert "expired" in kinds


def test_review_blocks_scheduling_until_an_admin_overrides_it(session: Session, cast: Cast) -> None:
    sandbox = account(session, cast.admin)
    post = draft(session, cast.editor, "This is fucking amazing, buy now!", account_ids=[sandbox])
    assert post.verdict.value == "block"
    with pytest.raises(Invalid):
        publishing.schedule(session, cast.workspace_id, cast.editor, post.id, None)
    with pytest.raises(Forbidden):
        publishing.schedule(
            session, cast.workspace_id, cast.editor, post.id, None, override_reason="we mean it"
        )
    outcome = publishing.schedule(
        session,
        cast.workspace_id,
        cast.admin,
        post.id,
        None,
        override_reason="quoting a customer, approved by legal",
    )
    assert outcome.state.value == "scheduled"


def test_a_tragedy_after_scheduling_holds_the_cheerful_post_and_tells_the_team(
    session: Session,
    database: Database,
    cast: Cast,
    clock: FrozenClock,
    clients: delivery.Clients,
    store: Path,
) -> None:
    sandbox = account(session, cast.admin)
    post = draft(
        session, cast.editor, "Flash sale! 50% off everything today only 🎉", account_ids=[sandbox]
    )
    publishing.schedule(
        session, cast.workspace_id, cast.editor, post.id, clock.now() + publishing.GRACE * 30
    )
    session.commit()
    event(session, cast.editor, title="Shooting in Paris", category="terror", regions=["FR", "US"])
    session.commit()
    clock.advance(hours=1)
    assert run_due(session, database, clients) == 1
    assert _state(session, post.id) == "held"
    assert recent_posts(store) == []
    kinds = [n.kind for n in notifications.recent(session, cast.uid(cast.editor))]
    assert "held" in kinds


def test_a_paused_workspace_sends_nothing_and_resume_can_keep_a_post_held(
    session: Session,
    database: Database,
    cast: Cast,
    clock: FrozenClock,
    clients: delivery.Clients,
    store: Path,
) -> None:
    sandbox = account(session, cast.admin)
    first = draft(session, cast.editor, CALM, account_ids=[sandbox])
    second = draft(
        session, cast.editor, "Doors open at 8 tomorrow for the tasting.", account_ids=[sandbox]
    )
    for post in (first, second):
        publishing.schedule(session, cast.workspace_id, cast.editor, post.id, None)
    with pytest.raises(Forbidden):
        pausing.pause(session, cast.workspace_id, cast.editor, "incident")
    pausing.pause(session, cast.workspace_id, cast.admin, "incident at the Paris store")
    session.commit()
    assert run_due(session, database, clients) == 0
    waiting = pausing.pending(session, cast.workspace_id, cast.admin)
    assert {item.draft.id for item in waiting} == {first.id, second.id}
    assert all(item.overdue for item in waiting)
    pausing.resume(session, cast.workspace_id, cast.admin, keep_held=[second.id])
    session.commit()
    assert run_due(session, database, clients) == 1
    assert _state(session, first.id) == "published"
    assert _state(session, second.id) == "held"
    assert [p.text for p in recent_posts(store)] == [CALM]


def test_a_worker_that_dies_after_sending_is_settled_without_a_second_post(
    session: Session,
    database: Database,
    cast: Cast,
    clock: FrozenClock,
    clients: delivery.Clients,
    store: Path,
) -> None:
    sandbox = account(session, cast.admin)
    post = draft(session, cast.editor, CALM, account_ids=[sandbox])
    publishing.schedule(session, cast.workspace_id, cast.editor, post.id, None)
    session.commit()
    [job] = delivery.claim(database, "doomed-worker")
    clients.get(job).publish(job.outgoing())  # sent; then the worker dies
    assert delivery.claim(database, "another-worker") == []  # leased: nobody else sends it
    clock.advance(minutes=3)
    assert delivery.sweep(database) == 1
    assert _state(session, post.id) == "unconfirmed"
    assert run_due(session, database, clients) == 1
    assert _state(session, post.id) == "published"
    assert len(recent_posts(store)) == 1


def test_a_worker_that_dies_before_sending_is_settled_then_sent_once(
    session: Session,
    database: Database,
    cast: Cast,
    clock: FrozenClock,
    clients: delivery.Clients,
    store: Path,
) -> None:
    sandbox = account(session, cast.admin)
    post = draft(session, cast.editor, CALM, account_ids=[sandbox])
    publishing.schedule(session, cast.workspace_id, cast.editor, post.id, None)
    session.commit()
    assert len(delivery.claim(database, "doomed-worker")) == 1
    clock.advance(minutes=3)
    delivery.sweep(database)
    assert run_due(session, database, clients) == 1
    assert [p.text for p in recent_posts(store)] == [CALM]
    assert _state(session, post.id) == "published"


def test_an_account_whose_credentials_stop_working_holds_its_posts_with_the_reason(
    session: Session, database: Database, cast: Cast, clients: delivery.Clients, store: Path
) -> None:
    mastodon = account(session, cast.admin, "@acme@example.social", network="mastodon")
    row = session.get(Account, mastodon)
    assert row is not None
    row.credentials = "sealed with a key this install no longer has"
    post = draft(session, cast.editor, CALM, account_ids=[mastodon])
    publishing.schedule(session, cast.workspace_id, cast.editor, post.id, None)
    session.commit()
    assert run_due(session, database, clients) == 1
    session.expire_all()
    assert _state(session, post.id) == "held"
    broken = session.get(Account, mastodon)
    assert broken is not None and broken.status == "broken"
    assert "secret key" in (broken.status_reason or "")
    kinds = [n.kind for n in notifications.recent(session, cast.uid(cast.admin))]
    assert "account_broken" in kinds


def test_the_policy_can_require_two_approvers_for_every_post(session: Session, cast: Cast) -> None:
    sandbox = account(session, cast.admin)
    publishing.set_policy(session, cast.workspace_id, cast.admin, "always", 2)
    post = draft(session, cast.editor, CALM, account_ids=[sandbox])
    assert (
        publishing.schedule(session, cast.workspace_id, cast.editor, post.id, None).state.value
        == "in_review"
    )
    first = publishing.approve(
        session, cast.workspace_id, cast.approver, post.id, expected_version=1
    )
    assert (first.state.value, first.approvals_given) == ("in_review", 1)
    with pytest.raises(Conflict):
        publishing.approve(session, cast.workspace_id, cast.approver, post.id, expected_version=1)
    second = publishing.approve(session, cast.workspace_id, cast.admin, post.id, expected_version=1)
    assert second.state.value == "scheduled"
    workspace = session.get(Workspace, cast.workspace_id)
    assert workspace is not None and workspace.approvals_required == 2


def test_a_post_submitted_to_go_out_as_soon_as_approved_does_not_expire_while_it_waits(
    session: Session, database: Database, cast: Cast, clock: FrozenClock
) -> None:
    sandbox = account(session, cast.admin)
    post = draft(session, cast.contributor, CALM, account_ids=[sandbox])
    publishing.schedule(session, cast.workspace_id, cast.contributor, post.id, None)
    session.commit()
    clock.advance(hours=3)
    assert delivery.expire_approvals(database) == 0
    approved = publishing.approve(
        session, cast.workspace_id, cast.approver, post.id, expected_version=1
    )
    assert approved.state.value == "scheduled"
    assert approved.scheduled_at == clock.now()
