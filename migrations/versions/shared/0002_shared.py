"""shared: a partial index of the pending publications, in id order, for the claim.

With statistics (ANALYZE), SQLite judged `status = 'pending'` matched every row of the
registry and claimed by scanning the whole table in id order, completed publications and
all: 6.6-7.7 ms at 27,612 of them, 51.8 ms at 500,000, growing until a purge
(bench/RESULTS.md).

Revision ID: 0002_shared
Revises: 0001_shared
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_shared"
down_revision: str | Sequence[str] | None = "0001_shared"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING_ONLY = "status = 'pending'"


def upgrade() -> None:
    op.create_index(
        "ix_event_publications_pending_id",
        "event_publications",
        ["id"],
        sqlite_where=sa.text(PENDING_ONLY),
        postgresql_where=sa.text(PENDING_ONLY),
    )


def downgrade() -> None:
    op.drop_index("ix_event_publications_pending_id", table_name="event_publications")
