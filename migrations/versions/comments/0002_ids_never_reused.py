"""comments: a deleted comment's id is never given to another one (SQLite AUTOINCREMENT).

Without it SQLite hands out max(id) + 1, so deleting the newest comment frees its id for the
next one, and a client retrying DELETE .../comments/{id} would delete someone else's comment.
PostgreSQL's sequence never goes back, so only SQLite's table is rebuilt.

Revision ID: 0002_comments
Revises: 0001_comments
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002_comments"
down_revision: str | Sequence[str] | None = "0001_comments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rebuild(*, autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # Rebuilt from the reflected table: columns, the deferred foreign key and the index stay.
    with op.batch_alter_table(
        "comments", recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
    ):
        pass


def upgrade() -> None:
    _rebuild(autoincrement=True)


def downgrade() -> None:
    _rebuild(autoincrement=False)
