"""The audit trail: every change is recorded, scoped to its workspace, and cannot be rewritten."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from poise.domain import Role
from poise.services import audit, auth, drafts, events, voice, workspaces
from tests.services import factories
from tests.services.cast import Cast


def _actions(session: Session, cast: Cast) -> list[str]:
    return [e.action for e in audit.list_audit(session, cast.workspace_id, cast.owner)]


def test_every_change_writes_an_audit_event(session: Session, cast: Cast) -> None:
    written = factories.draft(session, cast.editor)
    drafts.save_draft(
        session, cast.workspace_id, cast.editor, drafts.DraftInput("Edited"), draft_id=written.id
    )
    drafts.delete_draft(session, cast.workspace_id, cast.editor, written.id)
    declared = factories.event(session, cast.editor)
    events.end_event(session, cast.workspace_id, cast.editor, declared.id)
    voice.import_text(session, cast.workspace_id, cast.editor, "A post")
    token = auth.create_api_token(session, cast.workspace_id, cast.admin, "Zapier", Role.VIEWER)
    auth.revoke_api_token(session, cast.workspace_id, cast.admin, token.token.id)
    workspaces.change_role(session, cast.workspace_id, cast.admin, cast.uid(cast.viewer), "editor")
    assert _actions(session, cast)[:9] == [
        "member.role_changed",
        "api_token.revoked",
        "api_token.created",
        "voice.imported",
        "event.ended",
        "event.declared",
        "draft.deleted",
        "draft.updated",
        "draft.created",
    ]


def test_an_audit_event_says_who_acted_and_from_where(session: Session, cast: Cast) -> None:
    editor = replace(cast.editor, ip="203.0.113.7")
    written = factories.draft(session, editor)
    latest = audit.list_audit(session, cast.workspace_id, cast.admin, limit=1)[0]
    assert (latest.actor_user_id, latest.ip, latest.subject_id) == (
        cast.uid(cast.editor),
        "203.0.113.7",
        str(written.id),
    )


def test_a_token_s_changes_are_audited_as_the_token(session: Session, cast: Cast) -> None:
    created = auth.create_api_token(session, cast.workspace_id, cast.admin, "Zapier", "editor")
    robot = auth.authenticate_token(session, created.secret)
    assert robot is not None
    factories.draft(session, robot)
    latest = audit.list_audit(session, cast.workspace_id, cast.admin, limit=1)[0]
    assert (latest.actor_user_id, latest.actor_token_id) == (None, created.token.id)


def test_each_workspace_sees_only_its_own_audit_trail(session: Session, cast: Cast) -> None:
    factories.draft(session, cast.editor)
    theirs = audit.list_audit(session, cast.other_workspace_id, cast.outsider)
    assert [e.action for e in theirs] == ["workspace.created"]


def test_audit_pages_go_back_in_time(session: Session, cast: Cast) -> None:
    everything = audit.list_audit(session, cast.workspace_id, cast.owner)
    first = audit.list_audit(session, cast.workspace_id, cast.owner, limit=2)
    rest = audit.list_audit(session, cast.workspace_id, cast.owner, before_id=first[-1].id)
    assert first + rest == everything


def test_audit_events_are_immutable_in_the_database(session: Session, cast: Cast) -> None:
    # Both databases refuse, by trigger; PostgreSQL is where it matters most (shared servers).
    count = session.scalar(text("SELECT count(*) FROM audit_events"))
    for statement in (
        "UPDATE audit_events SET action = 'nothing happened'",
        "DELETE FROM audit_events",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            session.execute(text(statement))
        session.rollback()
    assert session.scalar(text("SELECT count(*) FROM audit_events")) == count
