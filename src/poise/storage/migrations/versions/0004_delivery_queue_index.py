"""The delivery queue's index: only deliveries that may be claimed, in claiming order.

Revision ID: 0004
Revises: 0003
Created: 2026-11-22

Workers claim the deliveries that have waited longest (``ORDER BY next_attempt_at, id``) among
those scheduled or unconfirmed. The index of 0003 on ``(state, next_attempt_at)`` could not
give that order for two states at once, so with thousands of posts due together every claim
read and sorted all of them. A partial index on ``(next_attempt_at, id)`` of just the claimable
rows lets the database read the first few in order and stop.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

DUE = "state IN ('scheduled', 'unconfirmed')"


def upgrade() -> None:
    op.drop_index("ix_deliveries_state_next_attempt_at", "deliveries")
    op.create_index(
        "ix_deliveries_due",
        "deliveries",
        ["next_attempt_at", "id"],
        postgresql_where=sa.text(DUE),
        sqlite_where=sa.text(DUE),
    )


def downgrade() -> None:
    op.drop_index("ix_deliveries_due", "deliveries")
    op.create_index(
        "ix_deliveries_state_next_attempt_at", "deliveries", ["state", "next_attempt_at"]
    )
