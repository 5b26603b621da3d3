"""Planning posts: scheduling them, approving them, holding, releasing and cancelling them.

The rules of the states are in ``poise.domain.posts``; this module applies them to stored
posts, one transaction per use case, every change audited. Sending is ``poise.services.
delivery``'s job: when a post is scheduled here, one *delivery* per account is written, and the
workers take them from there when they fall due.

Decisions worth knowing:

- Scheduling reviews the post again **at the time it will go out** (a solemn day, an event
  active then), and the findings of that review are what the scheduler and the approvers see
  and accept. At publish time, only findings that are *new* hold the post.
- A post review **blocks** goes out only when an admin overrides the block with a reason; the
  override holds for that version of the post only.
- **Two-person rule**: nobody approves a post they wrote or submitted.
- An edit makes a new version: approvals of an older version no longer count, and a post that
  needs an approval goes back to the approvers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from poise.domain import Action, Actor, Role
from poise.domain.posts import (
    ApprovalPolicy,
    DeliveryState,
    HoldReason,
    PostState,
    approval_required,
    delivery_key,
    may_move,
    rollup,
)
from poise.services import audit, clock, drafts, secrets
from poise.services.access import require
from poise.services.accounts import publishable
from poise.services.errors import Conflict, Forbidden, Invalid, NotFound
from poise.services.notifications import Kind, members_who_can, notify
from poise.storage import tables
from poise.storage.drafts import Drafts
from poise.storage.posts import Approvals, Deliveries, Queue
from poise.storage.workspaces import Accounts, Workspaces

# A time a few seconds in the past still means "now" (the form took a moment to send).
GRACE = timedelta(minutes=1)
MAX_NOTE = 2000
MAX_APPROVALS = 3
OPEN_DELIVERIES = (
    DeliveryState.SCHEDULED.value,
    DeliveryState.HELD.value,
    DeliveryState.FAILED.value,
    DeliveryState.CANCELLED.value,
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What scheduling or deciding did: the post's state now, and why when it needs more."""

    draft_id: int
    state: PostState
    scheduled_at: datetime | None
    approvals_needed: int = 0
    approvals_given: int = 0


# Scheduling ------------------------------------------------------------------------------------


def schedule(
    session: Session,
    workspace_id: int,
    actor: Actor,
    draft_id: int,
    at: datetime | None,
    *,
    expected_version: int | None = None,
    override_reason: str | None = None,
) -> Outcome:
    """Plan the post to go out at ``at`` (``None``: as soon as it may). It goes to the
    approvers first when the workspace's policy says so; otherwise it is scheduled at once.
    Raises ``Invalid`` when the time has passed, the post has no account Poise can publish
    to, or review blocks it and no admin overrode the block."""
    require(actor, workspace_id, Action.WRITE_DRAFTS)
    row = _own_or_editable(session, workspace_id, actor, draft_id)
    _check_version(row, expected_version)
    if row.state not in {s.value for s in _SCHEDULABLE}:
        raise _not_now(row.state)
    now = clock.now()
    when = _check_time(at, now)
    _check_accounts(session, workspace_id, row)
    _review_at(session, row, when, actor)
    if override_reason:
        _override(session, row, actor, override_reason)
    workspace = _workspace(session, workspace_id)
    policy = ApprovalPolicy(workspace.approval_policy)
    row.submitted_by = actor.user_id
    row.hold_reason = row.hold_note = None
    if approval_required(policy, actor.role, row.verdict):
        # No time given: it goes out as soon as it is approved, and cannot expire meanwhile.
        row.scheduled_at = None if at is None else when
        return _submit(session, row, actor, workspace)
    row.scheduled_at = when
    _refuse_blocked(row)
    _schedule_now(session, row, actor, now)
    return _outcome(session, row, workspace)


_SCHEDULABLE = frozenset(
    {
        PostState.DRAFT,
        PostState.SCHEDULED,
        PostState.IN_REVIEW,
        PostState.HELD,
        PostState.EXPIRED,
        PostState.FAILED,
        PostState.CANCELLED,
    }
)


def _check_time(at: datetime | None, now: datetime) -> datetime:
    if at is None:
        return now
    if at.tzinfo is None:
        raise Invalid("give the time with its time zone", "at")
    if at < now - GRACE:
        raise Invalid("that time has passed: choose a time to come, or publish now", "at")
    return max(at, now)


def _check_accounts(session: Session, workspace_id: int, row: tables.Draft) -> None:
    accounts = Accounts(session, workspace_id).existing([link.account_id for link in row.accounts])
    if not accounts:
        raise Invalid("choose at least one account to publish to", "accounts")
    for account in accounts.values():
        if not publishable(account):
            raise Invalid(
                "Poise cannot publish to {handle} on {network}: connect the "
                "account first (Settings, Accounts), or take it off this post",
                "accounts",
                handle=account.handle,
                network=account.network,
            )


def _review_at(session: Session, row: tables.Draft, when: datetime, actor: Actor) -> None:
    """Review the post in the world of ``when`` and keep the outcome on the post."""
    content = _content(row)
    language = drafts._ui_language(session, actor, None)
    outcome = drafts._review(session, row.workspace_id, content, language, at=when)
    row.verdict = outcome.verdict.value
    row.score = outcome.score
    row.findings = [dict(finding) for finding in outcome.findings]


def _content(row: tables.Draft) -> drafts.DraftInput:
    view = drafts.draft_view(row)
    return drafts.DraftInput(
        text=view.text,
        language=view.language,
        variants=view.variants,
        account_ids=view.account_ids,
        media=view.media,
        reply_to=view.reply_to,
    )


def _override(session: Session, row: tables.Draft, actor: Actor, reason: str) -> None:
    require(actor, row.workspace_id, Action.OVERRIDE_REVIEW)
    note = " ".join(reason.split())
    if len(note) < 5 or len(note) > MAX_NOTE:
        raise Invalid("say in a sentence why this post should go out despite review", "reason")
    row.override_reason = note
    row.override_version = row.version
    audit.record(
        session, actor, "post.override", "draft", row.id, {"reason": note, "version": row.version}
    )


def _refuse_blocked(row: tables.Draft) -> None:
    if row.verdict == "block" and row.override_version != row.version:
        raise Invalid(
            "review blocks this post: change what it points out, or ask an admin to override "
            "the block with a reason",
            "verdict",
        )


def _submit(
    session: Session, row: tables.Draft, actor: Actor, workspace: tables.Workspace
) -> Outcome:
    _move(session, row, PostState.IN_REVIEW, actor, {"at": _iso(row.scheduled_at)})
    _drop_unsent_deliveries(session, row)
    approvers = [
        user_id
        for user_id in members_who_can(session, row.workspace_id, Action.APPROVE)
        if user_id not in _people_behind(row)
    ]
    notify(session, row.workspace_id, approvers, Kind.TO_APPROVE, row.id)
    return _outcome(session, row, workspace)


def _schedule_now(session: Session, row: tables.Draft, actor: Actor | None, now: datetime) -> None:
    row.accepted = _finding_keys(row.findings)
    _plan_deliveries(session, row, now)
    _move(session, row, PostState.SCHEDULED, actor, {"at": _iso(row.scheduled_at)})


def _finding_keys(findings: Iterable[Mapping[str, Any]]) -> list[list[str]]:
    """What the team saw: (check, code) of every finding above info."""
    keys = {
        (str(f.get("check")), str(f.get("code")))
        for f in findings
        if f.get("severity") in ("warn", "block")
    }
    return [list(key) for key in sorted(keys)]


def _plan_deliveries(session: Session, row: tables.Draft, now: datetime) -> None:
    """One delivery per account of the post, due at its time, with the text for that network.
    A delivery already published stays as it is: the post is never sent twice to one
    account."""
    repository = Deliveries(session, row.workspace_id)
    existing = {d.account_id: d for d in repository.of_draft(row.id)}
    accounts = Accounts(session, row.workspace_id).existing(
        [link.account_id for link in row.accounts]
    )
    due = row.scheduled_at or now
    for account_id, account in accounts.items():
        delivery = existing.pop(account_id, None)
        if delivery is not None and delivery.state not in OPEN_DELIVERIES:
            continue
        if delivery is None:
            delivery = tables.Delivery(
                workspace_id=row.workspace_id,
                draft_id=row.id,
                account_id=account_id,
                network=account.network,
                key=delivery_key(secrets.delivery_secret(), row.id, account_id),
                created_at=now,
            )
            _fill_delivery(delivery, row, account.network, due, now)
            repository.add(delivery)
            continue
        _fill_delivery(delivery, row, account.network, due, now)
    for leftover in existing.values():
        if leftover.state in OPEN_DELIVERIES:
            repository.remove(leftover)
    session.flush()


def _fill_delivery(
    delivery: tables.Delivery, row: tables.Draft, network: str, due: datetime, now: datetime
) -> None:
    delivery.text = str(row.variants.get(network) or row.text)
    delivery.language = row.language or row.review_language
    delivery.reply_to = row.reply_to
    delivery.alt_texts = [str(m.get("alt") or "") for m in row.media]
    delivery.state = DeliveryState.SCHEDULED.value
    delivery.due_at = due
    delivery.next_attempt_at = due
    delivery.attempts = 0
    delivery.must_check = False
    delivery.error = None
    delivery.lease_owner = None
    delivery.lease_until = None
    delivery.updated_at = now


def _drop_unsent_deliveries(session: Session, row: tables.Draft) -> None:
    repository = Deliveries(session, row.workspace_id)
    for delivery in repository.of_draft(row.id):
        if delivery.state in OPEN_DELIVERIES:
            repository.remove(delivery)
    session.flush()


def after_edit(session: Session, row: tables.Draft, actor: Actor) -> None:
    """Keep a planned post consistent after its text changed (called by ``save_draft``):
    approvals of the old version no longer count; a scheduled post that now needs an approval
    goes back to the approvers, one review now blocks goes back to drafts, and otherwise its
    deliveries get the new text."""
    state = PostState(row.state)
    if state not in (PostState.SCHEDULED, PostState.APPROVED, PostState.IN_REVIEW):
        return
    when = row.scheduled_at or clock.now()
    _review_at(session, row, max(when, clock.now()), actor)
    workspace = _workspace(session, row.workspace_id)
    policy = ApprovalPolicy(workspace.approval_policy)
    if state is PostState.IN_REVIEW or approval_required(policy, actor.role, row.verdict):
        if state is not PostState.IN_REVIEW:
            _submit(session, row, actor, workspace)
        return
    if row.verdict == "block" and row.override_version != row.version:
        _drop_unsent_deliveries(session, row)
        _move(session, row, PostState.DRAFT, actor, {"why": "blocked after edit"})
        return
    _schedule_now(session, row, actor, clock.now())


def next_slot(session: Session, workspace_id: int, after: datetime | None = None) -> datetime:
    """The queue's next free time slot after ``after`` (now by default): the first recurring
    slot, in the workspace's time zone, that no planned post already takes. Raises ``Invalid``
    when the workspace has no slots."""
    from poise.services import queue

    return queue.next_free_slot(session, workspace_id, after or clock.now())


# Approving -------------------------------------------------------------------------------------


def approve(
    session: Session,
    workspace_id: int,
    actor: Actor,
    draft_id: int,
    *,
    expected_version: int,
    comment: str = "",
    override_reason: str | None = None,
) -> Outcome:
    """Approve the version of the post the approver saw. When enough approvers have, the post
    is scheduled. Refused to the post's author and to whoever submitted it, and for a post
    whose time has passed (it has expired)."""
    require(actor, workspace_id, Action.APPROVE)
    row = _get(session, workspace_id, draft_id)
    _check_decidable(session, row, actor, expected_version)
    now = clock.now()
    if row.scheduled_at is not None and row.scheduled_at < now - GRACE:
        _expire(session, row)
        raise Conflict("its time passed before it was approved: it has expired and was not sent")
    if override_reason:
        _override(session, row, actor, override_reason)
    _refuse_blocked(row)
    _record_decision(session, row, actor, "approved", comment)
    workspace = _workspace(session, workspace_id)
    given = len(Approvals(session, workspace_id).approvers_of_version(row.id, row.version))
    if given >= workspace.approvals_required:
        _move(session, row, PostState.APPROVED, actor, {"approvals": given})
        if row.scheduled_at is None or row.scheduled_at < now:
            row.scheduled_at = now
        _schedule_now(session, row, actor, now)
        notify(session, workspace_id, _people_behind(row), Kind.APPROVED, row.id)
    return _outcome(session, row, workspace)


def reject(
    session: Session,
    workspace_id: int,
    actor: Actor,
    draft_id: int,
    *,
    expected_version: int,
    comment: str,
) -> Outcome:
    """Send the post back to its author with a comment saying what to change."""
    require(actor, workspace_id, Action.APPROVE)
    row = _get(session, workspace_id, draft_id)
    _check_decidable(session, row, actor, expected_version)
    note = " ".join(comment.split())
    if not note:
        raise Invalid("say what should change, so the author knows what to do", "comment")
    _record_decision(session, row, actor, "rejected", note)
    _move(session, row, PostState.DRAFT, actor, {"comment": note[:200]})
    notify(
        session, workspace_id, _people_behind(row), Kind.REJECTED, row.id, {"comment": note[:500]}
    )
    return _outcome(session, row, _workspace(session, workspace_id))


def _check_decidable(
    session: Session, row: tables.Draft, actor: Actor, expected_version: int
) -> None:
    if row.state != PostState.IN_REVIEW.value:
        raise Conflict("this post is not waiting for an approval")
    if row.version != expected_version:
        raise Conflict(
            "the post was changed since you opened it: read the new version before deciding"
        )
    if actor.user_id is None or actor.user_id in _people_behind(row):
        raise Forbidden("nobody approves their own post: someone else on the team must")
    already = Approvals(session, row.workspace_id).approvers_of_version(row.id, row.version)
    if actor.user_id in already:
        raise Conflict("you have already approved this version; it waits for another approver")


def _people_behind(row: tables.Draft) -> set[int]:
    return {user_id for user_id in (row.author_id, row.submitted_by) if user_id is not None}


def _record_decision(
    session: Session, row: tables.Draft, actor: Actor, decision: str, comment: str
) -> None:
    text = " ".join(comment.split())[:MAX_NOTE]
    Approvals(session, row.workspace_id).add(
        tables.Approval(
            workspace_id=row.workspace_id,
            draft_id=row.id,
            draft_version=row.version,
            user_id=actor.user_id,
            decision=decision,
            comment=text,
            at=clock.now(),
        )
    )
    details = {"version": row.version, "comment": text[:200]}
    # An approval is a decision, not yet the post's state (it may need more approvers).
    action = "post.approval" if decision == "approved" else "post.rejected"
    audit.record(session, actor, action, "draft", row.id, details)


def expire_overdue(session: Session, now: datetime) -> int:
    """Mark every post still waiting for approval when its time passed as expired, and tell
    its author (a worker step). Returns how many."""
    rows = Queue(session).overdue_reviews(now - GRACE)
    for row in rows:
        _expire(session, row)
    return len(rows)


def _expire(session: Session, row: tables.Draft) -> None:
    _move(session, row, PostState.EXPIRED, None, {"at": _iso(row.scheduled_at)})
    notify(session, row.workspace_id, _people_behind(row), Kind.EXPIRED, row.id)


# Holding, releasing, cancelling ----------------------------------------------------------------


def hold(session: Session, workspace_id: int, actor: Actor, draft_id: int, note: str) -> Outcome:
    """Keep a planned post from going out until someone releases it."""
    require(actor, workspace_id, Action.PUBLISH)
    row = _get(session, workspace_id, draft_id)
    if not may_move(PostState(row.state), PostState.HELD):
        raise _not_now(row.state)
    hold_post(session, row, actor, HoldReason.PERSON, note)
    return _outcome(session, row, _workspace(session, workspace_id))


def hold_post(
    session: Session, row: tables.Draft, actor: Actor | None, reason: HoldReason, note: str = ""
) -> None:
    """Hold the post and its deliveries that have not gone out."""
    row.hold_reason = reason.value
    row.hold_note = " ".join(note.split())[:MAX_NOTE] or None
    Deliveries(session, row.workspace_id).move(
        row.id, [DeliveryState.SCHEDULED.value], DeliveryState.HELD.value, clock.now()
    )
    _move(session, row, PostState.HELD, actor, {"reason": reason.value, "note": row.hold_note})


def release(
    session: Session,
    workspace_id: int,
    actor: Actor,
    draft_id: int,
    at: datetime | None = None,
) -> Outcome:
    """Let a held post go out: at ``at``, or now when its time has passed. Review runs again
    for the new time, and the post goes to the approvers again if it now needs them."""
    require(actor, workspace_id, Action.PUBLISH)
    row = _get(session, workspace_id, draft_id)
    if row.state != PostState.HELD.value:
        raise Conflict("this post is not held")
    now = clock.now()
    when = at if at is not None else max(row.scheduled_at or now, now)
    outcome = schedule(session, workspace_id, actor, draft_id, when)
    audit.record(session, actor, "post.released", "draft", row.id, {"at": _iso(when)})
    return outcome


def cancel(session: Session, workspace_id: int, actor: Actor, draft_id: int) -> Outcome:
    """Take a post off the schedule and back to drafts; nothing that has gone out changes."""
    require(actor, workspace_id, Action.WRITE_DRAFTS)
    row = _own_or_editable(session, workspace_id, actor, draft_id)
    if row.state not in {s.value for s in _CANCELLABLE}:
        raise _not_now(row.state)
    _drop_unsent_deliveries(session, row)
    row.scheduled_at = None
    row.hold_reason = row.hold_note = None
    _move(session, row, PostState.DRAFT, actor, {"why": "unscheduled"})
    return _outcome(session, row, _workspace(session, workspace_id))


_CANCELLABLE = frozenset(
    {
        PostState.IN_REVIEW,
        PostState.APPROVED,
        PostState.SCHEDULED,
        PostState.HELD,
        PostState.EXPIRED,
        PostState.FAILED,
    }
)


def reschedule(
    session: Session,
    workspace_id: int,
    actor: Actor,
    draft_id: int,
    at: datetime,
    expected_version: int | None = None,
) -> Outcome:
    """Move a planned post to another time (from the calendar). Review runs again for the new
    time; a post that needs approval goes back to the approvers."""
    row = _get(session, workspace_id, draft_id)
    if row.state not in (PostState.SCHEDULED.value, PostState.IN_REVIEW.value):
        raise _not_now(row.state)
    return schedule(session, workspace_id, actor, draft_id, at, expected_version=expected_version)


# Shared ----------------------------------------------------------------------------------------


def _move(
    session: Session,
    row: tables.Draft,
    target: PostState,
    actor: Actor | None,
    details: Mapping[str, Any] | None = None,
) -> None:
    current = PostState(row.state)
    if current is not target and not may_move(current, target):
        raise _not_now(row.state)
    row.state = target.value
    session.flush()
    info = {"from": current.value, **(details or {})}
    audit.record(
        session, actor, f"post.{target.value}", "draft", row.id, info, workspace_id=row.workspace_id
    )


def refresh_state(session: Session, draft_id: int) -> PostState | None:
    """Set the state of a post being sent from those of its deliveries; returns it."""
    return refresh_states(session, [draft_id]).get(draft_id)


def refresh_states(session: Session, draft_ids: Iterable[int]) -> dict[int, PostState]:
    """Set the state of posts being sent from those of their deliveries; returns them by id.
    Cheap on purpose, however many posts: one read, and for the posts whose state changed one
    write and their audit events. Workers call it after every batch of sends."""
    ids = sorted(set(draft_ids))
    if not ids:
        return {}
    rows = session.execute(
        select(
            tables.Draft.id, tables.Draft.state, tables.Draft.workspace_id, tables.Delivery.state
        )
        .outerjoin(tables.Delivery, tables.Delivery.draft_id == tables.Draft.id)
        .where(tables.Draft.id.in_(ids))
    ).all()
    posts: dict[int, tuple[str, int, list[str]]] = {}
    for draft_id, current, workspace_id, delivery_state in rows:
        post = posts.setdefault(draft_id, (current, workspace_id, []))
        if delivery_state is not None:
            post[2].append(delivery_state)
    states = {
        draft_id: rollup(DeliveryState(s) for s in sent) if sent else PostState(current)
        for draft_id, (current, _, sent) in posts.items()
    }
    changed = {d: states[d] for d, (current, _, _) in posts.items() if states[d].value != current}
    if changed:
        _set_states(session, changed)
        audit.write(
            session,
            [
                audit.event(
                    None,
                    f"post.{state.value}",
                    "draft",
                    draft_id,
                    {"from": posts[draft_id][0]},
                    workspace_id=posts[draft_id][1],
                )
                for draft_id, state in changed.items()
            ],
        )
    return states


def _set_states(session: Session, states: Mapping[int, PostState]) -> None:
    """Write posts' new states in one statement, and into the copies this session holds."""
    session.execute(
        update(tables.Draft),
        [{"id": draft_id, "state": state.value} for draft_id, state in states.items()],
    )
    # An UPDATE by primary key leaves the session's copies as they were: bring them along.
    for held in list(session.identity_map.values()):
        if isinstance(held, tables.Draft) and held.id in states:
            set_committed_value(held, "state", states[held.id].value)


def _get(session: Session, workspace_id: int, draft_id: int) -> tables.Draft:
    row = Drafts(session, workspace_id).get(draft_id)
    if row is None:
        raise NotFound("no such post in this workspace")
    return row


def _own_or_editable(
    session: Session, workspace_id: int, actor: Actor, draft_id: int
) -> tables.Draft:
    row = _get(session, workspace_id, draft_id)
    if row.author_id is None or row.author_id != actor.user_id:
        require(actor, workspace_id, Action.EDIT_OTHERS_DRAFTS)
    return row


def _check_version(row: tables.Draft, expected: int | None) -> None:
    if expected is not None and row.version != expected:
        raise Conflict("the post was changed since you opened it: reload it and try again")


def _workspace(session: Session, workspace_id: int) -> tables.Workspace:
    workspace = Workspaces(session).get(workspace_id)
    if workspace is None:
        raise NotFound("no such workspace")
    return workspace


def _outcome(session: Session, row: tables.Draft, workspace: tables.Workspace) -> Outcome:
    given = len(Approvals(session, row.workspace_id).approvers_of_version(row.id, row.version))
    return Outcome(
        draft_id=row.id,
        state=PostState(row.state),
        scheduled_at=row.scheduled_at,
        approvals_needed=workspace.approvals_required,
        approvals_given=given,
    )


def _not_now(state: str) -> Conflict:
    return Conflict("this cannot be done while the post is {state}", state=state.replace("_", " "))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


# Policy ----------------------------------------------------------------------------------------


def set_policy(
    session: Session,
    workspace_id: int,
    actor: Actor,
    policy: str,
    approvals_required: int,
) -> None:
    """Choose when posts need approval, and how many approvers each needs (1 to 3)."""
    require(actor, workspace_id, Action.MANAGE_WORKSPACE_SETTINGS)
    try:
        chosen = ApprovalPolicy(policy)
    except ValueError:
        names = ", ".join(p.value for p in ApprovalPolicy)
        raise Invalid(
            "{policy!r} is not a policy; use one of {names}", "policy", policy=policy, names=names
        ) from None
    if not 1 <= approvals_required <= MAX_APPROVALS:
        raise Invalid(
            "a post needs between 1 and {max_approvals} approvers",
            "approvals_required",
            max_approvals=MAX_APPROVALS,
        )
    workspace = _workspace(session, workspace_id)
    workspace.approval_policy = chosen.value
    workspace.approvals_required = approvals_required
    audit.record(
        session,
        actor,
        "workspace.approval_policy",
        "workspace",
        workspace_id,
        {"policy": chosen.value, "approvals_required": approvals_required},
    )


def needs_approval_for(session: Session, workspace_id: int, role: Role, verdict: str) -> bool:
    """Whether a post with ``verdict`` scheduled by ``role`` would go to the approvers (the
    composer says so on its button)."""
    policy = ApprovalPolicy(_workspace(session, workspace_id).approval_policy)
    return approval_required(policy, role, verdict)


def hold_all_of_account(session: Session, account_id: int, workspace_id: int, reason: str) -> int:
    """Hold every post due to go to an account that stopped working; returns how many."""
    repository = Deliveries(session, workspace_id)
    affected_drafts = set()
    for delivery in repository.of_account(
        account_id, [DeliveryState.SCHEDULED.value, DeliveryState.UNCONFIRMED.value]
    ):
        if delivery.state == DeliveryState.UNCONFIRMED.value:
            continue  # settled with the network first: it may already be out
        delivery.state = DeliveryState.HELD.value
        delivery.error = reason
        delivery.updated_at = clock.now()
        affected_drafts.add(delivery.draft_id)
    session.flush()
    for draft_id in affected_drafts:
        row = Queue(session).draft(draft_id)
        if row is not None:
            row.hold_reason = HoldReason.ACCOUNT.value
            row.hold_note = reason
    refresh_states(session, affected_drafts)
    return len(affected_drafts)
