"""Sending posts: the steps a worker runs, each a function that does one thing and says whether
it did anything.

    [job] = claim(db, "worker-1")    # lease due deliveries (an empty list when none is due)
    send(db, job, clients)           # settle, review again, send, and record what happened
    publish_some(db, "worker-1", clients, 4)   # the same for a few, recorded together
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
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

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
    PermanentError,
    RateLimitedError,
    RetryableError,
)
from poise.review import Draft, Media, ReviewContext, WorldEvent, default_engine
from poise.services import accounts, audit, clock, drafts, events, publishing, secrets
from poise.services.notifications import Kind, members_who_can, notify
from poise.services.secrets import SecretKeyError
from poise.storage.db import Database
from poise.storage.posts import Queue
from poise.storage.tables import Delivery

log = logging.getLogger(__name__)


def lease() -> timedelta:
    """How long a worker owns a delivery it took (``POISE_LEASE_SECONDS``): longer than the
    slowest send (two requests with their timeouts), short enough that a dead worker's posts
    are settled within minutes."""
    return timedelta(seconds=settings_module.current().lease_seconds)


PUBLISHING = (DeliveryState.PUBLISHING.value,)


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
        chosen = []
        for delivery, handle, sealed in queue.next_due(moment, limit=limit + 3):
            gap = networks.send_gap(delivery.network)
            if gap and not queue.reserve_account(delivery.account_id, moment, gap):
                continue  # another send to this account holds it for a moment
            chosen.append((delivery, handle, sealed))
            if len(chosen) == limit:
                break
        if not chosen:
            return jobs
        taken = queue.take([row[0].id for row in chosen], owner, moment + lease(), moment)
        jobs = [_job(*row, owner) for row in chosen if row[0].id in taken]
    return jobs


def _job(delivery: Delivery, handle: str, sealed: str | None, owner: str) -> Job:
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


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one attempt, before it is recorded: ``kind`` is published, retry,
    unconfirmed, failed, broken, held or paused."""

    kind: str
    result: Published | None = None
    message: str = ""
    error: RetryableError | None = None
    rate_limited: bool = False
    findings: tuple[dict[str, Any], ...] = ()


SEND = "send"
PAUSED = "paused"


def send(database: Database, job: Job, clients: Clients) -> str:
    """Settle, review again, and send one leased delivery, then record what happened. Returns
    the delivery's state afterwards. Never raises for a network's reasons."""
    look = _look_again(database, [job])[job.delivery_id]
    outcome = attempt(job, clients, look)
    with database.transaction() as session:
        recording = Recording(session)
        state = recording.record(job, outcome)
        recording.close()
        return state


def publish_one(database: Database, owner: str, clients: Clients) -> bool:
    """Claim one due delivery and send it; whether there was one."""
    return publish_some(database, owner, clients, 1) > 0


def publish_some(database: Database, owner: str, clients: Clients, limit: int) -> int:
    """Claim up to ``limit`` due deliveries, look at them again together (pause, review), send
    them one after the other, and record what happened to all of them in one transaction;
    returns how many. Should the worker die before recording, the sweep settles them with the
    network."""
    jobs = claim(database, owner, limit=limit)
    if not jobs:
        return 0
    looks = _look_again(database, jobs)
    outcomes = [(job, attempt(job, clients, looks[job.delivery_id])) for job in jobs]
    with database.transaction() as session:
        recording = Recording(session)
        for job, outcome in outcomes:
            recording.record(job, outcome)
        recording.close()
    return len(jobs)


def attempt(job: Job, clients: Clients, look: str | tuple[dict[str, Any], ...]) -> Outcome:
    """Talk to the network for one job (no database): settle it first when its last outcome
    is unknown, then send it unless ``look`` says publishing is paused or review found
    something new."""
    try:
        client = clients.get(job)
        if job.must_check:
            found = client.find(job.outgoing())
            if found is not None:
                return Outcome("published", result=found)
        if look == PAUSED:
            return Outcome("paused")
        if isinstance(look, tuple):
            return Outcome("held", findings=look)
        return Outcome("published", result=client.publish(job.outgoing()))
    except RateLimitedError as error:
        return Outcome("retry", error=error, rate_limited=True)
    except RetryableError as error:
        return Outcome("retry", error=error)
    except AuthExpiredError as error:
        return Outcome("broken", message=error.message)
    except SecretKeyError as error:
        return Outcome("broken", message=str(error))
    except PermanentError as error:
        return Outcome("failed", message=error.message)
    except NetworkError as error:  # OutcomeUnknownError, and any the tree may grow
        return Outcome("unconfirmed", message=error.message)
    except Exception as error:  # a bug must not lose the post, nor send it twice
        log.exception("sending delivery %s failed unexpectedly", job.delivery_id)
        return Outcome("unconfirmed", message=f"unexpected error: {error}")


class Recording:
    """What became of a batch of sends, recorded in one transaction: each delivery's row at
    once; the audit events, and the states of the posts the deliveries belong to, all
    together when the batch is closed. A batch costs one statement per delivery and a few
    for all of them, rather than five per delivery."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._events: list[dict[str, Any]] = []
        self._posts: set[int] = set()

    def record(self, job: Job, outcome: Outcome) -> str:
        """Record ``outcome`` for ``job``; returns the delivery's state afterwards."""
        if outcome.kind == "published" and outcome.result is not None:
            return _published(self, job, outcome.result)
        if outcome.kind == "retry" and outcome.error is not None:
            return _retry(self, job, outcome.error, rate_limited=outcome.rate_limited)
        if outcome.kind == "broken":
            return _account_broken(self, job, outcome.message)
        if outcome.kind == "failed":
            return _failed(self, job, outcome.message)
        if outcome.kind == "held":
            return _hold_for_review(self, job, list(outcome.findings))
        if outcome.kind == "paused":
            return _give_back(self, job)
        return _unconfirmed(self, job, outcome.message)

    def audit(self, job: Job, action: str, details: Mapping[str, Any]) -> None:
        self._events.append(
            audit.event(
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
        )

    def moved(self, job: Job) -> None:
        """The job's delivery changed state: its post's state is brought along at the end."""
        self._posts.add(job.draft_id)

    def close(self) -> None:
        audit.write(self.session, self._events)
        publishing.refresh_states(self.session, self._posts)
        self._events.clear()
        self._posts.clear()


def _published(recording: Recording, job: Job, result: Published) -> str:
    now = clock.now()
    at = result.published_at or now
    if Queue(recording.session).published(job.delivery_id, result.remote_id, result.url, at, now):
        recording.audit(job, "delivery.published", {"url": result.url})
        recording.moved(job)
    return DeliveryState.PUBLISHED.value


def _retry(recording: Recording, job: Job, error: RetryableError, *, rate_limited: bool) -> str:
    session = recording.session
    now = clock.now()
    if gives_up(job.attempts):
        return _failed(recording, job, f"gave up after {job.attempts} attempts: {error.message}")
    delay = retry_delay(job.attempts, error.retry_after)
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
        recording.audit(job, "delivery.retry", {"error": error.message, "in": delay.seconds})
        recording.moved(job)
    return DeliveryState.SCHEDULED.value


def _unconfirmed(recording: Recording, job: Job, message: str) -> str:
    session = recording.session
    now = clock.now()
    if gives_up(job.attempts):
        return _failed(
            recording,
            job,
            f"Poise could not confirm with the network whether this post went out ({message}): "
            "look at the account, then mark it published or publish it again",
        )
    moved = Queue(session).finish(
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
        recording.audit(job, "delivery.unconfirmed", {"error": message})
        recording.moved(job)
    return DeliveryState.UNCONFIRMED.value


def _failed(recording: Recording, job: Job, message: str) -> str:
    session = recording.session
    now = clock.now()
    moved = Queue(session).finish(
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
        recording.audit(job, "delivery.failed", {"error": message})
        recording.moved(job)
        _tell_team(session, job, Kind.FAILED, {"error": message})
    return DeliveryState.FAILED.value


def _account_broken(recording: Recording, job: Job, reason: str) -> str:
    session = recording.session
    now = clock.now()
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
        recording.moved(job)
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


def _give_back(recording: Recording, job: Job) -> str:
    """Publishing was paused after the delivery was taken: put it back, untouched."""
    session = recording.session
    if Queue(session).finish(
        job.delivery_id,
        job.owner,
        PUBLISHING,
        state=DeliveryState.SCHEDULED.value,
        attempts=max(job.attempts - 1, 0),
        lease_owner=None,
        lease_until=None,
        updated_at=clock.now(),
    ):
        recording.moved(job)
    return DeliveryState.SCHEDULED.value


# Review at publish time ------------------------------------------------------------------------


def _look_again(database: Database, jobs: list[Job]) -> dict[int, str | tuple[dict[str, Any], ...]]:
    """Right before sending, for each job: ``paused`` when publishing was paused since it was
    taken; the findings the team had not seen when review, in the world as it is now, finds
    something new (the post will be held and the team told); otherwise ``send``. A few reads
    for the whole batch, however many jobs."""
    with database.reading() as session:
        queue = Queue(session)
        paused = {ws: queue.is_paused(ws) for ws in {job.workspace_id for job in jobs}}
        sending = [job for job in jobs if not paused[job.workspace_id]]
        plans = queue.plans([job.draft_id for job in sending])
        now = clock.now()
        happening = {
            ws: events.active_world_events(session, ws, now)
            for ws in {j.workspace_id for j in sending}
        }
        looks: dict[int, str | tuple[dict[str, Any], ...]] = {
            job.delivery_id: PAUSED for job in jobs if paused[job.workspace_id]
        }
        for job in sending:
            plan = plans.get(job.draft_id)
            if plan is None:  # the post was deleted since: nothing new to find in it
                looks[job.delivery_id] = SEND
                continue
            context = _context_now(session, job, now, happening[job.workspace_id])
            looks[job.delivery_id] = _new_findings(job, plan, context) or SEND
    return looks


def _new_findings(
    job: Job, plan: tuple[list[Any], list[Any]], context: ReviewContext
) -> tuple[dict[str, Any], ...]:
    accepted_keys, media = plan
    accepted = {tuple(key) for key in accepted_keys}
    return tuple(
        finding
        for finding in _review_now(job, media, context)
        if finding["severity"] in ("warn", "block")
        and (finding["check"], finding["code"]) not in accepted
    )


def _context_now(
    session: Session, job: Job, now: datetime, happening: tuple[WorldEvent, ...]
) -> ReviewContext:
    """The world the post would be read in now: the world events going on (read afresh for
    every batch: they are what changes between planning and sending), and the workspace's
    audience, rules and voice, kept for a few seconds per account so that a burst of posts
    does not read them once per post."""
    key = (job.workspace_id, job.account_id)
    cached = _contexts.get(key)
    if cached is None or time.monotonic() - cached[0] > CONTEXT_TTL:
        base = drafts.context_for(session, job.workspace_id, account_id=job.account_id)
        _contexts[key] = (time.monotonic(), base)
    else:
        base = cached[1]
    zone = base.at.tzinfo if base.at is not None else None
    return replace(base, at=now.astimezone(zone), events=happening)


# How long a workspace's audience, rules and voice are reused by the publish-time review.
CONTEXT_TTL = 5.0
_contexts: dict[tuple[int, int], tuple[float, ReviewContext]] = {}


def forget_contexts() -> None:
    """Drop the kept audiences, rules and voices (a workspace's settings just changed)."""
    _contexts.clear()


def _review_now(job: Job, media: list[Any], context: ReviewContext) -> list[dict[str, Any]]:
    draft = Draft(
        text=job.text,
        language=job.language,
        network=job.network if job.network in networks.names() else None,
        media=tuple(Media(kind=str(m.get("kind", "image")), alt=m.get("alt")) for m in media),
        reply_to=None,
    )
    result = default_engine().review(draft, context)
    return [{**finding.to_dict(), "variant": job.network} for finding in result.findings]


def _hold_for_review(recording: Recording, job: Job, new: list[dict[str, Any]]) -> str:
    session = recording.session
    now = clock.now()
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
        return DeliveryState.HELD.value
    draft.findings = [*new, *(f for f in draft.findings if f not in new)]
    draft.verdict = "block" if any(f["severity"] == "block" for f in new) else "review"
    publishing.hold_post(session, draft, None, HoldReason.REVIEW)
    codes = sorted({f"{f['check']}.{f['code']}" for f in new})
    _tell_team(session, job, Kind.HELD, {"reason": HoldReason.REVIEW.value, "findings": codes})
    return DeliveryState.HELD.value


# Housekeeping ----------------------------------------------------------------------------------


def sweep(database: Database, now: datetime | None = None) -> int:
    """Take back deliveries whose worker's lease ran out (it died, or lost the database, in
    the middle of a send). Their outcome is unknown, so they are settled with the network
    before anything else. Returns how many."""
    moment = now or clock.now()
    with database.transaction() as session:
        queue = Queue(session)
        lapsed = queue.lapsed(moment)
        events = []
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
            events.append(
                audit.event(
                    None,
                    "delivery.lease_expired",
                    "delivery",
                    delivery.id,
                    {"worker": delivery.lease_owner, "draft_id": delivery.draft_id},
                    workspace_id=delivery.workspace_id,
                )
            )
        audit.write(session, events)
        publishing.refresh_states(session, {delivery.draft_id for delivery in lapsed})
        return len(lapsed)


def note_last_posts(database: Database) -> int:
    """Record on each account when Poise last published to it."""
    with database.transaction() as session:
        return Queue(session).note_last_posts()


def expire_approvals(database: Database, now: datetime | None = None) -> int:
    """Expire the posts whose time passed while they waited for approval."""
    with database.transaction() as session:
        return publishing.expire_overdue(session, now or clock.now())


def _tell_team(session: Session, job: Job, kind: Kind, details: Mapping[str, Any]) -> None:
    draft = Queue(session).draft(job.draft_id)
    people = {draft.author_id, draft.submitted_by} if draft is not None else set()
    people.update(members_who_can(session, job.workspace_id, Action.PAUSE_PUBLISHING))
    notify(session, job.workspace_id, people, kind, job.draft_id, details)
