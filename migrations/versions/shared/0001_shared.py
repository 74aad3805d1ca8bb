"""shared: the event publication registry (docs/adr/0017).

Revision ID: 0001_shared
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0001_shared"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("shared",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_publications",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("event_type", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("event_version", sa.Integer(), nullable=False),
        sa.Column("subscriber", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("ordering_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("completed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_publications")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_event_publications_status_next_attempt_at",
        "event_publications",
        ["status", "next_attempt_at"],
    )
    op.create_index(
        "ix_event_publications_subscriber_ordering_key_status_id",
        "event_publications",
        ["subscriber", "ordering_key", "status", "id"],
    )


def downgrade() -> None:
    op.drop_table("event_publications")
