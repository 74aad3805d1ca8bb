"""notifications: the notifications table

Revision ID: 0001_notifications
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0001_notifications"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("notifications",)
# No foreign keys: notifications outlive the accounts and articles they mention.
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.BigInteger(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("article_title", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("read", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint(
            "publication_id",
            "recipient_id",
            name=op.f("uq_notifications_publication_id_recipient_id"),
        ),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_notifications_recipient_id_id", "notifications", ["recipient_id", "id"])
    op.create_index("ix_notifications_recipient_id_read", "notifications", ["recipient_id", "read"])


def downgrade() -> None:
    op.drop_table("notifications")
