"""Voice posts: a workspace's past posts, read to learn how its accounts write."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, select

from poise.storage.repository import Scoped, affected
from poise.storage.tables import VoicePost


class VoicePosts(Scoped):
    def _of(self, account_id: int | None, with_shared: bool) -> ColumnElement[bool]:
        scope = VoicePost.workspace_id == self.workspace_id
        if account_id is None:
            return scope
        mine = VoicePost.account_id == account_id
        return scope & ((mine | VoicePost.account_id.is_(None)) if with_shared else mine)

    def texts(self, account_id: int | None = None, limit: int | None = None) -> list[str]:
        """The newest posts' texts, oldest first: all of the workspace's, or those of
        ``account_id`` and those imported for no account in particular."""
        query = (
            select(VoicePost.text)
            .where(self._of(account_id, with_shared=True))
            .order_by(VoicePost.id.desc())
            .limit(limit)
        )
        return list(reversed(self.session.scalars(query).all()))

    def page(self, account_id: int | None, limit: int, offset: int) -> list[VoicePost]:
        query = (
            select(VoicePost)
            .where(self._of(account_id, with_shared=False))
            .order_by(VoicePost.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return list(self.session.scalars(query))

    def count(self, account_id: int | None = None) -> int:
        query = select(func.count()).where(self._of(account_id, with_shared=False))
        return self.session.scalars(query).one()

    def add_all(self, texts: Iterable[str], account_id: int | None, at: datetime) -> int:
        rows = [
            VoicePost(workspace_id=self.workspace_id, account_id=account_id, text=t, imported_at=at)
            for t in texts
        ]
        self.session.add_all(rows)
        self.session.flush()
        return len(rows)

    def clear(self, account_id: int | None = None) -> int:
        query = delete(VoicePost).where(self._of(account_id, with_shared=False))
        return affected(self.session.execute(query))
