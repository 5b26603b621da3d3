"""The tables, as typed SQLAlchemy models.

Every table holding a workspace's data has ``workspace_id`` (the distribution key when
PostgreSQL is sharded by workspace). Moments are aware UTC datetimes (``UTCDateTime``); lists
and maps are JSON. The schema itself is created by the migrations in ``migrations/``, which a
test keeps in step with these models.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from poise.domain.posts import ApprovalPolicy, DeliveryState, PostState
from poise.storage.types import IdType, JsonType, UTCDateTime

ROLES = ("owner", "admin", "editor", "contributor", "approver", "viewer")
VERDICTS = ("pass", "review", "block")
POST_STATES = tuple(state.value for state in PostState)
DELIVERY_STATES = tuple(state.value for state in DeliveryState)
POLICIES = tuple(policy.value for policy in ApprovalPolicy)
ACCOUNT_STATUSES = ("ok", "broken")
DUE_STATES = "state IN ('scheduled', 'unconfirmed')"

# Deterministic constraint names, so migrations can name what they alter on every database.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        dict[str, Any]: JsonType,
        list[Any]: JsonType,
    }


def _id() -> Mapped[int]:
    return mapped_column(IdType, primary_key=True, autoincrement=True)


def _workspace() -> Mapped[int]:
    return mapped_column(IdType, ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False)


class User(Base):
    """A person who signs in. ``email`` is stored lower-cased, so it is unique whatever the
    case it is typed in."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lower_case"),)

    id: Mapped[int] = _id()
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    ui_language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime]
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)


class Workspace(Base):
    """One brand, or one client of an agency, with its audience and rules."""

    __tablename__ = "workspaces"
    __table_args__ = (Index(None, "feed_token"),)

    id: Mapped[int] = _id()
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    time_zone: Mapped[str] = mapped_column(String(64))
    audience_countries: Mapped[list[Any]]
    audience_languages: Mapped[list[Any]]
    banned_words: Mapped[list[Any]]
    glossary: Mapped[list[Any]]
    disclosure_required: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    approval_policy: Mapped[str] = mapped_column(String(16), default="contributors")
    approvals_required: Mapped[int] = mapped_column(Integer, default=1)
    # The secret part of the schedule's iCalendar feed address; a new one cuts off old links.
    feed_token: Mapped[str | None] = mapped_column(String(64))


class Membership(Base):
    """A user's role in a workspace."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "workspace_id"),
        CheckConstraint(_one_of("role", ROLES), name="role"),
        Index(None, "workspace_id"),
    )

    id: Mapped[int] = _id()
    user_id: Mapped[int] = mapped_column(IdType, ForeignKey("users.id", ondelete="CASCADE"))
    workspace_id: Mapped[int] = _workspace()
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]


class Invitation(Base):
    """An invitation to join a workspace; the token itself is only ever in the link."""

    __tablename__ = "invitations"
    __table_args__ = (
        CheckConstraint(_one_of("role", ROLES), name="role"),
        Index(None, "workspace_id", "created_at"),
    )

    id: Mapped[int] = _id()
    workspace_id: Mapped[int] = _workspace()
    email: Mapped[str] = mapped_column(String(320))
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by: Mapped[int | None] = mapped_column(IdType, ForeignKey("users.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by: Mapped[int | None] = mapped_column(IdType, ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None]


class WebSession(Base):
    """A signed-in browser. ``id`` is the SHA-256 of the cookie's token, so a leaked table
    does not sign anyone in."""

    __tablename__ = "web_sessions"
    __table_args__ = (Index(None, "user_id"), Index(None, "expires_at"))

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(IdType, ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    csrf_secret: Mapped[str] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(512))
    active_workspace_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("workspaces.id", ondelete="SET NULL")
    )


class ApiToken(Base):
    """A workspace API token: it acts with ``role``; only the SHA-256 of its secret is kept."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        CheckConstraint(_one_of("role", ROLES), name="role"),
        Index(None, "workspace_id"),
    )

    id: Mapped[int] = _id()
    workspace_id: Mapped[int] = _workspace()
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(IdType, ForeignKey("users.id"))
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class LoginAttempt(Base):
    """A failed sign-in, kept for a while to slow down password guessing."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index(None, "key", "at"),)

    id: Mapped[int] = _id()
    key: Mapped[str] = mapped_column(String(400))
    at: Mapped[datetime]


class AuditEvent(Base):
    """Who did what, when and from where. Append-only: the code has no path that updates or
    deletes a row, and triggers refuse UPDATE and DELETE on both databases."""

    __tablename__ = "audit_events"
    __table_args__ = (Index(None, "workspace_id", "id"),)

    id: Mapped[int] = _id()
    workspace_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("workspaces.id"))
    actor_user_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("users.id"))
    actor_token_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("api_tokens.id"))
    action: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]]
    ip: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime]


class Account(Base):
    """A social account a post can be written for.

    ``credentials`` is the encrypted JSON of what connects it (``None`` for an account that is
    only written for, not published to). ``status`` is ``broken`` once the network refused
    the credentials, with the reason; ``profile`` is the last profile read from the network
    (its audit). ``send_after`` spaces sends out: nothing goes to the account before it."""

    __tablename__ = "accounts"
    __table_args__ = (
        UniqueConstraint("workspace_id", "network", "handle"),
        CheckConstraint(_one_of("status", ACCOUNT_STATUSES), name="status"),
    )

    id: Mapped[int] = _id()
    workspace_id: Mapped[int] = _workspace()
    network: Mapped[str] = mapped_column(String(32))
    handle: Mapped[str] = mapped_column(String(200))
    display_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    credentials: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="ok")
    status_reason: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[datetime | None]
    profile: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    last_post_at: Mapped[datetime | None]
    send_after: Mapped[datetime | None]


class Draft(Base):
    """A post being written, with the verdict of its last review.

    ``search_text`` is the folded text and variants (no case, accents or letter variants), so a
    plain LIKE finds "cafe" in "Café" on both databases. ``version`` grows with every save and
    lets an editor's save refuse to overwrite a change it has not seen."""

    __tablename__ = "drafts"
    __table_args__ = (
        CheckConstraint(_one_of("verdict", VERDICTS), name="verdict"),
        CheckConstraint(_one_of("state", POST_STATES), name="state"),
        Index(None, "workspace_id", "state", "scheduled_at"),
        Index(None, "workspace_id", "scheduled_at"),
        Index(None, "workspace_id", "updated_at", "id"),
        Index(None, "workspace_id", "verdict", "updated_at", "id"),
        Index(None, "workspace_id", "author_id", "updated_at", "id"),
    )

    id: Mapped[int] = _id()
    workspace_id: Mapped[int] = _workspace()
    author_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    review_language: Mapped[str] = mapped_column(String(8))
    variants: Mapped[dict[str, Any]]
    media: Mapped[list[Any]]
    reply_to: Mapped[str | None] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(8))
    score: Mapped[int] = mapped_column(Integer)
    findings: Mapped[list[Any]]
    search_text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Publishing: see poise.domain.posts for the states and what moves a post between them.
    state: Mapped[str] = mapped_column(String(16), default="draft")
    scheduled_at: Mapped[datetime | None]
    # Who asked for it to go out (no foreign key: SQLite cannot add one to a table in place).
    submitted_by: Mapped[int | None] = mapped_column(IdType)
    hold_reason: Mapped[str | None] = mapped_column(String(16))
    hold_note: Mapped[str | None] = mapped_column(Text)
    # The findings (check, code, variant) the team saw and accepted when it was scheduled or
    # approved; review at publish time holds the post only for findings that are new.
    accepted: Mapped[list[Any]] = mapped_column(JsonType, default=list)
    override_reason: Mapped[str | None] = mapped_column(Text)
    override_version: Mapped[int | None] = mapped_column(Integer)

    accounts: Mapped[list[DraftAccount]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="DraftAccount.position"
    )


class DraftAccount(Base):
    """An account a draft is written for (a table rather than a JSON list, so drafts can be
    filtered by account with an index)."""

    __tablename__ = "draft_accounts"
    __table_args__ = (Index(None, "workspace_id", "account_id"),)

    draft_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    workspace_id: Mapped[int] = _workspace()
    position: Mapped[int] = mapped_column(Integer)


class VoicePost(Base):
    """A past post of the brand, read to learn how its accounts usually write."""

    __tablename__ = "voice_posts"
    __table_args__ = (Index(None, "workspace_id", "account_id"),)

    id: Mapped[int] = _id()
    workspace_id: Mapped[int] = _workspace()
    account_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE")
    )
    text: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime]


class WorldEvent(Base):
    """Something happening in the world that changes how posts read. ``ends_at`` is when it is
    expected to end (open when null); ``ended_at`` is when a person declared it over."""

    __tablename__ = "world_events"
    __table_args__ = (Index(None, "workspace_id", "ended_at", "starts_at"),)

    id: Mapped[int] = _id()
    workspace_id: Mapped[int] = _workspace()
    title: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(16))
    regions: Mapped[list[Any]]
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]
    keywords: Mapped[list[Any]]
    involves_brand: Mapped[bool] = mapped_column(Boolean, default=False)
    declared_by: Mapped[int | None] = mapped_column(IdType, ForeignKey("users.id"))
    created_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    ended_by: Mapped[int | None] = mapped_column(IdType, ForeignKey("users.id"))


class Delivery(Base):
    """Sending one post to one account. ``key`` is what the network recognises a repeat by
    (see ``poise.networks.client``); ``must_check`` is set when an earlier attempt's outcome
    is unknown, so the next step is asking the network, not sending. A worker owns a delivery
    in ``publishing`` until ``lease_until``; after that the sweep takes it back."""

    __tablename__ = "deliveries"
    __table_args__ = (
        CheckConstraint(_one_of("state", DELIVERY_STATES), name="state"),
        UniqueConstraint("draft_id", "account_id"),
        # The queue: only deliveries that may be claimed, in the order they are claimed, so
        # a worker reads the first few and stops, however long the queue (migration 0004).
        Index(
            "ix_deliveries_due",
            "next_attempt_at",
            "id",
            postgresql_where=text(DUE_STATES),
            sqlite_where=text(DUE_STATES),
        ),
        Index(None, "workspace_id", "draft_id"),
        Index(None, "account_id", "state"),
    )

    id: Mapped[int] = _id()
    workspace_id: Mapped[int] = _workspace()
    draft_id: Mapped[int] = mapped_column(IdType, ForeignKey("drafts.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(IdType, ForeignKey("accounts.id", ondelete="CASCADE"))
    network: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    reply_to: Mapped[str | None] = mapped_column(Text)
    alt_texts: Mapped[list[Any]] = mapped_column(JsonType, default=list)
    due_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    must_check: Mapped[bool] = mapped_column(Boolean, default=False)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    remote_id: Mapped[str | None] = mapped_column(Text)
    remote_url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Approval(Base):
    """An approver's decision on one version of a post; an edit makes a new version, so an
    approval of an older one no longer counts."""

    __tablename__ = "approvals"
    __table_args__ = (
        CheckConstraint("decision IN ('approved', 'rejected')", name="decision"),
        Index(None, "workspace_id", "draft_id"),
    )

    id: Mapped[int] = _id()
    workspace_id: Mapped[int] = _workspace()
    draft_id: Mapped[int] = mapped_column(IdType, ForeignKey("drafts.id", ondelete="CASCADE"))
    draft_version: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime]


class Comment(Base):
    """A remark on a post by a member; ``mentions`` are the ids of the members it names."""

    __tablename__ = "comments"
    __table_args__ = (Index(None, "workspace_id", "draft_id", "id"),)

    id: Mapped[int] = _id()
    workspace_id: Mapped[int] = _workspace()
    draft_id: Mapped[int] = mapped_column(IdType, ForeignKey("drafts.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    mentions: Mapped[list[Any]] = mapped_column(JsonType, default=list)
    created_at: Mapped[datetime]


class Pause(Base):
    """Publishing held back, for one workspace or (``workspace_id`` null) for every one, until
    ``lifted_at``."""

    __tablename__ = "pauses"
    __table_args__ = (Index(None, "lifted_at", "workspace_id"),)

    id: Mapped[int] = _id()
    workspace_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("workspaces.id", ondelete="CASCADE")
    )
    reason: Mapped[str] = mapped_column(Text)
    paused_by: Mapped[int | None] = mapped_column(IdType, ForeignKey("users.id"))
    paused_at: Mapped[datetime]
    lifted_at: Mapped[datetime | None]
    lifted_by: Mapped[int | None] = mapped_column(IdType, ForeignKey("users.id"))


class QueueSlot(Base):
    """A recurring time at which the queue publishes: a weekday (Monday is 0) and a time of
    day in the workspace's time zone, as minutes after midnight."""

    __tablename__ = "queue_slots"
    __table_args__ = (
        UniqueConstraint("workspace_id", "weekday", "minute"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("minute BETWEEN 0 AND 1439", name="minute"),
    )

    id: Mapped[int] = _id()
    workspace_id: Mapped[int] = _workspace()
    weekday: Mapped[int] = mapped_column(Integer)
    minute: Mapped[int] = mapped_column(Integer)


class Notification(Base):
    """Something a member should know about a post: it waits for their approval, it was
    rejected, held, failed, expired, or they were mentioned."""

    __tablename__ = "notifications"
    __table_args__ = (Index(None, "user_id", "read_at", "id"),)

    id: Mapped[int] = _id()
    workspace_id: Mapped[int] = _workspace()
    user_id: Mapped[int] = mapped_column(IdType, ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    draft_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("drafts.id", ondelete="CASCADE")
    )
    details: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]
