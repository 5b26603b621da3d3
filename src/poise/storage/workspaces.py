"""Workspaces, their members and their social accounts."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from poise.storage.repository import Scoped
from poise.storage.tables import Account, Membership, User, Workspace


class Workspaces:
    """Workspaces by id or slug, and the workspaces a user belongs to."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, workspace_id: int) -> Workspace | None:
        return self.session.get(Workspace, workspace_id)

    def lock(self, workspace_id: int) -> Workspace | None:
        """The workspace, locked until the transaction ends (on PostgreSQL; SQLite transactions
        already hold the write lock), so checks such as "one owner must remain" cannot race."""
        query = select(Workspace).where(Workspace.id == workspace_id).with_for_update()
        return self.session.scalars(query).one_or_none()

    def by_slug(self, slug: str) -> Workspace | None:
        return self.session.scalars(select(Workspace).where(Workspace.slug == slug)).one_or_none()

    def slugs_like(self, prefix: str) -> set[str]:
        """Slugs equal to ``prefix`` or starting with ``prefix-``."""
        query = select(Workspace.slug).where(
            (Workspace.slug == prefix) | Workspace.slug.startswith(f"{prefix}-", autoescape=True)
        )
        return set(self.session.scalars(query))

    def of_user(self, user_id: int) -> list[tuple[Workspace, str]]:
        """Every workspace ``user_id`` belongs to, with the role, by name."""
        query = (
            select(Workspace, Membership.role)
            .join(Membership, Membership.workspace_id == Workspace.id)
            .where(Membership.user_id == user_id)
            .order_by(Workspace.name, Workspace.id)
        )
        return [(workspace, role) for workspace, role in self.session.execute(query)]

    def add(self, workspace: Workspace) -> Workspace:
        self.session.add(workspace)
        self.session.flush()
        return workspace


class Members(Scoped):
    """The members of one workspace."""

    def get(self, user_id: int) -> Membership | None:
        query = self._select(Membership).where(Membership.user_id == user_id)
        return self.session.scalars(query).one_or_none()

    def list(self) -> list[tuple[Membership, User]]:
        """Members and their users, by name."""
        query = (
            select(Membership, User)
            .join(User, User.id == Membership.user_id)
            .where(Membership.workspace_id == self.workspace_id)
            .order_by(func.lower(User.display_name), User.id)
        )
        return [(membership, user) for membership, user in self.session.execute(query)]

    def count_with_role(self, role: str) -> int:
        query = (
            select(func.count())
            .select_from(Membership)
            .where(Membership.workspace_id == self.workspace_id, Membership.role == role)
        )
        return self.session.scalars(query).one()

    def add(self, membership: Membership) -> Membership:
        return self._add(membership)

    def remove(self, membership: Membership) -> None:
        self.session.delete(membership)
        self.session.flush()


class Accounts(Scoped):
    """The social accounts of one workspace."""

    def get(self, account_id: int) -> Account | None:
        return self._get(Account, account_id)

    def list(self) -> list[Account]:
        query = self._select(Account).order_by(Account.network, Account.handle)
        return list(self.session.scalars(query))

    def find(self, network: str, handle: str) -> Account | None:
        query = self._select(Account).where(Account.network == network, Account.handle == handle)
        return self.session.scalars(query).one_or_none()

    def existing(self, account_ids: Iterable[int]) -> dict[int, Account]:
        """The accounts among ``account_ids`` that belong to this workspace."""
        wanted = set(account_ids)
        if not wanted:
            return {}
        query = self._select(Account).where(Account.id.in_(wanted))
        return {account.id: account for account in self.session.scalars(query)}

    def add(self, account: Account) -> Account:
        return self._add(account)

    def remove(self, account: Account) -> None:
        self.session.delete(account)
        self.session.flush()
