"""profiles: an index to find a user's followers

Revision ID: 0002_profiles
Revises: 0001_profiles
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002_profiles"
down_revision: str | Sequence[str] | None = "0001_profiles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_follows_followee_id", "follows", ["followee_id"])


def downgrade() -> None:
    op.drop_index("ix_follows_followee_id", table_name="follows")
