"""comments: a deleted comment's id is never given to another one (SQLite AUTOINCREMENT).

Clients address comments by id: with the id of a deleted comment handed to the next one, a
retried DELETE .../comments/{id} would delete someone else's comment.

Revision ID: 0002_comments
Revises: 0001_comments
"""

from collections.abc import Sequence

from migrations.sqlite_ids import never_reuse_ids

revision: str = "0002_comments"
down_revision: str | Sequence[str] | None = "0001_comments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    never_reuse_ids("comments")


def downgrade() -> None:
    never_reuse_ids("comments", never=False)
