"""Users, passwords, sign-in and its rate limit, web sessions, invitations and API tokens."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from poise.domain import Role
from poise.services import auth, passwords, workspaces
from poise.services.errors import Conflict, Forbidden, Invalid, NotFound, RateLimited
from poise.storage.tables import ApiToken, User, WebSession
from tests.services.cast import PASSWORD, Cast, email_of
from tests.services.factories import FrozenClock

IP = "203.0.113.7"


# Users and passwords ---------------------------------------------------------------------------


def test_an_email_belongs_to_one_account_whatever_its_case(session: Session) -> None:
    auth.create_user(session, "Ana@Example.com", "Ana", PASSWORD)
    with pytest.raises(Conflict, match=r"already an account for ana@example\.com"):
        auth.create_user(session, "ANA@example.COM", "Ana again", PASSWORD)


def test_a_short_password_is_refused_with_the_rule(session: Session) -> None:
    with pytest.raises(Invalid, match="use at least 10"):
        auth.create_user(session, "ana@example.com", "Ana", "hunter2")


def test_a_malformed_email_is_refused(session: Session) -> None:
    with pytest.raises(Invalid, match="not an email address"):
        auth.create_user(session, "ana at example", "Ana", PASSWORD)


def test_passwords_are_stored_as_argon2id_hashes(session: Session, cast: Cast) -> None:
    stored = session.scalars(select(User.password_hash)).first()
    assert stored is not None and stored.startswith("$argon2id$")
    assert PASSWORD not in stored


# Signing in ------------------------------------------------------------------------------------


def test_the_right_password_signs_in_whatever_the_email_case(session: Session, cast: Cast) -> None:
    user = auth.authenticate(session, "EDITOR@acme.test", PASSWORD, IP)
    assert user is not None and user.id == cast.uid(cast.editor)


def test_a_wrong_password_or_an_unknown_email_gets_none(session: Session, cast: Cast) -> None:
    assert auth.authenticate(session, email_of("editor"), "wrong password", IP) is None
    assert auth.authenticate(session, "nobody@acme.test", PASSWORD, IP) is None


def test_the_sixth_sign_in_within_fifteen_minutes_is_rate_limited(
    session: Session, cast: Cast, clock: FrozenClock
) -> None:
    for _ in range(5):
        assert auth.authenticate(session, email_of("editor"), "guess", IP) is None
        clock.advance(minutes=1)
    session.commit()
    with pytest.raises(RateLimited, match="try again in 10 minutes") as limited:
        auth.authenticate(session, email_of("editor"), PASSWORD, IP)
    assert limited.value.retry_after == 10 * 60


def test_the_rate_limit_lifts_when_the_failures_are_older_than_fifteen_minutes(
    session: Session, cast: Cast, clock: FrozenClock
) -> None:
    for _ in range(5):
        auth.authenticate(session, email_of("editor"), "guess", IP)
    clock.advance(minutes=15, seconds=1)
    assert auth.authenticate(session, email_of("editor"), PASSWORD, IP) is not None


def test_a_successful_sign_in_clears_the_failures(session: Session, cast: Cast) -> None:
    for _ in range(4):
        auth.authenticate(session, email_of("editor"), "guess", IP)
    assert auth.authenticate(session, email_of("editor"), PASSWORD, IP) is not None
    for _ in range(4):
        auth.authenticate(session, email_of("editor"), "guess", IP)
    assert auth.authenticate(session, email_of("editor"), PASSWORD, IP) is not None


def test_the_rate_limit_counts_per_email_and_address(session: Session, cast: Cast) -> None:
    for _ in range(5):
        auth.authenticate(session, email_of("editor"), "guess", IP)
    assert auth.authenticate(session, email_of("editor"), PASSWORD, "198.51.100.1") is not None
    assert auth.authenticate(session, email_of("viewer"), PASSWORD, IP) is not None


def test_failures_for_an_unknown_email_are_limited_too(session: Session, cast: Cast) -> None:
    for _ in range(5):
        auth.authenticate(session, "nobody@acme.test", "guess", IP)
    with pytest.raises(RateLimited):
        auth.authenticate(session, "nobody@acme.test", "guess", IP)


def test_a_disabled_user_cannot_sign_in(session: Session, cast: Cast) -> None:
    user = session.get(User, cast.uid(cast.editor))
    assert user is not None
    user.disabled = True
    assert auth.authenticate(session, email_of("editor"), PASSWORD, IP) is None


def test_a_hash_made_with_older_parameters_is_replaced_at_sign_in(
    session: Session, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    monkeypatch.setattr(passwords, "HASHER", stronger)
    assert auth.authenticate(session, email_of("editor"), PASSWORD, IP) is not None
    user = session.get(User, cast.uid(cast.editor))
    assert user is not None
    assert "m=16,t=2,p=1" in user.password_hash
    assert not stronger.check_needs_rehash(user.password_hash)


def test_signing_in_ends_the_browser_s_previous_session(session: Session, cast: Cast) -> None:
    before = auth.create_session(session, cast.uid(cast.editor))
    signed = auth.sign_in(session, email_of("editor"), PASSWORD, IP, "Firefox", before.token)
    assert signed is not None and signed.token != before.token
    assert auth.get_session(session, before.token) is None
    assert auth.get_session(session, signed.token) is not None


# Password change -------------------------------------------------------------------------------


def test_changing_the_password_needs_the_current_one(session: Session, cast: Cast) -> None:
    with pytest.raises(Invalid, match="current password is wrong"):
        auth.change_password(session, cast.uid(cast.editor), "not it", "a brand new passphrase")


def test_a_changed_password_signs_in_and_the_old_one_no_longer_does(
    session: Session, cast: Cast
) -> None:
    auth.change_password(session, cast.uid(cast.editor), PASSWORD, "a brand new passphrase")
    assert auth.authenticate(session, email_of("editor"), PASSWORD, IP) is None
    assert auth.authenticate(session, email_of("editor"), "a brand new passphrase", IP)


def test_changing_the_password_signs_out_every_other_browser(session: Session, cast: Cast) -> None:
    here = auth.create_session(session, cast.uid(cast.editor))
    elsewhere = auth.create_session(session, cast.uid(cast.editor))
    auth.change_password(
        session, cast.uid(cast.editor), PASSWORD, "a brand new passphrase", keep_session=here.token
    )
    assert auth.get_session(session, here.token) is not None
    assert auth.get_session(session, elsewhere.token) is None


# Sessions --------------------------------------------------------------------------------------


def test_only_the_hash_of_a_session_token_is_stored(session: Session, cast: Cast) -> None:
    opened = auth.create_session(session, cast.uid(cast.editor), IP, "Firefox")
    stored = session.scalars(select(WebSession.id)).one()
    assert opened.token not in stored and len(stored) == 64
    assert opened.session.csrf_secret


def test_a_session_expires_after_fourteen_days_without_use(
    session: Session, cast: Cast, clock: FrozenClock
) -> None:
    opened = auth.create_session(session, cast.uid(cast.editor))
    clock.advance(days=14, seconds=1)
    assert auth.get_session(session, opened.token) is None


def test_using_a_session_keeps_it_alive(session: Session, cast: Cast, clock: FrozenClock) -> None:
    opened = auth.create_session(session, cast.uid(cast.editor))
    for _ in range(3):
        clock.advance(days=10)
        assert auth.touch_session(session, opened.token) is not None
    assert auth.get_session(session, opened.token) is not None


def test_a_revoked_session_is_gone(session: Session, cast: Cast) -> None:
    opened = auth.create_session(session, cast.uid(cast.editor))
    auth.revoke_session(session, opened.token)
    assert auth.get_session(session, opened.token) is None


def test_switching_workspace_needs_membership(session: Session, cast: Cast) -> None:
    opened = auth.create_session(session, cast.uid(cast.editor))
    actor = workspaces.switch_workspace(session, opened.token, cast.workspace_id)
    assert actor.role is Role.EDITOR
    current = auth.get_session(session, opened.token)
    assert current is not None and current.active_workspace_id == cast.workspace_id
    with pytest.raises(NotFound):
        workspaces.switch_workspace(session, opened.token, cast.other_workspace_id)


# Invitations -----------------------------------------------------------------------------------


def test_an_invitation_is_accepted_with_a_new_account(session: Session, cast: Cast) -> None:
    invited = auth.create_invitation(
        session, cast.workspace_id, cast.admin, "Nina@Example.com", Role.CONTRIBUTOR
    )
    shown = auth.get_invitation(session, invited.token)
    assert (shown.email, shown.role, shown.workspace_name) == (
        "nina@example.com",
        Role.CONTRIBUTOR,
        "Acme",
    )
    user, actor = auth.accept_invitation_as_new_user(session, invited.token, "Nina", PASSWORD)
    assert actor.role is Role.CONTRIBUTOR and actor.user_id == user.id
    assert workspaces.actor_for(session, cast.workspace_id, user.id).role is Role.CONTRIBUTOR


def test_an_invitation_is_accepted_with_an_existing_account(session: Session, cast: Cast) -> None:
    outsider_email = "oscar@globex.test"
    invited = auth.create_invitation(
        session, cast.workspace_id, cast.owner, outsider_email, Role.APPROVER
    )
    actor = auth.accept_invitation(session, invited.token, cast.uid(cast.outsider))
    assert actor.workspace_id == cast.workspace_id and actor.role is Role.APPROVER


def test_an_invitation_cannot_be_used_twice(session: Session, cast: Cast) -> None:
    invited = auth.create_invitation(
        session, cast.workspace_id, cast.admin, "nina@example.com", Role.EDITOR
    )
    auth.accept_invitation_as_new_user(session, invited.token, "Nina", PASSWORD)
    with pytest.raises(NotFound, match="already been used"):
        auth.accept_invitation_as_new_user(session, invited.token, "Nina", PASSWORD)


def test_an_invitation_is_for_the_address_it_was_sent_to(session: Session, cast: Cast) -> None:
    invited = auth.create_invitation(
        session, cast.workspace_id, cast.admin, "nina@example.com", Role.EDITOR
    )
    with pytest.raises(Forbidden, match=r"this invitation is for nina@example\.com"):
        auth.accept_invitation(session, invited.token, cast.uid(cast.outsider))


def test_an_invitation_expires_after_a_week(
    session: Session, cast: Cast, clock: FrozenClock
) -> None:
    invited = auth.create_invitation(
        session, cast.workspace_id, cast.admin, "nina@example.com", Role.EDITOR
    )
    clock.advance(days=7, seconds=1)
    with pytest.raises(NotFound, match="expired"):
        auth.get_invitation(session, invited.token)


def test_a_revoked_invitation_no_longer_opens(session: Session, cast: Cast) -> None:
    invited = auth.create_invitation(
        session, cast.workspace_id, cast.admin, "nina@example.com", Role.EDITOR
    )
    auth.revoke_invitation(session, cast.workspace_id, cast.admin, invited.invitation.id)
    assert auth.list_invitations(session, cast.workspace_id, cast.admin) == []
    with pytest.raises(NotFound):
        auth.get_invitation(session, invited.token)


def test_an_admin_cannot_invite_an_owner(session: Session, cast: Cast) -> None:
    with pytest.raises(Forbidden, match="ask an owner"):
        auth.create_invitation(session, cast.workspace_id, cast.admin, "n@example.com", "owner")


def test_inviting_a_member_again_is_a_conflict(session: Session, cast: Cast) -> None:
    with pytest.raises(Conflict, match="already a member"):
        auth.create_invitation(
            session, cast.workspace_id, cast.admin, email_of("viewer"), Role.EDITOR
        )


def test_an_unknown_role_lists_the_roles(session: Session, cast: Cast) -> None:
    with pytest.raises(Invalid, match="use one of owner, admin, editor"):
        auth.create_invitation(session, cast.workspace_id, cast.admin, "n@example.com", "boss")


# API tokens ------------------------------------------------------------------------------------


def test_an_api_token_acts_with_its_role_in_its_workspace(session: Session, cast: Cast) -> None:
    created = auth.create_api_token(session, cast.workspace_id, cast.admin, "Zapier", "editor")
    actor = auth.authenticate_token(session, created.secret, IP)
    assert actor is not None
    assert (actor.workspace_id, actor.role, actor.token_id) == (
        cast.workspace_id,
        Role.EDITOR,
        created.token.id,
    )
    listed = auth.list_api_tokens(session, cast.workspace_id, cast.admin)
    assert listed[0].last_used_at is not None


def test_only_the_hash_of_an_api_token_is_stored(session: Session, cast: Cast) -> None:
    created = auth.create_api_token(session, cast.workspace_id, cast.admin, "Zapier", "viewer")
    stored = session.scalars(select(ApiToken.token_hash)).one()
    assert created.secret.startswith("poise_") and created.secret not in stored


def test_a_revoked_api_token_no_longer_authenticates(session: Session, cast: Cast) -> None:
    created = auth.create_api_token(session, cast.workspace_id, cast.admin, "Zapier", "editor")
    auth.revoke_api_token(session, cast.workspace_id, cast.admin, created.token.id)
    assert auth.authenticate_token(session, created.secret) is None


def test_an_unknown_api_token_does_not_authenticate(session: Session, cast: Cast) -> None:
    assert auth.authenticate_token(session, "poise_not-a-real-token") is None
    assert auth.authenticate_token(session, "Bearer nonsense") is None


def test_a_token_cannot_be_an_owner(session: Session, cast: Cast) -> None:
    with pytest.raises(Invalid, match="admin role at most"):
        auth.create_api_token(session, cast.workspace_id, cast.owner, "Root", Role.OWNER)


def test_an_outsider_cannot_revoke_another_workspace_token(session: Session, cast: Cast) -> None:
    created = auth.create_api_token(session, cast.workspace_id, cast.admin, "Zapier", "editor")
    with pytest.raises(NotFound):
        auth.revoke_api_token(session, cast.other_workspace_id, cast.outsider, created.token.id)
    assert auth.authenticate_token(session, created.secret) is not None


def test_pruning_removes_expired_sessions_and_old_failures(
    session: Session, cast: Cast, clock: FrozenClock
) -> None:
    auth.create_session(session, cast.uid(cast.editor))
    auth.authenticate(session, email_of("editor"), "guess", IP)
    clock.advance(days=15)
    live = auth.create_session(session, cast.uid(cast.editor))
    assert auth.prune(session) == 2
    assert auth.get_session(session, live.token) is not None
