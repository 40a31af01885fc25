"""Initial schema: conversations, consents, referrals, handoffs, caseworkers, notes, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# A migration keeps its own copy of the types: later model changes must not rewrite history.
# Encrypted columns are plain TEXT in the database; moments are naive UTC.


def _moment(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(), nullable=nullable)


def _text(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=nullable)


def _choice(name: str, enum_name: str, *values: str, nullable: bool = False) -> sa.Column:
    kind = sa.Enum(*values, name=enum_name, native_enum=False, create_constraint=True)
    return sa.Column(name, kind, nullable=nullable)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _key(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _foreign(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def _index(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "audit_events",
        _id(),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("object_type", sa.String(32), nullable=False),
        sa.Column("object_id", sa.String(64), nullable=True),
        _moment("at"),
        _key("audit_events"),
    )
    _index("audit_events", "at")

    op.create_table(
        "caseworkers",
        _id(),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        _choice("role", "caseworker_role", "caseworker", "supervisor", "admin"),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        _moment("locked_until", nullable=True),
        _moment("created_at"),
        _key("caseworkers"),
        sa.UniqueConstraint("username", name=op.f("uq_caseworkers_username")),
    )

    op.create_table(
        "conversations",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        _choice("mode", "conversation_mode", "bot", "waiting", "human"),
        _moment("created_at"),
        _moment("last_seen"),
        _key("conversations"),
    )
    _index("conversations", "created_at", "last_seen")

    op.create_table(
        "consents",
        _id(),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        _choice("scope", "consent_scope", "referral", "contact"),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("wording_version", sa.String(32), nullable=False),
        _moment("agreed_at"),
        _foreign("consents", "conversation_id", "conversations", "CASCADE"),
        _key("consents"),
    )
    _index("consents", "conversation_id")

    op.create_table(
        "handoffs",
        _id(),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        _choice("status", "handoff_status", "waiting", "active", "closed"),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        _text("summary", nullable=True),
        sa.Column("caseworker_id", sa.Integer(), nullable=True),
        _moment("created_at"),
        _moment("claimed_at", nullable=True),
        _moment("closed_at", nullable=True),
        _foreign("handoffs", "caseworker_id", "caseworkers", "SET NULL"),
        _foreign("handoffs", "conversation_id", "conversations", "CASCADE"),
        _key("handoffs"),
    )
    _index("handoffs", "conversation_id", "status")

    op.create_table(
        "referrals",
        _id(),
        sa.Column("conversation_id", sa.String(64), nullable=True),
        sa.Column("idempotency_hash", sa.String(64), nullable=False),
        sa.Column("reference_hash", sa.String(64), nullable=False),
        _choice(
            "exploited_in", "exploited_in", "finland", "abroad", "both", "unsure", nullable=True
        ),
        _choice(
            "exploitation",
            "exploitation",
            "forced_labour",
            "sexual",
            "forced_marriage",
            "forced_crime",
            "begging",
            "other",
            "unsure",
            nullable=True,
        ),
        _choice(
            "sector",
            "sector",
            "restaurant",
            "cleaning",
            "berry_picking",
            "farming",
            "construction",
            "beauty",
            "domestic",
            "other",
            nullable=True,
        ),
        sa.Column("indicators", sa.JSON(), nullable=False),
        _choice("safe_now", "safe_now", "yes", "no", "unsure", nullable=True),
        sa.Column("children", sa.Integer(), nullable=True),
        sa.Column("needs", sa.JSON(), nullable=False),
        _choice(
            "contact_method", "contact_method", "only_chat", "phone", "email", "trusted_person"
        ),
        _text("contact_detail", nullable=True),
        _choice(
            "heard_from",
            "heard_from",
            "own_initiative",
            "victim_support",
            "immigration",
            "police",
            "other_org",
            "other",
            nullable=True,
        ),
        sa.Column("language", sa.String(16), nullable=False),
        _text("summary"),
        _choice(
            "status",
            "referral_status",
            "new",
            "in_contact",
            "admitted",
            "referred_elsewhere",
            "closed",
        ),
        _moment("created_at"),
        _moment("status_changed_at"),
        sa.CheckConstraint("children >= 0", name=op.f("ck_referrals_children_not_negative")),
        _foreign("referrals", "conversation_id", "conversations", "SET NULL"),
        _key("referrals"),
        sa.UniqueConstraint("idempotency_hash", name=op.f("uq_referrals_idempotency_hash")),
        sa.UniqueConstraint("reference_hash", name=op.f("uq_referrals_reference_hash")),
    )
    _index("referrals", "conversation_id", "created_at", "status_changed_at")

    op.create_table(
        "handoff_messages",
        _id(),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        _choice("sender", "message_sender", "person", "caseworker"),
        _text("text"),
        _moment("created_at"),
        sa.Column("delivered", sa.Boolean(), nullable=False),
        _foreign("handoff_messages", "handoff_id", "handoffs", "CASCADE"),
        _key("handoff_messages"),
    )
    _index("handoff_messages", "created_at", "handoff_id")

    op.create_table(
        "notes",
        _id(),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("handoff_id", sa.Integer(), nullable=True),
        sa.Column("caseworker_id", sa.Integer(), nullable=True),
        _text("text"),
        _moment("created_at"),
        sa.CheckConstraint(
            "referral_id IS NOT NULL OR handoff_id IS NOT NULL",
            name=op.f("ck_notes_note_has_subject"),
        ),
        _foreign("notes", "caseworker_id", "caseworkers", "SET NULL"),
        _foreign("notes", "handoff_id", "handoffs", "CASCADE"),
        _foreign("notes", "referral_id", "referrals", "CASCADE"),
        _key("notes"),
    )
    _index("notes", "handoff_id", "referral_id")

    op.create_table(
        "referral_additions",
        _id(),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        _text("text"),
        _moment("created_at"),
        _foreign("referral_additions", "referral_id", "referrals", "CASCADE"),
        _key("referral_additions"),
    )
    _index("referral_additions", "referral_id")


def downgrade() -> None:
    for table in (
        "referral_additions",
        "notes",
        "handoff_messages",
        "referrals",
        "handoffs",
        "consents",
        "conversations",
        "caseworkers",
        "audit_events",
    ):
        op.drop_table(table)
