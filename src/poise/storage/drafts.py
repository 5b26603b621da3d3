"""Drafts: stored, filtered and paged newest first, fast with 100,000 drafts in a workspace.

Pages are keyset-paginated on ``(updated_at, id)``: the next page starts after the last row of
this one, so every page costs the same and rows saved meanwhile are neither skipped nor repeated.
Each filter has an index that starts with ``workspace_id`` and ends with ``updated_at, id``, so
the database walks the index in order and stops at the page size.

Searching (``LIKE '%…%'`` on the folded ``search_text``) has an index of trigrams, made by
migration 0002: on PostgreSQL a GIN ``pg_trgm`` index, which the LIKE itself uses; on SQLite
the FTS5 table ``drafts_search``, which narrows the drafts to those holding every trigram of
the query before the same LIKE decides. Queries shorter than three characters have no trigram
and scan, as do databases without the index.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Exists, Select, column, exists, func, select, table, tuple_
from sqlalchemy import text as sql_text

from poise.storage.repository import Scoped
from poise.storage.tables import Draft, DraftAccount

# The FTS5 table of trigrams over ``drafts.search_text`` (SQLite; see migration 0002).
SEARCH_TABLE = "drafts_search"
_search_table = table(SEARCH_TABLE, column("rowid"), column("search_text"))
# The trigram index only knows queries of at least this many characters.
TRIGRAM = 3


@dataclass(frozen=True, slots=True)
class DraftQuery:
    """Which drafts to list; every field narrows the list, ``None`` leaves it open.

    ``search`` must already be folded the way ``Draft.search_text`` is."""

    verdict: str | None = None
    author_id: int | None = None
    language: str | None = None
    account_id: int | None = None
    search: str | None = None
    state: str | None = None


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
            statement = statement.where(*self._search(query.search))
        if query.state is not None:
            statement = statement.where(Draft.state == query.state)
        return statement

    def _search(self, search: str) -> list[ColumnElement[bool]]:
        """Drafts whose ``search_text`` holds ``search`` (LIKE wildcards taken literally)."""
        contains = Draft.search_text.contains(search, autoescape=True)
        if len(search) < TRIGRAM or not self._has_search_table():
            return [contains]
        # Every draft holding the text holds the phrase of its trigrams, so the FTS table
        # finds them all (and maybe a few more, which the LIKE then drops).
        phrase = '"' + search.replace('"', '""') + '"'
        candidates = select(_search_table.c.rowid).where(_search_table.c.search_text.match(phrase))
        # SQLite builds the set of matching ids once, then walks the workspace's drafts newest
        # first and keeps those in the set: no draft's text is read unless it holds every
        # trigram of the query.
        return [Draft.id.in_(candidates), contains]

    def _has_search_table(self) -> bool:
        if self.session.get_bind().dialect.name != "sqlite":
            return False
        found = self.session.execute(
            sql_text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
            {"name": SEARCH_TABLE},
        )
        return found.first() is not None

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
