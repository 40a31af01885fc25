"""Conversation reference codes: a person who left a message can come back to read the reply.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as table:
        table.add_column(sa.Column("reference_hash", sa.String(64), nullable=True))
        table.create_unique_constraint(op.f("uq_conversations_reference_hash"), ["reference_hash"])


def downgrade() -> None:
    with op.batch_alter_table("conversations") as table:
        table.drop_constraint(op.f("uq_conversations_reference_hash"), type_="unique")
        table.drop_column("reference_hash")
