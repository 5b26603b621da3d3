"""Who may do what: the permission table, and the services enforcing it."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from poise.domain import Action, Role, can, can_assign, needs_approval
from poise.services import audit, auth, drafts, events, voice, workspaces
from poise.services.errors import Forbidden, NotFound
from tests.services import factories
from tests.services.cast import Cast

OWN, ADM, EDI, CON, APP, VIE = "owner", "admin", "editor", "contributor", "approver", "viewer"
EXPECTED = {
    Action.VIEW_DRAFTS: {OWN, ADM, EDI, CON, APP, VIE},
    Action.WRITE_DRAFTS: {OWN, ADM, EDI, CON},
    Action.EDIT_OTHERS_DRAFTS: {OWN, ADM, EDI},
    Action.PUBLISH: {OWN, ADM, EDI},
    Action.APPROVE: {OWN, ADM, APP},
    Action.DECLARE_EVENTS: {OWN, ADM, EDI, CON, APP},
    Action.MANAGE_EVENTS: {OWN, ADM, EDI, APP},
    Action.MANAGE_VOICE: {OWN, ADM, EDI},
    Action.MANAGE_ACCOUNTS: {OWN, ADM},
    Action.MANAGE_WORKSPACE_SETTINGS: {OWN, ADM},
    Action.VIEW_MEMBERS: {OWN, ADM, EDI, CON, APP, VIE},
    Action.MANAGE_MEMBERS: {OWN, ADM},
    Action.MANAGE_TOKENS: {OWN, ADM},
    Action.VIEW_AUDIT: {OWN, ADM},
    Action.OVERRIDE_REVIEW: {OWN, ADM},
    Action.PAUSE_PUBLISHING: {OWN, ADM},
}


@pytest.mark.parametrize("action", list(Action))
def test_the_permission_table_is_as_documented(action: Action) -> None:
    assert {role.value for role in Role if can(role, action)} == EXPECTED[action]


def test_a_contributor_writes_but_cannot_publish_without_approval() -> None:
    assert can(Role.CONTRIBUTOR, Action.WRITE_DRAFTS)
    assert not can(Role.CONTRIBUTOR, Action.PUBLISH)
    assert needs_approval(Role.CONTRIBUTOR)
    assert not needs_approval(Role.EDITOR)


def test_only_an_owner_can_make_someone_owner() -> None:
    assert can_assign(Role.OWNER, Role.OWNER)
    assert not can_assign(Role.ADMIN, Role.OWNER)
    assert can_assign(Role.ADMIN, Role.EDITOR)
    assert not can_assign(Role.EDITOR, Role.VIEWER)


def test_contributor_cannot_change_workspace_settings(session: Session, cast: Cast) -> None:
    with pytest.raises(Forbidden, match="a contributor cannot change the workspace's settings"):
        workspaces.update_settings(
            session, cast.workspace_id, cast.contributor, disclosure_required=True
        )


def test_viewer_cannot_write_drafts(session: Session, cast: Cast) -> None:
    with pytest.raises(Forbidden, match="ask someone who is owner, admin, editor, contributor"):
        factories.draft(session, cast.viewer)


def test_approver_reads_drafts_but_does_not_write_them(session: Session, cast: Cast) -> None:
    written = factories.draft(session, cast.editor)
    assert drafts.get_draft(session, cast.workspace_id, cast.approver, written.id).id == written.id
    with pytest.raises(Forbidden):
        factories.draft(session, cast.approver)


def test_contributor_cannot_edit_someone_elses_draft(session: Session, cast: Cast) -> None:
    written = factories.draft(session, cast.editor)
    with pytest.raises(Forbidden, match="change other people's drafts"):
        drafts.save_draft(
            session,
            cast.workspace_id,
            cast.contributor,
            drafts.DraftInput("Rewritten"),
            draft_id=written.id,
        )


def test_editor_can_edit_someone_elses_draft(session: Session, cast: Cast) -> None:
    written = factories.draft(session, cast.contributor)
    changed = drafts.save_draft(
        session, cast.workspace_id, cast.editor, drafts.DraftInput("Better"), draft_id=written.id
    )
    assert changed.text == "Better"
    assert changed.author_id == cast.uid(cast.contributor)


def test_editor_cannot_manage_members(session: Session, cast: Cast) -> None:
    with pytest.raises(Forbidden):
        workspaces.change_role(
            session, cast.workspace_id, cast.editor, cast.uid(cast.viewer), Role.EDITOR
        )


def test_viewer_cannot_read_the_audit_trail_and_an_admin_can(session: Session, cast: Cast) -> None:
    with pytest.raises(Forbidden):
        audit.list_audit(session, cast.workspace_id, cast.viewer)
    assert audit.list_audit(session, cast.workspace_id, cast.admin)


def test_editor_cannot_create_api_tokens(session: Session, cast: Cast) -> None:
    with pytest.raises(Forbidden):
        auth.create_api_token(session, cast.workspace_id, cast.editor, "Zapier", Role.EDITOR)


def test_contributor_cannot_import_voice_posts(session: Session, cast: Cast) -> None:
    with pytest.raises(Forbidden):
        voice.import_text(session, cast.workspace_id, cast.contributor, "A post")


def test_contributor_can_declare_an_event_but_not_end_it(session: Session, cast: Cast) -> None:
    declared = factories.event(session, cast.contributor)
    with pytest.raises(Forbidden, match="change or end world events"):
        events.end_event(session, cast.workspace_id, cast.contributor, declared.id)
    assert events.end_event(session, cast.workspace_id, cast.approver, declared.id).ended_at


def test_viewer_cannot_declare_an_event(session: Session, cast: Cast) -> None:
    with pytest.raises(Forbidden):
        factories.event(session, cast.viewer)


def test_an_outsider_gets_not_found_for_another_workspace_draft(
    session: Session, cast: Cast
) -> None:
    written = factories.draft(session, cast.editor)
    # Acting in their own workspace, the draft's id finds nothing.
    with pytest.raises(NotFound):
        drafts.get_draft(session, cast.other_workspace_id, cast.outsider, written.id)
    # Asking for Acme itself, they are not a member: the workspace does not exist for them.
    with pytest.raises(NotFound):
        workspaces.actor_for(session, cast.workspace_id, cast.uid(cast.outsider))
    with pytest.raises(NotFound):
        drafts.get_draft(session, cast.workspace_id, cast.outsider, written.id)


def test_an_outsider_cannot_change_another_workspace_draft(session: Session, cast: Cast) -> None:
    written = factories.draft(session, cast.editor)
    with pytest.raises(NotFound):
        drafts.save_draft(
            session,
            cast.other_workspace_id,
            cast.outsider,
            drafts.DraftInput("Hijacked"),
            draft_id=written.id,
        )
    with pytest.raises(NotFound):
        drafts.delete_draft(session, cast.other_workspace_id, cast.outsider, written.id)
    assert drafts.get_draft(session, cast.workspace_id, cast.editor, written.id).text != "Hijacked"
