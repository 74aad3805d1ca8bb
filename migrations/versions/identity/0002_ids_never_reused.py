"""identity: a deleted user's id is never given to another one (SQLite AUTOINCREMENT).

A token names its user by id: with the id of a deleted account handed to the next one to
register, the old token would sign in as the newcomer.

Revision ID: 0002_identity
Revises: 0001_identity
"""

from collections.abc import Sequence

from migrations.sqlite_ids import never_reuse_ids

revision: str = "0002_identity"
down_revision: str | Sequence[str] | None = "0001_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    never_reuse_ids("users")


def downgrade() -> None:
    never_reuse_ids("users", never=False)
