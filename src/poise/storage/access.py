"""What lets people and programs in: web sessions, API tokens, invitations, sign-in attempts.

Tokens are looked up by the SHA-256 of their secret, which is all the database keeps; such a
lookup is not scoped by workspace because the token is what says which workspace it is for.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from poise.storage.repository import Scoped, affected
from poise.storage.tables import ApiToken, Invitation, LoginAttempt, WebSession


class WebSessions:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, session_id: str) -> WebSession | None:
        return self.session.get(WebSession, session_id)

    def add(self, web_session: WebSession) -> WebSession:
        self.session.add(web_session)
        self.session.flush()
        return web_session

    def remove(self, session_id: str) -> None:
        self.session.execute(delete(WebSession).where(WebSession.id == session_id))

    def remove_for_user(self, user_id: int, keep: str | None = None) -> int:
        """Sign ``user_id`` out everywhere (except session ``keep``); how many were removed."""
        query = delete(WebSession).where(WebSession.user_id == user_id)
        if keep is not None:
            query = query.where(WebSession.id != keep)
        return affected(self.session.execute(query))

    def remove_expired(self, now: datetime) -> int:
        return affected(self.session.execute(delete(WebSession).where(WebSession.expires_at < now)))


class ApiTokens(Scoped):
    def get(self, token_id: int) -> ApiToken | None:
        return self._get(ApiToken, token_id)

    def list(self) -> list[ApiToken]:
        query = self._select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        return list(self.session.scalars(query))

    def add(self, token: ApiToken) -> ApiToken:
        return self._add(token)


def api_token_by_hash(session: Session, token_hash: str) -> ApiToken | None:
    query = select(ApiToken).where(ApiToken.token_hash == token_hash)
    return session.scalars(query).one_or_none()


class Invitations(Scoped):
    def get(self, invitation_id: int) -> Invitation | None:
        return self._get(Invitation, invitation_id)

    def pending(self, now: datetime) -> list[Invitation]:
        query = (
            self._select(Invitation)
            .where(
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > now,
            )
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
        return list(self.session.scalars(query))

    def add(self, invitation: Invitation) -> Invitation:
        return self._add(invitation)


def invitation_by_hash(session: Session, token_hash: str) -> Invitation | None:
    query = select(Invitation).where(Invitation.token_hash == token_hash)
    return session.scalars(query).one_or_none()


class LoginAttempts:
    """Failed sign-ins by key (who and from where), to rate-limit password guessing."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def since(self, key: str, start: datetime) -> tuple[int, datetime | None]:
        """How many failures ``key`` has had since ``start``, and when the oldest was."""
        query = select(func.count(), func.min(LoginAttempt.at)).where(
            LoginAttempt.key == key, LoginAttempt.at >= start
        )
        count, oldest = self.session.execute(query).one()
        return int(count), oldest

    def add(self, key: str, at: datetime) -> None:
        self.session.add(LoginAttempt(key=key, at=at))
        self.session.flush()

    def clear(self, key: str) -> None:
        self.session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))

    def remove_older_than(self, moment: datetime) -> int:
        query = delete(LoginAttempt).where(LoginAttempt.at < moment)
        return affected(self.session.execute(query))
