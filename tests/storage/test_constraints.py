"""What the database itself guarantees, whatever the code above it does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from poise.storage.audit import append
from poise.storage.drafts import DraftQuery, Drafts
from poise.storage.tables import Draft, Membership, User, Workspace

AT = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def _workspace(session: Session, slug: str) -> Workspace:
    workspace = Workspace(
        name=slug.title(),
        slug=slug,
        time_zone="UTC",
        audience_countries=[],
        audience_languages=[],
        banned_words=[],
        glossary=[],
        disclosure_required=False,
        created_at=AT,
    )
    session.add(workspace)
    session.flush()
    return workspace


def _user(session: Session, email: str) -> User:
    user = User(
        email=email,
        display_name="Ana",
        password_hash="x",
        ui_language="en",
        created_at=AT,
        disabled=False,
    )
    session.add(user)
    session.flush()
    return user


def _draft(workspace: Workspace, body: str) -> Draft:
    return Draft(
        workspace_id=workspace.id,
        text=body,
        review_language="en",
        variants={},
        media=[],
        verdict="pass",
        score=0,
        findings=[],
        search_text=body.lower(),
        version=1,
        created_at=AT,
        updated_at=AT,
    )


def test_an_email_is_stored_lower_cased_so_it_is_unique_whatever_its_case(
    session: Session,
) -> None:
    _user(session, "ana@example.com")
    with pytest.raises(IntegrityError):
        _user(session, "Ana@Example.com")


def test_a_membership_role_must_be_a_known_role(session: Session) -> None:
    workspace = _workspace(session, "acme")
    user = _user(session, "ana@example.com")
    session.add(Membership(user_id=user.id, workspace_id=workspace.id, role="king", created_at=AT))
    with pytest.raises(IntegrityError):
        session.flush()


def test_a_user_belongs_to_a_workspace_once(session: Session) -> None:
    workspace = _workspace(session, "acme")
    user = _user(session, "ana@example.com")
    for role in ("editor", "viewer"):
        session.add(
            Membership(user_id=user.id, workspace_id=workspace.id, role=role, created_at=AT)
        )
    with pytest.raises(IntegrityError):
        session.flush()


def test_a_draft_of_an_unknown_workspace_is_refused(session: Session) -> None:
    ghost = Workspace(id=999, name="", slug="", time_zone="", created_at=AT)
    session.add(_draft(ghost, "hello"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_audit_events_can_be_neither_updated_nor_deleted(session: Session) -> None:
    append(session, [{"action": "user.created", "subject_type": "user", "details": {}, "at": AT}])
    session.commit()
    for statement in ("UPDATE audit_events SET action = 'nothing'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"):
            session.execute(text(statement))
        session.rollback()
    assert session.scalar(text("SELECT action FROM audit_events")) == "user.created"


def test_a_repository_only_sees_its_own_workspace(session: Session) -> None:
    acme, globex = _workspace(session, "acme"), _workspace(session, "globex")
    mine = Drafts(session, acme.id).add(_draft(acme, "Acme's secret launch"))
    theirs = Drafts(session, globex.id)
    assert theirs.get(mine.id) is None
    assert theirs.page(DraftQuery(), limit=10) == []
    assert theirs.page(DraftQuery(search="secret"), limit=10) == []
    with pytest.raises(ValueError, match="belongs to its workspace"):
        theirs.add(_draft(acme, "smuggled"))
