"""Drafts: stored, filtered and paged newest first, fast with 100,000 drafts in a workspace.

Pages are keyset-paginated on ``(updated_at, id)``: the next page starts after the last row of
this one, so every page costs the same and rows saved meanwhile are neither skipped nor repeated.
Each filter has an index that starts with ``workspace_id`` and ends with ``updated_at, id``, so
the database walks the index in order and stops at the page size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Exists, Select, exists, func, select, tuple_

from poise.storage.repository import Scoped
from poise.storage.tables import Draft, DraftAccount


@dataclass(frozen=True, slots=True)
class DraftQuery:
    """Which drafts to list; every field narrows the list, ``None`` leaves it open.

    ``search`` must already be folded the way ``Draft.search_text`` is."""

    verdict: str | None = None
    author_id: int | None = None
    language: str | None = None
    account_id: int | None = None
    search: str | None = None


@dataclass(frozen=True, slots=True)
class Position:
    """Where a page ends: the ``(updated_at, id)`` of its last draft."""

    updated_at: datetime
    id: int


class Drafts(Scoped):
    def get(self, draft_id: int) -> Draft | None:
        return self._get(Draft, draft_id)

    def add(self, draft: Draft) -> Draft:
        return self._add(draft)

    def remove(self, draft: Draft) -> None:
        self.session.delete(draft)
        self.session.flush()

    def page(self, query: DraftQuery, limit: int, after: Position | None = None) -> list[Draft]:
        """Up to ``limit`` drafts matching ``query``, most recently updated first, starting
        after ``after``."""
        statement = self._filtered(query)
        if after is not None:
            statement = statement.where(
                tuple_(Draft.updated_at, Draft.id) < tuple_(after.updated_at, after.id)
            )
        statement = statement.order_by(Draft.updated_at.desc(), Draft.id.desc()).limit(limit)
        return list(self.session.scalars(statement))

    def count_by_verdict(self) -> dict[str, int]:
        query = (
            select(Draft.verdict, func.count())
            .where(Draft.workspace_id == self.workspace_id)
            .group_by(Draft.verdict)
        )
        return {verdict: int(count) for verdict, count in self.session.execute(query)}

    def _filtered(self, query: DraftQuery) -> Select[Draft]:
        statement = self._select(Draft)
        if query.verdict is not None:
            statement = statement.where(Draft.verdict == query.verdict)
        if query.author_id is not None:
            statement = statement.where(Draft.author_id == query.author_id)
        if query.language is not None:
            statement = statement.where(Draft.review_language == query.language)
        if query.account_id is not None:
            statement = statement.where(self._for_account(query.account_id))
        if query.search:
            statement = statement.where(Draft.search_text.contains(query.search, autoescape=True))
        return statement

    def _for_account(self, account_id: int) -> Exists:
        return exists().where(
            DraftAccount.workspace_id == self.workspace_id,
            DraftAccount.account_id == account_id,
            DraftAccount.draft_id == Draft.id,
        )

    def link_accounts(self, draft: Draft, account_ids: Sequence[int]) -> None:
        """Make ``account_ids`` (already checked to be this workspace's) the draft's accounts."""
        current = {link.account_id: link for link in draft.accounts}
        links = []
        for index, account_id in enumerate(account_ids):
            link = current.get(account_id) or DraftAccount(
                account_id=account_id, workspace_id=self.workspace_id
            )
            link.position = index
            links.append(link)
        draft.accounts = links
