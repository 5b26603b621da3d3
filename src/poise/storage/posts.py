"""Publishing's rows: deliveries (and the queue workers claim them from), approvals, comments,
pauses, the queue's time slots and notifications.

Every change of a delivery's state is a conditional UPDATE (``WHERE state IN (...)``, and for
a worker ``AND lease_owner = <it>``): it touches one row or none, and the caller learns which,
so two workers, or a worker and a person, can never both move the same delivery.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, exists, func, or_, select, update
from sqlalchemy.orm import Session

from poise.domain.posts import DeliveryState
from poise.storage.repository import Scoped, affected
from poise.storage.tables import (
    Account,
    Approval,
    Comment,
    Delivery,
    Draft,
    Notification,
    Pause,
    QueueSlot,
)

CLAIMABLE = (DeliveryState.SCHEDULED.value, DeliveryState.UNCONFIRMED.value)
# Deliveries whose outcome is not known yet: what a network says of them wins.
UNSETTLED = (*CLAIMABLE, DeliveryState.PUBLISHING.value)

_DELIVERIES = cast(Table, Delivery.__table__)
# What a worker runs for every post that went out, so it is built once: its compiled form is
# reused, and it skips the ORM's bookkeeping (the worker holds no copy of the row).
_PUBLISHED = (
    update(_DELIVERIES)
    .where(_DELIVERIES.c.id == bindparam("delivery"), _DELIVERIES.c.state.in_(UNSETTLED))
    .values(
        state=DeliveryState.PUBLISHED.value,
        remote_id=bindparam("remote"),
        remote_url=bindparam("url"),
        published_at=bindparam("at"),
        must_check=False,
        error=None,
        lease_owner=None,
        lease_until=None,
        updated_at=bindparam("now"),
    )
)


class Deliveries(Scoped):
    """One workspace's deliveries, for the people who plan and watch them."""

    def of_draft(self, draft_id: int) -> list[Delivery]:
        query = self._select(Delivery).where(Delivery.draft_id == draft_id)
        return list(self.session.scalars(query.order_by(Delivery.id)))

    def add(self, delivery: Delivery) -> Delivery:
        return self._add(delivery)

    def remove(self, delivery: Delivery) -> None:
        self.session.delete(delivery)

    def move(
        self,
        draft_id: int,
        from_states: Iterable[str],
        to_state: str,
        now: datetime,
        **values: Any,
    ) -> int:
        """Move the draft's deliveries that are in ``from_states`` to ``to_state``; returns how
        many moved."""
        statement = (
            update(Delivery)
            .where(
                Delivery.workspace_id == self.workspace_id,
                Delivery.draft_id == draft_id,
                Delivery.state.in_(list(from_states)),
            )
            .values(state=to_state, updated_at=now, **values)
        )
        return affected(self.session.execute(statement))

    def of_account(self, account_id: int, states: Iterable[str]) -> list[Delivery]:
        query = self._select(Delivery).where(
            Delivery.account_id == account_id, Delivery.state.in_(list(states))
        )
        return list(self.session.scalars(query))


class Queue:
    """The deliveries of every workspace, as the workers see them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def global_pause(self) -> Pause | None:
        query = select(Pause).where(Pause.lifted_at.is_(None), Pause.workspace_id.is_(None))
        return self.session.scalars(query.limit(1)).first()

    def is_paused(self, workspace_id: int) -> bool:
        """Whether publishing is paused for ``workspace_id``, by its own pause or a global one."""
        query = select(
            exists().where(
                Pause.lifted_at.is_(None),
                or_(Pause.workspace_id.is_(None), Pause.workspace_id == workspace_id),
            )
        )
        return bool(self.session.scalar(query))

    def next_due(self, now: datetime, limit: int) -> list[tuple[Delivery, str, str | None]]:
        """Deliveries whose time has come, oldest first, with their account's handle and
        sealed credentials: in a workspace that is not paused, for an account that works and
        may be sent to now. On PostgreSQL the rows are locked and rows another worker has
        locked are skipped, so workers never wait on each other."""
        paused = select(Pause.workspace_id).where(
            Pause.lifted_at.is_(None), Pause.workspace_id.is_not(None)
        )
        query = (
            select(Delivery, Account.handle, Account.credentials)
            .join(Account, Account.id == Delivery.account_id)
            .where(
                Delivery.state.in_(CLAIMABLE),
                Delivery.next_attempt_at <= now,
                Delivery.workspace_id.not_in(paused),
                Account.status == "ok",
                or_(Account.send_after.is_(None), Account.send_after <= now),
            )
            .order_by(Delivery.next_attempt_at, Delivery.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=Delivery)
        )
        return [(row[0], row[1], row[2]) for row in self.session.execute(query)]

    def take(
        self, delivery_ids: Collection[int], owner: str, until: datetime, now: datetime
    ) -> set[int]:
        """Lease due deliveries to ``owner`` until ``until``, in one statement; returns the ids
        taken (without those someone else moved first)."""
        statement = (
            update(Delivery)
            .where(Delivery.id.in_(list(delivery_ids)), Delivery.state.in_(CLAIMABLE))
            .values(
                state=DeliveryState.PUBLISHING.value,
                lease_owner=owner,
                lease_until=until,
                attempts=Delivery.attempts + 1,
                updated_at=now,
            )
            .returning(Delivery.id)
            # The caller keeps the rows as they were read: it knows what it changed.
            .execution_options(synchronize_session=False)
        )
        return set(self.session.scalars(statement))

    def reserve_account(self, account_id: int, now: datetime, gap: timedelta) -> bool:
        """Keep the account free of other sends for ``gap`` (its network's spacing); ``False``
        when another send holds it."""
        statement = (
            update(Account)
            .where(
                Account.id == account_id,
                or_(Account.send_after.is_(None), Account.send_after <= now),
            )
            .values(send_after=now + gap)
        )
        return affected(self.session.execute(statement)) == 1

    def published(
        self, delivery_id: int, remote_id: str, url: str, at: datetime, now: datetime
    ) -> bool:
        """Record that a delivery went out (whoever holds its lease now: what the network
        says wins); ``False`` when it was already settled."""
        values = {"delivery": delivery_id, "remote": remote_id, "url": url, "at": at, "now": now}
        return affected(self.session.connection().execute(_PUBLISHED, values)) == 1

    def finish(
        self, delivery_id: int, owner: str | None, from_states: Iterable[str], **values: Any
    ) -> bool:
        """Record what became of a delivery, if it is still in ``from_states`` (and still
        leased to ``owner`` when given)."""
        condition = and_(Delivery.id == delivery_id, Delivery.state.in_(list(from_states)))
        if owner is not None:
            condition = and_(condition, Delivery.lease_owner == owner)
        statement = (
            update(Delivery)
            .where(condition)
            .values(**values)
            # Workers hold no copy of the row worth updating; skipping that keeps a send cheap.
            .execution_options(synchronize_session=False)
        )
        return affected(self.session.execute(statement)) == 1

    def plans(self, draft_ids: Collection[int]) -> dict[int, tuple[list[Any], list[Any]]]:
        """By post id: the findings the team accepted when it planned the post, and its
        media."""
        query = select(Draft.id, Draft.accepted, Draft.media).where(Draft.id.in_(list(draft_ids)))
        return {row.id: (row.accepted, row.media) for row in self.session.execute(query)}

    def lapsed(self, now: datetime, limit: int = 500) -> list[Delivery]:
        """Deliveries whose worker's lease ran out: it died or lost the database mid-send."""
        query = (
            select(Delivery)
            .where(
                Delivery.state == DeliveryState.PUBLISHING.value,
                Delivery.lease_until < now,
            )
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(self.session.scalars(query))

    def note_last_posts(self) -> int:
        """Bring each account's time of last post up to the newest post Poise published to
        it (a housekeeping step, so sending a post costs one statement less)."""
        newest = (
            select(func.max(Delivery.published_at))
            .where(Delivery.account_id == Account.id, Delivery.state == "published")
            .scalar_subquery()
        )
        statement = (
            update(Account)
            .where(newest.is_not(None))
            .where(or_(Account.last_post_at.is_(None), Account.last_post_at < newest))
            .values(last_post_at=newest)
            .execution_options(synchronize_session=False)
        )
        return affected(self.session.execute(statement))

    def get(self, delivery_id: int) -> Delivery | None:
        return self.session.get(Delivery, delivery_id)

    def draft(self, draft_id: int) -> Draft | None:
        return self.session.get(Draft, draft_id)

    def account(self, account_id: int) -> Account | None:
        return self.session.get(Account, account_id)

    def overdue_reviews(self, now: datetime, limit: int = 200) -> list[Draft]:
        """Posts still waiting for approval when their time has passed."""
        query = (
            select(Draft)
            .where(Draft.state == "in_review", Draft.scheduled_at < now)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(self.session.scalars(query))


class Approvals(Scoped):
    def of_draft(self, draft_id: int) -> list[Approval]:
        query = self._select(Approval).where(Approval.draft_id == draft_id)
        return list(self.session.scalars(query.order_by(Approval.id)))

    def approvers_of_version(self, draft_id: int, version: int) -> set[int]:
        query = select(Approval.user_id).where(
            Approval.workspace_id == self.workspace_id,
            Approval.draft_id == draft_id,
            Approval.draft_version == version,
            Approval.decision == "approved",
        )
        return {user_id for user_id in self.session.scalars(query) if user_id is not None}

    def add(self, approval: Approval) -> Approval:
        return self._add(approval)


class Comments(Scoped):
    def of_draft(self, draft_id: int) -> list[Comment]:
        query = self._select(Comment).where(Comment.draft_id == draft_id)
        return list(self.session.scalars(query.order_by(Comment.id)))

    def add(self, comment: Comment) -> Comment:
        return self._add(comment)


class Pauses(Scoped):
    def active(self) -> Pause | None:
        query = self._select(Pause).where(Pause.lifted_at.is_(None))
        return self.session.scalars(query.order_by(Pause.id.desc()).limit(1)).first()

    def add(self, pause: Pause) -> Pause:
        return self._add(pause)


class QueueSlots(Scoped):
    def list(self) -> list[QueueSlot]:
        query = self._select(QueueSlot).order_by(QueueSlot.weekday, QueueSlot.minute)
        return list(self.session.scalars(query))

    def replace(self, slots: Iterable[tuple[int, int]]) -> None:
        for slot in self.list():
            self.session.delete(slot)
        self.session.flush()
        for weekday, minute in sorted(set(slots)):
            self.session.add(
                QueueSlot(workspace_id=self.workspace_id, weekday=weekday, minute=minute)
            )
        self.session.flush()


class Notifications:
    """A member's notifications, across their workspaces."""

    def __init__(self, session: Session, user_id: int) -> None:
        self.session = session
        self.user_id = user_id

    def recent(self, limit: int) -> list[Notification]:
        query = select(Notification).where(Notification.user_id == self.user_id)
        return list(self.session.scalars(query.order_by(Notification.id.desc()).limit(limit)))

    def unread_count(self) -> int:
        query = select(func.count()).where(
            Notification.user_id == self.user_id, Notification.read_at.is_(None)
        )
        return int(self.session.scalar(query) or 0)

    def mark_read(self, now: datetime, notification_id: int | None = None) -> int:
        condition = and_(Notification.user_id == self.user_id, Notification.read_at.is_(None))
        if notification_id is not None:
            condition = and_(condition, Notification.id == notification_id)
        statement = update(Notification).where(condition).values(read_at=now)
        return affected(self.session.execute(statement))
