"""Sending posts: the steps a worker runs, each a function that does one thing and says whether
it did anything.

    [job] = claim(db, "worker-1")    # lease due deliveries (an empty list when none is due)
    send(db, job, clients)           # settle, review again, send, and record what happened
    sweep(db)                        # take back deliveries whose worker died mid-send

How a post goes out exactly once:

- A delivery is leased to one worker at a time (a conditional UPDATE; on PostgreSQL the
  candidates are read ``FOR UPDATE SKIP LOCKED``, so workers never wait on each other).
- Nothing talks to a network inside a database transaction: the lease is committed, then the
  network is called, then the outcome is committed. A worker can die between any two of these.
- Every attempt carries the delivery's key, so the network itself refuses to make a second post
  (Bluesky: the record key; Mastodon: Idempotency-Key; sandbox: its own key).
- When the outcome is unknown (timeout after sending, a worker that died holding the lease), the
  delivery becomes *unconfirmed*, and the next step is asking the network (``Client.find``),
  never sending blindly.

Before sending, review runs again in the world as it is now; a finding the team had not seen
when the post was planned holds it, and the team is told.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from poise import networks
from poise import settings as settings_module
from poise.domain import Action
from poise.domain.posts import (
    SETTLE_AFTER,
    DeliveryState,
    HoldReason,
    gives_up,
    retry_delay,
)
from poise.networks.client import Client, ClientOptions, Outgoing, Published
from poise.networks.errors import (
    AuthExpiredError,
    NetworkError,
    OutcomeUnknownError,
    PermanentError,
    RateLimitedError,
    RetryableError,
)
from poise.review import Draft, Media, default_engine
from poise.services import accounts, audit, clock, drafts, publishing, secrets
from poise.services.notifications import Kind, members_who_can, notify
from poise.services.secrets import SecretKeyError
from poise.storage import tables
from poise.storage.db import Database
from poise.storage.posts import Queue
from poise.storage.tables import Account, Delivery

log = logging.getLogger(__name__)


def lease() -> timedelta:
    """How long a worker owns a delivery it took (``POISE_LEASE_SECONDS``): longer than the
    slowest send (two requests with their timeouts), short enough that a dead worker's posts
    are settled within minutes."""
    return timedelta(seconds=settings_module.current().lease_seconds)


PUBLISHING = (DeliveryState.PUBLISHING.value,)
NOT_YET_KNOWN = (
    DeliveryState.PUBLISHING.value,
    DeliveryState.UNCONFIRMED.value,
    DeliveryState.SCHEDULED.value,
)


@dataclass(frozen=True, slots=True)
class Job:
    """A delivery a worker has leased: everything needed to send it without the database."""

    delivery_id: int
    workspace_id: int
    draft_id: int
    account_id: int
    network: str
    owner: str
    key: str
    text: str
    language: str | None
    reply_to: str | None
    alt_texts: tuple[str, ...]
    due_at: datetime
    attempts: int
    must_check: bool
    handle: str = ""
    sealed: str | None = None  # the account's encrypted credentials when it was claimed

    def outgoing(self) -> Outgoing:
        return Outgoing(
            key=self.key,
            text=self.text,
            created_at=self.due_at,
            language=self.language,
            reply_to=self.reply_to,
            alt_texts=self.alt_texts,
        )


# Claiming --------------------------------------------------------------------------------------


def claim(database: Database, owner: str, now: datetime | None = None, limit: int = 1) -> list[Job]:
    """Lease up to ``limit`` of the deliveries that have waited longest among those due (none
    when publishing is paused everywhere). A post's own state stays as it is until a send is
    recorded, so claiming costs one short transaction."""
    moment = now or clock.now()
    jobs: list[Job] = []
    with database.transaction() as session:
        queue = Queue(session)
        if queue.global_pause() is not None:
            return jobs
        for delivery in queue.next_due(moment, limit=limit + 3):
            gap = networks.send_gap(delivery.network)
            if gap and not queue.reserve_account(delivery.account_id, moment, gap):
                continue  # another send to this account holds it for a moment
            if queue.take(delivery.id, owner, moment + lease(), moment):
                account = session.execute(
                    select(Account.handle, Account.credentials).where(
                        Account.id == delivery.account_id
                    )
                ).one()
                jobs.append(_job(delivery, owner, account.handle, account.credentials))
                if len(jobs) == limit:
                    break
    return jobs


def _job(delivery: Delivery, owner: str, handle: str, sealed: str | None) -> Job:
    # The row was locked (PostgreSQL) or the whole database was (SQLite) since it was read,
    # so its attempts went up by exactly one.
    return Job(
        delivery_id=delivery.id,
        workspace_id=delivery.workspace_id,
        draft_id=delivery.draft_id,
        account_id=delivery.account_id,
        network=delivery.network,
        owner=owner,
        key=delivery.key,
        text=delivery.text,
        language=delivery.language,
        reply_to=delivery.reply_to,
        alt_texts=tuple(str(alt) for alt in delivery.alt_texts),
        due_at=delivery.due_at,
        attempts=delivery.attempts + 1,
        must_check=delivery.must_check,
        handle=handle,
        sealed=sealed,
    )


# Sending ---------------------------------------------------------------------------------------


class Clients:
    """Network clients, one per account, reused across sends (a Bluesky client keeps its
    session) and replaced when the account's credentials change. Thread-safe."""

    def __init__(self, options: ClientOptions | None = None) -> None:
        timeout = settings_module.current().network_timeout
        self.options = options or ClientOptions(timeout=timeout)
        self._lock = threading.Lock()
        self._clients: dict[int, tuple[str | None, Client]] = {}

    def get(self, job: Job) -> Client:
        """The client for the job's account, made again when its credentials changed."""
        with self._lock:
            known = self._clients.get(job.account_id)
            if known is not None and known[0] == job.sealed:
                return known[1]
        credentials = (
            {"handle": job.handle} if job.network == accounts.SANDBOX else _unseal(job.sealed)
        )
        client = networks.connect(job.network, credentials, self.options)
        with self._lock:
            previous = self._clients.get(job.account_id)
            self._clients[job.account_id] = (job.sealed, client)
        if previous is not None and previous[1] is not client:
            previous[1].close()
        return client

    def close(self) -> None:
        with self._lock:
            for _, client in self._clients.values():
                client.close()
            self._clients.clear()


def _unseal(sealed: str | None) -> dict[str, str]:
    if sealed is None:
        raise AuthExpiredError("the account is not connected: connect it, then release the post")
    return secrets.unseal(sealed)


def send(database: Database, job: Job, clients: Clients) -> str:
    """Settle, review again, and send one leased delivery, then record what happened. Returns
    the delivery's state afterwards. Never raises for a network's reasons."""
    try:
        client = clients.get(job)
        if job.must_check:
            found = client.find(job.outgoing())
            if found is not None:
                return _published(database, job, found)
        verdict = _look_again(database, job)
        if verdict == "held":
            return DeliveryState.HELD.value
        if verdict == "paused":
            return _give_back(database, job)
        result = client.publish(job.outgoing())
    except RateLimitedError as error:
        return _retry(database, job, error, rate_limited=True)
    except RetryableError as error:
        return _retry(database, job, error)
    except AuthExpiredError as error:
        return _account_broken(database, job, error.message)
    except SecretKeyError as error:
        return _account_broken(database, job, str(error))
    except PermanentError as error:
        return _failed(database, job, error.message)
    except OutcomeUnknownError as error:
        return _unconfirmed(database, job, error.message)
    except NetworkError as error:
        return _unconfirmed(database, job, error.message)
    except Exception as error:  # a bug must not lose the post, nor send it twice
        log.exception("sending delivery %s failed unexpectedly", job.delivery_id)
        return _unconfirmed(database, job, f"unexpected error: {error}")
    return _published(database, job, result)


def publish_one(database: Database, owner: str, clients: Clients) -> bool:
    """Claim one due delivery and send it; whether there was one."""
    return publish_some(database, owner, clients, 1) > 0


def publish_some(database: Database, owner: str, clients: Clients, limit: int) -> int:
    """Claim up to ``limit`` due deliveries and send them one after the other; how many."""
    jobs = claim(database, owner, limit=limit)
    for job in jobs:
        send(database, job, clients)
    return len(jobs)


def _published(database: Database, job: Job, result: Published) -> str:
    now = clock.now()
    with database.transaction() as session:
        queue = Queue(session)
        recorded = queue.finish(
            job.delivery_id,
            None,  # what the network says wins, whoever holds the lease now
            NOT_YET_KNOWN,
            state=DeliveryState.PUBLISHED.value,
            remote_id=result.remote_id,
            remote_url=result.url,
            published_at=result.published_at or now,
            must_check=False,
            error=None,
            lease_owner=None,
            lease_until=None,
            updated_at=now,
        )
        if recorded:
            session.execute(
                update(Account).where(Account.id == job.account_id).values(last_post_at=now)
            )
            _audit(session, job, "delivery.published", {"url": result.url})
            publishing.refresh_state(session, job.draft_id)
    return DeliveryState.PUBLISHED.value


def _retry(
    database: Database, job: Job, error: RetryableError, *, rate_limited: bool = False
) -> str:
    now = clock.now()
    if gives_up(job.attempts):
        return _failed(database, job, f"gave up after {job.attempts} attempts: {error.message}")
    delay = retry_delay(job.attempts, error.retry_after)
    with database.transaction() as session:
        queue = Queue(session)
        if rate_limited:
            account = queue.account(job.account_id)
            if account is not None:
                account.send_after = now + delay
        moved = queue.finish(
            job.delivery_id,
            job.owner,
            PUBLISHING,
            state=DeliveryState.SCHEDULED.value,
            next_attempt_at=now + delay,
            error=error.message,
            lease_owner=None,
            lease_until=None,
            updated_at=now,
        )
        if moved:
            _audit(session, job, "delivery.retry", {"error": error.message, "in": delay.seconds})
            publishing.refresh_state(session, job.draft_id)
    return DeliveryState.SCHEDULED.value


def _unconfirmed(database: Database, job: Job, message: str) -> str:
    now = clock.now()
    if gives_up(job.attempts):
        return _failed(
            database,
            job,
            f"Poise could not confirm with the network whether this post went out ({message}): "
            "look at the account, then mark it published or publish it again",
        )
    with database.transaction() as session:
        queue = Queue(session)
        moved = queue.finish(
            job.delivery_id,
            job.owner,
            PUBLISHING,
            state=DeliveryState.UNCONFIRMED.value,
            must_check=True,
            next_attempt_at=now + SETTLE_AFTER,
            error=message,
            lease_owner=None,
            lease_until=None,
            updated_at=now,
        )
        if moved:
            _audit(session, job, "delivery.unconfirmed", {"error": message})
            publishing.refresh_state(session, job.draft_id)
    return DeliveryState.UNCONFIRMED.value


def _failed(database: Database, job: Job, message: str) -> str:
    now = clock.now()
    with database.transaction() as session:
        queue = Queue(session)
        moved = queue.finish(
            job.delivery_id,
            job.owner,
            PUBLISHING,
            state=DeliveryState.FAILED.value,
            error=message,
            lease_owner=None,
            lease_until=None,
            updated_at=now,
        )
        if moved:
            _audit(session, job, "delivery.failed", {"error": message})
            publishing.refresh_state(session, job.draft_id)
            _tell_team(session, job, Kind.FAILED, {"error": message})
    return DeliveryState.FAILED.value


def _account_broken(database: Database, job: Job, reason: str) -> str:
    now = clock.now()
    with database.transaction() as session:
        queue = Queue(session)
        account = queue.account(job.account_id)
        moved = queue.finish(
            job.delivery_id,
            job.owner,
            PUBLISHING,
            state=DeliveryState.HELD.value,
            error=reason,
            lease_owner=None,
            lease_until=None,
            updated_at=now,
        )
        if account is not None:
            accounts.mark_broken(session, account, reason)
            publishing.hold_all_of_account(session, account.id, account.workspace_id, reason)
        if moved:
            draft = queue.draft(job.draft_id)
            if draft is not None:
                draft.hold_reason = HoldReason.ACCOUNT.value
                draft.hold_note = reason
            publishing.refresh_state(session, job.draft_id)
            admins = members_who_can(session, job.workspace_id, Action.MANAGE_ACCOUNTS)
            notify(
                session,
                job.workspace_id,
                admins,
                Kind.ACCOUNT_BROKEN,
                job.draft_id,
                {"account_id": job.account_id, "reason": reason},
            )
    return DeliveryState.HELD.value


def _give_back(database: Database, job: Job) -> str:
    """Publishing was paused after the delivery was taken: put it back, untouched."""
    now = clock.now()
    with database.transaction() as session:
        queue = Queue(session)
        if queue.finish(
            job.delivery_id,
            job.owner,
            PUBLISHING,
            state=DeliveryState.SCHEDULED.value,
            attempts=max(job.attempts - 1, 0),
            lease_owner=None,
            lease_until=None,
            updated_at=now,
        ):
            publishing.refresh_state(session, job.draft_id)
    return DeliveryState.SCHEDULED.value


# Review at publish time ------------------------------------------------------------------------


def _look_again(database: Database, job: Job) -> str:
    """Right before sending: ``paused`` when publishing was paused since the job was taken,
    ``held`` when review, in the world as it is now, finds something the team had not seen
    (the post is then held and the team told), otherwise ``send``."""
    with database.reading() as session:
        if Queue(session).is_paused(job.workspace_id):
            return "paused"
        planned = session.execute(
            select(tables.Draft.accepted, tables.Draft.media).where(tables.Draft.id == job.draft_id)
        ).one_or_none()
        if planned is None:
            return "send"
        accepted = {tuple(key) for key in planned.accepted}
        findings = _review_now(session, job, planned.media)
    new = [
        finding
        for finding in findings
        if finding["severity"] in ("warn", "block")
        and (finding["check"], finding["code"]) not in accepted
    ]
    if not new:
        return "send"
    _hold_for_review(database, job, new)
    return "held"


def _review_now(session: Session, job: Job, media: list[Any]) -> list[dict[str, Any]]:
    context = drafts.context_for(session, job.workspace_id, account_id=job.account_id)
    draft = Draft(
        text=job.text,
        language=job.language,
        network=job.network if job.network in networks.names() else None,
        media=tuple(Media(kind=str(m.get("kind", "image")), alt=m.get("alt")) for m in media),
        reply_to=None,
    )
    result = default_engine().review(draft, context)
    return [{**finding.to_dict(), "variant": job.network} for finding in result.findings]


def _hold_for_review(database: Database, job: Job, new: list[dict[str, Any]]) -> None:
    now = clock.now()
    with database.transaction() as session:
        queue = Queue(session)
        moved = queue.finish(
            job.delivery_id,
            job.owner,
            PUBLISHING,
            state=DeliveryState.HELD.value,
            error="review found something new at publish time",
            lease_owner=None,
            lease_until=None,
            updated_at=now,
        )
        draft = queue.draft(job.draft_id)
        if not moved or draft is None:
            return
        draft.findings = [*new, *(f for f in draft.findings if f not in new)]
        draft.verdict = "block" if any(f["severity"] == "block" for f in new) else "review"
        publishing.hold_post(session, draft, None, HoldReason.REVIEW)
        codes = sorted({f"{f['check']}.{f['code']}" for f in new})
        _tell_team(session, job, Kind.HELD, {"reason": HoldReason.REVIEW.value, "findings": codes})


# Housekeeping ----------------------------------------------------------------------------------


def sweep(database: Database, now: datetime | None = None) -> int:
    """Take back deliveries whose worker's lease ran out (it died, or lost the database, in
    the middle of a send). Their outcome is unknown, so they are settled with the network
    before anything else. Returns how many."""
    moment = now or clock.now()
    with database.transaction() as session:
        queue = Queue(session)
        lapsed = queue.lapsed(moment)
        for delivery in lapsed:
            queue.finish(
                delivery.id,
                None,
                PUBLISHING,
                state=DeliveryState.UNCONFIRMED.value,
                must_check=True,
                next_attempt_at=moment,
                error="the worker sending it stopped before it finished",
                lease_owner=None,
                lease_until=None,
                updated_at=moment,
            )
            audit.record(
                session,
                None,
                "delivery.lease_expired",
                "delivery",
                delivery.id,
                {"worker": delivery.lease_owner, "draft_id": delivery.draft_id},
                workspace_id=delivery.workspace_id,
            )
            publishing.refresh_state(session, delivery.draft_id)
        return len(lapsed)


def expire_approvals(database: Database, now: datetime | None = None) -> int:
    """Expire the posts whose time passed while they waited for approval."""
    with database.transaction() as session:
        return publishing.expire_overdue(session, now or clock.now())


def _audit(session: Session, job: Job, action: str, details: Mapping[str, Any]) -> None:
    audit.record(
        session,
        None,
        action,
        "delivery",
        job.delivery_id,
        {
            "draft_id": job.draft_id,
            "account_id": job.account_id,
            "attempt": job.attempts,
            **details,
        },
        workspace_id=job.workspace_id,
    )


def _tell_team(session: Session, job: Job, kind: Kind, details: Mapping[str, Any]) -> None:
    draft = Queue(session).draft(job.draft_id)
    people = {draft.author_id, draft.submitted_by} if draft is not None else set()
    people.update(members_who_can(session, job.workspace_id, Action.PAUSE_PUBLISHING))
    notify(session, job.workspace_id, people, kind, job.draft_id, details)
