"""The initial schema: people, workspaces, access, audit, accounts, drafts, voice, world events.

Revision ID: 0001
Revises:
Created: 2026-11-22

Self-contained on purpose: it spells out its own column types rather than importing the models,
which keep changing after this revision is frozen.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
MOMENT = sa.DateTime(timezone=True)

# The audit trail is append-only: the database itself refuses to change or delete a row, so
# neither a bug nor someone with a SQL prompt and the application's credentials can rewrite it.
_REFUSAL = "audit_events is append-only: rows cannot be updated or deleted"
_POSTGRESQL_TRIGGER = f"""
CREATE FUNCTION poise_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{_REFUSAL}' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION poise_audit_append_only();
"""
_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER audit_events_no_{verb} BEFORE {verb.upper()} ON audit_events
    BEGIN SELECT RAISE(ABORT, '{_REFUSAL}'); END"""
    for verb in ("update", "delete")
]


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("at", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index(op.f("ix_login_attempts_key_at"), "login_attempts", ["key", "at"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("ui_language", sa.String(length=8), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_users_email_lower_case")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "workspaces",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("audience_countries", JSON, nullable=False),
        sa.Column("audience_languages", JSON, nullable=False),
        sa.Column("banned_words", JSON, nullable=False),
        sa.Column("glossary", JSON, nullable=False),
        sa.Column("disclosure_required", sa.Boolean(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workspaces")),
        sa.UniqueConstraint("slug", name=op.f("uq_workspaces_slug")),
    )
    op.create_table(
        "accounts",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("network", sa.String(length=32), nullable=False),
        sa.Column("handle", sa.String(length=200), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_accounts_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint(
            "workspace_id",
            "network",
            "handle",
            name=op.f("uq_accounts_workspace_id_network_handle"),
        ),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", ID, nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("last_used_at", MOMENT, nullable=True),
        sa.Column("revoked_at", MOMENT, nullable=True),
        sa.CheckConstraint(
            "role IN ('owner', 'admin', 'editor', 'contributor', 'approver', 'viewer')",
            name=op.f("ck_api_tokens_role"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_api_tokens_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_api_tokens_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index(
        op.f("ix_api_tokens_workspace_id"), "api_tokens", ["workspace_id"], unique=False
    )

    op.create_table(
        "drafts",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("author_id", ID, nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("review_language", sa.String(length=8), nullable=False),
        sa.Column("variants", JSON, nullable=False),
        sa.Column("media", JSON, nullable=False),
        sa.Column("reply_to", sa.Text(), nullable=True),
        sa.Column("verdict", sa.String(length=8), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("findings", JSON, nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.CheckConstraint(
            "verdict IN ('pass', 'review', 'block')", name=op.f("ck_drafts_verdict")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_drafts_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_drafts_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
    )
    op.create_index(
        op.f("ix_drafts_workspace_id_author_id_updated_at_id"),
        "drafts",
        ["workspace_id", "author_id", "updated_at", "id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_drafts_workspace_id_updated_at_id"),
        "drafts",
        ["workspace_id", "updated_at", "id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_drafts_workspace_id_verdict_updated_at_id"),
        "drafts",
        ["workspace_id", "verdict", "updated_at", "id"],
        unique=False,
    )

    op.create_table(
        "invitations",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_by", ID, nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("expires_at", MOMENT, nullable=False),
        sa.Column("accepted_at", MOMENT, nullable=True),
        sa.Column("accepted_by", ID, nullable=True),
        sa.Column("revoked_at", MOMENT, nullable=True),
        sa.CheckConstraint(
            "role IN ('owner', 'admin', 'editor', 'contributor', 'approver', 'viewer')",
            name=op.f("ck_invitations_role"),
        ),
        sa.ForeignKeyConstraint(
            ["accepted_by"], ["users.id"], name=op.f("fk_invitations_accepted_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["invited_by"], ["users.id"], name=op.f("fk_invitations_invited_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_invitations_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitations_token_hash")),
    )
    op.create_index(
        op.f("ix_invitations_workspace_id_created_at"),
        "invitations",
        ["workspace_id", "created_at"],
        unique=False,
    )

    op.create_table(
        "memberships",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.CheckConstraint(
            "role IN ('owner', 'admin', 'editor', 'contributor', 'approver', 'viewer')",
            name=op.f("ck_memberships_role"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_memberships_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_memberships_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
        sa.UniqueConstraint(
            "user_id", "workspace_id", name=op.f("uq_memberships_user_id_workspace_id")
        ),
    )
    op.create_index(
        op.f("ix_memberships_workspace_id"), "memberships", ["workspace_id"], unique=False
    )

    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("last_seen_at", MOMENT, nullable=False),
        sa.Column("expires_at", MOMENT, nullable=False),
        sa.Column("csrf_secret", sa.String(length=64), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("user_agent", sa.String(length=512), nullable=True),
        sa.Column("active_workspace_id", ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["active_workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_web_sessions_active_workspace_id_workspaces"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_web_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
    )
    op.create_index(
        op.f("ix_web_sessions_expires_at"), "web_sessions", ["expires_at"], unique=False
    )
    op.create_index(op.f("ix_web_sessions_user_id"), "web_sessions", ["user_id"], unique=False)

    op.create_table(
        "world_events",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("regions", JSON, nullable=False),
        sa.Column("starts_at", MOMENT, nullable=False),
        sa.Column("ends_at", MOMENT, nullable=True),
        sa.Column("keywords", JSON, nullable=False),
        sa.Column("involves_brand", sa.Boolean(), nullable=False),
        sa.Column("declared_by", ID, nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("ended_at", MOMENT, nullable=True),
        sa.Column("ended_by", ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["declared_by"], ["users.id"], name=op.f("fk_world_events_declared_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["ended_by"], ["users.id"], name=op.f("fk_world_events_ended_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_world_events_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_world_events")),
    )
    op.create_index(
        op.f("ix_world_events_workspace_id_ended_at_starts_at"),
        "world_events",
        ["workspace_id", "ended_at", "starts_at"],
        unique=False,
    )

    op.create_table(
        "audit_events",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("workspace_id", ID, nullable=True),
        sa.Column("actor_user_id", ID, nullable=True),
        sa.Column("actor_token_id", ID, nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("subject_type", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=True),
        sa.Column("details", JSON, nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_token_id"],
            ["api_tokens.id"],
            name=op.f("fk_audit_events_actor_token_id_api_tokens"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_user_id"], ["users.id"], name=op.f("fk_audit_events_actor_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_audit_events_workspace_id_workspaces"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(
        op.f("ix_audit_events_workspace_id_id"),
        "audit_events",
        ["workspace_id", "id"],
        unique=False,
    )

    op.create_table(
        "draft_accounts",
        sa.Column("draft_id", ID, nullable=False),
        sa.Column("account_id", ID, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_draft_accounts_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["drafts.id"],
            name=op.f("fk_draft_accounts_draft_id_drafts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_draft_accounts_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("draft_id", "account_id", name=op.f("pk_draft_accounts")),
    )
    op.create_index(
        op.f("ix_draft_accounts_workspace_id_account_id"),
        "draft_accounts",
        ["workspace_id", "account_id"],
        unique=False,
    )

    op.create_table(
        "voice_posts",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("workspace_id", ID, nullable=False),
        sa.Column("account_id", ID, nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("imported_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_voice_posts_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_voice_posts_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voice_posts")),
    )
    op.create_index(
        op.f("ix_voice_posts_workspace_id_account_id"),
        "voice_posts",
        ["workspace_id", "account_id"],
        unique=False,
    )
    _make_audit_append_only()


def downgrade() -> None:
    _allow_audit_changes()
    op.drop_index(op.f("ix_voice_posts_workspace_id_account_id"), table_name="voice_posts")

    op.drop_table("voice_posts")
    op.drop_index(op.f("ix_draft_accounts_workspace_id_account_id"), table_name="draft_accounts")

    op.drop_table("draft_accounts")
    op.drop_index(op.f("ix_audit_events_workspace_id_id"), table_name="audit_events")

    op.drop_table("audit_events")
    op.drop_index(
        op.f("ix_world_events_workspace_id_ended_at_starts_at"), table_name="world_events"
    )

    op.drop_table("world_events")
    op.drop_index(op.f("ix_web_sessions_user_id"), table_name="web_sessions")
    op.drop_index(op.f("ix_web_sessions_expires_at"), table_name="web_sessions")

    op.drop_table("web_sessions")
    op.drop_index(op.f("ix_memberships_workspace_id"), table_name="memberships")

    op.drop_table("memberships")
    op.drop_index(op.f("ix_invitations_workspace_id_created_at"), table_name="invitations")

    op.drop_table("invitations")
    op.drop_index(op.f("ix_drafts_workspace_id_verdict_updated_at_id"), table_name="drafts")
    op.drop_index(op.f("ix_drafts_workspace_id_updated_at_id"), table_name="drafts")
    op.drop_index(op.f("ix_drafts_workspace_id_author_id_updated_at_id"), table_name="drafts")

    op.drop_table("drafts")
    op.drop_index(op.f("ix_api_tokens_workspace_id"), table_name="api_tokens")

    op.drop_table("api_tokens")
    op.drop_table("accounts")
    op.drop_table("workspaces")
    op.drop_table("users")
    op.drop_index(op.f("ix_login_attempts_key_at"), table_name="login_attempts")

    op.drop_table("login_attempts")


def _make_audit_append_only() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_POSTGRESQL_TRIGGER)
    else:
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)


def _allow_audit_changes() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION poise_audit_append_only()")
    else:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER audit_events_no_{verb}")
