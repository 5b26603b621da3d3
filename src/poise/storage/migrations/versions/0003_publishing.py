"""Publishing: post states and schedules, deliveries, approvals, comments, pauses, the queue's
time slots, notifications, and connected accounts' credentials and health.

Revision ID: 0003
Revises: 0002
Created: 2026-11-22

Columns are added to ``workspaces``, ``accounts`` and ``drafts`` in place, never by rebuilding
the table: on SQLite a rebuild of ``drafts`` would drop the search triggers of 0002. For the
same reason the CHECK constraints on the added columns exist on PostgreSQL only (SQLite cannot
add a named constraint to an existing table); the services never write other values.

Self-contained on purpose, like every revision: the names are spelled out here.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
MOMENT = sa.DateTime(timezone=True)

POST_STATES = [
    "draft",
    "in_review",
    "approved",
    "scheduled",
    "publishing",
    "published",
    "failed",
    "unconfirmed",
    "held",
    "cancelled",
    "expired",
]
DELIVERY_STATES = [
    "scheduled",
    "publishing",
    "published",
    "failed",
    "unconfirmed",
    "held",
    "cancelled",
]


def _one_of(column: str, values: list[str]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def upgrade() -> None:
    _add_columns()
    if op.get_bind().dialect.name == "postgresql":
        op.create_check_constraint(op.f("ck_drafts_state"), "drafts", _one_of("state", POST_STATES))
        op.create_check_constraint(
            op.f("ck_accounts_status"), "accounts", _one_of("status", ["ok", "broken"])
        )
    op.create_index("ix_workspaces_feed_token", "workspaces", ["feed_token"])
    op.create_index(
        "ix_drafts_workspace_id_state_scheduled_at",
        "drafts",
        ["workspace_id", "state", "scheduled_at"],
    )
    op.create_index(
        "ix_drafts_workspace_id_scheduled_at", "drafts", ["workspace_id", "scheduled_at"]
    )
    _create_deliveries()
    _create_approvals_and_comments()
    _create_pauses_slots_and_notifications()


def _add_columns() -> None:
    columns: dict[str, list[sa.Column[Any]]] = {
        "workspaces": [
            sa.Column(
                "approval_policy", sa.String(16), nullable=False, server_default="contributors"
            ),
            sa.Column("approvals_required", sa.Integer(), nullable=False, server_default="1"),
            sa.Column("feed_token", sa.String(64), nullable=True),
        ],
        "accounts": [
            sa.Column("credentials", sa.Text(), nullable=True),
            sa.Column("status", sa.String(16), nullable=False, server_default="ok"),
            sa.Column("status_reason", sa.Text(), nullable=True),
            sa.Column("checked_at", MOMENT, nullable=True),
            sa.Column("profile", JSON, nullable=False, server_default=sa.text("'{}'")),
            sa.Column("last_post_at", MOMENT, nullable=True),
            sa.Column("send_after", MOMENT, nullable=True),
        ],
        "drafts": [
            sa.Column("state", sa.String(16), nullable=False, server_default="draft"),
            sa.Column("scheduled_at", MOMENT, nullable=True),
            sa.Column("submitted_by", ID, nullable=True),
            sa.Column("hold_reason", sa.String(16), nullable=True),
            sa.Column("hold_note", sa.Text(), nullable=True),
            sa.Column("accepted", JSON, nullable=False, server_default=sa.text("'[]'")),
            sa.Column("override_reason", sa.Text(), nullable=True),
            sa.Column("override_version", sa.Integer(), nullable=True),
        ],
    }
    for table, added in columns.items():
        for column in added:
            op.add_column(table, column)


def _create_deliveries() -> None:
    op.create_table(
        "deliveries",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("draft_id", ID, nullable=False),
        sa.Column("account_id", ID, nullable=False),
        sa.Column("network", sa.String(32), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("reply_to", sa.Text(), nullable=True),
        sa.Column("alt_texts", JSON, nullable=False),
        sa.Column("due_at", MOMENT, nullable=False),
        sa.Column("next_attempt_at", MOMENT, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("must_check", sa.Boolean(), nullable=False),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.Column("lease_until", MOMENT, nullable=True),
        sa.Column("remote_id", sa.Text(), nullable=True),
        sa.Column("remote_url", sa.Text(), nullable=True),
        sa.Column("published_at", MOMENT, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.CheckConstraint(_one_of("state", DELIVERY_STATES), name="ck_deliveries_state"),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name="fk_deliveries_workspace_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["drafts.id"], name="fk_deliveries_draft_id_drafts", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name="fk_deliveries_account_id_accounts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_deliveries"),
        sa.UniqueConstraint("key", name="uq_deliveries_key"),
        sa.UniqueConstraint("draft_id", "account_id", name="uq_deliveries_draft_id_account_id"),
    )
    op.create_index(
        "ix_deliveries_state_next_attempt_at", "deliveries", ["state", "next_attempt_at"]
    )
    op.create_index(
        "ix_deliveries_workspace_id_draft_id", "deliveries", ["workspace_id", "draft_id"]
    )
    op.create_index("ix_deliveries_account_id_state", "deliveries", ["account_id", "state"])


def _create_approvals_and_comments() -> None:
    op.create_table(
        "approvals",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("draft_id", ID, nullable=False),
        sa.Column("draft_version", sa.Integer(), nullable=False),
        sa.Column("user_id", ID, nullable=True),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("at", MOMENT, nullable=False),
        sa.CheckConstraint("decision IN ('approved', 'rejected')", name="ck_approvals_decision"),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name="fk_approvals_workspace_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["drafts.id"], name="fk_approvals_draft_id_drafts", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_approvals_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_approvals"),
    )
    op.create_index("ix_approvals_workspace_id_draft_id", "approvals", ["workspace_id", "draft_id"])
    op.create_table(
        "comments",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("draft_id", ID, nullable=False),
        sa.Column("author_id", ID, nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("mentions", JSON, nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name="fk_comments_workspace_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["drafts.id"], name="fk_comments_draft_id_drafts", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name="fk_comments_author_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_comments"),
    )
    op.create_index(
        "ix_comments_workspace_id_draft_id_id", "comments", ["workspace_id", "draft_id", "id"]
    )


def _create_pauses_slots_and_notifications() -> None:
    op.create_table(
        "pauses",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("workspace_id", ID, nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("paused_by", ID, nullable=True),
        sa.Column("paused_at", MOMENT, nullable=False),
        sa.Column("lifted_at", MOMENT, nullable=True),
        sa.Column("lifted_by", ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name="fk_pauses_workspace_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["paused_by"], ["users.id"], name="fk_pauses_paused_by_users"),
        sa.ForeignKeyConstraint(["lifted_by"], ["users.id"], name="fk_pauses_lifted_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_pauses"),
    )
    op.create_index("ix_pauses_lifted_at_workspace_id", "pauses", ["lifted_at", "workspace_id"])
    op.create_table(
        "queue_slots",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name="ck_queue_slots_weekday"),
        sa.CheckConstraint("minute BETWEEN 0 AND 1439", name="ck_queue_slots_minute"),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name="fk_queue_slots_workspace_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_queue_slots"),
        sa.UniqueConstraint(
            "workspace_id", "weekday", "minute", name="uq_queue_slots_workspace_id_weekday_minute"
        ),
    )
    op.create_table(
        "notifications",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("draft_id", ID, nullable=True),
        sa.Column("details", JSON, nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("read_at", MOMENT, nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name="fk_notifications_workspace_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_notifications_user_id_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["drafts.id"], name="fk_notifications_draft_id_drafts", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_notifications"),
    )
    op.create_index(
        "ix_notifications_user_id_read_at_id", "notifications", ["user_id", "read_at", "id"]
    )


def downgrade() -> None:
    for table in ("notifications", "queue_slots", "pauses", "comments", "approvals", "deliveries"):
        op.drop_table(table)
    op.drop_index("ix_drafts_workspace_id_scheduled_at", "drafts")
    op.drop_index("ix_drafts_workspace_id_state_scheduled_at", "drafts")
    op.drop_index("ix_workspaces_feed_token", "workspaces")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(op.f("ck_accounts_status"), "accounts")
        op.drop_constraint(op.f("ck_drafts_state"), "drafts")
    for table, names in {
        "drafts": "state scheduled_at submitted_by hold_reason hold_note accepted override_reason override_version",
        "accounts": "credentials status status_reason checked_at profile last_post_at send_after",
        "workspaces": "approval_policy approvals_required feed_token",
    }.items():
        for name in names.split():
            op.drop_column(table, name)
