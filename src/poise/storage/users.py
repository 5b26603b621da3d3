"""Users: people who sign in. Not workspace data: a user may belong to several workspaces."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from poise.storage.tables import User


class Users:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, user_id: int) -> User | None:
        return self.session.get(User, user_id)

    def by_email(self, email: str) -> User | None:
        """The user with ``email`` (which the caller has already lower-cased)."""
        return self.session.scalars(select(User).where(User.email == email)).one_or_none()

    def add(self, user: User) -> User:
        self.session.add(user)
        self.session.flush()
        return user
